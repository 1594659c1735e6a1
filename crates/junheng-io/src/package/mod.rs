//! 数据上报 packages (`.jhpkg`): a district's year — statistics, roster counts, the ledger
//! counted, the evaluation — signed with the district's key, for the city to verify and store.
//!
//! Pure functions over bytes: [`write_package`] makes a package, [`read_package`] checks its
//! container, manifest, parts and digests, and [`Unverified::verify_against`] checks its
//! signature against the keys the city registered for the district before any part is parsed.
//! Keys as files: [`DistrictSigningKey`] (private) and [`DistrictPublicKey`] (registered).
//!
//! ```
//! use junheng_io::package::*;
//! use junheng_rotation::CountedLedger;
//! let district = DistrictCode::parse("500112").unwrap();
//! let key = DistrictSigningKey::from_seed(district.clone(), [9; 32]); // 32 bytes from the OS
//! let csv = "学年,学校标识码,学校名称,办学类型,小学在校生数\n2024,5001120001,实验小学,小学,812\n";
//! let statistics = junheng_io::school::read_bytes(csv.as_bytes(), "x.csv").unwrap().records;
//! let t = |s: &str| Timestamp::parse(s).unwrap();
//! let contents = PackageContents {
//!     district: district.clone(),
//!     district_name: "渝北区".into(),
//!     school_year: 2024,
//!     sequence: 1,
//!     created_at: t("2025-03-01T08:30:00.000Z"),
//!     producer: "junheng 0.1.0".into(),
//!     statistics_version: 1,
//!     statistics,
//!     roster: vec![],
//!     ledger: CountedLedger::default(),
//!     evaluation: r#"{"rulebook":"cn-2017","year":2024}"#.into(),
//! };
//! let bytes = write_package(&contents, &key).unwrap();
//! // The city: its registry's records for the district, and the time of the check.
//! let keys = [PublicKeyRecord { key: key.public(), registered_at: t("2025-01-01T00:00:00.000Z"), revoked_at: None }];
//! let unverified = read_package(&bytes, &junheng_io::Limits::default()).unwrap();
//! assert_eq!(unverified.manifest().sequence, 1);
//! let package = unverified.verify_against(&keys, &t("2025-03-02T00:00:00.000Z")).unwrap();
//! assert_eq!(package.contents, contents);
//! assert_eq!(supersedes(Some(1), 2), Ok(()));
//! assert_eq!(supersedes(Some(2), 2).unwrap_err().code(), "package.sequence_not_newer");
//! ```
//!
//! # Specification (`junheng-package/1`)
//!
//! Everything below is normative.
//!
//! ## Container
//!
//! A `.jhpkg` file is a ZIP archive (PKWARE APPNOTE) in exactly one byte layout, so that any
//! ZIP tool opens it and every byte of it is checked:
//!
//! * entries, in this order: `manifest.json`, `statistics.csv`, `roster.json`, `ledger.json`,
//!   `evaluation.json`, `signature`; each a local file header immediately followed by its data,
//!   the first at offset 0, each next one right after the previous data;
//! * every header field little-endian: local header `50 4B 03 04`, version needed 10, flags 0,
//!   method 0 (stored: nothing is compressed, so nothing is inflated), time 0, date `0x0021`
//!   (1980-01-01), the CRC-32 of the data, compressed size = size = the data's length, the name's
//!   length, extra length 0, the name (ASCII);
//! * then the central directory, one record per entry in the same order: `50 4B 01 02`, version
//!   made by 10, then the same fields as the local header from "version needed" to the name's
//!   length, extra length 0, comment length 0, disk 0, internal attributes 0, external
//!   attributes 0, the local header's offset, the name;
//! * then the end record: `50 4B 05 06`, disks 0 and 0, the entry count twice, the central
//!   directory's size and offset, comment length 0 — and nothing after it.
//!
//! No ZIP64, no encryption, no data descriptors. Why not deflate: the parts are small (a district
//! of 300 schools makes a package of well under a megabyte), a stored archive cannot be an
//! inflation bomb, and a deflate stream can be changed without changing what it inflates to,
//! which would leave a byte of the file unchecked.
//!
//! ## Manifest (`manifest.json`)
//!
//! Compact JSON — no whitespace, object keys sorted by code point, non-ASCII characters as UTF-8
//! (not `\u` escapes), integers in decimal — exactly what Python's `json.dumps(x,
//! ensure_ascii=False, sort_keys=True, separators=(",", ":"))` writes, of:
//!
//! ```text
//! {"created_at":TIME,
//!  "district":{"code":"500112","name":"渝北区"},
//!  "format":"junheng-package/1",
//!  "parts":[{"name":"statistics.csv","sha256":HEX64,"size":N},
//!           {"name":"roster.json",…},{"name":"ledger.json",…},{"name":"evaluation.json",…}],
//!  "producer":"junheng 0.1.0",
//!  "school_year":2024,
//!  "sequence":1,
//!  "signing_key":FINGERPRINT,
//!  "statistics_version":N}
//! ```
//!
//! `TIME` is RFC 3339 UTC with milliseconds (`2025-03-01T08:30:00.000Z`); the district code six
//! digits, not `000000`; the name and producer 1–64 characters; texts hold no control character
//! (so only `"` and `\` are escaped); `school_year` 2000–2100; `sequence` ≥ 1; `sha256` 64
//! lowercase hex digits of SHA-256 of the part's bytes, `size` their count; `signing_key` the
//! fingerprint of the public key (below); parts listed exactly in the order above. A manifest
//! whose bytes are not this canonical form is refused.
//!
//! ## Signature (`signature`)
//!
//! 64 bytes: the Ed25519 signature (RFC 8032) of `"junheng-package-signature/1" ‖ 0x00 ‖
//! manifest bytes` with the district's key, checked strictly (`verify_strict`: no small-order
//! keys or points). The manifest carries every part's digest, so the one signature covers the
//! whole package; the context prefix keeps a signature the district key may make of anything
//! else from passing as a package's.
//!
//! ## Parts
//!
//! Aggregates and school-level data only; a part carrying a person-level field (教师编号, 姓名,
//! 出生年, 性别, `teacher_id` … at any depth of a JSON part, or as a column of the statistics) or
//! any text holding a 居民身份证号 is refused (`package.person_level`).
//!
//! * `statistics.csv` — the school statistics of the version: the template's CSV as
//!   [`crate::school::write_csv`] writes it, read back by the template's own reader with every
//!   check of an import; an unknown or missing column is refused; every row of `school_year`.
//! * `roster.json` — `[{"school","section","teachers","qualified","backbone","pe_arts",
//!   "intermediate","on_staff"}…]` ([`RosterCounts`]): per school and section (`primary` or
//!   `junior`) the roster's teachers and how many count in each sub-count of the statistics; no
//!   two rows for one school and section; sub-counts at most `teachers`. Empty without a roster.
//! * `ledger.json` — `{"rows":[{"from","to","section","start_year","end_year","kind","moves",
//!   "teachers","qualified","backbone","pe_arts","intermediate"}…],"unresolved":N}`: the moves
//!   running in `school_year`, grouped by home school, host school, section, years and kind
//!   (`exchange`, `rotation`, `support`, `itinerant`), each group with its number of moves and
//!   the sum of what its teachers count for (`teachers` = `moves`); `unresolved` counts moves
//!   whose teacher the year's roster does not have at the home school. This is exactly what
//!   applying the ledger to the statistics needs ([`junheng_rotation::apply_counted`] gives the
//!   same statistics as applying the moves one by one), and nothing about any teacher: no id,
//!   name, birth year, sex, subject, degree or level — only which schools exchanged how many
//!   teachers, and how many of them were 骨干, qualified, PE/arts or titled, which the schools'
//!   own statistics publish as counts anyway.
//! * `evaluation.json` — the evaluation of the version as `junheng evaluate --format json`
//!   writes it: a JSON object whose `year` is `school_year` and whose `rulebook` names the rules.
//!
//! ## Checks, in order
//!
//! [`read_package`]: (1) at most `max_input_bytes` (`package.too_large`); (2) the container's
//! structure, before any data is read: a ZIP of stored, unencrypted entries laid end to end, at
//! most 16, each at most `max_part_bytes` and all at most `max_workbook_bytes`
//! (`package.unreadable`, `package.part_too_large`); (3) the manifest: UTF-8 JSON, the format tag
//! first (`package.format`), then the fields and their canonical bytes
//! (`package.manifest_invalid`); (4) every listed part present and no other entry
//! (`package.part_missing`, `package.part_unlisted`); (5) every part's size and SHA-256
//! (`package.size_mismatch`, `package.digest_mismatch`); (6) a 64-byte signature present
//! (`package.unsigned`, `package.signature_invalid`).
//!
//! [`Unverified::verify_against`] (the city's registered keys, the time of the check): (7) a key
//! with the manifest's fingerprint registered (`package.unknown_key`) for the manifest's district
//! (`package.foreign_key`), valid at that time (`package.key_revoked`), under which the
//! signature verifies (`package.signature_invalid`); (8) the container's bytes exactly the layout
//! above (`package.layout`: a re-packed archive); (9) the parts parse and agree with the
//! manifest (`package.statistics_invalid`, `package.part_invalid`, `package.person_level`,
//! `package.inconsistent`).
//!
//! A key counts from its registration until its revocation: a package signed by a revoked key is
//! refused whatever its `created_at`, since a stolen key can sign with any date (see
//! [`PublicKeyRecord`]).
//!
//! ## Keys
//!
//! * Private key file (`junheng keys init`, mode 0600, never overwritten):
//!   `junheng-district-secret-key/1` LF, the district code LF, the 64 lowercase hex digits of the
//!   32-byte Ed25519 seed LF — exactly 102 bytes.
//! * Public key (registered with the city): `junheng-district-key/1:<district code>:<64 lowercase
//!   hex digits of the 32-byte public key>`, one line (a file adds one LF).
//! * Fingerprint: the first 16 lowercase hex digits of SHA-256 of the 32 public key bytes.
//!
//! ## Sequence
//!
//! Per district and school year, the first package carries 1 and each correction a higher
//! number: a higher one supersedes the stored one, an equal or lower one is refused
//! ([`supersedes`]).

mod container;
mod error;
mod keys;
mod manifest;
mod parts;
mod values;

#[cfg(test)]
mod tests;

pub use error::{PackageError, codes};
pub use junheng_rotation::{RosterCounts, roster_counts};
pub use keys::{
    DistrictPublicKey, DistrictSigningKey, FINGERPRINT_LEN, KeyFileError, PUBLIC_KEY_FORMAT,
    PublicKeyRecord, SECRET_KEY_FORMAT,
};
pub use manifest::{
    EVALUATION_PART, FORMAT, LEDGER_PART, MANIFEST, Manifest, ManifestDistrict, PARTS, PartEntry,
    ROSTER_PART, SIGNATURE, SIGNATURE_CONTEXT, STATISTICS_PART,
};
pub use values::{DistrictCode, Timestamp};

use junheng_core::school::SchoolRecord;
use junheng_rotation::CountedLedger;
use sha2::{Digest, Sha256};

use crate::limits::Limits;
use container::Entry;

/// What a package holds: the manifest's facts and the four parts, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageContents {
    /// The district.
    pub district: DistrictCode,
    /// Its name, e.g. 渝北区.
    pub district_name: String,
    /// 学年.
    pub school_year: i32,
    /// Per district and school year, from 1; higher for each correction.
    pub sequence: u64,
    /// When the package was made.
    pub created_at: Timestamp,
    /// The program that made it, e.g. `junheng 0.1.0`.
    pub producer: String,
    /// The district's version of the year's statistics.
    pub statistics_version: u64,
    /// The school statistics of that version (all of `school_year`).
    pub statistics: Vec<SchoolRecord>,
    /// The roster's counts per school and section ([`roster_counts`]); empty without a roster.
    pub roster: Vec<RosterCounts>,
    /// The year's ledger, counted ([`junheng_rotation::count_ledger`]).
    pub ledger: CountedLedger,
    /// The evaluation of that version: the JSON of `junheng evaluate --format json`.
    pub evaluation: String,
}

/// A package whose container, manifest, parts and digests are sound and which carries a
/// signature — not yet checked against any key, so its parts are not read yet.
pub struct Unverified<'b> {
    bytes: &'b [u8],
    entries: Vec<Entry>,
    manifest: Manifest,
    manifest_bytes: &'b [u8],
    signature: [u8; 64],
    limits: Limits,
}

/// A verified package: signed by a key registered for its district and valid at the time of the
/// check, with its parts read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// The manifest, as signed.
    pub manifest: Manifest,
    /// What it holds.
    pub contents: PackageContents,
    /// The registry record of the key that signed it (provenance).
    pub signed_by: PublicKeyRecord,
    /// SHA-256 of the whole file, 64 lowercase hex digits (provenance).
    pub sha256: String,
}

impl std::fmt::Debug for Unverified<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unverified")
            .field("manifest", &self.manifest)
            .finish_non_exhaustive()
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Makes the package of `contents`, signed with `key` (of the same district). Every check the
/// reader makes of the manifest and the parts is made here first, so that what a district sends
/// is what the city accepts; the errors are the reader's.
pub fn write_package(
    contents: &PackageContents,
    key: &DistrictSigningKey,
) -> Result<Vec<u8>, PackageError> {
    if key.district() != &contents.district {
        return Err(PackageError::KeyDistrict {
            key: key.district().to_string(),
            package: contents.district.to_string(),
        });
    }
    let parts = parts::encode(
        &contents.statistics,
        &contents.roster,
        &contents.ledger,
        &contents.evaluation,
    );
    let manifest = Manifest {
        created_at: contents.created_at.clone(),
        district: ManifestDistrict {
            code: contents.district.clone(),
            name: contents.district_name.clone(),
        },
        format: FORMAT.to_owned(),
        parts: PARTS
            .iter()
            .zip(&parts)
            .map(|(name, bytes)| PartEntry {
                name: (*name).to_owned(),
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
            })
            .collect(),
        producer: contents.producer.clone(),
        school_year: contents.school_year,
        sequence: contents.sequence,
        signing_key: key.public().fingerprint(),
        statistics_version: contents.statistics_version,
    };
    manifest.check()?;
    let limits = Limits::for_max_input(u64::MAX >> 1);
    let [a, b, c, d] = &parts;
    parts::decode([a, b, c, d], contents.school_year, &limits)?;
    let canonical = manifest.canonical();
    let signature = key.sign(&Manifest::signed_message(&canonical));
    let mut entries: Vec<(&str, &[u8])> = vec![(MANIFEST, &canonical)];
    entries.extend(PARTS.iter().zip(&parts).map(|(n, p)| (*n, p.as_slice())));
    entries.push((SIGNATURE, &signature));
    container::write(&entries)
}

/// Reads a package's container, manifest, parts and digests within `limits` (checks 1 to 6 of
/// the specification) and returns it to be verified. Nothing of a refused package is returned.
pub fn read_package<'b>(bytes: &'b [u8], limits: &Limits) -> Result<Unverified<'b>, PackageError> {
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(PackageError::TooLarge {
            limit: limits.max_input_bytes,
        });
    }
    let entries = container::parse(bytes, limits)?;
    let data = |name: &str| {
        entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| &bytes[e.data.clone()])
    };
    let manifest_bytes = data(MANIFEST)
        .ok_or_else(|| PackageError::ManifestInvalid("数据包中没有 manifest.json".to_owned()))?;
    let manifest = Manifest::parse(manifest_bytes)?;
    if let Some(p) = manifest.parts.iter().find(|p| data(&p.name).is_none()) {
        return Err(PackageError::PartMissing(p.name.clone()));
    }
    let known = |name: &str| {
        name == MANIFEST || name == SIGNATURE || manifest.parts.iter().any(|p| p.name == name)
    };
    if let Some(e) = entries.iter().find(|e| !known(&e.name)) {
        return Err(PackageError::PartUnlisted(e.name.clone()));
    }
    for p in &manifest.parts {
        let part = data(&p.name).expect("present");
        if part.len() as u64 != p.size {
            return Err(PackageError::SizeMismatch {
                part: p.name.clone(),
                listed: p.size,
                actual: part.len() as u64,
            });
        }
        if sha256_hex(part) != p.sha256 {
            return Err(PackageError::DigestMismatch(p.name.clone()));
        }
    }
    let signature = data(SIGNATURE).ok_or(PackageError::Unsigned)?;
    let signature: [u8; 64] = signature.try_into().map_err(|_| {
        PackageError::SignatureInvalid(format!("签名应为 64 字节，实为 {} 字节", signature.len()))
    })?;
    Ok(Unverified {
        bytes,
        entries,
        manifest,
        manifest_bytes,
        signature,
        limits: *limits,
    })
}

impl<'b> Unverified<'b> {
    /// The manifest (its digests checked, its signature not yet).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Checks the signature against `keys` — the city's registry records (every district's, or
    /// the manifest's district's) — as they stand at time `at`, then the container's layout,
    /// then reads the parts (checks 7 to 9 of the specification).
    pub fn verify_against(
        self,
        keys: &[PublicKeyRecord],
        at: &Timestamp,
    ) -> Result<Package, PackageError> {
        let m = &self.manifest;
        let fingerprint = &m.signing_key;
        let district = &m.district.code;
        let same_key: Vec<&PublicKeyRecord> = keys
            .iter()
            .filter(|k| &k.fingerprint() == fingerprint)
            .collect();
        let unknown = || PackageError::UnknownKey {
            fingerprint: fingerprint.clone(),
            district: district.to_string(),
        };
        let Some(first) = same_key.first() else {
            return Err(unknown());
        };
        let ours: Vec<&&PublicKeyRecord> = same_key
            .iter()
            .filter(|k| k.district() == district)
            .collect();
        if ours.is_empty() {
            return Err(PackageError::ForeignKey {
                fingerprint: fingerprint.clone(),
                district: district.to_string(),
                registered_to: first.district().to_string(),
            });
        }
        let valid: Vec<&&PublicKeyRecord> =
            ours.iter().copied().filter(|k| k.valid_at(at)).collect();
        if valid.is_empty() {
            let revoked = ours
                .iter()
                .filter_map(|k| k.revoked_at.as_ref())
                .find(|r| *r <= at);
            return Err(match revoked {
                Some(r) => PackageError::KeyRevoked {
                    fingerprint: fingerprint.clone(),
                    revoked_at: r.to_string(),
                },
                None => unknown(),
            });
        }
        let message = Manifest::signed_message(self.manifest_bytes);
        let Some(signer) = valid
            .iter()
            .find(|k| k.key.verifies(&message, &self.signature))
        else {
            return Err(PackageError::SignatureInvalid("签名与清单不符".to_owned()));
        };
        let mut order = vec![MANIFEST];
        order.extend(PARTS);
        order.push(SIGNATURE);
        container::check_layout(self.bytes, &self.entries, &order)?;
        let part = |name: &str| {
            let e = self
                .entries
                .iter()
                .find(|e| e.name == name)
                .expect("checked");
            &self.bytes[e.data.clone()]
        };
        let decoded = parts::decode(
            [
                part(STATISTICS_PART),
                part(ROSTER_PART),
                part(LEDGER_PART),
                part(EVALUATION_PART),
            ],
            m.school_year,
            &self.limits,
        )?;
        let contents = PackageContents {
            district: district.clone(),
            district_name: m.district.name.clone(),
            school_year: m.school_year,
            sequence: m.sequence,
            created_at: m.created_at.clone(),
            producer: m.producer.clone(),
            statistics_version: m.statistics_version,
            statistics: decoded.statistics,
            roster: decoded.roster,
            ledger: decoded.ledger,
            evaluation: decoded.evaluation,
        };
        Ok(Package {
            signed_by: (**signer).clone(),
            sha256: sha256_hex(self.bytes),
            manifest: self.manifest,
            contents,
        })
    }
}

/// Whether a package of sequence number `new` may replace the stored one of the same district
/// and school year (`existing`, `None` when there is none): a higher number supersedes (a
/// correction), an equal or lower one is refused (`package.sequence_not_newer`) — a package
/// received twice, or an older one arriving late, never overwrites a newer one.
pub fn supersedes(existing: Option<u64>, new: u64) -> Result<(), PackageError> {
    match existing {
        Some(existing) if new <= existing => Err(PackageError::SequenceNotNewer { existing, new }),
        _ => Ok(()),
    }
}
