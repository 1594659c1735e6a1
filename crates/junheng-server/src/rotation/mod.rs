//! 交流轮岗: the quota of a year for the district, each 教育集团 and each school, the eligible
//! teachers not yet rotating, the year's ledger, uploads of the roster and the ledger, moves
//! entered by hand, and the ledger's effect on the evaluation (`effect`).
//!
//! Every list is filtered by [`crate::access`]: the 教育集团 of a school is the statistics'
//! column of the year (`groups_of`), as the engine's quotas use it. Teachers are shown by their
//! opaque 教师编号 only (never 出生年 or 性别).

mod effect;
mod files;
pub(crate) mod i18n;
mod ledger;
mod upload;

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord, school_year};
use junheng_rotation::{Move, Quota, RotationYear, Teacher, groups_of, rotation_year};
use junheng_store::{LedgerEntry, MoveFilter};
use serde::Deserialize;

pub(crate) use effect::{CvRow, UnitRow, effect_rows, page as effect_page};
pub(crate) use files::{export, ledger_template, roster_template};
pub(crate) use ledger::{add_move, cancel_batch, cancel_move};
pub(crate) use upload::{confirm, preview_ledger, preview_roster};

use crate::access::{Member, Sees};
use crate::dashboard::RulebookLink;
use crate::error::AppError;
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// Eligible teachers listed per page.
const PAGE_SIZE: usize = 200;

/// Everything a rotation page is computed from, for one school year under one rulebook.
pub(crate) struct Data {
    pub year: i32,
    /// School years that have a roster, newest first.
    pub roster_years: Vec<i32>,
    /// The year's statistics (latest version; empty without statistics).
    pub records: Arc<Vec<SchoolRecord>>,
    pub stats_version: Option<u32>,
    /// The year's latest roster (empty without one).
    pub roster: Arc<Vec<Teacher>>,
    pub roster_version: Option<u32>,
    /// Every active move of the ledger (all years: eligibility looks back).
    pub entries: Vec<LedgerEntry>,
    pub ledger: Vec<Move>,
    pub groups: BTreeMap<SchoolCode, String>,
    /// 学校名称 of each school of the year's statistics.
    pub names: BTreeMap<SchoolCode, String>,
    pub rulebook: Rulebook,
}

impl Data {
    /// The quotas and standings of the year.
    pub fn rotation_year(&self) -> RotationYear<'_> {
        rotation_year(
            self.year,
            &self.roster,
            &self.ledger,
            &self.groups,
            &self.rulebook.rotation,
        )
    }

    /// 学校名称 of a school code (empty when not in the statistics).
    pub fn name(&self, code: &SchoolCode) -> String {
        self.names.get(code).cloned().unwrap_or_default()
    }

    /// A fingerprint of the inputs (statistics and roster versions, active ledger ids).
    pub fn fingerprint(&self) -> String {
        let ids: Vec<String> = self.entries.iter().map(|e| e.id.to_string()).collect();
        format!(
            "{}:s{:?}:r{:?}:l{}",
            self.year,
            self.stats_version,
            self.roster_version,
            ids.join(",")
        )
    }
}

/// The year asked for, else the newest year with a roster, else the newest with statistics;
/// quotas and evaluations under `rulebook` (see [`crate::dashboard::rulebook`]).
pub(crate) async fn load(
    here: &Here,
    year: Option<i32>,
    rulebook: Rulebook,
) -> Result<Option<Data>, AppError> {
    // Each year with a roster, with its latest version.
    let roster_latest = here.store.roster_years().await?;
    let roster_years: Vec<i32> = roster_latest.iter().map(|v| v.year).collect();
    let stats_years = here.years().await?;
    let Some(year) = year
        .or_else(|| roster_years.first().copied())
        .or_else(|| stats_years.first().map(|y| y.year))
    else {
        return Ok(None);
    };
    let (records, stats_version) = match stats_years.iter().find(|y| y.year == year) {
        Some(y) => (
            here.records(y.year, y.latest_version).await?,
            Some(y.latest_version),
        ),
        None => (Arc::default(), None),
    };
    let roster_version = roster_latest
        .iter()
        .find(|v| v.year == year)
        .map(|v| v.version);
    let roster = match roster_version {
        Some(v) => here.roster(year, v).await?,
        None => Arc::default(),
    };
    let entries = here.store.moves(&MoveFilter::default()).await?;
    let ledger = entries.iter().map(|e| e.move_.clone()).collect();
    Ok(Some(Data {
        year,
        roster_years,
        groups: groups_of(&records, year),
        names: records
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
        records,
        stats_version,
        roster,
        roster_version,
        entries,
        ledger,
        rulebook,
    }))
}

/// [`load`], or a 404 that says what to import first.
pub(crate) async fn require(
    here: &Here,
    year: Option<i32>,
    rulebook: Rulebook,
) -> Result<Data, AppError> {
    load(here, year, rulebook)
        .await?
        .ok_or_else(|| AppError::NotFound("还没有导入任何学年的数据或教师花名册".into()))
}

pub(crate) struct QuotaRow {
    pub scope: &'static str,
    pub name: String,
    pub href: String,
    pub eligible: u64,
    pub rotated: u64,
    pub backbone_rotated: u64,
    pub required: u64,
    pub backbone_required: u64,
    pub share: String,
    pub backbone_share: String,
    pub met: bool,
}

impl QuotaRow {
    pub fn new(scope: &'static str, name: String, href: String, q: &Quota) -> Self {
        let pct = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{:.1}%", v * 100.0));
        Self {
            scope,
            name,
            href,
            eligible: q.eligible,
            rotated: q.rotated,
            backbone_rotated: q.backbone_rotated,
            required: q.required,
            backbone_required: q.backbone_required,
            share: pct(q.share),
            backbone_share: pct(q.backbone_share),
            met: q.met(),
        }
    }
}

pub(crate) struct TeacherRow {
    pub id: String,
    pub school: String,
    pub school_name: String,
    pub section: &'static str,
    pub subject: String,
    pub backbone: &'static str,
    pub pe_arts: bool,
    pub start_year: i32,
    pub years: i32,
}

pub(crate) struct MoveRow {
    pub id: i64,
    pub teacher: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    pub term: String,
    pub kind: &'static str,
    pub source: &'static str,
    pub note: String,
    pub created: String,
}

impl MoveRow {
    pub fn new(e: &LedgerEntry, data: &Data) -> Self {
        let m = &e.move_;
        Self {
            id: e.id,
            teacher: m.teacher.to_string(),
            from: m.from.to_string(),
            from_name: data.name(&m.from),
            to: m.to.to_string(),
            to_name: data.name(&m.to),
            term: format!("{}–{}", m.start_year, m.end_year),
            kind: m.kind.label(),
            source: match e.source {
                junheng_store::MoveSource::Import => "导入",
                junheng_store::MoveSource::Manual => "手工录入",
                junheng_store::MoveSource::Plan => "交流方案",
            },
            note: e.note.clone().unwrap_or_default(),
            created: format!("{} {}", e.created_by, e.created_at),
        }
    }
}

/// The ledger entries active in the data's year that a user may see: those with a school in
/// their scope at either end. The school at the other end is shown with them (the school a
/// user's own teacher goes to, or comes from, is part of that teacher's record); nothing else
/// about it is.
pub(crate) fn visible_moves(sees: &Sees, data: &Data) -> Vec<MoveRow> {
    data.entries
        .iter()
        .filter(|e| e.move_.active_in(data.year))
        .filter(|e| {
            sees.in_year(&e.move_.from, &data.groups) || sees.in_year(&e.move_.to, &data.groups)
        })
        .map(|e| MoveRow::new(e, data))
        .collect()
}

/// The quotas and standings of `data`'s year restricted to what `sees` allows (see
/// [`RotationYear::within`]), and whether the district's quota is shown (district users only).
/// The page, the workbook and the API are all built from this one selection.
pub(crate) fn scoped<'a>(
    ry: RotationYear<'a>,
    sees: &Sees,
    data: &Data,
) -> (RotationYear<'a>, bool) {
    let ry = ry.within(|c| sees.in_year(c, &data.groups), |g| sees.group(g));
    (ry, sees.all())
}

/// `?year=2024&rulebook=cn-2017&school=…&group=…&page=2`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RotationQuery {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
    pub school: Option<String>,
    pub group: Option<String>,
    pub page: Option<usize>,
}

#[derive(Template)]
#[template(path = "rotation.html")]
struct RotationPage {
    layout: Layout,
    empty: bool,
    admin: bool,
    district: bool,
    year: i32,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    rulebook_id: String,
    rulebooks: Vec<RulebookLink>,
    rules: String,
    has_roster: bool,
    has_statistics: bool,
    quotas: Vec<QuotaRow>,
    school: String,
    group: String,
    group_names: Vec<String>,
    eligible_total: usize,
    teachers: Vec<TeacherRow>,
    page: usize,
    pages: usize,
    moves: Vec<MoveRow>,
    kinds: Vec<&'static str>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<RotationQuery>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sees = viewer.sees();
    let admin = viewer.user.role == junheng_store::Role::Admin;
    let layout = Layout::new("交流轮岗", &viewer);
    let rulebook = crate::dashboard::rulebook(q.rulebook.as_deref())?;
    let rulebook_id = rulebook.id.clone();
    let Some(data) = load(&here, q.year, rulebook).await? else {
        return Ok(render(&RotationPage {
            layout,
            empty: true,
            admin,
            district: sees.all(),
            year: 0,
            year_label: String::new(),
            years: Vec::new(),
            rulebook_id,
            rulebooks: Vec::new(),
            rules: String::new(),
            has_roster: false,
            has_statistics: false,
            quotas: Vec::new(),
            school: String::new(),
            group: String::new(),
            group_names: Vec::new(),
            eligible_total: 0,
            teachers: Vec::new(),
            page: 1,
            pages: 1,
            moves: Vec::new(),
            kinds: Vec::new(),
        }));
    };
    let school = q.school.clone().filter(|s| !s.trim().is_empty());
    let school = school
        .map(|s| SchoolCode::parse(s.trim()))
        .transpose()
        .map_err(|e| AppError::BadRequest(format!("学校标识码有误：{e}")))?;
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
    let eligible = ry.eligible_not_rotated(|code| {
        school.as_ref().is_none_or(|s| s == code)
            && group
                .as_ref()
                .is_none_or(|g| data.groups.get(code) == Some(g))
    });
    let pages = eligible.len().div_ceil(PAGE_SIZE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let teachers = eligible
        .iter()
        .skip((page - 1) * PAGE_SIZE)
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
    // A map's keys: sorted and distinct already.
    let group_names: Vec<String> = ry.groups.keys().cloned().collect();
    let page = RotationPage {
        layout,
        empty: false,
        admin,
        district,
        year: data.year,
        year_label: school_year(data.year),
        years: year_links(&data),
        rulebooks: rulebook_links(&data, |y, id| format!("/rotation?year={y}&rulebook={id}")),
        rulebook_id,
        rules: data.rulebook.rotation.describe(),
        has_roster: !data.roster.is_empty(),
        has_statistics: !data.records.is_empty(),
        quotas,
        school: school.map_or(String::new(), |s| s.to_string()),
        group: group.unwrap_or_default(),
        group_names,
        eligible_total: eligible.len(),
        teachers,
        page,
        pages,
        moves: visible_moves(&sees, &data),
        kinds: junheng_rotation::MoveKind::ALL
            .iter()
            .map(|k| k.label())
            .collect(),
    };
    Ok(render(&page))
}

/// `/rotation?year=…&rulebook=…#ledger`: where a write to the ledger sends the user back.
pub(crate) fn ledger_href(year: Option<i32>, rulebook: Option<&str>) -> Result<String, AppError> {
    let id = crate::dashboard::rulebook_id(rulebook)?;
    Ok(match year {
        Some(y) => format!("/rotation?year={y}&rulebook={id}#ledger"),
        None => format!("/rotation?rulebook={id}#ledger"),
    })
}

/// The years with a roster (and the selected one), for a year selector.
pub(crate) fn year_links(data: &Data) -> Vec<(i32, String, bool)> {
    let mut years = data.roster_years.clone();
    if !years.contains(&data.year) {
        years.push(data.year);
        years.sort_by(|a, b| b.cmp(a));
    }
    years
        .into_iter()
        .map(|y| (y, school_year(y), y == data.year))
        .collect()
}

/// The rulebook switch of a page of `data`'s year: `href(year, id)`.
pub(crate) fn rulebook_links(data: &Data, href: impl Fn(i32, &str) -> String) -> Vec<RulebookLink> {
    crate::dashboard::rulebook_links(&data.rulebook.id, |id| href(data.year, id))
}

/// Quota rows of a [`scoped`] year: the district (district users), the groups, the schools.
fn quota_rows(data: &Data, ry: &RotationYear<'_>, district: bool) -> Vec<QuotaRow> {
    let mut rows = Vec::new();
    if district {
        rows.push(QuotaRow::new(
            "全区",
            "全区".to_owned(),
            String::new(),
            &ry.district,
        ));
    }
    for (g, q) in &ry.groups {
        let href = format!(
            "/groups/{}?year={}&rulebook={}",
            crate::views::urlencode(g),
            data.year,
            data.rulebook.id
        );
        rows.push(QuotaRow::new("教育集团", g.clone(), href, q));
    }
    for (code, q) in &ry.schools {
        let href = format!(
            "/rotation?year={}&rulebook={}&school={code}",
            data.year, data.rulebook.id
        );
        rows.push(QuotaRow::new(
            "学校",
            format!("{code} {}", data.name(code)),
            href,
            q,
        ));
    }
    rows
}
