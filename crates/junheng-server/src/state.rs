//! What every request handler shares: the store, settings, metrics, the login limiter, checked
//! uploads waiting for confirmation, and the caches of things computed once.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;
use junheng_rotation::Teacher;
use junheng_store::{AuditEntry, District, DistrictId, DistrictStore, Store, User, YearSummary};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::Config;
use crate::access::Viewer;
use crate::error::AppError;
use crate::evaluation::{Evaluated, Flights};
use crate::ops::Metrics;
use crate::upload::Previews;

/// How long another server's import may go unnoticed by this one's caches.
const YEARS_TTL: Duration = Duration::from_secs(5);
/// How long a checked session or API token is trusted without asking the store again: a
/// deactivated user, an expired session or a revoked token stops working within this time on
/// other servers of the same database (on this server, logout, deactivation, a password change
/// and a revocation are immediate).
const AUTH_TTL: Duration = Duration::from_secs(10);
/// Checked sessions and tokens kept at most (older ones are dropped first).
const AUTH_CACHE: usize = 10_000;

/// Shared state of the server (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<Config>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) logins: Arc<crate::auth::Limiter>,
    /// Parents' lottery lookups per client address.
    pub(crate) lookups: Arc<crate::limit::RateLimiter>,
    /// Parents' answers to labour links per client address.
    pub(crate) parent_links: Arc<crate::limit::RateLimiter>,
    /// Respondents' tries of survey codes (社会认可度自测) per client address.
    pub(crate) survey_codes: Arc<crate::limit::RateLimiter>,
    /// The identity service (统一身份认证), when configured.
    pub(crate) sso: Option<Arc<crate::sso::Sso>>,
    sessions: Arc<RwLock<HashMap<String, (Instant, Viewer)>>>,
    tokens: Arc<RwLock<HashMap<String, (Instant, User)>>>,
    pub(crate) previews: Arc<Previews>,
    parses: Arc<Semaphore>,
    years: Arc<RwLock<HashMap<DistrictId, YearsRead>>>,
    districts: Arc<RwLock<DistrictsRead>>,
    /// Statistics and rosters of stored versions (a version never changes once stored).
    data: Arc<Flights>,
    /// Evaluations of (year, version, rulebook).
    evaluations: Arc<Flights>,
    /// Views, plans and documents computed from the above (keys name every input).
    views: Arc<Flights>,
    /// The city comparisons of the last few seconds, by region, year and rulebook (unsorted).
    cities: Arc<RwLock<HashMap<String, CityRead>>>,
    /// The small summaries of the city page (a district's evaluation and quota per year):
    /// many, each a few hundred bytes.
    city: Arc<Flights>,
}

/// A region's comparison (a `city::CityView`), and when it was computed.
type CityRead = (Instant, Arc<dyn std::any::Any + Send + Sync>);

/// A district's list of years, and when it was read.
type YearsRead = (Instant, Arc<Vec<YearSummary>>);

/// The districts, and when they were read.
type DistrictsRead = Option<(Instant, Arc<Vec<District>>)>;

/// The teachers of one roster version.
type Roster = Arc<Vec<Teacher>>;

/// An evaluation for a page: the newest version's, or while that one is being computed, the
/// previous one's.
pub(crate) struct ForPage {
    pub evaluated: Arc<Evaluated>,
    /// The version shown.
    pub version: u32,
    /// The newer version being computed, when an older one is shown.
    pub computing: Option<u32>,
}

impl AppState {
    pub(crate) fn new(store: Store, config: Config) -> std::io::Result<Self> {
        Ok(Self {
            sso: crate::sso::from_config(&config)?,
            store,
            logins: Arc::new(crate::auth::Limiter::new(config.max_failed_logins)),
            parses: Arc::new(Semaphore::new(config.max_parallel_parses.max(1))),
            previews: Arc::new(Previews::new(config.max_upload_bytes)),
            config: Arc::new(config),
            metrics: Arc::default(),
            lookups: Arc::new(crate::lottery::lookup_limiter()),
            parent_links: Arc::new(crate::labour::parent::limiter()),
            survey_codes: Arc::new(crate::survey::public::limiter()),
            sessions: Arc::default(),
            tokens: Arc::default(),
            years: Arc::default(),
            districts: Arc::default(),
            data: Arc::new(Flights::new(24)),
            evaluations: Arc::new(Flights::new(32)),
            views: Arc::new(Flights::new(64)),
            city: Arc::new(Flights::new(1024)),
            cities: Arc::default(),
        })
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
        if map.len() < AUTH_CACHE {
            map.insert(hash, (Instant::now(), viewer));
        }
    }

    pub(crate) fn forget_session(&self, hash: &str) {
        self.sessions
            .write()
            .expect("session cache lock")
            .remove(hash);
    }

    /// Forgets every cached session and token of a user (deactivated, password changed, token
    /// revoked): the next request asks the store.
    pub(crate) fn forget_user(&self, user_id: i64) {
        self.sessions
            .write()
            .expect("session cache lock")
            .retain(|_, (_, v)| v.user.id != user_id);
        self.tokens
            .write()
            .expect("token cache lock")
            .retain(|_, (_, u)| u.id != user_id);
    }

    /// Forgets every cached API token (after a revocation).
    pub(crate) fn forget_tokens(&self) {
        self.tokens.write().expect("token cache lock").clear();
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
        if map.len() < AUTH_CACHE {
            map.insert(hash, (Instant::now(), user));
        }
    }

    /// A slot to parse an upload in: at most `max_parallel_parses` at once; a request waits up
    /// to `parse_wait` for one, then is refused (503) rather than piling up memory.
    pub(crate) async fn parse_slot(&self) -> Result<ParseSlot, AppError> {
        let permit =
            tokio::time::timeout(self.config.parse_wait, self.parses.clone().acquire_owned())
                .await
                .map_err(|_| AppError::busy(crate::msg!("error-upload-busy")))?
                .expect("the semaphore is never closed");
        self.metrics.parses.inc();
        Ok(ParseSlot {
            _permit: permit,
            metrics: self.metrics.clone(),
        })
    }

    /// Every district, by code (read at most every few seconds).
    pub(crate) async fn districts(&self) -> Result<Arc<Vec<District>>, AppError> {
        if let Some((at, all)) = &*self.districts.read().expect("cache lock")
            && at.elapsed() < YEARS_TTL
        {
            return Ok(all.clone());
        }
        let all = Arc::new(self.store.districts().await?);
        *self.districts.write().expect("cache lock") = Some((Instant::now(), all.clone()));
        Ok(all)
    }

    /// A region's comparison computed less than a few seconds ago (another server's import
    /// shows within that time; this server's city writes forget it at once).
    pub(crate) fn recent_city<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        let cache = self.cities.read().expect("cache lock");
        let (at, v) = cache.get(key)?;
        (at.elapsed() < YEARS_TTL)
            .then(|| v.clone().downcast::<T>().ok())
            .flatten()
    }

    /// Keeps a region's comparison for [`AppState::recent_city`].
    pub(crate) fn remember_city<T: Send + Sync + 'static>(&self, key: String, value: Arc<T>) {
        let mut cache = self.cities.write().expect("cache lock");
        cache.retain(|_, (at, _)| at.elapsed() < YEARS_TTL);
        cache.insert(key, (Instant::now(), value));
    }

    /// Forgets every region's comparison (after a city write by this server).
    pub(crate) fn cities_changed(&self) {
        self.cities.write().expect("cache lock").clear();
    }

    /// Forgets the list of districts (after this server changed one).
    pub(crate) fn districts_changed(&self) {
        *self.districts.write().expect("cache lock") = None;
    }

    /// The district of id `id`.
    pub(crate) async fn district(&self, id: DistrictId) -> Result<District, AppError> {
        if let Some(d) = self.districts().await?.iter().find(|d| d.id == id) {
            return Ok(d.clone());
        }
        self.districts_changed();
        self.districts()
            .await?
            .iter()
            .find(|d| d.id == id)
            .cloned()
            .ok_or_else(|| AppError::not_found(crate::msg!("error-no-district-here")))
    }

    /// What one district's pages read and write: its store and its caches.
    pub(crate) fn here(&self, district: &District) -> Here {
        Here {
            state: self.clone(),
            store: self.store.in_district(district.id),
            district: district.clone(),
        }
    }
}

/// One district's data for a request: its [`DistrictStore`] and the caches of what was computed
/// from it, every cache key naming the district. Made only from a checked district
/// ([`AppState::here`] of `Viewer::district`).
#[derive(Clone)]
pub(crate) struct Here {
    pub state: AppState,
    pub store: DistrictStore,
    pub district: District,
}

/// What is not the district's (settings, limits, metrics) is the server's.
impl std::ops::Deref for Here {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.state
    }
}

impl Here {
    fn id(&self) -> DistrictId {
        self.district.id
    }

    /// Appends `entry` to the audit log as an entry of this district.
    pub(crate) async fn audit(&self, mut entry: AuditEntry) -> Result<(), AppError> {
        entry.district = Some(self.id());
        Ok(self.state.store.audit(&entry).await?)
    }

    /// A cache key of this district: every key of every shared cache names its district.
    fn key(&self, what: std::fmt::Arguments<'_>) -> String {
        format!("district:{}:{what}", self.id())
    }

    fn evaluation_key(&self, year: i32, version: u32, rulebook: &str) -> String {
        self.key(format_args!("evaluation:{year}:{version}:{rulebook}"))
    }

    /// The school years with data, newest first.
    pub(crate) async fn years(&self) -> Result<Arc<Vec<YearSummary>>, AppError> {
        if let Some((at, years)) = self.state.years.read().expect("cache lock").get(&self.id())
            && at.elapsed() < YEARS_TTL
        {
            return Ok(years.clone());
        }
        let mut years = self.store.years().await?;
        years.sort_by_key(|y| std::cmp::Reverse(y.year));
        let years = Arc::new(years);
        let mut cache = self.state.years.write().expect("cache lock");
        cache.retain(|_, (at, _)| at.elapsed() < YEARS_TTL);
        cache.insert(self.id(), (Instant::now(), years.clone()));
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

    /// Forgets the list of years, and the city comparisons (after an import by this server).
    pub(crate) fn years_changed(&self) {
        self.state.cities_changed();
        self.state
            .years
            .write()
            .expect("cache lock")
            .remove(&self.id());
    }

    /// Forgets everything read or computed from this district's statistics: after a change of
    /// what the records carry without a new version (the groups of a year).
    pub(crate) fn records_changed(&self) {
        let prefix = self.key(format_args!(""));
        for flights in [&self.state.data, &self.state.views, &self.state.city] {
            flights.forget(&prefix);
        }
        self.years_changed();
    }

    /// The statistics of a stored (year, version), read once.
    pub(crate) async fn records(
        &self,
        year: i32,
        version: u32,
    ) -> Result<Arc<Vec<SchoolRecord>>, AppError> {
        let store = self.store.clone();
        let key = self.key(format_args!("records:{year}:{version}"));
        let records = self
            .state
            .data
            .get(&key, move || async move {
                Ok(Arc::new(store.statistics(year, Some(version)).await?))
            })
            .await?;
        Ok(Arc::clone(&records))
    }

    /// The teachers of version `version` of the roster of `year`, read once.
    pub(crate) async fn roster(&self, year: i32, version: u32) -> Result<Roster, AppError> {
        let store = self.store.clone();
        let key = self.key(format_args!("roster:{year}:{version}"));
        let roster = self
            .state
            .data
            .get(&key, move || async move {
                Ok(Arc::new(store.roster_at(year, version).await?))
            })
            .await?;
        Ok(Arc::clone(&roster))
    }

    /// The evaluation of a stored (year, version) under `rulebook`: computed once, off the
    /// async runtime, whoever asks meanwhile.
    pub(crate) async fn evaluation_of(
        &self,
        year: i32,
        version: u32,
        rulebook: &Rulebook,
    ) -> Result<Arc<Evaluated>, AppError> {
        let here = self.clone();
        let rulebook = rulebook.clone();
        self.state
            .evaluations
            .get(
                &self.evaluation_key(year, version, &rulebook.id),
                move || async move {
                    let records = here.records(year, version).await?;
                    tokio::task::spawn_blocking(move || Evaluated::compute(records, &rulebook))
                        .await
                        .map_err(|e| AppError::Internal(e.to_string()))
                },
            )
            .await
    }

    /// The evaluation a page shows of `year`'s newest version: that one when it is ready (or
    /// nothing older is); else the newest older version already evaluated, while the new one is
    /// computed in the background — so a large import does not make every page wait.
    pub(crate) async fn evaluation(
        &self,
        year: &YearSummary,
        rulebook: &Rulebook,
    ) -> Result<ForPage, AppError> {
        let latest = year.latest_version;
        let ready = |v: u32| {
            self.state
                .evaluations
                .peek::<Evaluated>(&self.evaluation_key(year.year, v, &rulebook.id))
        };
        if ready(latest).is_none()
            && let Some((version, evaluated)) =
                (1..latest).rev().find_map(|v| ready(v).map(|e| (v, e)))
        {
            let (here, rulebook, y) = (self.clone(), rulebook.clone(), year.year);
            tokio::spawn(async move {
                if let Err(e) = here.evaluation_of(y, latest, &rulebook).await {
                    tracing::warn!(error = %e, year = y, "evaluation of a new version failed");
                }
            });
            return Ok(ForPage {
                evaluated,
                version,
                computing: Some(latest),
            });
        }
        Ok(ForPage {
            evaluated: self.evaluation_of(year.year, latest, rulebook).await?,
            version: latest,
            computing: None,
        })
    }

    /// A summary of this district for the city page, computed once per key (keys name every
    /// input) by `make`.
    pub(crate) async fn city_view<T: Send + Sync + 'static>(
        &self,
        key: String,
        make: impl Future<Output = Result<T, AppError>> + Send + 'static,
    ) -> Result<Arc<T>, AppError> {
        let key = self.key(format_args!("{key}"));
        self.state.city.get(&key, move || make).await
    }

    /// A view computed once per key (keys name every input: year, version, rulebook, options),
    /// by `make` off the async runtime.
    pub(crate) async fn view<T: Send + Sync + 'static>(
        &self,
        key: String,
        make: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<Arc<T>, AppError> {
        let key = self.key(format_args!("{key}"));
        self.state
            .views
            .get(&key, move || async move {
                tokio::task::spawn_blocking(make)
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?
            })
            .await
    }
}

/// A held parse slot (see [`AppState::parse_slot`]).
pub(crate) struct ParseSlot {
    _permit: OwnedSemaphorePermit,
    metrics: Arc<Metrics>,
}

impl Drop for ParseSlot {
    fn drop(&mut self) {
        self.metrics.parses.dec();
    }
}
