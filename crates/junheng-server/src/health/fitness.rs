//! `GET /health/fitness/{id}?school=&class=[&format=xlsx]`: a 体质健康 round at a school — its
//! classes' rates for whoever sees the school's aggregates (small groups hidden from the aggregate
//! roles), and for named sight (the school's 校医, the class's 班主任) the children by name with
//! each one's item scores, 标准分, 附加分, 学年总分 and 等级 computed from the district's scoring
//! pack, linked to their report card. The named list and its workbook are read through
//! `open_health` and `named_students`: every read is recorded, the workbook's under its file name.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::health::fitness::{Counts as FitnessCounts, FitnessRecord, Status, Tally, decode};
use junheng_app::health::who::Sight;
use junheng_core::health::fitness::{Item, ItemScore, Level, Scored};
use junheng_store::{HealthKind, NamedStudent};

use super::scoped::Rates;
use super::{
    Cell, Table, class_param, class_query, class_text, counts_of, export, level_key, named,
    need_keys, own_class, refusal, round_of, school_names, school_param, school_text, sight_of,
    what,
};
use crate::access::Member;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// The columns of the named list.
const COLUMNS: &[Column] = &[
    Column::plain("name", "health-col-name"),
    Column::plain("number", "health-col-number"),
    Column::choice("class", "health-col-class"),
    Column::choice("sex", "health-col-sex"),
    Column::choice("status", "health-col-status"),
    Column::plain("bmi", "health-item-bmi"),
    Column::plain("vital_capacity", "health-item-vital-capacity"),
    Column::plain("run50m", "health-item-run50m"),
    Column::plain("sit_and_reach", "health-item-sit-and-reach"),
    Column::plain("rope_skipping", "health-item-rope-skipping"),
    Column::plain("situp", "health-item-situp"),
    Column::plain("shuttle", "health-item-shuttle"),
    Column::plain("long_jump", "health-item-long-jump"),
    Column::plain("pull_up", "health-item-pull-up"),
    Column::plain("endurance", "health-item-endurance"),
    Column::plain("standard", "health-col-standard"),
    Column::plain("bonus", "health-col-bonus"),
    Column::plain("total", "health-col-total-score"),
    Column::choice("level", "health-col-level"),
];

#[derive(Template)]
#[template(path = "health_fitness.html")]
struct Page {
    layout: Layout,
    round: String,
    /// The school shown (data), empty while one is to be chosen.
    school: String,
    school_code: String,
    /// (code, shown) of the schools with a file in the round, to choose from.
    picker: Vec<(String, String)>,
    classes: Option<Table>,
    list: Option<ListView>,
    /// Whether the viewer reads names here (the list, or why there is none).
    named: bool,
    /// (value, shown, selected) of the class filter, for the school's 校医.
    class_choices: Vec<(String, String, bool)>,
    pack: String,
    min_cell: u64,
}

/// A score in hundredths of a point, as the list holds it.
fn points(hundredths: u32) -> Value {
    Value::Decimal(f64::from(hundredths) / 100.0, 2)
}

/// The catalogue key of a 测试状态.
pub(super) fn status_key(s: Status) -> &'static str {
    match s {
        Status::Tested => "health-status-tested",
        Status::Exempt => "health-status-exempt",
        Status::Deferred => "health-status-deferred",
    }
}

/// A child's row: who, where, every item's score (empty when the grade does not test it).
fn child_row(
    id: i64,
    grade: u8,
    class: &str,
    record: &FitnessRecord,
    scored: Option<&Scored>,
    name: Option<&NamedStudent>,
) -> Row {
    let mut values = vec![
        Value::maybe(name.map(|n| n.name.clone())),
        Value::maybe(name.map(|n| n.number_masked.clone())),
        Value::text(class_text(grade, class)),
        Value::Label(if record.male {
            "students-male"
        } else {
            "students-female"
        }),
        Value::Label(status_key(record.status)),
    ];
    for item in Item::ALL {
        let outcome = scored.and_then(|s| s.items.iter().find(|(i, ..)| *i == item));
        values.push(match outcome.map(|(_, _, o)| o) {
            Some(ItemScore::Scored(v)) => Value::Int(i64::from(*v)),
            Some(ItemScore::Unscored) => Value::Label("health-unscored"),
            Some(ItemScore::Missing) | None => Value::Empty,
        });
    }
    match scored {
        Some(s) => {
            values.push(s.standard.map_or(Value::Empty, points));
            values.push(points(s.bonus));
            values.push(s.total.map_or(Value::Label("health-unscored"), points));
            values.push(s.total.map_or(Value::Label("health-unscored"), |t| {
                Value::Label(level_key(Level::of(t)))
            }));
        }
        None => values.extend(std::iter::repeat_n(Value::Empty, 4)),
    }
    let row = Row::new(values).link(format!("/health/child/{id}"));
    match scored.and_then(|s| s.total) {
        Some(t) if Level::of(t) == Level::Fail => row.class(18, "fail"),
        _ => row,
    }
}

/// The classes' rates of a school's file: exact and linked to their named list for the classes
/// the viewer reads by name (`link`), small groups hidden in the others.
fn class_table(counts: &FitnessCounts, k: u64, link: impl Fn(u8, &str) -> Option<String>) -> Table {
    let mut classes: BTreeMap<(u8, String), Tally> = BTreeMap::new();
    for ((g, c, _), t) in &counts.groups {
        classes.entry((*g, c.clone())).or_default().merge(t);
    }
    let rate = |status: &str, v: Option<f64>| match (status, v) {
        ("rated", Some(v)) => Cell::num(format!("{v:.1}")),
        ("unscored", _) => Cell::label("health-unscored"),
        _ => Cell::num("*"),
    };
    Table {
        id: "classes",
        title: "health-classes-title",
        sheet: "体质健康-班级",
        headers: vec![
            "health-col-class",
            "health-col-tested",
            "health-col-pass-rate",
            "health-col-good-rate",
            "health-col-excellent-rate",
            "health-col-unscored",
        ],
        rows: classes
            .iter()
            .map(|((g, c), t)| {
                let href = link(*g, c);
                let r = Rates::of(t, href.is_some(), k);
                let mut first = Cell::text(class_text(*g, c));
                if let Some(href) = href {
                    first = first.link(href);
                }
                vec![
                    first,
                    Cell::num(r.tested.clone()),
                    rate(r.status, r.pass),
                    rate(r.status, r.good),
                    rate(r.status, r.excellent),
                    Cell::num(r.unscored.clone()),
                ]
            })
            .collect(),
    }
}

/// `GET /health/fitness/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sight = sight_of(&viewer, HealthKind::Fitness);
    if matches!(sight, Sight::Nothing | Sight::Tiers { .. }) {
        return Err(AppError::Forbidden);
    }
    let round = round_of(&here, id, HealthKind::Fitness).await?;
    let asked = school_param(&pairs)?;
    let class = class_param(&pairs)?;
    let k = state.config.students.min_cell;
    let names = school_names(&here).await?;
    let files = here.store.health_files(round.id, false).await?;
    let pack = junheng_app::health::fitness::pack(&here.store)
        .await
        .map_err(refusal)?;
    let mut page = Page {
        layout: Layout::new("health-fitness-title", &viewer),
        round: round.name.clone(),
        school: String::new(),
        school_code: String::new(),
        picker: Vec::new(),
        classes: None,
        list: None,
        named: named(&sight),
        class_choices: Vec::new(),
        pack: pack.version.clone(),
        min_cell: k,
    };
    let Some(school) = asked.or_else(|| sight.school().cloned()) else {
        // The district's sight: which school?
        page.picker = files
            .iter()
            .map(|f| (f.school.to_string(), school_text(&names, &f.school)))
            .collect();
        return Ok(render(&page));
    };
    if !sight.aggregates_of(Some(&school)) {
        return Err(AppError::Forbidden);
    }
    page.school = school_text(&names, &school);
    page.school_code = school.to_string();
    let counts: Option<FitnessCounts> = files
        .iter()
        .find(|f| f.school == school)
        .map(counts_of)
        .transpose()?;
    let file_name = format!("体质健康-{}-{school}", round.name);
    let Some(counts) = counts else {
        return Ok(render(&page));
    };
    let link_class = |g: u8, c: &str| {
        sight.names_at(&school, g, c).then(|| {
            format!(
                "?school={school}&class={}",
                crate::views::urlencode(&class_query(g, c))
            )
        })
    };
    let classes = class_table(&counts, k, link_class);
    if !named(&sight) {
        if pairs.iter().any(|(k, v)| k == "format" && v == "xlsx") {
            let bytes = junheng_io::export::write_xlsx(&[classes.sheet()])
                .map_err(|e| AppError::Internal(e.to_string()))?;
            return export(
                &here,
                &viewer,
                "health.xlsx",
                "health".into(),
                &format!("{file_name}.xlsx"),
                bytes,
            )
            .await;
        }
        page.classes = Some(classes);
        return Ok(render(&page));
    }
    // Named sight: the class of a 班主任 is theirs; a 校医 may narrow the school to a class.
    let file_classes: Vec<(u8, &str)> = {
        let mut v: Vec<(u8, &str)> = counts
            .groups
            .iter()
            .map(|((g, c, _), _)| (*g, c.as_str()))
            .collect();
        v.dedup();
        v
    };
    let class = match &sight {
        Sight::Named {
            class: Some(mine), ..
        } => {
            let own = own_class(mine, file_classes.iter().copied());
            if class.is_some() && class != own {
                return Err(AppError::Forbidden);
            }
            match own {
                Some(c) => Some(c),
                None => {
                    page.classes = Some(classes);
                    return Ok(render(&page));
                }
            }
        }
        _ => {
            page.class_choices = file_classes
                .iter()
                .map(|(g, c)| {
                    (
                        class_query(*g, c),
                        class_text(*g, c),
                        class.as_ref().is_some_and(|(x, y)| x == g && y == c),
                    )
                })
                .collect();
            class
        }
    };
    let list = List::new(COLUMNS, pairs, &["school", "class"])?.with_inputs(&["class"]);
    let read_as = if list.is_download() {
        format!(
            "{file_name}.{}",
            if list.is_xlsx() { "xlsx" } else { "csv" }
        )
    } else {
        what(&viewer)
    };
    let keys = need_keys(&here)?;
    let actor = viewer.actor();
    let records = here
        .store
        .open_health(
            keys,
            &round,
            Some(&school),
            class.as_ref().map(|(g, c)| (*g, c.as_str())),
            None,
            &actor,
            &read_as,
        )
        .await?;
    let records: Vec<_> = records
        .into_iter()
        .filter(|r| sight.names_at(&r.school, r.grade, &r.class))
        .collect();
    let ids: Vec<i64> = records.iter().map(|r| r.student).collect();
    let named_students: HashMap<i64, NamedStudent> = here
        .store
        .named_students(keys, &ids, &actor, &read_as)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let mut rows = Vec::with_capacity(records.len());
    for r in &records {
        let rec = decode(r).map_err(refusal)?;
        let scored = rec.score(&pack, r.grade);
        rows.push(child_row(
            r.student,
            r.grade,
            &r.class,
            &rec,
            scored.as_ref(),
            named_students.get(&r.student),
        ));
    }
    page.classes = Some(classes);
    list.respond(&rows, &file_name, "体质健康名单", move |view| {
        page.list = Some(view);
        render(&page)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_app::health::fitness::Attempt;
    use junheng_core::health::fitness::Pack;

    #[test]
    fn a_childs_row_has_every_item_in_its_column() {
        let pack = Pack::builtin();
        let rec = FitnessRecord {
            male: true,
            status: Status::Tested,
            first: Attempt {
                height: Some(1254),
                weight: Some(246),
                results: [
                    ("vital_capacity", 1180),
                    ("run50m", 112),
                    ("sit_and_reach", 95),
                    ("rope_skipping_1min", 105),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            },
            retest: None,
        };
        let scored = rec.score(&pack, 2).unwrap();
        let row = child_row(7, 2, "1班", &rec, Some(&scored), None);
        assert_eq!(row.values.len(), COLUMNS.len());
        assert_eq!(row.href.as_deref(), Some("/health/child/7"));
        // 引体向上 is not a grade-2 item.
        assert_eq!(row.values[13], Value::Empty);
        assert!(matches!(row.values[6], Value::Int(_)));
        assert!(matches!(row.values[17], Value::Decimal(..)));
        let exempt = FitnessRecord {
            status: Status::Exempt,
            ..rec
        };
        let row = child_row(8, 2, "1班", &exempt, None, None);
        assert_eq!(row.values[4], Value::Label("health-status-exempt"));
        assert_eq!(row.values[17], Value::Empty);
    }
}
