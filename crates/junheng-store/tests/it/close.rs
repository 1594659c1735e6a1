//! Ending a command: the checkpoint leaves an SQLite database complete in its own file, so that
//! copying `junheng.db` without its `-wal` file copies every write.

use junheng_store::{Actor, Store};

use crate::helpers::{Home, demo, dux, source};

url_tests!(a_checkpoint_leaves_the_database_file_complete);

async fn a_checkpoint_leaves_the_database_file_complete(url: String) {
    let store = Store::open(&url).await.unwrap();
    store
        .home()
        .await
        .import_statistics(2024, &demo(10, 1, 2024), &source("a.csv"), &dux())
        .await
        .unwrap();
    assert!(
        store.checkpoint().await.unwrap(),
        "nothing else uses the database: the checkpoint finishes"
    );
    let file = url.strip_prefix("sqlite://").map(std::path::PathBuf::from);
    if let Some(file) = &file {
        // Copied while the store is still open, without the -wal file.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy.db");
        std::fs::copy(file, &copy).unwrap();
        let other = Store::open(&format!("sqlite://{}", copy.display()))
            .await
            .unwrap();
        assert_eq!(
            other
                .home()
                .await
                .statistics(2024, None)
                .await
                .unwrap()
                .len(),
            10
        );
        other.checkpoint_and_close().await.unwrap();
    }

    store
        .set_home("500112", "渝北区", &Actor::new("dux"))
        .await
        .unwrap();
    store.checkpoint_and_close().await.unwrap();
    assert!(store.only_district().await.is_err(), "closed");
    if let Some(file) = &file {
        let mut wal = file.clone().into_os_string();
        wal.push("-wal");
        let wal_len = std::fs::metadata(&wal).map_or(0, |m| m.len());
        assert_eq!(wal_len, 0, "the log is empty or gone");
    }
    let again = Store::open(&url).await.unwrap();
    assert_eq!(again.only_district().await.unwrap().name, "渝北区");
    again.checkpoint_and_close().await.unwrap();
}
