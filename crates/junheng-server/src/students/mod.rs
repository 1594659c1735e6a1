//! Students (issue 13): the registry (学籍) per school, a child's record, the rates of a school
//! year, imports, inputs and retention. Who sees which child is
//! `junheng_app::students::who`'s; every named read is recorded by the store.
//!
//! * `overview` — `GET /students`: the year's rates, 动态清零 and the schools' counts for the
//!   aggregate roles, the way to their list for the care roles, the forms of who imports;
//! * `school` — `GET /students/school/{code}`: the named list of a care role (and its XLSX), or
//!   the school's counts by grade for an aggregate role;
//! * `child` — `GET /students/child/{id}`: one child's record and who read it;
//! * `rates` — `GET /students/rates`, its XLSX and `GET /api/v1/students/rates` from one scoped
//!   selection ([`rates::scoped`]);
//! * `write` — the registry import, its template and the rates' inputs;
//! * `retention` — the one place children's data is erased;
//! * `zero` — 动态清零 on the overview, the dashboard and the city page, and
//!   `GET /api/v1/students/zero`.
//!
//! Counts shown to a role without names are suppressed below `min_cell` (`counts`).

mod child;
mod counts;
mod overview;
mod rates;
mod retention;
mod school;
mod write;
mod zero;

pub(crate) use zero::{DistrictZero, ZeroCard, by_district as zero_by_district, zero_card};

use junheng_app::pairings::Caller;
use junheng_app::students::Refused;
use junheng_app::students::who::{Sight, sight};
use junheng_core::school::SchoolCode;

use crate::access::{Policy, Viewer};
use crate::dashboard::{YearChip, YearLink, year_switch};
use crate::error::AppError;
use crate::routes::{Body, Entry, get, post};

/// The routes of this module.
pub(crate) fn routes() -> Vec<Entry> {
    use Body::{Form, Upload};
    use Policy::{Admin, Member};
    // Who sees which child and which counts is decided per request by the sight of
    // junheng_app::students::who (refused with 403), so the reading routes admit every member.
    vec![
        get("/students", Member, overview::page),
        get("/students/school/{code}", Member, school::page),
        get("/students/child/{id}", Member, child::page),
        get("/students/rates", Member, rates::page),
        get("/api/v1/students/rates", Member, rates::json),
        get("/api/v1/students/zero", Member, zero::json),
        get("/students/template.xlsx", Member, write::template),
        post("/students/import", Member, Upload, write::import),
        post("/students/inputs", Admin, Form, write::input),
        get("/students/retention", Admin, retention::page),
        post("/students/retention", Admin, Form, retention::apply),
    ]
}

/// A refusal of the use-case layer as the server says it: no keys is a page that says how to
/// configure them.
pub(crate) fn refusal(e: Refused) -> AppError {
    match e {
        Refused::Denied => AppError::Forbidden,
        Refused::NoKeys => AppError::conflict(crate::msg!("students-no-keys")),
        Refused::Problems(f) => AppError::BadRequest(
            f.issues
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Refused::Store(e) => e.into(),
    }
}

/// [`refusal`], where a record or case the district does not know is refused as one the caller
/// may not see (the same answer for both).
pub(crate) fn refusal_hiding(e: Refused) -> AppError {
    match e {
        Refused::Store(junheng_store::StoreError::NotFound(_)) => AppError::Forbidden,
        e => refusal(e),
    }
}

/// The student data keys, when configured.
pub(crate) fn keys(here: &crate::state::Here) -> Option<&junheng_store::StudentKeys> {
    here.config.student_keys.as_deref()
}

/// Today in Beijing, `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    junheng_app::tasks::beijing_today()
}

/// A school as data: `名称（code）`, or the code alone.
pub(crate) fn school_text(
    names: &std::collections::BTreeMap<SchoolCode, String>,
    code: &SchoolCode,
) -> String {
    match names.get(code) {
        Some(name) => format!("{name}（{code}）"),
        None => code.to_string(),
    }
}

/// The caller of the use-case layer.
pub(crate) fn caller(viewer: &Viewer) -> Caller<'_> {
    Caller::User(&viewer.user)
}

/// What `viewer` sees of children.
pub(crate) fn sight_of(viewer: &Viewer) -> Sight {
    sight(&caller(viewer))
}

/// The counts a sight sees without names: the district's, or one school's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Every school and the district.
    District,
    /// One school (a school account).
    School(SchoolCode),
}

impl Reach {
    /// The aggregate reach of a sight: `None` for the care roles (who read their children by
    /// name instead) and for whoever sees nothing.
    pub(crate) fn of(sight: &Sight) -> Option<Reach> {
        match sight {
            Sight::Everything | Sight::Cases | Sight::Aggregates { school: None } => {
                Some(Reach::District)
            }
            Sight::Aggregates { school: Some(s) } => Some(Reach::School(s.clone())),
            Sight::School { .. } | Sight::Nothing => None,
        }
    }

    /// Whether school `code` is within reach.
    pub(crate) fn holds(&self, code: &SchoolCode) -> bool {
        match self {
            Reach::District => true,
            Reach::School(s) => s == code,
        }
    }
}

/// The school year of a query or form value (empty: none), refused unless 2000–2100.
pub(crate) fn year_of(text: Option<&str>) -> Result<Option<i32>, AppError> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| {
                    AppError::bad_request(crate::msg!(
                        "students-bad-year",
                        v = crate::views::cut(t)
                    ))
                })
        })
        .transpose()
}

/// The value of query parameter `key`.
pub(crate) fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The year switch of the registry's years (newest first), `selected` on.
pub(crate) fn year_chips(
    years: &[i32],
    selected: Option<i32>,
    href: impl Fn(i32) -> String,
) -> Vec<YearChip> {
    let links: Vec<YearLink> = years
        .iter()
        .map(|y| YearLink {
            year: *y,
            label: junheng_core::school::school_year(*y),
            selected: Some(*y) == selected,
        })
        .collect();
    year_switch(&links, href)
}

/// What a named read is recorded as: the request's path and query as people read them
/// (percent-decoded), at most 200 characters.
pub(crate) fn what(viewer: &Viewer) -> String {
    percent_encoding::percent_decode_str(&viewer.path)
        .decode_utf8_lossy()
        .chars()
        .take(200)
        .collect()
}

/// A rate as a page shows it: `96.4%`, or `—` without a value.
pub(crate) fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// The school code of a path or form, refused as unknown when it is not one.
pub(crate) fn school_code(text: &str) -> Result<SchoolCode, AppError> {
    SchoolCode::parse(text.trim()).map_err(|_| {
        AppError::not_found(crate::msg!(
            "students-no-school",
            v = crate::views::cut(text)
        ))
    })
}

/// A download of children's data (a workbook), audited as the server's exports are; a named
/// read itself is recorded by the store. Never cached: every response is `private, no-store`
/// (`ops::security_headers`).
pub(crate) async fn export(
    here: &crate::state::Here,
    viewer: &Viewer,
    action: &'static str,
    target: String,
    name: &str,
    bytes: Vec<u8>,
) -> Result<axum::response::Response, AppError> {
    here.audit(junheng_store::AuditEntry {
        district: None,
        actor: viewer.user.name.clone(),
        action,
        target,
        detail: format!("file={name}"),
    })
    .await?;
    Ok(crate::views::download(crate::views::XLSX, name, bytes))
}
