//! The school list (search and filters) and a school's own page: its values against the
//! standards, its gaps (for a 乡村 or 镇区 school, each with its distance from the district's 城区
//! mean) and its history. A user sees only the schools their scope allows.

mod inputs;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::evaluate::Evaluation;
use junheng_core::school::{SchoolCode, SchoolCodeError, school_year};

use crate::access::Member;
use crate::dashboard::{self, Selection, YearChip, require_selection, year_switch};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Path, Query};
use crate::state::AppState;
use crate::views::{self, Layout, render};

/// The columns of the school list.
const COLUMNS: &[Column] = &[
    Column::plain("code", "common-school-code"),
    Column::plain("name", "common-school-name"),
    Column::choice("kind", "list-school-type"),
    Column::choice("zone", "map-zone"),
    Column::choice("group", "common-education-groups"),
    Column::plain("students", "common-students"),
    Column::plain("met", "report-met"),
    Column::choice("verdict", "common-verdict"),
];

#[derive(Template)]
#[template(path = "schools.html")]
struct ListPage {
    layout: Layout,
    year_label: String,
    years: Vec<YearChip>,
    list: ListView,
    scoped: bool,
}

/// A school's verdict label in `lang` (达标 / 未达标 / 不参评) and whether it passes.
pub(crate) fn school_verdict(lang: Lang, e: &Evaluation<'_>, code: &SchoolCode) -> (String, bool) {
    let (passes, met) = verdicts(e, code);
    if met.is_empty() {
        (lang.t("label-not-evaluated").to_owned(), true)
    } else {
        (dashboard::verdict(lang, passes).to_owned(), passes)
    }
}

/// Per school: whether all its units pass and "met" per unit, from an evaluation.
fn verdicts(e: &Evaluation<'_>, code: &SchoolCode) -> (bool, String) {
    let mut passes = true;
    let mut met = Vec::new();
    for s in &e.sections {
        for (unit, v) in s.units.iter().zip(&s.verdicts) {
            if unit.school_code() == code || unit.merged.iter().any(|r| &r.code == code) {
                passes &= v.passes != Some(false);
                if let Some(m) = v.met {
                    met.push(format!("{}{m}/{}", s.section.label(), s.indicators.len()));
                }
            }
        }
    }
    (passes, met.join(" "))
}

/// `GET /schools?year=&rulebook=&q=&kind=&zone=&group=&verdict=&sort=&desc=&page=&format=`:
/// the schools the viewer may see, as a list page or its XLSX/CSV download
/// (`status=failing|passing` is kept as another name of `verdict=common-fails|common-passes`).
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Member,
    Query(selection): Query<Selection>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sel = require_selection(&here, &selection).await?;
    let e = sel.evaluation()?;
    let sees = viewer.sees();
    // Verdicts are labels: the drop-down filters by their keys.
    let pairs = pairs
        .into_iter()
        .map(|(k, v)| match (k.as_str(), v.as_str()) {
            ("status", "failing") => ("verdict".to_owned(), "common-fails".to_owned()),
            ("status", "passing") => ("verdict".to_owned(), "common-passes".to_owned()),
            _ => (k, v),
        })
        .collect();
    let list = List::new(COLUMNS, pairs, &["year", "rulebook"])?;
    let mut rows = Vec::new();
    for r in sel.records().iter().filter(|r| sees.record(r)) {
        let (passes, met) = verdicts(e, &r.code);
        let evaluated = !met.is_empty();
        let verdict = if !evaluated {
            "label-not-evaluated"
        } else if passes {
            "common-passes"
        } else {
            "common-fails"
        };
        let students = i64::from(r.primary.students) + i64::from(r.junior.students);
        rows.push(
            Row::new(vec![
                Value::text(r.code.as_str()),
                Value::text(&r.name),
                Value::text(r.kind.label()),
                Value::maybe(r.zone.clone()),
                Value::maybe(r.group.clone()),
                Value::Int(students),
                Value::text(met),
                Value::Label(verdict),
            ])
            .link(format!("/schools/{}?year={}", r.code, sel.year))
            .class(7, if passes { "pass" } else { "fail" }),
        );
    }
    let name = format!("学校名单-{}", sel.year);
    list.respond(&rows, &name, "学校", |list| {
        render(&ListPage {
            layout: Layout::new("common-schools-2", &viewer),
            year_label: school_year(sel.year),
            years: year_switch(&sel.years, |y| {
                format!("/schools?year={y}&rulebook={}", sel.rulebook.id)
            }),
            list,
            scoped: !sees.all(),
        })
    })
}

pub(crate) struct ValueRow {
    /// The indicator's name and unit (data), HTML.
    pub label: String,
    pub value: String,
    pub standard: String,
    pub meets: bool,
    pub mark: &'static str,
}

pub(crate) struct UnitView {
    /// 小学 or 初中 (data).
    pub section: &'static str,
    pub students: u64,
    pub verdict: &'static str,
    pub passes: bool,
    pub met: String,
    pub share: String,
    /// How the shared facilities reach this unit (multi-section schools).
    pub apportioning: Option<inputs::Apportioning>,
    pub values: Vec<ValueRow>,
    pub gaps: Vec<GapLine>,
}

/// One gap of a failing unit.
pub(crate) struct GapLine {
    /// The engine's sentence (data).
    pub text: String,
    /// For a 乡村 or 镇区 school: how far the indicator lies from the district's 城区 mean (HTML;
    /// empty otherwise).
    pub urban: String,
    /// The form that raises a task from this gap, for those who may (empty otherwise).
    pub task: String,
}

pub(crate) struct HistoryRow {
    pub year: String,
    pub version: u32,
    pub imported_at: String,
    /// A user's name (data).
    pub imported_by: String,
    pub students: u64,
}

#[derive(Template)]
#[template(path = "school.html")]
struct SchoolPage {
    layout: Layout,
    code: String,
    /// Data: the name, 办学类型, 学区 and 教育集团 as the statistics hold them.
    name: String,
    kind: &'static str,
    zone: String,
    group: String,
    parent: String,
    year_label: String,
    years: Vec<YearChip>,
    rulebook_name: String,
    units: Vec<UnitView>,
    /// The row's raw inputs (原始数据).
    inputs: Vec<inputs::InputRow>,
    excluded: String,
    history: Vec<HistoryRow>,
    /// The school's documents: `evidence_block.html`.
    evidence: crate::evidence::Block,
    /// The school's unfinished tasks the viewer sees (overdue first).
    tasks: Vec<crate::tasks::SchoolTask>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(code): Path<String>,
    Query(q): Query<Selection>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let code = SchoolCode::parse(&code).map_err(|e| {
        let code = crate::views::cut(&code);
        AppError::not_found(match e {
            SchoolCodeError::Empty => crate::msg!("schools-code-empty", code = code),
            SchoolCodeError::ScientificNotation => {
                crate::msg!("schools-code-scientific", code = code)
            }
            SchoolCodeError::NotTenDigits => {
                crate::msg!("schools-code-not-ten-digits", code = code)
            }
        })
    })?;
    let lang = viewer.lang;
    let sees = viewer.sees();
    let sel = require_selection(&here, &q).await?;
    // Scope is checked before anything about the school is shown, and a school outside the
    // scope is refused whether it exists this year or not.
    let record = sel.records().iter().find(|r| r.code == code);
    if !record.map_or_else(|| sees.school(&code, None), |r| sees.record(r)) {
        return Err(AppError::Forbidden);
    }
    let Some(record) = record else {
        return Err(AppError::not_found(crate::msg!(
            "schools-no-school-in-year",
            year = school_year(sel.year),
            code = code.to_string(),
        )));
    };
    let e = sel.evaluation()?;
    let raise = crate::tasks::may_raise(&viewer);
    let mut units = Vec::new();
    for s in &e.sections {
        for (u, unit) in s.units.iter().enumerate() {
            if unit.school_code() != &code {
                continue;
            }
            let verdict = &s.verdicts[u];
            let values = s
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| {
                    let v = s.values[i][u];
                    let meets = ind.standard.is_none_or(|st| {
                        v >= st * (1.0 - junheng_core::evaluate::RELATIVE_TOLERANCE)
                    });
                    ValueRow {
                        label: marks::html(
                            lang,
                            "pages-name-unit",
                            &[
                                ("name", Var::Data(&ind.name)),
                                ("unit", Var::Data(&ind.unit)),
                            ],
                        ),
                        value: views::value(v),
                        standard: ind.standard.map_or("—".into(), views::threshold),
                        meets,
                        mark: if ind.standard.is_none() {
                            ""
                        } else if meets {
                            "✓"
                        } else {
                            "✗"
                        },
                    }
                })
                .collect();
            units.push(UnitView {
                section: s.section.label(),
                students: unit.students,
                verdict: verdict.passes.map_or("—", |p| dashboard::verdict(lang, p)),
                passes: verdict.passes != Some(false),
                met: verdict
                    .met
                    .map_or("—".into(), |m| format!("{m}/{}", s.indicators.len())),
                share: if unit.facility_share < 1.0 {
                    crate::tr!(
                        lang,
                        "schools-facility-share",
                        share = format!("{:.1}", unit.facility_share * 100.0),
                    )
                } else {
                    String::new()
                },
                apportioning: inputs::apportioning(lang, record, s.section, &e.policy),
                values,
                gaps: verdict
                    .gaps
                    .iter()
                    .map(|g| GapLine {
                        text: g.describe(&e.policy),
                        urban: crate::urban::distance(
                            lang,
                            e,
                            unit,
                            s.section,
                            &s.indicators[g.indicator],
                        ),
                        task: if raise {
                            crate::tasks::new_from_gap_href(&code, &s.indicators[g.indicator].id)
                        } else {
                            String::new()
                        },
                    })
                    .collect(),
            });
        }
    }
    let excluded = e
        .excluded
        .iter()
        .find(|x| x.school_code == code)
        .map_or(String::new(), |x| x.reason.describe());
    let history = here
        .store
        .school_history(&code)
        .await?
        .into_iter()
        .map(|h| HistoryRow {
            year: school_year(h.year),
            version: h.version,
            imported_at: crate::views::time(&h.imported_at),
            imported_by: h.imported_by.clone(),
            students: u64::from(h.record.primary.students) + u64::from(h.record.junior.students),
        })
        .collect();
    let evidence = crate::evidence::record_block(
        &here,
        &viewer,
        junheng_core::record::RecordKind::School,
        code.as_str(),
        &format!("/schools/{code}"),
    )
    .await?;
    let page = SchoolPage {
        layout: Layout::new(record.name.clone(), &viewer),
        code: code.to_string(),
        name: record.name.clone(),
        kind: record.kind.label(),
        zone: record.zone.clone().unwrap_or_default(),
        group: record.group.clone().unwrap_or_default(),
        parent: record
            .parent_code
            .as_ref()
            .map_or(String::new(), |p| p.to_string()),
        year_label: school_year(sel.year),
        years: year_switch(&sel.years, |y| {
            format!("/schools/{code}?year={y}&rulebook={}", sel.rulebook.id)
        }),
        rulebook_name: e.rulebook_name.clone(),
        units,
        inputs: inputs::inputs(record),
        excluded,
        history,
        evidence,
        tasks: crate::tasks::of_school(&here, &viewer, &code).await?,
    };
    Ok(render(&page))
}
