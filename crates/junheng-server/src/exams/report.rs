//! `GET /exams/{id}[?school=]`, `GET /exams/{id}/report.json`, `GET /exams/{id}/report.xlsx`:
//! an exam's report as the caller may see it — one selection (`junheng_app::exams::report`,
//! narrowed to one school by `?school=`) for the page, the data and the workbook. Per paper the
//! visible rows with 应考/实考/参考率 beside every figure (a row of fewer than `min_cell` shows
//! its counts only), 区分度, the 校际差异率 local estimates (本地估算, each with its definition)
//! beside the 0.15 line and the official NAEQ value, the distribution over the lines, the
//! literacy levels (素养水平, on papers with level cuts) and the box plots of the pool and each
//! visible school ([`sections`]); then the 比值赋分 composite; then the forms of who imports and
//! withdraws.

mod sections;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use junheng_app::exams::report::{Report, Row, report};
use junheng_app::exams::who::{Sight, may_import};
use junheng_core::exam::{NAEQ_LINE, RateMode, UnitLevel};
use junheng_core::school::SchoolCode;
use junheng_store::Scope;

use self::sections::{BoxesView, LevelsView, boxes_view, levels_view};
use super::charts::{Shares, distribution};
use super::naeq::NaeqRow;
use super::{caller, exam_of, kind_key, level_key, min_cell, num, pct, refusal, sight_of};
use crate::access::{Member, Viewer};
use crate::error::AppError;
use crate::params::{Path, Query};
use crate::state::{AppState, Here};
use crate::students::{keys, param, school_text};
use crate::views::{Layout, render};

/// The selection of `viewer`: the app's report, narrowed to `school` when asked.
pub(super) async fn selection(
    state: &AppState,
    here: &Here,
    viewer: &Viewer,
    id: i64,
    pairs: &[(String, String)],
) -> Result<(Report, Option<SchoolCode>), AppError> {
    let school = param(pairs, "school")
        .filter(|v| !v.is_empty())
        .map(|v| {
            SchoolCode::parse(v).map_err(|_| {
                AppError::bad_request(crate::msg!("exams-bad-school", v = crate::views::cut(v)))
            })
        })
        .transpose()?;
    exam_of(here, id).await?;
    if let Some(s) = &school
        && !reaches(here, viewer, s).await?
    {
        return Err(AppError::Forbidden);
    }
    let mut r = report(
        &here.store,
        &caller(viewer),
        keys(here),
        id,
        &state.config.quality,
        min_cell(state),
    )
    .await
    .map_err(refusal)?;
    if let Some(s) = &school {
        let mut kept = Vec::new();
        for p in &mut r.papers {
            p.rows
                .retain(|row| row.level == UnitLevel::All || row.code == s.as_str());
            kept.extend(
                p.rows
                    .iter()
                    .filter(|row| row.level == UnitLevel::School)
                    .map(|row| row.name.clone()),
            );
        }
        r.composite.retain(|(name, _)| kept.contains(name));
    }
    Ok((r, school))
}

/// Whether `viewer` may narrow the report to `school`: a school of their sight (a group's or
/// 学区's by the latest statistics); the district's aggregate roles see only the pool anyway.
async fn reaches(here: &Here, viewer: &Viewer, school: &SchoolCode) -> Result<bool, AppError> {
    Ok(match sight_of(viewer) {
        Sight::Everything | Sight::District => true,
        Sight::School(s) | Sight::Class { school: s, .. } | Sight::Teacher { school: s, .. } => {
            &s == school
        }
        Sight::Group(_) | Sight::Zone(_) => {
            let Some(year) = here.store.years().await?.iter().map(|y| y.year).max() else {
                return Ok(false);
            };
            let sees = viewer.sees();
            here.store
                .statistics(year, None)
                .await?
                .iter()
                .any(|r| &r.code == school && sees.record(r))
        }
        Sight::Nothing => false,
    })
}

/// A row as the page shows it.
pub(crate) struct RowView {
    pub level: &'static str,
    pub name: String,
    pub class: &'static str,
    pub enrolled: u32,
    pub sat: u32,
    pub absent: u32,
    pub participation: String,
    pub suppressed: bool,
    /// 平均分, 标准差, 优秀率, 良好率, 及格率, 低分率, 得分率, 超均率, Z, T, 名次.
    pub figures: Vec<String>,
}

/// A row's class on the page: the pool's, a withheld row's, or none.
fn row_class(r: &Row) -> &'static str {
    if r.level == UnitLevel::All {
        "pool"
    } else if r.suppressed {
        "suppressed"
    } else {
        ""
    }
}

fn row_view(r: &Row) -> RowView {
    let rates = r.rates.map(|x| x.map(Some)).unwrap_or([None; 4]);
    RowView {
        level: level_key(r.level),
        name: r.name.clone(),
        class: row_class(r),
        enrolled: r.enrolled,
        sat: r.sat,
        absent: r.absent,
        participation: pct(r.participation),
        suppressed: r.suppressed,
        figures: vec![
            num(r.mean, 1),
            num(r.sd, 1),
            pct(rates[0]),
            pct(rates[1]),
            pct(rates[2]),
            pct(rates[3]),
            pct(r.score_rate),
            pct(r.over_mean),
            num(r.z, 2),
            num(r.t, 1),
            r.rank.map_or_else(|| "—".to_owned(), |n| n.to_string()),
        ],
    }
}

/// The 校际差异率 block of a paper.
pub(crate) struct SpreadView {
    pub eta2: String,
    pub icc1: String,
    pub s: String,
    pub schools: u32,
    pub students: u64,
    /// The official results of this subject.
    pub naeq: Vec<NaeqRow>,
}

/// A paper as the page shows it.
pub(crate) struct PaperView {
    pub subject: String,
    pub full: String,
    pub lines: String,
    pub rows: Vec<RowView>,
    pub discrimination: String,
    pub spread: Option<SpreadView>,
    pub chart: String,
    /// 素养水平, on a paper with level cuts.
    pub levels: Option<LevelsView>,
    pub boxes: BoxesView,
}

/// A 比值赋分 row.
pub(crate) struct CompositeView {
    pub name: String,
    pub parts: Vec<String>,
    pub score: String,
    pub quality: String,
    pub rank: u32,
}

/// A stored school file the viewer may withdraw.
pub(crate) struct FileView {
    pub school: String,
    pub code: String,
    pub version: u32,
    pub file_name: String,
    pub students: u64,
    pub by: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "exams_report.html")]
struct Page {
    layout: Layout,
    id: i64,
    name: String,
    on_date: String,
    grade: u32,
    kind: &'static str,
    schools: usize,
    students: usize,
    min_cell: u32,
    query: String,
    district_only: bool,
    papers: Vec<PaperView>,
    composite: Vec<CompositeView>,
    line: f64,
    definitions: [&'static str; 3],
    /// (code, shown) of the schools the viewer imports for.
    import_schools: Vec<(String, String)>,
    files: Vec<FileView>,
    withdrawn: bool,
}

/// The figures' headers (catalogue keys) after 应考, 实考, 缺考, 参考率.
pub(super) const FIGURES: [&str; 11] = [
    "exams-col-mean",
    "exams-col-sd",
    "exams-col-excellent",
    "exams-col-good",
    "exams-col-pass",
    "exams-col-low",
    "exams-col-score-rate",
    "exams-col-over-mean",
    "exams-col-z",
    "exams-col-t",
    "exams-col-rank",
];

/// `GET /exams/{id}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (r, school) = selection(&state, &here, &viewer, id, &pairs).await?;
    let lang = viewer.lang;
    let band = state.config.quality.rates == RateMode::Band;
    let papers = r
        .papers
        .iter()
        .map(|p| {
            let shown: Vec<Shares> = p
                .rows
                .iter()
                .filter_map(|row| Some(Shares::of(row.name.clone(), row.rates?, band)))
                .take(60)
                .collect();
            let title = crate::i18n::marks::html(
                lang,
                "exams-distribution-title",
                &[("subject", crate::i18n::marks::Var::Data(&p.subject))],
            );
            PaperView {
                subject: p.subject.clone(),
                full: format!("{}", p.full),
                lines: p.lines.map(|l| format!("{l}")).join(" / "),
                rows: p.rows.iter().map(row_view).collect(),
                discrimination: num(p.discrimination, 2),
                spread: p.spread.as_ref().map(|s| SpreadView {
                    eta2: num(s.all.eta2, 3),
                    icc1: num(s.all.icc1, 3),
                    s: num(s.all.sd_of_means, 3),
                    schools: s.all.schools,
                    students: s.all.students,
                    naeq: r
                        .naeq
                        .iter()
                        .filter(|n| n.subject == p.subject)
                        .map(NaeqRow::of)
                        .collect(),
                }),
                chart: if shown.is_empty() {
                    String::new()
                } else {
                    distribution(lang, &title, &shown)
                },
                levels: levels_view(lang, p),
                boxes: boxes_view(lang, p),
            }
        })
        .collect();
    let composite = r
        .composite
        .iter()
        .map(|(name, c)| CompositeView {
            name: name.clone(),
            parts: [
                c.rated_average,
                c.rated_excellent,
                c.rated_good,
                c.rated_pass,
            ]
            .iter()
            .map(|v| format!("{v:.2}"))
            .collect(),
            score: format!("{:.2}", c.score),
            quality: format!("{:.1}", c.quality),
            rank: c.rank,
        })
        .collect();
    let (import_schools, files) = writes(&here, &viewer, id).await?;
    let sight = sight_of(&viewer);
    Ok(render(&Page {
        layout: Layout::new("exams-report-title", &viewer),
        id,
        name: r.exam.name.clone(),
        on_date: r.exam.on_date.clone(),
        grade: u32::from(r.exam.grade),
        kind: kind_key(r.exam.kind),
        schools: r.schools,
        students: r.students,
        min_cell: r.min_cell,
        // Carried into the links only when the caller sees that school (never echoed otherwise).
        query: school
            .filter(|s| {
                r.papers
                    .iter()
                    .any(|p| p.rows.iter().any(|row| row.code == s.as_str()))
            })
            .map_or_else(String::new, |s| format!("?school={s}")),
        district_only: sight == Sight::District,
        papers,
        composite,
        line: NAEQ_LINE,
        definitions: ["exams-def-eta2", "exams-def-icc1", "exams-def-s"],
        import_schools,
        files,
        withdrawn: param(&pairs, "withdrawn").is_some(),
    }))
}

/// The schools `viewer` imports for, and their stored files.
async fn writes(
    here: &Here,
    viewer: &Viewer,
    id: i64,
) -> Result<(Vec<(String, String)>, Vec<FileView>), AppError> {
    let who = caller(viewer);
    let mut names = junheng_app::students::rates::school_names(&here.store)
        .await?
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>();
    if let Scope::School(s) = &viewer.user.scope {
        names.entry(s.clone()).or_insert_with(String::new);
    }
    let mut schools: Vec<(String, String)> = names
        .keys()
        .filter(|s| may_import(&who, s))
        .map(|s| (s.to_string(), school_text(&names, s)))
        .collect();
    // The district's administrators may import a whole exam's long file (every school at once).
    if junheng_app::exams::who::may_administer(&who) {
        let whole = crate::i18n::Lang::Zh.t("exams-import-whole-option");
        schools.insert(0, (super::files::WHOLE.to_owned(), whole.to_owned()));
    }
    let files = here
        .store
        .exam_files(id, false)
        .await?
        .into_iter()
        .filter(|f| may_import(&who, &f.school))
        .map(|f| FileView {
            school: school_text(&names, &f.school),
            code: f.school.to_string(),
            version: f.version,
            file_name: f.file_name,
            students: f.students,
            by: f.imported_by,
            at: crate::views::time(&f.imported_at),
        })
        .collect();
    Ok((schools, files))
}

/// `GET /exams/{id}/report.json`: the page's selection as data.
pub(crate) async fn json(
    State(state): State<AppState>,
    viewer: Member,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (r, _) = selection(&state, &here, &viewer, id, &pairs).await?;
    Ok(Json(r).into_response())
}

#[cfg(test)]
mod tests {
    use junheng_core::exam::{ETA2_DEFINITION, ICC1_DEFINITION, SD_OF_MEANS_DEFINITION};

    /// The definitions shown are the engine's, word for word, in Chinese.
    #[test]
    fn the_definitions_are_the_engines() {
        let zh = crate::i18n::Lang::Zh;
        assert_eq!(zh.t("exams-def-eta2"), ETA2_DEFINITION);
        assert_eq!(zh.t("exams-def-icc1"), ICC1_DEFINITION);
        assert_eq!(zh.t("exams-def-s"), SD_OF_MEANS_DEFINITION);
        assert_eq!(
            zh.t("exams-local-estimate"),
            junheng_core::exam::LOCAL_ESTIMATE
        );
    }
}
