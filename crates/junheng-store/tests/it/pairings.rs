//! 结对帮扶 and 三个课堂: pairings with their schools and activities, session files written whole
//! or not at all, audit entries with every write, the district boundary, and backups that carry
//! them.

use std::io::Cursor;

use junheng_core::classroom::ClassroomKind;
use junheng_core::pairing::{HelpKind, PairingKind};
use junheng_core::school::SchoolCode;
use junheng_store::limits;
use junheng_store::{
    AuditFilter, ClassroomSession, Giver, Helper, NewActivity, NewClassroomSession, NewPairing,
    Store,
};

use crate::helpers::{Home, dux, sqlite_store};

store_tests!(
    pairings_keep_their_schools_kinds_and_activities,
    bad_pairings_and_activities_write_nothing,
    session_files_are_written_whole_or_not_at_all,
    pairings_and_sessions_belong_to_their_district,
    backups_carry_pairings_and_sessions,
);

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

fn school(n: u32) -> Helper {
    Helper::School { code: code(n) }
}

fn pairing<'a>(
    kind: PairingKind,
    helper: &'a Helper,
    schools: &'a [SchoolCode],
    help: &'a [HelpKind],
) -> NewPairing<'a> {
    NewPairing {
        kind,
        helper,
        schools,
        help,
        started_on: "2023-09-01",
        ended_on: None,
        note: " 第一批 ",
    }
}

fn activity(day: &str) -> NewActivity<'_> {
    NewActivity {
        held_on: day,
        kind: HelpKind::TeachingVisit,
        hours: 3.5,
        participants: 24,
        note: "音乐送教",
    }
}

fn session(n: u32, day: &str) -> NewClassroomSession {
    NewClassroomSession {
        kind: ClassroomKind::Remote,
        giver: Giver::School { code: code(1) },
        receiver: code(n),
        subject: "音乐".into(),
        held_on: day.into(),
        minutes: 40,
        note: String::new(),
    }
}

async fn pairings_keep_their_schools_kinds_and_activities(store: Store) {
    let home = store.home().await;
    let help = [HelpKind::RemoteClassroom, HelpKind::TeachingVisit];
    let urban = school(1);
    let stored = home
        .add_pairing(
            &pairing(
                PairingKind::UrbanRural,
                &urban,
                &[code(3), code(2), code(3)],
                &help,
            ),
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!(stored.schools, vec![code(2), code(3)]);
    assert_eq!(
        stored.help,
        vec![HelpKind::TeachingVisit, HelpKind::RemoteClassroom]
    );
    assert_eq!(stored.note, "第一批");
    let team = Helper::Team {
        name: "巴南区音乐名师团队".into(),
        teachers: 3,
    };
    let helped: Vec<SchoolCode> = (10..16).map(code).collect();
    let mut new = pairing(
        PairingKind::ExpertTeam,
        &team,
        &helped,
        &[HelpKind::Mentoring],
    );
    new.ended_on = Some("2025-07-15");
    home.add_pairing(&new, &dux()).await.unwrap();
    let outside = Helper::Outside {
        name: "邻水县实验小学".into(),
        place: "四川省广安市邻水县".into(),
    };
    home.add_pairing(
        &pairing(
            PairingKind::CrossProvince,
            &outside,
            &[code(4)],
            &[HelpKind::JointResearch],
        ),
        &dux(),
    )
    .await
    .unwrap();
    let all = home.pairings().await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], stored);
    assert_eq!(all[1].helper, team);
    assert_eq!(all[1].schools, helped);
    assert_eq!(all[2].helper, outside);
    assert!(all[1].in_force(2024) && !all[1].in_force(2025) && all[0].in_force(2030));
    assert!(all[0].involves(&code(1)) && all[0].involves(&code(2)) && !all[0].involves(&code(4)));
    assert_eq!(
        home.pairing(all[1].id).await.unwrap().as_ref(),
        Some(&all[1])
    );
    assert_eq!(home.pairing(9999).await.unwrap(), None);

    let first = home
        .add_activity(stored.id, &activity("2024-03-12"), &dux())
        .await
        .unwrap();
    home.add_activity(stored.id, &activity("2023-10-09"), &dux())
        .await
        .unwrap();
    let listed = home.activities(stored.id).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].held_on, "2023-10-09");
    assert_eq!(listed[1], first);
    let totals = home.activity_totals().await.unwrap();
    assert_eq!(totals[&stored.id].activities, 2);
    assert!((totals[&stored.id].hours - 7.0).abs() < 1e-9);
    assert_eq!(totals[&stored.id].participants, 48);
    assert!(!totals.contains_key(&all[1].id));

    home.end_pairing(stored.id, "2024-08-31", &dux())
        .await
        .unwrap();
    let ended = home.pairing(stored.id).await.unwrap().unwrap();
    assert_eq!(ended.ended_on.as_deref(), Some("2024-08-31"));
    let again = home.end_pairing(stored.id, "2024-12-31", &dux()).await;
    assert_eq!(again.unwrap_err().code(), "store.conflict");

    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("pairing.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "pairing.end",
            "pairing.activity",
            "pairing.activity",
            "pairing.add",
            "pairing.add",
            "pairing.add"
        ]
    );
    assert_eq!(log[0].target, format!("pairing:{}", stored.id));
    assert!(log.iter().all(|e| e.actor == "dux"));
}

async fn bad_pairings_and_activities_write_nothing(store: Store) {
    let home = store.home().await;
    let help = [HelpKind::TeachingVisit];
    let outside = Helper::Outside {
        name: "主城某校".into(),
        place: "渝中区".into(),
    };
    let team = Helper::Team {
        name: "团队".into(),
        teachers: 0,
    };
    let long = Helper::Outside {
        name: "名".repeat(limits::MAX_PARTNER_NAME + 1),
        place: "渝中区".into(),
    };
    let helper_school = school(2);
    let (two, three) = ([code(2)], [code(3)]);
    let cases: Vec<(&str, NewPairing<'_>)> = vec![
        // 城乡结对 needs a school of the district.
        (
            "帮扶方",
            pairing(PairingKind::UrbanRural, &outside, &three, &help),
        ),
        // 跨省联盟 needs an outside partner.
        (
            "帮扶方",
            pairing(PairingKind::CrossProvince, &helper_school, &three, &help),
        ),
        (
            "教师人数",
            pairing(PairingKind::ExpertTeam, &team, &three, &help),
        ),
        (
            "帮扶方名称",
            pairing(PairingKind::Counterpart, &long, &three, &help),
        ),
        (
            "既是帮扶方",
            pairing(PairingKind::UrbanRural, &helper_school, &two, &help),
        ),
        (
            "受援学校",
            pairing(PairingKind::UrbanRural, &helper_school, &[], &help),
        ),
        (
            "帮扶方式",
            pairing(PairingKind::UrbanRural, &helper_school, &three, &[]),
        ),
        (
            "开始日期",
            NewPairing {
                started_on: "2024-02-30",
                ..pairing(PairingKind::UrbanRural, &helper_school, &three, &help)
            },
        ),
        (
            "不能早于",
            NewPairing {
                ended_on: Some("2023-08-31"),
                ..pairing(PairingKind::UrbanRural, &helper_school, &three, &help)
            },
        ),
    ];
    for (says, new) in cases {
        let err = home.add_pairing(&new, &dux()).await.unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{says}");
        assert!(err.to_string().contains(says), "{says}: {err}");
    }
    assert!(home.pairings().await.unwrap().is_empty());

    let ok = home
        .add_pairing(
            &NewPairing {
                ended_on: Some("2024-06-30"),
                ..pairing(PairingKind::UrbanRural, &helper_school, &[code(3)], &help)
            },
            &dux(),
        )
        .await
        .unwrap();
    for (day, hours, participants) in [
        ("2023-08-31", 2.0, 1),
        ("2024-07-01", 2.0, 1),
        ("2024-01-32", 2.0, 1),
        ("2024-01-10", 0.0, 1),
        ("2024-01-10", f64::NAN, 1),
        ("2024-01-10", 2.0, limits::MAX_PARTICIPANTS + 1),
    ] {
        let new = NewActivity {
            hours,
            participants,
            ..activity(day)
        };
        let err = home.add_activity(ok.id, &new, &dux()).await.unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{day} {hours} {participants}");
    }
    let missing = home
        .add_activity(9999, &activity("2024-01-10"), &dux())
        .await;
    assert_eq!(missing.unwrap_err().code(), "store.not_found");
    assert!(home.activities(ok.id).await.unwrap().is_empty());
    // An end before a recorded activity is refused.
    let open = home
        .add_pairing(
            &pairing(PairingKind::UrbanRural, &helper_school, &[code(4)], &help),
            &dux(),
        )
        .await
        .unwrap();
    home.add_activity(open.id, &activity("2024-05-06"), &dux())
        .await
        .unwrap();
    let err = home
        .end_pairing(open.id, "2024-05-01", &dux())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("2024-05-06"), "{err}");
    assert_eq!(home.pairing(open.id).await.unwrap().unwrap().ended_on, None);
}

async fn session_files_are_written_whole_or_not_at_all(store: Store) {
    let home = store.home().await;
    let sha = "a".repeat(64);
    let file = vec![
        session(5, "2024-09-10"),
        session(6, "2024-09-11"),
        NewClassroomSession {
            kind: ClassroomKind::FamousSchool,
            giver: Giver::Outside {
                name: " 重庆市巴蜀小学 ".into(),
            },
            subject: "美术".into(),
            ..session(5, "2025-03-01")
        },
    ];
    let done = home
        .import_sessions(&file, "2024秋三个课堂.xlsx", &sha, &dux())
        .await
        .unwrap();
    assert_eq!(done.sessions, 3);
    let again = home
        .import_sessions(&file, "再导一次.xlsx", &sha, &dux())
        .await
        .unwrap_err();
    assert_eq!(again.code(), "store.conflict");
    assert!(again.to_string().contains("2024秋三个课堂.xlsx"), "{again}");
    // One bad session refuses the file.
    let mut bad = file.clone();
    bad.push(NewClassroomSession {
        minutes: limits::MAX_SESSION_MINUTES + 1,
        ..session(7, "2024-09-12")
    });
    let err = home
        .import_sessions(&bad, "坏.xlsx", &"b".repeat(64), &dux())
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("第 4 条记录"), "{err}");
    let same_school = NewClassroomSession {
        receiver: code(1),
        ..session(1, "2024-09-12")
    };
    let err = home.add_session(&same_school, &dux()).await.unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    let one = home
        .add_session(
            &NewClassroomSession {
                kind: ClassroomKind::Synchronous,
                subject: " 科学 ".into(),
                ..session(8, "2024-10-01")
            },
            &dux(),
        )
        .await
        .unwrap();
    assert_eq!((one.subject.as_str(), one.import), ("科学", None));
    let year: Vec<ClassroomSession> = home.sessions("2024-09-01", "2025-08-31").await.unwrap();
    assert_eq!(year.len(), 4);
    assert_eq!(
        year[3].giver,
        Giver::Outside {
            name: "重庆市巴蜀小学".into()
        }
    );
    assert_eq!(year[0].import, Some(done.id));
    assert_eq!(
        home.sessions("2024-09-11", "2024-09-30")
            .await
            .unwrap()
            .len(),
        1
    );
    let imports = home.classroom_imports().await.unwrap();
    assert_eq!(imports, vec![done]);
    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some("classroom.".into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["classroom.add", "classroom.import"]);
}

async fn pairings_and_sessions_belong_to_their_district(store: Store) {
    let home = store.home().await;
    let helper = school(1);
    let p = home
        .add_pairing(
            &pairing(
                PairingKind::UrbanRural,
                &helper,
                &[code(2)],
                &[HelpKind::Mentoring],
            ),
            &dux(),
        )
        .await
        .unwrap();
    home.add_session(&session(2, "2024-09-10"), &dux())
        .await
        .unwrap();
    let there = crate::helpers::chengkou(&store).await;
    assert!(there.pairings().await.unwrap().is_empty());
    assert_eq!(there.pairing(p.id).await.unwrap(), None);
    let err = there
        .add_activity(p.id, &activity("2024-01-10"), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let err = there.end_pairing(p.id, "2024-12-31", &dux()).await;
    assert_eq!(err.unwrap_err().code(), "store.not_found");
    assert!(there.activities(p.id).await.unwrap().is_empty());
    assert!(
        there
            .sessions("2000-01-01", "2100-12-31")
            .await
            .unwrap()
            .is_empty()
    );
    // The same file may be imported by two districts.
    let sha = "c".repeat(64);
    there
        .import_sessions(&[session(3, "2024-09-10")], "a.xlsx", &sha, &dux())
        .await
        .unwrap();
    home.import_sessions(&[session(3, "2024-09-10")], "a.xlsx", &sha, &dux())
        .await
        .unwrap();
    assert_eq!(home.pairing(p.id).await.unwrap().unwrap().ended_on, None);
}

async fn backups_carry_pairings_and_sessions(store: Store) {
    let home = store.home().await;
    let team = Helper::Team {
        name: "专家团队".into(),
        teachers: 12,
    };
    let p = home
        .add_pairing(
            &pairing(
                PairingKind::ExpertTeam,
                &team,
                &[code(2), code(3)],
                &[HelpKind::TeachingVisit],
            ),
            &dux(),
        )
        .await
        .unwrap();
    home.add_activity(p.id, &activity("2024-04-01"), &dux())
        .await
        .unwrap();
    home.import_sessions(
        &[session(2, "2024-09-10")],
        "f.xlsx",
        &"d".repeat(64),
        &dux(),
    )
    .await
    .unwrap();
    home.add_session(&session(3, "2024-09-11"), &dux())
        .await
        .unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    assert_eq!(rows("pairings"), 1);
    assert_eq!(rows("pairing_schools"), 2);
    assert_eq!(rows("pairing_activities"), 1);
    assert_eq!(rows("classroom_imports"), 1);
    assert_eq!(rows("classroom_sessions"), 2);
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let there = copy.home().await;
    assert_eq!(
        there.pairings().await.unwrap(),
        home.pairings().await.unwrap()
    );
    assert_eq!(
        there.activities(p.id).await.unwrap(),
        home.activities(p.id).await.unwrap()
    );
    assert_eq!(
        there.sessions("2000-01-01", "2100-12-31").await.unwrap(),
        home.sessions("2000-01-01", "2100-12-31").await.unwrap()
    );
    // Ids keep counting after the restored ones.
    let next = there
        .add_session(&session(4, "2024-09-12"), &dux())
        .await
        .unwrap();
    assert!(next.id > 2);
    copy.close().await;
}
