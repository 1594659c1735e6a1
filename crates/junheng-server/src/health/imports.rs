//! The health writes of the web:
//!
//! * `POST /health/import` (multipart: `kind` = fitness | vision | mental | scale (a 心理 wave's
//!   district-instrument answers, 量表测评), `round`, `year`,
//!   `on_date`, `school`, `file`): a school's file of a round through the kind's import use case
//!   — the round found by name (an administrator's new name makes it; the crisis team's too, for
//!   心理), every located problem listed when the file is refused (nothing written), the version
//!   written and the 心理 cases opened when it is not. Who may import which school and kind is
//!   `junheng_app::health::who::may_import`'s.
//! * `GET /health/templates/{fitness|vision|mental|scale}.xlsx`: the blank templates.
//! * `POST /health/pack` (multipart: `version`, `files` — several CSV tables): a scoring pack,
//!   checked by the engine before it is stored, then every fitness round rescored
//!   (`junheng_app::health::packs::load`; administrators only).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::health::Refused;
use junheng_app::health::who::may_import;
use junheng_core::school::SchoolCode;
use junheng_store::HealthKind;

use super::{caller, keys, kind_key, refusal, school_names, school_text, today};
use crate::access::{Admin, Member};
use crate::error::AppError;
use crate::import::IssueRow;
use crate::params::{Multipart, Path};
use crate::state::AppState;
use crate::views::{Layout, render};

/// At most this many problems are listed (all are counted).
const SHOWN: usize = 500;

/// What an import wrote.
struct Done {
    version: u32,
    records: u64,
    /// Children of the version it replaced, if any.
    replaced: Option<u64>,
    cases: usize,
}

#[derive(Template)]
#[template(path = "health_import.html")]
struct ImportPage {
    layout: Layout,
    kind: &'static str,
    round: String,
    file_name: String,
    school: String,
    issue_count: usize,
    issues: Vec<IssueRow>,
    done: Option<Done>,
    warnings: Vec<IssueRow>,
}

/// The fields of an import form, refused (400) when one is missing or malformed.
struct Fields {
    kind: HealthKind,
    /// A district instrument's answers (量表测评), for a 心理 wave.
    scale: bool,
    round: String,
    year: i32,
    on_date: String,
    school: SchoolCode,
}

fn fields(upload: &crate::upload::Upload) -> Result<Fields, AppError> {
    let kind_text = upload.field("kind");
    let scale = kind_text == "scale";
    let kind = if scale {
        Some(HealthKind::Mental)
    } else {
        HealthKind::parse(kind_text)
    };
    let kind = kind.ok_or_else(|| {
        AppError::bad_request(crate::msg!(
            "health-bad-kind",
            v = crate::views::cut(kind_text)
        ))
    })?;
    let round = upload.field("round");
    if round.is_empty() || round.chars().count() > 100 {
        return Err(AppError::bad_request(crate::msg!("health-round-missing")));
    }
    let year = crate::students::year_of(Some(upload.field("year")))?
        .ok_or_else(|| AppError::bad_request(crate::msg!("health-year-missing")))?;
    let on_date = upload.field("on_date");
    let school_text = upload.field("school");
    let school = SchoolCode::parse(school_text).map_err(|_| {
        AppError::bad_request(crate::msg!(
            "health-bad-school",
            v = crate::views::cut(school_text)
        ))
    })?;
    Ok(Fields {
        kind,
        scale,
        round: round.to_owned(),
        year,
        on_date: if on_date.is_empty() {
            today()
        } else {
            on_date.to_owned()
        },
        school,
    })
}

/// `POST /health/import`.
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Member,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let upload = crate::upload::read(multipart).await?;
    let f = fields(&upload)?;
    let (file_name, bytes) = upload.spreadsheet()?;
    let here = state.here(viewer.district()?);
    let who = caller(&viewer);
    if !may_import(&who, f.kind, &f.school) {
        return Err(AppError::Forbidden);
    }
    let round =
        junheng_app::health::import::round(&here.store, &who, f.kind, &f.round, f.year, &f.on_date)
            .await
            .map_err(refusal)?;
    let limits = junheng_io::Limits::for_max_input(state.config.max_upload_bytes as u64);
    let done = {
        // Reading the file is the slow part: it waits for a parse slot like every upload.
        let _slot = state.parse_slot().await?;
        let store = &here.store;
        let k = keys(&here);
        match f.kind {
            HealthKind::Fitness => {
                junheng_app::health::fitness::import(
                    store, k, &who, &round, &f.school, &bytes, &file_name, &limits,
                )
                .await
            }
            HealthKind::Vision => {
                junheng_app::health::vision::import(
                    store, k, &who, &round, &f.school, &bytes, &file_name, &limits,
                )
                .await
            }
            HealthKind::Mental if f.scale => {
                junheng_app::health::mental::import_scale(
                    store,
                    k,
                    &who,
                    &round,
                    &f.school,
                    &bytes,
                    &file_name,
                    &limits,
                    &state.config.health.mental,
                    &state.config.health_instruments,
                    &today(),
                )
                .await
            }
            HealthKind::Mental => {
                junheng_app::health::mental::import(
                    store,
                    k,
                    &who,
                    &round,
                    &f.school,
                    &bytes,
                    &file_name,
                    &limits,
                    &state.config.health.mental,
                    &today(),
                )
                .await
            }
        }
    };
    let names = school_names(&here).await?;
    let page = |issue_count, issues, done, warnings| ImportPage {
        layout: Layout::new("health-import-title", &viewer),
        kind: kind_key(f.kind),
        round: round.name.clone(),
        file_name: file_name.clone(),
        school: school_text(&names, &f.school),
        issue_count,
        issues,
        done,
        warnings,
    };
    match done {
        Ok(i) => {
            let done = Done {
                version: i.file.version,
                records: i.file.records,
                replaced: i.replaced,
                cases: i.cases,
            };
            let warnings = i.warnings.iter().map(IssueRow::from).collect();
            Ok(render(&page(0, Vec::new(), Some(done), warnings)))
        }
        Err(Refused::Problems(failure)) => Ok(render(&page(
            failure.issue_count(),
            failure
                .issues
                .iter()
                .take(SHOWN)
                .map(IssueRow::from)
                .collect(),
            None,
            Vec::new(),
        ))),
        Err(e) => Err(refusal(e)),
    }
}

/// `GET /health/templates/{file}`: `fitness.xlsx`, `vision.xlsx`, `mental.xlsx` or
/// `scale.xlsx`.
pub(crate) async fn template(
    viewer: Member,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    viewer.district()?;
    let (name, bytes) = match file.as_str() {
        "fitness.xlsx" => (
            "体质健康测试模板.xlsx",
            junheng_io::health::write_fitness_template(),
        ),
        "vision.xlsx" => (
            "视力筛查模板.xlsx",
            junheng_io::health::write_vision_template(),
        ),
        "mental.xlsx" => (
            "心理测评模板.xlsx",
            junheng_io::health::write_mental_template(),
        ),
        "scale.xlsx" => (
            "量表测评模板.xlsx",
            junheng_io::health::write_scale_template(),
        ),
        other => {
            return Err(AppError::not_found(crate::msg!(
                "health-no-template",
                v = crate::views::cut(other)
            )));
        }
    };
    Ok(crate::views::download(crate::views::XLSX, name, bytes))
}

#[derive(Template)]
#[template(path = "health_pack.html")]
struct PackPage {
    layout: Layout,
    version: String,
    files: Vec<String>,
    rescored: usize,
}

/// Most tables of one pack.
const MAX_PACK_FILES: usize = 64;

/// `POST /health/pack`.
pub(crate) async fn pack(
    State(state): State<AppState>,
    viewer: Admin,
    Multipart(mut multipart): Multipart,
) -> Result<Response, AppError> {
    let unreadable = || AppError::bad_request(crate::msg!("error-form-unreadable"));
    let mut version = String::new();
    let mut files: Vec<(String, String)> = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .file_name()
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or_default().to_owned());
        let bytes = field.bytes().await.map_err(|_| unreadable())?;
        match (name.as_str(), file_name) {
            ("version", _) => {
                version = String::from_utf8(bytes.to_vec())
                    .map_err(|_| unreadable())?
                    .trim()
                    .to_owned();
            }
            ("files" | "file", Some(n)) if !bytes.is_empty() => {
                if files.len() >= MAX_PACK_FILES {
                    return Err(unreadable());
                }
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                    AppError::bad_request(crate::msg!(
                        "health-pack-not-utf8",
                        v = crate::views::cut(&n)
                    ))
                })?;
                files.push((n, text.trim_start_matches('\u{feff}').to_owned()));
            }
            _ => {}
        }
    }
    if version.is_empty() || version.chars().count() > 100 {
        return Err(AppError::bad_request(crate::msg!("health-version-missing")));
    }
    if files.is_empty() {
        return Err(AppError::bad_request(crate::msg!("error-choose-file")));
    }
    let here = state.here(viewer.district()?);
    let (stored, rescored) = junheng_app::health::packs::load(
        &here.store,
        keys(&here),
        &caller(&viewer),
        &version,
        &files,
    )
    .await
    .map_err(refusal)?;
    Ok(render(&PackPage {
        layout: Layout::new("health-pack-title", &viewer),
        version: stored.version,
        files: stored.files.into_iter().map(|(n, _)| n).collect(),
        rescored,
    }))
}
