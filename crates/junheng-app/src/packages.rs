//! Reporting upward (数据上报): a district makes a signed package of a school year
//! ([`report_up`]); the city registers the districts' public keys ([`register_key`],
//! [`revoke_key`]) and receives packages ([`receive`]), each stored as the district's new
//! statistics version with its provenance.
//!
//! The package format and every check of a package are `junheng_io::package`'s; this module
//! gathers what goes in, finds the keys a package is checked against, and stores the outcome in
//! one transaction (nothing is written for a refused package).

use std::fmt;
use std::time::SystemTime;

use junheng_core::rulebook::Rulebook;
use junheng_io::Limits;
use junheng_io::package::{
    DistrictCode, DistrictPublicKey, DistrictSigningKey, Manifest, PackageContents, PackageError,
    PublicKeyRecord, Timestamp, read_package, roster_counts, supersedes, write_package,
};
use junheng_rotation::count_ledger;
use junheng_store::{
    Actor, DEFAULT_DISTRICT, District, DistrictKey, DistrictStore, ImportInfo, ImportSource,
    MoveFilter, NewReceivedPackage, ReceivedPackage, Scope, Store, StoreError, rfc3339,
};
use sha2::{Digest, Sha256};

/// Why reporting or receiving failed: the package's own check (its stable code says which), or
/// the store's.
#[derive(Debug)]
pub enum PackageFailure {
    /// The package was refused, or could not be made (`package.…` codes).
    Package(PackageError),
    /// The store refused or failed (`store.…` codes).
    Store(StoreError),
}

impl PackageFailure {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            PackageFailure::Package(e) => e.code(),
            PackageFailure::Store(e) => e.code(),
        }
    }

    /// Whether the package was refused as tampered with, unsigned or foreign.
    pub fn is_refusal(&self) -> bool {
        match self {
            PackageFailure::Package(e) => e.is_refusal(),
            PackageFailure::Store(_) => false,
        }
    }
}

impl fmt::Display for PackageFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageFailure::Package(e) => write!(f, "{e}"),
            PackageFailure::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PackageFailure {}

impl From<PackageError> for PackageFailure {
    fn from(e: PackageError) -> Self {
        PackageFailure::Package(e)
    }
}

impl From<StoreError> for PackageFailure {
    fn from(e: StoreError) -> Self {
        PackageFailure::Store(e)
    }
}

/// A package made by [`report_up`].
#[derive(Debug, Clone)]
pub struct Reported {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its manifest.
    pub manifest: Manifest,
    /// Schools in its statistics.
    pub schools: usize,
    /// Roster rows (school × section) counted.
    pub roster_rows: usize,
    /// Ledger groups counted.
    pub ledger_rows: usize,
}

fn now() -> Timestamp {
    Timestamp::parse(&rfc3339(SystemTime::now())).expect("the store's own format")
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The district code a package of `district` carries: its own, which must be the key's; a
/// laptop's district still named 本区县 `000000` takes the key's code.
fn package_code(district: &District, key: &DistrictSigningKey) -> Result<DistrictCode, StoreError> {
    if district.code == DEFAULT_DISTRICT.0 || district.code == key.district().as_str() {
        return Ok(key.district().clone());
    }
    Err(StoreError::Invalid(format!(
        "签名密钥属于区县 {}，而数据库中的区县是 {} {}：请用本区县的密钥（junheng keys init --district {}）",
        key.district(),
        district.code,
        district.name,
        district.code
    )))
}

/// Makes the package of school year `year` of a district: the latest version of the year's
/// statistics, the roster counted per school and section, the ledger counted, the evaluation
/// under `rulebook`; numbered one more than the last package the district made of that year and
/// signed with `key`. The package is recorded (so the next one is numbered higher) before it is
/// returned; the caller writes it.
#[allow(clippy::too_many_arguments)]
pub async fn report_up(
    data: &DistrictStore,
    district: &District,
    key: &DistrictSigningKey,
    year: i32,
    rulebook: &Rulebook,
    name: Option<&str>,
    producer: &str,
    actor: &Actor,
) -> Result<Reported, PackageFailure> {
    let code = package_code(district, key)?;
    let latest = data
        .imports(Some(year))
        .await?
        .into_iter()
        .max_by_key(|i| i.version)
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "本区县没有 {year} 学年的学校统计数据，无法上报；请先导入（junheng import）"
            ))
        })?;
    let statistics = data.statistics(year, Some(latest.version)).await?;
    let roster = data.roster(year).await?;
    let moves: Vec<_> = data
        .moves(&MoveFilter {
            year_active: Some(year),
            ..MoveFilter::default()
        })
        .await?
        .into_iter()
        .filter(|e| e.is_active())
        .map(|e| e.move_)
        .collect();
    let ledger = count_ledger(&moves, &roster, year);
    let evaluation = junheng_core::evaluate::evaluate(&statistics, rulebook)
        .map_err(|e| StoreError::Invalid(format!("无法评估 {year} 学年的数据：{e}")))?;
    let evaluation = serde_json::to_string(&evaluation).expect("plain data");
    let sequence = data.next_report_sequence(year).await?;
    let contents = PackageContents {
        district: code,
        district_name: name.unwrap_or(&district.name).trim().to_owned(),
        school_year: year,
        sequence,
        created_at: now(),
        producer: producer.to_owned(),
        statistics_version: u64::from(latest.version),
        roster: roster_counts(&roster, year),
        ledger,
        evaluation,
        statistics,
    };
    let bytes = write_package(&contents, key)?;
    let fingerprint = key.public().fingerprint();
    data.record_report(
        year,
        sequence,
        u64::from(latest.version),
        &sha256_hex(&bytes),
        &fingerprint,
        actor,
    )
    .await?;
    let manifest = read_package(&bytes, &Limits::for_max_input(u64::MAX >> 1))?
        .manifest()
        .clone();
    Ok(Reported {
        schools: contents.statistics.len(),
        roster_rows: contents.roster.len(),
        ledger_rows: contents.ledger.rows.len(),
        manifest,
        bytes,
    })
}

/// A package received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The district it came from.
    pub district: District,
    /// Its record (provenance).
    pub package: ReceivedPackage,
    /// The statistics version it became.
    pub import: ImportInfo,
}

/// The registry as the package check reads it: every key ever registered, with the time it
/// counts from and, if it stopped counting, when.
async fn key_records(store: &Store) -> Result<Vec<PublicKeyRecord>, StoreError> {
    let corrupt = |column| StoreError::Corrupt {
        table: "district_keys",
        column,
    };
    store
        .district_keys(None)
        .await?
        .into_iter()
        .map(|k| {
            Ok(PublicKeyRecord {
                key: DistrictPublicKey::parse(k.public_key.as_bytes())
                    .map_err(|_| corrupt("public_key"))?,
                registered_at: Timestamp::parse(&k.registered_at)
                    .map_err(|_| corrupt("registered_at"))?,
                revoked_at: k
                    .revoked_at
                    .as_deref()
                    .map(Timestamp::parse)
                    .transpose()
                    .map_err(|_| corrupt("revoked_at"))?,
            })
        })
        .collect()
}

/// Receives a package: its container, manifest, digests and signature checked against the keys
/// registered for the district its manifest names (which must be in the database and, for a city
/// or province user, in their region: `region`; `None` for the command line's operator), its
/// parts read, its sequence number higher than any received for that district and year; then
/// its statistics stored as the district's new version of the year, its other parts and
/// provenance beside them, in one transaction. A refused package writes nothing.
pub async fn receive(
    store: &Store,
    bytes: &[u8],
    file_name: &str,
    region: Option<&Scope>,
    limits: &Limits,
    actor: &Actor,
) -> Result<Received, PackageFailure> {
    let unverified = read_package(bytes, limits)?;
    let m = unverified.manifest();
    let (code, name, year, sequence) = (
        m.district.code.to_string(),
        m.district.name.clone(),
        m.school_year,
        m.sequence,
    );
    let district = store
        .district_by_code(&code)
        .await?
        .filter(|d| region.is_none_or(|scope| d.in_region(scope)))
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "数据包来自区县 {code}（{name}），{}：未接收，未写入任何数据",
                if region.is_some() {
                    "不是您所辖范围内的区县"
                } else {
                    "本数据库中没有这个区县"
                }
            ))
        })?;
    let keys = key_records(store).await?;
    let package = unverified.verify_against(&keys, &now())?;
    let data = store.in_district(district.id);
    let last = store
        .received_packages(Some(district.id))
        .await?
        .into_iter()
        .filter(|p| p.year == year)
        .map(|p| p.sequence)
        .max();
    supersedes(last, sequence)?;
    let fingerprint = package.signed_by.fingerprint();
    let source = ImportSource {
        file_name: file_name.to_owned(),
        sha256: package.sha256.clone(),
        note: format!("上报包 第 {sequence} 号（密钥 {fingerprint}）"),
    };
    let c = &package.contents;
    let record = NewReceivedPackage::new(
        year,
        sequence,
        sha256_hex(&package.manifest.canonical()),
        fingerprint,
        c.created_at.to_string(),
        c.producer.clone(),
        c.statistics_version,
        &c.roster,
        &c.ledger,
        c.evaluation.clone(),
    );
    let (import, package) = data
        .receive_package(&c.statistics, &source, &record, actor)
        .await?;
    Ok(Received {
        district,
        package,
        import,
    })
}

/// Registers a district's public key (the text of its file), retiring the key in use: how a key
/// is first registered and how it is rotated. The key must be the district's (its code is the
/// district's code).
pub async fn register_key(
    store: &Store,
    district_code: &str,
    public_key: &[u8],
    actor: &Actor,
) -> Result<(District, DistrictKey), StoreError> {
    let key = DistrictPublicKey::parse(public_key)
        .map_err(|e| StoreError::Invalid(format!("公钥无法识别：{e}")))?;
    let district = store.district_for(Some(district_code)).await?;
    if key.district().as_str() != district.code {
        return Err(StoreError::Invalid(format!(
            "该公钥属于区县 {}，不是 {} {}：请核对公钥文件",
            key.district(),
            district.code,
            district.name
        )));
    }
    let registered = store
        .register_district_key(district.id, &key.to_text(), &key.fingerprint(), actor)
        .await?;
    Ok((district, registered))
}

/// Revokes a district's key: packages signed with it are refused from now on.
pub async fn revoke_key(
    store: &Store,
    district_code: &str,
    fingerprint: &str,
    reason: &str,
    actor: &Actor,
) -> Result<(District, DistrictKey), StoreError> {
    let district = store.district_for(Some(district_code)).await?;
    let key = store
        .revoke_district_key(district.id, fingerprint, reason, actor)
        .await?;
    Ok((district, key))
}

/// The key registry with its history, of one district or of all, each key with its district.
pub async fn keys(
    store: &Store,
    district_code: Option<&str>,
) -> Result<Vec<(District, DistrictKey)>, StoreError> {
    let only = match district_code {
        Some(code) => Some(store.district_for(Some(code)).await?.id),
        None => None,
    };
    let districts = store.districts().await?;
    let mut out: Vec<(District, DistrictKey)> = store
        .district_keys(only)
        .await?
        .into_iter()
        .filter_map(|k| {
            let d = districts.iter().find(|d| d.id == k.district)?.clone();
            Some((d, k))
        })
        .collect();
    out.sort_by(|a, b| a.0.code.cmp(&b.0.code).then(a.1.id.cmp(&b.1.id)));
    Ok(out)
}
