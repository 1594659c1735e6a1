//! The sample URLs of the 质量监测 routes (issue 15): the exams, an exam's report with its data
//! and workbook (whole and narrowed to a school), value added, the 三线 board with its data,
//! workbook and raise, the template, imports, withdrawals and a 成绩单; the API's list, report and
//! board.
//!
//! The fixture's exams have no files. Nobody of the sweep reads a 成绩单 (the school's own
//! student is tried in `tests/it/exams/`): the sweep's district has no registry, so every card is
//! refused alike. Value added is about units: 市级 and 省级 users see the district's aggregates
//! only and are refused it. The 三线 board compares schools: only the district's administrators
//! and 督学 see it (its samples name the exams: another district's administrator is refused them
//! as exams their district does not have); raising without exams is an incomplete form (400).

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    let (e, l) = (f.exam, f.later_exam);
    let (s, os) = (&f.school, &f.other_school);
    match (route.method, route.path) {
        ("GET", "/exams") => vec![
            ("/exams".into(), Param::Own),
            (format!("/exams?school={s}"), Param::Own),
            ("/exams?format=xlsx".into(), Param::Own),
        ],
        // Incomplete forms: 400 before anything is looked up.
        ("POST", "/exams") | ("POST", "/exams/naeq") => own(route.path.into()),
        ("GET", "/exams/va") => vec![
            (format!("/exams/va?from={e}&to={l}"), Param::Own),
            (format!("/exams/va?from={e}&to={l}&format=xlsx"), Param::Own),
        ],
        ("GET", "/exams/bands") => own(format!("/exams/bands?exam={e}&exam={l}")),
        ("GET", "/exams/bands.json") => own(format!("/exams/bands.json?exam={e}&exam={l}")),
        ("GET", "/exams/bands.xlsx") => own(format!("/exams/bands.xlsx?exam={l}")),
        ("POST", "/exams/bands/raise") => own(route.path.into()),
        ("GET", "/exams/{id}") => vec![
            (format!("/exams/{e}"), Param::Own),
            (format!("/exams/{e}?school={s}"), Param::Own),
            (format!("/exams/{e}?school={os}"), Param::Foreign),
        ],
        ("GET", "/exams/{id}/report.json") => own(format!("/exams/{e}/report.json")),
        ("GET", "/exams/{id}/report.xlsx") => own(format!("/exams/{e}/report.xlsx")),
        ("GET", "/exams/{id}/template.xlsx") => own(format!("/exams/{e}/template.xlsx")),
        ("POST", "/exams/{id}/import") => own(format!("/exams/{e}/import")),
        ("POST", "/exams/{id}/withdraw") => own(format!("/exams/{e}/withdraw")),
        ("GET", "/exams/{id}/card/{student}") => own(format!("/exams/{e}/card/1")),
        // The API: the same handlers as the pages' data.
        ("GET", "/api/v1/exams") => own(route.path.into()),
        ("GET", "/api/v1/exams/{id}") => vec![
            (format!("/api/v1/exams/{e}"), Param::Own),
            (format!("/api/v1/exams/{e}?school={os}"), Param::Foreign),
        ],
        ("GET", "/api/v1/exams/bands") => own(format!("/api/v1/exams/bands?exam={e}&exam={l}")),
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep/samples_exams.rs)"
        ),
    }
}

/// Whether `who` sees what an exam route shows (`junheng_app::exams::who`): everyone of the sweep
/// sees some exam figure; 市级 and 省级 users no value added; nobody a 成绩单; the 三线 board only
/// the district's administrators and 督学.
pub(super) fn sees(route: &RouteInfo, who: Who) -> bool {
    match route.path {
        "/exams/{id}/card/{student}" => false,
        // Another district's admin asks for exams their district does not have: refused alike.
        "/exams/va" => !matches!(who, Who::City | Who::Province | Who::OtherAdmin),
        "/exams/bands" | "/exams/bands.json" | "/exams/bands.xlsx" | "/api/v1/exams/bands" => {
            matches!(who, Who::Admin | Who::Supervisor)
        }
        _ => true,
    }
}
