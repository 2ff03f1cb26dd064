use super::*;

#[test]
fn a_missing_postgresql_says_what_to_install_or_set() {
    let error = find_bindir_in("/nonexistent/pg_config", Path::new("/nonexistent")).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("apt-get install postgresql"), "{message}");
    assert!(message.contains("DATABASE_URL"), "{message}");
}

#[test]
fn the_newest_installed_version_is_chosen() {
    let root = tempfile::tempdir().unwrap();
    for version in ["9", "15", "13"] {
        let bin = root.path().join(version).join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        for program in ["initdb", "pg_ctl", "postgres"] {
            std::fs::write(bin.join(program), "").unwrap();
        }
    }
    std::fs::create_dir_all(root.path().join("16/bin")).unwrap();
    let found = find_bindir_in("/nonexistent/pg_config", root.path()).unwrap();
    assert_eq!(
        found,
        root.path().join("15/bin"),
        "16 has no server programs"
    );
}

#[test]
fn a_folder_closed_to_postgres_is_explained() {
    let root = tempfile::tempdir().unwrap();
    let closed = root.path().join("closed");
    std::fs::create_dir_all(closed.join("data")).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o700)).unwrap();
    let account = RunAs {
        name: "someone-else".into(),
        uid: Uid::from_raw(54321),
        gid: Gid::from_raw(54321),
    };
    let message = check_reachable(&closed.join("data"), &account)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("cannot open") && message.contains("DATA_DIR"),
        "{message}"
    );
    assert!(check_reachable(root.path(), &account).is_ok());
}
