//! Districts (区县): the unit that is evaluated. A bureau laptop holds one; a city deployment
//! several. The store's API serves the first one, created as 本区县 `000000` when first needed.

use serde::Serialize;

use crate::audit::{action, append};
use crate::error::conflict_on_unique;
use crate::limits::{MAX_DISTRICT_NAME, check_actor, check_required};
use crate::pool::{Dialect, from_row, with_pool};
use crate::{Actor, Store, StoreError};

/// A district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct District {
    /// Row id.
    pub id: i64,
    /// 行政区划代码 (6 digits), `000000` until set.
    pub code: String,
    /// Name, e.g. 渝北区.
    pub name: String,
}
from_row!(District { id, code, name });

/// Code and name of the district created when none exists.
pub const DEFAULT_DISTRICT: (&str, &str) = ("000000", "本区县");

/// SQL of the id of the district the API serves.
macro_rules! current_district {
    () => {
        "(SELECT MIN(id) FROM districts)"
    };
}
pub(crate) use current_district;

/// Creates the default district if there is none and returns the current district's id, inside
/// the caller's transaction.
macro_rules! ensure_district {
    ($tx:expr) => {
        async {
            let created = sqlx::query(
                "INSERT INTO districts (code, name, created_at) \
                 SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM districts) \
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind($crate::district::DEFAULT_DISTRICT.0)
            .bind($crate::district::DEFAULT_DISTRICT.1)
            .bind($crate::time::now())
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            if created > 0 {
                $crate::audit::append!(
                    &mut *$tx,
                    "system",
                    $crate::audit::action::DISTRICT_CREATE,
                    "district",
                    $crate::district::DEFAULT_DISTRICT.0
                )?;
            }
            let (id,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM districts")
                .fetch_one(&mut *$tx)
                .await?;
            Ok::<i64, $crate::StoreError>(id)
        }
    };
}
pub(crate) use ensure_district;

impl Store {
    /// The district the store serves (the first one); creates 本区县 `000000` if there is none.
    pub async fn district(&self) -> Result<District, StoreError> {
        with_pool!(&self.pool, |pool| {
            if let Some(d) = sqlx::query_as(concat!(
                "SELECT id, code, name FROM districts WHERE id = ",
                current_district!()
            ))
            .fetch_optional(pool)
            .await?
            {
                return Ok(d);
            }
            let mut tx = pool.begin_write().await?;
            let id = ensure_district!(tx).await?;
            let d = sqlx::query_as("SELECT id, code, name FROM districts WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(d)
        })
    }

    /// Sets the code (行政区划代码, 6 digits) and name of the district.
    pub async fn set_district(
        &self,
        code: &str,
        name: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let code = code.trim();
        let name = name.trim();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StoreError::invalid("行政区划代码应为 6 位数字"));
        }
        check_required(name, "区县名称", MAX_DISTRICT_NAME)?;
        check_actor(actor)?;
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let id = ensure_district!(tx).await?;
            sqlx::query("UPDATE districts SET code = $1, name = $2 WHERE id = $3")
                .bind(code)
                .bind(name)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(conflict_on_unique("该行政区划代码已被另一个区县使用"))?;
            append!(
                &mut *tx,
                &actor.name,
                action::DISTRICT_UPDATE,
                "district",
                code
            )?;
            tx.commit().await?;
            Ok(())
        })
    }
}
