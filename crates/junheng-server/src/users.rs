//! Users (administrators only): the list with each user's API tokens, creating a user,
//! deactivating and reactivating, setting a new password, revoking a token. Passwords are hashed
//! with argon2 before they reach the store; the store audits every change. A change that ends a
//! user's sessions or tokens takes effect at once on this server (the caches forget the user).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::school::SchoolCode;
use junheng_store::{ApiToken, NewUser, Role, Scope};
use serde::Deserialize;

use crate::access::Admin;
use crate::auth::{MAX_NAME, hash_off_runtime, password_problem};
use crate::error::AppError;
use crate::params::{Form, Path};
use crate::state::AppState;
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
    pub role: &'static str,
    pub scope: String,
    pub active: bool,
    pub created_at: String,
    pub tokens: Vec<TokenRow>,
    pub me: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    layout: Layout,
    rows: Vec<Row>,
    message: String,
}

fn token_row(t: ApiToken) -> TokenRow {
    TokenRow {
        id: t.id,
        name: t.name,
        created_at: t.created_at,
        last_used_at: t.last_used_at.unwrap_or_default(),
        revoked: t.revoked_at.is_some(),
    }
}

async fn show(state: &AppState, admin: &Admin, message: String) -> Result<Response, AppError> {
    let mut rows = Vec::new();
    for u in state.store.users().await? {
        let tokens = state
            .store
            .tokens(u.id)
            .await?
            .into_iter()
            .map(token_row)
            .collect();
        rows.push(Row {
            id: u.id,
            scope: match &u.scope {
                Scope::District => "全区".to_owned(),
                Scope::Group(g) => format!("集团：{g}"),
                Scope::School(c) => format!("学校：{c}"),
            },
            me: u.id == admin.user.id,
            name: u.name,
            display_name: u.display_name,
            role: u.role.label(),
            active: u.active,
            created_at: u.created_at,
            tokens,
        });
    }
    Ok(render(&UsersPage {
        layout: Layout::new("用户", admin),
        rows,
        message,
    }))
}

pub(crate) async fn page(
    State(state): State<AppState>,
    admin: Admin,
) -> Result<Response, AppError> {
    show(&state, &admin, String::new()).await
}

#[derive(Deserialize)]
pub(crate) struct NewUserForm {
    name: String,
    display_name: String,
    role: String,
    scope: String,
    password: String,
}

/// The role and scope of the form, checked against the data: a school must be in the latest
/// statistics, a 教育集团 must exist — an account whose scope matches nothing would see nothing,
/// forever.
async fn role_and_scope(state: &AppState, form: &NewUserForm) -> Result<(Role, Scope), String> {
    let role = Role::parse(&form.role).ok_or("请选择角色")?;
    let scope_text = form.scope.trim();
    let scope = match role {
        Role::Admin | Role::Supervisor => Scope::District,
        Role::GroupLead if scope_text.is_empty() => {
            return Err("集团负责人须填写所属教育集团名称".into());
        }
        Role::GroupLead => {
            let groups = state.store.groups().await.map_err(|e| e.to_string())?;
            if !groups.iter().any(|g| g.name == scope_text) {
                return Err(format!(
                    "没有名为「{}」的教育集团；请填写「教育集团」页面上列出的名称",
                    crate::views::cut(scope_text)
                ));
            }
            Scope::Group(scope_text.to_owned())
        }
        Role::School => {
            let code = SchoolCode::parse(scope_text).map_err(|e| format!("学校用户的范围：{e}"))?;
            let known = match state.current(None).await.map_err(|e| e.to_string())? {
                Some(y) => state
                    .records(y.year, y.latest_version)
                    .await
                    .map_err(|e| e.to_string())?
                    .iter()
                    .any(|r| r.code == code),
                None => false,
            };
            if !known {
                return Err(format!(
                    "最新学年的学校数据中没有学校 {code}；请先导入学校数据，或核对学校标识码"
                ));
            }
            Scope::School(code)
        }
    };
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_whitespace) {
        return Err(format!("用户名应为 1 到 {MAX_NAME} 个字符，且不含空格"));
    }
    if let Some(problem) = password_problem(&form.password) {
        return Err(problem);
    }
    Ok((role, scope))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Form(form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    let (role, scope) = match role_and_scope(&state, &form).await {
        Ok(ok) => ok,
        Err(message) => return show(&state, &admin, message).await,
    };
    let name = form.name.trim().to_owned();
    let display_name = match form.display_name.trim() {
        "" => name.clone(),
        d => d.to_owned(),
    };
    let new = NewUser {
        password_hash: hash_off_runtime(&form.password).await?,
        name,
        display_name,
        role,
        scope,
    };
    match state.store.create_user(&new, &admin.actor()).await {
        Ok(_) => Ok(Redirect::to("/users").into_response()),
        Err(e) if matches!(e.code(), "store.conflict" | "store.invalid") => {
            show(&state, &admin, e.to_string()).await
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
    let active = match form.active.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadRequest("状态应为启用或停用".into())),
    };
    if !active && id == admin.user.id {
        return show(&state, &admin, "不能停用自己的账户".into()).await;
    }
    state.store.set_active(id, active, &admin.actor()).await?;
    state.forget_user(id);
    Ok(Redirect::to("/users").into_response())
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    password: String,
}

/// `POST /users/{id}/password`: sets a new password typed by the administrator (handed to the
/// user in person); the user's sessions end.
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    if let Some(problem) = password_problem(&form.password) {
        return show(&state, &admin, problem).await;
    }
    let hash = hash_off_runtime(&form.password).await?;
    state.store.set_password(id, &hash, &admin.actor()).await?;
    state.forget_user(id);
    show(
        &state,
        &admin,
        "已设置新密码；该用户需用新密码重新登录".into(),
    )
    .await
}

/// `POST /users/tokens/{id}/revoke`.
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.store.revoke_token(id, &admin.actor()).await?;
    // Every cached token is checked again at its next use.
    state.forget_tokens();
    Ok(Redirect::to("/users").into_response())
}
