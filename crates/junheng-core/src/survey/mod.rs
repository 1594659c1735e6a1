//! 社会认可度自测 (the self-check survey of social recognition, standard.md §5): questionnaires as
//! data ([`Questionnaire`]), a response's answers checked against them ([`check_answers`]) and
//! the pure scoring ([`results`]): per respondent group its rate with a 95 % Wilson interval, the
//! overall rate weighted over groups, and whether it meets the 85 % line.
//!
//! The official 社会认可度 is the inspectors' own survey; this one is the district's check
//! before it, tagged [L] (a local practice): its numbers say how the district stands, not what
//! the inspectors will find.

mod questionnaire;
mod score;
#[cfg(test)]
mod tests;

pub use questionnaire::{
    Choice, Group, MAX_GROUPS, MAX_LABEL, MAX_OPTIONS, MAX_QUESTIONS, MAX_TEXT, Question,
    Questionnaire, QuestionnaireError, Stance, Topic, UnknownRule,
};
pub use score::{
    DEFAULT_MIN_CELL, GroupResult, Interval, LINE, QuestionResult, Response, Results, SchoolResult,
    Settings, Tally, Weighting, results, wilson,
};

/// Checks a response's answers against its group: one entry per question, each `None` or an
/// option's index. `Err` names the first question whose answer is not one of its options.
///
/// ```
/// use junheng_core::survey::{Questionnaire, check_answers};
/// let q = Questionnaire::builtin();
/// let g = q.group("principal").unwrap();
/// assert!(check_answers(g, &[Some(0), Some(1), None]).is_ok());
/// assert_eq!(check_answers(g, &[Some(0), Some(9), None]), Err(2));
/// assert_eq!(check_answers(g, &[Some(0)]), Err(2));
/// ```
pub fn check_answers(group: &Group, answers: &[Option<u8>]) -> Result<(), usize> {
    for q in &group.questions {
        match answers.get(q.no - 1) {
            None => return Err(q.no),
            Some(Some(i)) if usize::from(*i) >= q.options.len() => return Err(q.no),
            _ => {}
        }
    }
    if answers.len() > group.questions.len() {
        return Err(group.questions.len() + 1);
    }
    Ok(())
}

/// Whether a response answered at least one counted question (an empty form is no response).
pub fn answered_any(group: &Group, answers: &[Option<u8>]) -> bool {
    group
        .questions
        .iter()
        .any(|q| q.counts && answers.get(q.no - 1).copied().flatten().is_some())
}
