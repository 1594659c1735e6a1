//! `GET /health/mental[?all=1][&format=xlsx]`: the 心理 cases the viewer reaches
//! (`junheng_app::health::cases::list`, every read recorded).
//!
//! * The keepers — the school's 心理教师, the district's 心理危机干预小组 — see each case's tier,
//!   why, who owns it, when its next action is due and whether that is past (SLA breaches counted
//!   at the top and marked), linked to the case.
//! * The 班主任 sees the cases of their class with **name, tier and action only**: no answers,
//!   scores, reasons, notes, and no link to a case.
//! * Anyone else gets 403.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::health::cases::{self, CaseLine};
use junheng_app::health::who::Sight;
use junheng_core::health::mental::Tier;
use junheng_store::{HealthKind, NamedStudent};

use super::{
    caller, class_text, keys, need_keys, param, refusal, school_names, school_text, sight_of,
    tier_key, today, what,
};
use crate::access::Member;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// The keepers' columns.
const KEEPER_COLUMNS: &[Column] = &[
    Column::plain("case", "health-col-case"),
    Column::plain("name", "health-col-name"),
    Column::plain("number", "health-col-number"),
    Column::choice("school", "health-col-school"),
    Column::choice("class", "health-col-class"),
    Column::choice("tier", "health-col-tier"),
    Column::plain("reasons", "health-col-reasons"),
    Column::plain("owner", "health-col-owner"),
    Column::plain("opened", "health-col-opened"),
    Column::plain("due", "health-col-due"),
    Column::choice("overdue", "health-col-overdue"),
    Column::choice("state", "health-col-case-state"),
];

/// The 班主任's columns: nothing but who, the tier and what to do.
const TEACHER_COLUMNS: &[Column] = &[
    Column::plain("name", "health-col-name"),
    Column::choice("tier", "health-col-tier"),
    Column::plain("action", "health-col-action"),
];

/// What the top of the keepers' page counts.
struct Counts {
    open: usize,
    overdue: usize,
    same_day: usize,
    /// (tier key, open cases of the tier).
    tiers: Vec<(&'static str, usize)>,
}

#[derive(Template)]
#[template(path = "health_mental.html")]
struct Page {
    layout: Layout,
    today: String,
    /// The keepers' page (else the 班主任's).
    keeper: bool,
    all: bool,
    counts: Option<Counts>,
    list: Option<ListView>,
}

fn keeper_row(
    line: &CaseLine,
    name: Option<&NamedStudent>,
    names: &std::collections::BTreeMap<junheng_core::school::SchoolCode, String>,
) -> Row {
    let c = &line.content;
    let open = line.case.closed_on.is_none();
    let mut row = Row::new(vec![
        Value::text(format!("#{}", line.case.id)),
        Value::maybe(name.map(|n| n.name.clone())),
        Value::maybe(name.map(|n| n.number_masked.clone())),
        Value::text(school_text(names, &line.case.school)),
        Value::text(class_text(line.grade, &line.class)),
        Value::Label(tier_key(c.tier)),
        Value::text(c.reasons.join("；")),
        Value::maybe(Some(c.owner.clone())),
        Value::text(line.case.opened_on.clone()),
        Value::text(line.case.due_on.clone()),
        if line.overdue {
            Value::Label("health-overdue")
        } else {
            Value::Empty
        },
        Value::Label(if open {
            "health-case-open"
        } else {
            "health-case-closed"
        }),
    ])
    .link(format!("/health/mental/cases/{}", line.case.id));
    if line.overdue {
        row = row.class(9, "fail").class(10, "fail");
    }
    if c.tier == Tier::Crisis || c.same_day_review {
        row = row.class(5, "fail");
    }
    row
}

fn teacher_row(line: &CaseLine, name: Option<&NamedStudent>) -> Row {
    Row::new(vec![
        Value::maybe(name.map(|n| n.name.clone())),
        Value::Label(tier_key(line.content.tier)),
        Value::text(line.content.action()),
    ])
}

/// `GET /health/mental`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let keeper = match sight_of(&viewer, HealthKind::Mental) {
        Sight::Everything | Sight::Named { class: None, .. } => true,
        Sight::Tiers { .. } => false,
        _ => return Err(AppError::Forbidden),
    };
    let all = param(&pairs, "all") == Some("1");
    let today = today();
    let columns = if keeper {
        KEEPER_COLUMNS
    } else {
        TEACHER_COLUMNS
    };
    let list = List::new(columns, pairs, &["all"])?;
    let file = format!("心理个案-{today}");
    let read_as = if list.is_download() {
        format!("{file}.{}", if list.is_xlsx() { "xlsx" } else { "csv" })
    } else {
        what(&viewer)
    };
    let lines = cases::list(
        &here.store,
        keys(&here),
        &caller(&viewer),
        !all,
        &today,
        &read_as,
    )
    .await
    .map_err(refusal)?;
    let ids: Vec<i64> = lines.iter().map(|l| l.case.student).collect();
    let named: HashMap<i64, NamedStudent> = here
        .store
        .named_students(need_keys(&here)?, &ids, &viewer.actor(), &read_as)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let (rows, counts) = if keeper {
        let names = school_names(&here).await?;
        let open: Vec<&CaseLine> = lines
            .iter()
            .filter(|l| l.case.closed_on.is_none())
            .collect();
        let counts = Counts {
            open: open.len(),
            overdue: open.iter().filter(|l| l.overdue).count(),
            same_day: open.iter().filter(|l| l.content.same_day_review).count(),
            tiers: [Tier::Crisis, Tier::Priority, Tier::Attention, Tier::General]
                .into_iter()
                .map(|t| {
                    (
                        tier_key(t),
                        open.iter().filter(|l| l.content.tier == t).count(),
                    )
                })
                .collect(),
        };
        (
            lines
                .iter()
                .map(|l| keeper_row(l, named.get(&l.case.student), &names))
                .collect::<Vec<_>>(),
            Some(counts),
        )
    } else {
        (
            lines
                .iter()
                .map(|l| teacher_row(l, named.get(&l.case.student)))
                .collect(),
            None,
        )
    };
    let page = Page {
        layout: Layout::new("health-mental-title", &viewer),
        today,
        keeper,
        all,
        counts,
        list: None,
    };
    list.respond(&rows, &file, "心理个案", move |view| {
        let mut page = page;
        page.list = Some(view);
        render(&page)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_app::health::cases::CaseContent;
    use junheng_core::school::SchoolCode;
    use junheng_store::MentalCase;

    fn line(tier: Tier, reasons: &[&str]) -> CaseLine {
        CaseLine {
            case: MentalCase {
                id: 4,
                student: 9,
                school: SchoolCode::parse("5001120001").unwrap(),
                class: "7|3班".into(),
                round: Some(1),
                opened_on: "2025-03-01".into(),
                due_on: "2025-03-06".into(),
                closed_on: None,
                content: String::new(),
            },
            content: CaseContent {
                tier,
                suggested: tier,
                same_day_review: false,
                reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
                owner: String::new(),
                plan: "每周面谈".into(),
                step: None,
                referral: None,
            },
            grade: 7,
            class: "3班".into(),
            overdue: true,
        }
    }

    /// The 班主任's row holds the name, the tier and the action, and nothing of the screen.
    #[test]
    fn the_class_teacher_sees_the_tier_and_the_action_only() {
        let l = line(Tier::Priority, &["PHQ-9（抑郁筛查） 总分 16（中重度）"]);
        let row = teacher_row(&l, None);
        assert_eq!(row.values.len(), TEACHER_COLUMNS.len());
        assert_eq!(row.href, None);
        let shown: Vec<String> = row.values.iter().map(Value::shown).collect();
        assert!(
            shown
                .iter()
                .all(|v| !v.contains("PHQ") && !v.contains("16"))
        );
        assert!(shown.iter().all(|v| !v.contains("每周面谈")));
        assert_eq!(row.values[2], Value::text(l.content.action()));
        let row = keeper_row(&l, None, &Default::default());
        assert_eq!(row.values.len(), KEEPER_COLUMNS.len());
        assert_eq!(row.values[10], Value::Label("health-overdue"));
        assert_eq!(row.classes[9], "fail");
    }
}
