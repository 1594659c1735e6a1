//! The protection of children's identifying data (issue 13; PIPL: a child's data is sensitive
//! personal information): two keys held **outside the database**, one to encrypt identifying
//! fields at rest (a child's name, 学籍号), one to derive the pseudonymous student key that
//! analytics and every later capability use instead of the name.
//!
//! * **Sealing**: AES-256-GCM (ring) with a random 96-bit nonce per value. A sealed value is
//!   `version (1) | key id (4) | nonce (12) | ciphertext | tag (16)`; the key id is the first four
//!   bytes of SHA-256 of the key, so a value sealed under a retired key is recognised. The
//!   **context** (e.g. `student.name:<pseudonym>`) is authenticated with it: a value copied to
//!   another row or column does not open.
//! * **Pseudonym**: HMAC-SHA256 of the 学籍号 under the second key, hex. The same child has the
//!   same pseudonym across years and schools; without the key it cannot be reversed or guessed
//!   from a list of 学籍号.
//! * **Keys**: 32 random bytes each, written as 64 hex characters on the first line of a file
//!   readable by its owner only (a file readable by group or others is refused), or given in the
//!   environment. The two keys must differ. They are never written to the database, to backups
//!   or to logs; `Debug` shows only the key id.
//! * **Rotation**: start with the new sealing key and the old one as `previous`; values sealed
//!   under either open; re-seal every value under the new key ([`StudentKeys::reseal`]); then drop
//!   the old key. The pseudonym key is not rotated (pseudonyms are stored keys of the registry):
//!   changing it means re-keying every table that holds a pseudonym.

use std::fmt;
use std::path::Path;

use junheng_core::student::StudentNumber;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use ring::{digest, hmac};

/// The format of a sealed value.
const VERSION: u8 = 1;
/// The length of the key id in a sealed value.
const KEY_ID_LEN: usize = 4;
/// The length of the authentication tag.
const TAG_LEN: usize = 16;

/// Why keys or a sealed value are not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtectError {
    /// A key is not 64 hex characters.
    #[error("{what}应为 64 位十六进制字符（32 字节随机数，可用 junheng students keygen 生成）")]
    KeyFormat {
        /// Which key, in Chinese.
        what: &'static str,
    },
    /// The two keys are the same.
    #[error("加密密钥与假名密钥不能相同")]
    SameKeys,
    /// A key file cannot be read or is readable by others.
    #[error("密钥文件 {path}：{why}")]
    KeyFile {
        /// The file.
        path: String,
        /// What is wrong.
        why: String,
    },
    /// A sealed value is malformed, sealed under an unknown key, or altered.
    #[error("加密数据无法解开（格式不对、密钥不对或数据被改动）")]
    Open,
}

/// One sealing key and its id.
struct SealKey {
    id: [u8; KEY_ID_LEN],
    key: LessSafeKey,
}

impl SealKey {
    fn new(bytes: &[u8; 32]) -> SealKey {
        let d = digest::digest(&digest::SHA256, bytes);
        let mut id = [0u8; KEY_ID_LEN];
        id.copy_from_slice(&d.as_ref()[..KEY_ID_LEN]);
        let unbound = UnboundKey::new(&AES_256_GCM, bytes).expect("32 bytes is an AES-256 key");
        SealKey {
            id,
            key: LessSafeKey::new(unbound),
        }
    }
}

/// The keys that protect children's data.
pub struct StudentKeys {
    seal: SealKey,
    previous: Vec<SealKey>,
    pseudonym: hmac::Key,
    rng: SystemRandom,
}

impl fmt::Debug for StudentKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StudentKeys(seal {})", hex::encode(self.seal.id))
    }
}

/// 32 bytes of a 64-hex-character text.
fn key_bytes(text: &str, what: &'static str) -> Result<[u8; 32], ProtectError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut out).map_err(|_| ProtectError::KeyFormat { what })?;
    Ok(out)
}

impl StudentKeys {
    /// Keys from their bytes; the two must differ.
    pub fn from_bytes(seal: &[u8; 32], pseudonym: &[u8; 32]) -> Result<StudentKeys, ProtectError> {
        if seal == pseudonym {
            return Err(ProtectError::SameKeys);
        }
        Ok(StudentKeys {
            seal: SealKey::new(seal),
            previous: Vec::new(),
            pseudonym: hmac::Key::new(hmac::HMAC_SHA256, pseudonym),
            rng: SystemRandom::new(),
        })
    }

    /// Keys from their hex texts (e.g. the environment's `JUNHENG_STUDENT_SEAL_KEY` and
    /// `JUNHENG_STUDENT_PSEUDONYM_KEY`).
    pub fn from_hex(seal: &str, pseudonym: &str) -> Result<StudentKeys, ProtectError> {
        StudentKeys::from_bytes(
            &key_bytes(seal, "加密密钥")?,
            &key_bytes(pseudonym, "假名密钥")?,
        )
    }

    /// The key in a file readable by its owner only (hex, first line), for a caller that
    /// combines it with a key from elsewhere.
    pub fn read_key(path: &Path) -> Result<String, ProtectError> {
        read_key_file(path)
    }

    /// Keys from two files, each readable by its owner only, the key on the first line.
    pub fn from_files(seal: &Path, pseudonym: &Path) -> Result<StudentKeys, ProtectError> {
        StudentKeys::from_hex(&read_key_file(seal)?, &read_key_file(pseudonym)?)
    }

    /// Adds a retired sealing key whose values still open (while they are re-sealed).
    pub fn with_previous(mut self, old: &[u8; 32]) -> StudentKeys {
        self.previous.push(SealKey::new(old));
        self
    }

    /// Adds a retired sealing key from its hex text (see [`StudentKeys::with_previous`]).
    pub fn with_previous_hex(self, old: &str) -> Result<StudentKeys, ProtectError> {
        Ok(self.with_previous(&key_bytes(old, "旧加密密钥")?))
    }

    /// Adds a retired sealing key from its file (owner-only, like the others).
    pub fn with_previous_file(self, old: &Path) -> Result<StudentKeys, ProtectError> {
        self.with_previous_hex(&read_key_file(old)?)
    }

    /// Two new random keys, as hex (sealing, pseudonym).
    pub fn generate() -> (String, String) {
        let rng = SystemRandom::new();
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        rng.fill(&mut a).expect("the system's random source");
        rng.fill(&mut b).expect("the system's random source");
        (hex::encode(a), hex::encode(b))
    }

    /// Seals `plain` for `context` (the column and the row's pseudonym, e.g.
    /// `student.name:3f…`).
    pub fn seal(&self, plain: &str, context: &str) -> Vec<u8> {
        self.seal_bytes(plain.as_bytes(), context)
    }

    /// Seals bytes (a file's columns) for `context`, as [`StudentKeys::seal`] seals text.
    pub fn seal_bytes(&self, plain: &[u8], context: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng
            .fill(&mut nonce)
            .expect("the system's random source");
        let mut body = plain.to_vec();
        self.seal
            .key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context.as_bytes()),
                &mut body,
            )
            .expect("AES-GCM seals any length the store holds");
        let mut out = Vec::with_capacity(1 + KEY_ID_LEN + NONCE_LEN + body.len());
        out.push(VERSION);
        out.extend_from_slice(&self.seal.id);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&body);
        out
    }

    /// Opens a value sealed for `context` under the current or a previous key.
    pub fn open(&self, sealed: &[u8], context: &str) -> Result<String, ProtectError> {
        String::from_utf8(self.open_bytes(sealed, context)?).map_err(|_| ProtectError::Open)
    }

    /// Opens bytes sealed by [`StudentKeys::seal_bytes`] for `context`.
    pub fn open_bytes(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>, ProtectError> {
        let head = 1 + KEY_ID_LEN + NONCE_LEN;
        if sealed.len() < head + TAG_LEN || sealed[0] != VERSION {
            return Err(ProtectError::Open);
        }
        let id = &sealed[1..1 + KEY_ID_LEN];
        let key = std::iter::once(&self.seal)
            .chain(&self.previous)
            .find(|k| k.id == id)
            .ok_or(ProtectError::Open)?;
        let nonce = Nonce::try_assume_unique_for_key(&sealed[1 + KEY_ID_LEN..head])
            .map_err(|_| ProtectError::Open)?;
        let mut body = sealed[head..].to_vec();
        let plain = key
            .key
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut body)
            .map_err(|_| ProtectError::Open)?;
        let len = plain.len();
        body.truncate(len);
        Ok(body)
    }

    /// The value re-sealed under the current key (rotation); `None` when it already is.
    pub fn reseal(&self, sealed: &[u8], context: &str) -> Result<Option<Vec<u8>>, ProtectError> {
        if sealed.get(1..1 + KEY_ID_LEN) == Some(&self.seal.id[..]) {
            self.open_bytes(sealed, context)?;
            return Ok(None);
        }
        Ok(Some(
            self.seal_bytes(&self.open_bytes(sealed, context)?, context),
        ))
    }

    /// The pseudonymous student key of a 学籍号: HMAC-SHA256 under the pseudonym key, 64 hex
    /// characters.
    pub fn pseudonym(&self, number: &StudentNumber) -> String {
        hex::encode(hmac::sign(&self.pseudonym, number.expose().as_bytes()).as_ref())
    }

    /// A secret seed for a reproducible sample (the weekly spot check of a class's labour
    /// records): HMAC-SHA256 under the pseudonym key of `purpose` and `context`, separated from
    /// every pseudonym by the `sample:` prefix (a 学籍号 never starts with it). Whoever holds the
    /// keys can redraw a week's sample; nobody else can predict it.
    pub fn sample_seed(&self, purpose: &str, context: &str) -> [u8; 32] {
        let message = format!("sample:{purpose}:{context}");
        let tag = hmac::sign(&self.pseudonym, message.as_bytes());
        let mut seed = [0; 32];
        seed.copy_from_slice(&tag.as_ref()[..32]);
        seed
    }

    /// The secret seed of the district's term audit (区级抽查) of a school: a
    /// [`StudentKeys::sample_seed`] of the school and term, so the district can redraw its sample
    /// and no school can predict which of its children will be audited.
    pub fn audit_seed(
        &self,
        school: &junheng_core::school::SchoolCode,
        term: junheng_labour::calendar::Term,
    ) -> [u8; 32] {
        let semester = match term.semester {
            junheng_labour::calendar::Semester::First => "first",
            junheng_labour::calendar::Semester::Second => "second",
        };
        self.sample_seed(
            "labour-audit",
            &format!("{}/{}-{semester}", school.as_str(), term.year),
        )
    }
}

/// The key on the first line of a file readable by its owner only.
fn read_key_file(path: &Path) -> Result<String, ProtectError> {
    let fail = |why: String| ProtectError::KeyFile {
        path: path.display().to_string(),
        why,
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(fail(
                "同组或其他用户可读，请执行 chmod 600 后再用".to_owned(),
            ));
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    Ok(text.lines().next().unwrap_or_default().trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> StudentKeys {
        StudentKeys::from_bytes(&[7u8; 32], &[9u8; 32]).unwrap()
    }

    fn number() -> StudentNumber {
        StudentNumber::parse("G110101201503077770").unwrap()
    }

    #[test]
    fn a_sealed_value_opens_in_its_context_only_and_holds_no_plaintext() {
        let k = keys();
        let sealed = k.seal("王小明", "student.name:abc");
        assert!(
            !sealed
                .windows("王小明".len())
                .any(|w| w == "王小明".as_bytes())
        );
        assert_eq!(k.open(&sealed, "student.name:abc").unwrap(), "王小明");
        assert_eq!(k.open(&sealed, "student.name:abd"), Err(ProtectError::Open));
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(
            k.open(&altered, "student.name:abc"),
            Err(ProtectError::Open)
        );
        assert_eq!(
            k.open(&sealed[..10], "student.name:abc"),
            Err(ProtectError::Open)
        );
        // Two seals of one value differ (random nonce).
        assert_ne!(sealed, k.seal("王小明", "student.name:abc"));
    }

    #[test]
    fn rotation_opens_old_values_and_reseals_them() {
        let old = keys();
        let sealed = old.seal("李华", "c");
        let new = StudentKeys::from_bytes(&[8u8; 32], &[9u8; 32])
            .unwrap()
            .with_previous(&[7u8; 32]);
        assert_eq!(new.open(&sealed, "c").unwrap(), "李华");
        let again = new.reseal(&sealed, "c").unwrap().unwrap();
        assert_eq!(new.reseal(&again, "c").unwrap(), None);
        let only_new = StudentKeys::from_bytes(&[8u8; 32], &[9u8; 32]).unwrap();
        assert_eq!(only_new.open(&again, "c").unwrap(), "李华");
        assert_eq!(only_new.open(&sealed, "c"), Err(ProtectError::Open));
        // The pseudonym does not change with the sealing key.
        assert_eq!(old.pseudonym(&number()), new.pseudonym(&number()));
    }

    #[test]
    fn keys_are_checked_and_never_shown() {
        assert_eq!(
            StudentKeys::from_bytes(&[1u8; 32], &[1u8; 32]).unwrap_err(),
            ProtectError::SameKeys
        );
        assert!(StudentKeys::from_hex("zz", &"ab".repeat(32)).is_err());
        let (a, b) = StudentKeys::generate();
        assert_eq!((a.len(), b.len()), (64, 64));
        let k = StudentKeys::from_hex(&a, &b).unwrap();
        let shown = format!("{k:?}");
        assert!(!shown.contains(&a) && !shown.contains(&b) && shown.len() < 40);
        let p = k.pseudonym(&number());
        assert_eq!(p.len(), 64);
        assert!(!p.contains("110101"));
        let other = StudentKeys::from_hex(&b, &a).unwrap();
        assert_ne!(other.pseudonym(&number()), p);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_readable_by_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = StudentKeys::generate();
        let (fa, fb) = (
            dir.path().join("seal.key"),
            dir.path().join("pseudonym.key"),
        );
        std::fs::write(&fa, format!("{a}\n")).unwrap();
        std::fs::write(&fb, format!("{b}\n")).unwrap();
        for f in [&fa, &fb] {
            std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(StudentKeys::from_files(&fa, &fb).is_ok());
        std::fs::set_permissions(&fb, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = StudentKeys::from_files(&fa, &fb).unwrap_err();
        assert!(e.to_string().contains("chmod 600"), "{e}");
    }
}
