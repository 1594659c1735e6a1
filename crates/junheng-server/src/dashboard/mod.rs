//! The district dashboard (概览) and its public, anonymous version (公开结果).

mod summary;
mod urban;

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_core::evaluate::{Evaluation, SectionResult};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord, school_year};
use serde::Deserialize;

use crate::access::Member;
use crate::charts::{self, CvBar};
use crate::error::AppError;
use crate::evaluation::Evaluated;
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{self, Layout, render};

/// `?year=2024&rulebook=cn-2017`
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Selection {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
}

/// The built-in rulebook id asked for (only built-in ids over HTTP), `cn-2017` by default.
pub(crate) fn rulebook_id(id: Option<&str>) -> Result<&'static str, AppError> {
    let id = id.unwrap_or("cn-2017");
    Rulebook::builtin_ids().find(|b| *b == id).ok_or_else(|| {
        let ids: Vec<&str> = Rulebook::builtin_ids().collect();
        AppError::bad_request(crate::msg!(
            "dashboard-no-rulebook",
            id = crate::views::cut(id),
            ids = ids.join(", "),
        ))
    })
}

/// The built-in rulebook asked for (see [`rulebook_id`]).
pub(crate) fn rulebook(id: Option<&str>) -> Result<Rulebook, AppError> {
    Rulebook::builtin(rulebook_id(id)?).map_err(|e| AppError::Internal(e.to_string()))
}

/// The Chinese name of a built-in rulebook (its id when it cannot be read, which the
/// rulebooks' own tests rule out).
pub(crate) fn rulebook_name(id: &str) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        Rulebook::builtin_ids()
            .map(|b| {
                let name = Rulebook::builtin(b).map_or_else(|_| b.to_owned(), |r| r.name);
                (b, name)
            })
            .collect()
    });
    names
        .iter()
        .find(|(b, _)| *b == id)
        .map_or("", |(_, n)| n.as_str())
}

/// `?rulebook=anhui-2018`, for pages whose year is in the path.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RulebookParam {
    pub rulebook: Option<String>,
}

/// One chip of the rulebook switch (`templates/rulebooks.html`).
pub(crate) struct RulebookLink {
    pub id: &'static str,
    /// Its Chinese name, e.g. 县域义务教育优质均衡发展督导评估办法（2017）.
    pub name: &'static str,
    pub href: String,
    pub on: bool,
}

/// The rulebook switch of a page: every built-in rulebook, linked by `href(id)`.
pub(crate) fn rulebook_links(selected: &str, href: impl Fn(&str) -> String) -> Vec<RulebookLink> {
    Rulebook::builtin_ids()
        .map(|id| RulebookLink {
            id,
            name: rulebook_name(id),
            href: href(id),
            on: id == selected,
        })
        .collect()
}

/// A 差异系数 for display in `lang`: 3 decimals, or "not computable".
pub(crate) fn cv(lang: Lang, v: Option<f64>) -> String {
    v.map_or_else(
        || lang.t("label-not-computable").to_owned(),
        |v| format!("{v:.3}"),
    )
}

/// 达标 / 未达标 in `lang`.
pub(crate) fn verdict(lang: Lang, passes: bool) -> &'static str {
    lang.t(if passes {
        "common-passes"
    } else {
        "common-fails"
    })
}

pub(crate) struct IndicatorRow {
    /// The indicator's name (linked to its page) and unit, HTML.
    pub label: String,
    pub standard: String,
    pub meeting: String,
    pub mean: String,
    pub cv: String,
    pub limit: String,
    pub verdict: &'static str,
    pub passes: bool,
}

pub(crate) struct SectionView {
    /// 小学 or 初中 (data).
    pub label: &'static str,
    pub units: usize,
    pub students: u64,
    pub failing: usize,
    pub passes: bool,
    pub chart: String,
    pub rows: Vec<IndicatorRow>,
    /// The composite 差异系数 against its limit in words (empty without one).
    pub composite: String,
}

pub(crate) struct FailingRow {
    pub code: String,
    pub name: String,
    /// 小学 or 初中 (data).
    pub section: &'static str,
    pub met: String,
    /// The gaps in the engine's sentences (data).
    pub gaps: String,
}

/// A section in `lang`, its indicators linked to their pages.
pub(crate) fn section_view(lang: Lang, s: &SectionResult<'_>) -> SectionView {
    section_view_linked(lang, s, true)
}

fn section_view_linked(lang: Lang, s: &SectionResult<'_>, linked: bool) -> SectionView {
    let bars: Vec<CvBar<'_>> = s
        .indicators
        .iter()
        .map(|i| CvBar {
            label: &i.short,
            cv: i.spread.cv,
            limit: i
                .cv_max
                .unwrap_or_else(|| s.composite.as_ref().map_or(0.0, |c| c.cv_max)),
        })
        .collect();
    let rows = s
        .indicators
        .iter()
        .map(|i| {
            let passes = i.passes.unwrap_or(true);
            let name = if linked {
                format!(
                    r#"<a href="/indicators/{}/{}">{}</a>"#,
                    s.section.id(),
                    views::escape(&i.id),
                    marks::zh(lang, &i.name)
                )
            } else {
                marks::zh(lang, &i.name)
            };
            IndicatorRow {
                label: marks::html(
                    lang,
                    "pages-name-unit",
                    &[("name", Var::Html(name)), ("unit", Var::Data(&i.unit))],
                ),
                standard: i.standard.map_or("—".into(), views::threshold),
                meeting: i
                    .units_meeting
                    .map_or("—".into(), |n| format!("{n}/{}", s.units.len())),
                mean: views::value(i.spread.mean),
                cv: cv(lang, i.spread.cv),
                limit: i.cv_max.map_or("—".into(), views::threshold),
                verdict: i.passes.map_or("—", |p| verdict(lang, p)),
                passes,
            }
        })
        .collect();
    SectionView {
        label: s.section.label(),
        units: s.units.len(),
        students: s.students,
        failing: s.failing_units,
        passes: s.passes,
        chart: charts::cv_bars(
            lang,
            &marks::html(
                lang,
                "dashboard-section-cvs",
                &[("section", Var::Data(s.section.label()))],
            ),
            &bars,
        ),
        rows,
        composite: s.composite.as_ref().map_or(String::new(), |c| {
            crate::tr!(
                lang,
                "dashboard-composite",
                cv = cv(lang, c.cv),
                limit = views::threshold(c.cv_max),
                verdict = verdict(lang, c.passes),
            )
        }),
    }
}

#[derive(Clone)]
pub(crate) struct YearLink {
    pub year: i32,
    pub label: String,
    pub selected: bool,
}

/// One chip of the year switch (`templates/year_switch.html`, included by every page that
/// takes a year; the including page has a `years: Vec<YearChip>` field).
pub(crate) struct YearChip {
    pub label: String,
    pub href: String,
    pub on: bool,
}

/// The year switch of a page: every year with data, linked by `href(year)`.
pub(crate) fn year_switch(years: &[YearLink], href: impl Fn(i32) -> String) -> Vec<YearChip> {
    years
        .iter()
        .map(|y| YearChip {
            label: y.label.clone(),
            href: href(y.year),
            on: y.selected,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    layout: Layout,
    empty: bool,
    /// On the empty page: where to import the first year (HTML).
    import_hint: String,
    years: Vec<YearChip>,
    /// The verdict in one sentence (HTML).
    sentence: &'a str,
    tiles: Vec<summary::Tile>,
    /// The year the tiles compare with (empty: none).
    before: String,
    rulebooks: Vec<RulebookLink>,
    year_label: String,
    version: u32,
    rulebook_name: &'a str,
    passes: bool,
    sections: &'a [SectionView],
    /// The failing units the viewer may see, as a list (none on the empty page).
    failing: Option<ListView>,
    hidden_failing: usize,
    trend: &'a str,
    notice: String,
    /// The 城乡差异 card, per section.
    urban: &'a [urban::CardSection],
    /// 动态清零 of 控辍保学, for the roles that see the district's counts.
    zero: Option<crate::students::ZeroCard>,
}

/// What the dashboard shows of one (year, version, rulebook), computed once for all users; only
/// the list of failing units is filtered per user.
struct DashboardData {
    years: Vec<YearLink>,
    /// The verdict in one sentence (HTML).
    sentence: String,
    rulebook_name: String,
    passes: bool,
    sections: Vec<SectionView>,
    failing: Vec<(FailingRow, SchoolCode, Option<String>)>,
    trend: String,
    urban: Vec<urban::CardSection>,
}

/// The evaluation of the selected year and rulebook, with the list of years.
pub(crate) struct Selected {
    pub years: Vec<YearLink>,
    pub year: i32,
    /// The version shown (the newest, unless a newer one is still being evaluated).
    pub version: u32,
    /// A newer version being evaluated meanwhile.
    pub computing: Option<u32>,
    pub rulebook: Rulebook,
    pub evaluated: Arc<Evaluated>,
}

impl Selected {
    /// The statistics of the version shown.
    pub fn records(&self) -> &[SchoolRecord] {
        self.evaluated.records()
    }

    /// Their evaluation, or why the data cannot be evaluated.
    pub fn evaluation(&self) -> Result<&Evaluation<'_>, AppError> {
        self.evaluated.evaluation()
    }

    /// A notice when an older version is shown while the newest is evaluated.
    pub fn notice(&self, lang: Lang) -> String {
        self.computing.map_or(String::new(), |v| {
            crate::tr!(lang, "dashboard-computing", new = v, shown = self.version)
        })
    }
}

pub(crate) async fn select(here: &Here, q: &Selection) -> Result<Option<Selected>, AppError> {
    let rulebook = rulebook(q.rulebook.as_deref())?;
    let Some(current) = here.current(q.year).await? else {
        if let Some(y) = q.year {
            return Err(AppError::not_found(crate::msg!(
                "dashboard-no-data-for-year",
                year = y.to_string(),
            )));
        }
        return Ok(None);
    };
    let years = here
        .years()
        .await?
        .iter()
        .map(|y| YearLink {
            year: y.year,
            label: school_year(y.year),
            selected: y.year == current.year,
        })
        .collect();
    let shown = here.evaluation(&current, &rulebook).await?;
    Ok(Some(Selected {
        years,
        year: current.year,
        version: shown.version,
        computing: shown.computing,
        rulebook,
        evaluated: shown.evaluated,
    }))
}

/// [`select`], or "no data yet" as a 404.
pub(crate) async fn require_selection(here: &Here, q: &Selection) -> Result<Selected, AppError> {
    select(here, q)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("dashboard-no-data-yet")))
}

/// The trend of failing units per year of the selected rulebook, oldest first — of each year
/// the version a page would show (the newest once it is evaluated) — and those versions, which
/// name the trend in a cache key.
async fn trend(here: &Here, rulebook: &Rulebook, lang: Lang) -> Result<(String, String), AppError> {
    let (mut points, mut versions) = (Vec::new(), String::new());
    for y in here.years().await?.iter().rev() {
        let shown = here.evaluation(y, rulebook).await?;
        versions.push_str(&format!("{}v{},", y.year, shown.version));
        if let Ok(e) = shown.evaluated.evaluation() {
            let failing: usize = e.sections.iter().map(|s| s.failing_units).sum();
            points.push((y.year, failing as f64));
        }
    }
    let title = views::escape(lang.t("dashboard-trend-title"));
    let svg = charts::trend(lang, &title, lang.t("dashboard-trend-unit"), &points, None);
    Ok((svg, versions))
}

/// The columns of the list of failing units.
const FAILING: &[Column] = &[
    Column::plain("code", "common-school-code"),
    Column::plain("name", "common-schools-2"),
    Column::choice("section", "common-section"),
    Column::plain("met", "report-met"),
    Column::plain("gaps", "report-what-closes-the-gaps"),
];

/// `GET /dashboard?year=&rulebook=`, with the list of failing units (`q=&section=&sort=&desc=
/// &page=`; `format=xlsx|csv` downloads it).
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(q): Query<Selection>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let lang = viewer.lang;
    let list = List::new(FAILING, pairs, &["year", "rulebook"])?;
    let rulebooks = |year: i32, selected: &str| {
        rulebook_links(selected, |id| {
            format!("/dashboard?year={year}&rulebook={id}")
        })
    };
    let zero = crate::students::zero_card(&here, &viewer).await?;
    let Some(sel) = select(&here, &q).await? else {
        let page = DashboardPage {
            layout: Layout::new("dashboard-overview", &viewer),
            empty: true,
            import_hint: marks::html(
                lang,
                "dashboard-please-import",
                &[(
                    "link",
                    Var::Html(format!(
                        r#"<a href="/import">{}</a>"#,
                        views::escape(lang.t("dashboard-import-link"))
                    )),
                )],
            ),
            years: Vec::new(),
            sentence: "",
            tiles: Vec::new(),
            before: String::new(),
            rulebooks: Vec::new(),
            year_label: String::new(),
            version: 0,
            rulebook_name: "",
            passes: false,
            sections: &[],
            failing: None,
            hidden_failing: 0,
            trend: "",
            notice: String::new(),
            urban: &[],
            zero,
        };
        return Ok(render(&page));
    };
    let (trend, versions) = trend(&here, &sel.rulebook, lang).await?;
    let key = format!(
        "dashboard:{}:{}:{}:{}:{versions}",
        lang.html(),
        sel.year,
        sel.version,
        sel.rulebook.id
    );
    let data = dashboard_data(&here, &sel, key, trend, lang).await?;
    let sees = viewer.sees();
    let (visible, hidden): (Vec<_>, Vec<_>) = data
        .failing
        .iter()
        .partition(|(_, code, group)| sees.school(code, group.as_deref()));
    // The KPI tiles against the year before (the newest version a page would show of it).
    let years = here.years().await?;
    let before = years
        .iter()
        .filter(|y| y.year < sel.year)
        .max_by_key(|y| y.year);
    let before = match before {
        Some(y) => Some((y.year, here.evaluation(y, &sel.rulebook).await?.evaluated)),
        None => None,
    };
    let before_e = before.as_ref().and_then(|(_, b)| b.evaluation().ok());
    let tiles = summary::tiles(lang, sel.evaluation()?, before_e);
    let rows: Vec<Row> = visible
        .iter()
        .map(|(f, _, _)| {
            Row::new(vec![
                Value::text(&f.code),
                Value::text(&f.name),
                Value::text(f.section),
                Value::text(&f.met),
                Value::text(&f.gaps),
            ])
            .link(format!("/schools/{}?year={}", f.code, sel.year))
        })
        .collect();
    let name = format!("未达标评估单位-{}", sel.year);
    list.respond(&rows, &name, "未达标评估单位", |list| {
        render(&DashboardPage {
            layout: Layout::new("dashboard-overview", &viewer),
            empty: false,
            import_hint: String::new(),
            trend: &data.trend,
            rulebooks: rulebooks(sel.year, &sel.rulebook.id),
            years: year_switch(&data.years, |y| {
                format!("/dashboard?year={y}&rulebook={}", sel.rulebook.id)
            }),
            sentence: &data.sentence,
            tiles,
            before: before_e
                .and(before.as_ref())
                .map_or(String::new(), |(y, _)| school_year(*y)),
            year_label: school_year(sel.year),
            version: sel.version,
            rulebook_name: &data.rulebook_name,
            passes: data.passes,
            sections: &data.sections,
            failing: Some(list),
            hidden_failing: hidden.len(),
            notice: sel.notice(lang),
            urban: &data.urban,
            zero,
        })
    })
}

/// The dashboard of a selection, computed once per key.
async fn dashboard_data(
    here: &Here,
    sel: &Selected,
    key: String,
    trend: String,
    lang: Lang,
) -> Result<Arc<DashboardData>, AppError> {
    let (evaluated, years) = (sel.evaluated.clone(), sel.years.clone());
    let (year, rulebook) = (sel.year, sel.rulebook.id.clone());
    here.view(key, move || {
        let e = evaluated.evaluation()?;
        Ok(DashboardData {
            years,
            sentence: summary::verdict_sentence(lang, e),
            rulebook_name: e.rulebook_name.clone(),
            passes: e.passes,
            sections: e.sections.iter().map(|s| section_view(lang, s)).collect(),
            failing: failing_rows(e),
            trend,
            urban: urban::card(&junheng_core::urban::split(e), year, &rulebook),
        })
    })
    .await
}

/// The failing units of an evaluation, section by section, each with its school's code and
/// 教育集团 (for filtering by scope).
pub(crate) fn failing_rows(e: &Evaluation<'_>) -> Vec<(FailingRow, SchoolCode, Option<String>)> {
    e.sections
        .iter()
        .flat_map(|s| {
            s.units
                .iter()
                .zip(&s.verdicts)
                .filter(|(_, v)| v.passes == Some(false))
                .map(|(unit, v)| {
                    let row = FailingRow {
                        code: unit.school_code().to_string(),
                        name: unit.name().to_owned(),
                        section: s.section.label(),
                        met: v
                            .met
                            .map_or("—".into(), |m| format!("{m}/{}", s.indicators.len())),
                        gaps: v
                            .gaps
                            .iter()
                            .map(|g| g.describe(&e.policy))
                            .collect::<Vec<_>>()
                            .join("；"),
                    };
                    (row, unit.school_code().clone(), unit.record.group.clone())
                })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "public.html")]
struct PublicPage {
    layout: Layout,
    /// Code, name and whether shown, of every district (empty with one district).
    districts: Vec<(String, String, bool)>,
    district_name: String,
    empty: bool,
    year_label: String,
    rulebook_name: String,
    passes: bool,
    sections: Vec<SectionView>,
    /// The district's lotteries (随机派位) with their published digests.
    lotteries: Vec<crate::lottery::Row>,
}

/// A section as the public sees it: its indicators not linked (their pages are for staff).
fn public_section(lang: Lang, section: &SectionResult<'_>) -> SectionView {
    section_view_linked(lang, section, false)
}

/// The district of the public page (needed only when the deployment holds several).
#[derive(serde::Deserialize)]
pub(crate) struct PublicDistrict {
    district: Option<String>,
}

/// Published aggregates, for anyone: verdicts, counts and 差异系数, no school's own data; and
/// the district's lotteries with their digests, records and the parents' lookup. What an
/// anonymous visitor sees at `/`.
pub(crate) async fn public(
    State(state): State<AppState>,
    lang: crate::i18n::Lang,
    Query(q): Query<Selection>,
    Query(d): Query<PublicDistrict>,
) -> Result<Response, AppError> {
    public_at(state, lang, q, d, "/public").await
}

/// The public page, its language switch coming back to `path`.
pub(crate) async fn public_at(
    state: AppState,
    lang: crate::i18n::Lang,
    q: Selection,
    d: PublicDistrict,
    path: &str,
) -> Result<Response, AppError> {
    let districts = state.districts().await?;
    let chosen = match d.district.as_deref() {
        Some(code) => Some(
            districts
                .iter()
                .find(|x| x.code == code)
                .ok_or_else(|| AppError::not_found(crate::msg!("dashboard-no-such-district")))?,
        ),
        None if districts.len() == 1 => districts.first(),
        None => None,
    };
    let list = |current: Option<&junheng_store::District>| -> Vec<(String, String, bool)> {
        if districts.len() < 2 {
            return Vec::new();
        }
        districts
            .iter()
            .map(|x| {
                let on = current.is_some_and(|c| c.id == x.id);
                (x.code.clone(), x.name.clone(), on)
            })
            .collect()
    };
    let lotteries = match chosen {
        Some(district) => crate::lottery::rows(&state.here(district)).await?,
        None => Vec::new(),
    };
    let sel = match chosen {
        Some(district) => select(&state.here(district), &q).await?,
        None => None,
    };
    let Some(sel) = sel else {
        let page = PublicPage {
            layout: Layout::anonymous(lang.t("common-published-results"), lang, path),
            districts: list(chosen),
            district_name: chosen.map_or(String::new(), |d| d.name.clone()),
            empty: true,
            year_label: String::new(),
            rulebook_name: String::new(),
            passes: false,
            sections: Vec::new(),
            lotteries,
        };
        return Ok(render(&page));
    };
    let e = sel.evaluation()?;
    let page = PublicPage {
        layout: Layout::anonymous(lang.t("common-published-results"), lang, path),
        districts: list(chosen),
        district_name: chosen.map_or(String::new(), |d| d.name.clone()),
        empty: false,
        year_label: school_year(sel.year),
        rulebook_name: e.rulebook_name.clone(),
        passes: e.passes,
        sections: e.sections.iter().map(|s| public_section(lang, s)).collect(),
        lotteries,
    };
    Ok(render(&page))
}
