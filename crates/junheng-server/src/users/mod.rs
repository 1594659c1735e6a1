//! Users (administrators only): the list with each user's API tokens, creating a user,
//! deactivating and reactivating, revoking a token; one user's page ([`edit`]: role, scope,
//! display name, a one-time password, unlocking); every school's account at once ([`bulk`]).
//! Passwords are hashed with argon2 before they reach the store; the store audits every change. An administrator
//! manages the users of their own district only. A role that reads named children (班主任,
//! 心理教师, 关爱专干) takes effect only when a second administrator confirms it. A change that ends a
//! user's sessions or tokens takes effect at once on this server (the caches forget the user).

mod bulk;
mod edit;

pub(crate) use bulk::{bulk_confirm, bulk_page, bulk_preview};
pub(crate) use edit::{edit, reset_password, unlock, user_page};

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_app::Authority;
use junheng_app::users::{self, UserInput};
use junheng_store::{ApiToken, Role, Scope};
use serde::Deserialize;

use crate::access::Admin;
use crate::auth::{MAX_NAME, hash_off_runtime, locked_now, password_problem};
use crate::error::AppError;
use crate::list::{Column, List, ListView, Value};
use crate::params::{Form, Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

pub(crate) struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: String,
    pub revoked: bool,
}

pub(crate) struct Row {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    /// The role's catalogue key.
    pub role: &'static str,
    pub scope: ScopeLabel,
    pub active: bool,
    /// Awaiting a second administrator (the login of the one who asked), if so.
    pub pending_by: String,
    pub created_at: String,
    pub tokens: Vec<TokenRow>,
    pub me: bool,
    /// Logs in through the identity service: no password to set.
    pub external: bool,
    /// The login name is locked after repeated failed logins.
    pub locked: bool,
    /// Must change the one-time password an administrator set.
    pub must_change: bool,
}

impl Row {
    /// When it was created, in Beijing time.
    pub(crate) fn created(&self) -> String {
        crate::views::time(&self.created_at)
    }

    /// Its state as the list shows, filters and exports it (a catalogue key).
    fn state(&self) -> &'static str {
        match (self.active, self.pending_by.is_empty()) {
            (true, _) => "users-active",
            (false, false) => "users-awaiting-confirmation",
            (false, true) => "users-inactive",
        }
    }

    /// Its cells in the list (in [`COLUMNS`] order); `key` is its index in the page's rows.
    fn list_row(&self, key: usize) -> crate::list::Row {
        crate::list::Row::new(vec![
            Value::text(&self.name),
            Value::text(&self.display_name),
            Value::Label(self.role),
            Value::text(self.scope.chinese()),
            Value::Label(self.state()),
            Value::Time(self.created_at.clone()),
        ])
        .key(key)
    }
}

/// The columns of the user list (the page adds the tokens and the actions to each row).
const COLUMNS: &[Column] = &[
    Column::plain("name", "common-user-name"),
    Column::plain("display", "users-display-name"),
    Column::choice("role", "users-role"),
    Column::plain("scope", "common-scope"),
    Column::choice("state", "common-status"),
    Column::plain("created", "common-created"),
];

/// How a scope is shown in lists.
pub(crate) fn scope_label(scope: &Scope) -> ScopeLabel {
    let (kind, name) = match scope {
        Scope::Province(code) => ("users-scope-province", code.to_string()),
        Scope::City(code) => ("users-scope-city", code.to_string()),
        Scope::District => ("users-scope-district", String::new()),
        Scope::Group(g) => ("users-scope-group", g.to_string()),
        Scope::Zone(z) => ("users-scope-zone", z.to_string()),
        Scope::Department(d) => ("users-scope-department", d.to_string()),
        Scope::School(c) => ("users-scope-school", c.to_string()),
        Scope::Class { school, class } => ("users-scope-class", format!("{school} {class}")),
        Scope::Teacher { school, teacher } => {
            ("users-scope-teacher", format!("{school} {teacher}"))
        }
    };
    ScopeLabel { kind, name }
}

/// What a scope covers: its kind (a catalogue key) and the province, city, group, school or
/// class it names (data; empty for the whole district).
pub(crate) struct ScopeLabel {
    pub kind: &'static str,
    pub name: String,
}

impl ScopeLabel {
    /// In Chinese, for the list's search and downloads: `集团 渝州区龙凤教育集团`.
    fn chinese(&self) -> String {
        let kind = crate::i18n::Lang::Zh.t(self.kind);
        if self.name.is_empty() {
            kind.to_owned()
        } else {
            format!("{kind} {}", self.name)
        }
    }
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    layout: Layout,
    /// The rows of the page, in the list's order.
    rows: Vec<Row>,
    list: ListView,
    message: String,
}

pub(crate) fn token_row(t: ApiToken) -> TokenRow {
    TokenRow {
        id: t.id,
        name: t.name,
        created_at: crate::views::time(&t.created_at),
        last_used_at: t
            .last_used_at
            .map(|t| crate::views::time(&t))
            .unwrap_or_default(),
        revoked: t.revoked_at.is_some(),
    }
}

/// The user list (sorted, filtered, paged, or downloaded as `用户名单.xlsx|csv` by the
/// list parameters in `pairs`), with `message` above it.
async fn show(
    here: &Here,
    admin: &Admin,
    message: String,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let list = List::new(COLUMNS, pairs, &[])?;
    let mut rows = Vec::new();
    for u in here.state.store.users(Some(here.district.id)).await? {
        let tokens = here
            .state
            .store
            .tokens(u.id)
            .await?
            .into_iter()
            .map(token_row)
            .collect();
        rows.push(Row {
            id: u.id,
            locked: locked_now(&u),
            must_change: u.must_change_password,
            scope: scope_label(&u.scope),
            me: u.id == admin.user.id,
            pending_by: u.pending_by.unwrap_or_default(),
            external: u.external,
            name: u.name,
            display_name: u.display_name,
            role: crate::i18n::role(u.role),
            active: u.active,
            created_at: u.created_at,
            tokens,
        });
    }
    let cells: Vec<_> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| r.list_row(i))
        .collect();
    list.respond(&cells, "用户名单", "用户", |list| {
        let mut rows: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
        let rows = list.keys.iter().filter_map(|k| rows[*k].take()).collect();
        render(&UsersPage {
            layout: Layout::new("users-users", admin),
            rows,
            list,
            message,
        })
    })
}

/// `GET /users?sort=&desc=&q=&role=&state=&page=&format=`: the district's users as a list
/// page, or its XLSX/CSV download.
pub(crate) async fn page(
    State(state): State<AppState>,
    admin: Admin,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    show(&here, &admin, String::new(), pairs).await
}

#[derive(Deserialize)]
pub(crate) struct NewUserForm {
    name: String,
    display_name: String,
    role: String,
    scope: String,
    password: String,
}

/// The operations of this page run under the administrator's district.
pub(crate) fn authority(here: &Here) -> Authority {
    Authority::District(here.district.id)
}

/// `POST /users`: creates a user of the administrator's district (see
/// [`junheng_app::users::create`]: the scope is checked against the district's data).
pub(crate) async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let Some(role) = Role::parse(&form.role) else {
        let message = admin.lang.t("users-error-choose-role").to_owned();
        return show(&here, &admin, message, Vec::new()).await;
    };
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_whitespace) {
        let message = crate::tr!(admin.lang, "users-error-name", n = MAX_NAME);
        return show(&here, &admin, message, Vec::new()).await;
    }
    if let Some(problem) = password_problem(admin.lang, &form.password) {
        return show(&here, &admin, problem, Vec::new()).await;
    }
    let input = UserInput {
        name: name.to_owned(),
        display_name: form.display_name.clone(),
        role,
        scope: form.scope.clone(),
        password_hash: hash_off_runtime(&form.password).await?,
    };
    let created = users::create(
        &state.store,
        authority(&here),
        Some(&here.district),
        &input,
        &admin.actor(),
    )
    .await;
    match created {
        Ok(u) if u.pending_by.is_some() => {
            let role = admin.lang.t(crate::i18n::role(u.role));
            let message = crate::tr!(
                admin.lang,
                "users-created-pending",
                name = &u.name,
                role = role
            );
            show(&here, &admin, message, Vec::new()).await
        }
        Ok(_) => Ok(Redirect::to("/users").into_response()),
        Err(e) if matches!(e.code(), "store.conflict" | "store.invalid") => {
            show(&here, &admin, e.to_string(), Vec::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct ActiveForm {
    active: String,
}

/// `POST /users/{id}/active`: deactivates (`active=0`; ends the user's sessions, their tokens
/// stop working) or reactivates (`active=1`). Administrators cannot deactivate themselves.
pub(crate) async fn set_active(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let active = match form.active.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::bad_request(crate::msg!("users-error-state"))),
    };
    let changed =
        users::set_active(&state.store, authority(&here), id, active, &admin.actor()).await;
    let state_now = match changed {
        Ok(now) => now,
        Err(e) if e.code() == "store.invalid" => {
            return show(&here, &admin, e.to_string(), Vec::new()).await;
        }
        Err(e) => return Err(e.into()),
    };
    state.forget_user(id);
    if state_now == junheng_store::Activation::Pending {
        let message = admin.lang.t("users-activation-pending").to_owned();
        return show(&here, &admin, message, Vec::new()).await;
    }
    Ok(Redirect::to("/users").into_response())
}

/// `POST /users/{id}/confirm`: a second administrator confirms a pending grant that reads named
/// children (the one who asked cannot).
pub(crate) async fn confirm(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    match users::confirm(&state.store, authority(&here), id, &admin.actor()).await {
        Ok(_) => {
            state.forget_user(id);
            Ok(Redirect::to("/users").into_response())
        }
        Err(e) if e.code() == "store.invalid" => {
            show(&here, &admin, e.to_string(), Vec::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /users/tokens/{id}/revoke`.
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let here = state.here(admin.district()?);
    let owner = state.store.token_owner(id).await?;
    users::revoke_token(&state.store, authority(&here), id, &admin.actor()).await?;
    // Every cached token is checked again at its next use.
    state.forget_tokens();
    Ok(Redirect::to(&owner.map_or("/users".to_owned(), |o| format!("/users/{o}"))).into_response())
}
