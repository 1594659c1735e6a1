//! Districts (区县): the unit that is evaluated, and that owns its schools, groups, statistics,
//! rosters, ledger, lotteries and submissions. A bureau laptop holds one (created as 本区县
//! `000000` when first needed); a city deployment several, each with its city and province.
//!
//! Everything a district owns is read and written through a [`DistrictStore`]
//! ([`Store::in_district`]): its queries are scoped by the district's id, so no call can reach
//! another district's rows.

use std::fmt;

use serde::Serialize;

use crate::audit::{action, append};
use crate::error::conflict_on_unique;
use crate::limits::{MAX_DISTRICT_NAME, check_actor, check_required};
use crate::pool::{Dialect, Pool, from_row, with_pool};
use crate::{Actor, Store, StoreError};

/// The id of a district (its row), as every district-owned row names it. The default, 0, is
/// no row's id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DistrictId(pub(crate) i64);

impl DistrictId {
    /// The row id.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for DistrictId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What kind of county-level division a district is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistrictKind {
    /// 区 (urban district).
    Qu,
    /// 县 (county; 自治县 too).
    Xian,
    /// 功能区 (a development zone a city administers like a district: 两江新区, 重庆高新区 …).
    Gongnengqu,
}

impl DistrictKind {
    /// Every kind.
    pub const ALL: [DistrictKind; 3] = [
        DistrictKind::Qu,
        DistrictKind::Xian,
        DistrictKind::Gongnengqu,
    ];

    /// The Chinese word, as stored: 区, 县 or 功能区.
    pub fn label(self) -> &'static str {
        match self {
            DistrictKind::Qu => "区",
            DistrictKind::Xian => "县",
            DistrictKind::Gongnengqu => "功能区",
        }
    }

    /// Parses a [`DistrictKind::label`].
    pub fn parse(text: &str) -> Option<Self> {
        DistrictKind::ALL
            .into_iter()
            .find(|k| k.label() == text.trim())
    }
}

/// A district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct District {
    /// Row id.
    pub id: DistrictId,
    /// 行政区划代码 (6 digits), or the code the city assigned (功能区 have none); `000000` for a
    /// laptop's district until set.
    pub code: String,
    /// Name, e.g. 渝北区.
    pub name: String,
    /// 区, 县 or 功能区.
    pub kind: DistrictKind,
    /// The city: code (e.g. 500100) and name (e.g. 重庆市); empty when not set.
    pub city: (String, String),
    /// The province: code and name; empty when not set.
    pub province: (String, String),
}

struct DistrictRow {
    id: i64,
    code: String,
    name: String,
    kind: String,
    city_code: String,
    city_name: String,
    province_code: String,
    province_name: String,
}
from_row!(DistrictRow {
    id,
    code,
    name,
    kind,
    city_code,
    city_name,
    province_code,
    province_name
});

const DISTRICT_COLUMNS: &str =
    "id, code, name, kind, city_code, city_name, province_code, province_name";

impl TryFrom<DistrictRow> for District {
    type Error = StoreError;

    fn try_from(r: DistrictRow) -> Result<Self, StoreError> {
        Ok(District {
            id: DistrictId(r.id),
            kind: DistrictKind::parse(&r.kind).ok_or(StoreError::Corrupt {
                table: "districts",
                column: "kind",
            })?,
            code: r.code,
            name: r.name,
            city: (r.city_code, r.city_name),
            province: (r.province_code, r.province_name),
        })
    }
}

impl District {
    /// Whether the district lies in the city or province of `scope` (a city or province
    /// user's scope); never for another kind of scope, nor for an empty code.
    ///
    /// ```
    /// # use junheng_store::{District, Scope};
    /// fn visible(d: &District) -> bool {
    ///     d.in_region(&Scope::City("500100".into()))
    /// }
    /// ```
    pub fn in_region(&self, scope: &crate::Scope) -> bool {
        match scope {
            crate::Scope::City(code) => !code.is_empty() && self.city.0 == *code,
            crate::Scope::Province(code) => !code.is_empty() && self.province.0 == *code,
            _ => false,
        }
    }
}

/// A district to add, or what to set of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDistrict {
    /// 行政区划代码 or the city's code: 2 to 20 letters, digits or `-`.
    pub code: String,
    /// Name (not empty).
    pub name: String,
    /// Kind.
    pub kind: DistrictKind,
    /// City code and name (both empty, or both set).
    pub city: (String, String),
    /// Province code and name (both empty, or both set).
    pub province: (String, String),
}

/// Code and name of the district created when none exists.
pub const DEFAULT_DISTRICT: (&str, &str) = ("000000", "本区县");

fn check(new: &NewDistrict) -> Result<(), StoreError> {
    let code = new.code.trim();
    let ok = (2..=20).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !ok {
        return Err(StoreError::invalid(
            "区县代码应为 6 位行政区划代码，或市里为功能区等指定的代码（2 到 20 个字母、数字或“-”）",
        ));
    }
    check_required(&new.name, "区县名称", MAX_DISTRICT_NAME)?;
    for ((code, name), what) in [(&new.city, "市"), (&new.province, "省")] {
        if code.trim().is_empty() != name.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "所属{what}的代码和名称应同时填写，或同时不填"
            )));
        }
        crate::limits::check_len(code.trim(), &format!("所属{what}代码"), 20)?;
        crate::limits::check_len(name.trim(), &format!("所属{what}名称"), MAX_DISTRICT_NAME)?;
    }
    Ok(())
}

impl Store {
    /// Every district, by code.
    pub async fn districts(&self) -> Result<Vec<District>, StoreError> {
        let rows: Vec<DistrictRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {DISTRICT_COLUMNS} FROM districts ORDER BY code"
            )))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(District::try_from).collect()
    }

    /// The district with this code, if any.
    pub async fn district_by_code(&self, code: &str) -> Result<Option<District>, StoreError> {
        let row: Option<DistrictRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {DISTRICT_COLUMNS} FROM districts WHERE code = $1"
            )))
            .bind(code.trim())
            .fetch_optional(pool)
            .await?
        });
        row.map(District::try_from).transpose()
    }

    /// The district with this id, if any.
    pub async fn district_by_id(&self, id: DistrictId) -> Result<Option<District>, StoreError> {
        let row: Option<DistrictRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {DISTRICT_COLUMNS} FROM districts WHERE id = $1"
            )))
            .bind(id.0)
            .fetch_optional(pool)
            .await?
        });
        row.map(District::try_from).transpose()
    }

    /// The district of a single-district database: the one there is, created as 本区县 `000000`
    /// when there is none. [`StoreError::Invalid`] when the database holds several (the caller
    /// must say which: `--district`).
    pub async fn only_district(&self) -> Result<District, StoreError> {
        let all = self.districts().await?;
        match all.len() {
            1 => return Ok(all.into_iter().next().expect("one")),
            0 => {}
            n => {
                let codes: Vec<String> = all
                    .iter()
                    .take(8)
                    .map(|d| format!("{} {}", d.code, d.name))
                    .collect();
                return Err(StoreError::Invalid(format!(
                    "数据库中有 {n} 个区县（{}{}），请用 --district 指定区县代码",
                    codes.join("、"),
                    if n > 8 { "……" } else { "" }
                )));
            }
        }
        let new = NewDistrict {
            code: DEFAULT_DISTRICT.0.into(),
            name: DEFAULT_DISTRICT.1.into(),
            kind: DistrictKind::Qu,
            city: Default::default(),
            province: Default::default(),
        };
        match self.add_district(&new, &Actor::system()).await {
            Ok(d) => Ok(d),
            // Another process created it meanwhile.
            Err(StoreError::Conflict(_)) => self
                .district_by_code(DEFAULT_DISTRICT.0)
                .await?
                .ok_or(StoreError::NotFound("区县")),
            Err(e) => Err(e),
        }
    }

    /// The district with code `code`, or, without a code, the only district (see
    /// [`Store::only_district`]).
    pub async fn district_for(&self, code: Option<&str>) -> Result<District, StoreError> {
        match code {
            Some(code) => self.district_by_code(code).await?.ok_or_else(|| {
                StoreError::Invalid(format!(
                    "没有代码为「{}」的区县；可用 junheng district list 查看",
                    crate::limits::cut(code.trim(), 20)
                ))
            }),
            None => self.only_district().await,
        }
    }

    /// Adds a district. [`StoreError::Conflict`] if the code is taken.
    pub async fn add_district(
        &self,
        new: &NewDistrict,
        actor: &Actor,
    ) -> Result<District, StoreError> {
        check(new)?;
        check_actor(actor)?;
        let id = with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO districts (code, name, kind, city_code, city_name, province_code, \
                 province_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(new.code.trim())
            .bind(new.name.trim())
            .bind(new.kind.label())
            .bind(new.city.0.trim())
            .bind(new.city.1.trim())
            .bind(new.province.0.trim())
            .bind(new.province.1.trim())
            .bind(crate::time::now())
            .fetch_one(&mut *tx)
            .await
            .map_err(conflict_on_unique("该区县代码已被另一个区县使用"))?;
            append!(
                &mut *tx,
                Some(id),
                &actor.name,
                action::DISTRICT_CREATE,
                format!("district:{}", new.code.trim()),
                new.name.trim()
            )?;
            tx.commit().await?;
            id
        });
        self.district_by_id(DistrictId(id))
            .await?
            .ok_or(StoreError::NotFound("区县"))
    }

    /// Sets a district's code, name, kind, city and province.
    pub async fn update_district(
        &self,
        id: DistrictId,
        new: &NewDistrict,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        check(new)?;
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query(
                "UPDATE districts SET code = $1, name = $2, kind = $3, city_code = $4, \
                 city_name = $5, province_code = $6, province_name = $7 WHERE id = $8",
            )
            .bind(new.code.trim())
            .bind(new.name.trim())
            .bind(new.kind.label())
            .bind(new.city.0.trim())
            .bind(new.city.1.trim())
            .bind(new.province.0.trim())
            .bind(new.province.1.trim())
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(conflict_on_unique("该区县代码已被另一个区县使用"))?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound("该区县"));
            }
            append!(
                &mut *tx,
                Some(id.0),
                &actor.name,
                action::DISTRICT_UPDATE,
                format!("district:{}", new.code.trim()),
                new.name.trim()
            )?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The store of one district: every read and write of what the district owns.
    pub fn in_district(&self, id: DistrictId) -> DistrictStore {
        DistrictStore {
            pool: self.pool.clone(),
            id: id.0,
        }
    }
}

/// What one district owns, read and written with every query scoped by the district's id
/// ([`Store::in_district`]). Cheap to clone.
#[derive(Debug, Clone)]
pub struct DistrictStore {
    pub(crate) pool: Pool,
    pub(crate) id: i64,
}

impl DistrictStore {
    /// The district.
    pub fn id(&self) -> DistrictId {
        DistrictId(self.id)
    }
}
