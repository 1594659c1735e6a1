//! 名师工作室 and 师徒结对: the three files (工作室名册, 工作室成果, 师徒结对) read, checked against
//! the district (schools of its statistics, teachers of its rosters, studios of the current
//! 名册) and imported whole or not at all; the current file of a kind replaced only when the
//! caller says so and withdrawn to the previous one; a running pair ended; the year's reports
//! ([`report`]: studios; [`mentors`]: pairs) scoped to what the caller sees.
//!
//! Writes are for the district's administrators and the command line's operator
//! ([`may_write`]); a school's users see the studios with a host or member of their school and
//! the pairs involving it.

pub(crate) mod check;
pub mod mentors;
pub mod report;
#[cfg(test)]
mod tests;

use junheng_io::teachers::mentors::{MentorsFile, read_mentors};
use junheng_io::teachers::studios::{
    Issue, OutputsFile, StudiosFile, read_outputs, read_studios, write_outputs_template,
    write_template,
};
use junheng_store::teachers::studios::{StudioFile, StudioFileKind, StudioRows};
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::mentors::Outcome;
use junheng_teachers::studios::StudioSettings;

pub use crate::pairings::{Caller, Refused, may_write};
pub use report::{StudiosReport, report};

/// A file read and checked on its own, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Upload {
    /// 工作室名册.
    Studios(StudiosFile),
    /// 工作室成果.
    Outputs(OutputsFile),
    /// 师徒结对.
    Mentors(MentorsFile),
}

impl Upload {
    /// Its kind.
    pub fn kind(&self) -> StudioFileKind {
        match self {
            Upload::Studios(_) => StudioFileKind::Studios,
            Upload::Outputs(_) => StudioFileKind::Outputs,
            Upload::Mentors(_) => StudioFileKind::Mentors,
        }
    }

    /// The file's name.
    pub fn file_name(&self) -> &str {
        match self {
            Upload::Studios(f) => &f.origin.file,
            Upload::Outputs(f) => &f.origin.file,
            Upload::Mentors(f) => &f.origin.file,
        }
    }

    /// Rows read.
    pub fn rows(&self) -> usize {
        match self {
            Upload::Studios(f) => f.studios.len(),
            Upload::Outputs(f) => f.outputs.len(),
            Upload::Mentors(f) => f.pairs.len(),
        }
    }

    /// What did not stop the reading.
    pub fn warnings(&self) -> &[Issue] {
        match self {
            Upload::Studios(f) => &f.warnings,
            Upload::Outputs(f) => &f.warnings,
            Upload::Mentors(f) => &f.warnings,
        }
    }

    fn rows_for_store(&self) -> StudioRows<'_> {
        match self {
            Upload::Studios(f) => StudioRows::Studios(&f.studios),
            Upload::Outputs(f) => StudioRows::Outputs(&f.outputs),
            Upload::Mentors(f) => StudioRows::Mentors(&f.pairs),
        }
    }
}

/// Reads a file of `kind`: every problem, located, as [`Refused::Problems`].
pub fn read(
    kind: StudioFileKind,
    bytes: &[u8],
    file_name: &str,
    settings: &StudioSettings,
) -> Result<Upload, Refused> {
    match kind {
        StudioFileKind::Studios => read_studios(bytes, file_name, settings).map(Upload::Studios),
        StudioFileKind::Outputs => read_outputs(bytes, file_name).map(Upload::Outputs),
        StudioFileKind::Mentors => read_mentors(bytes, file_name).map(Upload::Mentors),
    }
    .map_err(Refused::Problems)
}

/// The template of `kind` and its download name.
pub fn template(kind: StudioFileKind) -> (Vec<u8>, String) {
    let bytes = match kind {
        StudioFileKind::Studios => write_template(),
        StudioFileKind::Outputs => write_outputs_template(),
        StudioFileKind::Mentors => junheng_io::teachers::mentors::write_template(),
    };
    (bytes, format!("{}模板.xlsx", kind.label()))
}

/// Imports a read file (administrators, the operator): checked against the district
/// ([`check`]), then written whole with its audit entry — or not at all ([`Refused::Problems`]
/// with every problem). When a file of the kind is current it is replaced only with `replace`
/// (else a conflict naming it).
pub async fn import(
    store: &DistrictStore,
    caller: &Caller<'_>,
    upload: &Upload,
    sha256: &str,
    replace: bool,
) -> Result<StudioFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    let issues = check::against_district(store, upload).await?;
    if !issues.is_empty() {
        return Err(Refused::Problems(junheng_io::school::ImportFailure {
            issues,
            warnings: upload.warnings().to_vec(),
        }));
    }
    let kind = upload.kind();
    if !replace && let Some(current) = store.current_studio_file(kind).await? {
        return Err(Refused::Store(StoreError::Conflict(format!(
            "已有{}“{}”（{} 行，{} 导入）；确认替换后再导入（替换后可撤回，恢复原表）",
            kind.label(),
            current.file_name,
            current.rows,
            junheng_core::date::beijing_text(&current.imported_at)
        ))));
    }
    Ok(store
        .import_studio_file(
            upload.rows_for_store(),
            upload.file_name(),
            sha256,
            &caller.actor(),
        )
        .await?)
}

/// Withdraws the current file of `kind` (administrators, the operator); the previous one, if
/// any, is current again.
pub async fn withdraw(
    store: &DistrictStore,
    caller: &Caller<'_>,
    kind: StudioFileKind,
) -> Result<StudioFile, Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store.withdraw_studio_file(kind, &caller.actor()).await?)
}

/// Ends the running pair at `position` of the current 师徒结对 file on `end` (`YYYY-MM-DD`)
/// with `outcome` (administrators, the operator).
pub async fn end_pair(
    store: &DistrictStore,
    caller: &Caller<'_>,
    position: usize,
    end: &str,
    outcome: Outcome,
) -> Result<(), Refused> {
    if !may_write(caller) {
        return Err(Refused::Denied);
    }
    Ok(store
        .end_mentor_pair(position, end, outcome, &caller.actor())
        .await?)
}
