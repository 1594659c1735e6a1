//! A respondent's side: the questionnaire of a code ([`open`]) and the one answer ([`answer`]).
//! An unknown code, a used one, or one of a survey that is not open that day all get the one
//! same refusal ([`gone`]), so nothing is learnt by trying codes (the server also limits tries
//! per address).

use junheng_core::survey::{Question, answered_any, check_answers};
use junheng_labour::calendar::Day;
use junheng_store::survey::{CodeInfo, SurveyStatus};
use junheng_store::{Store, StoreError};

use super::codes::{normalise_short, short_hash, token_hash};
use super::{Loaded, invalid, load};
use crate::pairings::Refused;

/// The one refusal of every code that does not work.
pub fn gone() -> Refused {
    Refused::Store(StoreError::NotFound(
        "该问卷码（问卷码无效、已使用，或问卷不在开放时间）",
    ))
}

/// The stored hash of what a respondent holds: a link token (32 hex digits) or a typed short
/// code; `None` for anything else.
fn hash_of(secret: &str) -> Option<String> {
    let t = secret.trim();
    if t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(token_hash(&t.to_ascii_lowercase()));
    }
    normalise_short(t).map(|s| short_hash(&s))
}

/// What a respondent sees: the survey's title, the group and its questions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Form {
    /// The survey's title.
    pub title: String,
    /// The group's name.
    pub group: String,
    /// The questions.
    pub questions: Vec<Question>,
    /// The last day answers are taken.
    pub closes_on: Day,
}

async fn working(
    store: &Store,
    secret: &str,
    today: Day,
) -> Result<(String, CodeInfo, Loaded), Refused> {
    let hash = hash_of(secret).ok_or_else(gone)?;
    let code = store.survey_code(&hash).await?.ok_or_else(gone)?;
    if code.used {
        return Err(gone());
    }
    let data = store.in_district(code.district);
    let s = load(&data, code.survey).await.map_err(|_| gone())?;
    let open = s.info.status == SurveyStatus::Open
        && s.info.opens_on <= today
        && today <= s.info.closes_on
        && s.questionnaire.group(&code.group).is_some();
    if !open {
        return Err(gone());
    }
    Ok((hash, code, s))
}

/// The questionnaire of a working code (reading does not use it up).
pub async fn open(store: &Store, secret: &str, today: Day) -> Result<Form, Refused> {
    let (_, code, s) = working(store, secret, today).await?;
    let g = s.questionnaire.group(&code.group).ok_or_else(gone)?;
    Ok(Form {
        title: s.info.title,
        group: g.name.clone(),
        questions: g.questions.clone(),
        closes_on: s.info.closes_on,
    })
}

/// The answer of a working code: the chosen option per question (`None` skipped), at least one
/// counted question answered. Written with the code marked used in one transaction; a second
/// answer with the same code — also one racing this one — gets [`gone`].
pub async fn answer(
    store: &Store,
    secret: &str,
    answers: &[Option<u8>],
    today: Day,
) -> Result<(), Refused> {
    let (hash, code, s) = working(store, secret, today).await?;
    let g = s.questionnaire.group(&code.group).ok_or_else(gone)?;
    check_answers(g, answers).map_err(|no| invalid(format!("第 {no} 题的答案不是它的选项之一")))?;
    if !answered_any(g, answers) {
        return Err(invalid("请至少回答一道题"));
    }
    let json = serde_json::to_string(answers).map_err(|e| invalid(e.to_string()))?;
    if store.answer_survey_code(&hash, &code, &json, today).await? {
        Ok(())
    } else {
        Err(gone())
    }
}
