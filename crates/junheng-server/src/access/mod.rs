//! Who may see and do what, decided once per request and carried by type.
//!
//! 1. [`identify`] (middleware, every request) finds the caller: the session cookie or a bearer
//!    token becomes a [`Viewer`], and the client's address is taken from the connection (or, only
//!    from a trusted proxy, from `X-Forwarded-For`).
//! 2. [`csrf`] (middleware, every request that is not `GET`/`HEAD`) refuses a write whose
//!    `Origin` is another site or whose form does not carry the session's token.
//! 3. Every route declares a [`Policy`] in `routes.rs`; its guard refuses before the handler runs.
//! 4. Handlers receive an extractor of their policy ([`Member`], [`DistrictReader`], [`Planner`],
//!    [`SchoolUser`], [`Admin`]) which checks again and carries what the caller [`Sees`]: no
//!    handler decides access by itself, and a handler mounted under a looser policy than its
//!    extractor still refuses.
//!
//! | role | sees | may |
//! |---|---|---|
//! | admin (管理员) | everything | every write |
//! | supervisor (督学) | everything | read, plan |
//! | group_lead (集团负责人) | district aggregates, own group's schools | read, plan for the group |
//! | school (学校) | district aggregates, own school (and the other school of its own teachers' moves) | read, submit own data |
//! | anonymous | published district aggregates (`/public`), published lottery material | — |

mod csrf;
mod extract;
mod identify;
mod policy;
mod sees;

pub(crate) use csrf::{FORM_LIMIT, csrf};
pub(crate) use extract::{
    Admin, DistrictReader, MaybeViewer, Member, Planner, Receiver, Regional, RegionalWriter,
    SchoolUser,
};
pub(crate) use identify::{ClientAddr, DISTRICT_COOKIE, Identity, cookie, identify};
pub use policy::Policy;
pub(crate) use policy::{guard, refusal, request_path};
pub(crate) use sees::Sees;

use junheng_store::{Actor, District, User};

use crate::i18n::Lang;

/// The logged-in caller of a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The user.
    pub user: User,
    /// The token every form of this session must carry (empty for a bearer token).
    pub csrf: String,
    /// The interface language of this request.
    pub lang: Lang,
    /// The path and query of this request (for the language switch).
    pub path: String,
    /// The district this request reads and writes: a district user's own; for a city or
    /// province user, the district of their region they chose to look into (read-only), if any.
    pub district: Option<District>,
    /// What waits for the user (the header's inbox), counted for the requests of a browser
    /// session; `None` for API calls, downloads and users without an inbox.
    pub inbox: Option<junheng_store::Inbox>,
}

impl Viewer {
    /// The actor recorded in the audit log.
    pub fn actor(&self) -> Actor {
        Actor {
            name: self.user.name.clone(),
        }
    }

    /// What this caller may see.
    pub fn sees(&self) -> Sees {
        Sees::of(&self.user)
    }

    /// The district this request reads and writes ([`Viewer::district`]); a city or province
    /// user who has not chosen one is sent to the city page.
    pub fn district(&self) -> Result<&District, crate::error::AppError> {
        self.district
            .as_ref()
            .ok_or(crate::error::AppError::NoDistrict)
    }
}

/// A user of `role` and `scope`, for unit tests of access decisions.
#[cfg(test)]
pub(crate) fn test_user(role: junheng_store::Role, scope: junheng_store::Scope) -> User {
    User {
        id: 1,
        name: "u".into(),
        display_name: "u".into(),
        role,
        scope,
        district: None,
        active: true,
        pending_by: None,
        created_at: String::new(),
        external: false,
        must_change_password: false,
        locked_until: None,
    }
}
