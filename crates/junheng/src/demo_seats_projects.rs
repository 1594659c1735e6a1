//! The demo's 一校一案 ledger, made deterministically from the demo's own statistics (the same
//! records give the same projects): the latest school year is evaluated, and each school whose
//! failing unit fails only on building indicators (rooms, sports area, equipment, multimedia
//! rooms) gets a 规划 candidate sized from its own gaps (what the evaluation says it lacks, a
//! little more), the first of them a dearer alternative too — so the planner page picks the
//! cheapest set that closes real gaps. Around them: projects 完成 (a 挖潜扩容 of sports ground,
//! an extension) and 在建 (a set of 改薄-funded renovations spending about three quarters of
//! their money), and a 新建 school planned under the code it will have.

use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::{Quantity, Rulebook};
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_core::seats::ledger::{ProjectKind, ProjectStatus};
use junheng_core::seats::project::Additions;
use junheng_store::{Actor, DistrictStore, ProjectEntry, ProjectMoney};

use crate::Failure;

/// 规划 candidates the demo makes at most (one per fixable failing school).
const CANDIDATES: usize = 5;
/// How much more than its gap a candidate adds (builders round up).
const MARGIN: f64 = 1.1;

/// Cost of a candidate sized from its additions (元): rooms at 3 500 元/㎡, sports ground at
/// 400 元/㎡, equipment at its value, multimedia rooms at 150 000 元 each.
fn cost_of(a: &Additions) -> i64 {
    (a.teaching_room_area * 3_500.0
        + a.gym_area * 4_500.0
        + a.sports_ground_area * 400.0
        + a.equipment_value * 10_000.0
        + f64::from(a.multimedia_rooms) * 150_000.0)
        .round() as i64
}

/// Money of a project over years from `first`: `shares` of its cost planned per year, `spent`
/// of each year's plan spent.
fn money(cost: i64, first: i32, shares: &[f64], spent: f64) -> Vec<ProjectMoney> {
    shares
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let planned = (cost as f64 * s).round() as i64;
            ProjectMoney {
                year: first + i as i32,
                planned,
                spent: (planned as f64 * spent).round() as i64,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn project(
    name: String,
    school: SchoolCode,
    kind: ProjectKind,
    status: ProjectStatus,
    year_planned: i32,
    year_opened: Option<i32>,
    adds: Additions,
    cost: i64,
    funding: &str,
) -> ProjectEntry {
    ProjectEntry {
        name,
        school,
        kind,
        status,
        year_planned,
        year_opened,
        seats_added: (adds.primary_classes * 45 + adds.junior_classes * 50),
        adds,
        cost,
        funding: funding.into(),
        started_on: None,
        completed_on: None,
        note: String::new(),
        money: Vec::new(),
    }
}

/// What a failing unit's gaps ask of its school, when they are all building gaps.
fn fix(gaps: &[junheng_core::evaluate::Gap]) -> Option<Additions> {
    let mut a = Additions::default();
    for g in gaps {
        let amount = (g.amount * MARGIN).ceil();
        match g.quantity {
            Quantity::TeachingRoomArea => a.teaching_room_area += amount,
            Quantity::SportsArea => a.sports_ground_area += amount,
            Quantity::EquipmentValue => a.equipment_value += amount,
            Quantity::MultimediaRooms => a.multimedia_rooms += amount as u32,
            _ => return None,
        }
    }
    (a != Additions::default()).then_some(a)
}

/// Seeds the ledger; returns how many projects it wrote.
pub(crate) async fn seed(
    store: &DistrictStore,
    records: &[SchoolRecord],
    actor: &Actor,
) -> Result<usize, Failure> {
    let Some(latest) = records.iter().map(|r| r.year).max() else {
        return Ok(0);
    };
    let year: Vec<SchoolRecord> = records
        .iter()
        .filter(|r| r.year == latest)
        .cloned()
        .collect();
    let rulebook = Rulebook::builtin("cn-2017").map_err(|e| Failure::Input(e.to_string()))?;
    let evaluation = evaluate(&year, &rulebook).map_err(|e| Failure::Input(e.to_string()))?;
    let mut entries = Vec::new();
    // 规划 candidates closing the gaps of failing units that building can close.
    let mut fixed: Vec<SchoolCode> = Vec::new();
    for s in &evaluation.sections {
        for (u, v) in s.units.iter().zip(&s.verdicts) {
            let code = u.school_code();
            if v.passes != Some(false) || fixed.contains(code) || fixed.len() >= CANDIDATES {
                continue;
            }
            let Some(adds) = fix(&v.gaps) else { continue };
            fixed.push(code.clone());
            let cost = cost_of(&adds);
            entries.push(project(
                format!("{}补短板改扩建", u.name()),
                code.clone(),
                ProjectKind::Extension,
                ProjectStatus::Planned,
                latest + 1,
                Some(latest + 2),
                adds,
                cost,
                "一般公共预算",
            ));
            if fixed.len() == 1 {
                // A dearer alternative for the same school: a whole new teaching block.
                let bigger = Additions {
                    teaching_room_area: adds.teaching_room_area * 2.0 + 1_200.0,
                    multimedia_rooms: adds.multimedia_rooms + 6,
                    ..adds
                };
                entries.push(project(
                    format!("{}综合楼新建（整体方案）", u.name()),
                    code.clone(),
                    ProjectKind::Extension,
                    ProjectStatus::Planned,
                    latest + 1,
                    Some(latest + 3),
                    bigger,
                    cost_of(&bigger) + 8_000_000,
                    "地方专项债",
                ));
            }
        }
    }
    // Schools passing, in code order, for the projects under way and done.
    let mut passing: Vec<&SchoolRecord> = year
        .iter()
        .filter(|r| !fixed.contains(&r.code) && r.primary.classes + r.junior.classes > 0)
        .collect();
    passing.sort_by(|a, b| a.code.cmp(&b.code));
    let mut others = passing.into_iter();
    let mut next = || others.next().map(|r| (r.code.clone(), r.name.clone()));
    // 完成: a 挖潜扩容 of sports ground (the reports' 5 115.9 ㎡) and an extension.
    if let Some((code, name)) = next() {
        let adds = Additions {
            sports_ground_area: 5_115.9,
            ..Additions::default()
        };
        let mut e = project(
            format!("{name}挖潜扩容运动场"),
            code,
            ProjectKind::Expansion,
            ProjectStatus::Done,
            latest - 2,
            Some(latest - 1),
            adds,
            2_046_360,
            "一般公共预算",
        );
        e.started_on = Some(format!("{}-10-15", latest - 2));
        e.completed_on = Some(format!("{}-08-10", latest - 1));
        e.money = money(e.cost, latest - 2, &[0.6, 0.4], 1.0);
        entries.push(e);
    }
    if let Some((code, name)) = next() {
        let adds = Additions {
            primary_classes: 6,
            teaching_room_area: 2_400.0,
            multimedia_rooms: 6,
            ..Additions::default()
        };
        let mut e = project(
            format!("{name}教学楼扩建"),
            code,
            ProjectKind::Extension,
            ProjectStatus::Done,
            latest - 2,
            Some(latest),
            adds,
            cost_of(&adds),
            "地方专项债",
        );
        e.started_on = Some(format!("{}-03-01", latest - 1));
        e.completed_on = Some(format!("{}-07-31", latest));
        e.money = money(e.cost, latest - 1, &[0.5, 0.5], 0.96);
        entries.push(e);
    }
    // 在建: 改薄-funded renovations, about three quarters of their money spent.
    for (i, spent) in [0.82, 0.71, 0.66].into_iter().enumerate() {
        let Some((code, name)) = next() else { break };
        let adds = Additions {
            teaching_room_area: 600.0 + 200.0 * i as f64,
            equipment_value: 30.0 + 10.0 * i as f64,
            music_rooms: 1,
            art_rooms: 1,
            ..Additions::default()
        };
        let mut e = project(
            format!("{name}薄弱环节改善"),
            code,
            ProjectKind::Renovation,
            ProjectStatus::Building,
            latest - 1,
            Some(latest + 1),
            adds,
            cost_of(&adds) + 500_000,
            "改薄资金",
        );
        e.started_on = Some(format!("{latest}-0{}-01", 3 + i));
        e.money = money(e.cost, latest - 1 + i as i32 % 2, &[1.0], spent);
        entries.push(e);
    }
    // 完成 under 改薄 too: a renovation finished last year, its money spent.
    if let Some((code, name)) = next() {
        let adds = Additions {
            equipment_value: 45.0,
            multimedia_rooms: 4,
            ..Additions::default()
        };
        let mut e = project(
            format!("{name}校舍维修改造"),
            code,
            ProjectKind::Renovation,
            ProjectStatus::Done,
            latest - 2,
            Some(latest),
            adds,
            cost_of(&adds) + 900_000,
            "改薄资金",
        );
        e.started_on = Some(format!("{}-04-01", latest - 1));
        e.completed_on = Some(format!("{}-08-20", latest - 1));
        e.money = money(e.cost, latest - 2, &[0.5, 0.5], 0.9);
        entries.push(e);
    }
    // 新建: a primary school planned, under the code it will have (none of the statistics').
    let district = year.first().map_or("500112", |r| &r.code.as_str()[..6]);
    let new_code = (9000..9999)
        .map(|n| format!("{district}{n}"))
        .find(|c| !year.iter().any(|r| r.code.as_str() == c))
        .and_then(|c| SchoolCode::parse(&c).ok());
    if let Some(code) = new_code {
        let adds = Additions {
            primary_classes: 36,
            teaching_room_area: 14_000.0,
            gym_area: 1_500.0,
            sports_ground_area: 12_000.0,
            equipment_value: 600.0,
            multimedia_rooms: 40,
            music_rooms: 3,
            art_rooms: 3,
            ..Additions::default()
        };
        let mut e = project(
            "城东新区第二小学新建".into(),
            code,
            ProjectKind::NewSchool,
            ProjectStatus::Planned,
            latest,
            Some(latest + 3),
            adds,
            160_000_000,
            "地方专项债",
        );
        e.note = "学校标识码为建成后统计使用的代码".into();
        e.money = money(e.cost, latest + 1, &[0.3], 0.0);
        entries.push(e);
    }
    let caller = junheng_app::seats::projects::Caller::Operator(actor);
    for e in &entries {
        junheng_app::seats::projects::add(store, &caller, e)
            .await
            .map_err(|e| Failure::Input(format!("演示建设项目：{e}")))?;
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate_years};

    #[test]
    fn the_demo_ledger_has_every_status_and_kind_and_real_candidates() {
        let records = generate_years(
            &DemoSpec {
                schools: 160,
                seed: 2024,
                year: 2024,
            },
            3,
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("d.db").display());
            let store = junheng_store::Store::open(&url).await.unwrap();
            let data = store.in_district(store.only_district().await.unwrap().id);
            let actor = junheng_store::Actor::system();
            for y in [2022, 2023, 2024] {
                let rows: Vec<_> = records.iter().filter(|r| r.year == y).cloned().collect();
                data.import_statistics(
                    y,
                    &rows,
                    &junheng_store::ImportSource::new("d.csv", b"d", ""),
                    &actor,
                )
                .await
                .unwrap();
            }
            let Ok(n) = super::seed(&data, &records, &actor).await else {
                panic!("the demo ledger is written");
            };
            let ledger = data.seat_projects().await.unwrap();
            assert_eq!(ledger.len(), n);
            assert!((10..=15).contains(&n), "{n} projects");
            for s in super::ProjectStatus::ALL {
                assert!(ledger.iter().any(|p| p.entry.status == s), "{s:?}");
            }
            for k in super::ProjectKind::ALL {
                assert!(ledger.iter().any(|p| p.entry.kind == k), "{k:?}");
            }
            let rulebook = super::Rulebook::builtin("cn-2017").unwrap();
            let op = junheng_app::seats::projects::Caller::Operator(&actor);
            let inputs = junheng_app::seats::projects::whatif::inputs(&data, &op, None)
                .await
                .unwrap();
            let plan =
                junheng_app::seats::projects::whatif::plan_of(&inputs, None, &rulebook).unwrap();
            assert!(!plan.chosen.is_empty(), "the planner picks candidates");
            assert!(
                plan.still_failing.len() < plan.failing_before,
                "real gaps close"
            );
        });
    }
}
