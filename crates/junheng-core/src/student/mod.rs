//! Students (issue 13, first part): the 学籍号 and what may be shown of it, the rates the
//! 督导评估 computes from students, and the 控辍保学 state machine with its risk score — pure
//! engines.
//!
//! * [`StudentNumber`]: a checked 学籍号 (`G` + 身份证号 with its check character, or a temporary
//!   `L…`), masked when shown and in `Debug`;
//! * [`junior_consolidation`], [`nine_year_consolidation`], [`disabled_enrolment`],
//!   [`migrant_public_share`], [`enrolment_rate`], [`attrition`]: each a [`StudentRate`] with its
//!   definition, inputs, cap and the 督导 floor;
//! * [`transition`], [`escalate`], [`risk`]: a child's state (在校 → 缺勤待核 → 疑似辍学 → 辍学 →
//!   劝返中 → 复学 / 其他合法情形), the escalation the calendar drives, and the risk score with
//!   its level;
//! * [`Stage`], [`Hukou`], [`Disability`], [`Placement`], [`Flags`]: what the 学籍 says of a
//!   child besides who they are;
//! * [`suppress`]: small-cell and complementary suppression of the counts that district and city
//!   roles see.

mod dropout;
mod number;
mod rates;
mod registry;
mod settings;
mod suppress;

pub use dropout::{
    DropoutEvent, DropoutSettings, DropoutState, LawfulReason, Risk, RiskFactors, RiskLevel,
    RiskWeights, TransitionError, escalate, risk, school_days, transition,
};
pub use number::{NumberError, NumberKind, StudentNumber};
pub use rates::{
    CONSOLIDATION_FLOOR, Cohort, ConsolidationVariant, MIGRANT_FLOOR, RateError, StudentRate,
    attrition, disabled_enrolment, enrolment_rate, junior_consolidation, migrant_public_share,
    nine_year_consolidation,
};
pub use registry::{Disability, Flags, Hukou, Placement, Stage};
pub use settings::StudentSettings;
pub use suppress::{Cell, DEFAULT_MIN_CELL, Suppressed, suppress};
