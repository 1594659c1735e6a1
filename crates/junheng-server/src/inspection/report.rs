//! The 自评报告: `GET /inspection/report` (print-ready HTML of the same sections),
//! `/inspection/report.docx` (the district's template, or the default, filled), and the district's
//! own template — download (`/inspection/report/template.docx`), upload and 撤回.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::inspection::report::{ReportOf, blocks, template, upload_template, write};
use junheng_core::school::school_year;
use junheng_io::docx::Block;
use junheng_store::{Actor, AuditEntry};

use super::{InspectionQuery, keep, load};
use crate::access::{Admin, DistrictReader};
use crate::charts::{CvBar, cv_bars};
use crate::error::AppError;
use crate::params::{Form, Multipart, Query};
use crate::state::AppState;
use crate::views::{Layout, escape, render};

/// Beijing time now, `YYYY-MM-DD HH:MM`: when a report is generated.
fn now() -> String {
    junheng_store::beijing_time(std::time::SystemTime::now())
}

/// A section of the print page, as HTML.
struct SectionHtml {
    heading: String,
    html: String,
}

#[derive(Template)]
#[template(path = "inspection_report.html")]
struct ReportPage {
    layout: Layout,
    title: String,
    district: String,
    keep: String,
    stamp: String,
    sections: Vec<SectionHtml>,
    custom: Option<String>,
    admin: bool,
    done: &'static str,
}

/// A block as HTML (text escaped; a chart as the platform's 差异系数 figure).
fn html(lang: crate::i18n::Lang, block: &Block) -> String {
    match block {
        Block::Heading(level, text) => {
            let h = (level + 2).min(4);
            format!("<h{h} lang=\"zh-CN\">{}</h{h}>", escape(text))
        }
        Block::Paragraph(p) => {
            let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
            format!("<p lang=\"zh-CN\">{}</p>", escape(&text))
        }
        Block::Table(t) => {
            let head: String = t
                .header
                .iter()
                .map(|h| format!("<th>{}</th>", escape(h)))
                .collect();
            let rows: String = t
                .rows
                .iter()
                .map(|r| {
                    let cells: String = r
                        .iter()
                        .map(|c| format!("<td>{}</td>", escape(c)))
                        .collect();
                    format!("<tr>{cells}</tr>")
                })
                .collect();
            format!(
                "<div class=\"scroll\"><table lang=\"zh-CN\"><caption>{}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>",
                escape(&t.caption)
            )
        }
        Block::Chart(c) => {
            let limit = c.threshold.as_ref().map_or(f64::NAN, |t| t.value);
            let values = c
                .series
                .first()
                .map(|s| s.values.as_slice())
                .unwrap_or_default();
            let bars: Vec<CvBar<'_>> = c
                .categories
                .iter()
                .zip(values)
                .map(|(label, v)| CvBar {
                    label,
                    cv: v.is_finite().then_some(*v),
                    limit,
                })
                .collect();
            cv_bars(
                lang,
                &format!("<span lang=\"zh-CN\">{}</span>", escape(&c.title)),
                &bars,
            )
        }
        Block::Cover(_) | Block::PageBreak => String::new(),
    }
}

/// `GET /inspection/report?year=&rulebook=`: the report's sections, ready to print.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    let (here, sel, s) = load(&state, &viewer, &q).await?;
    let district = viewer.district()?.name.clone();
    let generated = now();
    let of = ReportOf {
        district: &district,
        generated: &generated,
    };
    let evaluation = sel.evaluation().ok();
    let sections = blocks(&s, evaluation, &of)
        .into_iter()
        .enumerate()
        .map(|(i, (name, b))| SectionHtml {
            heading: format!("{}、{name}", junheng_io::docx::numeral(i as u32 + 1)),
            html: b.iter().map(|b| html(viewer.lang, b)).collect(),
        })
        .collect();
    let custom = here
        .store
        .report_template()
        .await?
        .map(|(t, _)| t.file_name);
    let page = ReportPage {
        layout: Layout::new("insp-report-title", &viewer),
        title: format!("{district}{}年义务教育优质均衡发展督导评估自评报告", s.year),
        district,
        keep: keep(s.year, &sel.rulebook),
        stamp: junheng_app::inspection::report::stamp(&s, &generated),
        sections,
        custom,
        admin: crate::pairings::is_admin(&viewer),
        done: match q.done.as_deref() {
            Some("template") => "insp-done-template",
            Some("withdrawn") => "insp-done-withdrawn",
            _ => "",
        },
    };
    Ok(render(&page))
}

/// `GET /inspection/report.docx?year=&rulebook=`: the 自评报告 in the district's template.
pub(crate) async fn docx(
    State(state): State<AppState>,
    viewer: DistrictReader,
    Query(q): Query<InspectionQuery>,
) -> Result<Response, AppError> {
    let (here, sel, s) = load(&state, &viewer, &q).await?;
    let district = viewer.district()?.name.clone();
    let generated = now();
    let of = ReportOf {
        district: &district,
        generated: &generated,
    };
    let (_, template) = template(&here.store).await?;
    let bytes = write(&s, sel.evaluation().ok(), &of, Some(&template))
        .map_err(|e| AppError::BadRequest(format!("{e}（{}）", e.code())))?;
    here.audit(AuditEntry {
        district: None,
        actor: viewer.user.name.clone(),
        action: junheng_store::action::INSPECTION_REPORT,
        target: format!("{}/{}", s.year, sel.rulebook.id),
        detail: format!("stamp={}", s.stamp),
    })
    .await?;
    Ok(crate::views::download(
        DOCX,
        &format!("{district}-{}-自评报告.docx", school_year(s.year)),
        bytes,
    ))
}

/// The media type of a .docx.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `GET /inspection/report/template.docx`: the template reports are written with.
pub(crate) async fn template_download(
    State(state): State<AppState>,
    viewer: DistrictReader,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let (name, bytes) = template(&here.store).await?;
    Ok(crate::views::download(DOCX, &name, bytes))
}

/// `POST /inspection/report/template`: a district's own template (checked, then stored).
pub(crate) async fn template_upload(
    State(state): State<AppState>,
    viewer: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let upload = crate::upload::read(multipart).await?;
    let (file_name, bytes) = upload
        .file
        .ok_or_else(|| AppError::bad_request(crate::msg!("insp-template-missing")))?;
    let here = state.here(viewer.district()?);
    upload_template(
        &here.store,
        &file_name,
        &bytes,
        &Actor::new(viewer.user.name.clone()),
    )
    .await?;
    Ok(Redirect::to("/inspection/report?done=template").into_response())
}

/// `POST /inspection/report/template/withdraw`: back to the template before (or the default).
pub(crate) async fn template_withdraw(
    State(state): State<AppState>,
    viewer: Admin,
    Form(_form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    here.store
        .withdraw_report_template(&Actor::new(viewer.user.name.clone()))
        .await?;
    Ok(Redirect::to("/inspection/report?done=withdrawn").into_response())
}
