//! An online survey's export (问卷星-style) into a survey, all or nothing: the reader keeps only
//! the chosen options (time, IP and 来源 are dropped before anything is stored), the file is
//! stored for one respondent group (and school), and 撤回 takes it back.

use junheng_io::survey::{Issue, read, write_template};
use junheng_labour::calendar::Day;
use junheng_store::{DistrictStore, StoreError};
use sha2::{Digest, Sha256};

use super::{invalid, load, school_of, writer};
use crate::pairings::{Caller, Refused};

/// What an import stored.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The import's id (for 撤回).
    pub id: i64,
    /// Responses stored.
    pub responses: usize,
    /// Warnings (ignored columns).
    pub warnings: Vec<Issue>,
}

/// Imports `bytes` (named `file_name`) as responses of `group` (and `school`) received on
/// `today`. The same file twice (not withdrawn) is refused.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    survey: i64,
    group: &str,
    school: Option<&str>,
    bytes: &[u8],
    file_name: &str,
    today: Day,
) -> Result<Imported, Refused> {
    writer(caller)?;
    let s = load(store, survey).await?;
    let g = s
        .questionnaire
        .group(group.trim())
        .ok_or_else(|| invalid(format!("问卷没有调查对象“{}”", crate::users::cut(group))))?;
    let school = school_of(store, school).await?;
    let file = read(g, bytes, file_name).map_err(Refused::Problems)?;
    let sha = hex::encode(Sha256::digest(bytes));
    if store
        .survey_imports(survey)
        .await?
        .iter()
        .any(|i| !i.withdrawn && i.sha256 == sha)
    {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "文件“{}”已导入过（内容相同）；如需重新导入，请先撤回上次的导入",
            crate::users::cut(file_name)
        ))));
    }
    let answers: Vec<String> = file
        .answers
        .iter()
        .map(|a| serde_json::to_string(a).map_err(|e| invalid(e.to_string())))
        .collect::<Result<_, _>>()?;
    let id = store
        .import_survey(
            survey,
            &g.id,
            school.as_deref(),
            file_name,
            &sha,
            &answers,
            today,
            &caller.actor(),
        )
        .await?;
    Ok(Imported {
        id,
        responses: answers.len(),
        warnings: file.warnings,
    })
}

/// 撤回 of an import: its responses no longer count.
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    survey: i64,
    import: i64,
) -> Result<(), Refused> {
    writer(caller)?;
    Ok(store
        .withdraw_survey_import(survey, import, &caller.actor())
        .await?)
}

/// The blank export template of a group of a survey's questionnaire (.xlsx).
pub async fn template(
    store: &DistrictStore,
    caller: &Caller<'_>,
    survey: i64,
    group: &str,
) -> Result<Vec<u8>, Refused> {
    writer(caller)?;
    let s = load(store, survey).await?;
    let g = s
        .questionnaire
        .group(group.trim())
        .ok_or_else(|| invalid(format!("问卷没有调查对象“{}”", crate::users::cut(group))))?;
    Ok(write_template(g))
}
