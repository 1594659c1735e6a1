//! 区/校/班 三级考评: the term's path from the classes' summaries through the school's 公示 and
//! review to the 综合素质评价 export, the district's audit sample of each school, and the
//! 星级学校 rating.
//!
//! The 意见 asks for 公示 and 审核 before labour results count \[V\]; the path is one state
//! machine per school and term ([`step`]):
//!
//! ```text
//! Collecting ─Summarise→ Summarised ─Publicise→ Publicity ─Review→ Reviewed ─Export→ Exported
//!                            ↑                      │                 │
//!                            └──────── Reopen ──────┴─────────────────┘   (an objection: correct, publish again)
//! ```
//!
//! The 公示 lasts [`ReviewSettings::publicity_working_days`] working days (default 5 \[L\]) from
//! its first day, weekends and holidays not counted ([`WorkCalendar`]). Review may happen
//! during the 公示; export is refused until the school has reviewed **and** the 公示 is over
//! (from the day after its last day).
//!
//! ```
//! use junheng_labour::calendar::{Day, WorkCalendar};
//! use junheng_labour::review::{ReviewEvent as E, ReviewSettings, ReviewState, step};
//! let d = |t| Day::parse(t).unwrap();
//! let (cal, s) = (WorkCalendar::default(), ReviewSettings::default());
//! let mut state = ReviewState::Collecting;
//! for event in [E::Summarise { on: d("2026-01-12") }, E::Publicise { start: d("2026-01-14") },
//!               E::Review { on: d("2026-01-19") }] {
//!     state = step(&state, event, &cal, &s).unwrap();
//! }
//! // 公示 14, 15, 16, 19, 20 January: export on the 20th is refused, on the 21st allowed.
//! assert_eq!(step(&state, E::Export { on: d("2026-01-20") }, &cal, &s).unwrap_err().code(), "review.publicity_not_over");
//! assert!(step(&state, E::Export { on: d("2026-01-21") }, &cal, &s).is_ok());
//! ```

mod audit;
mod export;
mod stars;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::calendar::{Day, WorkCalendar};

pub use audit::{AuditSettings, audit_sample, audit_size};
pub use export::{ExportRow, export_rows};
pub use stars::{StarCheck, StarInput, StarLevel, StarRating, StarSettings, rate_school};

/// The settings of review: the 公示 period, the district's audit sample and the 星级 criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewSettings {
    /// Working days of the school's 公示. Default 5 \[L\] (common practice; the 意见 asks for a
    /// 公示 without fixing its length).
    pub publicity_working_days: u32,
    /// The district's audit sample of each school per term.
    pub audit: AuditSettings,
    /// The 星级学校 criteria.
    pub stars: StarSettings,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            publicity_working_days: 5,
            audit: AuditSettings::default(),
            stars: StarSettings::default(),
        }
    }
}

/// Where a school's term stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ReviewState {
    /// 班级小结中: classes are writing their term summaries.
    Collecting,
    /// 待公示: every class summary is in.
    Summarised {
        /// When the last class summary came in (or the school reopened).
        on: Day,
    },
    /// 公示中.
    Publicity {
        /// The 公示's first day.
        start: Day,
        /// Its last day (working days counted).
        ends: Day,
    },
    /// 已审核: the school reviewed the results (possibly while the 公示 still runs).
    Reviewed {
        /// The 公示's first day.
        start: Day,
        /// Its last day.
        ends: Day,
        /// The review's day.
        on: Day,
    },
    /// 已导出 to 综合素质评价.
    Exported {
        /// The 公示's last day.
        ends: Day,
        /// The review's day.
        reviewed: Day,
        /// The export's day.
        on: Day,
    },
}

impl ReviewState {
    /// The state in Chinese.
    pub fn label(&self) -> &'static str {
        match self {
            ReviewState::Collecting => "班级小结中",
            ReviewState::Summarised { .. } => "待公示",
            ReviewState::Publicity { .. } => "公示中",
            ReviewState::Reviewed { .. } => "已审核",
            ReviewState::Exported { .. } => "已导出",
        }
    }
}

/// What happens to a school's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum ReviewEvent {
    /// Every class summary is in.
    Summarise {
        /// The day.
        on: Day,
    },
    /// The school publishes the summaries (公示).
    Publicise {
        /// The 公示's first day.
        start: Day,
    },
    /// The school reviews (审核).
    Review {
        /// The day.
        on: Day,
    },
    /// An objection upheld: the summaries are corrected and published again.
    Reopen {
        /// The day.
        on: Day,
    },
    /// The results go to 综合素质评价.
    Export {
        /// The day.
        on: Day,
    },
}

impl ReviewEvent {
    fn label(self) -> &'static str {
        match self {
            ReviewEvent::Summarise { .. } => "提交班级小结",
            ReviewEvent::Publicise { .. } => "公示",
            ReviewEvent::Review { .. } => "审核",
            ReviewEvent::Reopen { .. } => "退回重新公示",
            ReviewEvent::Export { .. } => "导出至综合素质评价",
        }
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The event does not follow from the state.
    #[error("当前状态为「{state}」，不能{event}")]
    OutOfOrder {
        /// The state's label.
        state: &'static str,
        /// The event's label.
        event: &'static str,
    },
    /// Export before the 公示 is over.
    #[error("公示期至 {ends} 结束，公示期满后（{ends} 之后）才能导出")]
    PublicityNotOver {
        /// The 公示's last day.
        ends: Day,
    },
    /// Export before the school's review.
    #[error("学校尚未审核，审核后才能导出至综合素质评价")]
    NotReviewed,
    /// A day earlier than the step before it.
    #[error("日期 {day} 早于上一步的日期 {earliest}")]
    DayBefore {
        /// The event's day.
        day: Day,
        /// The earliest day allowed.
        earliest: Day,
    },
}

impl ReviewError {
    /// The stable code (an i18n key).
    pub fn code(&self) -> &'static str {
        match self {
            ReviewError::OutOfOrder { .. } => "review.out_of_order",
            ReviewError::PublicityNotOver { .. } => "review.publicity_not_over",
            ReviewError::NotReviewed => "review.not_reviewed",
            ReviewError::DayBefore { .. } => "review.day_before",
        }
    }
}

/// The state after `event`, or why it is refused.
pub fn step(
    state: &ReviewState,
    event: ReviewEvent,
    calendar: &WorkCalendar,
    settings: &ReviewSettings,
) -> Result<ReviewState, ReviewError> {
    use ReviewEvent as E;
    use ReviewState as S;
    let not_before = |day: Day, earliest: Day| {
        if day < earliest {
            Err(ReviewError::DayBefore { day, earliest })
        } else {
            Ok(())
        }
    };
    match (*state, event) {
        (S::Collecting, E::Summarise { on }) => Ok(S::Summarised { on }),
        (S::Summarised { on }, E::Publicise { start }) => {
            not_before(start, on)?;
            let ends = calendar.last_of_working_days(start, settings.publicity_working_days);
            Ok(S::Publicity { start, ends })
        }
        (S::Publicity { start, ends }, E::Review { on }) => {
            not_before(on, start)?;
            Ok(S::Reviewed { start, ends, on })
        }
        (S::Publicity { start, .. } | S::Reviewed { start, .. }, E::Reopen { on }) => {
            not_before(on, start)?;
            Ok(S::Summarised { on })
        }
        (S::Publicity { ends, .. } | S::Reviewed { ends, .. }, E::Export { on }) if on <= ends => {
            Err(ReviewError::PublicityNotOver { ends })
        }
        (
            S::Reviewed {
                ends, on: reviewed, ..
            },
            E::Export { on },
        ) => {
            not_before(on, reviewed)?;
            Ok(S::Exported { ends, reviewed, on })
        }
        (S::Collecting | S::Summarised { .. } | S::Publicity { .. }, E::Export { .. }) => {
            Err(ReviewError::NotReviewed)
        }
        (state, event) => Err(ReviewError::OutOfOrder {
            state: state.label(),
            event: event.label(),
        }),
    }
}
