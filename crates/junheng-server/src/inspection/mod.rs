//! 督导评估 (issue 19) on the web: the verdict of a district's year on all four parts and the
//! 一票否决 list ([`junheng_app::inspection::status`]), every item's page, and the district's
//! statements (认定) and entered figures. Readers: the district's administrators and supervisors,
//! and city and province users looking in (`DistrictReader`); writers: administrators.
//!
//! | route | what |
//! |---|---|
//! | `GET /inspection?year=&rulebook=` ([`overview::page`]) | the verdict with its reasons, the four parts, every item, the 一票否决 list, the gap list, the history, the entered figures |
//! | `GET /api/v1/inspection` ([`overview::json`]) | the same status as data |
//! | `GET /inspection.xlsx` ([`overview::workbook`]) | the items and the gap list as a workbook |
//! | `GET /inspection/items/{item}` ([`item::page`]) | an item: requirement, limits, computation with its inputs and failing units, statements, evidence |
//! | `POST /inspection/items/{item}/attest` ([`write::attest`]) | a statement on the item (confirmed) |
//! | `POST /inspection/statements/{id}/withdraw` ([`write::withdraw_statement`]) | 撤回 a statement |
//! | `POST /inspection/inputs` ([`write::input`]), `POST /inspection/inputs/{id}/withdraw` | enter a figure (the official 社会认可度 …), 撤回 one |
//! | `GET /inspection/report` ([`report::page`]), `GET /inspection/report.docx` ([`report::docx`]) | the 自评报告, ready to print, and as Word in the district's template |
//! | `GET /inspection/path?year=` ([`path::page`]), `GET /api/v1/inspection/path` ([`path::json`]) | the 创建路径: target year and days left, the five steps, the year's standing, open and overdue tasks |
//! | `POST /inspection/path/self-assessment` ([`path::self_assess`]) | the district's own 自评 step |
//! | `GET /inspection/report/template.docx`, `POST /inspection/report/template`, `POST …/template/withdraw` ([`report`]) | the template: download, upload (checked), 撤回 |

pub(crate) mod item;
pub(crate) mod overview;
pub(crate) mod path;
pub(crate) mod report;
pub(crate) mod write;

use junheng_app::inspection::{Settings, Status, status};
use junheng_core::inspection::resources_of;
use junheng_core::rulebook::Rulebook;
use serde::Deserialize;

use crate::access::Viewer;
use crate::dashboard::{Selected, Selection, require_selection};
use crate::error::AppError;
use crate::routes::{Entry, get, post};
use crate::state::{AppState, Here};

pub(crate) fn routes() -> Vec<Entry> {
    use crate::access::Policy::{Admin, DistrictReader};
    use crate::routes::Body::{Form, Upload};
    vec![
        get("/inspection", DistrictReader, overview::page),
        get("/api/v1/inspection", DistrictReader, overview::json),
        get("/inspection.xlsx", DistrictReader, overview::workbook),
        get("/inspection/items/{item}", DistrictReader, item::page),
        post(
            "/inspection/items/{item}/attest",
            Admin,
            Form,
            write::attest,
        ),
        post(
            "/inspection/statements/{id}/withdraw",
            Admin,
            Form,
            write::withdraw_statement,
        ),
        post("/inspection/inputs", Admin, Form, write::input),
        get("/inspection/report", DistrictReader, report::page),
        get("/inspection/path", DistrictReader, path::page),
        get("/api/v1/inspection/path", DistrictReader, path::json),
        post(
            "/inspection/path/self-assessment",
            Admin,
            Form,
            path::self_assess,
        ),
        get("/inspection/report.docx", DistrictReader, report::docx),
        get(
            "/inspection/report/template.docx",
            DistrictReader,
            report::template_download,
        ),
        post(
            "/inspection/report/template",
            Admin,
            Upload,
            report::template_upload,
        ),
        post(
            "/inspection/report/template/withdraw",
            Admin,
            Form,
            report::template_withdraw,
        ),
        post(
            "/inspection/inputs/{id}/withdraw",
            Admin,
            Form,
            write::withdraw_input,
        ),
    ]
}

/// `?year=&rulebook=&done=` of the pages.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct InspectionQuery {
    pub year: Option<i32>,
    pub rulebook: Option<String>,
    pub done: Option<String>,
}

impl InspectionQuery {
    fn selection(&self) -> Selection {
        Selection {
            year: self.year,
            rulebook: self.rulebook.clone(),
        }
    }
}

/// The settings the collector takes: the district's own (`[students] consolidation`), the
/// national defaults elsewhere, as the capabilities' own pages use them.
fn settings(here: &Here) -> Settings {
    Settings {
        consolidation: here.config.students.consolidation,
        ..Settings::default()
    }
}

/// The selected year and rulebook (the dashboard's selection) and its status.
pub(crate) async fn load(
    state: &AppState,
    viewer: &Viewer,
    q: &InspectionQuery,
) -> Result<(Here, Selected, Status), AppError> {
    let here = state.here(viewer.district()?);
    let sel = require_selection(&here, &q.selection()).await?;
    let resources = sel.evaluation().ok().map(|e| resources_of(e));
    let today = crate::teachers::training::today();
    let s = status(
        &here.store,
        sel.year,
        &sel.rulebook,
        &settings(&here),
        today,
        resources,
    )
    .await?;
    Ok((here, sel, s))
}

/// The query string that keeps a page's year and rulebook.
pub(crate) fn keep(year: i32, rulebook: &Rulebook) -> String {
    format!("year={year}&rulebook={}", rulebook.id)
}

/// The catalogue key of a 达标/未达标/待认定 and its class.
pub(crate) fn status_class(s: junheng_core::inspection::ItemStatus) -> &'static str {
    use junheng_core::inspection::ItemStatus;
    match s {
        ItemStatus::Met => "pass",
        ItemStatus::NotMet => "fail",
        ItemStatus::Undecided => "muted",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_catalogue_key_exists() {
        let n = crate::i18n::assert_named_keys_exist(
            "insp-",
            &[
                include_str!("mod.rs"),
                include_str!("overview.rs"),
                include_str!("item.rs"),
                include_str!("write.rs"),
                include_str!("report.rs"),
                include_str!("path.rs"),
                include_str!("../../templates/inspection_path.html"),
                include_str!("../../templates/inspection_report.html"),
                include_str!("../../templates/inspection.html"),
                include_str!("../../templates/inspection_item.html"),
            ],
        );
        assert!(n > 30, "{n}");
    }
}
