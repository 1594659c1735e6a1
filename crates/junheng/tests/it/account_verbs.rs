//! The account verbs of issue 11 from the command line: `user edit` (the scope checked against
//! the district's statistics), `user reset-password` to a one-time password, `user reactivate`,
//! `user unlock`, and `user bulk` (a preview, then the slips with --yes); every write audited
//! under `--actor`; bad input exits 2 and writes nothing.

use std::time::{Duration, SystemTime};

use junheng_store::{AuditFilter, Role, Scope, Store};

use crate::{add_user, db_url, demo_file, junheng, p, stderr, stdout, with_store};

/// A database with a demo district of `schools` schools, and their codes in order.
fn district(dir: &std::path::Path, schools: u32) -> (String, Vec<String>) {
    let db = db_url(dir, "j.db");
    let csv = demo_file(dir, "d.csv", schools, 5);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let codes = with_store(&db, async |s| {
        let d = s.in_district(s.only_district().await.unwrap().id);
        let year = d.years().await.unwrap()[0].year;
        let records = d.statistics(year, None).await.unwrap();
        records.iter().map(|r| r.code.to_string()).collect()
    });
    (db, codes)
}

async fn audited(store: &Store, action: &str) -> Vec<String> {
    let filter = AuditFilter {
        action_prefix: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    let log = store.audit_log(&filter).await.unwrap();
    log.into_iter().map(|e| e.actor).collect()
}

#[test]
fn an_edit_names_only_schools_and_groups_the_district_has() {
    let dir = tempfile::tempdir().unwrap();
    let (db, codes) = district(dir.path(), 10);
    let o = add_user(
        &db,
        &["--name", "xz", "--role", "school", "--school", "5010009999"],
        "长密码-12345",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有学校 5010009999"), "{}", stderr(&o));
    let o = add_user(
        &db,
        &["--name", "xz", "--role", "school", "--school", &codes[0]],
        "长密码-12345",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let edit = |args: &[&str]| {
        let mut all = vec!["user", "edit", "xz", "--actor", "li", "--database", &db];
        all.extend_from_slice(args);
        junheng(&all)
    };
    let o = edit(&["--school", "5010009999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有学校 5010009999"), "{}", stderr(&o));
    let o = edit(&["--role", "group_lead", "--group", "实验小学集团X"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("没有名为「实验小学集团X」的教育集团"),
        "{}",
        stderr(&o)
    );
    let o = edit(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有要修改的内容"), "{}", stderr(&o));
    let o = junheng(&[
        "user",
        "edit",
        "nobody",
        "--display-name",
        "某人",
        "--database",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有用户 nobody"), "{}", stderr(&o));
    let user = with_store(&db, async |s| s.user_by_name("xz").await.unwrap().unwrap());
    assert_eq!(user.user.scope.reference(), codes[0]);
    // A school it has, and a display name: saved and audited.
    let o = edit(&["--school", &codes[1], "--display-name", "二校校长"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已修改用户 xz"), "{}", stdout(&o));
    let (user, log) = with_store(&db, async |s| {
        let user = s.user_by_name("xz").await.unwrap().unwrap().user;
        (user, audited(s, "user.update").await)
    });
    assert_eq!(user.role, Role::School);
    assert_eq!(user.scope.reference(), codes[1]);
    assert_eq!(user.display_name, "二校校长");
    assert_eq!(log, ["li"]);
    // The display name alone keeps role and scope.
    let o = edit(&["--display-name", "校长"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let user = with_store(&db, async |s| {
        s.user_by_name("xz").await.unwrap().unwrap().user
    });
    assert_eq!(user.scope.reference(), codes[1]);
    assert_eq!(user.display_name, "校长");
}

#[test]
fn one_time_passwords_reactivation_and_unlocking() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let o = add_user(
        &db,
        &["--name", "dux", "--role", "supervisor"],
        "长密码-12345",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let before = with_store(&db, async |s| s.user_by_name("dux").await.unwrap().unwrap());
    let o = junheng(&[
        "user",
        "reset-password",
        "dux",
        "--actor",
        "li",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let one_time = out
        .split("一次性密码：")
        .nth(1)
        .expect("the one-time password is printed")
        .trim();
    assert_eq!(one_time.chars().count(), 12, "{out}");
    let after = with_store(&db, async |s| s.user_by_name("dux").await.unwrap().unwrap());
    assert!(after.user.must_change_password);
    assert_ne!(after.password_hash, before.password_hash);
    assert!(!after.password_hash.contains(one_time));

    let o = junheng(&["user", "deactivate", "dux", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&[
        "user",
        "reactivate",
        "dux",
        "--actor",
        "li",
        "--database",
        &db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已启用用户 dux"), "{}", stdout(&o));

    let unlock = || junheng(&["user", "unlock", "dux", "--actor", "li", "--database", &db]);
    let o = unlock();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("当前没有被锁定"), "{}", stderr(&o));
    with_store(&db, async |s| {
        s.lock_user(after.user.id, SystemTime::now() + Duration::from_secs(600))
            .await
            .unwrap();
    });
    let o = unlock();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已解除登录名 dux 的锁定"),
        "{}",
        stdout(&o)
    );
    let (user, unlocks, passwords) = with_store(&db, async |s| {
        (
            s.user_by_name("dux").await.unwrap().unwrap().user,
            audited(s, "user.unlock").await,
            audited(s, "user.password").await,
        )
    });
    assert_eq!(user.locked_until, None);
    assert_eq!(unlocks, ["li"]);
    assert_eq!(passwords, ["li"]);
}

#[test]
fn every_school_gets_an_account_and_a_slip() {
    let dir = tempfile::tempdir().unwrap();
    let (db, codes) = district(dir.path(), 8);
    let o = add_user(
        &db,
        &[
            "--name", "yixiao", "--role", "school", "--school", &codes[0],
        ],
        "长密码-12345",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let site = "https://jy.example.cn";
    let bulk = |args: &[&str]| {
        let mut all = vec![
            "user",
            "bulk",
            "--site",
            site,
            "--actor",
            "li",
            "--database",
            &db,
        ];
        all.extend_from_slice(args);
        junheng(&all)
    };
    let users = || with_store(&db, async |s| s.users(None).await.unwrap());
    // A preview: nothing written.
    let o = bulk(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("将创建 7 个学校账号，跳过 1 所学校"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("未创建任何账号"));
    assert!(
        stderr(&o).contains(&format!("跳过\t{}", codes[0])),
        "{}",
        stderr(&o)
    );
    assert_eq!(users().len(), 1);
    // A list with a code the statistics do not have: refused, nothing written.
    let list = dir.path().join("codes.txt");
    std::fs::write(&list, format!("{}\n5010009999\n", codes[1])).unwrap();
    let o = bulk(&["--codes-file", p(&list), "--yes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("没有这些学校标识码：5010009999"),
        "{}",
        stderr(&o)
    );
    assert_eq!(users().len(), 1);
    // Two schools of a list, as printable slips.
    std::fs::write(&list, format!("{}\n{}\n", codes[1], codes[2])).unwrap();
    let o = bulk(&["--codes-file", p(&list), "--yes", "--format", "text"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let slips = stdout(&o);
    assert_eq!(slips.matches("首次登录须修改密码").count(), 2, "{slips}");
    assert!(slips.contains(&format!("登录名：{}", codes[1])));
    assert!(slips.contains(&format!("网址：{site}")));
    // The rest as CSV; the schools that have an account are skipped.
    let o = bulk(&["--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "学校标识码,学校名称,登录名,一次性密码,网址,提示");
    assert_eq!(lines.len(), 1 + 5, "{csv}");
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 6, "{line}");
        assert_eq!(cells[0], cells[2], "the login name is the school code");
        assert_eq!(cells[3].chars().count(), 12);
        assert_eq!(cells[4], site);
        assert_eq!(cells[5], "首次登录须修改密码");
    }
    assert_eq!(stderr(&o).matches("跳过\t").count(), 3, "{}", stderr(&o));
    let all = users();
    assert_eq!(all.len(), 8);
    let created: Vec<_> = all.iter().filter(|u| u.name != "yixiao").collect();
    assert!(created.iter().all(|u| u.must_change_password
        && u.role == Role::School
        && u.scope == Scope::School(junheng_core::school::SchoolCode::parse(&u.name).unwrap())));
    let creators = with_store(&db, async |s| audited(s, "user.create").await);
    assert_eq!(creators.iter().filter(|a| *a == "li").count(), 7);
}

#[test]
fn the_help_names_the_new_verbs() {
    let o = junheng(&["user", "--help"]);
    for verb in ["edit", "reactivate", "reset-password", "unlock", "bulk"] {
        assert!(stdout(&o).contains(verb), "{verb}: {}", stdout(&o));
    }
}
