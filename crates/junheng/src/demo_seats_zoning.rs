//! The demo's 划片 and admission files of the latest school year, derived from its statistics
//! without randomness, so /seats/zoning shows every part of its items:
//! * **划片表**: each 学区 is a 街道 (龙凤学区 → 龙凤街道) and each school of a 学段 gets a 小区
//!   of it; in a 学区 with several schools of a 学段 one more 小区 (学府小区) maps to all of
//!   them (多校划片, the 学区's lottery zone). The first 城区 小学 is 民办 (no catchment) and the first 镇区
//!   初中 寄宿制.
//! * **新生来源表**: a school's entrants are its 学段's pupils over its grades, nearly all from its
//!   小区; every third 小学 takes one or two pupils from a 街道 outside the map, so 小学 falls
//!   short of 100 %, while the 初中 take 2 % from elsewhere and meet 95 %.
//! * **指标到校表**: two or three 优质高中 planning 22 %, 18 % and 15 % of the 初中 graduates and
//!   allotting 55 %, 52 % and 48 % of their plans (so the last falls short while the district
//!   meets 50 %) to the 初中 by graduates, a 乡村 graduate weighing 1.3, a 镇区 one 1.0 and a
//!   城区 one 0.8 (the tilt).

use std::collections::BTreeMap;

use junheng_core::school::{SchoolCode, SchoolRecord, Section, UrbanRural};
use junheng_core::seats::zoning::{CatchmentRow, EntrantCount, Place, QuotaRow};
use junheng_store::{Actor, DistrictStore, ZoningRows};

use crate::Failure;
use crate::platform::store_error;

const COMMUNITIES: &[&str] = &[
    "桂花园",
    "锦绣花园",
    "滨江苑",
    "幸福里",
    "翠湖小区",
    "阳光新城",
    "和平社区",
    "育才小区",
];
const MULTI: &str = "学府小区";
/// Name, plan per 100 graduates, share of the plan allotted (%).
const HIGH_SCHOOLS: &[(&str, u32, u64)] = &[
    ("第一中学", 22, 55),
    ("第二中学", 18, 52),
    ("实验中学", 15, 48),
];

fn street(zone: Option<&str>) -> String {
    let base = zone.unwrap_or("城关学区");
    format!("{}街道", base.strip_suffix("学区").unwrap_or(base))
}

fn community(k: usize) -> String {
    let name = COMMUNITIES[k % COMMUNITIES.len()];
    match k / COMMUNITIES.len() {
        0 => name.to_owned(),
        round => format!("{name}{}期", round + 1),
    }
}

/// The schools of a 学段 by 学区, each with its 小区.
fn by_zone(year: &[SchoolRecord], section: Section) -> BTreeMap<String, Vec<&SchoolRecord>> {
    let mut zones: BTreeMap<String, Vec<&SchoolRecord>> = BTreeMap::new();
    for s in year {
        if s.kind.has(section) && s.students(section) > 0 {
            zones.entry(street(s.zone.as_deref())).or_default().push(s);
        }
    }
    for schools in zones.values_mut() {
        schools.sort_by(|a, b| a.code.cmp(&b.code));
    }
    zones
}

struct Files {
    catchments: Vec<CatchmentRow>,
    entrants: Vec<EntrantCount>,
    quotas: Vec<QuotaRow>,
}

fn files(year: &[SchoolRecord]) -> Files {
    let first = |setting: UrbanRural, section: Section| {
        year.iter()
            .filter(|s| s.urban_rural == Some(setting) && s.kind.has(section))
            .map(|s| s.code.clone())
            .min()
    };
    let private = first(UrbanRural::Urban, Section::Primary);
    let boarding = first(UrbanRural::Town, Section::Junior);
    let mut catchments = Vec::new();
    let mut entrants = Vec::new();
    let row =
        |section, place: Option<Place>, school: &SchoolCode, zone: Option<String>| CatchmentRow {
            section,
            place,
            school: school.clone(),
            lottery_zone: zone,
            private: Some(school) == private.as_ref(),
            boarding: Some(school) == boarding.as_ref(),
        };
    for section in Section::EVALUATED {
        let grades = if section == Section::Primary { 6 } else { 3 };
        for (street, schools) in by_zone(year, section) {
            let multi = schools.len() > 1;
            for (k, s) in schools.iter().enumerate() {
                let intake = (s.students(section) / grades).max(1);
                if Some(&s.code) == private.as_ref() && section == Section::Primary {
                    catchments.push(row(section, None, &s.code, None));
                    entrants.push(EntrantCount {
                        section,
                        school: s.code.clone(),
                        home: Place::new(&street, Some(&community(k))),
                        pupils: intake,
                    });
                    continue;
                }
                let home = Place::new(&street, Some(&community(k)));
                catchments.push(row(section, Some(home.clone()), &s.code, None));
                let away = match section {
                    Section::Primary if k % 3 == 0 => 1 + (k as u32 % 2),
                    Section::Primary => 0,
                    _ => intake / 50,
                }
                .min(intake);
                let mut local = intake - away;
                if multi {
                    let shared = Place::new(&street, Some(MULTI));
                    let zone = Some(format!("{}派位区", street.trim_end_matches("街道")));
                    catchments.push(row(section, Some(shared.clone()), &s.code, zone));
                    let from_shared = local / 5;
                    local -= from_shared;
                    if from_shared > 0 {
                        entrants.push(EntrantCount {
                            section,
                            school: s.code.clone(),
                            home: shared,
                            pupils: from_shared,
                        });
                    }
                }
                for (home, pupils) in [(home, local), (Place::new("外区", None), away)] {
                    if pupils > 0 {
                        entrants.push(EntrantCount {
                            section,
                            school: s.code.clone(),
                            home,
                            pupils,
                        });
                    }
                }
            }
        }
    }
    Files {
        catchments,
        entrants,
        quotas: quotas(year),
    }
}

fn quotas(year: &[SchoolRecord]) -> Vec<QuotaRow> {
    let juniors: Vec<(&SchoolRecord, u32)> = year
        .iter()
        .filter(|s| s.kind.has(Section::Junior) && s.junior.students >= 3)
        .map(|s| (s, s.junior.students / 3))
        .collect();
    let graduates: u32 = juniors.iter().map(|(_, g)| g).sum();
    if juniors.is_empty() {
        return Vec::new();
    }
    let weight = |s: &SchoolRecord| match s.urban_rural {
        Some(UrbanRural::Rural) => 13,
        Some(UrbanRural::Urban) => 8,
        _ => 10,
    };
    let weighted: u64 = juniors.iter().map(|(s, g)| u64::from(*g) * weight(s)).sum();
    let highs = if juniors.len() >= 8 { 3 } else { 2 };
    let mut rows = Vec::new();
    for (high, per_hundred, share) in &HIGH_SCHOOLS[..highs] {
        let plan = (graduates * per_hundred / 100).max(10);
        let allotted = u64::from(plan) * share / 100;
        for (s, g) in &juniors {
            let quota = allotted * u64::from(*g) * weight(s) / weighted.max(1);
            rows.push(QuotaRow {
                high_school: (*high).to_owned(),
                plan,
                junior: s.code.clone(),
                quota: u32::try_from(quota).unwrap_or(0),
                graduates: *g,
            });
        }
    }
    rows
}

/// Seeds the three files of the latest year of `records`; returns how many rows they hold.
pub(crate) async fn seed(
    store: &DistrictStore,
    records: &[SchoolRecord],
    seed: u64,
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
    let f = files(&year);
    let mut written = 0;
    for (rows, name) in [
        (ZoningRows::Catchments(&f.catchments), "演示划片表.xlsx"),
        (ZoningRows::Entrants(&f.entrants), "演示新生来源表.xlsx"),
        (ZoningRows::Quotas(&f.quotas), "演示指标到校表.xlsx"),
    ] {
        let n = match rows {
            ZoningRows::Catchments(r) => r.len(),
            ZoningRows::Entrants(r) => r.len(),
            ZoningRows::Quotas(r) => r.len(),
        };
        if n == 0 {
            continue;
        }
        let sha256 =
            junheng_app::classroom::digest(format!("demo {name} {seed} {latest}").as_bytes());
        store
            .import_zoning_file(latest, rows, name, &sha256, actor)
            .await
            .map_err(store_error)?;
        written += n;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};
    use junheng_core::seats::zoning::{ZoningRules, nearby_items, quota_report};

    use super::*;

    #[test]
    fn the_demo_fails_primary_meets_junior_and_tilts_to_rural() {
        let year = generate(&DemoSpec {
            schools: 40,
            seed: 3,
            year: 2024,
        });
        let f = files(&year);
        let rules = ZoningRules::default();
        let [primary, junior] = nearby_items(&rules, &year, &f.catchments, &f.entrants);
        assert_eq!(primary.met, Some(false));
        assert_eq!(junior.met, Some(true));
        assert!(primary.excluded.private == 1 && !primary.below.is_empty());
        let map = junheng_core::seats::zoning::catchment_map(&f.catchments);
        assert!(
            map.iter()
                .any(|p| p.mode == junheng_core::seats::zoning::ZoningMode::Multi)
        );
        let q = quota_report(&rules, &year, &f.quotas);
        assert_eq!(q.met, Some(true));
        assert_eq!(q.rural_tilt, Some(true));
        assert!((2..=3).contains(&q.high_schools.len()));
    }
}
