//! The extractors handlers take instead of a bare user: each exists only if its policy admitted
//! the caller, and hands the handler what the caller [`Sees`](super::Sees).

use std::ops::Deref;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use junheng_core::school::SchoolCode;
use junheng_store::Scope;

use super::policy::{refusal, request_path};
use super::{Identity, Policy, Viewer};
use crate::error::AppError;

/// The logged-in caller, if `policy` admits them (refused as the caller expects by the
/// extractors, see [`refusal`]).
fn admitted(parts: &Parts, policy: Policy) -> Result<Viewer, AppError> {
    let identity = parts
        .extensions
        .get::<Identity>()
        .ok_or_else(|| AppError::Internal("identity middleware not installed".into()))?;
    let viewer = identity.viewer();
    policy.admits(viewer.map(|v| &v.user))?;
    viewer.cloned().ok_or(AppError::Unauthorized)
}

macro_rules! extractor {
    ($(#[$doc:meta])* $name:ident, $policy:expr) => {
        $(#[$doc])*
        pub(crate) struct $name(pub Viewer);

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = Response;

            async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
                admitted(parts, $policy)
                    .map($name)
                    .map_err(|e| refusal(&request_path(parts), e))
            }
        }

        impl Deref for $name {
            type Target = Viewer;

            fn deref(&self) -> &Viewer {
                &self.0
            }
        }
    };
}

extractor!(
    /// Any logged-in user ([`Policy::Member`]); school-level data must be filtered by
    /// [`Viewer::sees`].
    Member,
    Policy::Member
);
extractor!(
    /// An administrator or supervisor ([`Policy::DistrictReader`]): every school.
    DistrictReader,
    Policy::DistrictReader
);
extractor!(
    /// An administrator, supervisor or group lead ([`Policy::Planner`]).
    Planner,
    Policy::Planner
);
extractor!(
    /// An administrator ([`Policy::Admin`]).
    Admin,
    Policy::Admin
);
extractor!(
    /// A city or province user receiving districts' packages ([`Policy::Receiver`]).
    Receiver,
    Policy::Receiver
);

/// A school user ([`Policy::SchoolUser`]) and their school.
pub(crate) struct SchoolUser {
    pub viewer: Viewer,
    pub school: SchoolCode,
}

impl<S: Send + Sync> FromRequestParts<S> for SchoolUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        let refuse = |e| refusal(&request_path(parts), e);
        let viewer = admitted(parts, Policy::SchoolUser).map_err(refuse)?;
        match &viewer.user.scope {
            Scope::School(code) => Ok(SchoolUser {
                school: code.clone(),
                viewer,
            }),
            _ => Err(refuse(AppError::Forbidden)),
        }
    }
}

impl Deref for SchoolUser {
    type Target = Viewer;

    fn deref(&self) -> &Viewer {
        &self.viewer
    }
}

/// A city or province user ([`Policy::Regional`]) and their region: the districts they compare
/// are those [`junheng_store::District::in_region`] admits.
pub(crate) struct Regional {
    pub viewer: Viewer,
    /// The user's city or province scope.
    pub region: Scope,
}

fn regional(parts: &Parts, policy: Policy) -> Result<Regional, AppError> {
    let viewer = admitted(parts, policy)?;
    match &viewer.user.scope {
        Scope::City(_) | Scope::Province(_) => Ok(Regional {
            region: viewer.user.scope.clone(),
            viewer,
        }),
        _ => Err(AppError::Forbidden),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Regional {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        regional(parts, Policy::Regional).map_err(|e| refusal(&request_path(parts), e))
    }
}

impl Deref for Regional {
    type Target = Viewer;

    fn deref(&self) -> &Viewer {
        &self.viewer
    }
}

/// A city or province user who may set the city's settings ([`Policy::RegionalWriter`]).
pub(crate) struct RegionalWriter(pub Regional);

impl<S: Send + Sync> FromRequestParts<S> for RegionalWriter {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        regional(parts, Policy::RegionalWriter)
            .map(RegionalWriter)
            .map_err(|e| refusal(&request_path(parts), e))
    }
}

impl Deref for RegionalWriter {
    type Target = Regional;

    fn deref(&self) -> &Regional {
        &self.0
    }
}

/// A caller who may or may not be logged in (public pages that greet a logged-in user).
pub(crate) struct MaybeViewer(pub Option<Viewer>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        Ok(MaybeViewer(
            parts
                .extensions
                .get::<Identity>()
                .and_then(Identity::viewer)
                .cloned(),
        ))
    }
}
