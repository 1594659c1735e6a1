//! 名师工作室 and 师徒结对 (migration 0029): three kinds of file — the 工作室名册 (studios), the
//! 工作室成果 (outputs) and the 师徒结对 (pairs). A file is written whole with its audit entry
//! ([`DistrictStore::import_studio_file`]); the latest file of a kind is the district's current
//! data of that kind, and withdrawing it ([`DistrictStore::withdraw_studio_file`]) brings the
//! previous one back. A current pair is ended in place ([`DistrictStore::end_mentor_pair`]).
//! Teachers are kept by 教师编号 only.

mod read;
mod write;

use std::collections::HashSet;

use junheng_teachers::mentors::Pair;
use junheng_teachers::studios::{Output, Studio};
use serde::Serialize;

use crate::StoreError;
use crate::limits::{check_len, check_required};

/// Most rows one file may hold.
pub const MAX_STUDIO_ROWS: usize = 20_000;
/// Most characters of a name (studio, kind, subject).
pub const MAX_STUDIO_NAME: usize = 60;
/// Most characters of a pair's goals.
pub const MAX_GOALS: usize = 200;

/// The kind of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StudioFileKind {
    /// 工作室名册.
    Studios,
    /// 工作室成果.
    Outputs,
    /// 师徒结对.
    Mentors,
}

impl StudioFileKind {
    /// All kinds, in page order.
    pub const ALL: [StudioFileKind; 3] = [
        StudioFileKind::Studios,
        StudioFileKind::Outputs,
        StudioFileKind::Mentors,
    ];

    /// Stable identifier (stored, URLs, CLI).
    pub fn id(self) -> &'static str {
        match self {
            StudioFileKind::Studios => "studios",
            StudioFileKind::Outputs => "outputs",
            StudioFileKind::Mentors => "mentors",
        }
    }

    /// The kind of an identifier.
    pub fn from_id(id: &str) -> Option<StudioFileKind> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The file's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            StudioFileKind::Studios => "工作室名册",
            StudioFileKind::Outputs => "工作室成果表",
            StudioFileKind::Mentors => "师徒结对表",
        }
    }

    fn actions(self) -> (&'static str, &'static str) {
        use crate::audit::action::*;
        match self {
            StudioFileKind::Studios => (TEACHERS_STUDIOS_IMPORT, TEACHERS_STUDIOS_WITHDRAW),
            StudioFileKind::Outputs => (
                TEACHERS_STUDIO_OUTPUTS_IMPORT,
                TEACHERS_STUDIO_OUTPUTS_WITHDRAW,
            ),
            StudioFileKind::Mentors => (TEACHERS_MENTORS_IMPORT, TEACHERS_MENTORS_WITHDRAW),
        }
    }

    fn table(self) -> &'static str {
        match self {
            StudioFileKind::Studios => "teacher_studios",
            StudioFileKind::Outputs => "teacher_studio_outputs",
            StudioFileKind::Mentors => "teacher_mentor_pairs",
        }
    }
}

/// The rows of one file, by kind.
#[derive(Debug, Clone, Copy)]
pub enum StudioRows<'a> {
    /// 工作室名册.
    Studios(&'a [Studio]),
    /// 工作室成果.
    Outputs(&'a [Output]),
    /// 师徒结对.
    Mentors(&'a [Pair]),
}

impl StudioRows<'_> {
    /// The kind.
    pub fn kind(&self) -> StudioFileKind {
        match self {
            StudioRows::Studios(_) => StudioFileKind::Studios,
            StudioRows::Outputs(_) => StudioFileKind::Outputs,
            StudioRows::Mentors(_) => StudioFileKind::Mentors,
        }
    }

    fn len(&self) -> usize {
        match self {
            StudioRows::Studios(r) => r.len(),
            StudioRows::Outputs(r) => r.len(),
            StudioRows::Mentors(r) => r.len(),
        }
    }
}

/// An imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudioFile {
    /// Row id.
    pub id: i64,
    /// Its kind.
    pub kind: StudioFileKind,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Rows stored.
    pub rows: u64,
    /// Who imported it.
    pub imported_by: String,
    /// When, RFC 3339 UTC.
    pub imported_at: String,
}

fn row_error(which: usize, message: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("第 {which} 行：{message}"))
}

fn text(t: &str, what: &str, max: usize, required: bool, which: usize) -> Result<(), StoreError> {
    let checked = if required {
        check_required(t, what, max)
    } else {
        check_len(t, what, max)
    };
    checked.map_err(|e| row_error(which, e))
}

fn date(d: &str, which: usize) -> Result<(), StoreError> {
    if junheng_core::pairing::school_year_of(d).is_some() {
        Ok(())
    } else {
        Err(row_error(which, format!("日期 {d} 应写作 YYYY-MM-DD")))
    }
}

fn period(start: &str, end: Option<&str>, which: usize) -> Result<(), StoreError> {
    date(start, which)?;
    if let Some(e) = end {
        date(e, which)?;
        if e < start {
            return Err(row_error(which, "结束日期早于开始日期"));
        }
    }
    Ok(())
}

/// The name, digest and rows of a file, and each row's rules (the readers' rules, again: the
/// store takes nothing unchecked).
fn check(rows: StudioRows<'_>, file_name: &str, sha256: &str) -> Result<(), StoreError> {
    crate::seats::check_named_file(file_name, sha256)?;
    if rows.len() == 0 || rows.len() > MAX_STUDIO_ROWS {
        return Err(StoreError::Invalid(format!(
            "{}应有 1 到 {MAX_STUDIO_ROWS} 行",
            rows.kind().label()
        )));
    }
    let twice = |which: usize| row_error(which, "与前面某行重复");
    match rows {
        StudioRows::Studios(rows) => {
            let mut seen = HashSet::new();
            for (i, s) in rows.iter().enumerate() {
                text(&s.name, "名称", MAX_STUDIO_NAME, true, i + 1)?;
                text(&s.kind, "类型", MAX_STUDIO_NAME, true, i + 1)?;
                text(&s.subject, "学科", MAX_STUDIO_NAME, false, i + 1)?;
                period(&s.start, s.end.as_deref(), i + 1)?;
                if !seen.insert(&s.name) {
                    return Err(twice(i + 1));
                }
            }
        }
        StudioRows::Outputs(rows) => {
            let mut seen = HashSet::new();
            for (i, o) in rows.iter().enumerate() {
                text(&o.studio, "工作室名称", MAX_STUDIO_NAME, true, i + 1)?;
                if !(2000..=2100).contains(&o.year) {
                    return Err(row_error(i + 1, "学年应在 2000 至 2100 之间"));
                }
                if !seen.insert((&o.studio, o.year, o.kind)) {
                    return Err(twice(i + 1));
                }
            }
        }
        StudioRows::Mentors(rows) => {
            let mut seen = HashSet::new();
            for (i, p) in rows.iter().enumerate() {
                text(&p.subject, "学科", MAX_STUDIO_NAME, true, i + 1)?;
                text(&p.goals, "目标", MAX_GOALS, false, i + 1)?;
                period(&p.start, p.end.as_deref(), i + 1)?;
                if p.mentor == p.mentee {
                    return Err(row_error(i + 1, "师傅和徒弟是同一位教师"));
                }
                if !seen.insert((&p.mentor, &p.mentee, &p.subject, &p.start)) {
                    return Err(twice(i + 1));
                }
            }
        }
    }
    Ok(())
}
