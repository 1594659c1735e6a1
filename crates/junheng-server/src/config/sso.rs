//! The `[sso]` section turns on logging in through a city's identity service (统一身份认证, an
//! OpenID Connect provider; see `crate::sso`). Without it only local passwords exist; with it
//! they still work. Each key also comes from `JUNHENG_SSO_<KEY>` (lists comma-separated,
//! `roles` as `value=role,value=role`).
//!
//! | key (`[sso]`) | default | meaning |
//! |---|---|---|
//! | `issuer` | — (required) | the provider's issuer, `https://…` (`http://` only on 127.0.0.1 or localhost); its `/.well-known/openid-configuration` is read at the first SSO login |
//! | `client_id` | — (required) | this platform's client id at the provider |
//! | `client_secret_file` | — | file with the client secret (or `JUNHENG_SSO_CLIENT_SECRET`); without either, a public client (PKCE only) |
//! | `redirect_url` | — (required) | the public address of `/login/sso/callback`, registered at the provider, e.g. `https://jy.example.cn/login/sso/callback` |
//! | `scopes` | `["openid", "profile"]` | scopes asked for (`openid` is always asked for) |
//! | `ca_file` | — | PEM file of further root certificates for the provider's HTTPS (a private CA); the system's roots are always trusted |
//! | `login_claim` | `preferred_username` | claim whose value becomes the user's login name at the first login |
//! | `name_claim` | `name` | claim shown as the user's name (else the login name) |
//! | `role_claim` | `roles` | claim (a text or a list of texts) whose values map to a role through `roles` |
//! | `roles` | — (required) | table: claim value → a role id (`province`, `city`, `admin`, `supervisor`, `group_lead`, `school`, `class_teacher`, `subject_teacher`, `psych_teacher`, `care_officer`, `dropout_officer`); several mapped values give the widest role |
//! | `district_claim` | — | claim holding a district user's 区县代码 (as `junheng district list` shows it); when set, district users must have it and it must be a district of this deployment; without it, the deployment's only district |
//! | `region_claim` | — | claim holding a city or province user's 行政区划代码 (required if `roles` maps to `city` or `province`); some district of this deployment must belong to it |
//! | `school_claim` | — | claim holding the 学校标识码 of `school`, `class_teacher`, `subject_teacher`, `psych_teacher` and `care_officer` users (required if `roles` maps to one) |
//! | `class_claim` | — | claim holding a class teacher's class name (required if `roles` maps to `class_teacher`) |
//! | `teacher_claim` | — | claim holding a subject teacher's 教师编号 (required if `roles` maps to `subject_teacher`) |
//! | `group_claim` | — | claim holding a group lead's 教育集团 name (required if `roles` maps to `group_lead`) |
//! | `zone_claim` | — | claim holding a zone lead's 学区 name (required if `roles` maps to `zone_lead`) |
//!
//! A claim name with dots (`realm_access.roles`) is also looked up as a path into nested
//! objects when no claim has that exact name.

use std::collections::BTreeMap;
use std::path::PathBuf;

use junheng_store::Role;
use serde::{Deserialize, Serialize};

use super::{SettingsError, list, read_secret};
use crate::sso::{ClaimMapping, SsoConfig};

/// The `[sso]` section (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoSettings {
    /// The provider's issuer URL.
    pub issuer: String,
    /// This platform's client id.
    pub client_id: String,
    /// A file whose first line is the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret_file: Option<PathBuf>,
    /// The public address of `/login/sso/callback`.
    pub redirect_url: String,
    /// Scopes asked for.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// PEM file of further root certificates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// Claim of the login name.
    #[serde(default = "default_login_claim")]
    pub login_claim: String,
    /// Claim of the name shown.
    #[serde(default = "default_name_claim")]
    pub name_claim: String,
    /// Claim whose values map to a role.
    #[serde(default = "default_role_claim")]
    pub role_claim: String,
    /// Claim value → role id.
    pub roles: BTreeMap<String, String>,
    /// Claim of the district code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_claim: Option<String>,
    /// Claim of a city or province user's region code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_claim: Option<String>,
    /// Claim of the school code of the school roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_claim: Option<String>,
    /// Claim of a class teacher's class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_claim: Option<String>,
    /// Claim of a subject teacher's 教师编号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teacher_claim: Option<String>,
    /// Claim of a group lead's group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_claim: Option<String>,
    /// Claim of a zone lead's 学区 name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_claim: Option<String>,
    /// Claim of a 责任部门 user's department name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_claim: Option<String>,
}

fn default_scopes() -> Vec<String> {
    vec!["openid".into(), "profile".into()]
}

fn default_login_claim() -> String {
    "preferred_username".into()
}

fn default_name_claim() -> String {
    "name".into()
}

fn default_role_claim() -> String {
    "roles".into()
}

/// The keys of `[sso]`, as `JUNHENG_SSO_<KEY>` names them.
const SSO_KEYS: [&str; 18] = [
    "issuer",
    "client_id",
    "client_secret_file",
    "redirect_url",
    "scopes",
    "ca_file",
    "login_claim",
    "name_claim",
    "role_claim",
    "roles",
    "district_claim",
    "region_claim",
    "school_claim",
    "class_claim",
    "teacher_claim",
    "group_claim",
    "zone_claim",
    "department_claim",
];

/// A `JUNHENG_SSO_<KEY>` value in the `[sso]` table: texts, `scopes` a list, `roles` a table
/// of `value=role` pairs.
pub(super) fn variable(
    table: &mut toml::Table,
    name: &str,
    key: &str,
    value: &str,
) -> Result<(), SettingsError> {
    if !SSO_KEYS.contains(&key) {
        return Err(SettingsError(format!(
            "环境变量 {name} 不是可用的设置；统一身份认证的设置见 junheng serve --help"
        )));
    }
    let parsed = match key {
        "scopes" => list(value),
        "roles" => {
            let mut roles = toml::Table::new();
            for pair in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let Some((claim, role)) = pair.rsplit_once('=') else {
                    return Err(SettingsError(format!(
                        "环境变量 {name} 应为「声明值=角色」，以逗号分隔，例如 教育局管理员=admin,督学=supervisor"
                    )));
                };
                roles.insert(
                    claim.trim().to_owned(),
                    toml::Value::String(role.trim().to_owned()),
                );
            }
            toml::Value::Table(roles)
        }
        _ => toml::Value::String(value.to_owned()),
    };
    let sso = table
        .entry("sso")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(sso) = sso {
        sso.insert(key.to_owned(), parsed);
    }
    Ok(())
}

impl SsoSettings {
    /// The identity service's configuration: every key checked, the secret from the
    /// environment (`secret`) or its file, the extra root certificates read.
    pub(super) fn config(&self, secret: Option<String>) -> Result<SsoConfig, SettingsError> {
        let bad = |key: &str, expected: &str| {
            SettingsError(format!("设置项 sso.{key} 有误：应为{expected}"))
        };
        if !crate::sso::issuer_allowed(&self.issuer) {
            return Err(bad(
                "issuer",
                "以 https:// 开头的统一身份认证地址（仅本机测试可用 http://127.0.0.1 或 http://localhost）",
            ));
        }
        if self.client_id.trim().is_empty() {
            return Err(bad("client_id", "统一身份认证为本平台分配的客户端标识"));
        }
        if !crate::sso::redirect_allowed(&self.redirect_url) {
            return Err(bad(
                "redirect_url",
                "本平台对外网址加 /login/sso/callback，例如 https://jy.example.cn/login/sso/callback",
            ));
        }
        if self
            .scopes
            .iter()
            .any(|s| s.is_empty() || s.contains(|c: char| c.is_whitespace() || c == '"'))
        {
            return Err(bad(
                "scopes",
                "不含空格的范围名称列表，例如 [\"openid\", \"profile\"]",
            ));
        }
        let claim = |key: &str, value: &str| {
            if value.trim().is_empty() {
                Err(bad(key, "声明名称（不能为空）"))
            } else {
                Ok(value.trim().to_owned())
            }
        };
        let optional =
            |key: &str, value: &Option<String>| value.as_deref().map(|v| claim(key, v)).transpose();
        let mut roles = Vec::new();
        for (value, role) in &self.roles {
            let role = Role::parse(role.trim()).ok_or_else(|| {
                bad(
                    &format!("roles.\"{}\"", crate::views::cut(value)),
                    " province、city、admin、supervisor、group_lead、school、class_teacher、psych_teacher、care_officer 或 dropout_officer",
                )
            })?;
            roles.push((value.clone(), role));
        }
        if roles.is_empty() {
            return Err(bad(
                "roles",
                "声明值到角色的对照表，例如 roles = { \"教育局管理员\" = \"admin\" }",
            ));
        }
        let claims = ClaimMapping {
            login: claim("login_claim", &self.login_claim)?,
            display_name: claim("name_claim", &self.name_claim)?,
            role: claim("role_claim", &self.role_claim)?,
            roles,
            district: optional("district_claim", &self.district_claim)?,
            region: optional("region_claim", &self.region_claim)?,
            school: optional("school_claim", &self.school_claim)?,
            class: optional("class_claim", &self.class_claim)?,
            teacher: optional("teacher_claim", &self.teacher_claim)?,
            group: optional("group_claim", &self.group_claim)?,
            zone: optional("zone_claim", &self.zone_claim)?,
            department: optional("department_claim", &self.department_claim)?,
        };
        // Every role the table maps to must find the claims its scope needs.
        for (_, role) in &claims.roles {
            if let Some((None, what)) = claims.scope_claim(*role) {
                let key = match role {
                    Role::Province | Role::City => "region_claim",
                    Role::GroupLead => "group_claim",
                    Role::ZoneLead => "zone_claim",
                    Role::Department => "department_claim",
                    _ => "school_claim",
                };
                return Err(bad(
                    key,
                    &format!("{what}所在的声明名称（roles 中有 {}）", role.id()),
                ));
            }
            if *role == Role::ClassTeacher && claims.class.is_none() {
                return Err(bad(
                    "class_claim",
                    "班级名称所在的声明名称（roles 中有 class_teacher）",
                ));
            }
            if *role == Role::SubjectTeacher && claims.teacher.is_none() {
                return Err(bad(
                    "teacher_claim",
                    "教师编号所在的声明名称（roles 中有 subject_teacher）",
                ));
            }
        }
        let client_secret = match (secret, &self.client_secret_file) {
            (Some(s), _) => Some(s),
            (None, Some(path)) => Some(read_secret(path, "统一身份认证客户端密钥")?),
            (None, None) => None,
        };
        let extra_roots = match &self.ca_file {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                SettingsError(format!("无法读取根证书文件 {}：{e}", path.display()))
            })?),
            None => None,
        };
        let mut scopes = vec!["openid".to_owned()];
        for scope in &self.scopes {
            if !scopes.contains(scope) {
                scopes.push(scope.clone());
            }
        }
        let config = SsoConfig {
            issuer: self.issuer.clone(),
            client_id: self.client_id.trim().to_owned(),
            client_secret,
            redirect_url: self.redirect_url.clone(),
            scopes,
            extra_roots,
            claims,
        };
        // The certificates are parsed now, so that a bad file stops the start, not a login.
        crate::sso::http_client(&config).map_err(SettingsError)?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::env;
    use super::super::{Flags, Settings};
    use super::*;

    /// The `[sso]` example of the README.
    fn readme_sso() -> String {
        let readme = include_str!("../../../../README.md");
        let from = readme
            .find("[sso]\n")
            .expect("the README has an [sso] example");
        let to = from + readme[from..].find("```").expect("the example ends");
        readme[from..to].to_owned()
    }

    #[test]
    fn the_readme_sso_example_is_a_valid_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("junheng.toml");
        std::fs::write(&file, readme_sso()).unwrap();
        let secret = ("JUNHENG_SSO_CLIENT_SECRET", "s3cret");
        let loaded = Settings::load(Some(&file), &env(&[secret]), &Flags::default()).unwrap();
        let sso = loaded.config.sso.unwrap();
        assert_eq!(sso.client_secret.as_deref(), Some("s3cret"));
        assert_eq!(sso.scopes, ["openid", "profile", "junheng"]);
        assert!(sso.claims.roles.contains(&("市教委".into(), Role::City)));
        assert_eq!(sso.claims.class.as_deref(), Some("class_name"));
        assert!(
            !format!("{sso:?}").contains("s3cret"),
            "the secret is not logged"
        );
        // The environment changes single keys of the file's section.
        let loaded = Settings::load(
            Some(&file),
            &env(&[
                secret,
                ("JUNHENG_SSO_ROLES", "督学=supervisor, 校长=school"),
            ]),
            &Flags::default(),
        )
        .unwrap();
        let sso = loaded.config.sso.unwrap();
        assert_eq!(sso.client_id, "junheng");
        assert_eq!(
            sso.claims.roles,
            [
                ("校长".into(), Role::School),
                ("督学".into(), Role::Supervisor)
            ]
        );
    }

    #[test]
    fn an_sso_role_without_its_claims_stops_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("junheng.toml");
        let secret = env(&[("JUNHENG_SSO_CLIENT_SECRET", "s3cret")]);
        let without = |key: &str| {
            let text: String = readme_sso()
                .lines()
                .filter(|l| !l.starts_with(&format!("{key} ")))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(&file, text).unwrap();
            Settings::load(Some(&file), &secret, &Flags::default()).unwrap_err()
        };
        for key in [
            "region_claim",
            "school_claim",
            "class_claim",
            "teacher_claim",
            "group_claim",
        ] {
            let e = without(key);
            assert!(e.0.contains(&format!("sso.{key}")), "{key}: {e}");
        }
        assert!(without("client_id").0.contains("client_id"));
        let e = Settings::load(
            None,
            &env(&[
                ("JUNHENG_SSO_ISSUER", "http://id.example.cn"),
                ("JUNHENG_SSO_CLIENT_ID", "x"),
                (
                    "JUNHENG_SSO_REDIRECT_URL",
                    "https://a.example.cn/login/sso/callback",
                ),
                ("JUNHENG_SSO_ROLES", "督学=supervisor"),
            ]),
            &Flags::default(),
        )
        .unwrap_err();
        assert!(e.0.contains("sso.issuer"), "plain http elsewhere: {e}");
        let e = Settings::load(
            None,
            &env(&[
                ("JUNHENG_SSO_ISSUER", "https://id.example.cn"),
                ("JUNHENG_SSO_CLIENT_ID", "x"),
                (
                    "JUNHENG_SSO_REDIRECT_URL",
                    "https://a.example.cn/login/sso/callback",
                ),
                ("JUNHENG_SSO_ROLES", "督学=dean"),
            ]),
            &Flags::default(),
        )
        .unwrap_err();
        assert!(
            e.0.contains("class_teacher"),
            "the role ids are listed: {e}"
        );
    }
}
