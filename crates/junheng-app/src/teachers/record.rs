//! A teacher's record (`/teachers/{teacher}`, issue 17 item 9): one section per capability, each
//! a small struct — the roster history (school, 学段, subject, 职称, 骨干级别 per year), the
//! rotation moves, the pipeline's titles, and awards and 师德 (only with a [`HonoursPass`]).
//! Never 出生年 or 性别. Every read is audited (naming the teacher by 教师编号 and the sections
//! shown). Later capabilities (training, certificates, studios, pairs) add their section here.

use junheng_core::school::{SchoolCode, Section};
use junheng_rotation::{BackboneLevel, Move, TeacherId, Title};
use junheng_store::{DistrictStore, MoveFilter, StoreError};
use junheng_teachers::honours::{Award, EthicsResult};
use junheng_teachers::pipeline::{HonourTitle, Stage, stage_in};
use serde::Serialize;

use super::honours::HonoursPass;
use crate::pairings::Caller;

/// One year of the roster history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterYear {
    /// 学年.
    pub year: i32,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学段.
    pub section: Section,
    /// 学科.
    pub subject: String,
    /// 职称, when the roster gives it.
    pub title: Option<Title>,
    /// 骨干级别 of the roster.
    pub backbone: BackboneLevel,
    /// The pipeline stage of the year (roster and titles).
    pub stage: Option<Stage>,
}

/// Awards and 师德: the section only a [`HonoursPass`] opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HonoursSection {
    /// Awards, by year.
    pub awards: Vec<Award>,
    /// 师德考核 results, by year.
    pub ethics: Vec<EthicsResult>,
}

/// A teacher's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeacherRecord {
    /// 教师编号.
    pub teacher: TeacherId,
    /// Roster history, oldest first.
    pub roster: Vec<RosterYear>,
    /// Rotation moves of the ledger (not cancelled), by start year.
    pub moves: Vec<Move>,
    /// Titles (称号), by year.
    pub titles: Vec<HonourTitle>,
    /// Awards and 师德 (`None`: the viewer holds no pass for the teacher's school).
    pub honours: Option<HonoursSection>,
}

impl TeacherRecord {
    /// The school of the newest roster year.
    pub fn school(&self) -> Option<&SchoolCode> {
        self.roster.last().map(|r| &r.school)
    }
}

/// The record of `teacher` as `caller` may see it: `None` when no stored roster has them or
/// their school (of the newest roster year) is not one `sees` lets the caller see. Awards and
/// 师德 are read only when the caller's pass covers that school. The read is audited.
pub async fn record(
    store: &DistrictStore,
    caller: &Caller<'_>,
    teacher: &TeacherId,
    sees: impl Fn(&SchoolCode) -> bool,
) -> Result<Option<TeacherRecord>, StoreError> {
    let titles = store.honour_titles(Some(teacher)).await?;
    let title_refs: Vec<&HonourTitle> = titles.iter().collect();
    let mut roster = Vec::new();
    let mut years: Vec<i32> = store.roster_years().await?.iter().map(|v| v.year).collect();
    years.sort_unstable();
    for year in years {
        if let Some(t) = store
            .roster(year)
            .await?
            .into_iter()
            .find(|t| &t.id == teacher)
        {
            roster.push(RosterYear {
                year,
                stage: stage_in(t.backbone, &title_refs, year),
                school: t.school,
                section: t.section,
                subject: t.subject,
                title: t.title,
                backbone: t.backbone,
            });
        }
    }
    let Some(school) = roster.last().map(|r| r.school.clone()) else {
        return Ok(None);
    };
    if !sees(&school) {
        return Ok(None);
    }
    let mut moves: Vec<Move> = store
        .moves(&MoveFilter::default())
        .await?
        .into_iter()
        .map(|e| e.move_)
        .filter(|m| &m.teacher == teacher)
        .collect();
    moves.sort_by_key(|m| m.start_year);
    let honours = match HonoursPass::of(caller).filter(|p| p.covers(&school)) {
        Some(_) => Some(HonoursSection {
            awards: store.honour_awards(Some(teacher), None).await?,
            ethics: store.honour_ethics(Some(teacher), None).await?,
        }),
        None => None,
    };
    let sections = if honours.is_some() {
        "roster,moves,titles,awards,ethics"
    } else {
        "roster,moves,titles"
    };
    store
        .log_record_read(teacher, sections, &caller.actor())
        .await?;
    Ok(Some(TeacherRecord {
        teacher: teacher.clone(),
        roster,
        moves,
        titles,
        honours,
    }))
}
