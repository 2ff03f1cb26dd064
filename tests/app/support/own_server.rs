//! A PostgreSQL server of one test's own, for the test that stops the database under load.

use sqlx::postgres::PgConnectOptions;
use throughline::db::embedded;

use super::demo_database;

/// A PostgreSQL cluster fresh from initdb, started in a new folder named from `prefix`; the
/// folder is answered beside it, to be dropped after the cluster has stopped.
pub async fn fresh_cluster(prefix: &str) -> (embedded::Cluster, tempfile::TempDir) {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("no temp dir");
    let path = dir.path().to_path_buf();
    let cluster = tokio::task::spawn_blocking(move || {
        let mut cluster = embedded::Cluster::prepare(&path)?;
        cluster.start()?;
        anyhow::Ok(cluster)
    })
    .await
    .unwrap()
    .expect("could not start a PostgreSQL of the test's own");
    (cluster, dir)
}

/// A PostgreSQL server of one test's own, with a migrated, demo-seeded database, that the test
/// may stop and start again (the outage proof); the server shared by the other tests is never
/// stopped. Dropping it stops the server and removes its folder.
pub struct OwnServer {
    cluster: Option<embedded::Cluster>,
    /// The owner of the demo database.
    pub owner: PgConnectOptions,
    // Declared after the cluster, so the server stops before its folder goes.
    _dir: tempfile::TempDir,
}

impl OwnServer {
    pub async fn start() -> Self {
        let (cluster, dir) = fresh_cluster("throughline-own-pg-").await;
        let owner = demo_database(&cluster.connect_options("postgres"), "throughline").await;
        Self {
            cluster: Some(cluster),
            owner,
            _dir: dir,
        }
    }

    /// Stops PostgreSQL (fast: open sessions are ended), as a crash or a restart would.
    pub async fn stop(&mut self) {
        self.run(embedded::Cluster::stop).await;
    }

    /// Starts PostgreSQL again and waits until it accepts connections.
    pub async fn start_again(&mut self) {
        self.run(embedded::Cluster::start).await;
    }

    async fn run(&mut self, step: fn(&mut embedded::Cluster) -> anyhow::Result<()>) {
        let mut cluster = self.cluster.take().expect("the cluster is here");
        let cluster = tokio::task::spawn_blocking(move || {
            step(&mut cluster).expect("pg_ctl failed");
            cluster
        })
        .await
        .unwrap();
        self.cluster = Some(cluster);
    }
}
