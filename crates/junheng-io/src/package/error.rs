//! Why a package is refused: one error type with stable codes (`package.*`), Chinese messages.

use std::fmt;

use crate::limits::size;

/// The stable codes of [`PackageError`] (snake_case, also i18n keys). Tests assert codes, not
/// prose.
pub mod codes {
    /// The file is larger than the input cap.
    pub const TOO_LARGE: &str = "package.too_large";
    /// Not a ZIP archive of the package's layout (truncated, compressed, encrypted …).
    pub const UNREADABLE: &str = "package.unreadable";
    /// A part larger than the part cap, or all parts past the total cap.
    pub const PART_TOO_LARGE: &str = "package.part_too_large";
    /// `manifest.json` missing, not canonical JSON of the manifest, or with invalid values.
    pub const MANIFEST_INVALID: &str = "package.manifest_invalid";
    /// A format tag other than `junheng-package/1`.
    pub const FORMAT: &str = "package.format";
    /// A part the format requires (or the manifest lists) is not in the container.
    pub const PART_MISSING: &str = "package.part_missing";
    /// The container holds a part the manifest does not list.
    pub const PART_UNLISTED: &str = "package.part_unlisted";
    /// A part's size differs from the manifest's.
    pub const SIZE_MISMATCH: &str = "package.size_mismatch";
    /// A part's SHA-256 differs from the manifest's.
    pub const DIGEST_MISMATCH: &str = "package.digest_mismatch";
    /// No `signature` part.
    pub const UNSIGNED: &str = "package.unsigned";
    /// Signed by a key registered for no district.
    pub const UNKNOWN_KEY: &str = "package.unknown_key";
    /// Signed by a key registered for another district.
    pub const FOREIGN_KEY: &str = "package.foreign_key";
    /// Signed by a key revoked before the check.
    pub const KEY_REVOKED: &str = "package.key_revoked";
    /// The signature does not verify (or is not 64 bytes).
    pub const SIGNATURE_INVALID: &str = "package.signature_invalid";
    /// Parts and signature check out, but the container's bytes are not those its writer makes.
    pub const LAYOUT: &str = "package.layout";
    /// The school statistics part does not read as the template.
    pub const STATISTICS_INVALID: &str = "package.statistics_invalid";
    /// The roster counts, ledger or evaluation part is not what the format says.
    pub const PART_INVALID: &str = "package.part_invalid";
    /// A part carries person-level data (teacher ids, names, ID numbers …).
    pub const PERSON_LEVEL: &str = "package.person_level";
    /// Parts disagree with the manifest (another school year …).
    pub const INCONSISTENT: &str = "package.inconsistent";
    /// Writing: the signing key belongs to another district than the package.
    pub const KEY_DISTRICT: &str = "package.key_district";
    /// The sequence number is not higher than the one already stored.
    pub const SEQUENCE_NOT_NEWER: &str = "package.sequence_not_newer";
}

/// Why a package was not written or read. Nothing of a refused package is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    /// The file holds more than `limit` bytes.
    TooLarge {
        /// The cap.
        limit: u64,
    },
    /// Not a package container: what is wrong.
    Unreadable(String),
    /// A part, or all parts, past a cap: what passed.
    PartTooLarge(String),
    /// The manifest is missing or invalid: what is wrong.
    ManifestInvalid(String),
    /// The manifest's format tag (empty when it has none).
    Format(String),
    /// A part that should be there is not.
    PartMissing(String),
    /// A part that should not be there is.
    PartUnlisted(String),
    /// A part's size differs from the manifest's.
    SizeMismatch {
        /// The part.
        part: String,
        /// What the manifest says.
        listed: u64,
        /// What the container holds.
        actual: u64,
    },
    /// A part's SHA-256 differs from the manifest's.
    DigestMismatch(String),
    /// The package has no signature.
    Unsigned,
    /// No registered key has the signer's fingerprint.
    UnknownKey {
        /// The fingerprint the manifest names.
        fingerprint: String,
        /// The district the package says it is from.
        district: String,
    },
    /// The signer's key is registered for another district.
    ForeignKey {
        /// The fingerprint.
        fingerprint: String,
        /// The district the package says it is from.
        district: String,
        /// The district the key is registered for.
        registered_to: String,
    },
    /// The signer's key was revoked.
    KeyRevoked {
        /// The fingerprint.
        fingerprint: String,
        /// When it was revoked.
        revoked_at: String,
    },
    /// The signature does not verify: why.
    SignatureInvalid(String),
    /// The container's bytes differ from their canonical layout from this offset on.
    Layout {
        /// First differing byte (0-based).
        offset: usize,
    },
    /// The statistics part does not read as the template: the problems, one per line.
    StatisticsInvalid(String),
    /// A part is not what the format says.
    PartInvalid {
        /// The part.
        part: String,
        /// What is wrong.
        why: String,
    },
    /// A part carries person-level data.
    PersonLevel {
        /// The part.
        part: String,
        /// What was found (never the value itself).
        what: String,
    },
    /// Parts disagree with the manifest: how.
    Inconsistent(String),
    /// Writing: the key is of another district.
    KeyDistrict {
        /// The key's district.
        key: String,
        /// The package's district.
        package: String,
    },
    /// The sequence number is not higher than the stored one.
    SequenceNotNewer {
        /// The stored package's sequence number.
        existing: u64,
        /// The new package's.
        new: u64,
    },
}

impl PackageError {
    /// The stable code (see [`codes`]).
    pub fn code(&self) -> &'static str {
        use PackageError as E;
        match self {
            E::TooLarge { .. } => codes::TOO_LARGE,
            E::Unreadable(_) => codes::UNREADABLE,
            E::PartTooLarge(_) => codes::PART_TOO_LARGE,
            E::ManifestInvalid(_) => codes::MANIFEST_INVALID,
            E::Format(_) => codes::FORMAT,
            E::PartMissing(_) => codes::PART_MISSING,
            E::PartUnlisted(_) => codes::PART_UNLISTED,
            E::SizeMismatch { .. } => codes::SIZE_MISMATCH,
            E::DigestMismatch(_) => codes::DIGEST_MISMATCH,
            E::Unsigned => codes::UNSIGNED,
            E::UnknownKey { .. } => codes::UNKNOWN_KEY,
            E::ForeignKey { .. } => codes::FOREIGN_KEY,
            E::KeyRevoked { .. } => codes::KEY_REVOKED,
            E::SignatureInvalid(_) => codes::SIGNATURE_INVALID,
            E::Layout { .. } => codes::LAYOUT,
            E::StatisticsInvalid(_) => codes::STATISTICS_INVALID,
            E::PartInvalid { .. } => codes::PART_INVALID,
            E::PersonLevel { .. } => codes::PERSON_LEVEL,
            E::Inconsistent(_) => codes::INCONSISTENT,
            E::KeyDistrict { .. } => codes::KEY_DISTRICT,
            E::SequenceNotNewer { .. } => codes::SEQUENCE_NOT_NEWER,
        }
    }

    /// Whether the package was refused as tampered with, unsigned or foreign (parts missing,
    /// added or changed; no signature, an unknown, foreign or revoked key, a signature that does
    /// not verify; a re-packed container) — as opposed to a file that is not a package, or a
    /// genuine package whose content is invalid. The command line exits 1 for these, 2 for the
    /// others.
    pub fn is_refusal(&self) -> bool {
        use PackageError as E;
        matches!(
            self,
            E::PartMissing(_)
                | E::PartUnlisted(_)
                | E::SizeMismatch { .. }
                | E::DigestMismatch(_)
                | E::Unsigned
                | E::UnknownKey { .. }
                | E::ForeignKey { .. }
                | E::KeyRevoked { .. }
                | E::SignatureInvalid(_)
                | E::Layout { .. }
        )
    }
}

const ORIGINAL: &str = "请向报送的区县索取 junheng 写出的原文件";

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PackageError as E;
        match self {
            E::TooLarge { limit } => write!(
                f,
                "数据包超过 {} 的大小上限，未读取；请确认选对了文件",
                size(*limit)
            ),
            E::Unreadable(why) => write!(
                f,
                "不是有效的数据包（{why}）；请确认这是 junheng report-up 写出的 .jhpkg 文件，且没有被解压后重新打包"
            ),
            E::PartTooLarge(what) => write!(f, "数据包的部件过大（{what}），未读取"),
            E::ManifestInvalid(why) => write!(f, "数据包的清单 manifest.json 无效：{why}"),
            E::Format(found) if found.is_empty() => {
                write!(
                    f,
                    "数据包的清单没有格式标记；本程序只读取 junheng-package/1"
                )
            }
            E::Format(found) => write!(
                f,
                "数据包格式为「{}」，本程序只读取 junheng-package/1；请升级 junheng 或让区县用相同版本重新导出",
                crate::guard::shown(found)
            ),
            E::PartMissing(part) => {
                write!(f, "数据包缺少部件 {part}：文件不完整或被改动；{ORIGINAL}")
            }
            E::PartUnlisted(part) => write!(
                f,
                "数据包含有清单未列出的部件 {}：文件被改动过；{ORIGINAL}",
                crate::guard::shown(part)
            ),
            E::SizeMismatch {
                part,
                listed,
                actual,
            } => write!(
                f,
                "部件 {part} 的大小为 {actual} 字节，清单记录为 {listed} 字节：文件被改动过；{ORIGINAL}"
            ),
            E::DigestMismatch(part) => write!(
                f,
                "部件 {part} 的 SHA-256 摘要与清单不符：内容被改动过；{ORIGINAL}"
            ),
            E::Unsigned => write!(
                f,
                "数据包没有签名，不能确认来自哪个区县；请让区县用 junheng report-up 重新导出（导出时自动签名）"
            ),
            E::UnknownKey {
                fingerprint,
                district,
            } => write!(
                f,
                "数据包由指纹为 {fingerprint} 的密钥签名，但区县 {district} 没有登记这个公钥：可能是伪造的数据包，或区县换了密钥尚未登记；请先登记该区县的新公钥"
            ),
            E::ForeignKey {
                fingerprint,
                district,
                registered_to,
            } => write!(
                f,
                "数据包自称来自区县 {district}，却由区县 {registered_to} 的密钥（指纹 {fingerprint}）签名：拒绝接收"
            ),
            E::KeyRevoked {
                fingerprint,
                revoked_at,
            } => write!(
                f,
                "数据包由已于 {revoked_at} 吊销的密钥（指纹 {fingerprint}）签名：拒绝接收；请区县用新密钥重新导出"
            ),
            E::SignatureInvalid(why) => write!(
                f,
                "数据包的签名无效（{why}）：清单被改动过，或签名不是该密钥所作；{ORIGINAL}"
            ),
            E::Layout { offset } => write!(
                f,
                "数据包的内容与签名一致，但容器自字节偏移 {offset} 起与规范布局不符（被解压后重新打包或改动过）；{ORIGINAL}"
            ),
            E::StatisticsInvalid(issues) => {
                write!(f, "数据包中的学校统计数据 statistics.csv 有误：\n{issues}")
            }
            E::PartInvalid { part, why } => write!(f, "数据包的部件 {part} 无效：{why}"),
            E::PersonLevel { part, what } => write!(
                f,
                "数据包的部件 {part} 含有个人层面的数据（{what}）：数据上报只能包含汇总数和学校层面的数据，拒绝接收"
            ),
            E::Inconsistent(why) => write!(f, "数据包的部件与清单不一致：{why}"),
            E::KeyDistrict { key, package } => write!(
                f,
                "签名密钥属于区县 {key}，而数据包属于区县 {package}；请使用本区县的密钥文件"
            ),
            E::SequenceNotNewer { existing, new } => write!(
                f,
                "数据包序号为 {new}，不大于已接收的序号 {existing}：同一区县同一学年只接收序号更大的数据包（更正），拒绝接收"
            ),
        }
    }
}

impl std::error::Error for PackageError {}
