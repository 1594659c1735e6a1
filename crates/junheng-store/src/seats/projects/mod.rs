//! 一校一案: the district's building projects (新建, 改扩建, 挖潜扩容, 改造) with what each adds to
//! its school ([`Additions`]), its status and dates, its cost and funding source, and its money
//! planned and spent per year.
//!
//! Names are unique in a district: a ledger file replaces projects by name
//! ([`DistrictStore::import_seat_projects`]). This crate checks what a project says by itself
//! (lengths, years, dates, the dates its status asks for, figures ≥ 0); whether its school is
//! a school of the district, and who may write, is `junheng_app::seats::projects`'. Every write
//! appends its audit entry in its own transaction (`write`).

mod write;

use junheng_core::school::SchoolCode;
use junheng_core::seats::ledger::{ProjectKind, ProjectStatus, status_problem};
use junheng_core::seats::project::Additions;
use serde::Serialize;

use crate::StoreError;
use crate::dated::{check_day, with_children};
use crate::district::DistrictStore;
use crate::error::{narrow, school_code, to_u32};
use crate::limits::{MAX_NOTE, check_len, check_required};
use crate::pool::{Dialect, from_row, with_pool};

/// Most characters of a project's name.
pub const MAX_PROJECT_NAME: usize = 100;
/// Most characters of a funding source (资金来源, e.g. 改薄资金).
pub const MAX_FUNDING: usize = 50;
/// Most years of money of one project.
pub const MAX_MONEY_YEARS: usize = 30;
/// Most projects of one ledger file.
pub const MAX_PROJECTS: usize = 5000;
/// The largest sum of 元 a project may carry (10¹³, ten thousand 亿).
pub const MAX_YUAN: i64 = 10_000_000_000_000;
/// The largest ㎡ or 万元 one addition may carry.
pub const MAX_ADDED: f64 = 10_000_000.0;

/// The money of one year of a project (元).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProjectMoney {
    /// The budget year (calendar year).
    pub year: i32,
    /// Money planned (元).
    pub planned: i64,
    /// Money spent (元).
    pub spent: i64,
}

/// What a project says: what is written when one is added, edited or imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectEntry {
    /// 项目名称, unique in the district.
    pub name: String,
    /// 学校标识码 of the school it adds to (a new school: the code it will have).
    pub school: SchoolCode,
    /// 项目类型.
    pub kind: ProjectKind,
    /// 状态.
    pub status: ProjectStatus,
    /// 规划学年.
    pub year_planned: i32,
    /// 投入使用学年: the school year its seats open (required when done).
    pub year_opened: Option<i32>,
    /// What it adds to its school's row.
    pub adds: Additions,
    /// 新增学位.
    pub seats_added: u32,
    /// 总投资 (元).
    pub cost: i64,
    /// 资金来源 (e.g. 改薄资金, 专项债); may be empty.
    pub funding: String,
    /// 开工日期, `YYYY-MM-DD`.
    pub started_on: Option<String>,
    /// 竣工日期, `YYYY-MM-DD`.
    pub completed_on: Option<String>,
    /// 备注.
    pub note: String,
    /// Money per year, by year.
    pub money: Vec<ProjectMoney>,
}

/// A stored project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatProject {
    /// Row id: the project's identifier in URLs and on the command line.
    pub id: i64,
    /// What it says.
    #[serde(flatten)]
    pub entry: ProjectEntry,
    /// Who recorded it (login), and when (RFC 3339 UTC).
    pub created_by: String,
    /// When it was recorded.
    pub created_at: String,
    /// Who changed it last, and when.
    pub updated_by: String,
    /// When it was changed last.
    pub updated_at: String,
}

/// What an import did: projects added and projects replaced (by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProjectImport {
    /// New names.
    pub added: usize,
    /// Names the ledger had: their projects replaced.
    pub replaced: usize,
}

const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

fn year(y: i32, field: &str) -> Result<(), StoreError> {
    if YEARS.contains(&y) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{field}“{y}”应在 2000 到 2100 之间"
        )))
    }
}

fn yuan(v: i64, field: &str) -> Result<(), StoreError> {
    if (0..=MAX_YUAN).contains(&v) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{field}应为 0 到 {MAX_YUAN} 元之间的整数"
        )))
    }
}

/// The project as it is written: trimmed, its money sorted by year; or why it cannot be.
pub fn checked(entry: &ProjectEntry) -> Result<ProjectEntry, StoreError> {
    let mut e = entry.clone();
    e.name = e.name.trim().to_owned();
    e.funding = e.funding.trim().to_owned();
    e.note = e.note.trim().to_owned();
    let blank = |d: Option<String>| d.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty());
    e.started_on = blank(e.started_on);
    e.completed_on = blank(e.completed_on);
    check_required(&e.name, "项目名称", MAX_PROJECT_NAME)?;
    check_len(&e.funding, "资金来源", MAX_FUNDING)?;
    check_len(&e.note, "备注", MAX_NOTE)?;
    year(e.year_planned, "规划学年")?;
    if let Some(opened) = e.year_opened {
        year(opened, "投入使用学年")?;
        if opened < e.year_planned {
            return Err(StoreError::Invalid(format!(
                "投入使用学年 {opened} 不能早于规划学年 {}",
                e.year_planned
            )));
        }
    }
    for (day, field) in [(&e.started_on, "开工日期"), (&e.completed_on, "竣工日期")] {
        if let Some(day) = day {
            check_day(day, |shown| {
                format!("{field}“{shown}”应写作 YYYY-MM-DD，例如 2024-03-01")
            })?;
        }
    }
    if let Some(problem) = status_problem(
        e.status,
        e.started_on.as_deref(),
        e.completed_on.as_deref(),
        e.year_opened,
    ) {
        return Err(StoreError::invalid(problem));
    }
    let a = &e.adds;
    for (v, field) in [
        (a.teaching_room_area, "新增教学及辅助用房面积"),
        (a.gym_area, "新增体育馆面积"),
        (a.sports_ground_area, "新增运动场地面积"),
        (a.equipment_value, "新增教学仪器设备值"),
    ] {
        if !(v.is_finite() && (0.0..=MAX_ADDED).contains(&v)) {
            return Err(StoreError::Invalid(format!(
                "{field}应为 0 到 {MAX_ADDED} 之间的数"
            )));
        }
    }
    yuan(e.cost, "总投资")?;
    if e.money.len() > MAX_MONEY_YEARS {
        return Err(StoreError::Invalid(format!(
            "一个项目最多记录 {MAX_MONEY_YEARS} 个年度的资金"
        )));
    }
    e.money.sort_by_key(|m| m.year);
    for (i, m) in e.money.iter().enumerate() {
        year(m.year, "资金年度")?;
        yuan(m.planned, "计划资金")?;
        yuan(m.spent, "已支出资金")?;
        if i > 0 && e.money[i - 1].year == m.year {
            return Err(StoreError::Invalid(format!(
                "资金年度 {} 出现了两次",
                m.year
            )));
        }
    }
    Ok(e)
}

struct ProjectRow {
    id: i64,
    name: String,
    school_code: String,
    kind: String,
    status: String,
    year_planned: i64,
    year_opened: Option<i64>,
    additions: String,
    seats_added: i64,
    cost: i64,
    funding: String,
    started_on: Option<String>,
    completed_on: Option<String>,
    note: String,
    created_by: String,
    created_at: String,
    updated_by: String,
    updated_at: String,
}
from_row!(ProjectRow {
    id,
    name,
    school_code,
    kind,
    status,
    year_planned,
    year_opened,
    additions,
    seats_added,
    cost,
    funding,
    started_on,
    completed_on,
    note,
    created_by,
    created_at,
    updated_by,
    updated_at
});

const COLUMNS: &str = "id, name, school_code, kind, status, year_planned, year_opened, \
                       additions, seats_added, cost, funding, started_on, completed_on, note, \
                       created_by, created_at, updated_by, updated_at";

const TABLE: &str = "seat_projects";

/// A stored year of money: (project, year, planned, spent).
type MoneyRow = (i64, i64, i64, i64);

fn corrupt(column: &'static str) -> StoreError {
    StoreError::Corrupt {
        table: TABLE,
        column,
    }
}

impl ProjectRow {
    fn into_project(self, money: Vec<ProjectMoney>) -> Result<SeatProject, StoreError> {
        let kind = ProjectKind::ALL
            .into_iter()
            .find(|k| k.id() == self.kind)
            .ok_or_else(|| corrupt("kind"))?;
        let status = ProjectStatus::ALL
            .into_iter()
            .find(|s| s.id() == self.status)
            .ok_or_else(|| corrupt("status"))?;
        Ok(SeatProject {
            id: self.id,
            entry: ProjectEntry {
                name: self.name,
                school: school_code(&self.school_code, TABLE, "school_code")?,
                kind,
                status,
                year_planned: narrow(self.year_planned, TABLE, "year_planned")?,
                year_opened: self
                    .year_opened
                    .map(|y| narrow(y, TABLE, "year_opened"))
                    .transpose()?,
                adds: serde_json::from_str(&self.additions).map_err(|_| corrupt("additions"))?,
                seats_added: to_u32(self.seats_added, TABLE, "seats_added")?,
                cost: self.cost,
                funding: self.funding,
                started_on: self.started_on,
                completed_on: self.completed_on,
                note: self.note,
                money,
            },
            created_by: self.created_by,
            created_at: self.created_at,
            updated_by: self.updated_by,
            updated_at: self.updated_at,
        })
    }
}

impl DistrictStore {
    /// Every project of the district, by name, with its money.
    pub async fn seat_projects(&self) -> Result<Vec<SeatProject>, StoreError> {
        self.seat_projects_where(None).await
    }

    /// One project of the district, if it has it.
    pub async fn seat_project(&self, id: i64) -> Result<Option<SeatProject>, StoreError> {
        Ok(self.seat_projects_where(Some(id)).await?.into_iter().next())
    }

    async fn seat_projects_where(&self, id: Option<i64>) -> Result<Vec<SeatProject>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM seat_projects WHERE district_id = $1 \
             AND ($2 IS NULL OR id = $2) ORDER BY name, id"
        );
        let (rows, money): (Vec<ProjectRow>, Vec<MoneyRow>) = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_snapshot().await?;
            // Built from our own constants only.
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            let money = sqlx::query_as(
                "SELECT m.project_id, m.year, m.planned, m.spent FROM seat_project_money m \
                     JOIN seat_projects p ON p.id = m.project_id \
                     WHERE p.district_id = $1 AND ($2 IS NULL OR p.id = $2) \
                     ORDER BY m.project_id, m.year",
            )
            .bind(self.id)
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            (rows, money)
        });
        let money = money
            .into_iter()
            .map(|(project, year, planned, spent)| {
                Ok((
                    project,
                    ProjectMoney {
                        year: narrow(year, "seat_project_money", "year")?,
                        planned,
                        spent,
                    },
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        with_children(rows, money, |r| r.id, ProjectRow::into_project)
    }
}
