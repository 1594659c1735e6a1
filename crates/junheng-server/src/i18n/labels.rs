//! The catalogue keys of the states other layers name in Chinese (`label()`): a page shows
//! them in the viewer's language through these keys.

use junheng_app::rotation::MoveStatus;
use junheng_app::submissions::{Stage, Verdict};
use junheng_store::{LedgerEntry, MoveSource, VersionKind};

/// A school's verdict.
pub(crate) fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Passes => "common-passes",
        Verdict::Fails => "common-fails",
        Verdict::NotEvaluated => "label-not-evaluated",
        Verdict::Unknown => "label-cannot-evaluate",
    }
}

/// Where a school's submission of a year stands.
pub(crate) fn stage(s: Stage) -> &'static str {
    match s {
        Stage::Returned => "label-returned",
        Stage::NotSubmitted => "label-not-submitted",
        Stage::Pending => "submissions-waiting-for-review",
        Stage::Approved => "label-approved",
    }
}

/// Where a ledger entry came from.
pub(crate) fn move_source(source: MoveSource) -> &'static str {
    match source {
        MoveSource::Import => "label-source-import",
        MoveSource::Manual => "label-source-manual",
        MoveSource::Plan => "label-source-plan",
    }
}

/// A ledger entry's state in school year `year` ([`MoveStatus`]).
pub(crate) fn move_status(entry: &LedgerEntry, year: i32) -> &'static str {
    match MoveStatus::of(entry, year) {
        MoveStatus::Cancelled => "label-cancelled",
        MoveStatus::StillRotating => "label-still-rotating",
        MoveStatus::InForce => "label-in-force",
    }
}

/// How a version was made.
pub(crate) fn version_kind(kind: VersionKind) -> &'static str {
    match kind {
        VersionKind::Replace => "versions-replace-the-year",
        VersionKind::Merge => "versions-update-the-listed-schools",
        VersionKind::Restore => "label-restored",
        VersionKind::Submission => "label-school-submission",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Each key says in Chinese what the other layer's label says.
    #[test]
    fn keys_say_what_the_labels_say() {
        for v in [
            Verdict::Passes,
            Verdict::Fails,
            Verdict::NotEvaluated,
            Verdict::Unknown,
        ] {
            assert_eq!(Lang::Zh.t(verdict(v)), v.label());
        }
        for s in [
            Stage::Returned,
            Stage::NotSubmitted,
            Stage::Pending,
            Stage::Approved,
        ] {
            assert_eq!(Lang::Zh.t(stage(s)), s.label());
        }
        for k in [
            VersionKind::Replace,
            VersionKind::Merge,
            VersionKind::Restore,
            VersionKind::Submission,
        ] {
            assert_eq!(Lang::Zh.t(version_kind(k)), k.label());
        }
        for m in [MoveSource::Import, MoveSource::Manual, MoveSource::Plan] {
            assert_eq!(
                Lang::Zh.t(move_source(m)),
                junheng_app::rotation::source_label(m)
            );
        }
    }
}
