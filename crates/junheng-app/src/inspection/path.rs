//! 创建路径: a district's way to 国家认定 on one page — the target year the city set and the days
//! left to its end, the five statuses with the step that reached each, the 督导评估 standing of a
//! school year, and the district's open and overdue tasks. The district records its own 自评
//! step ([`record_self_assessment`]); the later steps are the city's (`/city/phases`).

use junheng_core::creation::{CreationStatus, Phase};
use junheng_store::{Actor, CreationStep, DistrictId, NewStep, Store, StoreError};
use junheng_teachers::training::Day;
use serde::Serialize;

use super::{Readiness, readiness};
use crate::tasks::{TaskCounts, counts};

/// One of the five statuses on the way, with the step that reached it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathStep {
    /// The status.
    pub status: CreationStatus,
    /// Whether the district has reached it (未启动 always is).
    pub reached: bool,
    /// The latest step recorded with this status (`None`: not recorded).
    pub step: Option<CreationStep>,
}

/// A district's path to recognition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Path {
    /// The target year the city set (`None`: not set yet).
    pub target: Option<i32>,
    /// Its phase (试点推进, 整体推进 or 攻坚推进).
    pub phase: Option<&'static str>,
    /// The last day of the target year, `YYYY-12-31`.
    pub deadline: Option<String>,
    /// Days from today to the deadline (0 on the day itself, negative once past).
    pub days_left: Option<i64>,
    /// Whether the deadline has passed without 国家认定.
    pub overdue: bool,
    /// The five statuses in order.
    pub steps: Vec<PathStep>,
    /// The furthest status reached.
    pub status: CreationStatus,
    /// The school year the standing is of (`None`: no statistics and none asked for).
    pub year: Option<i32>,
    /// The 督导评估 standing of that year (`None`: no verdict computed yet).
    pub readiness: Option<Readiness>,
    /// The district's open and overdue tasks.
    pub tasks: TaskCounts,
}

/// The deadline of target year `year`: its last day, `YYYY-12-31`.
pub fn deadline(year: i32) -> String {
    Day::last_of(year).to_string()
}

/// Days from `today` (`YYYY-MM-DD`) to the end of target year `year`: 0 on 12-31 itself, −1 on
/// the next 01-01. `None` when `today` is not a date.
///
/// ```
/// use junheng_app::inspection::path::days_left;
/// assert_eq!(days_left(2028, "2028-12-30"), Some(1));
/// assert_eq!(days_left(2028, "2029-01-01"), Some(-1));
/// ```
pub fn days_left(year: i32, today: &str) -> Option<i64> {
    Some(Day::last_of(year).days() - Day::parse(today)?.days())
}

/// Whether a district at `status` with `days_left` to its target's deadline is past it without
/// 国家认定.
pub fn is_late(status: CreationStatus, days_left: Option<i64>) -> bool {
    status != CreationStatus::NationalRecognition && days_left.is_some_and(|d| d < 0)
}

/// The path of district `district` on `today` (`YYYY-MM-DD`), with the 督导评估 standing of
/// school year `year` under rulebook `rulebook` (default: the latest year with statistics).
pub async fn path(
    store: &Store,
    district: DistrictId,
    year: Option<i32>,
    rulebook: &str,
    today: &str,
) -> Result<Path, StoreError> {
    let creation = store.creation(district).await?;
    let data = store.in_district(district);
    let year = match year {
        Some(y) => Some(y),
        None => data.years().await?.iter().map(|y| y.year).max(),
    };
    let readiness = match year {
        Some(y) => readiness(&data, y, rulebook).await?,
        None => None,
    };
    let status = creation.status();
    let target = creation.target.as_ref().map(|t| t.year);
    let days_left = target.and_then(|t| days_left(t, today));
    let steps = CreationStatus::ALL
        .into_iter()
        .map(|s| PathStep {
            status: s,
            reached: s <= status,
            step: creation.steps.iter().rev().find(|x| x.status == s).cloned(),
        })
        .collect();
    Ok(Path {
        target,
        phase: target.and_then(Phase::of_target).map(Phase::label),
        deadline: target.map(deadline),
        days_left,
        overdue: is_late(status, days_left),
        steps,
        status,
        year,
        readiness,
        tasks: counts(&data, today).await?,
    })
}

impl Path {
    /// The days in one Chinese line ([`describe_days`]).
    pub fn describe_days(&self) -> String {
        describe_days(self.status, self.days_left)
    }
}

/// Days left to the target of a district at `status`, in one Chinese line: "距目标期限还有 N 天",
/// "目标期限为今天", "已逾期 N 天", "已通过国家认定" or "未设目标年份".
pub fn describe_days(status: CreationStatus, days_left: Option<i64>) -> String {
    if status == CreationStatus::NationalRecognition {
        return "已通过国家认定".into();
    }
    match days_left {
        None => "未设目标年份".into(),
        Some(0) => "目标期限为今天".into(),
        Some(d) if d < 0 => format!("已逾期 {} 天", -d),
        Some(d) => format!("距目标期限还有 {d} 天"),
    }
}

/// Records the district's own 自评 step: reached on `day` (`YYYY-MM-DD`), recorded in
/// `document` (文号 or title), with `note`. Only 自评: the later steps are the city's. Refused
/// once the district is past 自评 (the store's rule: no step behind the furthest one); audited
/// by the store.
pub async fn record_self_assessment(
    store: &Store,
    district: DistrictId,
    day: &str,
    document: &str,
    note: &str,
    actor: &Actor,
) -> Result<i64, StoreError> {
    store
        .record_creation_step(
            district,
            &NewStep {
                status: CreationStatus::SelfAssessed,
                reached_on: day.to_owned(),
                document: document.to_owned(),
                note: note.to_owned(),
            },
            actor,
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_counts_to_the_last_day_of_the_target_year() {
        assert_eq!(days_left(2028, "2028-12-31"), Some(0));
        assert_eq!(days_left(2028, "2029-01-01"), Some(-1));
        assert_eq!(
            days_left(2028, "2028-01-01"),
            Some(365),
            "2028 is a leap year"
        );
        assert_eq!(days_left(2027, "2026-12-31"), Some(365));
        assert_eq!(days_left(2024, "2026-12-06"), Some(-705));
        assert_eq!(days_left(2028, "2028-02-30"), None);
        assert_eq!(days_left(2028, "20281231"), None);
        assert_eq!(deadline(2030), "2030-12-31");
    }

    fn at(status: CreationStatus, days_left: Option<i64>) -> Path {
        Path {
            target: Some(2028),
            phase: Some("整体推进"),
            deadline: Some(deadline(2028)),
            days_left,
            overdue: false,
            steps: Vec::new(),
            status,
            year: None,
            readiness: None,
            tasks: TaskCounts::default(),
        }
    }

    #[test]
    fn days_read_as_a_bureau_would_say_them() {
        use CreationStatus::*;
        assert_eq!(at(SelfAssessed, Some(0)).describe_days(), "目标期限为今天");
        assert_eq!(at(SelfAssessed, Some(-3)).describe_days(), "已逾期 3 天");
        assert_eq!(
            at(CityProcess, Some(12)).describe_days(),
            "距目标期限还有 12 天"
        );
        assert_eq!(at(NotStarted, None).describe_days(), "未设目标年份");
        assert_eq!(
            at(NationalRecognition, Some(-3)).describe_days(),
            "已通过国家认定"
        );
    }

    #[tokio::test]
    async fn the_district_records_its_self_assessment_and_no_earlier_step_after_the_city() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::open(&url).await.unwrap();
        let d = store.only_district().await.unwrap().id;
        let actor = Actor::new("admin");
        store.set_creation_target(d, 2028, &actor).await.unwrap();
        let p = path(&store, d, None, "cn-2017", "2026-12-06")
            .await
            .unwrap();
        assert_eq!(p.status, CreationStatus::NotStarted);
        assert_eq!(p.days_left, Some(756));
        assert_eq!(p.year, None, "no statistics");
        assert_eq!(p.steps.len(), 5);
        assert!(p.steps[0].reached && !p.steps[1].reached);

        record_self_assessment(&store, d, "2026-06-30", "区教委〔2026〕12号", "", &actor)
            .await
            .unwrap();
        store
            .record_creation_step(
                d,
                &NewStep {
                    status: CreationStatus::CityProcess,
                    reached_on: "2026-10-01".into(),
                    document: "市教委〔2026〕3号".into(),
                    note: String::new(),
                },
                &actor,
            )
            .await
            .unwrap();
        let again = record_self_assessment(&store, d, "2026-11-01", "再评", "", &actor).await;
        assert!(matches!(again, Err(StoreError::Invalid(_))), "{again:?}");
        let p = path(&store, d, Some(2025), "cn-2017", "2029-01-02")
            .await
            .unwrap();
        assert_eq!(p.status, CreationStatus::CityProcess);
        assert!(p.overdue);
        assert_eq!(p.days_left, Some(-2));
        assert_eq!(
            p.steps[1].step.as_ref().map(|s| s.document.as_str()),
            Some("区教委〔2026〕12号")
        );
        assert!(p.steps[2].reached && p.steps[3].step.is_none());
        assert_eq!(p.readiness, None);
    }
}
