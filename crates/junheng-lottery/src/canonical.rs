//! The canonical form of the inputs (`freeze`).

use serde::Serialize;

use crate::compile::compile;
use crate::model::{InputError, Inputs};
use crate::stream::sha256_hex;

/// Format tag of the canonical inputs of the current version.
pub const INPUTS_FORMAT: &str = "junheng-lottery-inputs/2";

#[derive(Serialize)]
struct CanonInputs<'a> {
    applicants: Vec<CanonApplicant<'a>>,
    format: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_commitment: Option<&'a str>,
    schools: Vec<CanonSchool<'a>>,
    title: &'a str,
    zones: Vec<CanonZone<'a>>,
}

#[derive(Serialize)]
struct CanonApplicant<'a> {
    category: Option<&'a str>,
    id: &'a str,
    preferences: &'a [String],
    sibling: Option<&'a str>,
    tier: u32,
    zone: &'a str,
}

#[derive(Serialize)]
struct CanonSchool<'a> {
    capacity: u32,
    id: &'a str,
    name: &'a str,
    quotas: Vec<CanonQuota<'a>>,
    zone: &'a str,
}

#[derive(Serialize)]
struct CanonQuota<'a> {
    category: &'a str,
    seats: u32,
}

#[derive(Serialize)]
struct CanonZone<'a> {
    id: &'a str,
    mode: &'a str,
    name: &'a str,
}

/// The frozen inputs: canonical bytes and their SHA-256, published before the ceremony.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frozen {
    /// The canonical form (UTF-8 JSON, see the crate documentation).
    pub canonical: Vec<u8>,
    /// `SHA-256(canonical)` as 64 lowercase hex digits.
    pub digest: String,
}

/// Canonical bytes of inputs, without validation. Use [`freeze`] for the published form.
pub(crate) fn canonical_bytes(inputs: &Inputs) -> Vec<u8> {
    let mut applicants: Vec<CanonApplicant> = inputs
        .applicants
        .iter()
        .map(|a| CanonApplicant {
            category: a.category.as_deref(),
            id: &a.id,
            preferences: &a.preferences,
            sibling: a.sibling.as_deref(),
            tier: a.tier,
            zone: &a.zone,
        })
        .collect();
    applicants.sort_unstable_by(|a, b| a.id.cmp(b.id));
    let mut schools: Vec<CanonSchool> = inputs
        .schools
        .iter()
        .map(|s| {
            let mut quotas: Vec<CanonQuota> = s
                .quotas
                .iter()
                .map(|q| CanonQuota {
                    category: &q.category,
                    seats: q.seats,
                })
                .collect();
            quotas.sort_unstable_by(|a, b| a.category.cmp(b.category));
            CanonSchool {
                capacity: s.capacity,
                id: &s.id,
                name: &s.name,
                quotas,
                zone: &s.zone,
            }
        })
        .collect();
    schools.sort_unstable_by(|a, b| a.id.cmp(b.id));
    let mut zones: Vec<CanonZone> = inputs
        .zones
        .iter()
        .map(|z| CanonZone {
            id: &z.id,
            mode: z.mode.name(),
            name: &z.name,
        })
        .collect();
    zones.sort_unstable_by(|a, b| a.id.cmp(b.id));
    let canon = CanonInputs {
        applicants,
        format: inputs.version().inputs_format(),
        key_commitment: inputs.key_commitment.as_deref(),
        schools,
        title: &inputs.title,
        zones,
    };
    serde_json::to_vec(&canon).expect("inputs serialise")
}

/// Validates the inputs and freezes them: canonical bytes and digest, in the inputs' version
/// (seal them with [`crate::seal`] first: version 2 publishes 公示编号, not 报名号).
///
/// The canonical form does not depend on the order of records in the input (lists are sorted by
/// id), only on their content; preferences keep their order.
///
/// ```
/// use junheng_lottery::{freeze, seal, Applicant, Inputs, LotteryKey, School, Zone, ZoneMode};
/// let inputs = Inputs {
///     title: "示例".into(),
///     zones: vec![Zone { id: "Z1".into(), name: String::new(), mode: ZoneMode::SingleSchool }],
///     schools: vec![School { id: "S1".into(), name: "一小".into(), zone: "Z1".into(), capacity: 1, quotas: vec![] }],
///     applicants: vec![Applicant {
///         id: "2025000001".into(), zone: "Z1".into(), tier: 0, preferences: vec!["S1".into()],
///         sibling: None, category: None,
///     }],
///     key_commitment: None,
/// };
/// let key = LotteryKey::from_bytes([5; 32]);
/// let frozen = freeze(&seal(&inputs, &key).unwrap().inputs).unwrap();
/// let code = key.public_code("2025000001");
/// let text = String::from_utf8(frozen.canonical).unwrap();
/// assert!(text.starts_with(&format!(r#"{{"applicants":[{{"category":null,"id":"{code}""#)));
/// assert!(text.contains(r#""format":"junheng-lottery-inputs/2","key_commitment":""#));
/// assert!(!text.contains("2025000001"));
/// assert_eq!(frozen.digest.len(), 64);
/// ```
pub fn freeze(inputs: &Inputs) -> Result<Frozen, InputError> {
    compile(inputs)?;
    let canonical = canonical_bytes(inputs);
    let digest = sha256_hex(&canonical);
    Ok(Frozen { canonical, digest })
}
