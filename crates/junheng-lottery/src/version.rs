//! The versions of the published formats: `/2` (applicants by 公示编号) and the historical `/1`
//! (applicants by 报名号), which is still verified.

/// A version of the lottery's published formats — inputs, results, audit pack and algorithm
/// tags move together.
///
/// ```
/// use junheng_lottery::Version;
/// assert_eq!(Version::CURRENT.pack_format(), "junheng-lottery-audit/2");
/// assert_eq!(Version::of_pack_format("junheng-lottery-audit/1"), Some(Version::V1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// Historical: applicants identified by their 报名号 (personal data in the published
    /// material). Still verified; no longer produced by the command line or the server.
    V1,
    /// Applicants identified by their 公示编号 (keyed hash of the 报名号), tiers by number only.
    V2,
}

impl Version {
    /// The version new lotteries use.
    pub const CURRENT: Version = Version::V2;

    /// Every version a verifier accepts, oldest first.
    pub const ALL: [Version; 2] = [Version::V1, Version::V2];

    /// Format tag of the canonical inputs, e.g. `junheng-lottery-inputs/2`.
    pub fn inputs_format(self) -> &'static str {
        match self {
            Version::V1 => "junheng-lottery-inputs/1",
            Version::V2 => "junheng-lottery-inputs/2",
        }
    }

    /// Format tag of the canonical results, e.g. `junheng-lottery-results/2`.
    pub fn results_format(self) -> &'static str {
        match self {
            Version::V1 => "junheng-lottery-results/1",
            Version::V2 => "junheng-lottery-results/2",
        }
    }

    /// Format tag of the audit pack, e.g. `junheng-lottery-audit/2`.
    pub fn pack_format(self) -> &'static str {
        match self {
            Version::V1 => "junheng-lottery-audit/1",
            Version::V2 => "junheng-lottery-audit/2",
        }
    }

    /// The draw specification, e.g. `junheng-lottery-draw/2`.
    pub fn algorithm(self) -> &'static str {
        match self {
            Version::V1 => "junheng-lottery-draw/1",
            Version::V2 => "junheng-lottery-draw/2",
        }
    }

    /// The version whose audit pack carries this format tag.
    pub fn of_pack_format(tag: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.pack_format() == tag)
    }

    /// The version whose canonical inputs carry this format tag.
    pub fn of_inputs_format(tag: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.inputs_format() == tag)
    }

    /// `「a」或「b」` of the given tag of every version, for messages.
    pub(crate) fn supported(tag: fn(Version) -> &'static str) -> String {
        Version::ALL
            .iter()
            .map(|v| format!("「{}」", tag(*v)))
            .collect::<Vec<_>>()
            .join("或")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_differ() {
        for v in Version::ALL {
            assert_eq!(Version::of_pack_format(v.pack_format()), Some(v));
            assert_eq!(Version::of_inputs_format(v.inputs_format()), Some(v));
        }
        assert_eq!(Version::of_pack_format("junheng-lottery-audit/3"), None);
        assert_eq!(
            Version::supported(Version::pack_format),
            "「junheng-lottery-audit/1」或「junheng-lottery-audit/2」"
        );
    }
}
