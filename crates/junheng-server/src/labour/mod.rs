//! 劳动教育 (issue 18) on the web, under `/labour/…`. Who sees and writes what is
//! `junheng_app::labour::LabourPass`'s: the district's administrators (every list), 督学 and
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

pub(crate) mod class;
pub(crate) mod lists;
pub(crate) mod parent;
pub(crate) mod passport;

use junheng_app::labour::LabourPass;
use junheng_labour::settings::LabourSettings;

use crate::access::Policy::{Member, Public};
use crate::access::Viewer;
use crate::error::AppError;
use crate::routes::Body::{Form, Upload};
use crate::routes::{Entry, get, post};

/// The settings of 劳动教育: the engine's documented defaults (national floors and \[L\]
/// local defaults, README “劳动教育”).
pub(crate) fn settings() -> LabourSettings {
    LabourSettings::default()
}

/// The viewer's pass, or 403.
pub(crate) fn pass(viewer: &Viewer) -> Result<LabourPass, AppError> {
    LabourPass::of(&crate::pairings::caller(viewer)).ok_or(AppError::Forbidden)
}

/// Whether the viewer sees anything of 劳动教育 (the nav's entry).
pub(crate) fn sees_any(viewer: &Viewer) -> bool {
    LabourPass::of(&crate::pairings::caller(viewer)).is_some()
}

/// The routes of 劳动教育.
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/labour/lists", Member, lists::page),
        get("/api/v1/labour/lists", Member, lists::json),
        post("/labour/lists/import", Member, Upload, lists::import),
        post("/labour/lists/withdraw", Member, Form, lists::withdraw),
        get("/labour/lists/template.xlsx", Member, lists::template),
        get("/labour/class", Member, class::page),
        post("/labour/class/records", Member, Form, class::records),
        post("/labour/class/decide", Member, Form, class::decide_record),
        post("/labour/class/rate", Member, Form, class::rate_children),
        post("/labour/class/import", Member, Upload, class::import),
        get("/labour/class/template.xlsx", Member, class::template),
        post("/labour/class/slips", Member, Form, class::slips),
        get("/labour/p/{token}", Public, parent::show),
        post("/labour/p/{token}", Public, Form, parent::answer_link),
        get("/labour/students/{key}", Member, passport::page),
        get("/api/v1/labour/students/{key}", Member, passport::json),
    ]
}
