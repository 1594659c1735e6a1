use junheng_core::school::SchoolKind;
use junheng_io::Limits;
use junheng_rotation::synth::roster;
use junheng_store::{Actor, Role, Scope};
use junheng_teachers::posts::{Approved, PayYear, PostDate, PostMove};

use super::*;
use crate::pairings::{Caller, Refused};
use crate::testing::{fixture, user};

fn csv(header: &str, rows: &[String]) -> Vec<u8> {
    let mut text = format!("{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

const CERT_HEADER: &str = "教师编号,资格种类,任教学科,证书号码";
const STAFF_HEADER: &str = "学校标识码,核定编制,在编教职工,编外教师";

#[tokio::test]
async fn a_year_is_imported_checked_computed_and_scoped() {
    let f = fixture(SchoolKind::Primary, 3, 10).await;
    let actor = Actor::new("operator");
    let caller = Caller::Operator(&actor);
    let schools = f.store.statistics(2024, None).await.unwrap();
    let teachers = roster(&schools, 3);
    f.store
        .replace_roster(2024, &teachers, &actor)
        .await
        .unwrap();
    // A teacher outside the roster is located and nothing is written.
    let bad = csv(CERT_HEADER, &["X999,小学,语文,".to_owned()]);
    let file = read_certificates(&bad, "证.csv", &Limits::default()).unwrap();
    let Err(Refused::Problems(p)) =
        import_certificates(&f.store, &caller, 2024, &file, &"a".repeat(64), false).await
    else {
        panic!("refused")
    };
    assert_eq!(p.issues[0].code, "posts.certificates.teacher_unknown");
    assert_eq!(p.issues[0].row, Some(2));
    // Every teacher but the first holds a covering certificate.
    let rows: Vec<String> = teachers
        .iter()
        .skip(1)
        .map(|t| format!("{},高级中学,{},", t.id.as_str(), t.subject))
        .collect();
    let file = read_certificates(&csv(CERT_HEADER, &rows), "证.csv", &Limits::default()).unwrap();
    import_certificates(&f.store, &caller, 2024, &file, &"b".repeat(64), false)
        .await
        .unwrap();
    let again = import_certificates(&f.store, &caller, 2024, &file, &"b".repeat(64), false).await;
    assert!(matches!(
        again,
        Err(Refused::Store(StoreError::Conflict(_)))
    ));
    // 编制: the first school has vacancies and 编外 teachers.
    let first = &schools[0].code;
    let second = &schools[1].code;
    let rows = vec![format!("{first},50,40,3"), format!("{second},30,30,0")];
    let file = read_staffing(&csv(STAFF_HEADER, &rows), "编.csv", &Limits::default()).unwrap();
    import_staffing(&f.store, &caller, 2024, &file, &"c".repeat(64), false)
        .await
        .unwrap();
    set_approved(
        &f.store,
        &caller,
        &Approved {
            year: 2024,
            posts: 80,
            positions: None,
        },
    )
    .await
    .unwrap();
    let mv = |count| PostMove {
        from: first.clone(),
        to: second.clone(),
        count,
        date: PostDate::parse("2024-11-01").unwrap(),
        reason: "学位增长".into(),
        cancelled: false,
    };
    assert!(record_move(&f.store, &caller, &mv(51)).await.is_err());
    let id = record_move(&f.store, &caller, &mv(5)).await.unwrap();
    set_pay(
        &f.store,
        &caller,
        &PayYear {
            year: 2024,
            teachers: 99_000,
            civil_servants: 100_000,
        },
    )
    .await
    .unwrap();
    let s = status(&f.store, 2024, &Settings::default()).await.unwrap();
    let report = s.certificates.as_ref().unwrap();
    assert_eq!(report.district.covering as usize, teachers.len() - 1);
    assert_eq!(report.gaps.len(), 1);
    assert_eq!(s.item12(), Some(false));
    assert_eq!(
        s.staffing[0].staffing.input.approved + s.staffing[1].staffing.input.approved,
        80
    );
    assert_eq!(s.approved.met, Some(true));
    assert!(!s.item8().unwrap().met);
    assert_eq!(s.warned().count(), 1);
    let one = s.clone().for_school(first);
    assert_eq!(one.staffing.len(), 1);
    assert!(one.pay.is_empty());
    assert_eq!(one.moves.len(), 1);
    cancel_move(&f.store, &caller, id).await.unwrap();
    let s = status(&f.store, 2024, &Settings::default()).await.unwrap();
    let first_row = s
        .staffing
        .iter()
        .find(|r| &r.staffing.input.school == first)
        .unwrap();
    assert_eq!(first_row.staffing.input.approved, 50);
    // Withdrawn: 未导入 again.
    withdraw(&f.store, &caller, PostFileKind::Staffing, 2024)
        .await
        .unwrap();
    let s = status(&f.store, 2024, &Settings::default()).await.unwrap();
    assert!(s.staffing_file.is_none() && s.staffing.is_empty());
}

#[tokio::test]
async fn only_the_district_admin_writes() {
    let f = fixture(SchoolKind::Primary, 3, 10).await;
    let school = user("s", Role::Admin, Scope::School(f.school.clone()));
    let caller = Caller::User(&school);
    let pay = PayYear {
        year: 2024,
        teachers: 1,
        civil_servants: 1,
    };
    assert!(matches!(
        set_pay(&f.store, &caller, &pay).await,
        Err(Refused::Denied)
    ));
    assert!(matches!(
        cancel_move(&f.store, &caller, 1).await,
        Err(Refused::Denied)
    ));
}
