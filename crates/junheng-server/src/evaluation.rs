//! Computing each thing once: an evaluation of a stored (学年, version) under a rulebook, a plan,
//! a dashboard view. [`Flights`] runs each computation once per key, off the async runtime, in a
//! task of its own (a request that gives up does not cancel it, and every request asking
//! meanwhile waits for the same result); [`Evaluated`] keeps an evaluation together with the
//! statistics it borrows. Pages showing the newest version keep showing the previous one while
//! the new one is computed (see [`crate::state::AppState::evaluation`]).

use std::any::Any;
use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use junheng_core::evaluate::{EvaluateError, Evaluation, evaluate};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::SchoolRecord;

use crate::error::AppError;

type Outcome = Result<Arc<dyn Any + Send + Sync>, AppError>;

/// Computations by key, each run once; at most `capacity` finished results are kept (the
/// oldest are dropped first).
pub(crate) struct Flights {
    capacity: usize,
    slots: Mutex<VecDeque<(String, Shared<BoxFuture<'static, Outcome>>)>>,
}

impl Flights {
    pub fn new(capacity: usize) -> Self {
        Flights {
            capacity,
            slots: Mutex::default(),
        }
    }

    /// Forgets every result whose key starts with `prefix`; a computation under way still
    /// answers those already waiting for it.
    pub fn forget(&self, prefix: &str) {
        self.slots
            .lock()
            .expect("flights lock")
            .retain(|(k, _)| !k.starts_with(prefix));
    }

    /// The finished result of `key`, if any (never waits).
    pub fn peek<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        let slots = self.slots.lock().expect("flights lock");
        let (_, flight) = slots.iter().find(|(k, _)| k == key)?;
        match flight.peek()? {
            Ok(v) => v.clone().downcast::<T>().ok(),
            Err(_) => None,
        }
    }

    /// The result of `key`: computed by `make` in a task of its own if nobody has started it,
    /// else the result of the computation already under way or done. A failed computation is
    /// forgotten, so that the next request tries again.
    pub async fn get<T, F>(&self, key: &str, make: impl FnOnce() -> F) -> Result<Arc<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: Future<Output = Result<T, AppError>> + Send + 'static,
    {
        let flight = {
            let mut slots = self.slots.lock().expect("flights lock");
            match slots.iter().find(|(k, _)| k == key) {
                Some((_, f)) => f.clone(),
                None => {
                    let task = tokio::spawn(make());
                    let flight = async move {
                        match task.await {
                            Ok(Ok(v)) => Ok(Arc::new(v) as Arc<dyn Any + Send + Sync>),
                            Ok(Err(e)) => Err(e),
                            Err(e) => Err(AppError::Internal(format!("computation failed: {e}"))),
                        }
                    }
                    .boxed()
                    .shared();
                    slots.push_back((key.to_owned(), flight.clone()));
                    // Drop the oldest finished results beyond the capacity.
                    while slots.len() > self.capacity {
                        match slots.iter().position(|(_, f)| f.peek().is_some()) {
                            Some(i) => {
                                slots.remove(i);
                            }
                            None => break,
                        }
                    }
                    flight
                }
            }
        };
        match flight.await {
            Ok(v) => v
                .downcast::<T>()
                .map_err(|_| AppError::Internal(format!("cache key {key} holds another type"))),
            Err(e) => {
                self.slots
                    .lock()
                    .expect("flights lock")
                    .retain(|(k, f)| k != key || f.peek().is_none_or(Result::is_ok));
                Err(e)
            }
        }
    }
}

type EvaluationOf<'a> = Result<Evaluation<'a>, EvaluateError>;

self_cell::self_cell!(
    /// A stored year's statistics and their evaluation under one rulebook (or why they cannot
    /// be evaluated).
    pub(crate) struct Evaluated {
        owner: Arc<Vec<SchoolRecord>>,
        #[covariant]
        dependent: EvaluationOf,
    }
);

impl Evaluated {
    /// Evaluates `records` under `rulebook` (CPU work: call it off the async runtime).
    pub fn compute(records: Arc<Vec<SchoolRecord>>, rulebook: &Rulebook) -> Self {
        Evaluated::new(records, |records| evaluate(records, rulebook))
    }

    /// The statistics.
    pub fn records(&self) -> &Arc<Vec<SchoolRecord>> {
        self.borrow_owner()
    }

    /// The evaluation, or why there is none (a 400 that says what is wrong with the data).
    pub fn evaluation(&self) -> Result<&Evaluation<'_>, AppError> {
        self.borrow_dependent()
            .as_ref()
            .map_err(|e| AppError::BadRequest(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_key_is_computed_once_whatever_the_callers() {
        let flights = Arc::new(Flights::new(4));
        let runs = Arc::new(AtomicUsize::new(0));
        let mut waiting = Vec::new();
        for _ in 0..16 {
            let (flights, runs) = (flights.clone(), runs.clone());
            waiting.push(tokio::spawn(async move {
                flights
                    .get("k", || async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<u32, AppError>(7)
                    })
                    .await
                    .unwrap()
            }));
        }
        for w in waiting {
            assert_eq!(*w.await.unwrap(), 7);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(flights.peek::<u32>("k").as_deref(), Some(&7));
        // A failure is forgotten: the next caller computes again.
        let failed = flights
            .get::<u32, _>("bad", || async { Err(AppError::BadRequest("no".into())) })
            .await;
        assert!(failed.is_err());
        let again = flights
            .get("bad", || async { Ok::<u32, AppError>(1) })
            .await;
        assert_eq!(*again.unwrap(), 1);
        // Capacity: old finished results go.
        for k in ["a", "b", "c", "d", "e"] {
            flights
                .get(k, || async { Ok::<u32, AppError>(0) })
                .await
                .unwrap();
        }
        assert!(flights.peek::<u32>("k").is_none());
        assert!(flights.peek::<u32>("e").is_some());
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_does_not_cancel_the_computation() {
        let flights = Arc::new(Flights::new(4));
        let runs = Arc::new(AtomicUsize::new(0));
        let r = runs.clone();
        let first = flights.get("k", move || async move {
            tokio::time::sleep(std::time::Duration::from_millis(30)).await;
            r.fetch_add(1, Ordering::SeqCst);
            Ok::<u32, AppError>(3)
        });
        // Gives up at once.
        let _ = tokio::time::timeout(std::time::Duration::from_millis(1), first).await;
        let r = runs.clone();
        let second = flights
            .get("k", move || async move {
                r.fetch_add(100, Ordering::SeqCst);
                Ok::<u32, AppError>(4)
            })
            .await
            .unwrap();
        assert_eq!(*second, 3);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
