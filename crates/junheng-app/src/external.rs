//! Logging in a person the city's identity service (统一身份认证) vouches for: what their claims
//! map to (a role, a district by its code, a scope in words) is checked against this
//! deployment's data exactly as an administrator's new user is ([`scope_of`]), then the local
//! row is created or brought up to date ([`Store::external_login`]). A refusal changes nothing.

use junheng_store::{Actor, District, ExternalIdentity, ExternalLogin, Role, Store, StoreError};

use crate::users::{cut, scope_of};

/// A person the identity service vouches for, and what their claims map to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalInput {
    /// The ID token's issuer (`iss`).
    pub issuer: String,
    /// The ID token's subject (`sub`).
    pub subject: String,
    /// Login name for a new row.
    pub name: String,
    /// Name shown (the login name when empty).
    pub display_name: String,
    /// The role the claims map to.
    pub role: Role,
    /// The district's code (区县代码) a district role's claims name; `None` when the deployment
    /// names none (then it must hold exactly one district). Ignored for city and province users.
    pub district: Option<String>,
    /// The scope in words, as [`crate::users::UserInput::scope`]: a group's name, a school's
    /// code, `school/class`, a city's or a province's code; empty for administrators and
    /// supervisors.
    pub scope: String,
}

/// Why a person is not let in (nothing was written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternalRefusal {
    /// The claims name a district this deployment does not hold (its code).
    UnknownDistrict(String),
    /// A district role, no district claim, and the deployment holds several districts (or none).
    NoDistrict,
    /// A city or province code that no district of this deployment belongs to.
    UnknownRegion(String),
    /// The scope, login name or display name is refused: the reason, in Chinese.
    Invalid(String),
}

/// Logs in (see the module documentation): `Ok(Err(_))` for a person this deployment refuses,
/// `Err(_)` for a failure of the store.
pub async fn external_login(
    store: &Store,
    input: &ExternalInput,
    actor: &Actor,
) -> Result<Result<ExternalLogin, ExternalRefusal>, StoreError> {
    let district = if input.role.in_district() {
        match district_of(store, input.district.as_deref()).await? {
            Ok(d) => Some(d),
            Err(refusal) => return Ok(Err(refusal)),
        }
    } else {
        let code = input.scope.trim();
        let districts = store.districts().await?;
        let covered = districts.iter().any(|d| match input.role {
            Role::City => d.city.0 == code,
            _ => d.province.0 == code,
        });
        if !covered {
            return Ok(Err(ExternalRefusal::UnknownRegion(cut(code))));
        }
        None
    };
    let scope = match scope_of(store, district.as_ref(), input.role, &input.scope).await {
        Ok(scope) => scope,
        Err(StoreError::Invalid(reason)) => return Ok(Err(ExternalRefusal::Invalid(reason))),
        Err(e) => return Err(e),
    };
    let identity = ExternalIdentity {
        issuer: input.issuer.clone(),
        subject: input.subject.clone(),
        name: input.name.trim().to_owned(),
        display_name: match input.display_name.trim() {
            "" => input.name.trim().to_owned(),
            d => d.to_owned(),
        },
        role: input.role,
        scope,
        district: district.map(|d| d.id),
    };
    match store.external_login(&identity, actor).await {
        Ok(login) => Ok(Ok(login)),
        Err(StoreError::Invalid(reason)) => Ok(Err(ExternalRefusal::Invalid(reason))),
        Err(e) => Err(e),
    }
}

/// The district a district role's claims name, or the deployment's only one.
async fn district_of(
    store: &Store,
    code: Option<&str>,
) -> Result<Result<District, ExternalRefusal>, StoreError> {
    Ok(match code {
        Some(code) => store
            .district_by_code(code.trim())
            .await?
            .ok_or_else(|| ExternalRefusal::UnknownDistrict(cut(code.trim()))),
        None => {
            let mut all = store.districts().await?;
            match all.len() {
                1 => Ok(all.remove(0)),
                _ => Err(ExternalRefusal::NoDistrict),
            }
        }
    })
}
