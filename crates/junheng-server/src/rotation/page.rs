//! `/rotation`: the summary first (the scopes that miss their quota, those without a roster),
//! then one of four tabs — 配额 (quotas), 待交流教师 (eligible teachers not yet rotating, paged,
//! filtered by school and group), 台账 (the year's ledger, cancelled entries included, filtered by
//! school, group and state, then a list — `crate::list`: sorted by a click on a header, searched,
//! paged and downloaded as XLSX/CSV of exactly those rows; batches cancelled in one step) and
//! 导入 (uploads and moves by hand, administrators).

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::school::{SchoolCode, school_year};
use junheng_rotation::RotationYear;
use serde::Deserialize;

use super::{
    Data, MoveRow, PAGE_SIZE, QuotaRow, TeacherRow, load, rulebook_links, scoped, year_ledger,
    year_links,
};
use crate::access::Member;
use crate::dashboard::RulebookLink;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::AppState;
use crate::views::{Layout, render};

/// Scopes listed in the summary (all are counted).
const SUMMARY_SHOWN: usize = 12;

/// `?year=2024&rulebook=cn-2017&tab=ledger&school=…&group=…&status=cancelled&page=2&batch=7`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RotationQuery {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
    pub tab: Option<String>,
    pub school: Option<String>,
    pub group: Option<String>,
    /// Ledger tab: `active`, `cancelled` or all.
    pub status: Option<String>,
    pub page: Option<usize>,
    /// The batch just written (the message after accepting a plan).
    pub batch: Option<i64>,
}

/// A batch of the year's ledger with active moves, cancellable in one step.
pub(crate) struct BatchRow {
    pub id: i64,
    pub source: &'static str,
    pub created: String,
    pub active: usize,
}

#[derive(Template)]
#[template(path = "rotation.html")]
struct RotationPage {
    layout: Layout,
    empty: bool,
    admin: bool,
    district: bool,
    tab: &'static str,
    year: i32,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    rulebook_id: String,
    rulebooks: Vec<RulebookLink>,
    rules: String,
    has_roster: bool,
    has_statistics: bool,
    missing: Vec<QuotaRow>,
    missing_total: usize,
    /// (scope key, name) of the scopes without a roster.
    no_roster: Vec<(&'static str, String)>,
    quotas: Vec<QuotaRow>,
    school: String,
    group: String,
    group_names: Vec<String>,
    eligible_total: usize,
    teachers: Vec<TeacherRow>,
    page: usize,
    pages: usize,
    status: String,
    moves: Vec<MoveRow>,
    moves_total: usize,
    batches: Vec<BatchRow>,
    /// The ledger tab's list: its sortable headers, pager and downloads.
    ledger: Option<ListView>,
    /// The batch just written: (id, moves).
    saved: Option<(i64, usize)>,
    kinds: Vec<&'static str>,
    /// Moves starting this year (of the visible home schools) per 交流范围: (label, count).
    scopes: Vec<(&'static str, u64)>,
    /// Teachers at 特殊教育学校 in the (scoped) roster, and how the rules count them.
    special: (u64, &'static str),
}

/// The moves starting in the year whose home school `sees` admits, per 交流范围 (every scope,
/// zero included): alliances are the registry's groups whose type names 联盟.
async fn move_scopes(
    here: &crate::state::Here,
    sees: &crate::access::Sees,
    data: &super::Data,
) -> Result<Vec<(&'static str, u64)>, AppError> {
    let alliances = here
        .store
        .groups()
        .await?
        .into_iter()
        .filter(|g| g.kind.contains("联盟"))
        .map(|g| g.name)
        .collect();
    let map = junheng_rotation::ScopeMap {
        groups: data.groups.clone(),
        alliances,
        schools: data.names.keys().cloned().collect(),
    };
    let starting = data
        .ledger
        .iter()
        .filter(|m| m.start_year == data.year && sees.in_year(&m.from, &data.groups));
    Ok(map
        .tally(starting)
        .into_iter()
        .map(|(scope, n)| (scope.label(), n))
        .collect())
}

/// The tab asked for (quotas when none or unknown; the import tab for administrators only).
fn tab(q: &Option<String>, admin: bool) -> &'static str {
    match q.as_deref() {
        Some("teachers") => "teachers",
        Some("ledger") => "ledger",
        Some("import") if admin => "import",
        _ => "quota",
    }
}

/// The columns of the ledger list: the first [`LEDGER_SHOWN`] are the page's (the 录入 and 撤销
/// cells show who and when, and sort by when), the rest are in the downloads only.
const LEDGER_COLUMNS: &[Column] = &[
    Column::plain("id", "common-no"),
    Column::plain("batch", "rotation-batch"),
    Column::plain("teacher", "common-teacher-id"),
    Column::plain("from", "common-home-school"),
    Column::plain("to", "common-host-school"),
    Column::plain("term", "common-school-year-2"),
    Column::plain("kind", "common-type"),
    Column::plain("source", "rotation-source"),
    Column::plain("state", "common-status"),
    Column::plain("note", "common-note"),
    Column::plain("created", "list-entered-at"),
    Column::plain("cancelled", "list-cancelled-at"),
    Column::plain("created_by", "list-entered-by"),
    Column::plain("cancelled_by", "list-cancelled-by"),
    Column::plain("reason", "rotation-reason"),
];

/// Columns of [`LEDGER_COLUMNS`] the page shows.
const LEDGER_SHOWN: usize = 12;

/// A ledger entry as a row of the ledger list ([`LEDGER_COLUMNS`]).
fn ledger_row(e: &junheng_store::LedgerEntry, m: &MoveRow) -> Row {
    let time = |at: &Option<String>| at.clone().map_or(Value::Empty, Value::Time);
    Row::new(vec![
        Value::Int(e.id),
        Value::Int(e.batch),
        Value::text(&m.teacher),
        Value::text(format!("{} {}", m.from, m.from_name)),
        Value::text(format!("{} {}", m.to, m.to_name)),
        Value::text(&m.term),
        Value::text(m.kind),
        Value::Label(m.source),
        Value::Label(m.status),
        Value::maybe(Some(m.note.clone())),
        Value::Time(e.created_at.clone()),
        time(&e.cancelled_at),
        Value::text(&e.created_by),
        Value::maybe(e.cancelled_by.clone()),
        Value::maybe(e.cancel_reason.clone()),
    ])
}

/// `GET /rotation`: the page (the ledger tab also `sort`, `desc`, `q`, `page` and
/// `format=xlsx|csv` of its list).
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<RotationQuery>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sees = viewer.sees();
    let admin = viewer.user.role == junheng_store::Role::Admin;
    let tab = tab(&q.tab, admin);
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let rulebook_id = rulebook.id.clone();
    let mut page = RotationPage {
        layout: Layout::new("common-teacher-rotation", &viewer),
        empty: true,
        admin,
        district: sees.all(),
        tab,
        year: 0,
        year_label: String::new(),
        years: Vec::new(),
        rulebook_id,
        rulebooks: Vec::new(),
        rules: String::new(),
        has_roster: false,
        has_statistics: false,
        missing: Vec::new(),
        missing_total: 0,
        no_roster: Vec::new(),
        quotas: Vec::new(),
        school: String::new(),
        group: String::new(),
        group_names: Vec::new(),
        eligible_total: 0,
        teachers: Vec::new(),
        page: 1,
        pages: 1,
        status: String::new(),
        moves: Vec::new(),
        moves_total: 0,
        batches: Vec::new(),
        ledger: None,
        saved: None,
        kinds: junheng_rotation::MoveKind::ALL
            .iter()
            .map(|k| k.label())
            .collect(),
        scopes: Vec::new(),
        special: (0, ""),
    };
    let Some(data) = load(&here, q.year, rulebook).await? else {
        return Ok(render(&page));
    };
    let school = q.school.clone().filter(|s| !s.trim().is_empty());
    let school = school
        .map(|s| SchoolCode::parse(s.trim()))
        .transpose()
        .map_err(|e| {
            AppError::bad_request(crate::msg!("rotation-error-school-code", v = e.to_string()))
        })?;
    let group = q.group.clone().filter(|g| !g.trim().is_empty());
    if let Some(s) = &school
        && !sees.in_year(s, &data.groups)
    {
        return Err(AppError::Forbidden);
    }
    if let Some(g) = &group
        && !sees.group(g)
    {
        return Err(AppError::Forbidden);
    }
    let (ry, district) = scoped(data.rotation_year(), &sees, &data);
    let quotas = quota_rows(&data, &ry, district);
    let (missing, no_roster): (Vec<&QuotaRow>, Vec<&QuotaRow>) = quotas
        .iter()
        .filter(|r| !r.met || r.no_roster)
        .partition(|r| !r.no_roster);
    page.missing_total = missing.len();
    page.missing = missing
        .into_iter()
        .take(SUMMARY_SHOWN)
        .map(QuotaRow::clone)
        .collect();
    page.no_roster = no_roster
        .iter()
        .map(|r| (r.scope, r.name.clone()))
        .collect();
    page.empty = false;
    page.year = data.year;
    page.year_label = school_year(data.year);
    page.years = year_links(&data);
    page.rulebooks = rulebook_links(&data, |y, id| {
        format!("/rotation?year={y}&rulebook={id}&tab={tab}")
    });
    page.rules = data.rulebook.rotation.describe();
    page.scopes = move_scopes(&here, &sees, &data).await?;
    page.special = (
        ry.special_total(),
        data.rulebook.rotation.special_education.label(),
    );
    page.has_roster = !data.roster.is_empty();
    page.has_statistics = !data.records.is_empty();
    page.school = school.as_ref().map_or(String::new(), |s| s.to_string());
    page.group = group.clone().unwrap_or_default();
    // A map's keys: sorted and distinct already.
    page.group_names = ry.groups.keys().cloned().collect();
    let in_filter = |code: &SchoolCode| {
        school.as_ref().is_none_or(|s| s == code)
            && group
                .as_ref()
                .is_none_or(|g| data.groups.get(code) == Some(g))
    };
    match tab {
        "teachers" => {
            let eligible = ry.eligible_not_rotated(in_filter);
            page.eligible_total = eligible.len();
            page.pages = eligible.len().div_ceil(PAGE_SIZE).max(1);
            page.page = q.page.unwrap_or(1).clamp(1, page.pages);
            page.teachers = eligible
                .iter()
                .skip((page.page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|s| {
                    let t = s.teacher;
                    TeacherRow {
                        id: t.id.to_string(),
                        school: t.school.to_string(),
                        school_name: data.name(&t.school),
                        section: t.section.label(),
                        subject: t.subject.clone(),
                        backbone: t.backbone.label(),
                        pe_arts: t.pe_arts,
                        start_year: t.start_year,
                        years: t.years_at_school(data.year),
                    }
                })
                .collect();
        }
        "ledger" => {
            let entries = year_ledger(&here, &sees, &data).await?;
            let status = q.status.clone().unwrap_or_default();
            page.saved = q.batch.map(|b| {
                let n = entries
                    .iter()
                    .filter(|e| e.batch == b && e.is_active())
                    .count();
                (b, n)
            });
            page.saved = page.saved.filter(|(_, n)| *n > 0);
            let mut batches: BTreeMap<i64, BatchRow> = BTreeMap::new();
            for e in entries.iter().filter(|e| e.is_active()) {
                batches
                    .entry(e.batch)
                    .or_insert_with(|| BatchRow {
                        id: e.batch,
                        source: crate::i18n::labels::move_source(e.source),
                        created: format!("{} {}", e.created_by, crate::views::time(&e.created_at)),
                        active: 0,
                    })
                    .active += 1;
            }
            // Only batches of several moves: a single move is cancelled on its own row.
            page.batches = batches.into_values().filter(|b| b.active > 1).collect();
            let list = List::new(
                LEDGER_COLUMNS,
                pairs,
                &["year", "rulebook", "tab", "school", "group", "status"],
            )?
            .with_page_size(PAGE_SIZE);
            let (mut moves, rows): (Vec<Option<MoveRow>>, Vec<Row>) = entries
                .iter()
                .filter(|e| in_filter(&e.move_.from) || in_filter(&e.move_.to))
                .filter(|e| match status.as_str() {
                    "active" => e.is_active(),
                    "cancelled" => !e.is_active(),
                    _ => true,
                })
                .enumerate()
                .map(|(i, e)| {
                    let m = MoveRow::new(e, &data);
                    let row = ledger_row(e, &m).key(i);
                    (Some(m), row)
                })
                .unzip();
            if list.is_download() {
                here.audit(junheng_store::AuditEntry {
                    district: None,
                    actor: viewer.user.name.clone(),
                    action: "rotation.ledger.download",
                    target: format!("rotation:{}", data.year),
                    detail: format!("scope={}; {} 条", viewer.user.scope, rows.len()),
                })
                .await?;
            }
            page.moves_total = rows.len();
            page.status = status;
            let name = format!("交流轮岗台账-{}", data.year);
            return list.respond(&rows, &name, "交流轮岗台账", |mut view| {
                page.moves = view.keys.iter().filter_map(|k| moves[*k].take()).collect();
                view.headers.truncate(LEDGER_SHOWN);
                page.ledger = Some(view);
                render(&page)
            });
        }
        "quota" => page.quotas = quotas,
        _ => {}
    }
    Ok(render(&page))
}

/// Quota rows of a [`scoped`] year: the district (district users), the groups, the schools;
/// a scope none of whose schools has a teacher in the roster is marked 无名册.
fn quota_rows(data: &Data, ry: &RotationYear<'_>, district: bool) -> Vec<QuotaRow> {
    let staffed: BTreeSet<&SchoolCode> = data.roster.iter().map(|t| &t.school).collect();
    let staffed_groups: BTreeSet<&String> =
        staffed.iter().filter_map(|c| data.groups.get(*c)).collect();
    let mut rows = Vec::new();
    if district {
        let mut row = QuotaRow::new(
            "rotation-scope-district",
            String::new(),
            String::new(),
            &ry.district,
        );
        row.no_roster = staffed.is_empty();
        rows.push(row);
    }
    for (g, q) in &ry.groups {
        let href = format!(
            "/groups/{}?year={}&rulebook={}",
            crate::views::urlencode(g),
            data.year,
            data.rulebook.id
        );
        let mut row = QuotaRow::new("rotation-scope-group", g.clone(), href, q);
        row.no_roster = !staffed_groups.contains(g);
        rows.push(row);
    }
    for (code, q) in &ry.schools {
        let href = format!(
            "/rotation?year={}&rulebook={}&tab=teachers&school={code}",
            data.year, data.rulebook.id
        );
        let mut row = QuotaRow::new(
            "rotation-scope-school",
            format!("{code} {}", data.name(code)),
            href,
            q,
        );
        row.no_roster = !staffed.contains(code);
        rows.push(row);
    }
    rows
}
