//! The PostgreSQL server Throughline starts for itself when no `DATABASE_URL` is given.
//!
//! It uses the PostgreSQL programs already installed on the machine, keeps its cluster under
//! `<data-dir>/postgres`, and listens only on a Unix socket in `<data-dir>/run`, so it takes no TCP
//! port and nothing outside the machine can reach it. PostgreSQL refuses to run as root, so when
//! Throughline runs as root the cluster belongs to the `postgres` OS user.

use std::ffi::OsStr;
use std::fs::{File, TryLockError};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, anyhow, bail};
use nix::unistd::{Gid, Uid, User};
use sqlx::postgres::PgConnectOptions;

mod throwaway;

/// The superuser that `initdb` creates inside the cluster.
pub const SUPERUSER: &str = "postgres";
/// The port only names the socket file; no TCP listener is opened.
const PORT: u16 = 5432;

/// An OS account to run PostgreSQL's programs as.
#[derive(Debug, Clone)]
struct RunAs {
    name: String,
    uid: Uid,
    gid: Gid,
}

/// A cluster on local disk, started or not.
#[derive(Debug)]
pub struct Cluster {
    bindir: PathBuf,
    pgdata: PathBuf,
    socket_dir: PathBuf,
    run_as: Option<RunAs>,
    started_here: bool,
    /// Held while this process uses the cluster: the kernel lets go of it however the process
    /// ends, so a server found running while we hold it was left by a run that was killed.
    in_use: Option<File>,
}

impl Cluster {
    /// Finds the PostgreSQL programs, checks the folder can be used, and creates the cluster on
    /// first use. Nothing is started yet.
    pub fn prepare(data_dir: &Path) -> Result<Self> {
        let bindir = find_bindir()?;
        let run_as = if Uid::effective().is_root() {
            Some(postgres_account()?)
        } else {
            None
        };
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("could not create the data folder {}", data_dir.display()))?;
        let data_dir = data_dir
            .canonicalize()
            .with_context(|| format!("could not resolve the data folder {}", data_dir.display()))?;
        if let Some(account) = &run_as {
            check_reachable(&data_dir, account)?;
        }
        let cluster = Self {
            bindir,
            pgdata: data_dir.join("postgres"),
            socket_dir: data_dir.join("run"),
            run_as,
            started_here: false,
            in_use: claim(&data_dir.join("throughline.lock"))?,
        };
        cluster.check_socket_path()?;
        cluster.own_dir(&cluster.socket_dir)?;
        if !cluster.pgdata.join("PG_VERSION").exists() {
            cluster.initdb()?;
        }
        Ok(cluster)
    }

    /// Starts the server unless it is already running (left over from an earlier run that was
    /// killed, say), and waits until it accepts connections.
    pub fn start(&mut self) -> Result<()> {
        if self.is_running() {
            if self.in_use.is_some() {
                // No other Throughline holds the folder: the server is an orphan of a run that
                // was killed (SIGKILL, out of memory). Adopt it, so it stops when we do.
                self.started_here = true;
                tracing::warn!(pgdata = %self.pgdata.display(), "PostgreSQL was left running by an earlier run that did not stop cleanly; adopting it");
            } else {
                tracing::info!(pgdata = %self.pgdata.display(), "PostgreSQL is already running for another Throughline; reusing it");
            }
            return Ok(());
        }
        let log = self.socket_dir.join("postgres.log");
        let options = format!("-k '{}' -p {PORT}", self.socket_dir.display());
        let output = self
            .command("pg_ctl")
            .arg("start")
            .arg("-D")
            .arg(&self.pgdata)
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60", "-o", &options])
            // Its own process group: Ctrl-C in the terminal reaches only Throughline, which then
            // stops the web server first and PostgreSQL last.
            .process_group(0)
            .output()
            .context("could not run pg_ctl")?;
        if !output.status.success() {
            bail!(
                "PostgreSQL did not start.\n{}\nIts log is in {}.",
                describe(&output),
                log.display()
            );
        }
        self.started_here = true;
        tracing::info!(pgdata = %self.pgdata.display(), "PostgreSQL started");
        Ok(())
    }

    /// Stops the server if this process started it; a server someone else started keeps running.
    pub fn stop(&mut self) -> Result<()> {
        if !self.started_here {
            return Ok(());
        }
        let output = self
            .command("pg_ctl")
            .arg("stop")
            .arg("-D")
            .arg(&self.pgdata)
            .args(["-m", "fast", "-w", "-t", "60"])
            .output()
            .context("could not run pg_ctl")?;
        if !output.status.success() {
            bail!("PostgreSQL did not stop cleanly.\n{}", describe(&output));
        }
        self.started_here = false;
        tracing::info!("PostgreSQL stopped");
        Ok(())
    }

    pub fn is_running(&self) -> bool {
        self.command("pg_ctl")
            .arg("status")
            .arg("-D")
            .arg(&self.pgdata)
            .output()
            .is_ok_and(|o| o.status.success())
    }

    /// How to reach a database of this cluster as its superuser.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(&self.socket_dir)
            .port(PORT)
            .username(SUPERUSER)
            .database(database)
    }

    fn initdb(&self) -> Result<()> {
        self.own_dir(&self.pgdata)?;
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(&self.pgdata)
            .args([
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            ])
            .output()
            .context("could not run initdb")?;
        if !output.status.success() {
            // A half-made cluster would be mistaken for a finished one on the next start.
            let _ = std::fs::remove_dir_all(&self.pgdata);
            bail!(
                "initdb could not create the database cluster.\n{}",
                describe(&output)
            );
        }
        // Trust is safe only because the socket folder is private and TCP is off.
        let conf = self.pgdata.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).context("could not read postgresql.conf")?;
        text.push_str("\n# Throughline: local socket only\nlisten_addresses = ''\n");
        std::fs::write(&conf, text).context("could not write postgresql.conf")?;
        tracing::info!(pgdata = %self.pgdata.display(), "created a new PostgreSQL cluster");
        Ok(())
    }

    /// Creates `dir` private to the account PostgreSQL runs as.
    fn own_dir(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create {}", dir.display()))?;
        if let Some(account) = &self.run_as {
            nix::unistd::chown(dir, Some(account.uid), Some(account.gid))
                .with_context(|| format!("could not give {} to {}", dir.display(), account.name))?;
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("could not restrict {}", dir.display()))?;
        Ok(())
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bindir.join(program));
        // The caller's folder may be closed to the postgres account (a checkout under /root).
        command.current_dir("/");
        command.env_remove("PGDATA").env("LC_ALL", "C");
        if let Some(account) = &self.run_as {
            command.uid(account.uid.as_raw()).gid(account.gid.as_raw());
        }
        command
    }

    fn check_socket_path(&self) -> Result<()> {
        // Unix socket paths are limited to about 107 bytes, including the file name.
        let socket = self.socket_dir.join(format!(".s.PGSQL.{PORT}"));
        if socket.as_os_str().len() > 100 {
            bail!(
                "The data folder {} is too deep for PostgreSQL's socket (paths over about 100 \
                 characters do not work). Set DATA_DIR (or --data-dir) to a shorter path, such as \
                 /var/lib/throughline, or set DATABASE_URL to use a PostgreSQL server you run.",
                self.socket_dir
                    .parent()
                    .unwrap_or(&self.socket_dir)
                    .display()
            );
        }
        if self.socket_dir.to_string_lossy().contains('\'') {
            bail!("The data folder's path contains a quote; set DATA_DIR to a plain path.");
        }
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Err(error) = self.stop() {
            tracing::error!("{error:#}");
        }
    }
}

/// The data folder's lock, if no other Throughline process holds it (one serving while an
/// operator runs `create-user`, say: that one then leaves the server to its owner).
fn claim(path: &Path) -> Result<Option<File>> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("could not open {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("could not lock {}", path.display()))
        }
    }
}

/// The folder with `initdb`, `pg_ctl` and `postgres`: `pg_config --bindir` first, then the
/// newest `/usr/lib/postgresql/*/bin`.
pub fn find_bindir() -> Result<PathBuf> {
    find_bindir_in("pg_config", Path::new("/usr/lib/postgresql"))
}

fn find_bindir_in(pg_config: &str, versions_dir: &Path) -> Result<PathBuf> {
    let has_server = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|p| dir.join(p).is_file())
    };
    if let Ok(output) = Command::new(pg_config).arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if output.status.success() && has_server(&dir) {
            return Ok(dir);
        }
    }
    let mut candidates: Vec<(u32, PathBuf)> = std::fs::read_dir(versions_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, dir)| dir).ok_or_else(|| {
        anyhow!(
            "Throughline runs its own PostgreSQL when DATABASE_URL is not set, but could not find \
             PostgreSQL's server programs (initdb, pg_ctl, postgres): `pg_config --bindir` did not \
             name them and /usr/lib/postgresql/*/bin has none. Install PostgreSQL 13 or newer \
             (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql@15`), \
             or set DATABASE_URL to a PostgreSQL server you already run."
        )
    })
}

fn postgres_account() -> Result<RunAs> {
    let user = User::from_name("postgres")
        .ok()
        .flatten()
        .ok_or_else(|| {
            anyhow!(
                "Throughline is running as root, and PostgreSQL refuses to run as root, so it runs \
                 its database as the `postgres` OS user, which does not exist on this machine. \
                 Install PostgreSQL from your system's packages (which creates that user), run \
                 Throughline as an ordinary user, or set DATABASE_URL to a PostgreSQL server you run."
            )
        })?;
    Ok(RunAs {
        name: user.name,
        uid: user.uid,
        gid: user.gid,
    })
}

/// The postgres account must be able to walk down to the data folder; a checkout under `/root`
/// (mode 700) is the usual trap, and initdb's own message about it is cryptic.
fn check_reachable(data_dir: &Path, account: &RunAs) -> Result<()> {
    for dir in data_dir.ancestors() {
        let meta = std::fs::metadata(dir)
            .with_context(|| format!("could not inspect {}", dir.display()))?;
        let mode = meta.mode();
        let allowed = if meta.uid() == account.uid.as_raw() {
            mode & 0o100 != 0
        } else if meta.gid() == account.gid.as_raw() {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        };
        if !allowed {
            bail!(
                "The data folder {data} is inside {dir}, which the `{user}` OS user cannot open, \
                 and PostgreSQL runs as that user because Throughline is running as root. Move the \
                 checkout somewhere shared (such as /srv or /opt), point DATA_DIR (or --data-dir) \
                 at a folder outside {dir} (such as /var/lib/throughline), or set DATABASE_URL to \
                 a PostgreSQL server you run.",
                data = data_dir.display(),
                dir = dir.display(),
                user = account.name,
            );
        }
    }
    Ok(())
}

fn describe(output: &Output) -> String {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).trim().to_string();
    [text(&output.stdout), text(&output.stderr)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Creates `database` in the cluster behind `admin` when it does not exist yet.
pub async fn ensure_database(admin: &PgConnectOptions, database: &str) -> Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect_with(admin)
        .await
        .context("could not connect to the embedded PostgreSQL")?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(database)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        let ident = quote_ident(database);
        sqlx::query(&format!("CREATE DATABASE {ident}"))
            .execute(&mut conn)
            .await?;
    }
    conn.close().await?;
    Ok(())
}

/// Double-quotes an SQL identifier (database names cannot be bound as parameters).
pub fn quote_ident(name: impl AsRef<OsStr>) -> String {
    format!(
        "\"{}\"",
        name.as_ref().to_string_lossy().replace('"', "\"\"")
    )
}

#[cfg(test)]
mod tests;
