//! The `throughline` binary as a person runs it: the embedded PostgreSQL, restarts, Ctrl-C, and
//! the commands' help and errors.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::support::assert_contains;

const BIN: &str = env!("CARGO_BIN_EXE_throughline");

fn throughline(args: &[&str], data: &Path) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    command
}

/// Starts `serve` and returns it with the URL it printed.
fn serve(data: &Path) -> (Child, String) {
    let mut child = throughline(&["serve", "--demo", "--bind", "127.0.0.1:0"], data)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // Warnings (an adopted PostgreSQL, say) may come first.
    let mut line = String::new();
    while stdout.read_line(&mut line).unwrap() > 0 && !line.starts_with("Throughline is running") {
        line.clear();
    }
    assert!(
        line.starts_with("Throughline is running at http://127.0.0.1:"),
        "{line}"
    );
    assert!(
        line.contains("ese.admin@demo.test") && line.contains("throughline-demo"),
        "{line}"
    );
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    (child, url)
}

fn interrupt(mut child: Child) {
    kill(Pid::from_raw(child.id() as i32), Signal::SIGINT).unwrap();
    for _ in 0..600 {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "serve exited with {status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().ok();
    panic!("serve did not stop within a minute of Ctrl-C");
}

fn http() -> reqwest::Client {
    crate::support::http_builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn embedded_postgres_starts_keeps_data_across_restarts_and_stops_on_ctrl_c() {
    let dir = tempfile::Builder::new()
        .prefix("throughline-cli-")
        .tempdir()
        .unwrap();
    let data = dir.path().join("data");

    // The first ESE administrator of an empty database.
    let created = throughline(
        &[
            "create-user",
            "--email",
            "First.Admin@State.Example",
            "--name",
            "First Admin",
            "--role",
            "ese-admin",
        ],
        &data,
    )
    .output()
    .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let printed = String::from_utf8(created.stdout).unwrap();
    let temporary = printed
        .split("Temporary password: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    assert!(
        !data.join("postgres/postmaster.pid").exists(),
        "create-user stopped the server it started"
    );

    let (server, url) = serve(&data);
    let client = http();
    let health = client.get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(
        data.join("run/.s.PGSQL.5432").exists(),
        "PostgreSQL listens on a socket in the data folder"
    );

    let first = http();
    let response = first
        .post(format!("{url}/login"))
        .form(&[
            ("email", "first.admin@state.example"),
            ("password", temporary.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/account/password");

    let response = client
        .post(format!("{url}/login"))
        .form(&[
            ("email", "ese.admin@demo.test"),
            ("password", "throughline-demo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let created = client
        .post(format!("{url}/districts/new"))
        .form(&[
            ("name", "Holyoke"),
            ("slug", ""),
            ("accountability_level", "5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.headers()["location"], "/districts/holyoke");

    interrupt(server);
    assert!(
        !data.join("postgres/postmaster.pid").exists(),
        "Ctrl-C stopped PostgreSQL too"
    );

    let (server, url) = serve(&data);
    let (status, page) = {
        let response = client
            .get(format!("{url}/districts/holyoke"))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert_eq!(
        status, 200,
        "the session and the district survived the restart"
    );
    assert!(page.contains("<h1>Holyoke</h1>"));
    let (_, people) = {
        let response = client.get(format!("{url}/people")).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert_eq!(
        people.matches("@demo.test</td>").count(),
        13,
        "the demo accounts were not added twice"
    );
    assert!(people.contains("first.admin@state.example"));
    interrupt(server);
}

#[test]
fn a_data_folder_postgres_cannot_reach_gets_a_clear_message() {
    if !nix::unistd::Uid::effective().is_root() {
        // Only root hands the cluster to another OS user; as anyone else the folder is ours.
        eprintln!("skipped: runs only as root");
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("throughline-private-")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let output = throughline(&["migrate"], &dir.path().join("data"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert_contains(&message, "which the `postgres` OS user cannot open");
    assert_contains(&message, "DATA_DIR");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn every_command_explains_itself() {
    for command in ["serve", "migrate", "seed-demo", "create-user"] {
        let output = Command::new(BIN)
            .args([command, "--help"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{command} --help");
        let help = String::from_utf8(output.stdout).unwrap();
        assert!(help.contains("--data-dir"), "{command}: {help}");
    }
    let output = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["serve", "migrate", "seed-demo", "create-user"] {
        assert_contains(&help, command);
    }
}

#[test]
fn the_demo_is_refused_on_a_network_address_unless_asked_for_by_name() {
    let dir = tempfile::Builder::new()
        .prefix("throughline-cli-")
        .tempdir()
        .unwrap();
    let output = throughline(
        &["serve", "--demo", "--bind", "0.0.0.0:0"],
        &dir.path().join("data"),
    )
    .output()
    .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert_contains(&message, "published demo");
    assert_contains(&message, "--demo-on-network");
    assert!(
        !dir.path().join("data/postgres").exists(),
        "the refusal came before any database was made"
    );
}

#[tokio::test]
async fn a_killed_app_loses_no_acknowledged_write_and_the_next_run_stops_its_postgres() {
    let dir = tempfile::Builder::new()
        .prefix("throughline-kill-")
        .tempdir()
        .unwrap();
    let data = dir.path().join("data");
    let (mut server, url) = serve(&data);
    let client = http();
    let signed_in = client
        .post(format!("{url}/login"))
        .form(&[
            ("email", "ese.admin@demo.test"),
            ("password", "throughline-demo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);

    // Districts are created one after another until the app dies under them; a 303 to the new
    // district's page is an acknowledged write.
    let writer = {
        let (client, url) = (client.clone(), url.clone());
        tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0.. {
                let slug = format!("killed-{n}");
                let sent = client
                    .post(format!("{url}/districts/new"))
                    .form(&[
                        ("name", format!("Killed {n}")),
                        ("slug", slug.clone()),
                        ("accountability_level", "4".into()),
                    ])
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == 303 => acknowledged.push(slug),
                    _ => break,
                }
            }
            acknowledged
        })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let acknowledged = writer.await.unwrap();
    assert!(
        acknowledged.len() >= 3,
        "writes were under way: {acknowledged:?}"
    );
    assert!(
        data.join("postgres/postmaster.pid").exists(),
        "a killed app cannot stop its PostgreSQL"
    );

    let (server, url) = serve(&data);
    for slug in &acknowledged {
        let page = client
            .get(format!("{url}/districts/{slug}"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{slug} was acknowledged, so it is kept");
    }
    interrupt(server);
    assert!(
        !data.join("postgres/postmaster.pid").exists(),
        "the next run adopted the orphaned PostgreSQL and stopped it on Ctrl-C"
    );
}
