//! Student health (issue 14): 体质健康, 视力筛查 and 心理测评 on the web. Who sees what is
//! `junheng_app::health::who`'s — stricter than for any other data — and every named read is
//! recorded by the store (`health.read`, `student.read`, `student_access`); aggregate pages read
//! only the counts each school's file keeps, never a record.
//!
//! | route | what |
//! |---|---|
//! | `GET /health` ([`overview::page`]) | the viewer's aggregates: 体质健康 rates by school, grade and sex and across rounds, 视力 by school and grade with the district's target, 心理 counts by grade (never by school); the forms of who imports; `?format=xlsx` |
//! | `GET /health/summary.json` ([`overview::summary`]) | the same scoped selection as data |
//! | `GET /health/fitness/{id}?school=&class=` ([`fitness::page`]) | a school's classes' rates in a round; for named sight the children with their scores, `?format=xlsx` |
//! | `GET /health/child/{id}` ([`child::page`]) | a child's report card (体质健康, 毕业成绩, 视力), printable |
//! | `GET /health/vision/{id}/referrals?school=&class=` ([`vision::page`]) | the referral list of a screening round, `?format=xlsx` |
//! | `GET /health/mental` ([`mental::page`]) | 心理 cases: every detail for the keepers, name, tier and action for the 班主任 |
//! | `GET /health/mental/cases/{id}`, `POST …/record` ([`case`]) | a case with its notes and its wave's answers, the keepers' forms |
//! | `POST /health/import`, `GET /health/templates/{file}`, `POST /health/pack` ([`imports`]) | a school's file of a round, the blank templates, a scoring pack |

mod case;
mod child;
mod fitness;
mod imports;
mod mental;
mod overview;
mod panels;
mod scoped;
mod table;
mod vision;

use std::collections::BTreeMap;

use junheng_app::health::Refused;
use junheng_app::health::who::{Sight, sight};
use junheng_app::pairings::Caller;
use junheng_app::students::who::{class_matches, grade_label};
use junheng_core::school::SchoolCode;
use junheng_store::{HealthFile, HealthKind, HealthRound, StoreError, StudentKeys, User};
use serde::de::DeserializeOwned;

use crate::access::Viewer;
use crate::error::AppError;
use crate::routes::{Entry, get, post};
use crate::state::Here;
use crate::students::{export, keys, param, refusal_hiding, school_text, today};

pub(crate) use table::{Cell, Table};

/// The routes of this module.
pub(crate) fn routes() -> Vec<Entry> {
    use crate::access::Policy::{Admin, Member};
    use crate::routes::Body::{Form, Upload};
    // Who sees which child, count or case is decided per request by the sight of
    // junheng_app::health::who (refused with 403), so the routes admit every member.
    vec![
        get("/health", Member, overview::page),
        get("/health/summary.json", Member, overview::summary),
        get("/health/fitness/{id}", Member, fitness::page),
        get("/health/child/{id}", Member, child::page),
        get("/health/vision/{id}/referrals", Member, vision::page),
        get("/health/mental", Member, mental::page),
        get("/health/mental/cases/{id}", Member, case::page),
        post(
            "/health/mental/cases/{id}/record",
            Member,
            Form,
            case::record,
        ),
        post("/health/import", Member, Upload, imports::import),
        get("/health/templates/{file}", Member, imports::template),
        post("/health/pack", Admin, Upload, imports::pack),
    ]
}

/// Whether `user` sees anything of health (the navigation's entry).
pub(crate) fn sees_any(user: &User) -> bool {
    let caller = Caller::User(user);
    HealthKind::ALL
        .iter()
        .any(|k| sight(&caller, *k) != Sight::Nothing)
}

/// A refusal of the use-case layer as the server says it (the registry's mapping: no keys is a
/// page saying how to configure them).
fn refusal(e: Refused) -> AppError {
    crate::students::refusal(e)
}

/// The caller of the use-case layer.
fn caller(viewer: &Viewer) -> Caller<'_> {
    Caller::User(&viewer.user)
}

/// What `viewer` sees of `kind`.
fn sight_of(viewer: &Viewer, kind: HealthKind) -> Sight {
    sight(&caller(viewer), kind)
}

/// Whether a sight reads children by name (records, answers).
fn named(s: &Sight) -> bool {
    matches!(s, Sight::Everything | Sight::Named { .. })
}

/// The keys, or the page that says how to configure them.
fn need_keys(here: &Here) -> Result<&StudentKeys, AppError> {
    keys(here).ok_or_else(|| refusal(Refused::NoKeys))
}

/// What a named read is recorded as: the request's path and query as people read them.
fn what(viewer: &Viewer) -> String {
    crate::students::what(viewer)
}

/// 学校名称 by 学校标识码 (the latest statistics of each school).
async fn school_names(here: &Here) -> Result<BTreeMap<SchoolCode, String>, AppError> {
    Ok(junheng_app::students::rates::school_names(&here.store)
        .await?
        .into_iter()
        .collect())
}

/// The `school` of a query, refused when it is not a 学校标识码.
fn school_param(pairs: &[(String, String)]) -> Result<Option<SchoolCode>, AppError> {
    param(pairs, "school")
        .map(|v| {
            SchoolCode::parse(v).map_err(|_| {
                AppError::bad_request(crate::msg!("health-bad-school", v = crate::views::cut(v)))
            })
        })
        .transpose()
}

/// A class as links write it (`7年级3班`): grade and class.
fn class_query(grade: u8, class: &str) -> String {
    format!("{grade}年级{class}")
}

/// A class as people read it (`七年级3班`).
fn class_text(grade: u8, class: &str) -> String {
    format!("{}{class}", grade_label(grade))
}

/// The `class` of a query (`7年级3班`), refused when it is not one.
fn class_param(pairs: &[(String, String)]) -> Result<Option<(u8, String)>, AppError> {
    let Some(v) = param(pairs, "class") else {
        return Ok(None);
    };
    v.split_once("年级")
        .and_then(|(g, c)| {
            let g: u8 = g.parse().ok().filter(|g| (1..=12).contains(g))?;
            (!c.trim().is_empty()).then(|| (g, c.trim().to_owned()))
        })
        .map(Some)
        .ok_or_else(|| {
            AppError::bad_request(crate::msg!("health-bad-class", v = crate::views::cut(v)))
        })
}

/// The class of a 班主任's sight among a file's classes: their scope names it as people do
/// (七年级3班), the file as grade and class.
fn own_class<'a>(
    scope_class: &str,
    classes: impl IntoIterator<Item = (u8, &'a str)>,
) -> Option<(u8, String)> {
    classes
        .into_iter()
        .find(|(g, c)| class_matches(scope_class, *g, c))
        .map(|(g, c)| (g, c.to_owned()))
}

/// A round of the district of `kind`; any other id is not found.
async fn round_of(here: &Here, id: i64, kind: HealthKind) -> Result<HealthRound, AppError> {
    match here.store.health_round_by_id(id).await {
        Ok(r) if r.kind == kind => Ok(r),
        Ok(_) | Err(StoreError::NotFound(_)) => {
            Err(AppError::not_found(crate::msg!("health-no-round", n = id)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The counts a file keeps, decoded.
fn counts_of<T: DeserializeOwned>(file: &HealthFile) -> Result<T, AppError> {
    serde_json::from_str(&file.counts).map_err(|_| {
        AppError::from(StoreError::Corrupt {
            table: "health_files",
            column: "counts",
        })
    })
}

/// Each school's latest file of `round` with its counts.
async fn latest_counts<T: DeserializeOwned>(
    here: &Here,
    round: &HealthRound,
) -> Result<Vec<(HealthFile, T)>, AppError> {
    here.store
        .health_files(round.id, false)
        .await?
        .into_iter()
        .map(|f| {
            let c = counts_of(&f)?;
            Ok((f, c))
        })
        .collect()
}

/// A count as a viewer may see it: exact, or `<k` when small (never 0 hidden).
fn count_text(n: u64, exact: bool, k: u64) -> String {
    if exact || n == 0 || n >= k {
        n.to_string()
    } else {
        format!("<{k}")
    }
}

/// A share as a page and a workbook show it: per cent with one decimal.
fn per_cent(x: f64) -> f64 {
    (x * 1000.0).round() / 10.0
}

/// The catalogue key of a 心理 tier.
fn tier_key(t: junheng_core::health::mental::Tier) -> &'static str {
    use junheng_core::health::mental::Tier;
    match t {
        Tier::General => "health-tier-general",
        Tier::Attention => "health-tier-attention",
        Tier::Priority => "health-tier-priority",
        Tier::Crisis => "health-tier-crisis",
    }
}

/// The catalogue key of a 体质健康 等级.
fn level_key(l: junheng_core::health::fitness::Level) -> &'static str {
    use junheng_core::health::fitness::Level;
    match l {
        Level::Excellent => "health-level-excellent",
        Level::Good => "health-level-good",
        Level::Pass => "health-level-pass",
        Level::Fail => "health-level-fail",
    }
}

/// The catalogue key of an item (a column header).
fn item_key(i: junheng_core::health::fitness::Item) -> &'static str {
    use junheng_core::health::fitness::Item;
    match i {
        Item::Bmi => "health-item-bmi",
        Item::VitalCapacity => "health-item-vital-capacity",
        Item::Run50m => "health-item-run50m",
        Item::SitAndReach => "health-item-sit-and-reach",
        Item::RopeSkipping => "health-item-rope-skipping",
        Item::Situp => "health-item-situp",
        Item::Shuttle50x8 => "health-item-shuttle",
        Item::StandingLongJump => "health-item-long-jump",
        Item::PullUp => "health-item-pull-up",
        Item::Endurance => "health-item-endurance",
    }
}

/// The catalogue key of a kind.
fn kind_key(k: HealthKind) -> &'static str {
    match k {
        HealthKind::Fitness => "health-kind-fitness",
        HealthKind::Vision => "health-kind-vision",
        HealthKind::Mental => "health-kind-mental",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use junheng_core::health::fitness::{Item, Level};
    use junheng_core::health::mental::Tier;

    /// Each key says in Chinese what the engine's labels say.
    #[test]
    fn keys_say_what_the_labels_say() {
        for t in [Tier::General, Tier::Attention, Tier::Priority, Tier::Crisis] {
            assert_eq!(Lang::Zh.t(tier_key(t)), t.label());
        }
        for l in [Level::Fail, Level::Pass, Level::Good, Level::Excellent] {
            assert_eq!(Lang::Zh.t(level_key(l)), l.label());
        }
        for i in Item::ALL {
            assert!(Lang::Zh.lookup(item_key(i)).is_some(), "{i:?}");
            assert!(Lang::En.lookup(item_key(i)).is_some(), "{i:?}");
        }
        for k in HealthKind::ALL {
            assert_eq!(Lang::Zh.t(kind_key(k)), k.label());
        }
    }

    /// Every key this module names as a literal (headers, titles, labels) has a text in both
    /// languages.
    #[test]
    fn every_key_named_here_exists() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("overview.rs"),
            include_str!("fitness.rs"),
            include_str!("child.rs"),
            include_str!("vision.rs"),
            include_str!("mental.rs"),
            include_str!("case.rs"),
            include_str!("imports.rs"),
            include_str!("table.rs"),
            include_str!("scoped/mod.rs"),
            include_str!("panels.rs"),
        ];
        let checked = crate::i18n::assert_named_keys_exist("health-", &sources);
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn classes_are_read_as_links_write_them() {
        let pairs = |v: &str| vec![("class".to_owned(), v.to_owned())];
        assert_eq!(
            class_param(&pairs(&class_query(7, "3班"))).unwrap(),
            Some((7, "3班".to_owned()))
        );
        assert!(class_param(&pairs("3班")).is_err());
        assert!(class_param(&pairs("13年级3班")).is_err());
        assert_eq!(class_param(&[]).unwrap(), None);
        assert_eq!(
            own_class("七年级3班", [(7, "2班"), (7, "3班")]),
            Some((7, "3班".to_owned()))
        );
        assert_eq!(own_class("七年级3班", [(8, "3班")]), None);
    }

    #[test]
    fn small_counts_are_hidden_from_aggregate_roles_only() {
        assert_eq!(count_text(3, true, 10), "3");
        assert_eq!(count_text(3, false, 10), "<10");
        assert_eq!(count_text(0, false, 10), "0");
        assert_eq!(count_text(12, false, 10), "12");
        assert_eq!(per_cent(0.96449), 96.4);
    }
}
