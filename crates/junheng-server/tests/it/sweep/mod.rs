//! The route sweep: every route of the router (`junheng_server::routes::routes()`), asked by
//! anonymous callers, every role (city and province users looking into the district), a group
//! lead and a school user of other scopes, and the admin of another district, with a missing, a
//! wrong and a right CSRF token for writes; every answer checked against the route's policy,
//! and every answer a scoped user (or another district's admin) gets scanned for schools
//! outside their scope. A route without a sample (`samples.rs`) fails the sweep: add one when adding a
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

mod fixture;
mod samples;
mod samples_board;
mod samples_dropout;
mod samples_exams;
mod samples_five;
mod samples_forecast;
mod samples_health;
mod samples_inspection;
mod samples_labour;
mod samples_seats;
mod samples_students;
mod samples_survey;
mod samples_teachers_honours;
mod samples_teachers_studios;
mod samples_teachers_training;

use fixture::{Fixture, fixture};
use samples::samples;

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
    /// A 责任部门 (区财政局): its own tasks and duties only.
    Department,
}

impl Who {
    const ALL: [Who; 10] = [
        Who::Anonymous,
        Who::Admin,
        Who::Supervisor,
        Who::Lead,
        Who::Zone,
        Who::School,
        Who::City,
        Who::Province,
        Who::OtherAdmin,
        Who::Department,
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
            Who::Department => Some("sweep_dept"),
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
        matches!(
            self,
            Who::Lead | Who::Zone | Who::School | Who::OtherAdmin | Who::Department
        )
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

/// Whether `who` may see the data a sample names (beyond the route's policy).
fn sees_param(route: &RouteInfo, who: Who, param: Param, url: &str) -> bool {
    if !samples_students::sees(route, who)
        || !samples_health::sees(route, who)
        || !samples_exams::sees(route, who)
        || !samples_teachers_honours::sees(route, who)
        || !samples_teachers_training::sees(route, who)
        || !samples_labour::sees(route, who)
        || samples_board::unknown_to(route, who)
    {
        return false;
    }
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

/// The schools a scoped caller may see named: their own (the group's), and the school at the
/// other end of their own teachers' moves.
fn allowed(f: &Fixture, who: Who) -> BTreeSet<String> {
    let mine: BTreeSet<String> = match who {
        Who::School => [f.school.clone()].into(),
        Who::OtherAdmin | Who::Department => BTreeSet::new(),
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
            (who, _) if samples_teachers_training::unknown_to(route, who) => status == 404,
            (who, _) if samples_board::unknown_to(route, who) => status == 404,
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
    // A 责任部门 has the board and its own tasks; anything else may be refused (fail closed),
    // and what it is shown must name no school (the leak scan below).
    if c.who == Who::Department && !samples_board::owns(route.path) && matches!(status, 403 | 404) {
        return;
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
// With the student data keys: the exam pages open the schools' sealed scores (the fixture has
// exams without files).
both!(
    sweep,
    every_route_answers_every_caller_as_its_policy_says,
    crate::health::config()
);
