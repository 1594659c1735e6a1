//! 交流轮岗: the quota of a year for the district, each 教育集团 and each school, the eligible
//! teachers not yet rotating, the year's ledger, uploads of the roster and the ledger, moves
//! entered by hand, and the ledger's effect on the evaluation (`effect`).
//!
//! Every list is filtered by [`crate::access`]: the 教育集团 of a school is the statistics'
//! column of the year (`groups_of`), as the engine's quotas use it. Teachers are shown by their
//! opaque 教师编号 only (never 出生年 or 性别).

mod effect;
mod files;
mod ledger;
mod page;
mod upload;

use std::collections::BTreeMap;
use std::sync::Arc;

use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord, school_year};
use junheng_rotation::{Move, Quota, RotationYear, Teacher, groups_of, rotation_year};
use junheng_store::{LedgerEntry, MoveFilter};

pub(crate) use effect::{CvRow, UnitRow, effect_rows, page as effect_page};
pub(crate) use files::{export, ledger_template, roster_template};
pub(crate) use ledger::{add_move, cancel_batch, cancel_move};
pub(crate) use page::{RotationQuery, page};
pub(crate) use upload::{confirm, preview_ledger, preview_roster};

use crate::access::Sees;
use crate::dashboard::RulebookLink;
use crate::error::AppError;
use crate::state::Here;

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
            &junheng_rotation::special_schools(&self.records, self.year),
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
        .ok_or_else(|| AppError::not_found(crate::msg!("rotation-error-nothing")))
}

#[derive(Clone)]
pub(crate) struct QuotaRow {
    /// What the row covers (a catalogue key: the district, a group, a school, before or after
    /// a plan).
    pub scope: &'static str,
    /// The group's or school's name (data; empty for the district).
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
    /// The scope has no teacher in the roster: shown as 无名册, never 达到.
    pub no_roster: bool,
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
            no_roster: false,
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
    pub batch: i64,
    /// 有效, 在岗交流中 (began in an earlier year) or 已撤销 (a catalogue key).
    pub status: &'static str,
    pub active: bool,
    /// Who cancelled, when (Beijing time) and why; empty while active.
    pub cancelled: String,
    pub cancel_reason: String,
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
            source: crate::i18n::labels::move_source(e.source),
            note: e.note.clone().unwrap_or_default(),
            created: format!("{} {}", e.created_by, crate::views::time(&e.created_at)),
            batch: e.batch,
            status: crate::i18n::labels::move_status(e, data.year),
            active: e.is_active(),
            cancelled: match (&e.cancelled_by, &e.cancelled_at) {
                (Some(by), Some(at)) => format!("{by} {}", crate::views::time(at)),
                _ => String::new(),
            },
            cancel_reason: e.cancel_reason.clone().unwrap_or_default(),
        }
    }
}

/// The year's ledger as a user may see it, cancelled entries included (with who, when and
/// why): the entries active in the data's year with a school in their scope at either end. The
/// ledger tab and the workbook are built from this one selection.
pub(crate) async fn year_ledger(
    here: &Here,
    sees: &Sees,
    data: &Data,
) -> Result<Vec<LedgerEntry>, AppError> {
    let filter = MoveFilter {
        year_active: Some(data.year),
        include_cancelled: true,
        ..MoveFilter::default()
    };
    Ok(here
        .store
        .moves(&filter)
        .await?
        .into_iter()
        .filter(|e| {
            sees.in_year(&e.move_.from, &data.groups) || sees.in_year(&e.move_.to, &data.groups)
        })
        .collect())
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

/// `/rotation?year=…&rulebook=…&tab=ledger#ledger`: where a write to the ledger sends the user
/// back.
pub(crate) fn ledger_href(year: Option<i32>, rulebook: Option<&str>) -> Result<String, AppError> {
    let id = crate::dashboard::rulebook_id(rulebook)?;
    Ok(match year {
        Some(y) => format!("/rotation?year={y}&rulebook={id}&tab=ledger#ledger"),
        None => format!("/rotation?rulebook={id}&tab=ledger#ledger"),
    })
}

/// The ledger tab that says batch `batch` was just written.
pub(crate) fn batch_href(year: i32, rulebook: &str, batch: i64) -> String {
    format!("/rotation?year={year}&rulebook={rulebook}&tab=ledger&batch={batch}#ledger")
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
