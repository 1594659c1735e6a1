//! 质量监测 on the web (issue 15): exams, each school's scores, the report of an exam as the
//! caller may see it, value added between two exams of a cohort and a student's 成绩单. Who sees
//! and does what is `junheng_app::exams::who`'s (fail closed): the district's administrators and
//! 督学 every unit, a group's or 学区's lead their schools, a school its school and classes, a
//! 班主任 their class, 市级 and 省级 users the district's aggregates only. No page ranks schools
//! for the public: there is no public exam page. A 成绩单 is the school's and the 班主任's (for
//! parents, through the school), and every one read is recorded by the use case.
//!
//! | route | what |
//! |---|---|
//! | `GET /exams` ([`list::page`]) | the district's exams; the create form and the NAEQ results with their entry form (administrators); `?format=xlsx` |
//! | `POST /exams` ([`list`]), `POST /exams/naeq` ([`naeq`]) | create an exam; enter an official 校际差异率 with its unit |
//! | `GET /exams/{id}[?school=]` ([`report::page`]) | the report: per paper the visible rows, 比值赋分, 区分度, the 校际差异率 local estimates beside the 0.15 line and the official value, the rates' distribution; the forms of who imports |
//! | `GET /exams/{id}/report.json` ([`report`]), `GET /exams/{id}/report.xlsx` ([`workbook`]) | the same scoped selection as data and as a workbook |
//! | `POST /exams/{id}/import`, `GET /exams/{id}/template.xlsx`, `POST /exams/{id}/withdraw` ([`files`]) | a school's file; the blank template; withdrawing a school's latest file (confirmed first) |
//! | `GET /exams/va?from=&to=` ([`va::page`]) | value added per subject, with error bars and the stability caveats |
//! | `GET /exams/bands[?exam=…]` ([`bands::page`]), `GET /exams/bands.json`, `GET /exams/bands.xlsx` ([`bands`], [`bands::workbook`]) | the 三线 board of quality over the chosen exams (administrators and 督学): each school's and group's quality score and band per exam, the lines, the latest escalation; one selection for the page, the data and the workbook |
//! | `POST /exams/bands/raise` ([`bands::raise_tasks`]) | a task for each school escalated in the latest exam (administrators; confirmed first) |
//! | `GET /exams/{id}/card/{student}` ([`card::page`]) | a student's 成绩单, printable |
//! | `GET /api/v1/exams` ([`list::api`]), `GET /api/v1/exams/{id}`, `GET /api/v1/exams/bands` | the API: the list, an exam's report and the 三线 board — the same handlers and selections as the pages' data |

mod bands;
mod card;
mod charts;
mod files;
mod list;
mod naeq;
mod report;
mod va;
mod workbook;

use junheng_app::exams::Refused;
use junheng_app::exams::who::{Sight, sight};
use junheng_app::pairings::Caller;
use junheng_core::exam::{UnitLevel, VaBand};
use junheng_store::{ExamInfo, ExamKind, ExamScope, StoreError, User};

use crate::access::Viewer;
use crate::error::AppError;
use crate::routes::{Entry, get, post};
use crate::state::{AppState, Here};
pub(crate) use crate::students::export;

/// The routes of this module.
pub(crate) fn routes() -> Vec<Entry> {
    use crate::access::Policy::{Admin, Member};
    use crate::routes::Body::{Form, Upload};
    // Who sees which unit, imports which school or reads which student is decided per request by
    // junheng_app::exams::who (refused with 403), so the reading routes admit every member.
    vec![
        get("/exams", Member, list::page),
        post("/exams", Admin, Form, list::create),
        post("/exams/naeq", Admin, Form, naeq::naeq),
        get("/exams/va", Member, va::page),
        get("/exams/bands", Member, bands::page),
        get("/exams/bands.json", Member, bands::json),
        get("/exams/bands.xlsx", Member, bands::workbook),
        post("/exams/bands/raise", Admin, Form, bands::raise_tasks),
        get("/exams/{id}", Member, report::page),
        get("/exams/{id}/report.json", Member, report::json),
        get("/exams/{id}/report.xlsx", Member, workbook::workbook),
        get("/exams/{id}/template.xlsx", Member, files::template),
        post("/exams/{id}/import", Member, Upload, files::import),
        post("/exams/{id}/withdraw", Member, Form, files::withdraw),
        get("/exams/{id}/card/{student}", Member, card::page),
        get("/api/v1/exams", Member, list::api),
        get("/api/v1/exams/bands", Member, bands::json),
        get("/api/v1/exams/{id}", Member, report::json),
    ]
}

/// Whether `user` sees anything of exams (the navigation's entry).
pub(crate) fn sees_any(user: &User) -> bool {
    sight(&Caller::User(user)) != Sight::Nothing
}

/// The caller of the use-case layer.
fn caller(viewer: &Viewer) -> Caller<'_> {
    Caller::User(&viewer.user)
}

/// What `viewer` sees of exam results.
fn sight_of(viewer: &Viewer) -> Sight {
    sight(&caller(viewer))
}

/// A refusal of the use-case layer as the server says it.
fn refusal(e: Refused) -> AppError {
    crate::students::refusal(e)
}

/// The smallest cell shown (`[students].min_cell`).
fn min_cell(state: &AppState) -> u32 {
    u32::try_from(state.config.students.min_cell).unwrap_or(u32::MAX)
}

/// An exam of the district; any other id is not found.
async fn exam_of(here: &Here, id: i64) -> Result<ExamInfo, AppError> {
    match here.store.exam(id).await {
        Ok(e) => Ok(e),
        Err(StoreError::NotFound(_)) => {
            Err(AppError::not_found(crate::msg!("exams-no-exam", n = id)))
        }
        Err(e) => Err(e.into()),
    }
}

/// A share as pages show it: per cent with one decimal, or `—`.
fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}", v * 100.0))
}

/// A number with `d` decimals, or `—`.
fn num(v: Option<f64>, d: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.d$}"))
}

/// The catalogue key of a kind.
fn kind_key(k: ExamKind) -> &'static str {
    match k {
        ExamKind::Final => "exams-kind-final",
        ExamKind::Unified => "exams-kind-unified",
        ExamKind::Joint => "exams-kind-joint",
        ExamKind::Monitoring => "exams-kind-monitoring",
    }
}

/// The catalogue key of a scope.
fn scope_key(s: ExamScope) -> &'static str {
    match s {
        ExamScope::School => "exams-scope-school",
        ExamScope::District => "exams-scope-district",
        ExamScope::Joint => "exams-scope-joint",
        ExamScope::City => "exams-scope-city",
    }
}

/// The catalogue key of a unit's level.
pub(super) fn level_key(l: UnitLevel) -> &'static str {
    match l {
        UnitLevel::Class => "exams-level-class",
        UnitLevel::Teacher => "exams-level-teacher",
        UnitLevel::School => "exams-level-school",
        UnitLevel::Area => "exams-level-area",
        UnitLevel::Group => "exams-level-group",
        UnitLevel::District => "exams-level-district",
        UnitLevel::All => "exams-level-all",
    }
}

/// The catalogue key of a value-added band.
fn band_key(b: VaBand) -> &'static str {
    match b {
        VaBand::Above => "exams-band-above",
        VaBand::Level => "exams-band-level",
        VaBand::Below => "exams-band-below",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Each key says in Chinese what the engine's and the store's labels say.
    #[test]
    fn keys_say_what_the_labels_say() {
        for k in ExamKind::ALL {
            assert_eq!(Lang::Zh.t(kind_key(k)), k.label());
        }
        for s in ExamScope::ALL {
            assert_eq!(Lang::Zh.t(scope_key(s)), s.label());
        }
        for b in [VaBand::Above, VaBand::Level, VaBand::Below] {
            assert_eq!(Lang::Zh.t(band_key(b)), b.label());
        }
        for l in [
            UnitLevel::Class,
            UnitLevel::Teacher,
            UnitLevel::School,
            UnitLevel::Area,
            UnitLevel::Group,
            UnitLevel::District,
        ] {
            assert_eq!(Lang::Zh.t(level_key(l)), l.label());
        }
    }

    /// Every key this module names as a literal has a text in both languages.
    #[test]
    fn every_key_named_here_exists() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("list.rs"),
            include_str!("naeq.rs"),
            include_str!("workbook.rs"),
            include_str!("report.rs"),
            include_str!("files.rs"),
            include_str!("va.rs"),
            include_str!("bands/mod.rs"),
            include_str!("bands/raise.rs"),
            include_str!("bands/workbook.rs"),
            include_str!("card.rs"),
            include_str!("charts.rs"),
        ];
        let checked = crate::i18n::assert_named_keys_exist("exams-", &sources);
        assert!(checked > 40, "{checked}");
    }

    #[test]
    fn numbers_are_shown_rounded() {
        assert_eq!(pct(Some(0.9644)), "96.4");
        assert_eq!(pct(None), "—");
        assert_eq!(num(Some(1.23456), 2), "1.23");
    }
}
