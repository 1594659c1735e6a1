//! Every route of the server, with its [`Policy`] and body limit, listed once. The router is built
//! from this table, and [`routes`] hands the same table to the route sweep test: a route added
//! without a policy cannot be written, and a route the sweep does not know fails it.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::middleware::from_fn_with_state;
use axum::routing::{MethodRouter, get as get_route, post as post_route};

use crate::access::{FORM_LIMIT, Policy, guard};
use crate::state::AppState;
use crate::{
    account, api, audit, auth, city, dashboard, groups, i18n, import, inbox, indicators, lottery,
    map, ops, packages, pages, plan, report, rotation, schools, sso, submissions, users, zones,
};

/// What a route's body may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body (GET).
    None,
    /// A URL-encoded form (at most 64 KiB).
    Form,
    /// A multipart upload (at most the configured upload size).
    Upload,
}

/// One route as the sweep test sees it.
#[derive(Debug, Clone, Copy)]
pub struct RouteInfo {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path pattern, e.g. `/schools/{code}`.
    pub path: &'static str,
    /// Who may call it.
    pub policy: Policy,
    /// What its body may be.
    pub body: Body,
}

pub(crate) struct Entry {
    info: RouteInfo,
    router: MethodRouter<AppState>,
}

pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    policy: Policy,
    h: H,
) -> Entry {
    Entry {
        info: RouteInfo {
            method: "GET",
            path,
            policy,
            body: Body::None,
        },
        router: get_route(h),
    }
}

pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    policy: Policy,
    body: Body,
    h: H,
) -> Entry {
    Entry {
        info: RouteInfo {
            method: "POST",
            path,
            policy,
            body,
        },
        router: post_route(h),
    }
}

/// The table.
fn entries() -> Vec<Entry> {
    use Body::{Form, Upload};
    use Policy::*;
    let mut all = vec![
        get("/", Public, pages::home),
        get("/login", Public, auth::login_page),
        post("/login", Public, Form, auth::login),
        // The identity service (统一身份认证); the callback is a GET from the provider, protected
        // by `state` and PKCE instead of a form token.
        get("/login/sso", Public, sso::start),
        get("/login/sso/callback", Public, sso::callback),
        post("/logout", Member, Form, auth::logout),
        get("/lang", Public, i18n::switch),
        get("/static/app.css", Public, pages::stylesheet),
        get("/healthz", Public, ops::healthz),
        get("/metrics", Operator, ops::metrics),
        get("/public", Public, dashboard::public),
        get("/account", Member, account::page),
        post("/account/password", Member, Form, account::change_password),
        get("/dashboard", Member, dashboard::page),
        get("/schools", Member, schools::list),
        get("/schools/{code}", Member, schools::page),
        get("/indicators/{section}/{id}", Member, indicators::page),
        get("/groups", Member, groups::list),
        get("/groups/{name}", Member, groups::page),
        // Groups as first-class records, coverage (issue 12).
        post("/groups", Admin, Form, groups::save),
        post("/groups/import", Admin, Upload, groups::import),
        get("/groups/template.xlsx", Admin, groups::template),
        post("/groups/{name}/members", Admin, Form, groups::join),
        post("/groups/{name}/members/leave", Admin, Form, groups::leave),
        get("/coverage", DistrictReader, groups::coverage),
        get("/zones", Member, zones::list),
        get("/zones/{name}", Member, zones::page),
        post("/zones", Admin, Form, zones::save),
        get("/api/v1/coverage", DistrictReader, groups::coverage_json),
        get("/api/v1/groups", Member, groups::api_list),
        get("/api/v1/groups/{name}", Member, groups::api_group),
        get("/map", Member, map::page),
        post("/map/boundary", Admin, Upload, map::upload),
        get("/rotation", Member, rotation::page),
        get("/rotation/effect", Member, rotation::effect_page),
        get(
            "/rotation/template/roster.xlsx",
            Member,
            rotation::roster_template,
        ),
        get(
            "/rotation/template/ledger.xlsx",
            Member,
            rotation::ledger_template,
        ),
        get("/rotation/{file}", Member, rotation::export),
        post("/rotation/roster", Admin, Upload, rotation::preview_roster),
        post("/rotation/ledger", Admin, Upload, rotation::preview_ledger),
        post("/rotation/confirm", Admin, Form, rotation::confirm),
        post("/rotation/moves", Admin, Form, rotation::add_move),
        post(
            "/rotation/moves/{id}/cancel",
            Admin,
            Form,
            rotation::cancel_move,
        ),
        get("/plan", Planner, plan::page),
        get("/plan.xlsx", Planner, plan::workbook),
        get("/plan.json", Planner, plan::json),
        post("/plan/accept", Admin, Form, plan::accept),
        get("/report", DistrictReader, report::page),
        get("/report.xlsx", DistrictReader, report::workbook),
        get("/audit", DistrictReader, audit::page),
        get("/import", Admin, import::page),
        post("/import", Admin, Upload, import::preview),
        post("/import/confirm", Admin, Form, import::confirm),
        get("/users", Admin, users::page),
        post("/users", Admin, Form, users::create),
        post("/users/{id}/active", Admin, Form, users::set_active),
        post("/users/{id}/confirm", Admin, Form, users::confirm),
        post("/users/{id}/password", Admin, Form, users::reset_password),
        post(
            "/users/tokens/{id}/revoke",
            Admin,
            Form,
            users::revoke_token,
        ),
        // Accounts and the inbox (issue 11).
        get("/users/bulk", Admin, users::bulk_page),
        post("/users/bulk", Admin, Form, users::bulk_preview),
        post("/users/bulk/confirm", Admin, Form, users::bulk_confirm),
        get("/users/{id}", Admin, users::user_page),
        post("/users/{id}", Admin, Form, users::edit),
        post("/users/{id}/unlock", Admin, Form, users::unlock),
        get("/inbox", Member, inbox::page),
        get("/submit", SchoolUser, submissions::page),
        post("/submit", SchoolUser, Upload, submissions::submit),
        get("/submissions", Admin, submissions::review),
        post("/submissions/{id}", Admin, Form, submissions::decide),
        get("/submit/template.xlsx", SchoolUser, submissions::template),
        get("/submissions/progress", Admin, submissions::progress),
        get(
            "/submissions/progress.xlsx",
            Admin,
            submissions::progress_workbook,
        ),
        get("/lottery", Admin, lottery::list),
        post("/lottery", Admin, Upload, lottery::create),
        post("/lottery/build", Admin, Upload, lottery::build),
        post("/lottery/{id}/receipts", Admin, Upload, lottery::receipts),
        get("/lottery/{id}", Admin, lottery::ceremony),
        post("/lottery/{id}/draw", Admin, Form, lottery::run),
        get("/lottery/{id}/record", Public, lottery::record),
        get("/lottery/{id}/pack.json", Public, lottery::pack),
        get("/lottery/{id}/lookup", Public, lottery::lookup),
        post("/lottery/{id}/lookup", Public, Form, lottery::lookup_post),
        get("/city", Regional, city::page),
        get("/city.xlsx", Regional, city::workbook),
        get("/city/enter", Regional, city::enter),
        get("/city/phases", Regional, city::phases_page),
        post(
            "/city/phases/target",
            RegionalWriter,
            Form,
            city::set_target,
        ),
        post("/city/phases/step", RegionalWriter, Form, city::record_step),
        get("/city/packages", Receiver, packages::page),
        get("/city/packages.xlsx", Receiver, packages::workbook),
        post("/city/packages", Receiver, Upload, packages::upload),
        get("/api/v1/openapi.json", Public, api::openapi),
        get("/api/v1/years", Member, api::years),
        get("/api/v1/evaluation", DistrictReader, api::evaluation),
        get("/api/v1/schools/{code}", Member, api::school),
        get("/api/v1/rotation/{year}", Member, api::rotation),
        get("/api/v1/city", Regional, city::json),
        // Versions and ledger batches (issue 11: nothing replaced by surprise, undoable writes).
        get("/versions/{what}", Admin, crate::versions::page),
        post(
            "/versions/{what}/restore",
            Admin,
            Form,
            crate::versions::restore,
        ),
        post(
            "/rotation/batches/{id}/cancel",
            Admin,
            Form,
            rotation::cancel_batch,
        ),
        // 佐证材料: documents attached to a record; who may attach or read is decided per record
        // (junheng_app::evidence::access), so the routes admit every member.
        get("/evidence", Member, crate::evidence::list),
        post("/evidence", Member, Upload, crate::evidence::upload),
        get("/evidence/{id}", Member, crate::evidence::download),
        // 结对帮扶 and 三个课堂 (issue 12): who sees which pairing or session is decided per record
        // (junheng_app::pairings::Reach), so the reading routes admit every member.
        get("/pairings", Member, crate::pairings::list),
        post("/pairings", Admin, Form, crate::pairings::add),
        get("/pairings/{id}", Member, crate::pairings::page),
        post(
            "/pairings/{id}/activities",
            Admin,
            Form,
            crate::pairings::activity,
        ),
        post("/pairings/{id}/end", Admin, Form, crate::pairings::end),
        get("/api/v1/pairings", Member, crate::pairings::api_list),
        get("/classroom", Member, crate::pairings::classroom_page),
        post(
            "/classroom/sessions",
            Admin,
            Form,
            crate::pairings::classroom_add,
        ),
        post(
            "/classroom/import",
            Admin,
            Upload,
            crate::pairings::classroom_import,
        ),
        get(
            "/classroom/template.xlsx",
            Admin,
            crate::pairings::classroom_template,
        ),
        get("/api/v1/classroom", Member, crate::pairings::classroom_json),
        // 校长、副校长任职 (issue 17): the term rule over the district's 任职表, per visible school.
        get("/teachers/leaders", Member, crate::teachers::leaders::page),
        post(
            "/teachers/leaders/import",
            Admin,
            Upload,
            crate::teachers::leaders::import,
        ),
        post(
            "/teachers/leaders/withdraw",
            Admin,
            Form,
            crate::teachers::leaders::withdraw,
        ),
        get(
            "/teachers/leaders/template.xlsx",
            Admin,
            crate::teachers::leaders::template,
        ),
        get(
            "/api/v1/teachers/leaders",
            Member,
            crate::teachers::leaders::json,
        ),
        // 资格证, 编制 and 岗位, pay (issue 17): the district all, a school its own.
        get("/teachers/posts", Member, crate::teachers::posts::page),
        post(
            "/teachers/posts/certificates/import",
            Admin,
            Upload,
            crate::teachers::posts::import_certificates,
        ),
        post(
            "/teachers/posts/staffing/import",
            Admin,
            Upload,
            crate::teachers::posts::import_staffing,
        ),
        post(
            "/teachers/posts/withdraw",
            Admin,
            Form,
            crate::teachers::posts::withdraw,
        ),
        post(
            "/teachers/posts/approved",
            Admin,
            Form,
            crate::teachers::posts::approved,
        ),
        post(
            "/teachers/posts/moves",
            Admin,
            Form,
            crate::teachers::posts::record_move,
        ),
        post(
            "/teachers/posts/moves/{id}/cancel",
            Admin,
            Form,
            crate::teachers::posts::cancel_move,
        ),
        post(
            "/teachers/posts/pay",
            Admin,
            Form,
            crate::teachers::posts::pay,
        ),
        get(
            "/teachers/posts/certificates/template.xlsx",
            Admin,
            crate::teachers::posts::template_certificates,
        ),
        get(
            "/teachers/posts/staffing/template.xlsx",
            Admin,
            crate::teachers::posts::template_staffing,
        ),
        get(
            "/api/v1/teachers/posts",
            Member,
            crate::teachers::posts::json,
        ),
        // 学位 (issue 16): every school's sizes, for the district's readers.
        get("/seats", DistrictReader, crate::seats::page),
        post(
            "/seats/classes/import",
            Admin,
            Upload,
            crate::seats::classes_import,
        ),
        post(
            "/seats/classes/withdraw",
            Admin,
            Form,
            crate::seats::classes_withdraw,
        ),
        get(
            "/seats/classes/template.xlsx",
            Admin,
            crate::seats::classes_template,
        ),
        get(
            "/api/v1/seats/sizes",
            DistrictReader,
            crate::seats::sizes_json,
        ),
        get("/seats/zoning", DistrictReader, crate::seats::zoning_page),
        post(
            "/seats/zoning/import",
            Admin,
            Upload,
            crate::seats::zoning_import,
        ),
        post(
            "/seats/zoning/withdraw",
            Admin,
            Form,
            crate::seats::zoning_withdraw,
        ),
        get(
            "/seats/zoning/template.xlsx",
            Admin,
            crate::seats::zoning_template,
        ),
        get(
            "/api/v1/seats/zoning",
            DistrictReader,
            crate::seats::zoning_json,
        ),
        // 年度综合考核 (issue 12): who sees which unit and enters which score is decided per unit
        // (junheng_app::reviews::Standing, may_score); finalising is an administrator's.
        get("/reviews", Member, crate::reviews::list),
        post("/reviews/finalise", Admin, Form, crate::reviews::finalise),
        get("/reviews/{kind}/{key}", Member, crate::reviews::sheet),
        post(
            "/reviews/{kind}/{key}/scores",
            Member,
            Form,
            crate::reviews::score,
        ),
        get("/api/v1/reviews", Member, crate::reviews::api),
        // Tasks (任务: 整改 and whatever else is due by a date): who may see and do what is decided
        // per task (junheng_app::tasks::Who); creating needs a district-wide role.
        get("/tasks", Member, crate::tasks::list),
        get("/tasks/new", DistrictReader, crate::tasks::new_page),
        post("/tasks", DistrictReader, Form, crate::tasks::create),
        get("/tasks/{id}", Member, crate::tasks::page),
        post(
            "/tasks/{id}/status",
            Member,
            Form,
            crate::tasks::change_status,
        ),
        get("/api/v1/tasks", Member, crate::tasks::json),
        // 责任督学: which visits a viewer sees is their scope (junheng_app::supervision::Scope);
        // recording a visit needs a district-wide role, and the use-case refuses city and
        // province users (a complete form first: an incomplete one is a 400).
        get("/supervision", Member, crate::supervision::list),
        post(
            "/supervision/assignments",
            Admin,
            Form,
            crate::supervision::assign,
        ),
        post(
            "/supervision/assignments/{id}/end",
            Admin,
            Form,
            crate::supervision::end,
        ),
        post(
            "/supervision/visits",
            DistrictReader,
            Form,
            crate::supervision::record,
        ),
        get(
            "/supervision/visits/{id}",
            Member,
            crate::supervision::visit,
        ),
        post(
            "/supervision/visits/{id}/tasks",
            Admin,
            Form,
            crate::supervision::complete,
        ),
        get(
            "/supervision/findings/{id}",
            Member,
            crate::supervision::finding,
        ),
        get(
            "/api/v1/supervision/visits",
            Member,
            crate::supervision::json,
        ),
    ];
    // Students (issue 13): the registry and rates; 控辍保学. Who sees which child is
    // junheng_app::students::who's; every named read is recorded by the store.
    all.extend(crate::students::routes());
    all.extend(crate::dropout::routes());
    // Student health (issue 14): who sees what is junheng_app::health::who's; every named read
    // is recorded by the store.
    all.extend(crate::health::routes());
    // 质量监测 (issue 15): who sees which unit or student is junheng_app::exams::who's; every
    // 成绩单 read is recorded by the store.
    all.extend(crate::exams::routes());
    // 一校一案 (issue 16): the ledger, what-if and planner, for the district's readers.
    all.extend(crate::seats::projects::routes());
    // 学位预测 (issue 16): the forecast reads like the district's other comparisons of schools.
    all.extend(crate::seats::forecast::routes());
    // 骨干梯队, honours and 师德, a teacher's record (issue 17): scoped by who the viewer sees;
    // awards and 师德 only under a HonoursPass.
    all.extend(crate::teachers::routes());
    // 名师工作室 and 师徒结对 (issue 17): every user of the district reads what their scope
    // reaches; administrators keep the files.
    all.extend(crate::teachers::studios::routes());
    // 继续教育 (issue 17): the district's rates and items, a teacher's progress; a school's users
    // see their own teachers.
    all.extend(crate::teachers::training::routes());
    // 劳动教育 (issue 18): the lists, a class's records and the passport under
    // junheng_app::labour::LabourPass; 劳动基地与联盟 and 五育 school-level figures for every
    // member, narrowed to a school's own rows; the use-case layer decides who writes.
    all.extend(crate::labour::routes());
    // 社会认可度自测 (issue 19): the district's readers see results, administrators keep
    // surveys; respondents answer without an account.
    all.extend(crate::survey::routes());
    all.extend(crate::inspection::routes());
    // 挂图作战 (issue 19): every member sees the board of their own tasks (a 责任部门 its own);
    // administrators raise, budget, plan and keep the 责任清单.
    all.extend(crate::board::routes());
    all
}

/// Every route: method, path pattern, policy and body kind.
pub fn routes() -> Vec<RouteInfo> {
    entries().into_iter().map(|e| e.info).collect()
}

/// The router of [`entries`]: each method of each path behind its policy's guard and its body
/// limit; methods of one path merged.
pub(crate) fn router(upload_limit: usize) -> Router<AppState> {
    let mut paths: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for Entry { info, router } in entries() {
        let limit = match info.body {
            Body::None => 0,
            Body::Form => FORM_LIMIT,
            Body::Upload => upload_limit,
        };
        let router = router
            .route_layer(from_fn_with_state(info.policy, guard))
            .layer(DefaultBodyLimit::max(limit));
        match paths.iter_mut().find(|(p, _)| *p == info.path) {
            Some((_, existing)) => *existing = std::mem::take(existing).merge(router),
            None => paths.push((info.path, router)),
        }
    }
    let method_not_allowed =
        || async { crate::error::AppError::of_status(axum::http::StatusCode::METHOD_NOT_ALLOWED) };
    paths.into_iter().fold(Router::new(), |r, (path, router)| {
        r.route(path, router.fallback(method_not_allowed))
    })
}
