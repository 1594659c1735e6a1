//! 我的账户: who the user is, and changing one's own password (the current one first). A new
//! password ends every session of the user, this one included: they log in again with it.
//! Users of the identity service (统一身份认证) have no password here to change. A user whose
//! password is a one-time password an administrator set is sent here from every page until they
//! chose their own ([`reachable_before_change`]).

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use crate::access::Member;
use crate::auth::{check_password, end_session, hash_off_runtime, password_problem, to_login};
use crate::error::AppError;
use crate::params::Form;
use crate::state::AppState;
use crate::views::{Layout, render};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    name: String,
    display_name: String,
    role: &'static str,
    scope: crate::users::ScopeLabel,
    message: String,
    external: bool,
    /// The password is a one-time password: it must be changed before anything else.
    must_change: bool,
}

/// The paths a user who must change a one-time password may still reach: this page, the change
/// itself, logging out, the stylesheet and the language switch.
pub(crate) fn reachable_before_change(path: &str) -> bool {
    matches!(
        path,
        "/account" | "/account/password" | "/logout" | "/static/app.css" | "/lang" | "/login"
    )
}

fn account_page(member: &Member, message: String) -> Response {
    let user = &member.user;
    render(&AccountPage {
        layout: Layout::new("users-my-account", member),
        name: user.name.clone(),
        display_name: user.display_name.clone(),
        role: crate::i18n::role(user.role),
        scope: crate::users::scope_label(&user.scope),
        message,
        external: user.external,
        must_change: user.must_change_password,
    })
}

pub(crate) async fn page(member: Member) -> Response {
    account_page(&member, String::new())
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// `POST /account/password`.
pub(crate) async fn change_password(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let lang = member.lang;
    if member.user.external {
        let message = lang.t("account-external-no-password");
        return Ok(account_page(&member, message.to_owned()));
    }
    if let Some(problem) = password_problem(lang, &form.new) {
        return Ok(account_page(&member, problem));
    }
    if form.new != form.confirm {
        let message = lang.t("account-passwords-differ");
        return Ok(account_page(&member, message.to_owned()));
    }
    let stored = state.store.user_by_name(&member.user.name).await?;
    let hash = stored.as_ref().map(|u| u.password_hash.as_str());
    if form.current.len() > crate::auth::MAX_PASSWORD
        || !check_password(&state, &form.current, hash).await?
    {
        let message = lang.t("account-current-password-wrong");
        return Ok(account_page(&member, message.to_owned()));
    }
    let new_hash = hash_off_runtime(&form.new).await?;
    state
        .store
        .set_password(member.user.id, &new_hash, &member.actor())
        .await?;
    state.forget_user(member.user.id);
    end_session(&state, &headers).await?;
    Ok(to_login(&state, "?changed=1"))
}
