//! What every request handler shares: the store, settings and small in-memory caches.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use junheng_core::school::SchoolRecord;
use junheng_store::{Store, YearSummary};

use crate::Config;
use crate::error::AppError;
use crate::import::Pending;

/// How long another server's import may go unnoticed by this one's caches.
const YEARS_TTL: Duration = Duration::from_secs(5);

/// Shared state of the server (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<Config>,
    pub(crate) cache: Arc<Cache>,
    pub(crate) logins: Arc<Mutex<crate::auth::Limiter>>,
    pub(crate) pending: Arc<Mutex<HashMap<String, Pending>>>,
}

/// Statistics and rendered results keyed by (year, version): a version never changes once
/// stored, so entries never go stale; only the list of years is re-read.
#[derive(Default)]
pub(crate) struct Cache {
    years: RwLock<Option<(Instant, Arc<Vec<YearSummary>>)>>,
    records: RwLock<HashMap<Version, Arc<Vec<SchoolRecord>>>>,
    json: RwLock<HashMap<(i32, u32, String), Arc<String>>>,
}

/// (学年, version).
type Version = (i32, u32);

impl AppState {
    pub(crate) fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            cache: Arc::default(),
            logins: Arc::default(),
            pending: Arc::default(),
        }
    }

    /// The school years with data, newest first.
    pub(crate) async fn years(&self) -> Result<Arc<Vec<YearSummary>>, AppError> {
        if let Some((at, years)) = &*self.cache.years.read().expect("cache lock")
            && at.elapsed() < YEARS_TTL
        {
            return Ok(years.clone());
        }
        let mut years = self.store.years().await?;
        years.sort_by_key(|y| std::cmp::Reverse(y.year));
        let years = Arc::new(years);
        *self.cache.years.write().expect("cache lock") = Some((Instant::now(), years.clone()));
        Ok(years)
    }

    /// The year asked for (or the newest) and its latest version.
    pub(crate) async fn current(&self, year: Option<i32>) -> Result<Option<YearSummary>, AppError> {
        let years = self.years().await?;
        Ok(match year {
            Some(y) => years.iter().find(|s| s.year == y).cloned(),
            None => years.first().cloned(),
        })
    }

    /// The statistics of a stored (year, version).
    pub(crate) async fn records(
        &self,
        year: i32,
        version: u32,
    ) -> Result<Arc<Vec<SchoolRecord>>, AppError> {
        if let Some(r) = self
            .cache
            .records
            .read()
            .expect("cache lock")
            .get(&(year, version))
        {
            return Ok(r.clone());
        }
        let records = Arc::new(self.store.statistics(year, Some(version)).await?);
        self.cache
            .records
            .write()
            .expect("cache lock")
            .insert((year, version), records.clone());
        Ok(records)
    }

    /// A rendered evaluation JSON of (year, version, rulebook), made once.
    pub(crate) fn cached_json(
        &self,
        key: (i32, u32, &str),
        make: impl FnOnce() -> Result<String, AppError>,
    ) -> Result<Arc<String>, AppError> {
        let key = (key.0, key.1, key.2.to_owned());
        if let Some(j) = self.cache.json.read().expect("cache lock").get(&key) {
            return Ok(j.clone());
        }
        let json = Arc::new(make()?);
        self.cache
            .json
            .write()
            .expect("cache lock")
            .insert(key, json.clone());
        Ok(json)
    }

    /// Forgets the list of years (after an import by this server).
    pub(crate) fn years_changed(&self) {
        *self.cache.years.write().expect("cache lock") = None;
    }
}
