//! PostgreSQL's own tools, pg_dump and pg_restore: what an operator already trusts to copy a
//! database, run against the owner's connection.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context as _, Result, bail};
use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::{Connection as _, PgConnection};

/// How to reach the database as its owner, for sqlx and for PostgreSQL's programs alike.
#[derive(Clone)]
pub struct Connection {
    pub options: PgConnectOptions,
    /// sqlx keeps the password to itself; the programs get it from the URL, in their environment
    /// (never on a command line other users can read).
    password: Option<String>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.options.get_database())
    }
}

impl Connection {
    /// `url` is the `DATABASE_URL` the options were read from, if any (the embedded cluster has
    /// none: its socket needs no password).
    pub fn new(options: PgConnectOptions, url: Option<&str>) -> Self {
        let password = url.and_then(|u| url::Url::parse(u).ok()).and_then(|u| {
            let p = u.password()?;
            Some(
                percent_encoding::percent_decode_str(p)
                    .decode_utf8_lossy()
                    .into_owned(),
            )
        });
        Self { options, password }
    }

    pub async fn connect(&self) -> Result<PgConnection> {
        PgConnection::connect_with(&self.options)
            .await
            .context("could not connect to PostgreSQL as the database owner")
    }

    pub fn database(&self) -> String {
        self.options
            .get_database()
            .unwrap_or("postgres")
            .to_string()
    }

    /// libpq's variables for the same connection.
    fn env(&self) -> Vec<(&'static str, String)> {
        let o = &self.options;
        let host = o.get_socket().map_or_else(
            || o.get_host().to_string(),
            |socket| socket.display().to_string(),
        );
        let ssl = match o.get_ssl_mode() {
            PgSslMode::Disable => "disable",
            PgSslMode::Allow => "allow",
            PgSslMode::Prefer => "prefer",
            PgSslMode::Require => "require",
            PgSslMode::VerifyCa => "verify-ca",
            PgSslMode::VerifyFull => "verify-full",
        };
        let mut env = vec![
            ("PGHOST", host),
            ("PGPORT", o.get_port().to_string()),
            ("PGUSER", o.get_username().to_string()),
            ("PGDATABASE", self.database()),
            ("PGSSLMODE", ssl.to_string()),
        ];
        if let Some(password) = &self.password {
            env.push(("PGPASSWORD", password.clone()));
        }
        env
    }

    fn command(&self, program: &str) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(program_path(program));
        command
            .envs(self.env())
            .arg("--no-password")
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        command
    }
}

/// The program beside the server programs the embedded cluster uses (the same version), else
/// the one on the PATH.
fn program_path(program: &str) -> PathBuf {
    crate::db::embedded::find_bindir()
        .map(|dir| dir.join(program))
        .ok()
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(program))
}

async fn run(mut command: tokio::process::Command, what: &str) -> Result<Vec<u8>> {
    // Not `output()`: tokio's would send stdout to a pipe even when it is set to the dump file.
    let output = command
        .spawn()
        .with_context(|| format!("could not run {what} (is PostgreSQL's client installed?)"))?
        .wait_with_output()
        .await?;
    if !output.status.success() {
        bail!(
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// Dumps the database as it was at `snapshot` (exported by a transaction still open) into `into`,
/// in pg_dump's custom format (compressed, and what pg_restore reads).
pub async fn dump(db: &Connection, snapshot: &str, into: std::fs::File) -> Result<()> {
    let mut command = db.command("pg_dump");
    command
        .args(["--format=custom", "--snapshot", snapshot])
        .stdout(Stdio::from(into));
    run(command, "pg_dump").await?;
    Ok(())
}

/// Restores `dump` into the (empty) database in one transaction: an error leaves it empty.
/// Objects come to belong to the restoring role. The default privileges are left out, because
/// they name the dumped database's owner, who may not exist here; [`crate::backup`] sets them
/// again for this owner.
pub async fn restore(db: &Connection, dump: &Path, work: &Path) -> Result<()> {
    let mut list = db.command("pg_restore");
    list.arg("--list").arg(dump).stdout(Stdio::piped());
    let toc = String::from_utf8(run(list, "pg_restore --list").await?)
        .context("pg_restore listed something that is not text")?;
    let kept: String = toc
        .lines()
        .filter(|line| !line.contains(" DEFAULT ACL "))
        .map(|line| format!("{line}\n"))
        .collect();
    let list_file = work.join("restore.list");
    std::fs::write(&list_file, kept).context("could not write pg_restore's list")?;
    let mut command = db.command("pg_restore");
    command
        .args(["--single-transaction", "--exit-on-error", "--no-owner"])
        .arg("--use-list")
        .arg(&list_file)
        .arg("--dbname")
        .arg(db.database())
        .arg(dump)
        .stdout(Stdio::null());
    run(command, "pg_restore").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn the_password_goes_to_the_environment_decoded_and_the_socket_is_the_host() {
        let url = "postgres://owner:p%40s+s@db.internal:6543/throughline?sslmode=require";
        let db = Connection::new(PgConnectOptions::from_str(url).unwrap(), Some(url));
        let env = db.env();
        let get = |key: &str| env.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
        assert_eq!(get("PGPASSWORD").as_deref(), Some("p@s+s"));
        assert_eq!(get("PGHOST").as_deref(), Some("db.internal"));
        assert_eq!(get("PGPORT").as_deref(), Some("6543"));
        assert_eq!(get("PGSSLMODE").as_deref(), Some("require"));
        assert_eq!(get("PGDATABASE").as_deref(), Some("throughline"));

        let socket = PgConnectOptions::new()
            .socket("/var/lib/throughline/run")
            .username("postgres")
            .database("throughline");
        let env = Connection::new(socket, None).env();
        assert!(env.contains(&("PGHOST", "/var/lib/throughline/run".to_string())));
        assert!(!env.iter().any(|(k, _)| *k == "PGPASSWORD"));
    }
}
