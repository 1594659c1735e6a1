//! `GET /students?year=`: the students of the district as a viewer may see them — the year's
//! rates (the district's, or a school account's school's), the 动态清零 status and the schools'
//! counts (suppressed) for the aggregate roles; the way to the named list for the care roles
//! and to the 控辍保学 pages for the 控辍保学专干; the import form for whoever may import, and the
//! inputs of the rates and the retention for the administrator.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::students::who::{Sight, may_administer, may_import};
use junheng_core::school::school_year;

use super::counts::CountTable;
use super::rates::{RateView, scoped};
use super::zero::{ZeroCard, zero_card};
use super::{Reach, caller, param, sight_of, year_chips, year_of};
use crate::access::{Member, Viewer};
use crate::dashboard::YearChip;
use crate::error::AppError;
use crate::params::Query;
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The schools a viewer may import the registry of: (code, name).
type Importable = Vec<(String, String)>;

/// An input of the year's rates.
pub(super) struct InputRow {
    /// The catalogue key of its name.
    pub name: &'static str,
    pub value: u64,
    /// Where it comes from (data).
    pub source: String,
}

/// The inputs as pages show them.
pub(super) fn input_rows(inputs: &[(String, u64, String)]) -> Vec<InputRow> {
    inputs
        .iter()
        .map(|(name, value, source)| InputRow {
            name: match name.as_str() {
                "population" => "students-input-population",
                _ => "students-input-disabled",
            },
            value: *value,
            source: source.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "students.html")]
struct OverviewPage {
    layout: Layout,
    years: Vec<YearChip>,
    /// The year shown, or the current school year before any registry.
    year: i32,
    year_label: String,
    has_data: bool,
    /// Whether the viewer sees counts (else: a care role).
    aggregates: bool,
    /// The school account's school (data); empty for the district.
    school_name: String,
    lines: Vec<RateView>,
    zero: Option<ZeroCard>,
    counts: Option<CountTable>,
    /// Schools of the statistics without a registry in the year (names, data).
    missing: Vec<String>,
    /// The care role's list: (link, school name).
    care: Option<(String, String)>,
    importable: Importable,
    admin: bool,
    inputs: Vec<InputRow>,
    /// What a write just did (`?saved=input`), or empty.
    saved: &'static str,
}

/// `GET /students?year=&saved=`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let year = year_of(param(&pairs, "year"))?;
    let sight = sight_of(&viewer);
    if sight == Sight::Nothing {
        return Err(AppError::Forbidden);
    }
    let saved = match param(&pairs, "saved") {
        Some("input") => "students-saved-input",
        _ => "",
    };
    let (years, shown, aggregates, names) = match Reach::of(&sight) {
        Some(reach) => {
            let s = scoped(&here, &viewer, year, false).await?;
            let aggregates = Aggregates::of(&here, &viewer, &s, &reach).await?;
            (s.years, s.year, Some(aggregates), s.names)
        }
        None => {
            let years = here.store.registry_years().await?;
            let shown = year.or_else(|| years.first().copied());
            let names = junheng_app::students::rates::school_names(&here.store).await?;
            (years, shown, None, names)
        }
    };
    let who = caller(&viewer);
    let mut importable: Importable = names
        .iter()
        .filter(|(code, _)| may_import(&who, code))
        .map(|(code, name)| (code.to_string(), name.clone()))
        .collect();
    importable.sort();
    let this_year =
        junheng_store::school_year(&junheng_app::tasks::beijing_today()).unwrap_or(2024);
    let care = match &sight {
        Sight::School { school, .. } => Some((
            format!(
                "/students/school/{school}{}",
                shown.map_or_else(String::new, |y| format!("?year={y}"))
            ),
            names
                .get(school)
                .cloned()
                .unwrap_or_else(|| school.to_string()),
        )),
        _ => None,
    };
    let admin = may_administer(&who);
    let a = aggregates.unwrap_or_default();
    Ok(render(&OverviewPage {
        layout: Layout::new("students-title", &viewer),
        years: year_chips(&years, shown, |y| format!("/students?year={y}")),
        year: shown.unwrap_or(this_year),
        year_label: shown.map_or_else(String::new, school_year),
        has_data: shown.is_some(),
        aggregates: Reach::of(&sight).is_some(),
        school_name: a.school_name,
        lines: a.lines,
        zero: a.zero,
        counts: a.counts,
        missing: a.missing,
        care,
        importable,
        admin,
        inputs: input_rows(&a.inputs),
        saved,
    }))
}

/// What the overview shows a viewer who sees counts.
#[derive(Default)]
struct Aggregates {
    school_name: String,
    lines: Vec<RateView>,
    zero: Option<ZeroCard>,
    counts: Option<CountTable>,
    missing: Vec<String>,
    inputs: Vec<(String, u64, String)>,
}

impl Aggregates {
    async fn of(
        here: &Here,
        viewer: &Viewer,
        s: &super::rates::Scoped,
        reach: &Reach,
    ) -> Result<Aggregates, AppError> {
        let names = &s.names;
        let k = here.config.students.min_cell;
        let year = s.year.unwrap_or_default();
        let lines = s.headline().map_or_else(Vec::new, |h| {
            h.lines.iter().map(|l| RateView::of(l, k)).collect()
        });
        let district = *reach == Reach::District;
        // The district's schools side by side; a school account's school by grade.
        let counts = match reach {
            Reach::District => (!s.schools.is_empty()).then(|| {
                CountTable::of(
                    "common-school-name",
                    s.schools
                        .iter()
                        .map(|r| {
                            (
                                r.name.clone(),
                                true,
                                format!("/students/school/{}?year={year}", r.school),
                                r.rates.counts.total(None),
                            )
                        })
                        .collect(),
                    k,
                )
            }),
            Reach::School(_) => s
                .schools
                .first()
                .map(|r| CountTable::by_grade(viewer.lang, &r.rates.counts, k)),
        };
        let mut missing: Vec<String> = if district && s.year.is_some() {
            names
                .iter()
                .filter(|(code, _)| !s.schools.iter().any(|r| r.school == **code))
                .map(|(_, name)| name.clone())
                .collect()
        } else {
            Vec::new()
        };
        missing.sort();
        Ok(Aggregates {
            school_name: match reach {
                Reach::District => String::new(),
                Reach::School(code) => names.get(code).cloned().unwrap_or_else(|| code.to_string()),
            },
            lines,
            // The overview is where the card would lead.
            zero: zero_card(here, viewer).await?.map(|z| ZeroCard {
                link: if z.link == "/students" { "" } else { z.link },
                ..z
            }),
            counts,
            missing,
            inputs: s.inputs.clone(),
        })
    }
}
