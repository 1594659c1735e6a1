//! `GET /health/vision/{id}/referrals?school=&class=[&format=xlsx]`: the referral list of a
//! screening round at a school (`junheng_app::health::vision::referrals`, compared with the
//! previous screening round) — every child myopic, with reduced vision, newly myopic or
//! progressing, with why and what to do — for named sight only: the school's 校医 (any class),
//! the class's 班主任 (their class). Every read is recorded, the workbook's under its file name.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::health::vision::{Counts as VisionFileCounts, Referral, glasses_label, referrals};
use junheng_app::health::who::Sight;
use junheng_core::health::vision::{Change, Eye};
use junheng_store::{HealthKind, NamedStudent};

use super::{
    caller, class_param, class_query, class_text, counts_of, named, need_keys, own_class, refusal,
    round_of, school_names, school_param, school_text, sight_of, what,
};
use crate::access::Member;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{Layout, render};

/// The columns of the referral list.
const COLUMNS: &[Column] = &[
    Column::plain("name", "health-col-name"),
    Column::plain("number", "health-col-number"),
    Column::choice("class", "health-col-class"),
    Column::choice("sex", "health-col-sex"),
    Column::plain("right", "health-col-right-acuity"),
    Column::plain("left", "health-col-left-acuity"),
    Column::plain("right_se", "health-col-right-se"),
    Column::plain("left_se", "health-col-left-se"),
    Column::choice("finding", "health-col-finding"),
    Column::choice("change", "health-col-change"),
    Column::choice("reason", "health-col-reason"),
    Column::choice("glasses", "health-col-glasses"),
];

/// A child's change between two screenings, in Chinese (data, as the engine's findings are).
pub(super) fn change_label(c: Change) -> &'static str {
    match c {
        Change::NewMyopia => "新发近视",
        Change::Progressed => "近视进展较快",
        Change::Myopic => "近视，进展未超过阈值",
        Change::NotMyopic => "未筛出近视",
        Change::NoLongerMyopic => "本次未筛出近视（建议复查）",
        Change::Unknown => "无法比较",
    }
}

#[derive(Template)]
#[template(path = "health_referrals.html")]
struct Page {
    layout: Layout,
    round: String,
    /// The round compared with, or empty.
    previous: String,
    school: String,
    list: Option<ListView>,
    /// (value, shown, selected) of the class filter, for the school's 校医.
    class_choices: Vec<(String, String, bool)>,
    progression: f64,
}

fn acuity(e: &Eye) -> Value {
    e.uncorrected
        .map_or(Value::Empty, |a| Value::Decimal(f64::from(a.0) / 10.0, 1))
}

fn se(e: &Eye) -> Value {
    e.twice_se()
        .map_or(Value::Empty, |t| Value::Decimal(f64::from(t) / 2000.0, 2))
}

fn referral_row(r: &Referral, name: Option<&NamedStudent>) -> Row {
    let rec = &r.record;
    Row::new(vec![
        Value::maybe(name.map(|n| n.name.clone())),
        Value::maybe(name.map(|n| n.number_masked.clone())),
        Value::text(class_text(r.grade, &r.class)),
        Value::Label(if rec.male {
            "students-male"
        } else {
            "students-female"
        }),
        acuity(&rec.right),
        acuity(&rec.left),
        se(&rec.right),
        se(&rec.left),
        Value::text(r.finding.label()),
        r.change
            .map_or(Value::Empty, |c| Value::text(change_label(c))),
        Value::text(r.reason()),
        Value::text(glasses_label(&rec.glasses)),
    ])
    .link(format!("/health/child/{}", r.student))
}

/// `GET /health/vision/{id}/referrals`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sight = sight_of(&viewer, HealthKind::Vision);
    if !named(&sight) {
        return Err(AppError::Forbidden);
    }
    let round = round_of(&here, id, HealthKind::Vision).await?;
    let school = match school_param(&pairs)?.or_else(|| sight.school().cloned()) {
        Some(s) if sight.aggregates_of(Some(&s)) => s,
        Some(_) => return Err(AppError::Forbidden),
        None => {
            return Err(AppError::bad_request(crate::msg!("health-school-missing")));
        }
    };
    let asked = class_param(&pairs)?;
    let counts: Option<VisionFileCounts> = here
        .store
        .health_files(round.id, false)
        .await?
        .iter()
        .find(|f| f.school == school)
        .map(counts_of)
        .transpose()?;
    let mut classes: Vec<(u8, String)> = counts
        .iter()
        .flat_map(|c| c.groups.iter().map(|((g, c, _), _)| (*g, c.clone())))
        .collect();
    classes.dedup();
    let class = match &sight {
        Sight::Named {
            class: Some(mine), ..
        } => {
            let own = own_class(mine, classes.iter().map(|(g, c)| (*g, c.as_str())));
            if asked.is_some() && asked != own {
                return Err(AppError::Forbidden);
            }
            // A class the file does not have: nothing to open.
            Some(own.unwrap_or((0, String::new())))
        }
        _ => asked.clone(),
    };
    let rounds = here.store.health_rounds(HealthKind::Vision).await?;
    let previous = rounds
        .iter()
        .position(|r| r.id == round.id)
        .and_then(|i| i.checked_sub(1))
        .map(|i| rounds[i].clone());
    let names = school_names(&here).await?;
    let file = format!("视力复查名单-{}-{school}", round.name);
    let list = List::new(COLUMNS, pairs, &["school", "class"])?.with_inputs(&["class"]);
    let read_as = if list.is_download() {
        format!("{file}.{}", if list.is_xlsx() { "xlsx" } else { "csv" })
    } else {
        what(&viewer)
    };
    let keys = need_keys(&here)?;
    let progression = state.config.health.vision.progression_dioptres;
    let listed = match &class {
        Some((0, _)) => Vec::new(),
        _ => referrals(
            &here.store,
            keys,
            &caller(&viewer),
            &round,
            previous.as_ref(),
            &school,
            class.as_ref().map(|(g, c)| (*g, c.as_str())),
            progression,
            &read_as,
        )
        .await
        .map_err(refusal)?,
    };
    let ids: Vec<i64> = listed.iter().map(|r| r.student).collect();
    let named: HashMap<i64, NamedStudent> = here
        .store
        .named_students(keys, &ids, &viewer.actor(), &read_as)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let rows: Vec<Row> = listed
        .iter()
        .map(|r| referral_row(r, named.get(&r.student)))
        .collect();
    let class_choices = match &sight {
        Sight::Named { class: None, .. } | Sight::Everything => classes
            .iter()
            .map(|(g, c)| {
                (
                    class_query(*g, c),
                    class_text(*g, c),
                    asked.as_ref().is_some_and(|(x, y)| x == g && y == c),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let page = Page {
        layout: Layout::new("health-referrals-title", &viewer),
        round: round.name.clone(),
        previous: previous.map(|p| p.name).unwrap_or_default(),
        school: school_text(&names, &school),
        list: None,
        class_choices,
        progression,
    };
    list.respond(&rows, &file, "视力复查名单", move |view| {
        let mut page = page;
        page.list = Some(view);
        render(&page)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_app::health::vision::VisionRecord;
    use junheng_core::health::vision::{Acuity, Dioptres, Finding};

    #[test]
    fn a_referral_row_gives_each_eye_and_why() {
        let eye = Eye {
            uncorrected: Some(Acuity(46)),
            sphere: Some(Dioptres(-1_250)),
            cylinder: Some(Dioptres(-500)),
        };
        let record = VisionRecord {
            male: false,
            right: eye,
            left: Eye::default(),
            glasses: "frame".into(),
            date: None,
        };
        let r = Referral {
            student: 3,
            grade: 4,
            class: "2班".into(),
            finding: record.finding(),
            change: Some(Change::NewMyopia),
            record,
        };
        assert!(matches!(r.finding, Finding::Myopic(_)));
        let row = referral_row(&r, None);
        assert_eq!(row.values.len(), COLUMNS.len());
        assert_eq!(row.values[4], Value::Decimal(4.6, 1));
        assert_eq!(row.values[6], Value::Decimal(-1.5, 2));
        assert_eq!(row.values[9], Value::text("新发近视"));
        assert_eq!(row.values[11], Value::text("框架眼镜"));
        assert_eq!(row.href.as_deref(), Some("/health/child/3"));
    }
}
