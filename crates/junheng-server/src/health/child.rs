//! `GET /health/child/{id}`: a child's health report card, printable for the school and the
//! parents — every 体质健康 round (each item's result, score and weight, 标准分, 附加分, 学年总分,
//! 等级, the scoring pack), the 毕业成绩 of a child in grade 6 or 9 with other years, and every
//! 视力 round (each eye, SE, what it finds, the change since the previous screening).
//!
//! Only named sight covering the child's current school and class reads it (the school's 校医,
//! the class's 班主任); anyone else, and any id the district does not know, gets the same 403
//! before anything is opened. Each round is opened for this child alone (never their 心理
//! records), every read recorded.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::health::fitness::{FitnessRecord, Status};
use junheng_app::health::vision::{VisionRecord, glasses_label};
use junheng_core::health::fitness::{Item, ItemScore, Level, Pack, bmi_tenths};
use junheng_core::health::vision::{Dioptres, Eye, change, eye_finding};
use junheng_store::{HealthKind, HealthRound, OpenedRecord};

use super::fitness::status_key;
use super::vision::change_label;
use super::{
    class_text, item_key, level_key, named, need_keys, refusal, school_names, school_text,
    sight_of, what,
};
use crate::access::Member;
use crate::error::AppError;
use crate::params::Path;
use crate::state::AppState;
use crate::views::{Layout, render};

/// An item of a 体质健康 round.
struct ItemLine {
    label: &'static str,
    /// The result with its unit (data).
    result: String,
    /// The score, or empty.
    score: String,
    /// 未评分: no table for it.
    unscored: bool,
    weight: u32,
}

/// A 体质健康 round of the child.
struct FitnessCard {
    round: String,
    on_date: String,
    year: String,
    class: String,
    school: String,
    status: &'static str,
    retest: bool,
    items: Vec<ItemLine>,
    bmi_category: String,
    standard: String,
    bonus: String,
    total: String,
    /// 等级's key, or 未评分's, or empty (not tested).
    level: &'static str,
}

/// An eye of a screening.
struct EyeLine {
    side: &'static str,
    acuity: String,
    sphere: String,
    cylinder: String,
    se: String,
    finding: &'static str,
}

/// A 视力 round of the child.
struct VisionCard {
    round: String,
    on_date: String,
    class: String,
    eyes: [EyeLine; 2],
    finding: &'static str,
    change: &'static str,
    glasses: &'static str,
}

/// 毕业成绩: 毕业当年学年总分 × 50% + 其他学年总分平均得分 × 50%.
struct Graduation {
    /// How it is made, in the page's language.
    sentence: String,
    result: String,
    level: &'static str,
}

#[derive(Template)]
#[template(path = "health_child.html")]
struct Page {
    layout: Layout,
    name: String,
    number: String,
    school: String,
    class: String,
    pack: String,
    fitness: Vec<FitnessCard>,
    graduation: Option<Graduation>,
    vision: Vec<VisionCard>,
}

/// A result in an item's units as people write it: decimals as the item keeps them, times over a
/// minute as 1'52".
fn result_text(item: Item, v: i64) -> String {
    if matches!(item, Item::Shuttle50x8 | Item::Endurance) && v >= 60 {
        return format!("{}'{:02}\"", v / 60, v % 60);
    }
    match item.decimals() {
        0 => v.to_string(),
        d => {
            let x = v as f64 / 10f64.powi(d as i32);
            format!("{x:.*}", d as usize)
        }
    }
}

/// The unit of an item's results (data, in Chinese).
fn unit(item: Item) -> &'static str {
    match item {
        Item::Bmi => "kg/m²",
        Item::VitalCapacity => "毫升",
        Item::Run50m | Item::Shuttle50x8 | Item::Endurance => "秒",
        Item::SitAndReach | Item::StandingLongJump => "厘米",
        Item::RopeSkipping | Item::Situp | Item::PullUp => "次",
    }
}

/// Hundredths of a point as a score: `87.35`.
fn points(h: u32) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

fn fitness_card(
    round: &HealthRound,
    r: &OpenedRecord,
    rec: &FitnessRecord,
    pack: &Pack,
    school: String,
) -> FitnessCard {
    let scored = rec.score(pack, r.grade);
    let attempt = rec.counted();
    let items = scored
        .as_ref()
        .map(|s| {
            s.items
                .iter()
                .map(|(item, weight, outcome)| {
                    let value = if *item == Item::Bmi {
                        attempt
                            .weight
                            .zip(attempt.height)
                            .and_then(|(w, h)| bmi_tenths(w, h))
                    } else {
                        attempt.results.get(item.id()).copied()
                    };
                    ItemLine {
                        label: item_key(*item),
                        result: value.map_or_else(String::new, |v| {
                            format!("{} {}", result_text(*item, v), unit(*item))
                        }),
                        score: match outcome {
                            ItemScore::Scored(v) => v.to_string(),
                            _ => String::new(),
                        },
                        unscored: *outcome == ItemScore::Unscored,
                        weight: *weight,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    FitnessCard {
        round: round.name.clone(),
        on_date: round.on_date.clone(),
        year: junheng_core::school::school_year(round.year),
        class: class_text(r.grade, &r.class),
        school,
        status: status_key(rec.status),
        retest: rec.retest.is_some(),
        items,
        bmi_category: scored
            .as_ref()
            .and_then(|s| s.bmi_category.clone())
            .unwrap_or_default(),
        standard: scored
            .as_ref()
            .and_then(|s| s.standard)
            .map_or_else(String::new, points),
        bonus: scored
            .as_ref()
            .map_or_else(String::new, |s| points(s.bonus)),
        total: scored
            .as_ref()
            .and_then(|s| s.total)
            .map_or_else(String::new, points),
        level: match (&scored, rec.status) {
            (_, Status::Exempt | Status::Deferred) => "",
            (Some(s), _) => s
                .total
                .map_or("health-unscored", |t| level_key(Level::of(t))),
            (None, _) => "",
        },
    }
}

/// 毕业成绩 of a child in grade 6 or 9: `years` are (school year, grade, 学年总分) of each school
/// year's latest round; `None` unless the graduation year and at least one other year of the
/// same stage (小学 1–5, 初中 7–8) all have a 学年总分.
fn graduation(grade: u8, years: &[(i32, u8, Option<u32>)]) -> Option<(u32, f64, usize, f64)> {
    let stage = match grade {
        6 => 1..=5,
        9 => 7..=8,
        _ => return None,
    };
    let (_, _, last) = years.iter().rev().find(|(_, g, _)| *g == grade)?;
    let last = (*last)?;
    let others: Vec<Option<u32>> = years
        .iter()
        .filter(|(_, g, _)| stage.contains(g))
        .map(|(_, _, t)| *t)
        .collect();
    if others.is_empty() || others.iter().any(Option::is_none) {
        return None;
    }
    let mean = others.iter().flatten().map(|t| f64::from(*t)).sum::<f64>() / others.len() as f64;
    let result = 0.5 * f64::from(last) + 0.5 * mean;
    Some((last, mean, others.len(), result))
}

fn eye_line(side: &'static str, e: &Eye) -> EyeLine {
    EyeLine {
        side,
        acuity: e.uncorrected.map_or_else(String::new, |a| a.to_string()),
        sphere: e.sphere.map_or_else(String::new, |d| d.to_string()),
        cylinder: e.cylinder.map_or_else(String::new, |d| d.to_string()),
        se: e.twice_se().map_or_else(String::new, |t| {
            let s = format!("{:+.3}", f64::from(t) / 2000.0);
            s.strip_suffix('0').map_or(s.clone(), str::to_owned)
        }),
        finding: eye_finding(e).label(),
    }
}

fn vision_card(
    round: &HealthRound,
    r: &OpenedRecord,
    rec: &VisionRecord,
    before: Option<&VisionRecord>,
    progression: Dioptres,
) -> VisionCard {
    VisionCard {
        round: round.name.clone(),
        on_date: rec.date.clone().unwrap_or_else(|| round.on_date.clone()),
        class: class_text(r.grade, &r.class),
        eyes: [
            eye_line("health-right-eye", &rec.right),
            eye_line("health-left-eye", &rec.left),
        ],
        finding: rec.finding().label(),
        change: before.map_or("", |b| {
            change_label(change(
                (&b.right, &b.left),
                (&rec.right, &rec.left),
                progression,
            ))
        }),
        glasses: glasses_label(&rec.glasses),
    }
}

/// `GET /health/child/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sight = sight_of(&viewer, HealthKind::Fitness);
    if !named(&sight) {
        return Err(AppError::Forbidden);
    }
    // Where the child is now decides, before anything is opened: the same 403 for a child of
    // another school or class as for one the district does not know.
    let entries = here.store.latest_entries(&[id]).await?;
    let Some((school, _, entry)) = entries.get(&id) else {
        return Err(AppError::Forbidden);
    };
    if !sight.names_at(school, entry.grade, &entry.class) {
        return Err(AppError::Forbidden);
    }
    let keys = need_keys(&here)?;
    let actor = viewer.actor();
    let read_as = what(&viewer);
    let named = here
        .store
        .named_students(keys, &[id], &actor, &read_as)
        .await?
        .pop();
    let names = school_names(&here).await?;
    let pack = junheng_app::health::fitness::pack(&here.store)
        .await
        .map_err(refusal)?;
    let progression =
        Dioptres((state.config.health.vision.progression_dioptres * 1000.0).round() as i32);
    let mut fitness = Vec::new();
    let mut years: Vec<(i32, u8, Option<u32>)> = Vec::new();
    for round in here.store.health_rounds(HealthKind::Fitness).await? {
        let opened = here
            .store
            .open_health(keys, &round, None, None, Some(&[id]), &actor, &read_as)
            .await?;
        for r in opened {
            let rec = junheng_app::health::fitness::decode(&r).map_err(refusal)?;
            let total = rec.score(&pack, r.grade).and_then(|s| s.total);
            years.retain(|(y, ..)| *y != round.year);
            years.push((round.year, r.grade, total));
            fitness.push(fitness_card(
                &round,
                &r,
                &rec,
                &pack,
                school_text(&names, &r.school),
            ));
        }
    }
    let mut vision = Vec::new();
    let mut before: Option<VisionRecord> = None;
    for round in here.store.health_rounds(HealthKind::Vision).await? {
        let opened = here
            .store
            .open_health(keys, &round, None, None, Some(&[id]), &actor, &read_as)
            .await?;
        for r in opened {
            let rec = junheng_app::health::vision::decode(&r).map_err(refusal)?;
            vision.push(vision_card(&round, &r, &rec, before.as_ref(), progression));
            before = Some(rec);
        }
    }
    let graduation = graduation(entry.grade, &years).map(|(last, mean, n, result)| {
        let hundredths = (result).round() as u32;
        Graduation {
            sentence: viewer.lang.tf(
                "health-graduation-sentence",
                &[
                    ("a", points(last).into()),
                    ("b", format!("{:.2}", mean / 100.0).into()),
                    ("c", n.into()),
                ],
            ),
            result: format!("{:.2}", result / 100.0),
            level: level_key(Level::of(hundredths)),
        }
    });
    let title = named
        .as_ref()
        .filter(|n| !n.reduced)
        .map_or_else(|| "health-child-title".to_owned(), |n| n.name.clone());
    Ok(render(&Page {
        layout: Layout::new(title, &viewer),
        name: named.as_ref().map(|n| n.name.clone()).unwrap_or_default(),
        number: named
            .as_ref()
            .map(|n| n.number_masked.clone())
            .unwrap_or_default(),
        school: school_text(&names, school),
        class: class_text(entry.grade, &entry.class),
        pack: pack.version.clone(),
        fitness,
        graduation,
        vision,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graduation_is_half_the_last_year_and_half_the_mean_of_the_others() {
        // 小学: grades 1–5 averaged, grade 6 the graduation year.
        let years = [
            (2019, 1, Some(8_000)),
            (2020, 2, Some(8_200)),
            (2021, 3, Some(7_800)),
            (2022, 4, Some(8_000)),
            (2023, 5, Some(8_500)),
            (2024, 6, Some(9_000)),
        ];
        let (last, mean, n, result) = graduation(6, &years).unwrap();
        assert_eq!((last, n), (9_000, 5));
        assert!((mean - 8_100.0).abs() < 1e-9);
        assert!((result - 8_550.0).abs() < 1e-9);
        // Not graduating, no other year, or a year 未评分: none.
        assert!(graduation(5, &years).is_none());
        assert!(graduation(9, &[(2024, 9, Some(8_000))]).is_none());
        assert!(graduation(9, &[(2023, 8, None), (2024, 9, Some(8_000))]).is_none());
        let junior = [
            (2023, 8, Some(7_000)),
            (2024, 9, Some(8_000)),
            (2022, 6, Some(9_900)),
        ];
        let (_, mean, n, _) = graduation(9, &junior).unwrap();
        assert_eq!((mean, n), (7_000.0, 1));
    }

    #[test]
    fn results_are_written_as_people_write_them() {
        assert_eq!(result_text(Item::Run50m, 112), "11.2");
        assert_eq!(result_text(Item::SitAndReach, -35), "-3.5");
        assert_eq!(result_text(Item::Endurance, 245), "4'05\"");
        assert_eq!(result_text(Item::Shuttle50x8, 58), "58");
        assert_eq!(result_text(Item::VitalCapacity, 1180), "1180");
        assert_eq!(points(8_735), "87.35");
        let e = Eye {
            uncorrected: None,
            sphere: Some(Dioptres(-1_250)),
            cylinder: Some(Dioptres(-500)),
        };
        assert_eq!(eye_line("health-right-eye", &e).se, "-1.50");
    }
}
