//! [`Policy`]: who may call a route. Every route declares one (`routes.rs`); [`guard`] enforces it
//! before the handler runs, and the handler's extractor enforces it again.

use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_store::{Capability, User};

use super::{ClientAddr, Identity};
use crate::error::{ApiError, AppError};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Anyone, logged in or not (login, published results, the stylesheet, health).
    Public,
    /// Any logged-in user; what they see is filtered by their scope.
    Member,
    /// [`Capability::ReadDistrict`]: administrators and supervisors, and city and province
    /// users looking into a district of their region (every school's data, read-only).
    DistrictReader,
    /// [`Capability::PlanRotation`]: administrators, supervisors and group leads.
    Planner,
    /// [`Capability::SubmitSchool`]: school users with their school.
    SchoolUser,
    /// [`Capability::AdministerDistrict`]: administrators (every write of a district but a
    /// school's own submission).
    Admin,
    /// [`Capability::CompareDistricts`]: city and province users.
    Regional,
    /// [`Capability::SetCityTargets`]: city and province users setting creation targets.
    RegionalWriter,
    /// [`Capability::ReceivePackages`]: city and province users receiving districts' packages.
    Receiver,
    /// Operators: a connection from the loopback interface, or the configured metrics token.
    Operator,
}

impl Policy {
    /// Every policy, for tests that sweep them.
    pub const ALL: [Policy; 10] = [
        Policy::Public,
        Policy::Member,
        Policy::DistrictReader,
        Policy::Planner,
        Policy::SchoolUser,
        Policy::Admin,
        Policy::Regional,
        Policy::RegionalWriter,
        Policy::Receiver,
        Policy::Operator,
    ];

    /// The capability a route of this policy needs, if it needs one.
    pub fn capability(self) -> Option<Capability> {
        match self {
            Policy::Public | Policy::Member | Policy::Operator => None,
            Policy::DistrictReader => Some(Capability::ReadDistrict),
            Policy::Planner => Some(Capability::PlanRotation),
            Policy::SchoolUser => Some(Capability::SubmitSchool),
            Policy::Admin => Some(Capability::AdministerDistrict),
            Policy::Regional => Some(Capability::CompareDistricts),
            Policy::RegionalWriter => Some(Capability::SetCityTargets),
            Policy::Receiver => Some(Capability::ReceivePackages),
        }
    }

    /// Whether a logged-in user (or nobody) may call a route of this policy; [`Policy::Operator`]
    /// is decided by [`guard`] from the connection, never by a user.
    pub fn admits(self, user: Option<&User>) -> Result<(), AppError> {
        let Some(user) = user else {
            return match self {
                Policy::Public => Ok(()),
                Policy::Operator => Err(AppError::not_found(crate::msg!("error-no-page"))),
                _ => Err(AppError::Unauthorized),
            };
        };
        // A role grants capabilities; a role whose scope does not fit it (a corrupt row) is
        // granted nothing (fail closed).
        let admitted = match self {
            Policy::Public | Policy::Member => true,
            Policy::Operator => false,
            _ => {
                user.role.accepts(&user.scope)
                    && self.capability().is_some_and(|c| user.role.grants(c))
            }
        };
        if admitted {
            Ok(())
        } else if self == Policy::Operator {
            Err(AppError::not_found(crate::msg!("error-no-page")))
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The stable name used in tests and the route list.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Public => "public",
            Policy::Member => "member",
            Policy::DistrictReader => "district_reader",
            Policy::Planner => "planner",
            Policy::SchoolUser => "school_user",
            Policy::Admin => "admin",
            Policy::Regional => "regional",
            Policy::RegionalWriter => "regional_writer",
            Policy::Receiver => "receiver",
            Policy::Operator => "operator",
        }
    }
}

/// A refusal as the caller expects it: `{code, message}` JSON under `/api/`, otherwise a Chinese
/// page, or for a page that needs a login, the login page with a way back.
pub(crate) fn refusal(path_and_query: &str, error: AppError) -> Response {
    if path_and_query.starts_with("/api/") {
        return ApiError(error).into_response();
    }
    if matches!(error, AppError::Unauthorized) {
        let next = crate::views::query_value(path_and_query);
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    error.into_response()
}

/// The path and query of a request.
pub(crate) fn request_path(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map_or("/".to_owned(), |p| p.as_str().to_owned())
}

/// Refuses a request its route's policy does not admit (route layer of every route).
pub(crate) async fn guard(State(policy): State<Policy>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let decision = match policy {
        Policy::Operator => operator(&parts),
        _ => {
            let viewer = parts.extensions.get::<Identity>().and_then(|i| i.viewer());
            match parts.extensions.get::<Identity>() {
                // The identity middleware is missing: refuse everything but public routes.
                None if policy != Policy::Public => Err(AppError::Internal(
                    "identity middleware not installed".into(),
                )),
                _ => policy.admits(viewer.map(|v| &v.user)),
            }
        }
    };
    match decision {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err(e) => refusal(&request_path(&parts), e),
    }
}

/// Operators: the configured metrics token as a bearer token, or a connection from the loopback
/// interface that carries no forwarding header (a reverse proxy on the same machine forwards
/// the public's requests from the loopback interface too). Anyone else gets a 404, as if the
/// route did not exist.
fn operator(parts: &Parts) -> Result<(), AppError> {
    let identity = parts.extensions.get::<Identity>();
    let token = identity.and_then(Identity::metrics_token);
    let local = parts
        .extensions
        .get::<ClientAddr>()
        .is_some_and(|a| a.peer.is_loopback() && !a.forwarded);
    if token == Some(true) || (token.is_none() && local) {
        Ok(())
    } else {
        Err(AppError::not_found(crate::msg!("error-no-page")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::test_user as user;
    use junheng_core::school::SchoolCode;
    use junheng_store::{Role, Scope};

    #[test]
    fn policies_admit_their_roles_only() {
        let school = user(
            Role::School,
            Scope::School(SchoolCode::parse("5001120001").unwrap()),
        );
        let lead = user(Role::GroupLead, Scope::Group("一集团".into()));
        let admin = user(Role::Admin, Scope::District);
        let supervisor = user(Role::Supervisor, Scope::District);
        let ok = |p: Policy, u: &User| p.admits(Some(u)).is_ok();
        assert!(ok(Policy::Member, &school) && ok(Policy::SchoolUser, &school));
        assert!(!ok(Policy::Planner, &school) && !ok(Policy::DistrictReader, &school));
        assert!(ok(Policy::Planner, &lead) && !ok(Policy::DistrictReader, &lead));
        assert!(ok(Policy::DistrictReader, &supervisor) && !ok(Policy::Admin, &supervisor));
        assert!(ok(Policy::Admin, &admin) && !ok(Policy::SchoolUser, &admin));
        let city = user(Role::City, Scope::City("500100".into()));
        assert!(ok(Policy::Regional, &city) && ok(Policy::Receiver, &city));
        assert!(
            ok(Policy::DistrictReader, &city),
            "reads a district of its city"
        );
        assert!(!ok(Policy::Admin, &city) && !ok(Policy::Planner, &city));
        assert!(!ok(Policy::Regional, &admin) && !ok(Policy::Receiver, &supervisor));
        // A role whose scope does not fit it is granted nothing.
        let odd = user(Role::City, Scope::District);
        assert!(!ok(Policy::Regional, &odd) && !ok(Policy::DistrictReader, &odd));
        let teacher = user(
            Role::ClassTeacher,
            Scope::Class {
                school: SchoolCode::parse("5001120001").unwrap(),
                class: "七年级3班".into(),
            },
        );
        assert!(ok(Policy::Member, &teacher) && !ok(Policy::SchoolUser, &teacher));
        assert!(matches!(
            Policy::Operator.admits(Some(&admin)),
            Err(e) if e.status() == 404
        ));
        assert!(matches!(
            Policy::Member.admits(None),
            Err(AppError::Unauthorized)
        ));
        assert!(Policy::Public.admits(None).is_ok());
        // A mismatched role and scope (a corrupt row) is refused.
        let odd = user(Role::Admin, Scope::Group("一集团".into()));
        assert!(!ok(Policy::Admin, &odd) && !ok(Policy::Planner, &odd));
    }
}
