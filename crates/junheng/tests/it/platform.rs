//! The platform commands end to end: import, users, tokens, backup and restore, serve, demo.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use crate::{add_user, copy_alone, db_url, demo_file, junheng, p, stderr, stdout, with_store};

#[test]
fn import_keeps_every_version_and_refuses_bad_files_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 40, 3);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已导入本区县 2024 学年：40 所学校，第 1 版"),
        "{}",
        stdout(&o)
    );
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(stdout(&o).contains("第 2 版"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "学年,学校标识码,学校名称,办学类型\n2024,123,甲,小学\n",
    )
    .unwrap();
    let o = junheng(&["import", p(&bad), "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("10 位"), "{}", stderr(&o));
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(
        stdout(&o).contains("第 3 版"),
        "the bad file stored nothing"
    );
}

#[test]
fn users_tokens_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 30, 5);
    assert!(
        junheng(&["import", p(&csv), "--database", &db])
            .status
            .success()
    );
    let o = add_user(
        &db,
        &["--name", "dux", "--role", "supervisor"],
        "长密码-12345",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = add_user(
        &db,
        &["--name", "dux", "--role", "supervisor"],
        "长密码-12345",
    );
    assert_eq!(o.status.code(), Some(2), "duplicate names are refused");
    let o = add_user(&db, &["--name", "s1", "--role", "school"], "长密码-12345");
    assert_eq!(o.status.code(), Some(2), "a school user needs --school");
    let o = add_user(&db, &["--name", "short", "--role", "admin"], "123");
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&["token", "create", "--user", "dux", "--database", &db]);
    let token = stdout(&o).trim().to_owned();
    assert_eq!(token.len(), 64, "{}", stderr(&o));
    let o = junheng(&["user", "list", "--database", &db]);
    assert!(stdout(&o).contains("dux\t督学"), "{}", stdout(&o));

    let backup = dir.path().join("备份.jsonl");
    let o = junheng(&["backup", "--database", &db, "-o", p(&backup)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let restored = db_url(dir.path(), "r.db");
    let o = junheng(&["restore", p(&backup), "--database", &restored]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["user", "list", "--database", &restored]);
    assert!(stdout(&o).contains("dux\t督学"));
    let o = junheng(&["restore", p(&backup), "--database", &restored]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "restore only into an empty database"
    );
}

/// A serving process, stopped when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a serving command and returns it with its URL (from its first stdout line).
fn start(args: &[&str]) -> (Running, String, Vec<String>) {
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_junheng"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    loop {
        let line = lines.next().expect("the server prints its URL").unwrap();
        seen.push(line.clone());
        if let Some(at) = line.find("http://") {
            let url = line[at..].trim().to_owned();
            if let Some(next) = lines.next() {
                seen.push(next.unwrap());
            }
            // Keep reading so that the server never writes into a closed pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return (child, url, seen);
        }
    }
}

fn get(url: &str, path: &str) -> String {
    let host = url.trim_start_matches("http://");
    let mut s = TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_and_demo_answer_on_their_port() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "s.db");
    let (server, url, _) = start(&["serve", "--database", &db, "--bind", "127.0.0.1:0"]);
    let page = get(&url, "/login");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("登录"));
    drop(server);

    let demo_db = dir.path().join("demo.db");
    let (_server, url, lines) = start(&[
        "demo",
        "--schools",
        "30",
        "--db-file",
        p(&demo_db),
        "--bind",
        "127.0.0.1:0",
    ]);
    assert!(
        lines.iter().any(|l| l.contains("演示账号：admin")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("junheng plan rotation --year 2024")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("质量监测：「") && l.contains("七年级上期期中")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("任课教师账号：renke（")),
        "{lines:?}"
    );
    let public = get(&url, "/public");
    assert!(public.contains("2024–2025 学年资源配置"), "{public}");
    // While it is served, the demo database file alone holds the whole demo district.
    let copy = copy_alone(dir.path(), "demo.db");
    let (years, groups, states) = with_store(&copy, async |s| {
        let d = s.only_district().await.unwrap();
        let here = s.in_district(d.id);
        let groups = here.groups().await.unwrap();
        let states: Vec<String> = here
            .submissions(None)
            .await
            .unwrap()
            .into_iter()
            .rev()
            .map(|s| s.status)
            .collect();
        let exams = here.exams().await.unwrap();
        assert!(exams.len() >= 4, "the cohort's exams");
        assert!(
            exams
                .iter()
                .any(|e| e.kind == junheng_store::ExamKind::Monitoring),
            "the monitoring, whose report shows 素养水平"
        );
        let files = here.exam_files(exams[0].id, false).await.unwrap();
        assert!(!files.is_empty(), "each exam has its schools' files");
        // The 任课教师 account: a 数学 teacher of the year's roster.
        let renke = s.user_by_name("renke").await.unwrap().unwrap().user;
        let junheng_store::Scope::Teacher { school, teacher } = &renke.scope else {
            panic!("{:?}", renke.scope);
        };
        assert_eq!(renke.role, junheng_store::Role::SubjectTeacher);
        let latest = exams.iter().map(|e| e.year).max().unwrap();
        let roster = here.roster(latest).await.unwrap();
        assert!(
            roster
                .iter()
                .any(|t| t.id.as_str() == teacher && &t.school == school && t.subject == "数学"),
            "{teacher}"
        );
        assert_eq!(here.naeq_results().await.unwrap().len(), 1);
        // The finalised review of the older exam year scores the quality item from the exams.
        let older = exams.iter().map(|e| e.year).min().unwrap();
        let quality_scored = here
            .review_results(None)
            .await
            .unwrap()
            .iter()
            .filter(|r| r.year == older && r.unit.kind() == "school")
            .filter(|r| {
                let v: serde_json::Value = serde_json::from_str(&r.detail).unwrap();
                v["review"]["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i["id"] == "quality" && i["score"].is_number())
            })
            .count();
        assert!(quality_scored > 0, "no school's quality item is scored");
        (here.years().await.unwrap().len(), groups, states)
    });
    assert_eq!(years, 3);
    // The groups carry their types and leads; the submissions are in the states the generator
    // gives them, and the school whose submission was returned can log in.
    let latest = junheng_core::demo::generate(&junheng_core::demo::DemoSpec {
        schools: 30,
        seed: 2024,
        year: 2024,
    });
    let expected: Vec<String> = junheng_core::demo::submissions(&latest)
        .iter()
        .map(|s| match s.decision {
            Some(junheng_core::demo::DemoDecision::Approve(_)) => "approved".to_owned(),
            Some(junheng_core::demo::DemoDecision::Return(_)) => "rejected".to_owned(),
            None => "pending".to_owned(),
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(states, expected);
    let demo_groups = junheng_core::demo::groups(&latest);
    assert_eq!(groups.len(), demo_groups.len());
    for g in &groups {
        let made = demo_groups.iter().find(|d| d.name == g.name).unwrap();
        assert_eq!(
            (g.kind.as_str(), g.lead_school.as_ref()),
            (made.kind, Some(&made.lead))
        );
    }
    assert!(expected.iter().any(|s| s == "rejected"), "{expected:?}");
    assert!(
        lines.iter().any(|l| l.contains("有一份被退回的提交")),
        "{lines:?}"
    );
}

#[test]
fn the_database_file_alone_holds_what_a_command_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path(), "j.db");
    let csv = demo_file(dir.path(), "d.csv", 20, 4);
    let o = junheng(&["import", p(&csv), "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = copy_alone(dir.path(), "j.db");
    let schools = with_store(&copy, async |s| {
        let d = s.only_district().await.unwrap();
        s.in_district(d.id)
            .statistics(2024, None)
            .await
            .map(|r| r.len())
    });
    assert_eq!(schools.unwrap(), 20, "the import is in the .db file");

    let o = add_user(
        &db,
        &["--name", "dux", "--role", "supervisor"],
        "长密码-12345",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = junheng(&["token", "create", "--user", "dux", "--database", &db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = copy_alone(dir.path(), "j.db");
    let tokens = with_store(&copy, async |s| s.token_list(None).await.unwrap());
    assert_eq!(
        tokens.len(),
        1,
        "the user and the token are in the .db file"
    );

    // A refused command closes the database too: what was written before stays in the file.
    let o = junheng(&["import", "/nonexistent.csv", "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    let o = junheng(&["user", "deactivate", "nobody", "--database", &db]);
    assert_eq!(o.status.code(), Some(2));
    let copy = copy_alone(dir.path(), "j.db");
    let users = with_store(&copy, async |s| s.users(None).await.unwrap());
    assert_eq!(users.len(), 1);
}

#[test]
fn the_city_demo_serves_its_districts_with_a_city_login() {
    let dir = tempfile::tempdir().unwrap();
    let demo_db = dir.path().join("city.db");
    let (_server, url, lines) = start(&[
        "demo",
        "--city",
        "--districts",
        "3",
        "--city-schools",
        "20",
        "--db-file",
        p(&demo_db),
        "--bind",
        "127.0.0.1:0",
    ]);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("3/3 缙云区（509903）：20 所学校，三个学年，")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("区县管理员（渝州区）：admin")),
        "{lines:?}"
    );
    let public = get(&url, "/public?district=509902");
    assert!(public.contains("嘉陵区"), "{public}");
    let copy = copy_alone(dir.path(), "city.db");
    let (districts, creations, city_users) = with_store(&copy, async |s| {
        let districts = s.districts().await.unwrap();
        let mut years = 0;
        for d in &districts {
            years += s.in_district(d.id).years().await.unwrap().len();
        }
        assert_eq!(years, 9, "three years in each district");
        let users = s.users(None).await.unwrap();
        (
            districts.len(),
            s.creations().await.unwrap().len(),
            users
                .iter()
                .filter(|u| u.role == junheng_store::Role::City)
                .count(),
        )
    });
    assert_eq!((districts, creations, city_users), (3, 3, 1));
}
