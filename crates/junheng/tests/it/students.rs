//! `junheng students keygen`: two keys written once, readable by their owner only, never printed.

use crate::{junheng, p, stderr, stdout};

#[test]
fn student_keys_are_generated_once_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let o = junheng(&["students", "keygen", "--dir", p(dir.path())]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("seal.key"), "{}", stdout(&o));
    let seal = std::fs::read_to_string(dir.path().join("seal.key")).unwrap();
    let pseudonym = std::fs::read_to_string(dir.path().join("pseudonym.key")).unwrap();
    assert_eq!((seal.trim().len(), pseudonym.trim().len()), (64, 64));
    assert_ne!(seal, pseudonym);
    // The key never reaches the output.
    assert!(!stdout(&o).contains(seal.trim()) && !stdout(&o).contains(pseudonym.trim()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("seal.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0);
    }
    // A second run overwrites nothing.
    let o = junheng(&["students", "keygen", "--dir", p(dir.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("未覆盖"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("seal.key")).unwrap(),
        seal
    );
}
