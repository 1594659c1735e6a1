//! The manifest: what the package is, and the digest of every part. Its canonical bytes are what
//! the district signs.

use serde::{Deserialize, Serialize};

use super::error::PackageError;
use super::values::{DistrictCode, Timestamp, has_control};

/// Format tag of the manifest of this version.
pub const FORMAT: &str = "junheng-package/1";
/// Name of the manifest entry.
pub const MANIFEST: &str = "manifest.json";
/// Name of the signature entry.
pub const SIGNATURE: &str = "signature";
/// The parts of format 1, in the order the manifest lists them and the container holds them.
pub const PARTS: [&str; 4] = [STATISTICS_PART, ROSTER_PART, LEDGER_PART, EVALUATION_PART];
/// The school statistics of the version: the template as CSV.
pub const STATISTICS_PART: &str = "statistics.csv";
/// Roster counts per school and section (JSON).
pub const ROSTER_PART: &str = "roster.json";
/// The ledger of the year, counted (JSON).
pub const LEDGER_PART: &str = "ledger.json";
/// The evaluation result of the version (the JSON of `junheng evaluate --format json`).
pub const EVALUATION_PART: &str = "evaluation.json";
/// What the signed message starts with, before a 0x00 byte and the manifest's bytes: a
/// signature of anything else made with a district key can never pass for a package's.
pub const SIGNATURE_CONTEXT: &str = "junheng-package-signature/1";
/// Bytes of a manifest: a real one has well under a kilobyte.
pub const MAX_MANIFEST_BYTES: usize = 64 << 10;
/// Characters of a district's name or of the producer.
pub const MAX_NAME_CHARS: usize = 64;

/// The district a package is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestDistrict {
    /// 行政区划代码.
    pub code: DistrictCode,
    /// Name, e.g. 渝北区.
    pub name: String,
}

/// One part as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartEntry {
    /// The entry's name in the container.
    pub name: String,
    /// SHA-256 of its bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// The manifest (`manifest.json`). Fields are declared in code-point order, so that serde_json
/// writes the canonical form (crate documentation, "Manifest").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// When the district made the package (its own clock).
    pub created_at: Timestamp,
    /// The district.
    pub district: ManifestDistrict,
    /// [`FORMAT`].
    pub format: String,
    /// The parts, [`PARTS`] in that order.
    pub parts: Vec<PartEntry>,
    /// The program that made it, e.g. `junheng 0.1.0`.
    pub producer: String,
    /// 学年: `2024` is 2024–2025.
    pub school_year: i32,
    /// Per district and school year: 1 for the first package, higher for each correction.
    pub sequence: u64,
    /// Fingerprint of the public key that verifies the signature.
    pub signing_key: String,
    /// The district's version of that year's statistics the package was made from.
    pub statistics_version: u64,
}

fn invalid(why: impl Into<String>) -> PackageError {
    PackageError::ManifestInvalid(why.into())
}

/// A name the manifest may carry: 1 to [`MAX_NAME_CHARS`] characters, no control character.
pub(crate) fn check_name(what: &str, text: &str) -> Result<(), PackageError> {
    let chars = text.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || has_control(text) {
        return Err(invalid(format!(
            "{what}应为 1 至 {MAX_NAME_CHARS} 个字符，不含控制字符"
        )));
    }
    Ok(())
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Manifest {
    /// The canonical bytes: compact JSON, keys in code-point order, UTF-8, no escapes but `\"`
    /// and `\\` (texts hold no control character). What is signed and stored.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a manifest serialises")
    }

    /// The message the signature is over: [`SIGNATURE_CONTEXT`], 0x00, the canonical bytes.
    pub(crate) fn signed_message(canonical: &[u8]) -> Vec<u8> {
        let mut message = Vec::with_capacity(SIGNATURE_CONTEXT.len() + 1 + canonical.len());
        message.extend_from_slice(SIGNATURE_CONTEXT.as_bytes());
        message.push(0);
        message.extend_from_slice(canonical);
        message
    }

    /// Checks every value (the format tag, names, year, sequence, fingerprint, the parts'
    /// names and digests).
    pub(crate) fn check(&self) -> Result<(), PackageError> {
        if self.format != FORMAT {
            return Err(PackageError::Format(self.format.clone()));
        }
        check_name("区县名称", &self.district.name)?;
        check_name("生成程序", &self.producer)?;
        if !(2000..=2100).contains(&self.school_year) {
            return Err(invalid("学年应为 2000 至 2100 之间的整数"));
        }
        if self.sequence == 0 {
            return Err(invalid("序号从 1 开始"));
        }
        if !is_lower_hex(&self.signing_key, super::keys::FINGERPRINT_LEN) {
            return Err(invalid("签名密钥指纹应为 16 位小写十六进制数字"));
        }
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        if names != PARTS {
            return Err(invalid(format!(
                "部件应依次为 {}，清单列出的是 {}",
                PARTS.join("、"),
                crate::guard::shown(&names.join("、"))
            )));
        }
        if let Some(p) = self.parts.iter().find(|p| !is_lower_hex(&p.sha256, 64)) {
            return Err(invalid(format!(
                "部件 {} 的 SHA-256 应为 64 位小写十六进制数字",
                p.name
            )));
        }
        Ok(())
    }

    /// Reads a manifest: UTF-8 JSON whose format tag is [`FORMAT`] (checked first, so that a
    /// package of another version says so), with exactly the manifest's fields and valid values,
    /// written in canonical form.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Manifest, PackageError> {
        if bytes.len() > MAX_MANIFEST_BYTES {
            return Err(invalid(format!(
                "超过 {} KiB，不是数据包的清单",
                MAX_MANIFEST_BYTES >> 10
            )));
        }
        let text = crate::lottery::utf8(bytes).map_err(|e| invalid(e.to_string()))?;
        let mut object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(text).map_err(|e| invalid(format!("不是 JSON 对象（{e}）")))?;
        match object.remove("format") {
            Some(serde_json::Value::String(f)) if f == FORMAT => {}
            Some(serde_json::Value::String(f)) => return Err(PackageError::Format(f)),
            Some(other) => return Err(PackageError::Format(other.to_string())),
            None => return Err(PackageError::Format(String::new())),
        }
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        manifest.check()?;
        if manifest.canonical() != bytes {
            return Err(invalid(
                "不是规范格式（紧凑 JSON，键按字典序，UTF-8 不转义）：清单被改写过",
            ));
        }
        Ok(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Manifest {
        Manifest {
            created_at: Timestamp::parse("2025-03-01T08:30:00.000Z").unwrap(),
            district: ManifestDistrict {
                code: DistrictCode::parse("500112").unwrap(),
                name: "渝北区".into(),
            },
            format: FORMAT.into(),
            parts: PARTS
                .iter()
                .map(|n| PartEntry {
                    name: (*n).into(),
                    sha256: "0".repeat(64),
                    size: 7,
                })
                .collect(),
            producer: "junheng 0.1.0".into(),
            school_year: 2024,
            sequence: 1,
            signing_key: "0123456789abcdef".into(),
            statistics_version: 3,
        }
    }

    #[test]
    fn canonical_bytes_are_sorted_compact_utf8() {
        let m = sample();
        let text = String::from_utf8(m.canonical()).unwrap();
        assert!(text.starts_with(
            r#"{"created_at":"2025-03-01T08:30:00.000Z","district":{"code":"500112","name":"渝北区"},"format":"junheng-package/1","parts":[{"name":"statistics.csv","sha256":"000"#
        ), "{text}");
        assert!(text.ends_with(
            r#""producer":"junheng 0.1.0","school_year":2024,"sequence":1,"signing_key":"0123456789abcdef","statistics_version":3}"#
        ), "{text}");
        // serde_json's own map order, for the record: the keys are sorted.
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert_eq!(Manifest::parse(text.as_bytes()).unwrap(), m);
    }

    #[test]
    fn the_format_is_checked_first_and_the_rest_strictly() {
        let code = |text: &str| Manifest::parse(text.as_bytes()).unwrap_err().code();
        assert_eq!(
            code(r#"{"format":"junheng-package/2","x":1}"#),
            "package.format"
        );
        assert_eq!(code(r#"{"format":7}"#), "package.format");
        assert_eq!(code(r#"{"parts":[]}"#), "package.format");
        assert_eq!(code("[1]"), "package.manifest_invalid");
        let big = format!(
            r#"{{"format":"{FORMAT}","x":"{}"}}"#,
            "x".repeat(MAX_MANIFEST_BYTES)
        );
        assert_eq!(code(&big), "package.manifest_invalid");
        let text = String::from_utf8(sample().canonical()).unwrap();
        let pretty = serde_json::to_string_pretty(&sample()).unwrap();
        assert_eq!(code(&pretty), "package.manifest_invalid");
        let extra = text.replacen('{', r#"{"comment":"x","#, 1);
        assert_eq!(code(&extra), "package.manifest_invalid");
        let zero = text.replace(r#""sequence":1"#, r#""sequence":0"#);
        assert_eq!(code(&zero), "package.manifest_invalid");
        let control = text.replace("渝北区", "渝北\\n区");
        assert_eq!(code(&control), "package.manifest_invalid");
        let order = text.replace("roster.json", "rooster.json");
        assert_eq!(code(&order), "package.manifest_invalid");
        let upper = text.replace("0123456789abcdef", "0123456789ABCDEF");
        assert_eq!(code(&upper), "package.manifest_invalid");
        let mut bad = text.into_bytes();
        bad[60] = 0xff;
        let err = Manifest::parse(&bad).unwrap_err();
        assert!(err.to_string().contains("字节偏移 60"), "{err}");
    }
}
