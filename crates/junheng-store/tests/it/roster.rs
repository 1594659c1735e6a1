//! Teacher rosters: uploads, versions, refusals.

use junheng_core::school::{SchoolCode, Section};
use junheng_rotation::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};
use junheng_store::{Actor, AuditFilter, AuditRecord, Store, action};

use crate::helpers::{Home, dux};

store_tests!(
    a_roster_reads_back_as_uploaded,
    every_upload_is_kept_as_a_version,
    bad_rosters_write_nothing,
);

pub fn school(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50011200{n:02}")).unwrap()
}

/// `n` teachers of `year` spread over five schools, with every enum value, in no useful order.
pub fn teachers(year: i32, n: usize) -> Vec<Teacher> {
    (0..n)
        .map(|i| Teacher {
            year,
            id: TeacherId::parse(&format!("T{:04}", (i * 7919) % 10_000)).unwrap(),
            school: school((i % 5) as u32 + 1),
            section: [Section::Primary, Section::Junior][i % 2],
            subject: ["语文", "数学", "体育", "音乐", "美术", "英语"][i % 6].to_owned(),
            degree: Degree::ALL[i % Degree::ALL.len()],
            backbone: BackboneLevel::ALL[i % BackboneLevel::ALL.len()],
            pe_arts: (2..=4).contains(&(i % 6)),
            start_year: year - (i % 12) as i32,
            birth_year: 1965 + (i % 33) as i32,
            sex: Sex::ALL[i % 2],
            on_staff: i % 9 != 0,
            title: (i % 7 != 0).then(|| Title::ALL[i % Title::ALL.len()]),
        })
        .collect()
}

/// Teachers as the store returns them: by school, then id.
pub fn sorted(mut t: Vec<Teacher>) -> Vec<Teacher> {
    t.sort_by(|a, b| (&a.school, &a.id).cmp(&(&b.school, &b.id)));
    t
}
/// Every audit entry with an action starting with `prefix`, oldest first.
pub async fn audited(store: &Store, prefix: &str) -> Vec<AuditRecord> {
    let mut log = store
        .audit_log(&AuditFilter {
            action_prefix: Some(prefix.to_owned()),
            limit: 1000,
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    log.reverse();
    log
}
async fn a_roster_reads_back_as_uploaded(store: Store) {
    assert!(store.home().await.roster(2024).await.unwrap().is_empty());
    assert!(store.home().await.roster_years().await.unwrap().is_empty());
    let uploaded = teachers(2024, 700);
    let version = store
        .home()
        .await
        .replace_roster(2024, &uploaded, &dux())
        .await
        .unwrap();
    assert_eq!(
        (version.year, version.version, version.teachers),
        (2024, 1, 700)
    );
    assert_eq!(version.uploaded_by, "dux");
    let read = store.home().await.roster(2024).await.unwrap();
    assert!(read == sorted(uploaded.clone()), "roster differs");
    assert!(read.iter().any(|t| t.title.is_none()));
    assert_eq!(store.home().await.roster_at(2024, 1).await.unwrap(), read);
    assert_eq!(
        store.home().await.roster_versions(2024).await.unwrap(),
        vec![version.clone()]
    );
    assert_eq!(
        store.home().await.roster_years().await.unwrap(),
        vec![version]
    );
    assert!(store.home().await.roster(2023).await.unwrap().is_empty());
    let err = store.home().await.roster_at(2024, 2).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
}

async fn every_upload_is_kept_as_a_version(store: Store) {
    let admin = Actor::new("admin");
    let first = teachers(2024, 40);
    let mut second = teachers(2024, 30);
    second[3].degree = Degree::Graduate;
    second[4].title = None;
    let v1 = store
        .home()
        .await
        .replace_roster(2024, &first, &admin)
        .await
        .unwrap();
    let v2 = store
        .home()
        .await
        .replace_roster(2024, &second, &dux())
        .await
        .unwrap();
    let y2023 = store
        .home()
        .await
        .replace_roster(2023, &teachers(2023, 5), &admin)
        .await
        .unwrap();
    assert_eq!((v1.version, v2.version, y2023.version), (1, 2, 1));
    assert!(v2.id > v1.id);

    assert_eq!(
        store.home().await.roster(2024).await.unwrap(),
        sorted(second)
    );
    assert_eq!(
        store.home().await.roster_at(2024, 1).await.unwrap(),
        sorted(first)
    );
    assert_eq!(
        store.home().await.roster_versions(2024).await.unwrap(),
        vec![v2.clone(), v1]
    );
    assert_eq!(
        store.home().await.roster_years().await.unwrap(),
        vec![v2, y2023]
    );

    // One entry per upload, with counts only.
    let log = audited(&store, "roster.").await;
    let entries: Vec<(&str, &str, &str, &str)> = log
        .iter()
        .map(|e| {
            (
                e.actor.as_str(),
                e.action.as_str(),
                e.target.as_str(),
                e.detail.as_str(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "admin",
                action::ROSTER_REPLACE,
                "roster:2024",
                "version=1 teachers=40"
            ),
            (
                "dux",
                action::ROSTER_REPLACE,
                "roster:2024",
                "version=2 teachers=30"
            ),
            (
                "admin",
                action::ROSTER_REPLACE,
                "roster:2023",
                "version=1 teachers=5"
            ),
        ]
    );
}

async fn bad_rosters_write_nothing(store: Store) {
    let good = teachers(2024, 10);
    let mut other_year = good.clone();
    other_year[7].year = 2023;
    let mut twice = good.clone();
    twice[8].id = twice[2].id.clone();
    let mut long_subject = good.clone();
    long_subject[1].subject = "学".repeat(51);
    for (what, roster, code) in [
        ("empty", Vec::new(), "store.invalid"),
        ("other year", other_year, "store.invalid"),
        ("id twice", twice, "store.conflict"),
        ("long subject", long_subject, "store.invalid"),
    ] {
        let err = store
            .home()
            .await
            .replace_roster(2024, &roster, &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
        if what == "id twice" {
            assert!(err.to_string().contains("第 3 条和第 9 条"), "{err}");
        }
    }
    assert!(store.home().await.roster_years().await.unwrap().is_empty());
    assert!(audited(&store, "roster.").await.is_empty());
    store
        .home()
        .await
        .replace_roster(2024, &good, &dux())
        .await
        .unwrap();
    assert_eq!(
        store.home().await.roster_versions(2024).await.unwrap()[0].version,
        1
    );
}
