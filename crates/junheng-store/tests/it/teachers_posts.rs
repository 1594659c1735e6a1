//! 资格证, 编制, 区管校聘 and pay: files written whole and withdrawn to the previous, the
//! district's totals and pay replaced, moves cancelled never edited, districts apart, audit
//! entries and backups that carry every table.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_rotation::TeacherId;
use junheng_store::teachers::posts::PostFileKind;
use junheng_store::{AuditFilter, Store};
use junheng_teachers::posts::{
    Approved, CertificateKind, PayYear, PostDate, PostMove, Staffing, TeacherCertificate,
};

use crate::helpers::{Home, chengkou, dux, sqlite_store};

store_tests!(
    post_files_are_current_by_kind_and_withdrawn_to_the_previous,
    bad_post_files_write_nothing,
    approved_pay_and_moves_are_kept_and_cancelled,
    posts_belong_to_their_district_and_travel_in_backups,
);

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("{:010}", 5_001_120_000u64 + u64::from(n))).unwrap()
}

fn cert(id: &str, kind: CertificateKind) -> TeacherCertificate {
    TeacherCertificate {
        teacher: TeacherId::parse(id).unwrap(),
        kind,
        subject: "数学".into(),
        number: Some("20195000000001".into()),
    }
}

fn staff(n: u32, approved: u32, on_post: u32, outside: u32) -> Staffing {
    Staffing {
        school: code(n),
        approved,
        on_post,
        outside,
    }
}

fn sha(c: char) -> String {
    c.to_string().repeat(64)
}

async fn post_files_are_current_by_kind_and_withdrawn_to_the_previous(store: Store) {
    let home = store.home().await;
    assert_eq!(home.certificates(2024).await.unwrap(), None);
    let first = vec![cert("T1", CertificateKind::Primary)];
    home.import_certificates(2024, &first, "证.xlsx", &sha('a'), &dux())
        .await
        .unwrap();
    let second = vec![
        cert("T2", CertificateKind::Junior),
        cert("T1", CertificateKind::Senior),
        cert("T1", CertificateKind::Primary),
    ];
    let done = home
        .import_certificates(2024, &second, "证2.xlsx", &sha('b'), &dux())
        .await
        .unwrap();
    assert_eq!(done.rows, 3);
    let (file, certs) = home.certificates(2024).await.unwrap().unwrap();
    assert_eq!(file, done);
    let order: Vec<(&str, CertificateKind)> =
        certs.iter().map(|c| (c.teacher.as_str(), c.kind)).collect();
    assert_eq!(
        order,
        vec![
            ("T1", CertificateKind::Primary),
            ("T1", CertificateKind::Senior),
            ("T2", CertificateKind::Junior)
        ]
    );
    // The staffing file is current on its own.
    assert_eq!(home.staffing(2024).await.unwrap(), None);
    home.import_staffing(2023, &[staff(1, 10, 7, 0)], "编.xlsx", &sha('c'), &dux())
        .await
        .unwrap();
    home.import_staffing(
        2024,
        &[staff(2, 5, 5, 1), staff(1, 10, 7, 2)],
        "编.xlsx",
        &sha('d'),
        &dux(),
    )
    .await
    .unwrap();
    let (_, rows) = home.staffing(2024).await.unwrap().unwrap();
    assert_eq!(rows, vec![staff(1, 10, 7, 2), staff(2, 5, 5, 1)]);
    let history = home.staffing_history(2024).await.unwrap();
    assert_eq!(history, vec![(2023, vec![staff(1, 10, 7, 0)])]);
    let gone = home
        .withdraw_post_file(PostFileKind::Certificates, 2024, &dux())
        .await
        .unwrap();
    assert_eq!(gone.id, done.id);
    assert_eq!(home.certificates(2024).await.unwrap().unwrap().1, first);
    home.withdraw_post_file(PostFileKind::Certificates, 2024, &dux())
        .await
        .unwrap();
    let err = home
        .withdraw_post_file(PostFileKind::Certificates, 2024, &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    assert!(home.staffing(2024).await.unwrap().is_some());
    let actions: Vec<String> = store
        .audit_log(&AuditFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("posts."))
        .collect();
    assert_eq!(actions.len(), 6, "{actions:?}");
}

async fn bad_post_files_write_nothing(store: Store) {
    let home = store.home().await;
    let mut long = cert("T1", CertificateKind::Primary);
    long.subject = "学".repeat(51);
    for (bad, says) in [
        (
            vec![
                cert("T1", CertificateKind::Primary),
                cert("T1", CertificateKind::Primary),
            ],
            "两次",
        ),
        (vec![long], "任教学科"),
        (vec![], "1 到"),
    ] {
        let err = home
            .import_certificates(2024, &bad, "坏.xlsx", &sha('e'), &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
    for (bad, says) in [
        (vec![staff(1, 1, 1, 0), staff(1, 2, 2, 0)], "两次"),
        (vec![staff(1, 10_001, 1, 0)], "0 至"),
    ] {
        let err = home
            .import_staffing(2024, &bad, "坏.xlsx", &sha('e'), &dux())
            .await
            .unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
    let err = home
        .import_staffing(1999, &[staff(1, 1, 1, 0)], "f.xlsx", &sha('e'), &dux())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(
        home.post_files(PostFileKind::Certificates, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        home.post_files(PostFileKind::Staffing, None)
            .await
            .unwrap()
            .is_empty()
    );
}

fn mv(from: u32, to: u32, count: u32, reason: &str) -> PostMove {
    PostMove {
        from: code(from),
        to: code(to),
        count,
        date: PostDate::parse("2024-10-08").unwrap(),
        reason: reason.into(),
        cancelled: false,
    }
}

async fn approved_pay_and_moves_are_kept_and_cancelled(store: Store) {
    let home = store.home().await;
    let a = Approved {
        year: 2024,
        posts: 900,
        positions: Some(880),
    };
    home.set_approved(&a, &dux()).await.unwrap();
    let b = Approved {
        positions: None,
        ..a.clone()
    };
    home.set_approved(&b, &dux()).await.unwrap();
    assert_eq!(home.approved_totals().await.unwrap(), vec![b]);
    let p = PayYear {
        year: 2024,
        teachers: 98_000,
        civil_servants: 99_000,
    };
    home.set_pay(&p, &dux()).await.unwrap();
    let zero_civil = PayYear {
        civil_servants: 0,
        ..p.clone()
    };
    assert_eq!(
        home.set_pay(&zero_civil, &dux()).await.unwrap_err().code(),
        "store.invalid"
    );
    assert_eq!(home.pay_years().await.unwrap(), vec![p]);
    let id = home
        .record_post_move(&mv(1, 2, 3, "学位增长"), &dux())
        .await
        .unwrap();
    for (bad, says) in [
        (mv(1, 1, 1, "x"), "相同"),
        (mv(1, 2, 0, "x"), "1 至"),
        (mv(1, 2, 1, " "), "调整原因"),
    ] {
        let err = home.record_post_move(&bad, &dux()).await.unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
    let moves = home.post_moves(Some(2024)).await.unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].by_move, mv(1, 2, 3, "学位增长"));
    assert!(home.post_moves(Some(2023)).await.unwrap().is_empty());
    home.cancel_post_move(id, &dux()).await.unwrap();
    let moves = home.post_moves(None).await.unwrap();
    assert!(moves[0].by_move.cancelled);
    assert_eq!(moves[0].cancelled_by.as_deref(), Some(dux().name.as_str()));
    assert_eq!(
        home.cancel_post_move(id, &dux()).await.unwrap_err().code(),
        "store.conflict"
    );
    assert_eq!(
        home.cancel_post_move(id + 99, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
}

async fn posts_belong_to_their_district_and_travel_in_backups(store: Store) {
    let home = store.home().await;
    home.import_certificates(
        2024,
        &[cert("T1", CertificateKind::Junior)],
        "证.xlsx",
        &sha('f'),
        &dux(),
    )
    .await
    .unwrap();
    home.import_staffing(2024, &[staff(1, 10, 9, 1)], "编.xlsx", &sha('f'), &dux())
        .await
        .unwrap();
    home.set_approved(
        &Approved {
            year: 2024,
            posts: 10,
            positions: Some(10),
        },
        &dux(),
    )
    .await
    .unwrap();
    home.record_post_move(&mv(1, 2, 1, "调整"), &dux())
        .await
        .unwrap();
    home.set_pay(
        &PayYear {
            year: 2024,
            teachers: 1,
            civil_servants: 2,
        },
        &dux(),
    )
    .await
    .unwrap();
    let mut dump = Vec::new();
    let summary = store.backup(&mut dump, None).await.unwrap();
    let rows = |t: &str| summary.tables.iter().find(|c| c.table == t).unwrap().rows;
    for t in [
        "post_certificate_files",
        "post_certificates",
        "post_staffing_files",
        "post_staffing",
        "post_approved",
        "post_moves",
        "teacher_pay",
    ] {
        assert_eq!(rows(t), 1, "{t}");
    }
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut Cursor::new(dump), None).await.unwrap();
    let back = copy.home().await;
    assert_eq!(
        back.certificates(2024).await.unwrap(),
        home.certificates(2024).await.unwrap()
    );
    assert_eq!(
        back.staffing(2024).await.unwrap(),
        home.staffing(2024).await.unwrap()
    );
    assert_eq!(
        back.post_moves(None).await.unwrap(),
        home.post_moves(None).await.unwrap()
    );
    assert_eq!(
        back.pay_years().await.unwrap(),
        home.pay_years().await.unwrap()
    );
    assert_eq!(
        back.approved_totals().await.unwrap(),
        home.approved_totals().await.unwrap()
    );
    let there = chengkou(&store).await;
    assert_eq!(there.certificates(2024).await.unwrap(), None);
    assert_eq!(there.staffing(2024).await.unwrap(), None);
    assert!(there.post_moves(None).await.unwrap().is_empty());
    assert!(there.pay_years().await.unwrap().is_empty());
    assert!(there.approved_totals().await.unwrap().is_empty());
    assert_eq!(
        there.cancel_post_move(1, &dux()).await.unwrap_err().code(),
        "store.not_found"
    );
}
