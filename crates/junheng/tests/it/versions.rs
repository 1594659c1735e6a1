//! `roster import` and `import` compare a file with the current version: removals past the
//! threshold (or a whole school) need `--confirm-removals`; `--only-listed` updates the file's
//! schools only.

use crate::rotation::District;
use crate::{demo_file, p, stderr, stdout};

#[test]
fn a_three_row_roster_needs_confirm_removals_or_only_listed() {
    let d = District::new(30);
    d.import_roster();
    let file = d.write_roster("three.csv", &d.roster[..3]);
    let o = d.run(&["roster", "import", p(&file)]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--confirm-removals"), "{}", stderr(&o));
    let o = d.run(&[
        "roster",
        "import",
        p(&file),
        "--only-listed",
        "--confirm-removals",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("第 2 版"), "{}", stdout(&o));
    assert!(stdout(&o).contains("比第 1 版新增 0 名"), "{}", stdout(&o));
    let o = d.run(&["roster", "import", p(&file), "--confirm-removals"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("（") && stdout(&o).contains("→ 3）"),
        "{}",
        stdout(&o)
    );
    let o = d.run(&["roster", "import", p(&file), "--removal-threshold", "120"]);
    assert_eq!(o.status.code(), Some(2), "a percentage over 100 is refused");
}

#[test]
fn statistics_of_some_schools_need_only_listed_or_confirm_removals() {
    let d = District::new(30);
    let dir = tempfile::tempdir().unwrap();
    let few = demo_file(dir.path(), "few.csv", 5, 3);
    let o = d.run(&["import", p(&few)]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("--only-listed"), "{}", stderr(&o));
    let o = d.run(&["import", p(&few), "--only-listed"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("30 所学校，第 2 版"), "{}", stdout(&o));
}
