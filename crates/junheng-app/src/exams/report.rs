//! An exam's report as the caller may see it: the figures bureaus publish per unit and paper
//! (their rows beside the pool's), the 比值赋分 composite of schools, the 校际差异率 local
//! estimates beside the official NAEQ values. One selection for the page, the JSON and the
//! workbook.
//!
//! The pool (ranks, 标准分, 超均率, the estimates) is always the whole exam, whoever looks: a
//! school sees where it stands against the district, not against itself. Which rows are shown
//! is the caller's [`Sight`]; a row with fewer than `min_cell` students who sat shows its counts
//! only (small cells suppressed).
//!
//! A 任课教师 row pools the classes a teacher teaches the paper in (教师视图): shown to the
//! district's readers, the school, and the teacher; it has no rank (no teacher is ranked).
//!
//! A row also carries the engine's literacy levels (水平Ⅰ–Ⅳ, on papers the settings give cuts;
//! counted by school and above, so a class row has none) and its box plot (the pool's and each
//! school's: a box is a school's quartiles). A suppressed row carries neither: a small school's
//! level counts or quartiles would reveal its students as much as its rates.

use junheng_core::exam::{
    BoxPlot, CompositeRow, Exam, Figures, LevelRow, PaperFigures, PaperSpread, QualitySettings,
    UnitFigures, UnitLevel, composite, figures, spread, teacher_units,
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
    /// Its name (a class as 学校 · 班级, a teacher as 学校 · 教师编号（班级、班级）).
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
    /// Students per literacy level, when the paper has levels (none for a class: the engine
    /// counts levels by school and above).
    pub levels: Option<Levels>,
    /// Min, Q1, median, Q3, max of the scores: the pool's and each school's.
    pub box_plot: Option<BoxPlot>,
}

/// A row's literacy levels, on the paper's [`LevelScale`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Levels {
    /// Students per level, Ⅰ first (the score population, like the mean's).
    pub counts: [u32; 4],
    /// Share per level.
    pub shares: Option<[f64; 4]>,
    /// Share at 水平Ⅲ or above (the 优质均衡 criterion "学业水平 ≥ Ⅲ级").
    pub at_least_three: Option<f64>,
}

impl Levels {
    fn of(row: &LevelRow) -> Levels {
        Levels {
            counts: row.counts,
            shares: row.shares(),
            at_least_three: row.at_least_three(),
        }
    }
}

/// A paper's literacy levels: their labels and cut scores (settings, `[quality.levels]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelScale {
    /// The four labels, Ⅰ first.
    pub labels: Vec<String>,
    /// The cuts `[Ⅱ, Ⅲ, Ⅳ]` in points (`score ≥ cut`).
    pub cuts: [f64; 3],
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
    /// Literacy levels' labels and cuts, when the settings give this paper cuts.
    pub levels: Option<LevelScale>,
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
        .enumerate()
        .map(|(i, p)| paper(exam, (i, p), sight, settings, min_cell, info.grade))
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

fn paper(
    exam: &Exam,
    (ix, p): (usize, &PaperFigures),
    sight: &Sight,
    settings: &QualitySettings,
    min_cell: u32,
    grade: u8,
) -> PaperReport {
    // Unit `i` of `level`, its levels (school and above) and box plot (the pool, a school).
    let row = |level: UnitLevel, i: usize, code: String, name: String| {
        unit_row(p, level, i, &p.units(level)[i], code, name, min_cell)
    };
    let mut rows = vec![row(UnitLevel::All, 0, String::new(), "全体".into())];
    let everything = *sight == Sight::Everything;
    if everything {
        for (g, name) in exam.groups().iter().enumerate() {
            rows.push(row(UnitLevel::Group, g, String::new(), name.clone()));
        }
        for (a, name) in exam.areas().iter().enumerate() {
            rows.push(row(UnitLevel::Area, a, String::new(), name.clone()));
        }
    }
    match sight {
        Sight::Group(name) => {
            if let Some(g) = exam.groups().iter().position(|n| n == name) {
                rows.push(row(UnitLevel::Group, g, String::new(), name.clone()));
            }
        }
        Sight::Zone(name) => {
            if let Some(a) = exam.areas().iter().position(|n| n == name) {
                rows.push(row(UnitLevel::Area, a, String::new(), name.clone()));
            }
        }
        _ => {}
    }
    for (s, unit) in exam.schools().iter().enumerate() {
        if sight.shows_school_row(exam, s) {
            rows.push(row(
                UnitLevel::School,
                s,
                unit.code.clone(),
                unit.name.clone(),
            ));
        }
    }
    for (c, class) in exam.classes().iter().enumerate() {
        if sight.shows_class_row(exam, c, ix, grade) {
            let unit = &exam.schools()[class.school as usize];
            rows.push(row(
                UnitLevel::Class,
                c,
                unit.code.clone(),
                format!("{} · {}", unit.name, class.name),
            ));
        }
    }
    for t in teacher_units(exam, p, ix, settings) {
        if sight.shows_teacher(exam, t.school as usize, &t.teacher) {
            let unit = &exam.schools()[t.school as usize];
            let name = teacher_name(exam, t.school, &t.teacher, &t.classes);
            let figures = t.figures;
            let level = UnitLevel::Teacher;
            rows.push(unit_row(
                p,
                level,
                0,
                &figures,
                unit.code.clone(),
                name,
                min_cell,
            ));
        }
    }
    let district_sight = matches!(sight, Sight::Everything | Sight::District);
    PaperReport {
        subject: p.subject.clone(),
        full: f64::from(p.full) / 10.0,
        lines: p.lines.map(|l| f64::from(l) / 10.0),
        rows,
        levels: p.levels.as_ref().map(|l| LevelScale {
            labels: l.labels.clone(),
            cuts: l.cuts,
        }),
        discrimination: p.discrimination,
        spread: district_sight.then(|| spread(exam, p)),
    }
}

/// A teacher's unit as rows name it: 学校 · 教师编号（班级、班级）.
pub(crate) fn teacher_name(exam: &Exam, school: u32, teacher: &str, classes: &[u32]) -> String {
    let classes: Vec<&str> = classes
        .iter()
        .map(|&c| exam.classes()[c as usize].name.as_str())
        .collect();
    let school = &exam.schools()[school as usize].name;
    format!("{school} · {teacher}（{}）", classes.join("、"))
}

/// Unit `u` (number `i` of `level`) as a row: its levels (school and above) and box plot (the
/// pool, a school); withheld below `min_cell`.
fn unit_row(
    p: &PaperFigures,
    level: UnitLevel,
    i: usize,
    u: &UnitFigures,
    code: String,
    name: String,
    min_cell: u32,
) -> Row {
    {
        let suppressed = u.sat() < min_cell;
        let shown = |v: Option<f64>| if suppressed { None } else { v };
        let levels = p.levels.as_ref().and_then(|l| match level {
            UnitLevel::All => Some(&l.all),
            UnitLevel::Group => l.groups.get(i),
            UnitLevel::Area => l.areas.get(i),
            UnitLevel::District => l.districts.get(i),
            UnitLevel::School => l.schools.get(i),
            UnitLevel::Class | UnitLevel::Teacher => None,
        });
        let box_plot = match level {
            UnitLevel::All => p.pool_box,
            UnitLevel::School => p.boxes.get(i).copied().flatten(),
            _ => None,
        };
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
            levels: levels.filter(|_| !suppressed).map(Levels::of),
            box_plot: box_plot.filter(|_| !suppressed),
        }
    }
}
