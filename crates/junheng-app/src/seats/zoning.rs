//! 划片 and the two 政府保障 items on admission of a school year (`standard.md` §3, items 13
//! and 14), from three files the bureau imports: the 划片表 (the catchment map, with each
//! school's 公办/民办 and 寄宿制), the 新生来源表 (entrants counted per school and home place) and
//! the 指标到校表 (the 优质高中's places per 初中). The items are
//! `junheng_core::seats::zoning`'s, with the 城乡分类 and names of the year's statistics.
//!
//! Each file is imported whole or not at all: every problem of the file is reported at once,
//! located, and its schools must be schools of the year's statistics with the row's 学段. A
//! year's file of a kind is replaced only when the caller says so; withdrawing it brings the
//! previous one back. Entrants are stored as counts only.

use std::collections::{BTreeSet, HashMap};

use junheng_core::school::{SchoolCode, SchoolRecord, Section};
use junheng_core::seats::zoning::{
    NearbyItem, QuotaReport, ZoningMode, ZoningRules, catchment_map, nearby_items, quota_report,
};
use junheng_io::Limits;
use junheng_io::school::{ImportFailure, Issue};
use junheng_io::seats::zoning::{
    CatchmentUpload, EntrantUpload, QuotaUpload, Upload, codes, columns, read_catchments_with,
    read_entrants_with, read_quotas_with, write_catchments_template, write_entrants_template,
    write_quotas_template,
};
use junheng_store::{DistrictStore, StoreError, ZoningFile, ZoningKind, ZoningRows};
use serde::Serialize;

use crate::pairings::{Caller, Refused, may_write};

mod lottery;

pub use lottery::LotteryLink;

/// A school by code and name (the code when the year's statistics do not have it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedSchool {
    /// 学校标识码.
    pub code: SchoolCode,
    /// 学校名称.
    pub name: String,
}

/// A place of the catchment map as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapRow {
    /// 学段.
    pub section: Section,
    /// 街道 or 街道·小区.
    pub place: String,
    /// 单校划片 or 多校划片.
    pub mode: ZoningMode,
    /// 派位学区.
    pub lottery_zone: Option<String>,
    /// The stored lottery that draws its 派位学区, if any has it yet.
    pub lottery: Option<LotteryLink>,
    /// Its schools.
    pub schools: Vec<NamedSchool>,
}

/// Items 13 and 14 of a school year, with the catchment map and the files they come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoningReport {
    /// 学年.
    pub year: i32,
    /// The thresholds used.
    pub rules: ZoningRules,
    /// The year's current file of each kind imported.
    pub files: Vec<ZoningFile>,
    /// The catchment map, by 学段 and place.
    pub map: Vec<MapRow>,
    /// Item 13 for 小学 and 初中; `None` until both the 划片表 and the entrants are imported.
    pub nearby: Option<[NearbyItem; 2]>,
    /// Item 14; `None` until the 指标到校表 is imported.
    pub quotas: Option<QuotaReport>,
}

impl ZoningReport {
    /// The year's current file of `kind`.
    pub fn file(&self, kind: ZoningKind) -> Option<&ZoningFile> {
        self.files.iter().find(|f| f.kind == kind)
    }
}

/// Items 13 and 14 of school year `year` under `rules`. [`StoreError::NotFound`] when the year
/// has no statistics.
pub async fn report(
    store: &DistrictStore,
    year: i32,
    rules: &ZoningRules,
) -> Result<ZoningReport, StoreError> {
    let schools = store.statistics(year, None).await?;
    let data = store.zoning_data(year).await?;
    let names: HashMap<&SchoolCode, &str> =
        schools.iter().map(|s| (&s.code, s.name.as_str())).collect();
    let named = |code: &SchoolCode| NamedSchool {
        code: code.clone(),
        name: names
            .get(code)
            .map_or_else(|| code.to_string(), |n| (*n).to_owned()),
    };
    let catchments = data.catchments.as_ref().map(|(_, rows)| rows.as_slice());
    let places = catchment_map(catchments.unwrap_or_default());
    let zones: BTreeSet<&str> = places
        .iter()
        .filter_map(|p| p.lottery_zone.as_deref())
        .collect();
    let lotteries = lottery::links(store, &zones).await?;
    let map = places
        .iter()
        .map(|p| MapRow {
            section: p.section,
            place: p.place.label(),
            mode: p.mode,
            lottery_zone: p.lottery_zone.clone(),
            lottery: p
                .lottery_zone
                .as_deref()
                .and_then(|z| lotteries.get(z).cloned()),
            schools: p.schools.iter().map(named).collect(),
        })
        .collect();
    let nearby = match (catchments, &data.entrants) {
        (Some(c), Some((_, e))) => Some(nearby_items(rules, &schools, c, e)),
        _ => None,
    };
    let quotas = data
        .quotas
        .as_ref()
        .map(|(_, q)| quota_report(rules, &schools, q));
    let files = [
        data.catchments.map(|(f, _)| f),
        data.entrants.map(|(f, _)| f),
        data.quotas.map(|(f, _)| f),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(ZoningReport {
        year,
        rules: *rules,
        files,
        map,
        nearby,
        quotas,
    })
}

/// A file read and checked, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ZoningUpload {
    /// 划片表.
    Catchments(CatchmentUpload),
    /// 新生来源表.
    Entrants(EntrantUpload),
    /// 指标到校表.
    Quotas(QuotaUpload),
}

impl ZoningUpload {
    /// Its kind.
    pub fn kind(&self) -> ZoningKind {
        match self {
            ZoningUpload::Catchments(_) => ZoningKind::Catchments,
            ZoningUpload::Entrants(_) => ZoningKind::Entrants,
            ZoningUpload::Quotas(_) => ZoningKind::Quotas,
        }
    }

    /// What the reading warned of.
    pub fn warnings(&self) -> &[Issue] {
        match self {
            ZoningUpload::Catchments(u) => &u.warnings,
            ZoningUpload::Entrants(u) => &u.warnings,
            ZoningUpload::Quotas(u) => &u.warnings,
        }
    }

    fn file(&self) -> &str {
        match self {
            ZoningUpload::Catchments(u) => &u.file,
            ZoningUpload::Entrants(u) => &u.file,
            ZoningUpload::Quotas(u) => &u.file,
        }
    }
}

/// Reads a file of `kind` within `limits`: every problem, located, as [`Refused::Problems`].
pub fn read(
    kind: ZoningKind,
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<ZoningUpload, Refused> {
    match kind {
        ZoningKind::Catchments => {
            read_catchments_with(bytes, file_name, limits).map(ZoningUpload::Catchments)
        }
        ZoningKind::Entrants => {
            read_entrants_with(bytes, file_name, limits).map(ZoningUpload::Entrants)
        }
        ZoningKind::Quotas => read_quotas_with(bytes, file_name, limits).map(ZoningUpload::Quotas),
    }
    .map_err(Refused::Problems)
}

/// The template of `kind` (.xlsx) and its file name.
pub fn template(kind: ZoningKind) -> (Vec<u8>, String) {
    let bytes = match kind {
        ZoningKind::Catchments => write_catchments_template(),
        ZoningKind::Entrants => write_entrants_template(),
        ZoningKind::Quotas => write_quotas_template(),
    };
    (bytes, format!("{}模板.xlsx", kind.label()))
}

/// The problems of a file's schools against the year's statistics: a school not in them, or
/// without the row's 学段. `at(row)` gives each row's line, school, 学段 and school column.
fn check<T>(
    upload: &Upload<T>,
    schools: &[SchoolRecord],
    at: impl Fn(&T) -> (&SchoolCode, Section, &'static str),
) -> Vec<Issue> {
    let by_code: HashMap<&SchoolCode, &SchoolRecord> =
        schools.iter().map(|s| (&s.code, s)).collect();
    let mut issues = Vec::new();
    for line in &upload.rows {
        let (code, section, column) = at(&line.value);
        match by_code.get(code) {
            None => issues.push(upload.issue(
                codes::SCHOOL_UNKNOWN,
                line.row,
                column,
                Some(code.to_string()),
                format!(
                    "学校标识码 {code} 不在该学年的学校统计数据中；请先导入该校的统计数据，或检查学年是否选对"
                ),
            )),
            Some(s) if !s.kind.has(section) => issues.push(upload.issue(
                codes::SECTION_ABSENT,
                line.row,
                if column == columns::JUNIOR { column } else { columns::SECTION },
                Some(section.label().to_owned()),
                format!(
                    "{}（{}）是{}，没有{}；请检查学段或学校标识码",
                    s.name,
                    s.code,
                    s.kind.label(),
                    section.label()
                ),
            )),
            Some(_) => {}
        }
    }
    issues
}

/// Imports a read file as school year `year`'s (administrators, the operator): checked against
/// the year's statistics, then written whole with its audit entry — or not at all
/// ([`Refused::Problems`] with every problem). A year that has a file of the kind already is
/// replaced only with `replace` (else a conflict naming the current file).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    upload: &ZoningUpload,
    sha256: &str,
    replace: bool,
) -> Result<ZoningFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    let schools = store.statistics(year, None).await?;
    let issues = match upload {
        ZoningUpload::Catchments(u) => {
            check(u, &schools, |r| (&r.school, r.section, columns::SCHOOL))
        }
        ZoningUpload::Entrants(u) => {
            check(u, &schools, |r| (&r.school, r.section, columns::SCHOOL))
        }
        ZoningUpload::Quotas(u) => check(u, &schools, |r| {
            (&r.junior, Section::Junior, columns::JUNIOR)
        }),
    };
    if !issues.is_empty() {
        return Err(Refused::Problems(ImportFailure {
            issues,
            warnings: upload.warnings().to_vec(),
        }));
    }
    let kind = upload.kind();
    if !replace
        && let Some(current) = store
            .zoning_files(Some(year), Some(kind))
            .await?
            .into_iter()
            .next()
    {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "{year} 学年已有{}“{}”（{} 行，{} 导入）；确认替换后再导入（替换后可撤回，恢复原文件）",
            kind.label(),
            current.file_name,
            current.rows,
            junheng_core::date::beijing_text(&current.imported_at)
        ))));
    }
    let (catchments, entrants, quotas);
    let rows = match upload {
        ZoningUpload::Catchments(u) => {
            catchments = u.values();
            ZoningRows::Catchments(&catchments)
        }
        ZoningUpload::Entrants(u) => {
            entrants = u.counts();
            ZoningRows::Entrants(&entrants)
        }
        ZoningUpload::Quotas(u) => {
            quotas = u.values();
            ZoningRows::Quotas(&quotas)
        }
    };
    Ok(store
        .import_zoning_file(year, rows, upload.file(), sha256, &caller.actor())
        .await?)
}

/// Withdraws school year `year`'s current file of `kind` (administrators, the operator); the
/// previous one, if any, is current again.
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    year: i32,
    kind: ZoningKind,
) -> Result<ZoningFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store
        .withdraw_zoning_file(year, kind, &caller.actor())
        .await?)
}

#[cfg(test)]
mod tests;
