//! An exam's report as the caller may see it: the figures bureaus publish per unit and paper
//! (their rows beside the pool's), the 比值赋分 composite of schools, the 校际差异率 local
//! estimates beside the official NAEQ values. One selection for the page, the JSON and the
//! workbook.
//!
//! The pool (ranks, 标准分, 超均率, the estimates) is always the whole exam, whoever looks: a
//! school sees where it stands against the district, not against itself. Which rows are shown
//! is the caller's [`Sight`]; a row with fewer than `min_cell` students who sat shows its counts
//! only (small cells suppressed).

use junheng_core::exam::{
    CompositeRow, Exam, Figures, PaperFigures, PaperSpread, QualitySettings, UnitFigures,
    UnitLevel, composite, figures, spread,
};
use junheng_store::{DistrictStore, ExamInfo, NaeqEntry, StudentKeys};
use serde::Serialize;

use super::Refused;
use super::load::load;
use super::who::{Sight, sight};
use crate::pairings::Caller;

/// One unit's row on one paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Its level.
    pub level: UnitLevel,
    /// The unit's code (a school's 学校标识码; empty otherwise).
    pub code: String,
    /// Its name (a class as 学校 · 班级).
    pub name: String,
    /// 应考 (roster − 免考).
    pub enrolled: u32,
    /// 实考.
    pub sat: u32,
    /// 缺考 (with students without a row).
    pub absent: u32,
    /// 参考率.
    pub participation: Option<f64>,
    /// Whether the figures are withheld (fewer than `min_cell` sat).
    pub suppressed: bool,
    /// 平均分.
    pub mean: Option<f64>,
    /// 标准差 (population).
    pub sd: Option<f64>,
    /// 优秀率, 良好率, 及格率, 低分率.
    pub rates: Option<[f64; 4]>,
    /// 得分率.
    pub score_rate: Option<f64>,
    /// 超均率.
    pub over_mean: Option<f64>,
    /// 标准分 Z of the unit's mean.
    pub z: Option<f64>,
    /// T = 50 + 10·Z.
    pub t: Option<f64>,
    /// Rank among units of its level.
    pub rank: Option<u32>,
}

/// One paper's part of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaperReport {
    /// 学科 (or 总分).
    pub subject: String,
    /// 满分, points.
    pub full: f64,
    /// 优秀, 良好, 及格, 低分 lines, points.
    pub lines: [f64; 4],
    /// The pool's row first, then the visible groups, 学区, schools and classes.
    pub rows: Vec<Row>,
    /// 区分度 of the paper (the pool's).
    pub discrimination: Option<f64>,
    /// The local estimates of the 校际差异率 (本地估算), when the caller sees the district.
    pub spread: Option<PaperSpread>,
}

/// An exam's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The exam.
    pub exam: ExamInfo,
    /// Schools with scores.
    pub schools: usize,
    /// Students on the roster.
    pub students: usize,
    /// Per paper, then 总分.
    pub papers: Vec<PaperReport>,
    /// The 比值赋分 composite of the visible schools on 总分 (or the only paper).
    pub composite: Vec<(String, CompositeRow)>,
    /// The official NAEQ results entered for the district (they alone decide the 督导 item).
    pub naeq: Vec<NaeqEntry>,
    /// The smallest cell shown.
    pub min_cell: u32,
}

/// The report of `exam` for `caller`.
pub async fn report(
    store: &DistrictStore,
    caller: &Caller<'_>,
    keys: Option<&StudentKeys>,
    exam: i64,
    settings: &QualitySettings,
    min_cell: u32,
) -> Result<Report, Refused> {
    let sight = sight(caller);
    if sight == Sight::Nothing {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let loaded = load(store, keys, exam).await?;
    let figures = figures(&loaded.exam, settings);
    let naeq = if matches!(sight, Sight::Everything | Sight::District) {
        store.naeq_results().await?
    } else {
        Vec::new()
    };
    Ok(build(
        loaded.info,
        &loaded.exam,
        &figures,
        &sight,
        settings,
        min_cell,
        naeq,
    ))
}

/// The report from computed figures (pure: the tests and the command line call it too).
pub fn build(
    info: ExamInfo,
    exam: &Exam,
    figures: &Figures,
    sight: &Sight,
    settings: &QualitySettings,
    min_cell: u32,
    naeq: Vec<NaeqEntry>,
) -> Report {
    let papers = figures
        .papers
        .iter()
        .map(|p| paper(exam, p, sight, min_cell, info.grade))
        .collect();
    let basis = figures
        .paper(junheng_core::exam::TOTAL_SUBJECT)
        .or(figures.papers.first());
    let composite = basis
        .map(|p| {
            composite(p, &settings.composite)
                .into_iter()
                .filter(|r| sight.sees_school(exam, r.school as usize))
                .map(|r| (exam.schools()[r.school as usize].name.clone(), r))
                .collect()
        })
        .unwrap_or_default();
    Report {
        exam: info,
        schools: exam.schools().len(),
        students: exam.students(),
        papers,
        composite,
        naeq,
        min_cell,
    }
}

fn paper(exam: &Exam, p: &PaperFigures, sight: &Sight, min_cell: u32, grade: u8) -> PaperReport {
    let row = |level, code: String, name: String, u: &UnitFigures| {
        let suppressed = u.sat() < min_cell;
        let shown = |v: Option<f64>| if suppressed { None } else { v };
        Row {
            level,
            code,
            name,
            enrolled: u.enrolled(),
            sat: u.sat(),
            absent: u.absent(),
            participation: u.participation(),
            suppressed,
            mean: shown(u.mean()),
            sd: shown(u.sd()),
            rates: if suppressed { None } else { u.rates() },
            score_rate: shown(p.score_rate(u)),
            over_mean: shown(p.over_mean(u)),
            z: shown(p.z(u)),
            t: shown(p.t(u)),
            rank: if suppressed { None } else { u.rank },
        }
    };
    let mut rows = vec![row(UnitLevel::All, String::new(), "全体".into(), &p.all)];
    let everything = *sight == Sight::Everything;
    if everything {
        for (g, u) in p.groups.iter().enumerate() {
            rows.push(row(
                UnitLevel::Group,
                String::new(),
                exam.groups()[g].clone(),
                u,
            ));
        }
        for (a, u) in p.areas.iter().enumerate() {
            rows.push(row(
                UnitLevel::Area,
                String::new(),
                exam.areas()[a].clone(),
                u,
            ));
        }
    }
    match sight {
        Sight::Group(name) => {
            if let Some(g) = exam.groups().iter().position(|n| n == name) {
                rows.push(row(
                    UnitLevel::Group,
                    String::new(),
                    name.clone(),
                    &p.groups[g],
                ));
            }
        }
        Sight::Zone(name) => {
            if let Some(a) = exam.areas().iter().position(|n| n == name) {
                rows.push(row(
                    UnitLevel::Area,
                    String::new(),
                    name.clone(),
                    &p.areas[a],
                ));
            }
        }
        _ => {}
    }
    for (s, u) in p.schools.iter().enumerate() {
        if sight.shows_school_row(exam, s) {
            let unit = &exam.schools()[s];
            rows.push(row(
                UnitLevel::School,
                unit.code.clone(),
                unit.name.clone(),
                u,
            ));
        }
    }
    for (c, u) in p.classes.iter().enumerate() {
        if sight.sees_class(exam, c, grade) {
            let class = &exam.classes()[c];
            let unit = &exam.schools()[class.school as usize];
            rows.push(row(
                UnitLevel::Class,
                unit.code.clone(),
                format!("{} · {}", unit.name, class.name),
                u,
            ));
        }
    }
    let district_sight = matches!(sight, Sight::Everything | Sight::District);
    PaperReport {
        subject: p.subject.clone(),
        full: f64::from(p.full) / 10.0,
        lines: p.lines.map(|l| f64::from(l) / 10.0),
        rows,
        discrimination: p.discrimination,
        spread: district_sight.then(|| spread(exam, p)),
    }
}
