//! 社会认可度自测 (issue 19 item 3): the district's own survey of social recognition before the
//! inspectors' one, written once for the command line and the server.
//!
//! | who | sees | may |
//! |---|---|---|
//! | operator (the command line), 管理员 of the district | every survey, its results, batches and imports | create, open, close, issue codes, import, 撤回 |
//! | 督学; 市级 / 省级 looking into the district | every survey and its results | read |
//! | schools and every other role | nothing (a school's cells would be too small to show and the survey is the district's) | — |
//! | anyone holding an unused code of an open survey | the questionnaire of the code's group | answer once ([`answer`]) |
//!
//! Privacy: a code is 128 random bits in a QR link **and** a typed short code of 60 bits
//! (Crockford base32), kept only as SHA-256 ([`codes`]); the response row has no reference to
//! the code, no address and no time finer than the day; an import keeps only the chosen options
//! ([`import`]). Results suppress groups and schools of fewer than `min_cell` respondents
//! ([`results`]).

pub mod answer;
pub mod codes;
pub mod import;
pub mod results;
#[cfg(test)]
mod tests;

use junheng_core::survey::{Questionnaire, Settings, Weighting};
use junheng_labour::calendar::Day;
use junheng_store::survey::{NewSurvey, SurveyInfo, SurveyStatus};
use junheng_store::{DistrictStore, Role, Scope, StoreError};

use crate::pairings::{Caller, Refused};

pub use results::{Latest, latest_result};

/// Whether `caller` keeps the district's surveys: the operator or a district administrator.
pub fn may_write(caller: &Caller<'_>) -> bool {
    match caller {
        Caller::Operator(_) => true,
        Caller::User(u) => u.role == Role::Admin && u.scope == Scope::District,
    }
}

/// Whether `caller` reads the district's surveys: a writer, a 督学, a city or province user.
pub fn may_read(caller: &Caller<'_>) -> bool {
    may_write(caller)
        || matches!(caller, Caller::User(u) if matches!(u.role, Role::Supervisor | Role::City | Role::Province))
}

fn reader(caller: &Caller<'_>) -> Result<(), Refused> {
    may_read(caller).then_some(()).ok_or(Refused::Denied)
}

fn writer(caller: &Caller<'_>) -> Result<(), Refused> {
    may_write(caller).then_some(()).ok_or(Refused::Denied)
}

fn invalid(message: impl Into<String>) -> Refused {
    Refused::Store(StoreError::Invalid(message.into()))
}

/// A survey to create, as typed.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    /// The school year (`2026` = 2026–2027学年).
    pub year: i32,
    /// Its title.
    pub title: &'a str,
    /// The district's own questionnaire (TOML); `None` for the built-in one.
    pub questionnaire: Option<&'a str>,
    /// How groups are combined.
    pub weighting: Weighting,
    /// The smallest group or school shown.
    pub min_cell: u32,
    /// First day answers are taken.
    pub opens_on: Day,
    /// Last day answers are taken.
    pub closes_on: Day,
}

/// Creates a survey (a draft: open it to take answers). The questionnaire is checked (every
/// problem names its line and key).
pub async fn create(
    store: &DistrictStore,
    caller: &Caller<'_>,
    d: &Draft<'_>,
) -> Result<i64, Refused> {
    writer(caller)?;
    let text = d.questionnaire.unwrap_or(Questionnaire::builtin_text());
    Questionnaire::parse(text).map_err(|e| invalid(e.to_string()))?;
    if !(2000..=2100).contains(&d.year) {
        return Err(invalid(format!("学年“{}”应在 2000 至 2100 之间", d.year)));
    }
    if !(1..=100).contains(&d.min_cell) {
        return Err(invalid(format!(
            "最小显示样本量“{}”应在 1 至 100 之间",
            d.min_cell
        )));
    }
    if d.closes_on < d.opens_on {
        return Err(invalid(format!(
            "截止日期 {} 早于开始日期 {}",
            d.closes_on, d.opens_on
        )));
    }
    Ok(store
        .create_survey(
            &NewSurvey {
                year: d.year,
                title: d.title,
                questionnaire: text,
                weighting: d.weighting.id(),
                min_cell: d.min_cell,
                opens_on: d.opens_on,
                closes_on: d.closes_on,
            },
            &caller.actor(),
        )
        .await?)
}

/// A survey with its questionnaire and scoring settings read back.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The stored survey.
    pub info: SurveyInfo,
    /// Its questionnaire.
    pub questionnaire: Questionnaire,
    /// Its scoring settings.
    pub settings: Settings,
}

/// A survey of the district with its questionnaire (no access check: callers check).
pub(crate) async fn load(store: &DistrictStore, id: i64) -> Result<Loaded, Refused> {
    let info = store
        .survey(id)
        .await?
        .ok_or(Refused::Store(StoreError::NotFound("该问卷")))?;
    let questionnaire = Questionnaire::parse(&info.questionnaire).map_err(|_| {
        Refused::Store(StoreError::Corrupt {
            table: "surveys",
            column: "questionnaire",
        })
    })?;
    let settings = Settings {
        weighting: Weighting::parse(&info.weighting).unwrap_or_default(),
        min_cell: info.min_cell,
    };
    Ok(Loaded {
        info,
        questionnaire,
        settings,
    })
}

/// The district's surveys, newest first.
pub async fn list(store: &DistrictStore, caller: &Caller<'_>) -> Result<Vec<SurveyInfo>, Refused> {
    reader(caller)?;
    Ok(store.surveys().await?)
}

/// Opens (takes answers) or closes a survey. A draft or closed survey may be opened, an open one
/// closed.
pub async fn set_status(
    store: &DistrictStore,
    caller: &Caller<'_>,
    id: i64,
    to: SurveyStatus,
) -> Result<(), Refused> {
    writer(caller)?;
    let s = load(store, id).await?;
    let allowed = matches!(
        (s.info.status, to),
        (
            SurveyStatus::Draft | SurveyStatus::Closed,
            SurveyStatus::Open
        ) | (SurveyStatus::Open, SurveyStatus::Closed)
    );
    if !allowed {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "问卷“{}”当前状态不能改为{}",
            s.info.title,
            status_label(to)
        ))));
    }
    Ok(store.set_survey_status(id, to, &caller.actor()).await?)
}

/// A school typed with a batch or an import: `None` when empty, else a 学校标识码 of the
/// district.
pub(crate) async fn school_of(
    store: &DistrictStore,
    school: Option<&str>,
) -> Result<Option<String>, Refused> {
    let Some(t) = school.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let code = junheng_core::school::SchoolCode::parse(t).map_err(|_| {
        invalid(format!(
            "学校标识码“{}”应为 10 位数字",
            crate::users::cut(t)
        ))
    })?;
    if !crate::pairings::known_schools(store).await?.contains(&code) {
        return Err(invalid(format!("学校标识码“{t}”不是本区县的学校")));
    }
    Ok(Some(code.as_str().to_owned()))
}

/// A status in Chinese.
pub fn status_label(s: SurveyStatus) -> &'static str {
    match s {
        SurveyStatus::Draft => "未开始",
        SurveyStatus::Open => "进行中",
        SurveyStatus::Closed => "已结束",
    }
}
