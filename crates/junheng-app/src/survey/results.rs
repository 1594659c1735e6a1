//! A survey's results (the page, its JSON and its download share [`view`]) and the latest
//! result of a year for the 督导评估 verdict ([`latest_result`]).

use junheng_core::survey::{Questionnaire, Response, Results, results};
use junheng_io::export::{Cell, Table};
use junheng_labour::calendar::Day;
use junheng_store::survey::{SurveyBatch, SurveyImport, SurveyInfo, SurveyStatus};
use junheng_store::{DistrictStore, StoreError};

use super::{Loaded, load, reader};
use crate::pairings::{Caller, Refused};

/// A survey with its results, batches and imports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SurveyResults {
    /// The survey.
    pub info: SurveyInfo,
    /// Its questionnaire.
    pub questionnaire: Questionnaire,
    /// Its results (small cells withheld).
    pub results: Results,
    /// Its batches of codes.
    pub batches: Vec<SurveyBatch>,
    /// Its imported files.
    pub imports: Vec<SurveyImport>,
}

/// The responses of a survey scored.
async fn scored(store: &DistrictStore, s: &Loaded) -> Result<Results, StoreError> {
    let stored = store.survey_responses(s.info.id).await?;
    let responses = stored
        .into_iter()
        .map(|r| {
            Ok(Response {
                answers: serde_json::from_str(&r.answers).map_err(|_| StoreError::Corrupt {
                    table: "survey_responses",
                    column: "answers",
                })?,
                group: r.group,
                school: r.school,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(results(&s.questionnaire, &responses, &s.settings))
}

/// A survey of the district with its results.
pub async fn view(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
) -> Result<SurveyResults, Refused> {
    reader(caller)?;
    let s = load(store, id).await?;
    let results = scored(store, &s).await?;
    Ok(SurveyResults {
        batches: store.survey_batches(id).await?,
        imports: store.survey_imports(id).await?,
        info: s.info,
        questionnaire: s.questionnaire,
        results,
    })
}

/// The latest result of a school year, for the verdict of 社会认可度 (自测 only: it informs,
/// the official rate is the inspectors').
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Latest {
    /// The survey.
    pub survey: i64,
    /// Its title.
    pub title: String,
    /// Its school year.
    pub year: i32,
    /// Its last day.
    pub closes_on: Day,
    /// Respondents counted.
    pub respondents: u64,
    /// The overall rate.
    pub overall: Option<f64>,
    /// Whether it meets 85 %.
    pub meets: Option<bool>,
}

/// The result of the district's latest **closed** survey of school year `year` (the store is
/// one district's: the district is the store's), by its last day then id; `None` when the
/// year has no closed survey. Open and draft surveys are left out: their numbers still move.
///
/// ```no_run
/// # async fn f(store: &junheng_store::DistrictStore) -> Result<(), junheng_store::StoreError> {
/// if let Some(l) = junheng_app::survey::latest_result(store, 2026).await? {
///     println!("{}: {:?} (≥ 85 %: {:?})", l.title, l.overall, l.meets);
/// }
/// # Ok(()) }
/// ```
pub async fn latest_result(store: &DistrictStore, year: i32) -> Result<Option<Latest>, StoreError> {
    let Some(info) = store
        .surveys()
        .await?
        .into_iter()
        .filter(|s| s.year == year && s.status == SurveyStatus::Closed)
        .max_by_key(|s| (s.closes_on, s.id))
    else {
        return Ok(None);
    };
    let s = load(store, info.id).await.map_err(|e| match e {
        Refused::Store(e) => e,
        other => StoreError::Invalid(other.to_string()),
    })?;
    let r = scored(store, &s).await?;
    Ok(Some(Latest {
        survey: info.id,
        title: info.title,
        year,
        closes_on: info.closes_on,
        respondents: r.respondents,
        overall: r.overall,
        meets: r.meets,
    }))
}

fn rate(p: Option<f64>, shown: bool) -> Cell {
    if shown {
        p.map_or(Cell::Empty, |v| Cell::Decimal(v * 100.0, 1))
    } else {
        Cell::text("样本不足，不显示")
    }
}

/// The results as sheets (总体, 分组, 题目, 学校) for the download: what the page shows.
pub fn tables(r: &SurveyResults) -> Vec<Table> {
    let res = &r.results;
    let overall = Table {
        sheet: "总体",
        headers: [
            "问卷",
            "学年",
            "有效答卷",
            "总体认可度（%）",
            "达到85%",
            "加权方式",
            "不了解",
        ]
        .map(String::from)
        .to_vec(),
        rows: vec![vec![
            Cell::text(&r.info.title),
            Cell::Integer(i64::from(r.info.year)),
            Cell::Integer(res.respondents as i64),
            rate(res.overall, true),
            Cell::text(match res.meets {
                Some(true) => "是",
                Some(false) => "否",
                None => "—",
            }),
            Cell::text(res.settings.weighting.label()),
            Cell::text(match res.unknown {
                junheng_core::survey::UnknownRule::Against => "计入分母（视为不认可）",
                junheng_core::survey::UnknownRule::Excluded => "不计入分母",
            }),
        ]],
    };
    let groups = Table {
        sheet: "分组",
        headers: [
            "调查对象",
            "答卷数",
            "认可度（%）",
            "95%区间下限（%）",
            "95%区间上限（%）",
            "权重",
        ]
        .map(String::from)
        .to_vec(),
        rows: res
            .groups
            .iter()
            .map(|g| {
                vec![
                    Cell::text(&g.name),
                    Cell::Integer(g.respondents as i64),
                    rate(g.rate, g.shown),
                    rate(g.interval.map(|i| i.low), g.shown),
                    rate(g.interval.map(|i| i.high), g.shown),
                    Cell::Decimal(g.weight, 3),
                ]
            })
            .collect(),
    };
    let questions = Table {
        sheet: "题目",
        headers: [
            "调查对象",
            "题号",
            "题目",
            "主题",
            "计入认可度",
            "认可度（%）",
            "各选项人数",
        ]
        .map(String::from)
        .to_vec(),
        rows: res
            .questions
            .iter()
            .map(|q| {
                let name = r
                    .questionnaire
                    .group(&q.group)
                    .map_or(q.group.clone(), |g| g.name.clone());
                vec![
                    Cell::text(name),
                    Cell::Integer(q.no as i64),
                    Cell::text(&q.text),
                    Cell::text(q.topic.label()),
                    Cell::text(if q.counts {
                        "是"
                    } else {
                        "否（辅助题）"
                    }),
                    rate(q.rate, q.shown),
                    Cell::text(
                        q.options
                            .iter()
                            .map(|(l, n)| format!("{l} {n}"))
                            .collect::<Vec<_>>()
                            .join("，"),
                    ),
                ]
            })
            .collect(),
    };
    let schools = Table {
        sheet: "学校",
        headers: ["学校标识码", "答卷数", "认可度（%）"]
            .map(String::from)
            .to_vec(),
        rows: res
            .schools
            .iter()
            .map(|s| {
                vec![
                    Cell::text(&s.school),
                    Cell::Integer(s.respondents as i64),
                    rate(s.rate, s.shown),
                ]
            })
            .collect(),
    };
    vec![overall, groups, questions, schools]
}
