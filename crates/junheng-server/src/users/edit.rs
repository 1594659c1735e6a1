//! One user's page (`/users/{id}`): who they are, changing their role, scope and display name
//! (the scope checked against the district's data), a one-time password shown once, unlocking a
//! locked login name, their API tokens.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::users::{self, UserEdit};
use junheng_store::{Role, User, beijing_time};
use serde::Deserialize;

use super::{TokenRow, authority, scope_label, token_row};
use crate::access::Admin;
use crate::auth::{hash_off_runtime, locked_now, one_time_password};
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The roles a district's administrator grants: (id, label).
pub(crate) fn district_roles() -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .iter()
        .filter(|r| r.in_district())
        .map(|r| (r.id(), crate::i18n::role(*r)))
        .collect()
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    layout: Layout,
    id: i64,
    name: String,
    display_name: String,
    role_id: &'static str,
    role: &'static str,
    scope: super::ScopeLabel,
    scope_text: String,
    roles: Vec<(&'static str, &'static str)>,
    active: bool,
    pending_by: String,
    external: bool,
    me: bool,
    must_change: bool,
    /// The lock's end in Beijing time, when the login name is locked now.
    locked_until: String,
    tokens: Vec<TokenRow>,
    message: String,
    /// A one-time password just set, shown this once.
    one_time: String,
}

async fn show(
    state: &AppState,
    admin: &Admin,
    user: User,
    message: String,
    one_time: String,
) -> Result<Response, AppError> {
    let tokens = state
        .store
        .tokens(user.id)
        .await?
        .into_iter()
        .map(token_row)
        .collect();
    let locked_until = if locked_now(&user) {
        let until = user.locked_until.as_deref().unwrap_or_default();
        // The store keeps RFC 3339 UTC; shown in Beijing time.
        junheng_store::parse_rfc3339(until).map_or_else(|| until.to_owned(), beijing_time)
    } else {
        String::new()
    };
    Ok(render(&UserPage {
        layout: Layout::new(user.name.clone(), admin),
        id: user.id,
        role_id: user.role.id(),
        role: crate::i18n::role(user.role),
        scope: scope_label(&user.scope),
        scope_text: user.scope.reference(),
        roles: district_roles(),
        active: user.active,
        pending_by: user.pending_by.clone().unwrap_or_default(),
        external: user.external,
        me: user.id == admin.user.id,
        must_change: user.must_change_password,
        locked_until,
        tokens,
        message,
        one_time,
        display_name: user.display_name,
        name: user.name,
    }))
}

async fn found(here: &Here, id: i64) -> Result<User, AppError> {
    Ok(users::by_id(&here.state.store, authority(here), id).await?)
}

/// `GET /users/{id}`.
pub(crate) async fn user_page(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let user = found(&here, id).await?;
    show(&state, &admin, user, String::new(), String::new()).await
}

#[derive(Deserialize)]
pub(crate) struct EditForm {
    display_name: String,
    role: String,
    scope: String,
}

/// `POST /users/{id}`: changes role, scope and display name (see [`users::edit`]).
pub(crate) async fn edit(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let user = found(&here, id).await?;
    let Some(role) = Role::parse(&form.role).filter(|r| r.in_district()) else {
        let message = admin.lang.t("users-error-choose-role").to_owned();
        return show(&state, &admin, user, message, String::new()).await;
    };
    let change = UserEdit {
        display_name: form.display_name,
        role,
        scope: form.scope,
    };
    match users::edit(&state.store, authority(&here), id, &change, &admin.actor()).await {
        Ok(changed) => {
            state.forget_user(id);
            let message = admin.lang.t(if changed.pending_by.is_some() {
                "users-saved-pending"
            } else {
                "users-saved"
            });
            show(&state, &admin, changed, message.to_owned(), String::new()).await
        }
        Err(e) if e.code() == "store.invalid" => {
            show(&state, &admin, user, e.to_string(), String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /users/{id}/password`: sets a one-time password, shown once on the page; the user's
/// sessions end and they must choose their own password at the next login.
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let user = found(&here, id).await?;
    let password = one_time_password();
    let hash = hash_off_runtime(&password).await?;
    match users::reset_password(&state.store, authority(&here), id, &hash, &admin.actor()).await {
        // A user of the identity service has no password here.
        Err(e) if e.code() == "store.invalid" => {
            return show(&state, &admin, user, e.to_string(), String::new()).await;
        }
        other => other?,
    }
    state.forget_user(id);
    let user = found(&here, id).await?;
    show(&state, &admin, user, String::new(), password).await
}

/// `POST /users/{id}/unlock`: ends the lock of a login name locked after repeated failed logins.
pub(crate) async fn unlock(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let user = found(&here, id).await?;
    match users::unlock(&state.store, authority(&here), id, &admin.actor()).await {
        Ok(()) => {
            state.logins.unlock(&format!("user:{}", user.name));
            Ok(Redirect::to(&format!("/users/{id}")).into_response())
        }
        Err(e) if e.code() == "store.invalid" => {
            show(&state, &admin, user, e.to_string(), String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}
