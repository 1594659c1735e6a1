//! The sample URLs of the 督导评估 (issue 19): the overview, its JSON and workbook, an item's page,
//! the 创建路径 and its JSON for the district's readers; statements, figures, 自评 and 撤回 as
//! incomplete forms (400 or 404 before anything is written).

use super::*;

/// Whether the sweep's path belongs to the inspection's samples.
pub(super) fn owns(path: &str) -> bool {
    path.starts_with("/inspection") || path.starts_with("/api/v1/inspection")
}

/// The URLs a route is swept with.
pub(super) fn samples(route: &RouteInfo, _f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    match (route.method, route.path) {
        ("GET", "/inspection") => vec![
            (format!("/inspection?year={YEAR}"), Param::Own),
            (
                format!("/inspection?year={YEAR}&rulebook=cn-2012"),
                Param::Own,
            ),
        ],
        ("GET", "/api/v1/inspection") => own(format!("/api/v1/inspection?year={YEAR}")),
        ("GET", "/inspection.xlsx") => own(format!("/inspection.xlsx?year={YEAR}")),
        ("GET", "/inspection/items/{item}") => vec![
            (
                format!("/inspection/items/class_size?year={YEAR}"),
                Param::Own,
            ),
            (
                format!("/inspection/items/four_unified?year={YEAR}"),
                Param::Own,
            ),
        ],
        ("POST", "/inspection/items/{item}/attest") => {
            own("/inspection/items/class_size/attest".into())
        }
        ("POST", "/inspection/statements/{id}/withdraw") => {
            own("/inspection/statements/999999/withdraw".into())
        }
        ("POST", "/inspection/inputs") => own("/inspection/inputs".into()),
        ("POST", "/inspection/inputs/{id}/withdraw") => {
            own("/inspection/inputs/999999/withdraw".into())
        }
        ("GET", "/inspection/path") => vec![
            ("/inspection/path".into(), Param::Own),
            (format!("/inspection/path?year={YEAR}"), Param::Own),
        ],
        ("GET", "/api/v1/inspection/path") => own(format!("/api/v1/inspection/path?year={YEAR}")),
        ("POST", "/inspection/path/self-assessment") => own(route.path.into()),
        ("GET", "/inspection/report") => own(format!("/inspection/report?year={YEAR}")),
        ("GET", "/inspection/report.docx") => own(format!("/inspection/report.docx?year={YEAR}")),
        ("GET", "/inspection/report/template.docx") => own(route.path.into()),
        ("POST", p) if p.starts_with("/inspection/report/template") => own(p.into()),
        (m, p) => panic!("route {m} {p} has no sample in samples_inspection.rs"),
    }
}
