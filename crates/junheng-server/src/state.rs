//! What every request handler shares: the store, settings and small in-memory caches.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use junheng_core::school::SchoolRecord;
use junheng_rotation::Teacher;
use junheng_store::{Store, User, YearSummary};

use crate::auth::Viewer;

use crate::Config;
use crate::error::AppError;
use crate::import::Pending;
use crate::upload::Previews;

/// How long another server's import may go unnoticed by this one's caches.
const YEARS_TTL: Duration = Duration::from_secs(5);
/// How long a checked session or API token is trusted without asking the store again: a
/// deactivated user, an expired session or a revoked token stops working within this time
/// (logout on this server is immediate).
const AUTH_TTL: Duration = Duration::from_secs(10);

/// Shared state of the server (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<Config>,
    pub(crate) cache: Arc<Cache>,
    pub(crate) logins: Arc<Mutex<crate::auth::Limiter>>,
    /// Parents' lottery lookups per client address.
    pub(crate) lookups: Arc<crate::limit::RateLimiter>,
    sessions: Arc<RwLock<HashMap<String, (Instant, Viewer)>>>,
    tokens: Arc<RwLock<HashMap<String, (Instant, User)>>>,
    pub(crate) pending: Arc<Previews<Pending>>,
    pub(crate) rotation_pending: Arc<Previews<crate::rotation::Pending>>,
}

/// Statistics, rosters and rendered results keyed by (year, version): a version never changes
/// once stored, so entries never go stale; only the list of years is re-read.
#[derive(Default)]
pub(crate) struct Cache {
    years: RwLock<Option<(Instant, Arc<Vec<YearSummary>>)>>,
    records: RwLock<HashMap<Version, Arc<Vec<SchoolRecord>>>>,
    /// Per 学年, the last roster version read and its teachers (older versions are not kept).
    rosters: RwLock<HashMap<i32, (u32, Roster)>>,
    json: RwLock<HashMap<(i32, u32, String), Bytes>>,
    views: RwLock<HashMap<String, Arc<dyn Any + Send + Sync>>>,
}

/// Rendered views kept at most; older ones are dropped all at once (they are cheap to redo).
const MAX_VIEWS: usize = 64;

/// (学年, version).
type Version = (i32, u32);

/// The teachers of one roster version.
type Roster = Arc<Vec<Teacher>>;

impl AppState {
    pub(crate) fn new(store: Store, config: Config) -> Self {
        Self {
            store,
            config: Arc::new(config),
            cache: Arc::default(),
            logins: Arc::default(),
            lookups: Arc::new(crate::lottery::lookup_limiter()),
            sessions: Arc::default(),
            tokens: Arc::default(),
            pending: Arc::default(),
            rotation_pending: Arc::default(),
        }
    }

    /// A session checked less than [`AUTH_TTL`] ago.
    pub(crate) fn known_session(&self, hash: &str) -> Option<Viewer> {
        let map = self.sessions.read().expect("session cache lock");
        map.get(hash)
            .filter(|(at, _)| at.elapsed() < AUTH_TTL)
            .map(|(_, v)| v.clone())
    }

    pub(crate) fn remember_session(&self, hash: String, viewer: Viewer) {
        let mut map = self.sessions.write().expect("session cache lock");
        map.retain(|_, (at, _)| at.elapsed() < AUTH_TTL);
        map.insert(hash, (Instant::now(), viewer));
    }

    pub(crate) fn forget_session(&self, hash: &str) {
        self.sessions
            .write()
            .expect("session cache lock")
            .remove(hash);
    }

    /// An API token checked less than [`AUTH_TTL`] ago.
    pub(crate) fn known_token(&self, hash: &str) -> Option<User> {
        let map = self.tokens.read().expect("token cache lock");
        map.get(hash)
            .filter(|(at, _)| at.elapsed() < AUTH_TTL)
            .map(|(_, u)| u.clone())
    }

    pub(crate) fn remember_token(&self, hash: String, user: User) {
        let mut map = self.tokens.write().expect("token cache lock");
        map.retain(|_, (at, _)| at.elapsed() < AUTH_TTL);
        map.insert(hash, (Instant::now(), user));
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

    /// The teachers of version `version` of the roster of `year` (a stored version never
    /// changes; only the latest version read of each year is kept).
    pub(crate) async fn roster(&self, year: i32, version: u32) -> Result<Roster, AppError> {
        if let Some((v, r)) = self.cache.rosters.read().expect("cache lock").get(&year)
            && *v == version
        {
            return Ok(r.clone());
        }
        let roster = Arc::new(self.store.roster_at(year, version).await?);
        self.cache
            .rosters
            .write()
            .expect("cache lock")
            .insert(year, (version, roster.clone()));
        Ok(roster)
    }

    /// A rendered evaluation JSON of (year, version, rulebook), made once; cloning the bytes
    /// shares them.
    pub(crate) fn cached_json(
        &self,
        key: (i32, u32, &str),
        make: impl FnOnce() -> Result<String, AppError>,
    ) -> Result<Bytes, AppError> {
        let key = (key.0, key.1, key.2.to_owned());
        if let Some(j) = self.cache.json.read().expect("cache lock").get(&key) {
            return Ok(j.clone());
        }
        let json = Bytes::from(make()?);
        self.cache
            .json
            .write()
            .expect("cache lock")
            .insert(key, json.clone());
        Ok(json)
    }

    /// A view computed once per key (keys name the year, version, rulebook and the list of
    /// years, so a new import never serves an old view).
    pub(crate) fn cached_view<T: Send + Sync + 'static>(
        &self,
        key: String,
        make: impl FnOnce() -> Result<T, AppError>,
    ) -> Result<Arc<T>, AppError> {
        if let Some(v) = self.peek_view(&key) {
            return Ok(v);
        }
        let value = Arc::new(make()?);
        let mut views = self.cache.views.write().expect("cache lock");
        if views.len() >= MAX_VIEWS {
            views.clear();
        }
        views.insert(key, value.clone());
        Ok(value)
    }

    /// A view computed earlier under this key, if any.
    pub(crate) fn peek_view<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        let views = self.cache.views.read().expect("cache lock");
        views.get(key).and_then(|v| v.clone().downcast::<T>().ok())
    }

    /// Identifies the stored years and their latest versions.
    pub(crate) async fn years_fingerprint(&self) -> Result<String, AppError> {
        let years = self.years().await?;
        Ok(years
            .iter()
            .map(|y| format!("{}v{}", y.year, y.latest_version))
            .collect::<Vec<_>>()
            .join(","))
    }

    /// Forgets the list of years (after an import by this server).
    pub(crate) fn years_changed(&self) {
        *self.cache.years.write().expect("cache lock") = None;
    }
}
