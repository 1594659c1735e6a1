//! The sample URLs of every route: one naming the caller's own data and, where a route shows
//! school-level data, one naming another scope's.

use super::*;

/// The URLs a route is swept with. Panics for a route the sweep does not know.
pub(super) fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
    let own = |u: String| vec![(u, Param::Own)];
    let both = |own: String, foreign: String| vec![(own, Param::Own), (foreign, Param::Foreign)];
    let (g, og) = (enc(&f.group), enc(&f.other_group));
    let (s, os) = (&f.school, &f.other_school);
    match (route.method, route.path) {
        ("GET", "/") => own("/".into()),
        ("GET", "/login") => own("/login?next=/dashboard".into()),
        ("POST", "/login") => own("/login".into()),
        // Without an identity service configured, both answer 404 to everyone.
        ("GET", "/login/sso") => own("/login/sso?next=/dashboard".into()),
        ("GET", "/login/sso/callback") => own("/login/sso/callback?code=x&state=y".into()),
        ("POST", "/logout") => own("/logout".into()),
        ("GET", "/lang") => own("/lang?to=en&next=/login".into()),
        ("GET", "/static/app.css") => own("/static/app.css".into()),
        ("GET", "/healthz") => own("/healthz".into()),
        ("GET", "/metrics") => own("/metrics".into()),
        ("GET", "/public") => own("/public".into()),
        ("GET", "/account") => own("/account".into()),
        ("POST", "/account/password") => own("/account/password".into()),
        ("GET", "/dashboard") => own(format!("/dashboard?year={YEAR}")),
        ("GET", "/schools") => own("/schools".into()),
        ("GET", "/schools/{code}") => both(format!("/schools/{s}"), format!("/schools/{os}")),
        ("GET", "/indicators/{section}/{id}") => {
            own("/indicators/primary/backbone_teachers_per_100".into())
        }
        ("GET", "/groups") => own("/groups".into()),
        ("GET", "/groups/{name}") => both(format!("/groups/{g}"), format!("/groups/{og}")),
        // Groups as first-class records, coverage (issue 12).
        ("POST", "/groups") => own("/groups".into()),
        ("POST", "/groups/import") => own("/groups/import".into()),
        ("GET", "/groups/template.xlsx") => own("/groups/template.xlsx".into()),
        ("POST", "/groups/{name}/members") => own(format!("/groups/{g}/members")),
        ("POST", "/groups/{name}/members/leave") => own(format!("/groups/{g}/members/leave")),
        ("GET", "/coverage") => own(format!("/coverage?year={YEAR}")),
        ("GET", "/zones") => own(format!("/zones?year={YEAR}")),
        ("GET", "/zones/{name}") => own(format!("/zones/{}?year={YEAR}", enc(&f.zone))),
        ("POST", "/zones") => own("/zones".into()),
        ("GET", "/api/v1/coverage") => own(format!("/api/v1/coverage?year={YEAR}")),
        ("GET", "/api/v1/groups") => own(format!("/api/v1/groups?year={YEAR}")),
        ("GET", "/api/v1/groups/{name}") => both(
            format!("/api/v1/groups/{g}?year={YEAR}"),
            format!("/api/v1/groups/{og}?year={YEAR}"),
        ),
        ("GET", "/map") => own("/map".into()),
        ("POST", "/map/boundary") => own("/map/boundary".into()),
        ("GET", "/rotation") => {
            let mut v = both(
                format!("/rotation?year={YEAR}&school={s}"),
                format!("/rotation?year={YEAR}&school={os}"),
            );
            v.push((format!("/rotation?year={YEAR}"), Param::Own));
            v
        }
        ("GET", "/rotation/effect") => own(format!("/rotation/effect?year={YEAR}")),
        ("GET", "/rotation/template/roster.xlsx") => own("/rotation/template/roster.xlsx".into()),
        ("GET", "/rotation/template/ledger.xlsx") => own("/rotation/template/ledger.xlsx".into()),
        ("GET", "/rotation/{file}") => own(format!("/rotation/{YEAR}.xlsx")),
        ("POST", "/rotation/roster") => own("/rotation/roster".into()),
        ("POST", "/rotation/ledger") => own("/rotation/ledger".into()),
        ("POST", "/rotation/confirm") => own("/rotation/confirm".into()),
        ("POST", "/rotation/moves") => own("/rotation/moves".into()),
        ("POST", "/rotation/moves/{id}/cancel") => {
            own(format!("/rotation/moves/{}/cancel", f.move_id))
        }
        ("GET", "/plan") => both(
            format!("/plan?year={YEAR}&group={g}"),
            format!("/plan?year={YEAR}&group={og}"),
        ),
        ("GET", "/plan.xlsx") => both(
            format!("/plan.xlsx?year={YEAR}&group={g}"),
            format!("/plan.xlsx?year={YEAR}&group={og}"),
        ),
        ("GET", "/plan.json") => {
            let mut v = both(
                format!("/plan.json?year={YEAR}&group={g}"),
                format!("/plan.json?year={YEAR}&group={og}"),
            );
            // Without a group: the district's plan for district users, the own group's for a
            // group lead (defect 1: its effect listed every unit of the district).
            v.push((format!("/plan.json?year={YEAR}"), Param::Own));
            v
        }
        ("POST", "/plan/accept") => own("/plan/accept".into()),
        ("GET", "/report") => own("/report".into()),
        ("GET", "/report.xlsx") => own("/report.xlsx".into()),
        ("GET", "/audit") => own("/audit".into()),
        ("GET", "/import") => own("/import".into()),
        ("POST", "/import") => own("/import".into()),
        ("POST", "/import/confirm") => own("/import/confirm".into()),
        ("GET", "/users") => own("/users".into()),
        ("POST", "/users") => own("/users".into()),
        ("POST", "/users/{id}/active") => own(format!("/users/{}/active", f.user_id)),
        ("POST", "/users/{id}/password") => own(format!("/users/{}/password", f.spare_id)),
        ("POST", "/users/{id}/confirm") => own(format!("/users/{}/confirm", f.user_id)),
        ("POST", "/users/tokens/{id}/revoke") => own("/users/tokens/999999/revoke".into()),
        ("GET", "/users/bulk") => own("/users/bulk".into()),
        ("POST", "/users/bulk") => own("/users/bulk".into()),
        ("POST", "/users/bulk/confirm") => own("/users/bulk/confirm".into()),
        ("GET", "/users/{id}") => own(format!("/users/{}", f.user_id)),
        ("POST", "/users/{id}") => own(format!("/users/{}", f.user_id)),
        ("POST", "/users/{id}/unlock") => own(format!("/users/{}/unlock", f.spare_id)),
        ("GET", "/inbox") => own("/inbox".into()),
        ("GET", "/submit") => own("/submit".into()),
        ("POST", "/submit") => own("/submit".into()),
        ("GET", "/submissions") => own("/submissions".into()),
        ("POST", "/submissions/{id}") => own(format!("/submissions/{}", f.submission)),
        ("GET", "/submit/template.xlsx") => own("/submit/template.xlsx".into()),
        ("GET", "/submissions/progress") => own(format!("/submissions/progress?year={YEAR}")),
        ("GET", "/submissions/progress.xlsx") => own(format!(
            "/submissions/progress.xlsx?year={YEAR}&stage=pending"
        )),
        ("GET", "/lottery") => own("/lottery".into()),
        ("POST", "/lottery") => own("/lottery".into()),
        ("GET", "/lottery/{id}") => own(format!("/lottery/{}", f.lottery)),
        ("POST", "/lottery/{id}/draw") => own(format!("/lottery/{}/draw", f.lottery)),
        ("GET", "/lottery/{id}/record") => own(format!("/lottery/{}/record", f.lottery)),
        ("GET", "/lottery/{id}/pack.json") => own(format!("/lottery/{}/pack.json", f.lottery)),
        ("GET" | "POST", "/lottery/{id}/lookup") => own(format!("/lottery/{}/lookup", f.lottery)),
        ("POST", "/lottery/build") => own("/lottery/build".into()),
        ("POST", "/lottery/{id}/receipts") => own(format!("/lottery/{}/receipts", f.lottery)),
        ("GET", "/city") => own(format!("/city?year={YEAR}&sort=failing&desc=1")),
        ("GET", "/city.xlsx") => own(format!("/city.xlsx?year={YEAR}")),
        ("GET", "/city/enter") => own("/city/enter?district=500112".into()),
        ("GET", "/city/phases") => own("/city/phases".into()),
        ("POST", "/city/phases/target") => own("/city/phases/target".into()),
        ("POST", "/city/phases/step") => own("/city/phases/step".into()),
        ("GET", "/api/v1/city") => own(format!("/api/v1/city?year={YEAR}")),
        ("GET", "/city/packages") => own("/city/packages".into()),
        ("GET", "/city/packages.xlsx") => own("/city/packages.xlsx".into()),
        ("POST", "/city/packages") => own("/city/packages".into()),
        ("GET", "/api/v1/openapi.json") => own("/api/v1/openapi.json".into()),
        ("GET", "/api/v1/years") => own("/api/v1/years".into()),
        ("GET", "/api/v1/evaluation") => own(format!("/api/v1/evaluation?year={YEAR}")),
        ("GET", "/api/v1/schools/{code}") => both(
            format!("/api/v1/schools/{s}"),
            format!("/api/v1/schools/{os}"),
        ),
        ("GET", "/api/v1/rotation/{year}") => own(format!("/api/v1/rotation/{YEAR}")),
        // Versions and ledger batches (issue 11).
        ("GET", "/versions/{what}") => own(format!("/versions/statistics?year={YEAR}")),
        ("POST", "/versions/{what}/restore") => own("/versions/roster/restore".into()),
        ("POST", "/rotation/batches/{id}/cancel") => {
            own(format!("/rotation/batches/{}/cancel", f.move_id))
        }
        // 佐证材料: a record's documents, and every document the caller may read.
        ("GET", "/evidence") => {
            let mut v = both(
                format!("/evidence?kind=school&key={s}"),
                format!("/evidence?kind=school&key={os}"),
            );
            v.push(("/evidence".into(), Param::Own));
            v
        }
        ("POST", "/evidence") => own("/evidence".into()),
        // 结对帮扶 and 三个课堂 (issue 12).
        ("GET", "/pairings") => own("/pairings".into()),
        ("POST", "/pairings") => own("/pairings".into()),
        ("GET", "/pairings/{id}") => both(
            format!("/pairings/{}", f.pairing),
            format!("/pairings/{}", f.foreign_pairing),
        ),
        ("POST", "/pairings/{id}/activities") => own(format!("/pairings/{}/activities", f.pairing)),
        ("POST", "/pairings/{id}/end") => own(format!("/pairings/{}/end", f.pairing)),
        ("GET", "/api/v1/pairings") => own("/api/v1/pairings".into()),
        ("GET", "/classroom") => own(format!("/classroom?year={YEAR}&schools=all")),
        ("POST", "/classroom/sessions") => own("/classroom/sessions".into()),
        ("POST", "/classroom/import") => own("/classroom/import".into()),
        ("GET", "/classroom/template.xlsx") => own("/classroom/template.xlsx".into()),
        ("GET", "/api/v1/classroom") => own(format!("/api/v1/classroom?year={YEAR}&schools=all")),
        // 校长、副校长任职 (issue 17).
        ("GET", "/teachers/leaders") => vec![
            (format!("/teachers/leaders?year={YEAR}"), Param::Own),
            (
                format!("/teachers/leaders?year={YEAR}&format=xlsx"),
                Param::Own,
            ),
        ],
        ("POST", "/teachers/leaders/import") | ("POST", "/teachers/leaders/withdraw") => {
            own(route.path.into())
        }
        ("GET", "/teachers/leaders/template.xlsx") => own(route.path.into()),
        ("GET", "/api/v1/teachers/leaders") => own(format!("/api/v1/teachers/leaders?year={YEAR}")),
        // 资格证, 编制 and 岗位, pay (issue 17).
        ("GET", "/teachers/posts") => vec![
            (format!("/teachers/posts?year={YEAR}"), Param::Own),
            (
                format!("/teachers/posts?year={YEAR}&format=xlsx"),
                Param::Own,
            ),
        ],
        ("POST", "/teachers/posts/moves/{id}/cancel") => {
            own("/teachers/posts/moves/1/cancel".into())
        }
        ("POST", p) | ("GET", p) if p.starts_with("/teachers/posts/") => own(p.into()),
        ("GET", "/api/v1/teachers/posts") => own(format!("/api/v1/teachers/posts?year={YEAR}")),
        // 学位 (issue 16).
        ("GET", "/seats") => own(format!("/seats?year={YEAR}")),
        ("POST", "/seats/classes/import") => own("/seats/classes/import".into()),
        ("POST", "/seats/classes/withdraw") => own("/seats/classes/withdraw".into()),
        ("GET", "/seats/classes/template.xlsx") => own("/seats/classes/template.xlsx".into()),
        ("GET", "/api/v1/seats/sizes") => own(format!("/api/v1/seats/sizes?year={YEAR}")),
        ("GET", "/seats/zoning") => own(format!("/seats/zoning?year={YEAR}")),
        ("POST", "/seats/zoning/import") => own("/seats/zoning/import".into()),
        ("POST", "/seats/zoning/withdraw") => own("/seats/zoning/withdraw".into()),
        ("GET", "/seats/zoning/template.xlsx") => {
            own("/seats/zoning/template.xlsx?kind=catchments".into())
        }
        ("GET", "/api/v1/seats/zoning") => own(format!("/api/v1/seats/zoning?year={YEAR}")),
        ("GET", "/evidence/{id}") => both(
            format!("/evidence/{}", f.evidence),
            format!("/evidence/{}", f.foreign_evidence),
        ),
        // Tasks: the school's own task, and another school's.
        ("GET", "/tasks") => own("/tasks".into()),
        ("GET", "/tasks/new") => own(format!(
            "/tasks/new?source_kind=gap&source_key={}&owner_kind=school&owner_key={s}",
            enc(&format!("{s}/{TASK_INDICATOR}"))
        )),
        ("POST", "/tasks") => own("/tasks".into()),
        ("GET", "/tasks/{id}") => both(
            format!("/tasks/{}", f.task),
            format!("/tasks/{}", f.foreign_task),
        ),
        ("POST", "/tasks/{id}/status") => own(format!("/tasks/{}/status", f.task)),
        ("GET", "/api/v1/tasks") => own("/api/v1/tasks".into()),
        // 责任督学: a visit to the school user's school, and one to another school.
        ("GET", "/supervision") => own("/supervision".into()),
        ("POST", "/supervision/assignments") => own("/supervision/assignments".into()),
        ("POST", "/supervision/assignments/{id}/end") => {
            own(format!("/supervision/assignments/{}/end", f.assignment))
        }
        ("POST", "/supervision/visits") => own("/supervision/visits".into()),
        ("GET", "/supervision/visits/{id}") => both(
            format!("/supervision/visits/{}", f.visit),
            format!("/supervision/visits/{}", f.foreign_visit),
        ),
        ("POST", "/supervision/visits/{id}/tasks") => {
            own(format!("/supervision/visits/{}/tasks", f.visit))
        }
        ("GET", "/supervision/findings/{id}") => both(
            format!("/supervision/findings/{}", f.finding),
            format!("/supervision/findings/{}", f.foreign_finding),
        ),
        ("GET", "/api/v1/supervision/visits") => own("/api/v1/supervision/visits".into()),
        // 年度综合考核: the list and API of the year, a school's sheet and another's.
        ("GET", "/reviews") => own(format!("/reviews?year={YEAR}")),
        ("POST", "/reviews/finalise") => own("/reviews/finalise".into()),
        ("GET", "/reviews/{kind}/{key}") => both(
            format!("/reviews/school/{s}?year={YEAR}"),
            format!("/reviews/school/{os}?year={YEAR}"),
        ),
        ("POST", "/reviews/{kind}/{key}/scores") => own(format!("/reviews/school/{s}/scores")),
        ("GET", "/api/v1/reviews") => own(format!("/api/v1/reviews?year={YEAR}")),
        // Students (issue 13): the registry and rates; 控辍保学.
        (_, p) if p.starts_with("/students/cases") || p.starts_with("/students/dropout") => {
            super::samples_dropout::samples(route, f)
        }
        (_, p) if p.starts_with("/students") || p.starts_with("/api/v1/students") => {
            super::samples_students::samples(route, f)
        }
        // 质量监测 (issue 15).
        (_, p) if p.starts_with("/exams") || p.starts_with("/api/v1/exams") => {
            super::samples_exams::samples(route, f)
        }
        // 继续教育 (issue 17).
        (_, p)
            if p.starts_with("/teachers/training")
                || p.starts_with("/api/v1/teachers/training") =>
        {
            super::samples_teachers_training::samples(route, f)
        }
        // 一校一案 (issue 16).
        (_, p) if p.starts_with("/seats/projects") || p.starts_with("/api/v1/seats/projects") => {
            super::samples_seats::samples(route, f)
        }
        // 学位预测 (issue 16).
        (_, p)
            if ["/teachers/studios", "/teachers/mentors"]
                .iter()
                .any(|t| p.starts_with(t) || p.starts_with(&format!("/api/v1{t}"))) =>
        {
            super::samples_teachers_studios::samples(route, f)
        }
        (_, p) if p.starts_with("/seats/forecast") || p.starts_with("/api/v1/seats/forecast") => {
            super::samples_forecast::samples(route, f)
        }
        // 社会认可度自测 (issue 19).
        (_, p) if super::samples_survey::owns(p) => super::samples_survey::samples(route, f),
        // 督导评估 (issue 19).
        (_, p) if super::samples_board::owns(p) => super::samples_board::samples(route, f),
        (_, p) if super::samples_inspection::owns(p) => {
            super::samples_inspection::samples(route, f)
        }
        // 劳动清单, the class page, parent links, the passport, the review (issue 18).
        (_, p) if super::samples_labour::owns(p) => super::samples_labour::samples(route, f),
        // 骨干梯队, honours and 师德, a teacher's record (issue 17).
        (_, p) if p.starts_with("/teachers") || p.starts_with("/api/v1/teachers") => {
            super::samples_teachers_honours::samples(route, f)
        }
        // 劳动基地与联盟, 五育 (issue 18).
        (_, p)
            if ["/labour/", "/five", "/api/v1/labour/", "/api/v1/five"]
                .iter()
                .any(|t| p.starts_with(t)) =>
        {
            super::samples_five::samples(route, f)
        }
        // Student health (issue 14).
        (_, p) if p.starts_with("/health/") || p == "/health" => {
            super::samples_health::samples(route, f)
        }
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep.rs): add one, with \
             an own and a foreign parameter if it shows school-level data"
        ),
    }
}
