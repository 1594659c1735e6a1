use junheng_core::school::{SchoolCode, SchoolKind, Section};
use junheng_rotation::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};
use junheng_store::{Actor, Role, Scope};
use junheng_teachers::mentors::{MentorSettings, Outcome};
use junheng_teachers::studios::StudioSettings;

use super::mentors::mentors;
use super::*;
use crate::pairings::Reach;
use crate::testing::{fixture, user};

fn teacher(id: &str, school: &SchoolCode, backbone: bool, start_year: i32) -> Teacher {
    Teacher {
        year: 2024,
        id: TeacherId::parse(id).unwrap(),
        school: school.clone(),
        section: Section::Primary,
        subject: "数学".into(),
        degree: Degree::Bachelor,
        backbone: if backbone {
            BackboneLevel::City
        } else {
            BackboneLevel::None
        },
        pe_arts: false,
        start_year,
        birth_year: 1980,
        sex: Sex::Male,
        on_staff: true,
        title: Some(Title::Second),
    }
}

fn studios_csv(rows: &[String]) -> Vec<u8> {
    let mut s =
        "名称,类型,级别,学科,主持人教师编号,主持人学校标识码,开始日期,结束日期,状态,成员教师编号\n"
            .to_owned();
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

fn mentors_csv(rows: &[String]) -> Vec<u8> {
    let mut s = "师傅教师编号,师傅学校标识码,徒弟教师编号,徒弟学校标识码,学科,开始日期,结束日期,目标,已开展活动次数,计划活动次数,结果\n".to_owned();
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

#[tokio::test]
async fn files_are_checked_against_the_district_replaced_on_confirmation_and_scoped() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let (a, b) = (&f.school, &f.other);
    let roster = vec![
        teacher("H1", a, true, 2010),
        teacher("M1", b, false, 2015),
        teacher("N1", a, false, 2024),
        teacher("N2", b, false, 2023),
        teacher("N3", b, false, 2024),
        teacher("N4", b, false, 2024),
    ];
    let actor = Actor::new("operator");
    f.store.replace_roster(2024, &roster, &actor).await.unwrap();
    let caller = Caller::Operator(&actor);
    let settings = StudioSettings::default();

    // A teacher on no roster and a school of no statistics: refused, located, nothing written.
    let bad = read(
        StudioFileKind::Studios,
        &studios_csv(&[
            "甲工作室,名师工作室,市级,数学,H1,5009999999,2024-09-01,,运行中,M1、X9".to_string(),
        ]),
        "工作室.csv",
        &settings,
    )
    .unwrap();
    let Err(Refused::Problems(p)) = import(&f.store, &caller, &bad, &"a".repeat(64), false).await
    else {
        panic!("refused expected")
    };
    let cols: Vec<_> = p.issues.iter().map(|i| i.column.clone().unwrap()).collect();
    assert_eq!(cols, ["主持人学校标识码", "成员教师编号"]);
    assert!(f.store.studios().await.unwrap().is_none());

    let good = read(
        StudioFileKind::Studios,
        &studios_csv(&[format!(
            "甲工作室,名师工作室,市级,数学,H1,{a},2024-09-01,,运行中,M1"
        )]),
        "工作室.csv",
        &settings,
    )
    .unwrap();
    import(&f.store, &caller, &good, &"a".repeat(64), false)
        .await
        .unwrap();
    // A second import needs the confirmation.
    let again = import(&f.store, &caller, &good, &"b".repeat(64), false).await;
    assert!(matches!(
        again,
        Err(Refused::Store(StoreError::Conflict(_)))
    ));
    import(&f.store, &caller, &good, &"b".repeat(64), true)
        .await
        .unwrap();
    let r = report(&f.store, &Reach::everything(), Some(2024))
        .await
        .unwrap();
    assert_eq!(r.studios.len(), 1);
    assert_eq!(r.studios[0].figures.people, 2);
    let d = r.district.unwrap();
    assert_eq!((d.studios, d.teachers), (1, 6));
    // A school admin of another school sees no studio and no district figures.
    let third = f
        .store
        .statistics(2024, None)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .find(|c| c != a && c != b)
        .unwrap();
    let theirs = Reach::schools([third.clone()].into());
    let r = report(&f.store, &theirs, Some(2024)).await.unwrap();
    assert!(r.studios.is_empty() && r.district.is_none());
    let member_school = Reach::schools([b.clone()].into());
    assert_eq!(
        report(&f.store, &member_school, Some(2024))
            .await
            .unwrap()
            .studios
            .len(),
        1
    );

    // Pairs: M1 is neither 骨干 nor 一级; H1 takes 4 mentees, one over the limit.
    let rows = [
        format!("H1,{a},N1,{a},数学,2024-09-01,,,,,"),
        format!("H1,{a},N2,{b},数学,2024-09-01,,,,,"),
        format!("H1,{a},N3,{b},数学,2024-09-01,,,,,"),
        format!("H1,{a},N4,{b},数学,2024-09-01,,,,,"),
        format!("M1,{b},N4,{b},语文,2024-09-01,,,,,"),
    ];
    let pairs = read(
        StudioFileKind::Mentors,
        &mentors_csv(&rows),
        "师徒.csv",
        &settings,
    )
    .unwrap();
    import(&f.store, &caller, &pairs, &"c".repeat(64), false)
        .await
        .unwrap();
    let m = mentors(
        &f.store,
        &Reach::everything(),
        Some(2024),
        &MentorSettings::default(),
    )
    .await
    .unwrap();
    assert_eq!(m.pairs.len(), 5);
    assert_eq!(m.pairs[0].scope, junheng_teachers::mentors::Scope::School);
    assert!(m.pairs[0].problems[0].contains("超过上限 3 名"));
    assert!(m.pairs[4].problems[0].contains("既不是骨干教师"));
    assert_eq!(m.findings.len(), 2);
    let covered: u32 = m.coverage.iter().map(|c| c.coverage.covered).sum();
    assert_eq!(covered, 4);
    // Ending a pair: administrators only.
    let school_admin = user("s", Role::School, Scope::School(a.clone()));
    let denied = end_pair(
        &f.store,
        &Caller::User(&school_admin),
        0,
        "2025-01-01",
        Outcome::Passed,
    )
    .await;
    assert!(matches!(denied, Err(Refused::Denied)));
    end_pair(&f.store, &caller, 0, "2024-09-01", Outcome::Passed)
        .await
        .unwrap();
    // Ended on 2024-09-01, the pair is still active in 2024; the limit still counts it.
    let only_a = Reach::schools([a.clone()].into());
    let m = mentors(&f.store, &only_a, Some(2024), &MentorSettings::default())
        .await
        .unwrap();
    assert_eq!(m.pairs.len(), 4);
    assert!(m.coverage.iter().all(|c| c.coverage.school == *a));
    // Withdrawn: the pairs are gone, the studios stay.
    withdraw(&f.store, &caller, StudioFileKind::Mentors)
        .await
        .unwrap();
    assert!(f.store.mentor_pairs().await.unwrap().is_none());
    assert!(f.store.studios().await.unwrap().is_some());
}

#[tokio::test]
async fn outputs_name_a_studio_of_the_current_register() {
    let f = fixture(SchoolKind::Primary, 3, 2).await;
    let actor = Actor::new("operator");
    let caller = Caller::Operator(&actor);
    let body = format!(
        "工作室名称,学年,成果类型,数量,覆盖学校标识码\n乙工作室,2024,课题,1,{}\n",
        f.school
    );
    let upload = read(
        StudioFileKind::Outputs,
        body.as_bytes(),
        "成果.csv",
        &StudioSettings::default(),
    )
    .unwrap();
    let Err(Refused::Problems(p)) =
        import(&f.store, &caller, &upload, &"d".repeat(64), false).await
    else {
        panic!("refused expected")
    };
    assert_eq!(
        p.issues[0].code,
        junheng_io::teachers::studios::output_codes::UNKNOWN
    );
    let (bytes, name) = template(StudioFileKind::Outputs);
    assert!(name.ends_with(".xlsx") && !bytes.is_empty());
}
