//! A cluster that lives exactly as long as the process that started it, for tests and benchmarks.

use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::{Cluster, PORT, describe};

impl Cluster {
    /// Starts a throwaway server (for tests and benchmarks) that lives exactly as long as this
    /// process: a small shell holds it and, when our end of its stdin closes — however this
    /// process ends — stops it and deletes the whole data folder.
    pub fn start_throwaway(&self) -> Result<()> {
        let data_dir = self
            .pgdata
            .parent()
            .context("the cluster has no data folder")?;
        if let Some(account) = &self.run_as {
            nix::unistd::chown(data_dir, Some(account.uid), Some(account.gid))
                .context("could not give the throwaway data folder to postgres")?;
        }
        let script = r#"
            "$1/postgres" -D "$2" -k "$3" -p "$4" -c fsync=off -c synchronous_commit=off \
                -c full_page_writes=off -c max_connections=300 $6 >"$3/postgres.log" 2>&1 &
            pid=$!
            read -r _ignored
            kill -INT "$pid"
            wait "$pid"
            rm -rf "$5"
        "#;
        let mut shell = Command::new("/bin/sh");
        shell
            .arg("-c")
            .arg(script)
            .arg("throwaway-postgres")
            .arg(&self.bindir)
            .arg(&self.pgdata)
            .arg(&self.socket_dir)
            .arg(PORT.to_string())
            .arg(data_dir)
            .arg(self.statement_statistics())
            .current_dir("/")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .process_group(0);
        if let Some(account) = &self.run_as {
            shell.uid(account.uid.as_raw()).gid(account.gid.as_raw());
        }
        let mut holder = shell
            .spawn()
            .context("could not start the throwaway PostgreSQL")?;
        // Never written to or closed by us: the pipe closes when the process exits.
        std::mem::forget(holder.stdin.take());
        std::mem::forget(holder);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !self.socket_dir.join(format!(".s.PGSQL.{PORT}")).exists() {
            if std::time::Instant::now() > deadline {
                bail!(
                    "the throwaway PostgreSQL did not start; see {}",
                    self.socket_dir.join("postgres.log").display()
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        // pg_isready answers "rejecting connections" at once while the server is still starting
        // (a busy machine), so ask again until the deadline.
        loop {
            let ready = self
                .command("pg_isready")
                .arg("-h")
                .arg(&self.socket_dir)
                .args(["-p", &PORT.to_string(), "-t", "5"])
                .output()
                .context("could not run pg_isready")?;
            if ready.status.success() {
                break;
            }
            if std::time::Instant::now() > deadline {
                bail!(
                    "the throwaway PostgreSQL is not accepting connections:\n{}",
                    describe(&ready)
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Ok(())
    }

    /// Statement counting (pg_stat_statements) when the installation has it, so tests can prove
    /// a page runs a fixed number of statements.
    fn statement_statistics(&self) -> &'static str {
        let library = self
            .bindir
            .parent()
            .map(|p| p.join("lib/pg_stat_statements.so"));
        if library.is_some_and(|l| l.exists()) {
            "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
        } else {
            ""
        }
    }
}
