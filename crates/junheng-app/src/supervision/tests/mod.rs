//! The use-case on a real SQLite store: who may do what, a visit raising its tasks, the
//! completion of a visit whose tasks were not all raised, scopes and filters.
//!
//! This module holds the district every test starts from and the callers; `reading` (who is
//! who, scopes, a form's findings), `record` (visits and their tasks), `assign`
//! (assignments) and `visits` (listing) hold the tests.

mod assign;
mod reading;
mod record;
mod visits;

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::record::RecordRef;
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::limits::{MAX_FINDING_TEXT, MAX_TASK_TITLE, MAX_VISIT_FINDINGS};
use junheng_store::{
    Actor, DistrictStore, ImportSource, NewFinding, NewTask, NewUser, NewVisit, OwnerKind, Role,
    Scope as UserScope, Severity, Store, StoreError, TaskFilter, TaskOwner, TaskStatus, UnitKind,
    User, VisitFilter,
};

use super::record::task_title;
use super::*;
use crate::tasks::{Recheck, TaskError, recheck};

const TODAY: &str = "2025-06-01";

fn user(name: &str, role: Role, scope: UserScope) -> User {
    crate::testing::user(name, role, scope)
}

/// A district with its statistics and three supervisors: `dux1` and `dux2` active, `dux3`
/// deactivated; and an administrator `admin`.
async fn district() -> (tempfile::TempDir, Store, DistrictStore, Vec<SchoolRecord>) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    let id = store.only_district().await.unwrap().id;
    let home = store.in_district(id);
    let records = generate(&DemoSpec {
        schools: 40,
        seed: 5,
        year: 2024,
    });
    home.import_statistics(
        2024,
        &records,
        &ImportSource::new("t.csv", b"t", ""),
        &Actor::new("admin"),
    )
    .await
    .unwrap();
    for (name, role) in [
        ("dux1", Role::Supervisor),
        ("dux2", Role::Supervisor),
        ("dux3", Role::Supervisor),
        ("admin", Role::Admin),
    ] {
        let u = store
            .create_user(
                &NewUser {
                    name: name.into(),
                    display_name: name.into(),
                    role,
                    scope: UserScope::District,
                    district: Some(id),
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
                },
                &Actor::system(),
            )
            .await
            .unwrap();
        if name == "dux3" {
            store
                .set_active(u.id, false, &Actor::system())
                .await
                .unwrap();
        }
    }
    (dir, store, home, records)
}

fn caller(name: &str, role: Role, scope: UserScope) -> Caller {
    Caller::of(&user(name, role, scope))
}

fn admin() -> Caller {
    caller("admin", Role::Admin, UserScope::District)
}

fn dux(name: &str) -> Caller {
    caller(name, Role::Supervisor, UserScope::District)
}

fn input<'a>(school: &'a str, findings: &'a str) -> VisitInput<'a> {
    VisitInput {
        school,
        visited_on: "2025-03-18",
        supervisor: "",
        summary: "随堂听课两节，查看功能室和实验室",
        findings,
        deadline: "",
    }
}
