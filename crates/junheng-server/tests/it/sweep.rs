//! The route sweep: every route of the router (`junheng_server::routes::routes()`), asked by
//! anonymous callers, every role (city and province users looking into the district), a group
//! lead and a school user of other scopes, and the admin of another district, with a missing, a
//! wrong and a right CSRF token for writes; every answer checked against the route's policy,
//! and every answer a scoped user (or another district's admin) gets scanned for schools
//! outside their scope. A route without a sample here fails the sweep: add one when adding a
//! route.

use std::collections::BTreeSet;

use junheng_core::school::SchoolRecord;
use junheng_lottery::synth::{SynthSpec, district as lottery_district};
use junheng_lottery::{LotteryKey, Witness, draw, freeze, seal};
use junheng_rotation::{Move, synth};
use junheng_server::Policy;
use junheng_server::routes::{Body, RouteInfo, routes};
use junheng_store::{Actor, MoveFilter, MoveSource, Role, Scope};
use reqwest::Client;

use crate::both;
use crate::helpers::{TestApp, district, in_chongqing, xlsx_text};

const PASSWORD: &str = "扫描密码-123456";
const YEAR: i32 = 2024;
/// The indicator of the sweep's tasks' gaps.
const TASK_INDICATOR: &str = "backbone_teachers_per_100";

/// The data every route is asked about.
struct Fixture {
    records: Vec<SchoolRecord>,
    ledger: Vec<Move>,
    /// The group of the group lead, and another group.
    group: String,
    other_group: String,
    /// The school user's school (it has moves), and a school outside it and outside `group`.
    school: String,
    other_school: String,
    /// A 学区 of the statistics.
    zone: String,
    lottery: i64,
    submission: i64,
    move_id: i64,
    user_id: i64,
    /// A user nobody sweeps as: its password may be reset to a one-time password.
    spare_id: i64,
    /// A document of evidence of `school`, and one of `other_school`.
    evidence: i64,
    foreign_evidence: i64,
    /// A pairing helping `school` (its helper the other school of the school's move), and one of
    /// schools of `other_group`; sessions of both.
    pairing: i64,
    foreign_pairing: i64,
    /// An overdue task of `school` raised from one of its gaps, and one of `other_school`.
    task: i64,
    foreign_task: i64,
    /// A supervisor's visit to `school` (its finding's task raised) and one to `other_school`
    /// (its finding without a task), their findings, and an assignment to `zone`.
    visit: i64,
    foreign_visit: i64,
    finding: i64,
    foreign_finding: i64,
    assignment: i64,
}

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Admin,
    Supervisor,
    Lead,
    /// A 学区's zone lead (the school user's 学区).
    Zone,
    School,
    /// A 市级 user looking into the district (read-only).
    City,
    /// A 省级 user looking into the district (read-only).
    Province,
    /// The admin of another district of the same city.
    OtherAdmin,
}

impl Who {
    const ALL: [Who; 9] = [
        Who::Anonymous,
        Who::Admin,
        Who::Supervisor,
        Who::Lead,
        Who::Zone,
        Who::School,
        Who::City,
        Who::Province,
        Who::OtherAdmin,
    ];

    fn user(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Admin => Some("sweep_admin"),
            Who::Supervisor => Some("sweep_dux"),
            Who::Lead => Some("sweep_lead"),
            Who::Zone => Some("sweep_zone"),
            Who::School => Some("sweep_school"),
            Who::City => Some("sweep_city"),
            Who::Province => Some("sweep_province"),
            Who::OtherAdmin => Some("sweep_other_admin"),
        }
    }

    /// Whether a route's policy admits this caller.
    fn admitted(self, policy: Policy) -> bool {
        match policy {
            Policy::Public | Policy::Operator => true,
            Policy::Member => self != Who::Anonymous,
            Policy::DistrictReader => matches!(
                self,
                Who::Admin | Who::Supervisor | Who::City | Who::Province | Who::OtherAdmin
            ),
            Policy::Planner => matches!(
                self,
                Who::Admin | Who::Supervisor | Who::Lead | Who::OtherAdmin
            ),
            Policy::SchoolUser => self == Who::School,
            Policy::Admin => matches!(self, Who::Admin | Who::OtherAdmin),
            Policy::Regional | Policy::RegionalWriter | Policy::Receiver => {
                matches!(self, Who::City | Who::Province)
            }
        }
    }

    /// Whether the caller sees only part of the district's schools (another district's admin:
    /// none of them).
    fn scoped(self) -> bool {
        matches!(self, Who::Lead | Who::Zone | Who::School | Who::OtherAdmin)
    }
}

/// Whether a sample names data of the caller's own scope or of another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Param {
    Own,
    Foreign,
}

fn enc(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The URLs a route is swept with. Panics for a route the sweep does not know.
fn samples(route: &RouteInfo, f: &Fixture) -> Vec<(String, Param)> {
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
        (m, p) => panic!(
            "route {m} {p} has no sample in the route sweep (tests/it/sweep.rs): add one, with \
             an own and a foreign parameter if it shows school-level data"
        ),
    }
}

/// Whether `who` may see the data a sample names (beyond the route's policy).
fn sees_param(route: &RouteInfo, who: Who, param: Param, url: &str) -> bool {
    if route.path == "/zones/{name}" && matches!(who, Who::Lead | Who::School) {
        return false;
    }
    if matches!(route.path, "/groups/{name}" | "/api/v1/groups/{name}")
        && matches!(who, Who::School | Who::Zone)
    {
        return false;
    }
    // A zone lead plans no rotation: a school's rotation is not theirs to see (the page without
    // a school shows them nothing).
    if who == Who::Zone && route.path == "/rotation" && url.contains("school=") {
        return false;
    }
    if who == Who::OtherAdmin {
        // Nothing of this district is theirs: the sample's school, group or record is unknown.
        return !foreign_to_other_admin(route);
    }
    param == Param::Own || !who.scoped()
}

/// Whether a route's sample names a record of the swept district, so that another district's
/// admin must be told it does not exist.
fn foreign_to_other_admin(route: &RouteInfo) -> bool {
    route.policy != Policy::Public
        && !route.path.starts_with("/indicators/")
        // A 学区 is named by the statistics of each district: the other district has its own
        // 学区 of the same name (the body is still scanned for this district's schools).
        && !route.path.starts_with("/zones/")
        && ["{id}", "{code}", "{name}", "{key}"]
            .iter()
            .any(|p| route.path.contains(p))
}

async fn fixture(app: &TestApp) -> Fixture {
    let records = district(60);
    app.seed(&records).await;
    let home = app.home().await.id();
    app.store
        .update_district(home, &in_chongqing("500112", "渝北区"), &Actor::system())
        .await
        .unwrap();
    let other = app
        .store
        .add_district(&in_chongqing("500106", "沙坪坝区"), &Actor::system())
        .await
        .unwrap();
    // The other district has schools, groups and statistics of its own, none of this one's.
    let theirs: Vec<SchoolRecord> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            let code = format!("502{}", &r.code.as_str()[3..]);
            r.code = junheng_core::school::SchoolCode::parse(&code).unwrap();
            r.parent_code = None;
            r.name = format!("巴山区第{i}校");
            r.group = r.group.map(|g| g.replace("渝州区", "巴山区"));
            r
        })
        .collect();
    app.seed_in(other.id, &theirs).await;
    app.store
        .in_district(other.id)
        .replace_roster(YEAR, &synth::roster(&theirs, 78), &Actor::system())
        .await
        .unwrap();
    let roster = synth::roster(&records, 77);
    app.home()
        .await
        .replace_roster(YEAR, &roster, &Actor::system())
        .await
        .unwrap();
    let ledger = synth::ledger(&records, &roster, &[YEAR], 0.05, 77);
    assert!(!ledger.is_empty(), "the demo ledger has moves");
    app.home()
        .await
        .add_moves(&ledger, MoveSource::Import, &Actor::system(), None)
        .await
        .unwrap();
    let group_of = |code: &str| {
        records
            .iter()
            .find(|r| r.code.as_str() == code)
            .and_then(|r| r.group.clone())
    };
    // The school user's school: one that sends a teacher away and has a group.
    let m = ledger
        .iter()
        .find(|m| group_of(m.from.as_str()).is_some())
        .expect("a move from a school of a group");
    let school = m.from.to_string();
    let group = group_of(&school).unwrap();
    let other_group = records
        .iter()
        .filter_map(|r| r.group.clone())
        .find(|g| *g != group)
        .expect("two groups");
    let moved_with = |code: &str| {
        ledger
            .iter()
            .any(|m| m.from.as_str() == code || m.to.as_str() == code)
    };
    let zone_of = |code: &str| {
        records
            .iter()
            .find(|r| r.code.as_str() == code)
            .and_then(|r| r.zone.clone())
    };
    let zone = zone_of(&school).expect("the school user's school is in a 学区");
    let other_school = records
        .iter()
        .find(|r| {
            r.group.as_deref() == Some(other_group.as_str())
                && !moved_with(r.code.as_str())
                && r.zone.as_deref() != Some(zone.as_str())
        })
        .expect("a school of the other group without moves")
        .code
        .to_string();
    for (who, role, scope) in [
        (Who::Admin, Role::Admin, Scope::District),
        (Who::Supervisor, Role::Supervisor, Scope::District),
        (Who::Lead, Role::GroupLead, Scope::Group(group.clone())),
        (Who::Zone, Role::ZoneLead, Scope::Zone(zone.clone())),
        (
            Who::School,
            Role::School,
            Scope::School(junheng_core::school::SchoolCode::parse(&school).unwrap()),
        ),
        (Who::City, Role::City, Scope::City("500100".into())),
        (
            Who::Province,
            Role::Province,
            Scope::Province("500000".into()),
        ),
    ] {
        app.add_user(who.user().unwrap(), PASSWORD, role, scope)
            .await;
    }
    app.add_user_in(
        other.id,
        Who::OtherAdmin.user().unwrap(),
        PASSWORD,
        Role::Admin,
        Scope::District,
    )
    .await;
    app.add_user("sweep_spare", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    let spare_id = app
        .store
        .user_by_name("sweep_spare")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let user_id = app
        .store
        .user_by_name("sweep_dux")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let mut own = records
        .iter()
        .find(|r| r.code.as_str() == school)
        .unwrap()
        .clone();
    own.primary.students += 1;
    let submission = app
        .home()
        .await
        .submit(&own, &Actor::new("sweep_school"))
        .await
        .unwrap();
    let key = LotteryKey::from_bytes([7; 32]);
    let inputs = lottery_district(&SynthSpec {
        applicants: 40,
        schools: 3,
        ..SynthSpec::default()
    });
    let inputs = seal(&inputs, &key).unwrap().inputs;
    let frozen = freeze(&inputs).unwrap();
    let lottery = app
        .home()
        .await
        .create_lottery(
            "扫描派位",
            std::str::from_utf8(&frozen.canonical).unwrap(),
            &frozen.digest,
            Some(&key.to_hex()),
            &Actor::system(),
        )
        .await
        .unwrap();
    let witness = Witness {
        role: "公证员".into(),
        name: String::new(),
        value: "2718".into(),
    };
    let pack = draw(&inputs, &[witness]).unwrap();
    app.home()
        .await
        .record_draw(lottery, &pack.to_json_compact(), &Actor::system())
        .await
        .unwrap();
    let move_id = app
        .home()
        .await
        .moves(&MoveFilter::default())
        .await
        .unwrap()[0]
        .id;
    let mut evidence = Vec::new();
    for (n, code) in [&school, &other_school].into_iter().enumerate() {
        let record = junheng_core::record::RecordRef::parse("school", code).unwrap();
        let content = format!("%PDF-1.7\n% sweep {n}\n%%EOF\n").into_bytes();
        let sha256 = junheng_server::sha256_hex(&content);
        let new = junheng_store::NewEvidence {
            record: &record,
            title: "办学章程",
            note: "",
            file_name: "章程.pdf",
            media_type: "application/pdf",
            sha256: &sha256,
            content: &content,
        };
        let stored = app.home().await.add_evidence(&new, &Actor::system()).await;
        evidence.push(stored.unwrap().id);
    }
    let mut tasks = Vec::new();
    for code in [&school, &other_school] {
        let owner = junheng_store::TaskOwner::new(junheng_store::OwnerKind::School, code).unwrap();
        let source =
            junheng_core::record::RecordRef::parse("gap", &format!("{code}/{TASK_INDICATOR}"))
                .unwrap();
        let new = junheng_store::NewTask {
            title: "补足骨干教师",
            detail: "",
            owner: &owner,
            deadline: "2020-01-31",
            source: Some(&source),
        };
        let task = app.home().await.create_task(&new, &Actor::system()).await;
        tasks.push(task.unwrap().id);
    }
    let (visits, findings, assignment) = supervision(app, &school, &other_school, &zone).await;
    let (pairing, foreign_pairing) = pairings(
        app,
        &records,
        &ledger,
        &school,
        &other_school,
        &other_group,
        &zone,
    )
    .await;
    Fixture {
        pairing,
        foreign_pairing,
        task: tasks[0],
        foreign_task: tasks[1],
        visit: visits[0],
        foreign_visit: visits[1],
        finding: findings[0],
        foreign_finding: findings[1],
        assignment,
        zone,
        evidence: evidence[0],
        foreign_evidence: evidence[1],
        records,
        ledger,
        group,
        other_group,
        school,
        other_school,
        lottery,
        submission,
        move_id,
        user_id,
        spare_id,
    }
}

/// 责任督学 of the fixture: `sweep_dux` assigned to `zone`, a visit to `school` whose finding's
/// task is raised, a visit to `other_school` whose finding has none; (visits, findings,
/// assignment).
async fn supervision(
    app: &TestApp,
    school: &str,
    other_school: &str,
    zone: &str,
) -> ([i64; 2], [i64; 2], i64) {
    let home = app.home().await;
    let assignment = home
        .assign_supervisor(
            &junheng_store::NewAssignment {
                supervisor: "sweep_dux",
                unit_kind: junheng_store::UnitKind::Zone,
                unit_name: zone,
                since: "2024-09-01",
            },
            &Actor::system(),
        )
        .await
        .unwrap()
        .id;
    let (mut visits, mut findings) = ([0; 2], [0; 2]);
    for (i, code) in [school, other_school].into_iter().enumerate() {
        let code = junheng_core::school::SchoolCode::parse(code).unwrap();
        let finding = [junheng_store::NewFinding {
            text: "功能室使用记录不全",
            severity: junheng_store::Severity::Serious,
            deadline: "2020-01-31",
        }];
        let visit = home
            .record_visit(
                &junheng_store::NewVisit {
                    school: &code,
                    visited_on: "2020-01-02",
                    supervisor: "sweep_dux",
                    summary: "随堂听课两节",
                    findings: &finding,
                },
                &Actor::system(),
            )
            .await
            .unwrap();
        visits[i] = visit.id;
        findings[i] = visit.findings[0].id;
    }
    let owner = junheng_store::TaskOwner::new(junheng_store::OwnerKind::School, school).unwrap();
    let source =
        junheng_core::record::RecordRef::parse("finding", &findings[0].to_string()).unwrap();
    let task = home
        .create_task(
            &junheng_store::NewTask {
                title: "整改：功能室使用记录不全",
                detail: "",
                owner: &owner,
                deadline: "2020-01-31",
                source: Some(&source),
            },
            &Actor::system(),
        )
        .await
        .unwrap();
    home.link_finding(findings[0], task.id, &Actor::system())
        .await
        .unwrap();
    (visits, findings, assignment)
}

/// The schools a scoped caller may see named: their own (the group's), and the school at the
/// other end of their own teachers' moves.
fn allowed(f: &Fixture, who: Who) -> BTreeSet<String> {
    let mine: BTreeSet<String> = match who {
        Who::School => [f.school.clone()].into(),
        Who::OtherAdmin => BTreeSet::new(),
        Who::Zone => f
            .records
            .iter()
            .filter(|r| r.zone.as_deref() == Some(f.zone.as_str()))
            .map(|r| r.code.to_string())
            .collect(),
        Who::Lead => f
            .records
            .iter()
            .filter(|r| r.group.as_deref() == Some(f.group.as_str()))
            .map(|r| r.code.to_string())
            .collect(),
        _ => f.records.iter().map(|r| r.code.to_string()).collect(),
    };
    let mut all = mine.clone();
    for m in &f.ledger {
        if mine.contains(m.from.as_str()) || mine.contains(m.to.as_str()) {
            all.insert(m.from.to_string());
            all.insert(m.to.to_string());
        }
    }
    all
}

/// The values a URL carries (path segments and query values, decoded): a page may echo what
/// its caller typed without disclosing anything.
fn echoed(url: &str) -> Vec<String> {
    let decode = |t: &str| {
        percent_encoding::percent_decode_str(&t.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut out: Vec<String> = path.split('/').map(decode).collect();
    out.extend(
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(_, v)| decode(v)),
    );
    out.retain(|v| v.len() >= 6);
    out
}

/// `body` without what `url` carries.
fn without_echo(body: String, url: &str) -> String {
    echoed(url)
        .iter()
        .fold(body, |b, v| b.replace(v.as_str(), ""))
}

/// Schools named in `body` that `who` may not see (codes always; names when no allowed school's
/// name contains them).
fn leaks(f: &Fixture, who: Who, body: &str) -> Vec<String> {
    let allowed = if who == Who::Anonymous {
        BTreeSet::new()
    } else {
        allowed(f, who)
    };
    let allowed_names: Vec<&str> = f
        .records
        .iter()
        .filter(|r| allowed.contains(r.code.as_str()))
        .map(|r| r.name.as_str())
        .collect();
    f.records
        .iter()
        .filter(|r| !allowed.contains(r.code.as_str()))
        .filter(|r| {
            body.contains(r.code.as_str())
                || (body.contains(&r.name) && !allowed_names.iter().any(|a| a.contains(&r.name)))
        })
        .map(|r| format!("{} {}", r.code, r.name))
        .collect()
}

struct Caller {
    who: Who,
    client: Client,
    csrf: String,
}

async fn callers(app: &TestApp) -> Vec<Caller> {
    let mut out = Vec::new();
    for who in Who::ALL {
        let client = match (who, who.user()) {
            (Who::City | Who::Province, Some(name)) => {
                app.logged_in_looking_into(name, PASSWORD, "500112").await
            }
            (_, Some(name)) => app.logged_in(name, PASSWORD).await,
            (_, None) => app.stranger(),
        };
        // Members find their token on their account page, anonymous callers on the login page.
        let page = match who {
            Who::Anonymous => "/login",
            _ => "/account",
        };
        let csrf = TestApp::csrf_of(&app.page_for(&client, page).await);
        out.push(Caller { who, client, csrf });
    }
    out
}

/// What the body of a response says, for scanning (an .xlsx is unzipped).
async fn body_text(r: reqwest::Response) -> String {
    let xlsx = r
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap_or_default().contains("spreadsheetml"));
    let bytes = r.bytes().await.unwrap();
    if xlsx {
        xlsx_text(&bytes)
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

fn problem(failures: &mut Vec<String>, what: String) {
    failures.push(what);
}

async fn sweep_get(
    app: &TestApp,
    f: &Fixture,
    c: &Caller,
    route: &RouteInfo,
    url: &str,
    param: Param,
    failures: &mut Vec<String>,
) {
    let r = c.client.get(app.url(url)).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let api = url.starts_with("/api/");
    let label = format!("{:?} GET {url}", c.who);
    if status >= 500 {
        return problem(failures, format!("{label}: {status}"));
    }
    if route.policy == Policy::Operator {
        // The test client is a loopback connection without forwarding headers: an operator.
        if status != 200 {
            problem(
                failures,
                format!("{label}: {status}, expected 200 from loopback"),
            );
        }
        let forwarded = c
            .client
            .get(app.url(url))
            .header("x-forwarded-for", "203.0.113.7")
            .send()
            .await
            .unwrap()
            .status();
        if forwarded != 404 {
            problem(
                failures,
                format!("{label} forwarded: {forwarded}, expected 404"),
            );
        }
        return;
    }
    let admitted = c.who.admitted(route.policy) && sees_param(route, c.who, param, url);
    if !admitted {
        let ok = match (c.who, api) {
            (Who::Anonymous, false) => status == 303 && location.starts_with("/login?next="),
            (Who::Anonymous, true) => status == 401,
            // Another district's records do not exist for them.
            (Who::OtherAdmin, _) if foreign_to_other_admin(route) => status == 404 || status == 403,
            (_, _) => status == 403,
        };
        if !ok {
            problem(
                failures,
                format!("{label}: {status} {location}, expected a refusal"),
            );
        }
        let body = r.text().await.unwrap();
        let body = if c.who == Who::OtherAdmin {
            without_echo(body, url)
        } else {
            body
        };
        let named = leaks(f, Who::Anonymous, &body);
        if !named.is_empty() {
            problem(failures, format!("{label}: the refusal names {named:?}"));
        }
        return;
    }
    let names_theirs = [&f.group, &f.other_group, &f.school, &f.other_school]
        .iter()
        .any(|v| url.contains(&enc(v)));
    if c.who == Who::OtherAdmin && names_theirs && status == 404 {
        return; // another district's group or school, unknown to them
    }
    if status == 401 || status == 403 || status >= 400 && route.policy != Policy::Public {
        return problem(failures, format!("{label}: {status}, expected an answer"));
    }
    if c.who.scoped() || c.who == Who::Anonymous {
        let body = body_text(r).await;
        let body = if c.who == Who::OtherAdmin {
            without_echo(body, url)
        } else {
            body
        };
        let named = leaks(f, c.who, &body);
        if !named.is_empty() {
            problem(
                failures,
                format!("{label} names schools outside the scope: {named:?}"),
            );
        }
    }
}

async fn sweep_post(
    app: &TestApp,
    c: &Caller,
    route: &RouteInfo,
    url: &str,
    failures: &mut Vec<String>,
) {
    let label = format!("{:?} POST {url}", c.who);
    let post = |token: Option<&str>| {
        let body = token.map_or(String::new(), |t| format!("csrf={t}"));
        c.client
            .post(app.url(url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    for token in [None, Some("0".repeat(64))] {
        let status = post(token.as_deref()).await.unwrap().status().as_u16();
        if status != 403 {
            problem(
                failures,
                format!("{label} with token {token:?}: {status}, expected 403"),
            );
        }
    }
    // A form from another site is refused even with the right token.
    let status = c
        .client
        .post(app.url(url))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "http://evil.example")
        .body(format!("csrf={}", c.csrf))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    if status != 403 {
        problem(
            failures,
            format!("{label} from another origin: {status}, expected 403"),
        );
    }
    if route.path == "/logout" {
        return; // the right token would end the session the sweep still uses
    }
    let r = post(Some(&c.csrf)).await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let ok = if c.who == Who::OtherAdmin && foreign_to_other_admin(route) {
        // Refused as unknown, or as an incomplete form before anything is looked up.
        status == 404 || status == 400
    } else if c.who.admitted(route.policy) {
        status < 500 && status != 401 && status != 403
    } else if c.who == Who::Anonymous {
        status == 303 && location.starts_with("/login?next=")
    } else {
        status == 403
    };
    if !ok {
        problem(failures, format!("{label} with its token: {status}"));
    }
}

async fn every_route_answers_every_caller_as_its_policy_says(app: TestApp) {
    let f = fixture(&app).await;
    let callers = callers(&app).await;
    let mut failures = Vec::new();
    let mut asked = 0;
    // (caller, url) of every page a caller may see, to ask again in English.
    let mut pages = Vec::new();
    for route in routes() {
        for (url, param) in samples(&route, &f) {
            for (i, c) in callers.iter().enumerate() {
                if param == Param::Foreign && !c.who.scoped() {
                    continue;
                }
                asked += 1;
                let page = route.method == "GET"
                    && route.policy != Policy::Operator
                    && !url.starts_with("/api/")
                    && c.who.admitted(route.policy)
                    && sees_param(&route, c.who, param, &url);
                if page {
                    pages.push((i, url.clone()));
                }
                match route.method {
                    "GET" => sweep_get(&app, &f, c, &route, &url, param, &mut failures).await,
                    "POST" => sweep_post(&app, c, &route, &url, &mut failures).await,
                    m => panic!("method {m}"),
                }
            }
        }
    }
    let clients: Vec<&Client> = callers.iter().map(|c| &c.client).collect();
    let english = crate::english::every_page_in_english(&app, &clients, &pages).await;
    failures.extend(english);
    assert!(
        failures.is_empty(),
        "{} of {asked} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every route has a policy and a body kind the router applies.
    for route in routes() {
        assert!(Policy::ALL.contains(&route.policy));
        assert_eq!(route.method == "GET", route.body == Body::None, "{route:?}");
    }
    eprintln!("route sweep: {} routes, {asked} cases", routes().len());
}
both!(sweep, every_route_answers_every_caller_as_its_policy_says);

/// 结对帮扶 and 三个课堂 of the fixture: `school` helped by the school its teacher moves to
/// (which its users may see named), and a pairing of two schools of `other_group` outside
/// `zone`; a lesson of each; (pairing, foreign pairing).
async fn pairings(
    app: &TestApp,
    records: &[SchoolRecord],
    ledger: &[Move],
    school: &str,
    other_school: &str,
    other_group: &str,
    zone: &str,
) -> (i64, i64) {
    use junheng_core::pairing::{HelpKind, PairingKind};
    use junheng_core::school::SchoolCode;
    let code = |c: &str| SchoolCode::parse(c).unwrap();
    let partner = ledger
        .iter()
        .find(|m| m.from.as_str() == school)
        .map(|m| m.to.clone())
        .unwrap();
    let third = records
        .iter()
        .find(|r| {
            r.group.as_deref() == Some(other_group)
                && r.code.as_str() != other_school
                && r.zone.as_deref() != Some(zone)
        })
        .map(|r| r.code.clone())
        .expect("a second school of the other group");
    let home = app.home().await;
    let mut ids = Vec::new();
    for (helper, helped) in [
        (partner.clone(), code(school)),
        (code(other_school), third.clone()),
    ] {
        let helper = junheng_store::Helper::School { code: helper };
        let new = junheng_store::NewPairing {
            kind: PairingKind::UrbanRural,
            helper: &helper,
            schools: std::slice::from_ref(&helped),
            help: &[HelpKind::TeachingVisit],
            started_on: "2023-09-01",
            ended_on: None,
            note: "",
        };
        ids.push(home.add_pairing(&new, &Actor::system()).await.unwrap().id);
    }
    for (giver, receiver) in [(partner, code(school)), (code(other_school), third)] {
        let new = junheng_store::NewClassroomSession {
            kind: junheng_core::classroom::ClassroomKind::Remote,
            giver: junheng_store::Giver::School { code: giver },
            receiver,
            subject: "音乐".into(),
            held_on: "2024-09-10".into(),
            minutes: 40,
            note: String::new(),
        };
        home.add_session(&new, &Actor::system()).await.unwrap();
    }
    (ids[0], ids[1])
}
