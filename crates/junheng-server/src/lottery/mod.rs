//! The lottery ceremony (随机派位): an administrator stores the frozen applicant list and its
//! private lottery key (from `junheng lottery freeze`), the ceremony page shows the list's
//! published digest full-screen, the witnesses enter their values, the draw runs once and its
//! audit pack is kept; a printable notarial record; parents look up their own outcome with their
//! 报名号 and 回执校验码. Everything works offline.
//!
//! Published material (record, audit pack) names applicants by 公示编号 only (version 2).
//! Lotteries stored before version 2 hold real 报名号: their pack and full record are shown to
//! administrators only, their public record shows counts, their lookup is switched off.

mod build;
mod lookup;
mod public;

pub(crate) use build::{build, receipts};
pub(crate) use lookup::{lookup, lookup_limiter, lookup_post};
pub(crate) use public::{pack, record};

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::lottery as app;
use junheng_lottery::{AuditPack, Inputs, LotteryKey, Version, Witness, draw};
use junheng_store::Lottery;
use serde::Deserialize;

use crate::access::{Admin, Viewer};
use crate::error::{AppError, Message};
use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};
use crate::import::IssueRow;
use crate::params::{Form, Multipart, Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, escape, render};

/// The witnesses a ceremony asks for, in order: the role as the audit pack records it (in
/// Chinese, as the notarial record is written) and the catalogue key of its name.
const ROLES: [(&str, &str); 3] = [
    ("人大代表", "lottery-role-deputy"),
    ("公证员", "lottery-role-notary"),
    ("家长代表", "lottery-role-parent"),
];

/// An interface sentence as HTML: the message `m` in `lang`, escaped, with its variables `html`
/// put in as the HTML given (data made by [`marks::zh`], or another such sentence).
pub(crate) fn sentence(lang: Lang, m: Message, html: &[(&'static str, String)]) -> String {
    let mut vars: Vec<(&str, Var<'_>)> =
        m.args.into_iter().map(|(n, a)| (n, Var::Arg(a))).collect();
    vars.extend(html.iter().map(|(n, h)| (*n, Var::Html(h.clone()))));
    marks::html(lang, m.key, &vars)
}

/// A witness of a drawn lottery as pages show it: a role of [`ROLES`] in the page's language,
/// any other role (typed elsewhere) as the data it is.
pub(crate) struct WitnessRow {
    pub role: String,
    /// Whether the role is data (marked `lang="zh-CN"`).
    pub role_data: bool,
    pub name: String,
    pub value: String,
}

fn witness_rows(lang: Lang, witnesses: &[Witness]) -> Vec<WitnessRow> {
    witnesses
        .iter()
        .map(|w| {
            let key = ROLES.iter().find(|(zh, _)| *zh == w.role).map(|(_, k)| *k);
            WitnessRow {
                role: key.map_or_else(|| w.role.clone(), |k| lang.t(k).to_owned()),
                role_data: key.is_none(),
                name: w.name.clone(),
                value: w.value.clone(),
            }
        })
        .collect()
}

pub(crate) struct Row {
    pub id: i64,
    pub title: String,
    pub digest: String,
    pub created_at: String,
    pub drawn: bool,
}

#[derive(Template)]
#[template(path = "lotteries.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    /// What the last step said, as HTML (see [`sentence`]); empty when nothing.
    message: String,
    /// The problems of the uploaded tables (at most the first few hundred) and their count.
    issues: Vec<IssueRow>,
    issue_count: usize,
    /// The lottery just frozen (its receipts form shown), if any.
    frozen: Option<Row>,
}

/// The stored lotteries of a district, newest last, times in Beijing time.
pub(crate) async fn rows(here: &Here) -> Result<Vec<Row>, AppError> {
    Ok(here
        .store
        .lotteries()
        .await?
        .into_iter()
        .map(|l| Row {
            id: l.id,
            title: l.title,
            digest: l.digest,
            created_at: crate::views::time(&l.created_at),
            drawn: l.drawn_at.is_some(),
        })
        .collect())
}

async fn list_page(
    here: &Here,
    viewer: &Viewer,
    message: String,
    issues: Vec<IssueRow>,
    issue_count: usize,
) -> Result<Response, AppError> {
    list_page_with(here, viewer, message, issues, issue_count, None).await
}

async fn list_page_with(
    here: &Here,
    viewer: &Viewer,
    message: String,
    issues: Vec<IssueRow>,
    issue_count: usize,
    frozen: Option<i64>,
) -> Result<Response, AppError> {
    let mut rows = rows(here).await?;
    let frozen = match frozen {
        Some(id) => {
            let at = rows.iter().position(|r| r.id == id).ok_or_else(|| {
                AppError::not_found(crate::msg!("lottery-error-no-lottery", n = id))
            })?;
            Some(rows.remove(at))
        }
        None => None,
    };
    Ok(render(&ListPage {
        layout: Layout::new("lottery-enrollment-lottery", viewer),
        rows,
        message,
        issues,
        issue_count,
        frozen,
    }))
}

/// `?frozen=`: the lottery whose digest and receipts form are shown first.
#[derive(Deserialize)]
pub(crate) struct ListQuery {
    frozen: Option<i64>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    list_page_with(&here, &admin, String::new(), Vec::new(), 0, q.frozen).await
}

/// The upload form: the frozen list and the key file (its CSRF token was checked by the
/// middleware).
#[derive(Default)]
struct Upload {
    inputs: Option<Vec<u8>>,
    key: Option<Vec<u8>>,
}

async fn read_upload(Multipart(mut multipart): Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    let bad = |_| AppError::bad_request(crate::msg!("error-form-unreadable"));
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        if !matches!(name.as_str(), "inputs" | "key") {
            continue;
        }
        let bytes = field.bytes().await.map_err(bad)?;
        let file = (!bytes.is_empty()).then(|| bytes.to_vec());
        match name.as_str() {
            "inputs" => upload.inputs = file,
            _ => upload.key = file,
        }
    }
    Ok(upload)
}

/// Stores an uploaded frozen list with its key.
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let upload = read_upload(multipart).await?;
    let lang = viewer.lang;
    if upload.inputs.is_none() || upload.key.is_none() {
        let message = sentence(lang, crate::msg!("lottery-upload-choose-both"), &[]);
        return list_page(&here, &viewer, message, Vec::new(), 0).await;
    }
    let checked = match app::check_upload(upload.inputs.as_deref(), upload.key.as_deref()) {
        Ok(c) => c,
        Err(message) => {
            let message = marks::zh(lang, &message);
            return list_page(&here, &viewer, message, Vec::new(), 0).await;
        }
    };
    let id = app::create(&here.store, checked, &viewer.actor()).await?;
    Ok(Redirect::to(&format!("/lottery/{id}")).into_response())
}

/// A stored lottery, its inputs read back, its version and (version 2) key, its pack if drawn.
struct Loaded {
    lottery: Lottery,
    inputs: Inputs,
    key: Option<LotteryKey>,
    pack: Option<AuditPack>,
}

impl Loaded {
    /// Stored before version 2: the inputs name applicants by 报名号.
    fn legacy(&self) -> bool {
        self.inputs.version() == Version::V1
    }
}

/// A lottery by its number alone, for its public pages: the district it belongs to, and it.
async fn load_public(state: &AppState, id: i64) -> Result<(Here, Loaded), AppError> {
    let district = state
        .store
        .lottery_district(id)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("lottery-error-no-lottery", n = id)))?;
    let here = state.here(&state.district(district).await?);
    let loaded = load(&here, id).await?;
    Ok((here, loaded))
}

async fn load(here: &Here, id: i64) -> Result<Loaded, AppError> {
    let lottery = here
        .store
        .lottery(id)
        .await?
        .ok_or_else(|| AppError::not_found(crate::msg!("lottery-error-no-lottery", n = id)))?;
    let internal = |e: String| AppError::Internal(format!("lottery {id}: {e}"));
    let inputs = Inputs::from_json(&lottery.inputs).map_err(|e| internal(e.to_string()))?;
    let key = match (&lottery.lottery_key, inputs.version()) {
        (Some(hex), _) => {
            Some(LotteryKey::from_hex(hex).ok_or_else(|| internal("bad key".into()))?)
        }
        (None, Version::V1) => None,
        (None, _) => return Err(internal("version 2 lottery without its key".into())),
    };
    let pack = match &lottery.pack {
        Some(json) => Some(AuditPack::from_json(json).map_err(|e| internal(e.to_string()))?),
        None => None,
    };
    Ok(Loaded {
        lottery,
        inputs,
        key,
        pack,
    })
}

/// The drawn pack, or 404.
fn drawn(loaded: &Loaded) -> Result<&AuditPack, AppError> {
    loaded
        .pack
        .as_ref()
        .ok_or_else(|| AppError::not_found(crate::msg!("lottery-error-not-drawn")))
}

pub(crate) struct SchoolRow {
    /// The school's name (data) and code, as HTML (see [`school_html`]).
    pub school: String,
    pub capacity: u32,
    /// Admitted applicants in order (公示编号; empty when they may not be shown).
    pub admitted: Vec<String>,
    pub admitted_count: usize,
    /// The waitlist in order (公示编号; empty when they may not be shown).
    pub waitlisted: Vec<String>,
    pub waitlist: usize,
}

/// A school of the lottery as HTML: its name (data, marked) with its code, or the code alone.
pub(crate) fn school_html(lang: Lang, pack: &AuditPack, id: &str) -> String {
    match pack.inputs.schools.iter().find(|s| s.id == id) {
        Some(s) if !s.name.is_empty() => sentence(
            lang,
            crate::msg!("lottery-school-code", code = id),
            &[("school", marks::zh(lang, &s.name))],
        ),
        _ => escape(id),
    }
}

/// Rows per school; `ids`: whether the admitted applicants are listed.
fn school_rows(lang: Lang, pack: &AuditPack, ids: bool) -> Vec<SchoolRow> {
    pack.results
        .schools
        .iter()
        .map(|s| SchoolRow {
            school: school_html(lang, pack, &s.id),
            capacity: s.capacity,
            admitted: if ids { s.admitted.clone() } else { Vec::new() },
            admitted_count: s.admitted.len(),
            waitlisted: if ids { s.waitlist.clone() } else { Vec::new() },
            waitlist: s.waitlist.len(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "ceremony.html")]
struct CeremonyPage {
    layout: Layout,
    id: i64,
    title: String,
    digest: String,
    applicants: usize,
    schools: usize,
    /// The witnesses' roles, in the page's language.
    roles: [&'static str; 3],
    legacy: bool,
    drawn: bool,
    seed: String,
    results_digest: String,
    witnesses: Vec<WitnessRow>,
    rows: Vec<SchoolRow>,
    fallback: usize,
    /// What the draw said, as HTML (see [`sentence`]); empty when nothing.
    message: String,
}

async fn ceremony_page(
    here: &Here,
    viewer: &Viewer,
    id: i64,
    message: String,
) -> Result<Response, AppError> {
    let loaded = load(here, id).await?;
    let (info, pack) = (&loaded.lottery.info, loaded.pack.as_ref());
    let lang = viewer.lang;
    let page = CeremonyPage {
        layout: Layout::new(info.title.clone(), viewer),
        id,
        title: info.title.clone(),
        digest: info.digest.clone(),
        applicants: loaded.inputs.applicants.len(),
        schools: loaded.inputs.schools.len(),
        roles: ROLES.map(|(_, key)| lang.t(key)),
        legacy: loaded.legacy(),
        drawn: pack.is_some(),
        seed: pack.map_or(String::new(), |p| p.seed.clone()),
        results_digest: pack.map_or(String::new(), |p| p.results_digest.clone()),
        witnesses: pack.map_or(Vec::new(), |p| witness_rows(lang, &p.witnesses)),
        fallback: pack.map_or(0, |p| p.results.fallback.len()),
        rows: pack.map_or(Vec::new(), |p| school_rows(lang, p, true)),
        message,
    };
    Ok(render(&page))
}

pub(crate) async fn ceremony(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    ceremony_page(&here, &viewer, id, String::new()).await
}

#[derive(Deserialize)]
pub(crate) struct DrawForm {
    name0: String,
    value0: String,
    name1: String,
    value1: String,
    name2: String,
    value2: String,
}

impl DrawForm {
    fn witnesses(&self) -> Vec<Witness> {
        [
            (&self.name0, &self.value0),
            (&self.name1, &self.value1),
            (&self.name2, &self.value2),
        ]
        .into_iter()
        .zip(ROLES)
        .map(|((name, value), (role, _))| Witness {
            role: role.to_owned(),
            name: name.trim().to_owned(),
            value: value.clone(),
        })
        .collect()
    }
}

/// Runs the draw with the witnesses' values, once; never for a list stored before version 2.
pub(crate) async fn run(
    State(state): State<AppState>,
    viewer: Admin,
    Path(id): Path<i64>,
    Form(form): Form<DrawForm>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (inputs, digest) = app::inputs_to_draw(&here.store, id).await?;
    let witnesses = form.witnesses();
    let pack = match tokio::task::spawn_blocking(move || draw(&inputs, &witnesses))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    {
        Ok(pack) => pack,
        Err(e) => {
            let message = marks::zh(viewer.lang, &e.to_string());
            return ceremony_page(&here, &viewer, id, message).await;
        }
    };
    app::record_draw(&here.store, id, &pack, &digest, &viewer.actor()).await?;
    Ok(Redirect::to(&format!("/lottery/{id}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn witness_roles_are_interface_texts_and_other_roles_data() {
        let w = |role: &str| Witness {
            role: role.into(),
            name: "李公证".into(),
            value: "7391".into(),
        };
        let rows = witness_rows(Lang::En, &[w("公证员"), w("监督员")]);
        assert_eq!(
            (rows[0].role.as_str(), rows[0].role_data),
            ("Notary", false)
        );
        assert_eq!((rows[1].role.as_str(), rows[1].role_data), ("监督员", true));
        assert_eq!(witness_rows(Lang::Zh, &[w("公证员")])[0].role, "公证员");
    }

    #[test]
    fn data_is_escaped_and_marked_in_english_only() {
        assert_eq!(marks::zh(Lang::Zh, "城南<一小>"), "城南&lt;一小&gt;");
        let said = || crate::msg!("lottery-drawn-at-by", time = "2026-12-03 14:05");
        let by = |lang| [("by", marks::zh(lang, "管理员"))];
        assert_eq!(
            sentence(Lang::Zh, said(), &by(Lang::Zh)),
            "2026-12-03 14:05（管理员）"
        );
        assert_eq!(
            sentence(Lang::En, said(), &by(Lang::En)),
            "2026-12-03 14:05 (<span lang=\"zh-CN\">管理员</span>)"
        );
    }
}
