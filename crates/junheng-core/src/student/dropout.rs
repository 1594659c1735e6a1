//! 控辍保学: the state of a child at risk and the moves between states, the escalation the
//! calendar drives, and the risk score (`domain/practices.md` §6.2, `standard.md` §10).
//!
//! The states: 在校 → 缺勤待核 (an unexcused absence; the 班主任 verifies it) → 疑似辍学 (unexcused
//! absence of more than `suspect_days` school days) → 辍学 (疑似辍学 for more than `dropout_days`
//! days without return) → 劝返中 → 复学 (销号), or at any point 其他合法情形 (转学 confirmed, 送教上门,
//! 休学, 出国, 死亡). The thresholds are settings; the defaults are the one week and one month the
//! county texts write, and are **local practice [L]** where no national number exists.

use serde::{Deserialize, Serialize};

/// A child's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropoutState {
    /// 在校.
    InSchool,
    /// 缺勤待核: an unexcused absence not yet verified.
    AbsencePending,
    /// 疑似辍学.
    Suspected,
    /// 辍学.
    Dropout,
    /// 劝返中.
    Persuading,
    /// 复学（销号）: the case is closed with the child back at school.
    Returned,
    /// 其他合法情形: the case is closed for a lawful reason.
    Lawful(LawfulReason),
}

/// A lawful reason for a child not to be at their school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LawfulReason {
    /// 转学 with the receiving school's confirmation.
    TransferConfirmed,
    /// 送教上门.
    HomeTeaching,
    /// 休学.
    Suspension,
    /// 出国（境）.
    Abroad,
    /// 死亡.
    Death,
}

impl LawfulReason {
    /// Every reason.
    pub const ALL: [LawfulReason; 5] = [
        LawfulReason::TransferConfirmed,
        LawfulReason::HomeTeaching,
        LawfulReason::Suspension,
        LawfulReason::Abroad,
        LawfulReason::Death,
    ];

    /// Stable id, as stored.
    pub const fn id(self) -> &'static str {
        match self {
            LawfulReason::TransferConfirmed => "transfer_confirmed",
            LawfulReason::HomeTeaching => "home_teaching",
            LawfulReason::Suspension => "suspension",
            LawfulReason::Abroad => "abroad",
            LawfulReason::Death => "death",
        }
    }

    /// Parses an [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<LawfulReason> {
        LawfulReason::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            LawfulReason::TransferConfirmed => "转学（已确认）",
            LawfulReason::HomeTeaching => "送教上门",
            LawfulReason::Suspension => "休学",
            LawfulReason::Abroad => "出国（境）",
            LawfulReason::Death => "死亡",
        }
    }
}

impl DropoutState {
    /// Stable id, as stored: `in_school` … `returned`, or `lawful:<reason id>`.
    pub fn id(self) -> String {
        match self {
            DropoutState::InSchool => "in_school".into(),
            DropoutState::AbsencePending => "absence_pending".into(),
            DropoutState::Suspected => "suspected".into(),
            DropoutState::Dropout => "dropout".into(),
            DropoutState::Persuading => "persuading".into(),
            DropoutState::Returned => "returned".into(),
            DropoutState::Lawful(r) => format!("lawful:{}", r.id()),
        }
    }

    /// Parses an [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<DropoutState> {
        Some(match id {
            "in_school" => DropoutState::InSchool,
            "absence_pending" => DropoutState::AbsencePending,
            "suspected" => DropoutState::Suspected,
            "dropout" => DropoutState::Dropout,
            "persuading" => DropoutState::Persuading,
            "returned" => DropoutState::Returned,
            _ => DropoutState::Lawful(LawfulReason::from_id(id.strip_prefix("lawful:")?)?),
        })
    }

    /// The full Chinese name: a lawful situation with its reason (其他合法情形：休学).
    pub fn text(self) -> String {
        match self {
            DropoutState::Lawful(r) => format!("其他合法情形：{}", r.label()),
            s => s.label().to_owned(),
        }
    }

    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            DropoutState::InSchool => "在校",
            DropoutState::AbsencePending => "缺勤待核",
            DropoutState::Suspected => "疑似辍学",
            DropoutState::Dropout => "辍学",
            DropoutState::Persuading => "劝返中",
            DropoutState::Returned => "复学（销号）",
            DropoutState::Lawful(_) => "其他合法情形",
        }
    }

    /// Whether a case in this state is open (counts against 动态清零).
    pub const fn open(self) -> bool {
        matches!(
            self,
            DropoutState::AbsencePending
                | DropoutState::Suspected
                | DropoutState::Dropout
                | DropoutState::Persuading
        )
    }
}

/// What happens to a child, as someone records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum DropoutEvent {
    /// An unexcused absence is reported.
    Absence,
    /// The absence was verified as excused (illness, leave): back to 在校.
    Excused,
    /// 劝返 begins (a first attempt is recorded).
    Persuade,
    /// The child is back at school: the case is closed (销号).
    Return,
    /// A lawful reason closes the case.
    Lawful {
        /// Which.
        reason: LawfulReason,
    },
}

/// A move the state machine refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("学生当前为“{from}”，不能{event}")]
pub struct TransitionError {
    /// The state's name.
    pub from: &'static str,
    /// What was asked, in Chinese.
    pub event: &'static str,
}

fn event_label(e: DropoutEvent) -> &'static str {
    match e {
        DropoutEvent::Absence => "登记无故缺勤",
        DropoutEvent::Excused => "核实为正当缺勤",
        DropoutEvent::Persuade => "开始劝返",
        DropoutEvent::Return => "登记复学（销号）",
        DropoutEvent::Lawful { .. } => "登记其他合法情形",
    }
}

/// The state after `event` in `state`.
///
/// ```
/// use junheng_core::student::{DropoutEvent as E, DropoutState as S, transition};
/// assert_eq!(transition(S::InSchool, E::Absence), Ok(S::AbsencePending));
/// assert_eq!(transition(S::Dropout, E::Persuade), Ok(S::Persuading));
/// assert_eq!(transition(S::Persuading, E::Return), Ok(S::Returned));
/// assert!(transition(S::InSchool, E::Persuade).is_err());
/// ```
pub fn transition(
    state: DropoutState,
    event: DropoutEvent,
) -> Result<DropoutState, TransitionError> {
    use DropoutEvent as E;
    use DropoutState as S;
    let next = match (state, event) {
        (S::InSchool | S::Returned, E::Absence) => Some(S::AbsencePending),
        (S::AbsencePending, E::Excused) => Some(S::InSchool),
        (S::Suspected | S::Dropout, E::Persuade) => Some(S::Persuading),
        (S::AbsencePending | S::Suspected | S::Dropout | S::Persuading, E::Return) => {
            Some(S::Returned)
        }
        (s, E::Lawful { reason }) if !matches!(s, S::Lawful(_)) => Some(S::Lawful(reason)),
        _ => None,
    };
    next.ok_or(TransitionError {
        from: state.label(),
        event: event_label(event),
    })
}

/// The thresholds of the escalation (settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DropoutSettings {
    /// 缺勤待核 becomes 疑似辍学 after more than this many school days (Monday–Friday) of
    /// unexcused absence. Default 5 ("一个星期") [L].
    pub suspect_days: u32,
    /// 疑似辍学 becomes 辍学 after more than this many days without return. Default 30 ("一个月")
    /// [L].
    pub dropout_days: u32,
    /// An absence must be verified within this many hours. Default 24 [L].
    pub verify_sla_hours: u32,
    /// A 转出 with no matching 转入 within this many days becomes 疑似失学. Default 30.
    pub transfer_days: u32,
    /// A case at 疑似辍学 or 辍学 with no 劝返 (家访) recorded within this many days of reaching
    /// it is an SLA breach. Default 3 [L].
    pub visit_days: u32,
}

impl Default for DropoutSettings {
    fn default() -> Self {
        DropoutSettings {
            suspect_days: 5,
            dropout_days: 30,
            verify_sla_hours: 24,
            transfer_days: 30,
            visit_days: 3,
        }
    }
}

/// Monday–Friday days in `[from, to)`, days counted since 1970-01-01 (a Thursday).
pub fn school_days(from: i64, to: i64) -> i64 {
    (from..to).filter(|d| (d + 3).rem_euclid(7) < 5).count() as i64
}

/// The state the calendar moves a child to: a 缺勤待核 absent since day `since` is 疑似辍学 once
/// more than `suspect_days` school days have passed by `today`; a 疑似辍学 since `since` is 辍学
/// once more than `dropout_days` days have. `None` when nothing moves.
///
/// ```
/// use junheng_core::date::days_from_civil;
/// use junheng_core::student::{DropoutSettings, DropoutState as S, escalate};
/// let s = DropoutSettings::default();
/// let monday = days_from_civil(2025, 3, 3);
/// assert_eq!(escalate(S::AbsencePending, monday, monday + 7, &s), None); // 5 school days
/// assert_eq!(escalate(S::AbsencePending, monday, monday + 8, &s), Some(S::Suspected));
/// assert_eq!(escalate(S::Suspected, monday, monday + 31, &s), Some(S::Dropout));
/// ```
pub fn escalate(
    state: DropoutState,
    since: i64,
    today: i64,
    settings: &DropoutSettings,
) -> Option<DropoutState> {
    match state {
        DropoutState::AbsencePending
            if school_days(since, today) > i64::from(settings.suspect_days) =>
        {
            Some(DropoutState::Suspected)
        }
        DropoutState::Suspected if today - since > i64::from(settings.dropout_days) => {
            Some(DropoutState::Dropout)
        }
        _ => None,
    }
}

/// What is known of a child for the risk score (`practices.md` §6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskFactors {
    /// Consecutive unexcused absence, days.
    pub consecutive_absence_days: u32,
    /// Unexcused absence this term, in per mille of the term's school days.
    pub absence_per_mille: u32,
    /// 低分 in at least 2 core subjects in the last 2 exams (from quality monitoring).
    pub low_scores: bool,
    /// Years above the grade's age.
    pub overage_years: u32,
    /// Repeated a grade or has 休学 history.
    pub repeated: bool,
    /// 脱贫户, 低保 or 困境.
    pub poverty: bool,
    /// 事实无人抚养 or 孤儿.
    pub unsupported: bool,
    /// 留守.
    pub left_behind: bool,
    /// At least 2 school moves in 2 years.
    pub mobile: bool,
    /// 残疾, not 送教上门.
    pub disabled: bool,
    /// 涉案 or 严重违纪.
    pub offending: bool,
    /// On the mental-health watch list (a flag only).
    pub mental_health_flag: bool,
}

/// The points of each factor (settings; the defaults are `practices.md` §6.2, [L] to be tuned
/// against local outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskWeights {
    /// At least 1 consecutive day of unexcused absence.
    pub absence_1: u32,
    /// At least 3 consecutive days.
    pub absence_3: u32,
    /// Unexcused absence over 5 % of the term.
    pub rate_5: u32,
    /// Over 10 % of the term.
    pub rate_10: u32,
    /// 低分 in at least 2 core subjects in the last 2 exams.
    pub low_scores: u32,
    /// At least 2 years above the grade's age.
    pub overage: u32,
    /// Repeated a grade or 休学 history.
    pub repeated: u32,
    /// 脱贫户, 低保 or 困境.
    pub poverty: u32,
    /// 事实无人抚养 or 孤儿.
    pub unsupported: u32,
    /// 留守.
    pub left_behind: u32,
    /// At least 2 school moves in 2 years.
    pub mobile: u32,
    /// 残疾, not 送教上门.
    pub disabled: u32,
    /// 涉案 or 严重违纪.
    pub offending: u32,
    /// On the mental-health watch list.
    pub mental_health_flag: u32,
    /// The score from which the level is 关注.
    pub watch_from: u32,
    /// The score from which the level is 重点.
    pub priority_from: u32,
}

impl Default for RiskWeights {
    fn default() -> Self {
        RiskWeights {
            absence_1: 10,
            absence_3: 25,
            rate_5: 10,
            rate_10: 20,
            low_scores: 10,
            overage: 10,
            repeated: 5,
            poverty: 10,
            unsupported: 15,
            left_behind: 5,
            mobile: 5,
            disabled: 5,
            offending: 10,
            mental_health_flag: 5,
            watch_from: 20,
            priority_from: 40,
        }
    }
}

/// A risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// 一般.
    Ordinary,
    /// 关注.
    Watch,
    /// 重点.
    Priority,
}

impl RiskLevel {
    /// Chinese name.
    pub const fn label(self) -> &'static str {
        match self {
            RiskLevel::Ordinary => "一般",
            RiskLevel::Watch => "关注",
            RiskLevel::Priority => "重点",
        }
    }
}

/// A child's risk: the score (0–100), its level, and which factors gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// Σ points, at most 100.
    pub score: u32,
    /// The level: 疑似辍学 (or worse, while open) is always 重点.
    pub level: RiskLevel,
    /// The factors that scored, in Chinese, with their points.
    pub reasons: Vec<(&'static str, u32)>,
}

/// The risk of a child in `state` with `factors`.
///
/// ```
/// use junheng_core::student::{DropoutState, RiskFactors, RiskLevel, RiskWeights, risk};
/// let f = RiskFactors { consecutive_absence_days: 3, left_behind: true, ..Default::default() };
/// let r = risk(&f, DropoutState::AbsencePending, &RiskWeights::default());
/// assert_eq!((r.score, r.level), (30, RiskLevel::Watch));
/// let s = risk(&RiskFactors::default(), DropoutState::Suspected, &RiskWeights::default());
/// assert_eq!((s.score, s.level), (0, RiskLevel::Priority));
/// ```
pub fn risk(factors: &RiskFactors, state: DropoutState, w: &RiskWeights) -> Risk {
    let f = factors;
    let absence = match f.consecutive_absence_days {
        0 => 0,
        1..=2 => w.absence_1,
        _ => w.absence_3,
    };
    let rate = match f.absence_per_mille {
        0..=50 => 0,
        51..=100 => w.rate_5,
        _ => w.rate_10,
    };
    let parts = [
        ("连续无故缺勤", absence),
        ("本学期无故缺勤率", rate),
        (
            "两门以上核心学科低分",
            if f.low_scores { w.low_scores } else { 0 },
        ),
        (
            "超龄两年以上",
            if f.overage_years >= 2 { w.overage } else { 0 },
        ),
        ("留级或休学经历", if f.repeated { w.repeated } else { 0 }),
        (
            "脱贫户、低保或困境家庭",
            if f.poverty { w.poverty } else { 0 },
        ),
        (
            "事实无人抚养或孤儿",
            if f.unsupported { w.unsupported } else { 0 },
        ),
        ("留守儿童", if f.left_behind { w.left_behind } else { 0 }),
        ("两年内两次以上转学", if f.mobile { w.mobile } else { 0 }),
        (
            "残疾（非送教上门）",
            if f.disabled { w.disabled } else { 0 },
        ),
        ("涉案或严重违纪", if f.offending { w.offending } else { 0 }),
        (
            "心理健康关注",
            if f.mental_health_flag {
                w.mental_health_flag
            } else {
                0
            },
        ),
    ];
    let reasons: Vec<(&'static str, u32)> = parts.into_iter().filter(|(_, p)| *p > 0).collect();
    let score = reasons.iter().map(|(_, p)| p).sum::<u32>().min(100);
    let by_score = if score >= w.priority_from {
        RiskLevel::Priority
    } else if score >= w.watch_from {
        RiskLevel::Watch
    } else {
        RiskLevel::Ordinary
    };
    let level = match state {
        DropoutState::Suspected | DropoutState::Dropout | DropoutState::Persuading => {
            RiskLevel::Priority
        }
        _ => by_score,
    };
    Risk {
        score,
        level,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_parse_back_from_their_ids() {
        let mut all = vec![
            DropoutState::InSchool,
            DropoutState::AbsencePending,
            DropoutState::Suspected,
            DropoutState::Dropout,
            DropoutState::Persuading,
            DropoutState::Returned,
        ];
        all.extend(LawfulReason::ALL.map(DropoutState::Lawful));
        for s in all {
            assert_eq!(DropoutState::from_id(&s.id()), Some(s));
        }
        assert_eq!(DropoutState::from_id("lawful:"), None);
        assert_eq!(DropoutState::from_id("gone"), None);
    }
    use crate::date::days_from_civil;
    use proptest::prelude::*;

    const STATES: [DropoutState; 7] = [
        DropoutState::InSchool,
        DropoutState::AbsencePending,
        DropoutState::Suspected,
        DropoutState::Dropout,
        DropoutState::Persuading,
        DropoutState::Returned,
        DropoutState::Lawful(LawfulReason::Death),
    ];

    #[test]
    fn closed_cases_do_not_move_but_a_returned_child_may_be_absent_again() {
        let death = DropoutState::Lawful(LawfulReason::Death);
        for e in [
            DropoutEvent::Absence,
            DropoutEvent::Return,
            DropoutEvent::Persuade,
        ] {
            assert!(transition(death, e).is_err());
        }
        assert_eq!(
            transition(DropoutState::Returned, DropoutEvent::Absence),
            Ok(DropoutState::AbsencePending)
        );
        let e = transition(DropoutState::InSchool, DropoutEvent::Return).unwrap_err();
        assert_eq!(e.to_string(), "学生当前为“在校”，不能登记复学（销号）");
    }

    #[test]
    fn weekends_are_not_school_days() {
        let friday = days_from_civil(2025, 3, 7);
        assert_eq!(school_days(friday, friday + 3), 1); // Fri, Sat, Sun
        assert_eq!(school_days(friday, friday + 7), 5);
    }

    proptest! {
        #[test]
        fn open_states_are_exactly_those_a_case_can_leave_by_return(i in 0usize..7) {
            let s = STATES[i];
            prop_assert_eq!(s.open(), transition(s, DropoutEvent::Return).is_ok());
        }

        #[test]
        fn the_score_is_bounded_and_grows_with_every_factor(
            days in 0u32..10, rate in 0u32..300, flags in prop::array::uniform8(any::<bool>()),
        ) {
            let w = RiskWeights::default();
            let f = RiskFactors {
                consecutive_absence_days: days, absence_per_mille: rate,
                low_scores: flags[0], repeated: flags[1], poverty: flags[2],
                unsupported: flags[3], left_behind: flags[4], mobile: flags[5],
                disabled: flags[6], offending: flags[7], ..Default::default()
            };
            let r = risk(&f, DropoutState::InSchool, &w);
            prop_assert!(r.score <= 100);
            let more = RiskFactors { mental_health_flag: true, consecutive_absence_days: days + 3, ..f };
            prop_assert!(risk(&more, DropoutState::InSchool, &w).score >= r.score);
            prop_assert_eq!(risk(&f, DropoutState::Dropout, &w).level, RiskLevel::Priority);
        }
    }
}
