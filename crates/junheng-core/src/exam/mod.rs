//! 质量监测: an exam's scores as compact columns, and what a bureau publishes of them — 一分三率
//! (一分四率), 标准分, 超均率, 比值赋分, distributions and 区分度 per class, school, 学区, group and
//! district; the local estimates of the 校际差异率 (本地估算, never the 督导 decision); 增值评价
//! between two exams of one cohort; literacy levels. The rules are `domain/practices.md` §1, every
//! threshold a setting.
//!
//! **The model.** An [`Exam`] holds its students (the roster: 应考, everyone enrolled in the exam's
//! grade at its date) sorted by school and class, and per paper one [`Cell`] per roster student:
//! a score in tenths of a point ([`Tenths`]) or a status ([`Mark`]). Sums of scores are exact
//! integers, so every mean, rate and variance is computed from exact totals. A city's year (10⁸
//! sittings) is 2 bytes a sitting.
//!
//! **The figures.** [`figures`] tallies each paper in one pass ([`Tally`], exact integers) and
//! applies the [`QualitySettings`] (denominator, absence and 作弊 policies, 良好率 mode, lines of
//! 总分); [`spread()`] gives the 本地估算 of the 校际差异率 from them, [`value_added`] compares two
//! exams, [`composite`] rates schools against the best, [`student_card`] gives one student's
//! line, and [`analyse_all`] does everything for a set of exams.
//!
//! ```
//! use junheng_core::exam::{ExamBuilder, Mark, PaperSpec, Tenths};
//! let mut exam = ExamBuilder::new(vec![PaperSpec::with_default_lines("数学", Tenths::points(100))]);
//! let school = exam.school("5001120001", "甲校");
//! let a = exam.student(school, "(1)班", 1).unwrap();
//! let b = exam.student(school, "(1)班", 2).unwrap();
//! exam.mark(a, 0, Mark::Score(Tenths::parse("86.5").unwrap())).unwrap();
//! exam.mark(b, 0, Mark::Absent).unwrap();
//! let exam = exam.build();
//! assert_eq!(exam.students(), 2);
//! assert_eq!(exam.cells(0)[0].score(), Some(Tenths(865)));
//! ```

mod analysis;
mod builder;
mod card;
mod composite;
mod distribution;
mod figures;
mod keys;
mod levels;
mod model;
mod settings;
mod spread;
mod tally;
mod teaching;
#[cfg(test)]
mod tests;
mod value_added;

pub use analysis::{Analysis, analyse_all};
pub use builder::ExamBuilder;
pub use card::{CardLine, StudentCard, student_card};
pub use composite::{CompositeRow, composite, quality_score, rate_to_best};
pub use distribution::{BoxPlot, band_labels, box_plot, discrimination, n27, quantiles};
pub use figures::{Figures, PaperFigures, UnitFigures, UnitLevel, figures};
pub use levels::{LevelFigures, LevelRow, level_counts};
pub use model::{
    Cell, ClassUnit, Exam, ExamError, Lines, Mark, PaperIx, PaperSpec, SchoolUnit, StudentIx,
    StudentKey, Teaching, Tenths,
};
pub use settings::{
    AbsentPolicy, CheatPolicy, CompositeWeights, Denominator, LevelSettings, LineShares,
    QualitySettings, QualitySettingsError, RateMode, TOTAL_SUBJECT, TotalPolicy, ValueAddedMethod,
    ValueAddedSettings,
};
pub use spread::{
    ETA2_DEFINITION, ICC1_DEFINITION, LOCAL_ESTIMATE, NAEQ_LINE, NaeqResult, PaperSpread, RateUnit,
    SD_OF_MEANS_DEFINITION, Spread, spread, spread_of,
};
pub use tally::Tally;
pub use teaching::{TeacherUnit, teacher_units};
pub use value_added::{
    SubjectVa, TeacherVa, VALUE_ADDED_CAVEATS, VaBand, VaUnit, ValueAdded, rolling_mean,
    value_added,
};
