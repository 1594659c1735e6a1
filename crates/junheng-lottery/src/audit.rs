//! The ceremony draw, its audit pack, and verification by re-running.

use serde::{Deserialize, Serialize};

use crate::canonical::canonical_bytes;
use crate::compile::{Compiled, compile};
use crate::engine::Workspace;
use crate::model::{InputError, Inputs};
use crate::results::{DrawResults, build, describe_difference};
use crate::stream::{Witness, WitnessError, derive_seed, hex, sha256_hex};
use crate::version::Version;

/// Format tag of the audit pack of the current version.
pub const PACK_FORMAT: &str = "junheng-lottery-audit/2";
/// Version of the draw specification (inputs form, stream, tie-break, mechanisms, results form)
/// of the current version.
pub const ALGORITHM: &str = "junheng-lottery-draw/2";

/// A zone and the mechanism (with version) that drew it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneMechanism {
    /// Zone id.
    pub zone: String,
    /// Mechanism and version, e.g. `deferred_acceptance/1`.
    pub mechanism: String,
}

/// Everything needed to re-run and check a draw: written at the ceremony, published after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditPack {
    /// The pack format of the inputs' [`Version`] (`junheng-lottery-audit/2`).
    pub format: String,
    /// The algorithm of the inputs' [`Version`] (`junheng-lottery-draw/2`).
    pub algorithm: String,
    /// The engine that produced the pack (informative, not checked).
    pub engine: String,
    /// The lottery's title (copied from the inputs).
    pub title: String,
    /// The mechanism of every zone, sorted by zone id.
    pub mechanisms: Vec<ZoneMechanism>,
    /// SHA-256 of the canonical inputs, as published before the ceremony.
    pub inputs_digest: String,
    /// The witnesses and their values, in the order they enter the seed.
    pub witnesses: Vec<Witness>,
    /// The seed, lowercase hex.
    pub seed: String,
    /// SHA-256 of the canonical results.
    pub results_digest: String,
    /// The results.
    pub results: DrawResults,
    /// The frozen inputs.
    pub inputs: Inputs,
}

impl AuditPack {
    /// The pack as indented JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("audit pack serialises")
    }

    /// The pack as compact JSON (for very large draws).
    pub fn to_json_compact(&self) -> String {
        serde_json::to_string(self).expect("audit pack serialises")
    }

    /// Reads a pack from JSON.
    pub fn from_json(text: &str) -> Result<AuditPack, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Why a draw could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    /// The inputs are invalid.
    #[error("名单有误：{0}")]
    Input(#[from] InputError),
    /// The witness values are unusable.
    #[error("见证人输入值有误：{0}")]
    Witness(#[from] WitnessError),
}

/// What verification found. Every message says what was recorded and what re-running gives.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Unknown pack format or algorithm version, or parts of different versions.
    #[error("审计包的{what}为「{found}」，应为{expected}")]
    Version {
        /// Which field.
        what: &'static str,
        /// The recorded value.
        found: String,
        /// What is accepted there.
        expected: String,
    },
    /// The inputs in the pack do not hash to the recorded digest.
    #[error(
        "报名名单摘要不符：审计包记载 {recorded}，按所附名单重新计算为 {actual}——名单或摘要已被改动"
    )]
    InputsDigest {
        /// Digest recorded in the pack.
        recorded: String,
        /// Digest of the inputs.
        actual: String,
    },
    /// The pack's inputs differ from the published inputs.
    #[error("审计包所附名单（摘要 {pack}）与公示名单（摘要 {published}）不一致")]
    PublishedInputs {
        /// Digest of the pack's inputs.
        pack: String,
        /// Digest of the published inputs.
        published: String,
    },
    /// The inputs cannot be drawn.
    #[error("名单无法派位：{0}")]
    Input(InputError),
    /// The witness values cannot make a seed.
    #[error("见证人输入值无效：{0}")]
    Witness(WitnessError),
    /// The recorded seed is not the one the witness values give.
    #[error(
        "随机种子不符：按名单摘要和见证人输入值重新计算为 {actual}，审计包记载为 {recorded}——见证人输入值或种子已被改动"
    )]
    Seed {
        /// Seed recorded in the pack.
        recorded: String,
        /// Seed derived from the digest and witness values.
        actual: String,
    },
    /// The recorded mechanisms differ from the zones' modes.
    #[error("派位方式记载不符：审计包记载 {recorded}，名单规定为 {actual}")]
    Mechanisms {
        /// Recorded, as `zone=mechanism` list.
        recorded: String,
        /// From the inputs.
        actual: String,
    },
    /// The recorded results differ from the re-run.
    #[error("派位结果不符：{0}")]
    Results(String),
    /// The recorded results digest is not the digest of the results.
    #[error("结果摘要不符：审计包记载 {recorded}，重新派位结果的摘要为 {actual}")]
    ResultsDigest {
        /// Digest recorded in the pack.
        recorded: String,
        /// Digest of the re-run results.
        actual: String,
    },
}

/// Draws with an explicit seed (no ceremony): the building block of [`draw`] and the tests.
pub fn draw_with_seed(inputs: &Inputs, seed: &[u8; 32]) -> Result<DrawResults, InputError> {
    Ok(run(&compile(inputs)?, seed))
}

/// One draw of compiled inputs with `seed`.
fn run(compiled: &Compiled<'_>, seed: &[u8; 32]) -> DrawResults {
    let mut ws = Workspace::new(compiled);
    ws.run(compiled, seed);
    build(compiled, &ws)
}

fn mechanisms(inputs: &Inputs) -> Vec<ZoneMechanism> {
    let mut list: Vec<ZoneMechanism> = inputs
        .zones
        .iter()
        .map(|z| ZoneMechanism {
            zone: z.id.clone(),
            mechanism: z.mode.mechanism(),
        })
        .collect();
    list.sort_by(|a, b| a.zone.cmp(&b.zone));
    list
}

/// The ceremony draw: freezes the inputs, derives the seed from the digest and the witness
/// values, draws every zone with its mechanism, and returns the audit pack, in the inputs'
/// [`Version`] (draw sealed inputs: a version 1 pack publishes 报名号).
///
/// ```
/// use junheng_lottery::{draw, seal, verify, synth, LotteryKey, Witness};
/// let inputs = synth::district(&synth::SynthSpec { applicants: 60, schools: 6, ..Default::default() });
/// let sealed = seal(&inputs, &LotteryKey::from_bytes([4; 32])).unwrap();
/// let witnesses = vec![
///     Witness { role: "人大代表".into(), name: "张三".into(), value: "3141".into() },
///     Witness { role: "公证员".into(), name: "李四".into(), value: "5926".into() },
/// ];
/// let pack = draw(&sealed.inputs, &witnesses).unwrap();
/// assert_eq!(pack.format, "junheng-lottery-audit/2");
/// assert_eq!(pack.results.applicants.len(), 60);
/// assert_eq!(verify(&pack), Ok(()));
/// ```
pub fn draw(inputs: &Inputs, witnesses: &[Witness]) -> Result<AuditPack, DrawError> {
    let compiled = compile(inputs)?;
    let inputs_digest = sha256_hex(&canonical_bytes(inputs));
    let seed = derive_seed(&inputs_digest, witnesses)?;
    let results = run(&compiled, &seed);
    let version = inputs.version();
    Ok(AuditPack {
        format: version.pack_format().to_string(),
        algorithm: version.algorithm().to_string(),
        engine: concat!("junheng-lottery ", env!("CARGO_PKG_VERSION")).to_string(),
        title: inputs.title.clone(),
        mechanisms: mechanisms(inputs),
        inputs_digest,
        witnesses: witnesses.to_vec(),
        seed: hex(&seed),
        results_digest: results.digest(version),
        results,
        inputs: inputs.clone(),
    })
}

/// Verifies a pack of either version by re-running it: format, algorithm and inputs of one
/// version, inputs digest, seed, mechanisms, then the results byte for byte (canonical form)
/// and their digest.
///
/// ```
/// use junheng_lottery::{draw, verify, synth, VerifyError, Witness};
/// let inputs = synth::district(&synth::SynthSpec { applicants: 30, schools: 3, ..Default::default() });
/// let w = vec![Witness { role: "公证员".into(), name: String::new(), value: "42".into() }];
/// let mut pack = draw(&inputs, &w).unwrap();
/// pack.witnesses[0].value = "43".into();
/// assert!(matches!(verify(&pack), Err(VerifyError::Seed { .. })));
/// ```
pub fn verify(pack: &AuditPack) -> Result<(), VerifyError> {
    verify_with_inputs_digest(pack, sha256_hex(&canonical_bytes(&pack.inputs)))
}

/// The version of a pack: its format, algorithm and inputs must all be of one known version.
fn pack_version(pack: &AuditPack) -> Result<Version, VerifyError> {
    let version = Version::of_pack_format(&pack.format).ok_or_else(|| VerifyError::Version {
        what: "格式",
        found: pack.format.clone(),
        expected: Version::supported(Version::pack_format),
    })?;
    if pack.algorithm != version.algorithm() {
        return Err(VerifyError::Version {
            what: "算法版本",
            found: pack.algorithm.clone(),
            expected: format!(
                "「{}」（与格式「{}」配套）",
                version.algorithm(),
                pack.format
            ),
        });
    }
    if pack.inputs.version() != version {
        return Err(VerifyError::Version {
            what: "所附名单格式",
            found: pack.inputs.version().inputs_format().to_owned(),
            expected: format!(
                "「{}」（与格式「{}」配套）",
                version.inputs_format(),
                pack.format
            ),
        });
    }
    Ok(version)
}

/// [`verify`] with the digest of the pack's inputs already computed.
fn verify_with_inputs_digest(pack: &AuditPack, actual: String) -> Result<(), VerifyError> {
    let version = pack_version(pack)?;
    if actual != pack.inputs_digest {
        return Err(VerifyError::InputsDigest {
            recorded: pack.inputs_digest.clone(),
            actual,
        });
    }
    let compiled = compile(&pack.inputs).map_err(VerifyError::Input)?;
    let seed = derive_seed(&pack.inputs_digest, &pack.witnesses).map_err(VerifyError::Witness)?;
    if hex(&seed) != pack.seed {
        return Err(VerifyError::Seed {
            recorded: pack.seed.clone(),
            actual: hex(&seed),
        });
    }
    let expected_mechanisms = mechanisms(&pack.inputs);
    if expected_mechanisms != pack.mechanisms {
        let show = |list: &[ZoneMechanism]| {
            list.iter()
                .map(|m| format!("{}={}", m.zone, m.mechanism))
                .collect::<Vec<_>>()
                .join("，")
        };
        return Err(VerifyError::Mechanisms {
            recorded: show(&pack.mechanisms),
            actual: show(&expected_mechanisms),
        });
    }
    let results = run(&compiled, &seed);
    let canonical = results.canonical(version);
    if canonical != pack.results.canonical(version) {
        let why = describe_difference(&results, &pack.results, version)
            .unwrap_or_else(|| "规范化字节不一致".to_string());
        return Err(VerifyError::Results(why));
    }
    let digest = sha256_hex(&canonical);
    if digest != pack.results_digest {
        return Err(VerifyError::ResultsDigest {
            recorded: pack.results_digest.clone(),
            actual: digest,
        });
    }
    Ok(())
}

/// Verifies a pack against the inputs published before the ceremony: the pack must carry
/// exactly those inputs, then [`verify`].
pub fn verify_against(pack: &AuditPack, published: &Inputs) -> Result<(), VerifyError> {
    let published_digest = sha256_hex(&canonical_bytes(published));
    let pack_digest = sha256_hex(&canonical_bytes(&pack.inputs));
    if published_digest != pack_digest {
        return Err(VerifyError::PublishedInputs {
            pack: pack_digest,
            published: published_digest,
        });
    }
    verify_with_inputs_digest(pack, pack_digest)
}
