use junheng_core::school::{SchoolKind, UrbanRural};
use junheng_store::{Actor, Role, Scope};

use super::*;
use crate::testing::{fixture, user};

const OPERATOR: &str = "operator";

fn csv(header: &str, rows: &[String]) -> Vec<u8> {
    let mut text = format!("{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

const CATCHMENTS: &str = "学段,街道,小区,学校标识码,派位学区,办学性质,寄宿制";
const ENTRANTS: &str = "学段,学校标识码,街道,小区,人数";
const QUOTAS: &str = "高中学校,招生计划,初中学校标识码,分配名额,毕业生数";

/// A town or urban 小学 and an 初中 of the fixture's statistics.
async fn town_schools(store: &DistrictStore) -> (SchoolRecord, SchoolRecord) {
    let schools = store.statistics(2024, None).await.unwrap();
    let town = |kind: SchoolKind| {
        schools
            .iter()
            .find(|s| {
                s.kind == kind
                    && s.parent_code.is_none()
                    && matches!(s.urban_rural, Some(UrbanRural::Urban | UrbanRural::Town))
            })
            .cloned()
            .unwrap()
    };
    (town(SchoolKind::Primary), town(SchoolKind::Junior))
}

#[tokio::test]
async fn the_report_follows_the_files_and_a_replacement_needs_confirming() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let rules = ZoningRules::default();
    let empty = report(&f.store, 2024, &rules).await.unwrap();
    assert!(empty.map.is_empty() && empty.nearby.is_none() && empty.quotas.is_none());

    let (primary, junior) = town_schools(&f.store).await;
    let (p, j) = (primary.code.to_string(), junior.code.to_string());
    let actor = Actor::new(OPERATOR);
    let caller = Caller::Operator(&actor);
    let imports = [
        (
            ZoningKind::Catchments,
            csv(
                CATCHMENTS,
                &[
                    format!("小学,城南街道,,{p},,,"),
                    format!("初中,城南街道,,{j},,,"),
                ],
            ),
        ),
        (
            ZoningKind::Entrants,
            csv(
                ENTRANTS,
                &[
                    format!("小学,{p},城南街道,桂花园,40"),
                    format!("小学,{p},城北街道,,"),
                    format!("初中,{j},城南街道,,19"),
                    format!("初中,{j},城北街道,,1"),
                ],
            ),
        ),
        (
            ZoningKind::Quotas,
            csv(QUOTAS, &[format!("第一中学,100,{j},60,300")]),
        ),
    ];
    for (kind, bytes) in &imports {
        let upload = read(*kind, bytes, "f.csv", &Limits::default()).unwrap();
        import(&f.store, &caller, 2024, &upload, &"a".repeat(64), false)
            .await
            .unwrap();
    }
    let got = report(&f.store, 2024, &rules).await.unwrap();
    assert_eq!(got.files.len(), 3);
    assert_eq!(got.map.len(), 2);
    assert_eq!(got.map[0].schools[0].name, primary.name);
    let [pri, jun] = got.nearby.as_ref().unwrap();
    assert_eq!((pri.nearby, pri.entrants, pri.met), (40, 41, Some(false)));
    assert_eq!(pri.below[0].code, primary.code);
    assert_eq!((jun.nearby, jun.entrants, jun.met), (19, 20, Some(true)));
    let q = got.quotas.as_ref().unwrap();
    assert_eq!((q.allotted, q.plan, q.met), (60, 100, Some(true)));
    // Entrants are stored per school and home.
    assert_eq!(got.file(ZoningKind::Entrants).unwrap().rows, 4);

    // Replacing needs confirming; withdrawing brings the first back.
    let again = read(
        ZoningKind::Entrants,
        &csv(ENTRANTS, &[format!("小学,{p},城南街道,,41")]),
        "g.csv",
        &Limits::default(),
    )
    .unwrap();
    let err = import(&f.store, &caller, 2024, &again, &"b".repeat(64), false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("确认替换"), "{err}");
    import(&f.store, &caller, 2024, &again, &"b".repeat(64), true)
        .await
        .unwrap();
    let met = report(&f.store, 2024, &rules).await.unwrap();
    assert_eq!(met.nearby.as_ref().unwrap()[0].met, Some(true));
    withdraw(&f.store, &caller, 2024, ZoningKind::Entrants)
        .await
        .unwrap();
    let back = report(&f.store, 2024, &rules).await.unwrap();
    assert_eq!(back.nearby.unwrap()[0].entrants, 41);
}

#[tokio::test]
async fn schools_outside_the_statistics_or_their_section_write_nothing() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let (primary, _) = town_schools(&f.store).await;
    let actor = Actor::new(OPERATOR);
    let rows = [
        format!("小学,城南街道,,{},,,", primary.code),
        // 3: not a school of the statistics
        "小学,城北街道,,5009999999,,,".to_owned(),
        // 4: a 初中 place at a 小学
        format!("初中,城南街道,,{},,,", primary.code),
    ];
    let upload = read(
        ZoningKind::Catchments,
        &csv(CATCHMENTS, &rows),
        "划片.csv",
        &Limits::default(),
    )
    .unwrap();
    let Err(Refused::Problems(failure)) = import(
        &f.store,
        &Caller::Operator(&actor),
        2024,
        &upload,
        &"c".repeat(64),
        false,
    )
    .await
    else {
        panic!("refused with problems");
    };
    let got: Vec<(Option<usize>, Option<&str>, &str)> = failure
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.code))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(3), Some("学校标识码"), codes::SCHOOL_UNKNOWN),
            (Some(4), Some("学段"), codes::SECTION_ABSENT),
        ]
    );
    // A 小学 given 指标到校 places is located at its code.
    let quotas = read(
        ZoningKind::Quotas,
        &csv(QUOTAS, &[format!("第一中学,100,{},10,50", primary.code)]),
        "指标.csv",
        &Limits::default(),
    )
    .unwrap();
    let Err(Refused::Problems(failure)) = import(
        &f.store,
        &Caller::Operator(&actor),
        2024,
        &quotas,
        &"c".repeat(64),
        false,
    )
    .await
    else {
        panic!("refused with problems");
    };
    assert_eq!(failure.issues[0].column.as_deref(), Some("初中学校标识码"));
    assert!(f.store.zoning_files(None, None).await.unwrap().is_empty());
}

#[tokio::test]
async fn only_a_district_administrator_writes_zoning_files() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let (primary, _) = town_schools(&f.store).await;
    let upload = read(
        ZoningKind::Catchments,
        &csv(CATCHMENTS, &[format!("小学,城南街道,,{},,,", primary.code)]),
        "划片.csv",
        &Limits::default(),
    )
    .unwrap();
    for who in [
        user(
            "principal",
            Role::School,
            Scope::School(primary.code.clone()),
        ),
        user("inspector", Role::Supervisor, Scope::District),
    ] {
        let caller = Caller::User(&who);
        let err = import(&f.store, &caller, 2024, &upload, &"d".repeat(64), true)
            .await
            .unwrap_err();
        assert!(matches!(err, Refused::Denied));
        let err = withdraw(&f.store, &caller, 2024, ZoningKind::Catchments)
            .await
            .unwrap_err();
        assert!(matches!(err, Refused::Denied));
    }
    let admin = user("admin", Role::Admin, Scope::District);
    import(
        &f.store,
        &Caller::User(&admin),
        2024,
        &upload,
        &"d".repeat(64),
        true,
    )
    .await
    .unwrap();
    let (bytes, name) = template(ZoningKind::Quotas);
    assert_eq!(name, "指标到校表模板.xlsx");
    assert!(read(ZoningKind::Quotas, &bytes, &name, &Limits::default()).is_ok());
}

#[tokio::test]
async fn a_multi_school_place_links_to_the_newest_lottery_that_draws_its_zone() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let schools = f.store.statistics(2024, None).await.unwrap();
    let mut town = schools.iter().filter(|s| {
        s.kind == SchoolKind::Primary
            && s.parent_code.is_none()
            && matches!(s.urban_rural, Some(UrbanRural::Urban | UrbanRural::Town))
    });
    let (a, b) = (
        town.next().unwrap().code.clone(),
        town.next().unwrap().code.clone(),
    );
    let actor = Actor::new(OPERATOR);
    let rows = [
        format!("小学,城东街道,学府小区,{a},城东片区,,"),
        format!("小学,城东街道,学府小区,{b},城东片区,,"),
        format!("小学,城西街道,锦绣小区,{a},城西片区,,"),
        format!("小学,城西街道,锦绣小区,{b},城西片区,,"),
    ];
    let upload = read(
        ZoningKind::Catchments,
        &csv(CATCHMENTS, &rows),
        "划片.csv",
        &Limits::default(),
    )
    .unwrap();
    import(
        &f.store,
        &Caller::Operator(&actor),
        2024,
        &upload,
        &"a".repeat(64),
        false,
    )
    .await
    .unwrap();
    let lottery = |title: &str, zones: &str| {
        format!(
            r#"{{"applicants":[],"format":"junheng-lottery-inputs/2","schools":[],"title":"{title}","zones":{zones}}}"#
        )
    };
    let store = &f.store;
    store
        .create_lottery(
            "2024年小学派位（旧）",
            &lottery(
                "旧",
                r#"[{"id":"Z1","mode":"sequential","name":"城东片区"}]"#,
            ),
            &"b".repeat(64),
            None,
            &actor,
        )
        .await
        .unwrap();
    let newer = store
        .create_lottery(
            "2025年小学派位",
            &lottery("新", r#"[{"id":"城东片区","mode":"sequential","name":""}]"#),
            &"c".repeat(64),
            None,
            &actor,
        )
        .await
        .unwrap();
    let got = report(store, 2024, &ZoningRules::default()).await.unwrap();
    let link = |zone: &str| {
        got.map
            .iter()
            .find(|m| m.lottery_zone.as_deref() == Some(zone))
            .unwrap()
            .lottery
            .clone()
    };
    let east = link("城东片区").unwrap();
    assert_eq!(
        (east.id, east.title.as_str(), east.drawn),
        (newer, "2025年小学派位", false)
    );
    assert_eq!(link("城西片区"), None, "no lottery draws 城西片区 yet");
}
