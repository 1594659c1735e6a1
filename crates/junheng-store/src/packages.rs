//! Reporting upward (数据上报): the district keys a city registered, the packages it received
//! (each one's statistics stored as a new version of the district's year, the other parts kept
//! as JSON), and on a district's own database the sequence numbers of the packages it made.
//!
//! The store checks what it keeps (sequence numbers only grow, one key in use per district, the
//! history kept); signatures, digests and the parts' contents are checked before, by
//! `junheng_io::package`, in the use-case layer.

use junheng_core::school::SchoolRecord;
use junheng_rotation::{CountedLedger, RosterCounts};
use serde::Serialize;

use crate::audit::{action, append};
use crate::district::{DistrictId, DistrictStore};
use crate::error::{conflict_on_unique, narrow};
use crate::limits::{MAX_NOTE, check_actor, check_len, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::statistics::{ImportInfo, ImportSource};
use crate::time::now;
use crate::{Actor, Store, StoreError};

/// A public key registered for a district, with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictKey {
    /// Row id.
    pub id: i64,
    /// The district.
    pub district: DistrictId,
    /// The public key as its file holds it (`junheng-district-key/1:<code>:<hex>`).
    pub public_key: String,
    /// Its fingerprint (16 hex digits).
    pub fingerprint: String,
    /// When and by whom it was registered.
    pub registered_at: String,
    /// Who registered it.
    pub registered_by: String,
    /// When it stopped counting (revoked, or retired by a newer key); `None` while in use.
    pub revoked_at: Option<String>,
    /// Who revoked or replaced it.
    pub revoked_by: Option<String>,
    /// Why: the reason given, or the new key that replaced it.
    pub revoke_reason: Option<String>,
}

impl DistrictKey {
    /// Whether the key is the district's key in use.
    pub fn in_use(&self) -> bool {
        self.revoked_at.is_none()
    }
}

struct KeyRow {
    id: i64,
    district_id: i64,
    public_key: String,
    fingerprint: String,
    registered_at: String,
    registered_by: String,
    revoked_at: Option<String>,
    revoked_by: Option<String>,
    revoke_reason: Option<String>,
}
from_row!(KeyRow {
    id,
    district_id,
    public_key,
    fingerprint,
    registered_at,
    registered_by,
    revoked_at,
    revoked_by,
    revoke_reason
});

impl From<KeyRow> for DistrictKey {
    fn from(r: KeyRow) -> Self {
        DistrictKey {
            id: r.id,
            district: DistrictId(r.district_id),
            public_key: r.public_key,
            fingerprint: r.fingerprint,
            registered_at: r.registered_at,
            registered_by: r.registered_by,
            revoked_at: r.revoked_at,
            revoked_by: r.revoked_by,
            revoke_reason: r.revoke_reason,
        }
    }
}

const KEY_COLUMNS: &str = "id, district_id, public_key, fingerprint, registered_at, \
    registered_by, revoked_at, revoked_by, revoke_reason";

/// What the use-case layer hands the store of a verified package, besides its statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReceivedPackage {
    /// 学年.
    pub year: i32,
    /// The package's sequence number (per district and year).
    pub sequence: u64,
    /// SHA-256 of the manifest's bytes, 64 lowercase hex digits.
    pub manifest_sha256: String,
    /// Fingerprint of the key that signed it.
    pub fingerprint: String,
    /// When the district made it (RFC 3339, from the manifest).
    pub created_at: String,
    /// The program that made it.
    pub producer: String,
    /// The district's own version of the year's statistics.
    pub statistics_version: u64,
    /// The roster counts, as JSON of `Vec<RosterCounts>`.
    pub roster_json: String,
    /// The ledger counted, as JSON of `CountedLedger`.
    pub ledger_json: String,
    /// The evaluation, as the package carried it (a JSON object).
    pub evaluation_json: String,
}

impl NewReceivedPackage {
    /// The record of a package's parts, serialised.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        year: i32,
        sequence: u64,
        manifest_sha256: String,
        fingerprint: String,
        created_at: String,
        producer: String,
        statistics_version: u64,
        roster: &[RosterCounts],
        ledger: &CountedLedger,
        evaluation: String,
    ) -> Self {
        NewReceivedPackage {
            year,
            sequence,
            manifest_sha256,
            fingerprint,
            created_at,
            producer,
            statistics_version,
            roster_json: serde_json::to_string(roster).expect("plain data"),
            ledger_json: serde_json::to_string(ledger).expect("plain data"),
            evaluation_json: evaluation,
        }
    }
}

/// A package received from a district: its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceivedPackage {
    /// Row id.
    pub id: i64,
    /// The district.
    pub district: DistrictId,
    /// Its code.
    pub district_code: String,
    /// Its name.
    pub district_name: String,
    /// 学年.
    pub year: i32,
    /// Sequence number.
    pub sequence: u64,
    /// The import its statistics became.
    pub import_id: i64,
    /// That import's version of the year.
    pub import_version: u32,
    /// The file's name.
    pub file_name: String,
    /// SHA-256 of the whole file.
    pub package_sha256: String,
    /// SHA-256 of its manifest.
    pub manifest_sha256: String,
    /// Fingerprint of the key that signed it.
    pub fingerprint: String,
    /// When the district made it.
    pub created_at: String,
    /// The program that made it.
    pub producer: String,
    /// The district's own version of the statistics.
    pub statistics_version: u64,
    /// When it was received.
    pub received_at: String,
    /// Who received it.
    pub received_by: String,
    /// Whether it is the district's current package of the year (no higher sequence received).
    pub current: bool,
}

/// The parts of a received package besides its statistics, parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceivedParts {
    /// The roster counted per school and section (empty when the district had no roster).
    pub roster: Vec<RosterCounts>,
    /// The ledger counted.
    pub ledger: CountedLedger,
    /// The district's evaluation, as it sent it.
    pub evaluation: serde_json::Value,
}

/// A package with its parts ([`DistrictStore::latest_package`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatestPackage {
    /// Provenance.
    pub package: ReceivedPackage,
    /// The parts.
    pub parts: ReceivedParts,
}

struct ReceivedRow {
    id: i64,
    district_id: i64,
    district_code: String,
    district_name: String,
    year: i64,
    sequence: i64,
    import_id: i64,
    import_version: i64,
    file_name: String,
    package_sha256: String,
    manifest_sha256: String,
    fingerprint: String,
    created_at: String,
    producer: String,
    statistics_version: i64,
    received_at: String,
    received_by: String,
    latest: i64,
}
from_row!(ReceivedRow {
    id,
    district_id,
    district_code,
    district_name,
    year,
    sequence,
    import_id,
    import_version,
    file_name,
    package_sha256,
    manifest_sha256,
    fingerprint,
    created_at,
    producer,
    statistics_version,
    received_at,
    received_by,
    latest
});

const RECEIVED_SELECT: &str = "SELECT p.id, p.district_id, d.code AS district_code, \
    d.name AS district_name, p.year, p.sequence, p.import_id, i.version AS import_version, \
    p.file_name, p.package_sha256, p.manifest_sha256, p.fingerprint, p.created_at, p.producer, \
    p.statistics_version, p.received_at, p.received_by, \
    (SELECT MAX(q.sequence) FROM received_packages q WHERE q.district_id = p.district_id \
    AND q.year = p.year) AS latest \
    FROM received_packages p JOIN districts d ON d.id = p.district_id \
    JOIN imports i ON i.id = p.import_id";

const T: &str = "received_packages";

impl TryFrom<ReceivedRow> for ReceivedPackage {
    type Error = StoreError;

    fn try_from(r: ReceivedRow) -> Result<Self, StoreError> {
        Ok(ReceivedPackage {
            id: r.id,
            district: DistrictId(r.district_id),
            district_code: r.district_code,
            district_name: r.district_name,
            year: narrow(r.year, T, "year")?,
            sequence: narrow(r.sequence, T, "sequence")?,
            import_id: r.import_id,
            import_version: narrow(r.import_version, "imports", "version")?,
            file_name: r.file_name,
            package_sha256: r.package_sha256,
            manifest_sha256: r.manifest_sha256,
            fingerprint: r.fingerprint,
            created_at: r.created_at,
            producer: r.producer,
            statistics_version: narrow(r.statistics_version, T, "statistics_version")?,
            received_at: r.received_at,
            received_by: r.received_by,
            current: r.latest == r.sequence,
        })
    }
}

/// A package of sequence `new` may follow the last one received (`last`) only with a higher
/// number: a correction supersedes, a package received twice or an older one arriving late is
/// refused.
pub(crate) fn check_sequence(last: Option<i64>, new: u64) -> Result<(), StoreError> {
    match last {
        Some(last) if new as i64 <= last => Err(StoreError::Conflict(format!(
            "数据包序号 {new} 不大于已接收的第 {last} 号：同一区县同一学年只接收序号更大的数据包\
             （更正）；重复或较旧的数据包不予接收，未写入任何数据"
        ))),
        _ => Ok(()),
    }
}

fn check_fingerprint(fingerprint: &str) -> Result<(), StoreError> {
    let ok = fingerprint.len() == 16
        && fingerprint
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if ok {
        Ok(())
    } else {
        Err(StoreError::invalid("密钥指纹应为 16 位小写十六进制数字"))
    }
}

impl Store {
    /// Registers `public_key` (its text and fingerprint, checked by the caller) for a district.
    /// The district's key in use, if any, is retired in the same transaction (its
    /// `revoked_at` set, with the new key's fingerprint as the reason): registering a new key is
    /// how a key is rotated. [`StoreError::Conflict`] if the fingerprint is registered already
    /// (for any district, revoked or not: a key is registered once).
    pub async fn register_district_key(
        &self,
        district: DistrictId,
        public_key: &str,
        fingerprint: &str,
        actor: &Actor,
    ) -> Result<DistrictKey, StoreError> {
        check_actor(actor)?;
        check_fingerprint(fingerprint)?;
        check_required(public_key, "公钥", 200)?;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let at = now();
            let retired = sqlx::query(
                "UPDATE district_keys SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 \
                 WHERE district_id = $1 AND revoked_at IS NULL",
            )
            .bind(district.0)
            .bind(&at)
            .bind(&actor.name)
            .bind(format!("更换为新密钥 {fingerprint}"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO district_keys (district_id, public_key, fingerprint, \
                 registered_at, registered_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(district.0)
            .bind(public_key.trim())
            .bind(fingerprint)
            .bind(&at)
            .bind(&actor.name)
            .fetch_one(&mut *tx)
            .await
            .map_err(conflict_on_unique(
                "该公钥已登记过（每把密钥只登记一次；更换密钥请先由区县用 junheng keys init 生成新密钥）",
            ))?;
            append!(
                &mut *tx,
                Some(district.0),
                &actor.name,
                action::DISTRICT_KEY_REGISTER,
                format!("district_key:{fingerprint}"),
                format!("retired={retired}")
            )?;
            tx.commit().await?;
            id
        });
        self.district_keys(Some(district))
            .await?
            .into_iter()
            .find(|k| k.id == id)
            .ok_or(StoreError::NotFound("该密钥"))
    }

    /// Revokes a district's key: packages it signed are refused from now on, whatever their
    /// date. The row stays (history). [`StoreError::NotFound`] if the district has no key of
    /// that fingerprint; [`StoreError::Conflict`] if it is revoked already.
    pub async fn revoke_district_key(
        &self,
        district: DistrictId,
        fingerprint: &str,
        reason: &str,
        actor: &Actor,
    ) -> Result<DistrictKey, StoreError> {
        check_actor(actor)?;
        check_required(reason.trim(), "吊销原因", MAX_NOTE)?;
        check_len(fingerprint, "密钥指纹", 64)?;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let found: Option<(i64, Option<String>)> = sqlx::query_as(
                "SELECT id, revoked_at FROM district_keys WHERE district_id = $1 \
                 AND fingerprint = $2",
            )
            .bind(district.0)
            .bind(fingerprint.trim())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id, revoked)) = found else {
                return Err(StoreError::NotFound("该区县指纹为此的密钥"));
            };
            if let Some(at) = revoked {
                return Err(StoreError::Conflict(format!(
                    "该密钥已于 {at} 停用（吊销或被新密钥取代），无需再吊销"
                )));
            }
            sqlx::query(
                "UPDATE district_keys SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(now())
            .bind(&actor.name)
            .bind(reason.trim())
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(district.0),
                &actor.name,
                action::DISTRICT_KEY_REVOKE,
                format!("district_key:{}", fingerprint.trim()),
                reason.trim()
            )?;
            tx.commit().await?;
            id
        });
        self.district_keys(Some(district))
            .await?
            .into_iter()
            .find(|k| k.id == id)
            .ok_or(StoreError::NotFound("该密钥"))
    }

    /// The key registry, with its history: of one district or of all, by district and then in
    /// the order of registration.
    pub async fn district_keys(
        &self,
        district: Option<DistrictId>,
    ) -> Result<Vec<DistrictKey>, StoreError> {
        let rows: Vec<KeyRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {KEY_COLUMNS} FROM district_keys WHERE ($1 IS NULL OR district_id = $1) \
                 ORDER BY district_id, id"
            )))
            .bind(district.map(|d| d.0))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(DistrictKey::from).collect())
    }

    /// The packages received, of one district or of all: newest first (by district code, year
    /// descending, sequence descending), each marked current or superseded.
    pub async fn received_packages(
        &self,
        district: Option<DistrictId>,
    ) -> Result<Vec<ReceivedPackage>, StoreError> {
        let rows: Vec<ReceivedRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{RECEIVED_SELECT} WHERE ($1 IS NULL OR p.district_id = $1) \
                 ORDER BY d.code, p.year DESC, p.sequence DESC"
            )))
            .bind(district.map(|d| d.0))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ReceivedPackage::try_from).collect()
    }
}

impl DistrictStore {
    /// Stores a verified package: its statistics as a new version of the district's year and
    /// the record of the package, in one transaction with the audit entries. The sequence must
    /// be higher than every one received before for this district and year
    /// ([`StoreError::Conflict`] otherwise); nothing is written when refused.
    pub async fn receive_package(
        &self,
        statistics: &[SchoolRecord],
        source: &ImportSource,
        package: &NewReceivedPackage,
        actor: &Actor,
    ) -> Result<(ImportInfo, ReceivedPackage), StoreError> {
        if package.sequence == 0 || package.sequence > i64::MAX as u64 {
            return Err(StoreError::invalid("数据包序号应为正整数"));
        }
        check_fingerprint(&package.fingerprint)?;
        for (json, what) in [
            (&package.roster_json, "花名册统计"),
            (&package.ledger_json, "台账统计"),
            (&package.evaluation_json, "评估结果"),
        ] {
            serde_json::from_str::<serde_json::Value>(json)
                .map_err(|_| StoreError::Invalid(format!("数据包的{what}不是 JSON")))?;
        }
        let (mut infos, id) = self
            .import_years(
                &[(package.year, statistics, crate::VersionOrigin::REPLACE)],
                source,
                actor,
                Some(package),
            )
            .await?;
        let id = id.ok_or(StoreError::NotFound("数据包记录"))?;
        let info = infos.remove(0);
        let record = self
            .received(Some(id), None)
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound("数据包记录"))?;
        Ok((info, record))
    }

    async fn received(
        &self,
        id: Option<i64>,
        year: Option<i32>,
    ) -> Result<Vec<ReceivedPackage>, StoreError> {
        let rows: Vec<ReceivedRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{RECEIVED_SELECT} WHERE p.district_id = $1 AND ($2 IS NULL OR p.id = $2) \
                 AND ($3 IS NULL OR p.year = $3) ORDER BY p.year DESC, p.sequence DESC"
            )))
            .bind(self.id)
            .bind(id)
            .bind(year.map(i64::from))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(ReceivedPackage::try_from).collect()
    }

    /// The district's current package of `year` (the highest sequence received), with its
    /// parts parsed; `None` when none was received. A page shows "数据来源：上报包 第 N 号"
    /// from it, and a district whose roster lives only as counts its rotation quota.
    pub async fn latest_package(&self, year: i32) -> Result<Option<LatestPackage>, StoreError> {
        let Some(package) = self.received(None, Some(year)).await?.into_iter().next() else {
            return Ok(None);
        };
        let (roster, ledger, evaluation): (String, String, String) =
            with_pool!(&self.pool, |pool| {
                sqlx::query_as(
                    "SELECT roster_json, ledger_json, evaluation_json FROM received_packages \
                     WHERE id = $1 AND district_id = $2",
                )
                .bind(package.id)
                .bind(self.id)
                .fetch_one(pool)
                .await?
            });
        let corrupt = |column| StoreError::Corrupt { table: T, column };
        let parts = ReceivedParts {
            roster: serde_json::from_str(&roster).map_err(|_| corrupt("roster_json"))?,
            ledger: serde_json::from_str(&ledger).map_err(|_| corrupt("ledger_json"))?,
            evaluation: serde_json::from_str(&evaluation)
                .map_err(|_| corrupt("evaluation_json"))?,
        };
        Ok(Some(LatestPackage { package, parts }))
    }

    /// The sequence number the district's next package of `year` carries: one more than the
    /// last one it made (1 for the first).
    pub async fn next_report_sequence(&self, year: i32) -> Result<u64, StoreError> {
        let (last,): (Option<i64>,) = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT MAX(sequence) FROM reported_packages WHERE district_id = $1 AND year = $2",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_one(pool)
            .await?
        });
        Ok(last.map_or(1, |l| l as u64 + 1))
    }

    /// Records a package the district made, so that the next one of the year carries a higher
    /// number. [`StoreError::Conflict`] if a package of that number or a higher one was
    /// recorded meanwhile (two `report-up` at once): make the package again.
    pub async fn record_report(
        &self,
        year: i32,
        sequence: u64,
        statistics_version: u64,
        package_sha256: &str,
        fingerprint: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check_actor(actor)?;
        check_fingerprint(fingerprint)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            sqlx::query("UPDATE districts SET code = code WHERE id = $1")
                .bind(self.id)
                .execute(&mut *tx)
                .await?;
            let (last,): (Option<i64>,) = sqlx::query_as(
                "SELECT MAX(sequence) FROM reported_packages WHERE district_id = $1 AND year = $2",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .fetch_one(&mut *tx)
            .await?;
            if last.is_some_and(|l| sequence as i64 <= l) {
                return Err(StoreError::Conflict(format!(
                    "本区县 {year} 学年已制作过第 {} 号数据包；请重新制作（序号将顺延）",
                    last.unwrap_or_default()
                )));
            }
            sqlx::query(
                "INSERT INTO reported_packages (district_id, year, sequence, statistics_version, \
                 package_sha256, fingerprint, reported_at, reported_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(self.id)
            .bind(i64::from(year))
            .bind(sequence as i64)
            .bind(statistics_version as i64)
            .bind(package_sha256)
            .bind(fingerprint)
            .bind(now())
            .bind(&actor.name)
            .execute(&mut *tx)
            .await?;
            append!(
                &mut *tx,
                Some(self.id),
                &actor.name,
                action::PACKAGE_REPORT,
                format!("package:{year}:{sequence}"),
                format!(
                    "version={statistics_version} sha256={} key={fingerprint}",
                    package_sha256.get(..16).unwrap_or(package_sha256)
                )
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
