//! 劳动教育 (issue 18) on the web, under `/labour/…` and `/five`. Who sees and writes lists and
//! children is `junheng_app::labour::LabourPass`'s: the district's administrators (every list), 督学 and
//! city users looking in (read), a school's account (its own list), its class teachers (read).
//!
//! | route | what |
//! |---|---|
//! | `GET /labour/lists` ([`lists::page`]) | district: its list, its versions, each school's list and check; school: its effective list and problems; the import and 撤回 forms of who writes |
//! | `GET /api/v1/labour/lists` ([`lists::json`]) | the same selection as data |
//! | `POST /labour/lists/import` ([`lists::import`]) | a list file as the next version (all or nothing, every problem located) |
//! | `POST /labour/lists/withdraw` ([`lists::withdraw`]) | 撤回 the current version |
//! | `GET /labour/lists/template.xlsx` ([`lists::template`]) | the blank template |
//! | `GET /labour/class?class=&week=` ([`class::page`]) | the class teacher's phone page: entry, the week's records and spot check, ratings |
//! | `POST /labour/class/records`, `…/decide`, `…/rate` ([`class`]) | one item for many children, a teacher's 通过/不通过, ratings |
//! | `POST /labour/class/import`, `GET /labour/class/template.xlsx` ([`class`]) | a 劳动记录 file into the class (all or nothing), its template |
//! | `POST /labour/class/slips` ([`class::slips`]) | one-time parent links for the week's waiting home records, printed as slips |
//! | `GET`, `POST /labour/p/{token}` ([`parent`]) | the parent's page, no login: 确认 or 有误, once |
//! | `GET /labour/students/{key}`, `GET /api/v1/labour/students/{key}` ([`passport`]) | a child's 劳动护照 (printable) and its JSON, for the class teacher and the school |
//! | `GET /labour/class/summary?class=&term=` ([`summary::page`], `&format=xlsx|csv`), `POST …/submit` | the class's term summary per child (班级小结) and its submission |
//! | `GET /labour/review?term=`, `GET /api/v1/labour/review` ([`review`]) | a school's term review (state, 公示, classes, steps) or, for the district, every school's state and the aggregates |
//! | `POST /labour/review/step` ([`review::step`]) | 提交小结 / 开始公示 / 审核通过 / 退回重新公示 / 导出, confirmed; the engine decides |
//! | `GET /labour/review/export?term=&format=xlsx|csv` ([`review::download`]) | the school's 综合素质评价 file, only once exported |
//! | `GET`, `POST /labour/review/audit?school=&term=` ([`review::audit`], [`review::record`]) | the district's audit sample of a school and its outcomes |
//! | `GET /labour/compliance?term=&school=&class=&format=`, `GET /api/v1/labour/compliance` ([`compliance`]) | a term's compliance: district (small cells hidden), a school's classes, a class's children; trend; its download |
//! | `POST /labour/compliance/{import,entry,withdraw}`, `GET /labour/compliance/template.xlsx` ([`compliance`]) | 劳动课时 files and 劳动周 (all or nothing), 撤回, templates |
//! | `GET /labour/stars?term=`, `GET /api/v1/labour/stars` ([`stars`]) | 星级学校: each school's stars and each level's checks |
//!
//! Labour bases and alliances (`/labour/bases`) and 五育 coverage (`/five`), issue 18 items 5
//! and 6: the pages with their downloads and JSON twins, imports (all or nothing), entries made
//! on the page (the same use case, as a file of one row), 撤回 of a batch, templates, and the
//! district's 五育 targets. What a caller sees is its [`junheng_app::labour::Sight`]; who may
//! write is the use-case layer's decision (administrators everything, a school's account its
//! own visits and 五育 records).

pub(crate) mod bases;
pub(crate) mod class;
pub(crate) mod compliance;
pub(crate) mod five;
pub(crate) mod lists;
pub(crate) mod parent;
pub(crate) mod passport;
pub(crate) mod qr;
pub(crate) mod review;
pub(crate) mod stars;
pub(crate) mod summary;

use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::labour::LabourPass;
use junheng_app::labour::{Imported, entry, import as store_file, read};
use junheng_app::pairings::Refused;
use junheng_io::labour::{Kind, LabourFile, write_template};
use junheng_labour::settings::LabourSettings;
use serde::Deserialize;

use crate::access::Policy::{Admin, Member, Public};
use crate::access::Viewer;
use crate::error::AppError;
use crate::import::IssueRow;
use crate::pairings::{caller, refusal};
use crate::params::Multipart;
use crate::routes::Body::{Form as FormBody, Upload};
use crate::routes::{Entry, get, post};
use crate::state::AppState;
use crate::views::{Layout, render};

/// The district's settings of 劳动教育 (`[labour]`, checked at load: no national floor lowered;
/// README “劳动教育”).
pub(crate) fn settings(state: &AppState) -> &LabourSettings {
    &state.config.labour
}

/// The keys of children's data, or the page's refusal when none are configured (no child's
/// record can be written or read without them).
pub(crate) fn keys(state: &AppState) -> Result<&junheng_store::StudentKeys, AppError> {
    state
        .config
        .student_keys
        .as_deref()
        .ok_or_else(|| AppError::bad_request(crate::msg!("labour-no-keys")))
}

/// The context of a class's operation on `today`: the lists' rule and the keys.
pub(crate) fn context(
    state: &AppState,
    today: junheng_labour::calendar::Day,
) -> Result<junheng_app::labour::records::Context<'_>, AppError> {
    Ok(junheng_app::labour::records::Context {
        today,
        required: &settings(state).checklist.required_groups,
        keys: keys(state)?,
    })
}

/// The viewer's pass, or 403.
pub(crate) fn pass(viewer: &Viewer) -> Result<LabourPass, AppError> {
    LabourPass::of(&crate::pairings::caller(viewer)).ok_or(AppError::Forbidden)
}

/// Whether the viewer sees anything of 劳动教育 (the nav's entry).
pub(crate) fn sees_any(viewer: &Viewer) -> bool {
    LabourPass::of(&crate::pairings::caller(viewer)).is_some()
}

/// The routes of 劳动教育 and 五育.
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/labour/lists", Member, lists::page),
        get("/api/v1/labour/lists", Member, lists::json),
        post("/labour/lists/import", Member, Upload, lists::import),
        post("/labour/lists/withdraw", Member, FormBody, lists::withdraw),
        get("/labour/lists/template.xlsx", Member, lists::template),
        get("/labour/class", Member, class::page),
        post("/labour/class/records", Member, FormBody, class::records),
        post(
            "/labour/class/decide",
            Member,
            FormBody,
            class::decide_record,
        ),
        post("/labour/class/rate", Member, FormBody, class::rate_children),
        post("/labour/class/import", Member, Upload, class::import),
        get("/labour/class/template.xlsx", Member, class::template),
        post("/labour/class/slips", Member, FormBody, class::slips),
        get("/labour/p/{token}", Public, parent::show),
        post("/labour/p/{token}", Public, FormBody, parent::answer_link),
        get("/labour/students/{key}", Member, passport::page),
        get("/api/v1/labour/students/{key}", Member, passport::json),
        get("/labour/bases", Member, bases::page),
        get("/api/v1/labour/bases", Member, bases::json),
        post("/labour/bases/import", Member, Upload, bases::import),
        post("/labour/bases/entry", Member, FormBody, bases::enter),
        post("/labour/bases/withdraw", Admin, FormBody, bases::withdraw),
        get("/labour/bases/template.xlsx", Member, bases::template),
        get("/labour/class/summary", Member, summary::page),
        post(
            "/labour/class/summary/submit",
            Member,
            FormBody,
            summary::submit,
        ),
        get("/labour/review", Member, review::page),
        get("/api/v1/labour/review", Member, review::json),
        post("/labour/review/step", Member, FormBody, review::step),
        get("/labour/review/export", Member, review::download),
        get("/labour/review/audit", Member, review::audit),
        post("/labour/review/audit", Member, FormBody, review::record),
        get("/five", Member, five::page),
        get("/api/v1/five", Member, five::json),
        post("/five/import", Member, Upload, five::import),
        post("/five/entry", Member, FormBody, five::enter),
        post("/five/withdraw", Admin, FormBody, five::withdraw),
        post("/five/targets", Admin, FormBody, five::targets),
        get("/five/template.xlsx", Member, five::template),
        get("/labour/compliance", Member, compliance::page),
        get("/api/v1/labour/compliance", Member, compliance::json),
        post(
            "/labour/compliance/import",
            Member,
            Upload,
            compliance::import,
        ),
        post(
            "/labour/compliance/entry",
            Member,
            FormBody,
            compliance::enter,
        ),
        post(
            "/labour/compliance/withdraw",
            Admin,
            FormBody,
            compliance::withdraw,
        ),
        get(
            "/labour/compliance/template.xlsx",
            Member,
            compliance::template,
        ),
        get("/labour/stars", Member, stars::page),
        get("/api/v1/labour/stars", Member, stars::json),
    ]
}

/// Every problem of a refused file (a list, a class's records, bases or 五育 records); the title
/// is the layout's.
#[derive(Template)]
#[template(path = "labour_issues.html")]
pub(crate) struct IssuesPage {
    pub(crate) layout: Layout,
    pub(crate) file_name: String,
    pub(crate) issue_count: usize,
    pub(crate) issues: Vec<IssueRow>,
    pub(crate) back: &'static str,
}

/// Writes a read file (or an entry) and goes back to `back` with what was written and any
/// warning, or shows every problem.
async fn store(
    state: &AppState,
    viewer: &Viewer,
    f: Result<LabourFile, Refused>,
    sha256: &str,
    back: &'static str,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let file_name = f
        .as_ref()
        .map_or_else(|_| String::new(), |f| f.file.clone());
    let done = match f {
        Ok(f) => store_file(&here.store, &caller(viewer), &f, sha256).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(Imported { batch, warnings }) => Ok(Redirect::to(&format!(
            "{back}?imported={}&warned={}",
            batch.records,
            warnings.len()
        ))
        .into_response()),
        Err(Refused::Problems(failure)) => Ok(render(&IssuesPage {
            layout: Layout::new("five-import-title", viewer),
            file_name,
            issue_count: failure.issue_count(),
            issues: failure
                .issues
                .iter()
                .take(500)
                .map(IssueRow::from)
                .collect(),
            back,
        })),
        Err(e) => Err(refusal(e)),
    }
}

/// An upload of one of `kinds` (multipart `kind`, `file`).
async fn upload(
    state: &AppState,
    viewer: &Viewer,
    multipart: Multipart,
    kinds: &[Kind],
    back: &'static str,
) -> Result<Response, AppError> {
    viewer.district()?;
    let upload = crate::upload::read(multipart).await?;
    let kind = upload
        .fields
        .iter()
        .find(|(k, _)| k == "kind")
        .and_then(|(_, v)| Kind::from_id(v))
        .filter(|k| kinds.contains(k))
        .ok_or_else(|| AppError::bad_request(crate::msg!("five-choose-kind")))?;
    let (file_name, bytes) = upload
        .file
        .clone()
        .ok_or_else(|| AppError::bad_request(crate::msg!("five-choose-file")))?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    let parsed = crate::upload::parse(state, bytes, file_name, move |bytes, name| {
        read(kind, bytes, name)
    })
    .await?;
    store(state, viewer, parsed, &sha256, back).await
}

/// An entry of one of `kinds`: form `kind` and the template's cells by header.
async fn enter_one(
    state: &AppState,
    viewer: &Viewer,
    form: Vec<(String, String)>,
    kinds: &[Kind],
    back: &'static str,
) -> Result<Response, AppError> {
    viewer.district()?;
    let given = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let kind = given("kind")
        .and_then(|k| Kind::from_id(&k))
        .filter(|k| kinds.contains(k))
        .ok_or_else(|| AppError::bad_request(crate::msg!("five-choose-kind")))?;
    let f = entry(kind, given);
    store(state, viewer, f, "", back).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    id: String,
    #[serde(default)]
    confirm: String,
}

/// Withdraws a batch of one of `kinds` (form `id`, `confirm`).
async fn withdraw_one(
    state: &AppState,
    viewer: &Viewer,
    form: WithdrawForm,
    kinds: &[Kind],
) -> Result<(), AppError> {
    let here = state.here(viewer.district()?);
    let id: i64 = form
        .id
        .trim()
        .parse()
        .map_err(|_| AppError::bad_request(crate::msg!("five-bad-batch")))?;
    if form.confirm != "1" {
        return Err(AppError::bad_request(crate::msg!("five-confirm-withdraw")));
    }
    let who = caller(viewer);
    let mine = junheng_app::labour::batches(&here.store, &who, kinds).await?;
    if !mine.iter().any(|b| b.id == id) {
        return Err(AppError::not_found(crate::msg!("five-no-batch")));
    }
    junheng_app::labour::withdraw(&here.store, &who, id)
        .await
        .map_err(refusal)?;
    Ok(())
}

#[derive(Debug, Deserialize)]
pub(crate) struct KindQuery {
    #[serde(default)]
    kind: String,
}

/// The template of one of `kinds` (`?kind=`).
fn template_of(viewer: &Viewer, q: &KindQuery, kinds: &[Kind]) -> Result<Response, AppError> {
    viewer.district()?;
    let kind = Kind::from_id(&q.kind)
        .filter(|k| kinds.contains(k))
        .ok_or_else(|| AppError::bad_request(crate::msg!("five-choose-kind")))?;
    Ok(crate::views::download(
        crate::views::XLSX,
        &format!("{}模板.xlsx", kind.label()),
        write_template(kind),
    ))
}

/// `?year=&imported=&warned=&withdrawn=` of the pages.
fn notices(pairs: &[(String, String)]) -> (u64, u64, bool) {
    let given = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let n = |k| given(k).and_then(|v| v.parse().ok()).unwrap_or(0);
    (n("imported"), n("warned"), given("withdrawn").is_some())
}

/// A share as a percentage with one decimal (`None`: nothing counted).
fn percent(s: junheng_labour::Share) -> crate::list::Value {
    s.value().map_or(crate::list::Value::Empty, |v| {
        crate::list::Value::Decimal(v * 100.0, 1)
    })
}

/// The selected query `year`.
fn year_of(pairs: &[(String, String)]) -> Result<Option<i32>, AppError> {
    let given = pairs
        .iter()
        .find(|(k, _)| k == "year")
        .map(|(_, v)| v.as_str());
    crate::teachers::year_of(given)
}

/// A form to enter one record of a kind: its template's columns as inputs.
pub(crate) struct EntryForm {
    pub kind: &'static str,
    pub label: &'static str,
    /// Header (also the input's name), example, required, preset value.
    pub fields: Vec<(&'static str, &'static str, bool, String)>,
}

/// The entry forms of `kinds`; a school's account has its school preset.
pub(crate) fn entry_forms(
    kinds: &[Kind],
    school: Option<&junheng_core::school::SchoolCode>,
) -> Vec<EntryForm> {
    kinds
        .iter()
        .map(|k| EntryForm {
            kind: k.id(),
            label: k.label(),
            fields: k
                .columns()
                .iter()
                .map(|c| {
                    let preset = match school {
                        Some(s) if c.header == junheng_io::labour::SCHOOL => s.to_string(),
                        _ => String::new(),
                    };
                    (c.header, c.example, c.required, preset)
                })
                .collect(),
        })
        .collect()
}
