//! Users: the list, and a form to add one (administrators only). Passwords are hashed with
//! argon2 before they reach the store; the store audits the creation.

use askama::Template;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use junheng_core::school::SchoolCode;
use junheng_store::{NewUser, Role, Scope};
use serde::Deserialize;

use crate::access::require_admin;
use crate::auth::{Viewer, hash_password};
use crate::error::AppError;
use crate::state::AppState;
use crate::views::{Layout, render};

pub(crate) struct Row {
    pub name: String,
    pub display_name: String,
    pub role: &'static str,
    pub scope: String,
    pub active: bool,
    pub created_at: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    layout: Layout,
    rows: Vec<Row>,
    message: String,
}

async fn show(state: &AppState, viewer: &Viewer, message: String) -> Result<Response, AppError> {
    let rows = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| Row {
            scope: match &u.scope {
                Scope::District => "全区".to_owned(),
                Scope::Group(g) => format!("集团：{g}"),
                Scope::School(c) => format!("学校：{c}"),
            },
            name: u.name,
            display_name: u.display_name,
            role: u.role.label(),
            active: u.active,
            created_at: u.created_at,
        })
        .collect();
    Ok(render(&UsersPage {
        layout: Layout::new("用户", viewer),
        rows,
        message,
    }))
}

pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    show(&state, &viewer, String::new()).await
}

#[derive(Deserialize)]
pub(crate) struct NewUserForm {
    csrf: String,
    name: String,
    display_name: String,
    role: String,
    scope: String,
    password: String,
}

fn parse(form: &NewUserForm) -> Result<(Role, Scope), String> {
    let role = Role::parse(&form.role).ok_or("请选择角色")?;
    let scope_text = form.scope.trim();
    let scope = match role {
        Role::Admin | Role::Supervisor => Scope::District,
        Role::GroupLead if !scope_text.is_empty() => Scope::Group(scope_text.to_owned()),
        Role::GroupLead => return Err("集团负责人须填写所属教育集团名称".into()),
        Role::School => Scope::School(
            SchoolCode::parse(scope_text).map_err(|e| format!("学校用户的范围：{e}"))?,
        ),
    };
    if form.name.trim().is_empty() || form.name.chars().count() > 64 {
        return Err("用户名不能为空，且不超过 64 个字符".into());
    }
    if form.password.chars().count() < 8 {
        return Err("密码至少 8 个字符".into());
    }
    Ok((role, scope))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    require_admin(&viewer.user)?;
    viewer.check_csrf(&form.csrf)?;
    let (role, scope) = match parse(&form) {
        Ok(ok) => ok,
        Err(message) => return show(&state, &viewer, message).await,
    };
    let password = form.password.clone();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)?;
    let new = NewUser {
        name: form.name.trim().to_owned(),
        display_name: if form.display_name.trim().is_empty() {
            form.name.trim().to_owned()
        } else {
            form.display_name.trim().to_owned()
        },
        role,
        scope,
        password_hash,
    };
    match state.store.create_user(&new, &viewer.actor()).await {
        Ok(_) => Ok(Redirect::to("/users").into_response()),
        Err(e) if e.code() == "store.conflict" => {
            show(&state, &viewer, format!("用户名「{}」已存在", new.name)).await
        }
        Err(e) => Err(e.into()),
    }
}
