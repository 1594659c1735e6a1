//! The sample URLs of the student routes of 控辍保学: the watch list, the ledgers, cases, absences and events, 四查三比对, reports (issue 13).
//!
//! None of the sweep's callers keeps cases or sees children's names (those are the 关爱专干, the
//! 心理教师 and the 控辍保学专干, tried in `tests/it/dropout.rs`): the pages answer them with
//! counts (suppressed), or with nothing for roles that see no student data; a case, and a
//! school's monthly report, are refused to every one of them, so those are sampled as another
//! scope's (the fixture has no case: an id the district does not know gets the same 403).

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: &str| vec![(u.to_owned(), Param::Own)];
    let os = &f.other_school;
    let with_foreign = |urls: &[&str], path: &str| {
        let mut v: Vec<(String, Param)> =
            urls.iter().map(|u| ((*u).to_owned(), Param::Own)).collect();
        v.push((format!("{path}?school={os}"), Param::Foreign));
        v
    };
    match (route.method, route.path) {
        ("GET", "/students/dropout") => with_foreign(
            &[
                "/students/dropout",
                "/students/dropout?state=suspected&level=priority&sort=score&desc=1",
                "/students/dropout?format=xlsx",
                "/students/dropout?student=1&grade=3",
            ],
            "/students/dropout",
        ),
        ("GET", "/students/dropout/summary.json") => with_foreign(
            &["/students/dropout/summary.json"],
            "/students/dropout/summary.json",
        ),
        ("GET", "/students/dropout/ledgers/{ledger}") => {
            let mut v = Vec::new();
            for ledger in ["school_age", "suspected", "dropout"] {
                let path = format!("/students/dropout/ledgers/{ledger}");
                v.extend(with_foreign(
                    &[path.as_str(), format!("{path}?format=xlsx").as_str()],
                    &path,
                ));
            }
            v.push((
                format!("/students/dropout/ledgers/school_age?year={YEAR}"),
                Param::Own,
            ));
            v
        }
        // Nobody of the sweep sees a case: refused to the scoped callers (another district's
        // admin: as unknown).
        ("GET", "/students/cases/{id}") => vec![("/students/cases/1".into(), Param::Foreign)],
        // Incomplete forms: 400 before anything is looked up (the refusals of complete ones are
        // tried in tests/it/dropout.rs).
        ("POST", "/students/cases/{id}/act") => own("/students/cases/1/act"),
        ("POST", "/students/cases/{id}/plan") => own("/students/cases/1/plan"),
        ("POST", "/students/cases/{id}/attempt") => own("/students/cases/1/attempt"),
        ("POST", "/students/dropout/absence") => own("/students/dropout/absence"),
        ("POST", "/students/dropout/events") => own("/students/dropout/events"),
        ("POST", "/students/dropout/transfers/{event}/confirm") => {
            own("/students/dropout/transfers/1/confirm")
        }
        ("POST", "/students/dropout/compare") => own("/students/dropout/compare"),
        ("GET", "/students/dropout/lists/template.xlsx") => {
            own("/students/dropout/lists/template.xlsx")
        }
        // Only those who keep the school's cases: refused to the scoped callers; another
        // district's admin is told the school is unknown.
        ("GET", "/students/dropout/reports/monthly.xlsx") => vec![(
            format!("/students/dropout/reports/monthly.xlsx?school={os}&month=2024-11"),
            Param::Foreign,
        )],
        // Only the district's 控辍保学专干, who is not among the sweep's callers: refused to
        // every one of them (`samples_students::sees`); the officer's workbook is tried in
        // tests/it/dropout.rs.
        ("GET", "/students/dropout/reports/quarterly.xlsx") => own(&format!(
            "/students/dropout/reports/quarterly.xlsx?year={YEAR}&q=4"
        )),
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep/samples_dropout.rs)"
        ),
    }
}
