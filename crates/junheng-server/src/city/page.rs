//! The `/city` page: the comparison table, the trend and the coverage section, and the texts
//! the city pages share (kinds, statuses, targets, progress).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::city::{CityRow, EvaluationSummary, SortKey};
use junheng_core::creation::{CreationStatus, Phase, Progress};
use junheng_core::school::school_year;
use junheng_store::DistrictKind;

use super::coverage::CoverageSection;
use super::{CityQuery, CityView, scoped};
use crate::access::Regional;
use crate::dashboard::{self, RulebookLink, rulebook_links};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::marks;
use crate::params::Query;
use crate::state::AppState;
use crate::views::{self, Layout, render};

/// One row of the page.
struct RowView {
    code: String,
    /// The district's name (data).
    name: String,
    /// 区, 县 or 功能区: a catalogue key.
    kind: &'static str,
    /// 达标, 未达标, or why there is no verdict (HTML: the engine's reason is data).
    verdict: String,
    /// 达标 / 未达标 / 无数据 (for the colour).
    class: &'static str,
    primary: String,
    junior: String,
    failing: String,
    rotation: String,
    rotation_class: &'static str,
    fresh: String,
    phase: String,
    status: String,
    progress: String,
    overdue: bool,
    /// The 督导评估 standing (data), and its colour.
    inspection: String,
    inspection_class: &'static str,
    /// Whether a verdict was computed (the cell is then data, in Chinese).
    inspection_known: bool,
    /// Open and overdue tasks, and the days to the target's deadline.
    tasks: String,
    days: String,
    /// Whether it has overdue tasks or is past its deadline (red).
    late: bool,
}

/// The catalogue key of a district's kind.
fn kind_key(kind: DistrictKind) -> &'static str {
    match kind {
        DistrictKind::Qu => "city-kind-qu",
        DistrictKind::Xian => "city-kind-xian",
        DistrictKind::Gongnengqu => "city-kind-gongnengqu",
    }
}

/// The catalogue key of a creation status.
pub(crate) fn status_key(status: CreationStatus) -> &'static str {
    match status {
        CreationStatus::NotStarted => "city-status-not-started",
        CreationStatus::SelfAssessed => "city-status-self-assessed",
        CreationStatus::CityProcess => "city-status-city-process",
        CreationStatus::CitySupervision => "city-status-city-supervision",
        CreationStatus::NationalRecognition => "city-status-national-recognition",
    }
}

/// A target year with its phase, `2028（整体推进）`, in `lang`; "not set" without a target.
pub(crate) fn target_text(lang: Lang, target: Option<i32>) -> String {
    let phase = |p: Phase| match p {
        Phase::Pilot => "city-phase-pilot",
        Phase::Whole => "city-phase-whole",
        Phase::Final => "city-phase-final",
    };
    match target.and_then(|t| Phase::of_target(t).map(|p| (t, p))) {
        Some((t, p)) => crate::tr!(
            lang,
            "city-target-phase",
            year = t.to_string(),
            phase = lang.t(phase(p)),
        ),
        None => lang.t("city-not-set").to_owned(),
    }
}

/// How far a district is from its target, in `lang` (as [`Progress::describe`] says it in
/// Chinese).
pub(crate) fn progress_text(lang: Lang, p: &Progress) -> String {
    let steps = p.steps_left;
    match p.years_left {
        _ if steps == 0 => lang.t("city-progress-recognised").to_owned(),
        None => crate::tr!(lang, "city-progress-no-target", steps = steps),
        Some(y) if p.overdue => {
            crate::tr!(lang, "city-progress-overdue", years = -y, steps = steps)
        }
        Some(0) => crate::tr!(lang, "city-progress-this-year", steps = steps),
        Some(y) => crate::tr!(lang, "city-progress-left", years = y, steps = steps),
    }
}

fn section_text(lang: Lang, e: Option<&EvaluationSummary>, label: &str) -> String {
    e.and_then(|e| e.section(label)).map_or("—".into(), |s| {
        let cv = s.cv.map_or("—".into(), |v| format!("{v:.3}"));
        let limit = format!("{:.2}", s.limit);
        if s.over_limit > 0 {
            crate::tr!(
                lang,
                "city-section-cv-over",
                cv = cv,
                limit = limit,
                n = s.over_limit,
            )
        } else {
            format!("{cv} / {limit}")
        }
    })
}

fn row_view(lang: Lang, year: i32, r: &CityRow) -> RowView {
    let e = r.evaluation.as_ref().ok();
    RowView {
        code: r.district.code.clone(),
        name: r.district.name.clone(),
        kind: kind_key(r.district.kind),
        verdict: match (&r.evaluation, &r.freshness) {
            (Ok(e), _) => views::escape(dashboard::verdict(lang, e.passes)),
            (Err(_), None) => views::escape(&crate::tr!(
                lang,
                "city-no-data-for-year",
                year = year.to_string(),
            )),
            (Err(why), Some(_)) => marks::zh(lang, why),
        },
        class: match e {
            Some(e) if e.passes => "pass",
            Some(_) => "fail",
            None => "none",
        },
        primary: section_text(lang, e, "小学"),
        junior: section_text(lang, e, "初中"),
        failing: e.map_or("—".into(), |e| e.failing_units.to_string()),
        rotation: r.rotation.map_or(lang.t("city-no-roster").into(), |q| {
            let share = q.share.map_or("—".into(), |s| format!("{:.1}%", s * 100.0));
            crate::tr!(
                lang,
                "city-rotation",
                rotated = q.rotated,
                required = q.required,
                share = share,
            )
        }),
        rotation_class: match r.rotation {
            Some(q) if q.met => "pass",
            Some(_) => "fail",
            None => "none",
        },
        fresh: r.freshness.as_ref().map_or("—".into(), |f| {
            let time = crate::views::time(&f.imported_at);
            match &r.package {
                Some(p) => crate::tr!(
                    lang,
                    "city-fresh-package",
                    version = f.version,
                    time = time,
                    package = p.sequence,
                ),
                None => crate::tr!(lang, "city-fresh", version = f.version, time = time),
            }
        }),
        phase: target_text(lang, r.creation.target.as_ref().map(|t| t.year)),
        status: match r.creation.latest() {
            Some(s) => format!("{} · {}", lang.t(status_key(s.status)), s.reached_on),
            None => lang.t(status_key(r.status)).into(),
        },
        progress: progress_text(lang, &r.progress),
        overdue: r.progress.overdue,
        inspection: r.inspection.as_ref().map_or_else(
            || lang.t("city-inspection-none").to_owned(),
            |i| i.describe(),
        ),
        inspection_known: r.inspection.is_some(),
        inspection_class: match r.inspection.as_ref().map(|i| i.overall) {
            Some(junheng_core::inspection::Overall::Recognisable) => "pass",
            Some(junheng_core::inspection::Overall::NotRecognisable) => "fail",
            _ => "none",
        },
        tasks: r.tasks.map_or("—".into(), |t| {
            crate::tr!(lang, "city-tasks-line", open = t.open, overdue = t.overdue)
        }),
        days: days_text(lang, r.status, r.days_to_target),
        late: r.tasks.is_some_and(|t| t.overdue > 0)
            || (r.status != CreationStatus::NationalRecognition
                && r.days_to_target.is_some_and(|d| d < 0)),
    }
}

/// The days to a target's deadline in `lang` (the page's words for
/// [`junheng_app::inspection::path::describe_days`]).
pub(crate) fn days_text(lang: Lang, status: CreationStatus, days: Option<i64>) -> String {
    match days {
        _ if status == CreationStatus::NationalRecognition => {
            lang.t("city-progress-recognised").to_owned()
        }
        None => lang.t("city-days-no-target").to_owned(),
        Some(0) => lang.t("city-days-today").to_owned(),
        Some(d) if d < 0 => crate::tr!(lang, "city-days-past", days = -d),
        Some(d) => crate::tr!(lang, "city-days-left", days = d),
    }
}

/// A sortable column header.
struct Column {
    /// A catalogue key.
    label: &'static str,
    href: String,
    /// ▲ / ▼ on the sorted column.
    mark: &'static str,
}

/// A district's code, name (data), and each year's verdict with its colour class.
type TrendRow = (String, String, Vec<(String, &'static str)>);

#[derive(Template)]
#[template(path = "city.html")]
struct CityPage {
    layout: Layout,
    /// The city's or province's name (data).
    region: String,
    year_label: String,
    years: Vec<(i32, String, bool)>,
    rulebooks: Vec<RulebookLink>,
    query: String,
    columns: Vec<Column>,
    rows: Vec<RowView>,
    passing: usize,
    with_data: usize,
    trend_years: Vec<i32>,
    trend: Vec<TrendRow>,
    coverage: CoverageSection,
    /// The students' rates of the year (their names, data) and 动态清零 of 控辍保学, per
    /// district.
    zero_rates: Vec<&'static str>,
    zero: Vec<crate::students::DistrictZero>,
}

fn query_string(v: &CityView, key: SortKey, descending: bool) -> String {
    format!(
        "year={}&rulebook={}&sort={}{}",
        v.year,
        v.rulebook.id,
        key.name(),
        if descending { "&desc=1" } else { "" }
    )
}

fn columns(v: &CityView) -> Vec<Column> {
    [
        ("city-column-district", SortKey::Code),
        ("city-column-verdict", SortKey::Verdict),
        ("city-column-primary-cv", SortKey::PrimaryCv),
        ("city-column-junior-cv", SortKey::JuniorCv),
        ("city-column-failing", SortKey::Failing),
        ("city-column-rotation", SortKey::Rotation),
        ("city-column-freshness", SortKey::Freshness),
        ("city-column-status", SortKey::Status),
        ("city-column-target", SortKey::Target),
    ]
    .into_iter()
    .map(|(label, key)| {
        let on = v.key == key;
        Column {
            label,
            href: format!("/city?{}", query_string(v, key, on && !v.descending)),
            mark: match (on, v.descending) {
                (false, _) => "",
                (true, false) => "▲",
                (true, true) => "▼",
            },
        }
    })
    .collect()
}

/// `GET /city`
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Regional,
    Query(q): Query<CityQuery>,
) -> Result<Response, AppError> {
    let v = scoped(&state, &viewer.region, &q).await?;
    let lang = viewer.lang;
    let mut trend_years: Vec<i32> = v.years.clone();
    trend_years.reverse();
    let trend = v
        .trend
        .iter()
        .map(|(d, ys)| {
            let cells = trend_years
                .iter()
                .map(|y| match ys.iter().find(|(yy, _)| yy == y) {
                    None => ("—".to_owned(), "none"),
                    Some((_, Ok(e))) if e.passes => {
                        (dashboard::verdict(lang, true).to_owned(), "pass")
                    }
                    Some((_, Ok(e))) => (
                        crate::tr!(lang, "city-trend-failing", n = e.failing_units),
                        "fail",
                    ),
                    Some((_, Err(_))) => (lang.t("city-trend-bad-data").to_owned(), "fail"),
                })
                .collect();
            (d.code.clone(), d.name.clone(), cells)
        })
        .collect();
    let districts: Vec<_> = v.rows.iter().map(|r| r.district.clone()).collect();
    let (zero_rates, zero) = crate::students::zero_by_district(&state, &districts, v.year).await?;
    let page = CityPage {
        zero_rates,
        zero,
        layout: Layout::new("city-district-comparison", &viewer),
        region: v.region.clone(),
        year_label: school_year(v.year),
        years: v
            .years
            .iter()
            .map(|y| (*y, school_year(*y), *y == v.year))
            .collect(),
        rulebooks: rulebook_links(&v.rulebook.id, |id| {
            format!("/city?year={}&rulebook={id}", v.year)
        }),
        query: query_string(&v, v.key, v.descending),
        columns: columns(&v),
        passing: v
            .rows
            .iter()
            .filter(|r| r.evaluation.as_ref().is_ok_and(|e| e.passes))
            .count(),
        with_data: v.rows.iter().filter(|r| r.has_data()).count(),
        rows: v.rows.iter().map(|r| row_view(lang, v.year, r)).collect(),
        trend_years,
        trend,
        coverage: CoverageSection::new(lang, &v),
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use junheng_core::creation::progress;
    use proptest::prelude::*;

    use super::*;

    /// Each key says in Chinese what the creation vocabulary says, and English says it in
    /// English.
    #[test]
    fn keys_say_what_the_labels_say() {
        for s in CreationStatus::ALL {
            assert_eq!(Lang::Zh.t(status_key(s)), s.label());
            assert!(Lang::En.t(status_key(s)).is_ascii());
        }
        for k in DistrictKind::ALL {
            assert_eq!(Lang::Zh.t(kind_key(k)), k.label());
            assert!(Lang::En.t(kind_key(k)).is_ascii());
        }
        for p in Phase::ALL {
            let year = p.target_year();
            assert_eq!(
                target_text(Lang::Zh, Some(year)),
                format!("{year}（{}）", p.label())
            );
            assert!(target_text(Lang::En, Some(year)).is_ascii());
        }
        assert_eq!(target_text(Lang::Zh, Some(2026)), "未设定");
        assert_eq!(target_text(Lang::En, None), "not set");
    }

    proptest! {
        #[test]
        fn progress_reads_as_the_creation_vocabulary_says_it(
            status in 0usize..5,
            target in prop::option::of(2020i32..2035),
            year in 2020i32..2035,
        ) {
            let p = progress(target, CreationStatus::ALL[status], year);
            prop_assert_eq!(progress_text(Lang::Zh, &p), p.describe());
            prop_assert!(progress_text(Lang::En, &p).is_ascii());
        }
    }
}
