//! Settings of `junheng serve`, in one typed struct read in layers: defaults → TOML file
//! (`--config`) → `JUNHENG_*` environment → command-line flags. Unknown keys are refused in the
//! file and in the environment (a typo must not silently keep a default). Secrets never come
//! from the command line only: the database password comes from `JUNHENG_DATABASE_PASSWORD`
//! or `database_password_file`, the metrics token from `JUNHENG_METRICS_TOKEN` or
//! `metrics_token_file`, the identity service's client secret from `JUNHENG_SSO_CLIENT_SECRET`
//! or `sso.client_secret_file`, and a `--database` URL with a password in it is refused.
//!
//! | key (file) | environment | default | meaning |
//! |---|---|---|---|
//! | `database` | `JUNHENG_DATABASE` | `sqlite://junheng.db` | the database |
//! | `database_password_file` | `JUNHENG_DATABASE_PASSWORD_FILE` | — | file with the PostgreSQL password |
//! | `bind` | `JUNHENG_BIND` | `127.0.0.1:8080` | address to listen on |
//! | `secure_cookies` | `JUNHENG_SECURE_COOKIES` | `false` | cookies only over HTTPS |
//! | `trusted_proxies` | `JUNHENG_TRUSTED_PROXIES` (comma-separated) | none | CIDRs whose `X-Forwarded-For` is believed |
//! | `public_origin` | `JUNHENG_PUBLIC_ORIGIN` | — | e.g. `https://jy.example.cn`, accepted as `Origin` of forms behind a proxy that rewrites `Host` |
//! | `metrics_token_file` | `JUNHENG_METRICS_TOKEN_FILE` | — | file with a bearer token for `/metrics` from afar |
//! | `max_upload_mb` | `JUNHENG_MAX_UPLOAD_MB` | 64 | largest upload |
//! | `max_connections` | `JUNHENG_MAX_CONNECTIONS` | 512 | open connections at most |
//! | `header_read_timeout_secs` | `JUNHENG_HEADER_READ_TIMEOUT_SECS` | 10 | time to send a request's headers (and keep-alive idle time) |
//! | `request_timeout_secs` | `JUNHENG_REQUEST_TIMEOUT_SECS` | 120 | time to answer one request, upload included |
//! | `session_hours` | `JUNHENG_SESSION_HOURS` | 8 | session lifetime |
//! | `max_failed_logins` | `JUNHENG_MAX_FAILED_LOGINS` | 5 | attempts per name and per address before a 15-minute pause |
//! | `max_parallel_parses` | `JUNHENG_MAX_PARALLEL_PARSES` | 2 | uploads parsed at once |
//!
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
//! | `roles` | — (required) | table: claim value → a role id (`province`, `city`, `admin`, `supervisor`, `group_lead`, `school`, `class_teacher`, `psych_teacher`, `care_officer`); several mapped values give the widest role |
//! | `district_claim` | — | claim holding a district user's 区县代码 (as `junheng district list` shows it); when set, district users must have it and it must be a district of this deployment; without it, the deployment's only district |
//! | `region_claim` | — | claim holding a city or province user's 行政区划代码 (required if `roles` maps to `city` or `province`); some district of this deployment must belong to it |
//! | `school_claim` | — | claim holding the 学校标识码 of `school`, `class_teacher`, `psych_teacher` and `care_officer` users (required if `roles` maps to one) |
//! | `class_claim` | — | claim holding a class teacher's class name (required if `roles` maps to `class_teacher`) |
//! | `group_claim` | — | claim holding a group lead's 教育集团 name (required if `roles` maps to `group_lead`) |
//!
//! A claim name with dots (`realm_access.roles`) is also looked up as a path into nested
//! objects when no claim has that exact name.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use crate::Config;
use crate::sso::{ClaimMapping, SsoConfig};
use junheng_store::Role;

/// The settings file's and the environment's keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// `sqlite://PATH` or `postgres://user@host/db` (password from the environment or a file).
    pub database: String,
    /// A file whose first line is the database password.
    pub database_password_file: Option<PathBuf>,
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Mark cookies `Secure`.
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// The public origin behind a proxy, e.g. `https://jy.example.cn`.
    pub public_origin: Option<String>,
    /// A file whose first line is the metrics bearer token.
    pub metrics_token_file: Option<PathBuf>,
    /// Largest upload, in MiB.
    pub max_upload_mb: usize,
    /// Open connections at most.
    pub max_connections: usize,
    /// Seconds to send a request's headers.
    pub header_read_timeout_secs: u64,
    /// Seconds to answer one request.
    pub request_timeout_secs: u64,
    /// Session lifetime in hours.
    pub session_hours: u64,
    /// Failed logins before a pause.
    pub max_failed_logins: u32,
    /// Uploads parsed at once.
    pub max_parallel_parses: usize,
    /// Logging in through an identity service (统一身份认证); off without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso: Option<SsoSettings>,
}

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
    /// Claim of a group lead's group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_claim: Option<String>,
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
const SSO_KEYS: [&str; 15] = [
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
    "group_claim",
];

impl Default for Settings {
    fn default() -> Self {
        let c = Config::default();
        Settings {
            database: "sqlite://junheng.db".into(),
            database_password_file: None,
            bind: c.bind,
            secure_cookies: c.secure_cookies,
            trusted_proxies: c.trusted_proxies,
            public_origin: c.public_origin,
            metrics_token_file: None,
            max_upload_mb: c.max_upload_bytes >> 20,
            max_connections: c.max_connections,
            header_read_timeout_secs: c.header_read_timeout.as_secs(),
            request_timeout_secs: c.request_timeout.as_secs(),
            session_hours: c.session_ttl.as_secs() / 3600,
            max_failed_logins: c.max_failed_logins,
            max_parallel_parses: c.max_parallel_parses,
            sso: None,
        }
    }
}

/// Values given as command-line flags (the last layer).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--database`.
    pub database: Option<String>,
    /// `--bind`.
    pub bind: Option<SocketAddr>,
    /// `--secure-cookies`.
    pub secure_cookies: bool,
    /// `--trusted-proxy` (repeatable).
    pub trusted_proxies: Vec<IpNet>,
    /// `--public-origin`.
    pub public_origin: Option<String>,
    /// `--max-upload-mb`.
    pub max_upload_mb: Option<usize>,
}

/// Why the settings cannot be used; the message names the source and the key.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct SettingsError(pub String);

/// Environment variables that are not settings but belong to the program.
const OTHER_VARIABLES: [&str; 4] = [
    "JUNHENG_LOG",
    "JUNHENG_DATABASE_PASSWORD",
    "JUNHENG_METRICS_TOKEN",
    "JUNHENG_SSO_CLIENT_SECRET",
];

/// A comma-separated list as a TOML array of strings.
fn list(value: &str) -> toml::Value {
    toml::Value::Array(
        value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| toml::Value::String(v.to_owned()))
            .collect(),
    )
}

/// A `JUNHENG_SSO_<KEY>` value in the `[sso]` table: texts, `scopes` a list, `roles` a table
/// of `value=role` pairs.
fn sso_variable(
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

/// The `JUNHENG_*` environment as a TOML table of settings: each value is read as TOML when it
/// is a number or boolean, else as a string; `trusted_proxies` is a comma-separated list.
fn environment(vars: &[(String, String)]) -> Result<toml::Table, SettingsError> {
    let known = match toml::Value::try_from(Settings::default()) {
        Ok(toml::Value::Table(t)) => t,
        _ => unreachable!("settings serialise to a table"),
    };
    let mut table = toml::Table::new();
    for (name, value) in vars {
        let Some(key) = name.strip_prefix("JUNHENG_") else {
            continue;
        };
        if OTHER_VARIABLES.contains(&name.as_str()) || key.starts_with("TEST_") {
            continue;
        }
        let key = key.to_ascii_lowercase();
        if let Some(sso_key) = key.strip_prefix("sso_") {
            sso_variable(&mut table, name, sso_key, value)?;
            continue;
        }
        let optional = [
            "database_password_file",
            "public_origin",
            "metrics_token_file",
        ];
        if !known.contains_key(&key) && !optional.contains(&key.as_str()) {
            return Err(SettingsError(format!(
                "环境变量 {name} 不是可用的设置；可用的设置见 junheng serve --help"
            )));
        }
        let parsed = match key.as_str() {
            "trusted_proxies" => list(value),
            _ => value
                .parse::<i64>()
                .map(toml::Value::Integer)
                .or_else(|_| value.parse::<bool>().map(toml::Value::Boolean))
                .unwrap_or_else(|_| toml::Value::String(value.clone())),
        };
        table.insert(key, parsed);
    }
    Ok(table)
}

/// The first line of a secret file.
fn read_secret(path: &Path, what: &str) -> Result<String, SettingsError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SettingsError(format!("无法读取{what}文件 {}：{e}", path.display())))?;
    let line = text.lines().next().unwrap_or_default().trim().to_owned();
    if line.is_empty() {
        return Err(SettingsError(format!(
            "{what}文件 {} 是空的",
            path.display()
        )));
    }
    Ok(line)
}

/// Whether a database URL carries a password (`scheme://user:password@host`).
fn has_password(url: &str) -> bool {
    url.split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .is_some_and(|(user, _)| user.contains(':'))
}

/// Settings ready to run the server.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The merged settings.
    pub settings: Settings,
    /// The database URL, with the password inserted.
    pub database_url: String,
    /// The server's configuration.
    pub config: Config,
}

impl Settings {
    /// Reads the layers: defaults, the TOML `file` (if any), the `JUNHENG_*` variables of `env`,
    /// then `flags`; and the secrets from the environment or their files.
    pub fn load(
        file: Option<&Path>,
        env: &[(String, String)],
        flags: &Flags,
    ) -> Result<Loaded, SettingsError> {
        let mut table = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    SettingsError(format!("无法读取设置文件 {}：{e}", path.display()))
                })?;
                text.parse::<toml::Table>()
                    .map_err(|e| SettingsError(format!("设置文件 {} 有误：{e}", path.display())))?
            }
            None => toml::Table::new(),
        };
        for (key, value) in environment(env)? {
            match (table.get_mut(&key), value) {
                // `JUNHENG_SSO_*` change single keys of the file's `[sso]`.
                (Some(toml::Value::Table(section)), toml::Value::Table(keys)) => {
                    section.extend(keys);
                }
                (_, value) => {
                    table.insert(key, value);
                }
            }
        }
        let source = file.map_or("环境变量".to_owned(), |p| {
            format!("设置文件 {} 或环境变量", p.display())
        });
        let mut settings: Settings =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    SettingsError(format!("{source}有误：{}", e.message()))
                })?;
        if let Some(d) = &flags.database {
            if has_password(d) {
                return Err(SettingsError(
                    "不要在命令行中写数据库密码（本机其他用户能在进程列表中看到）；请用环境变量 \
                     JUNHENG_DATABASE_PASSWORD 或设置项 database_password_file"
                        .into(),
                ));
            }
            settings.database = d.clone();
        }
        if let Some(b) = flags.bind {
            settings.bind = b;
        }
        settings.secure_cookies |= flags.secure_cookies;
        settings
            .trusted_proxies
            .extend(flags.trusted_proxies.iter().copied());
        if let Some(o) = &flags.public_origin {
            settings.public_origin = Some(o.clone());
        }
        if let Some(m) = flags.max_upload_mb {
            settings.max_upload_mb = m;
        }
        settings.check()?;
        let var = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let password = match (
            var("JUNHENG_DATABASE_PASSWORD"),
            &settings.database_password_file,
        ) {
            (Some(p), _) => Some(p),
            (None, Some(path)) => Some(read_secret(path, "数据库密码")?),
            (None, None) => None,
        };
        let metrics_token = match (var("JUNHENG_METRICS_TOKEN"), &settings.metrics_token_file) {
            (Some(t), _) => Some(t),
            (None, Some(path)) => Some(read_secret(path, "监控令牌")?),
            (None, None) => None,
        };
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(SettingsError("监控令牌至少 16 个字符".into()));
        }
        let sso = match &settings.sso {
            Some(sso) => Some(sso.config(var("JUNHENG_SSO_CLIENT_SECRET"))?),
            None => None,
        };
        let database_url = match password {
            Some(p) => with_password(&settings.database, &p)?,
            None => settings.database.clone(),
        };
        let config = Config {
            bind: settings.bind,
            session_ttl: Duration::from_secs(settings.session_hours * 3600),
            secure_cookies: settings.secure_cookies,
            max_failed_logins: settings.max_failed_logins,
            max_upload_bytes: settings.max_upload_mb << 20,
            trusted_proxies: settings.trusted_proxies.clone(),
            public_origin: settings.public_origin.clone(),
            metrics_token,
            max_connections: settings.max_connections,
            header_read_timeout: Duration::from_secs(settings.header_read_timeout_secs),
            request_timeout: Duration::from_secs(settings.request_timeout_secs),
            max_parallel_parses: settings.max_parallel_parses,
            sso,
            ..Config::default()
        };
        Ok(Loaded {
            settings,
            database_url,
            config,
        })
    }

    fn check(&self) -> Result<(), SettingsError> {
        let bad = |key: &str, expected: &str| {
            Err(SettingsError(format!("设置项 {key} 有误：应为{expected}")))
        };
        if !(1..=4096).contains(&self.max_upload_mb) {
            return bad("max_upload_mb", " 1 到 4096 之间的整数");
        }
        if !(16..=100_000).contains(&self.max_connections) {
            return bad("max_connections", " 16 到 100000 之间的整数");
        }
        if !(1..=300).contains(&self.header_read_timeout_secs) {
            return bad("header_read_timeout_secs", " 1 到 300 秒");
        }
        if !(5..=3600).contains(&self.request_timeout_secs) {
            return bad("request_timeout_secs", " 5 到 3600 秒");
        }
        if !(1..=24 * 30).contains(&self.session_hours) {
            return bad("session_hours", " 1 到 720 小时");
        }
        if !(1..=100).contains(&self.max_failed_logins) {
            return bad("max_failed_logins", " 1 到 100 次");
        }
        if !(1..=64).contains(&self.max_parallel_parses) {
            return bad("max_parallel_parses", " 1 到 64");
        }
        if let Some(o) = &self.public_origin
            && !(o.starts_with("https://") || o.starts_with("http://"))
        {
            return bad(
                "public_origin",
                "以 https:// 或 http:// 开头的网址，例如 https://jy.example.cn",
            );
        }
        Ok(())
    }
}

impl SsoSettings {
    /// The identity service's configuration: every key checked, the secret from the
    /// environment (`secret`) or its file, the extra root certificates read.
    fn config(&self, secret: Option<String>) -> Result<SsoConfig, SettingsError> {
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
                    " province、city、admin、supervisor、group_lead、school、class_teacher、psych_teacher 或 care_officer",
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
            group: optional("group_claim", &self.group_claim)?,
        };
        // Every role the table maps to must find the claims its scope needs.
        for (_, role) in &claims.roles {
            if let Some((None, what)) = claims.scope_claim(*role) {
                let key = match role {
                    Role::Province | Role::City => "region_claim",
                    Role::GroupLead => "group_claim",
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

/// `url` with `password` inserted after its user (percent-encoded).
fn with_password(url: &str, password: &str) -> Result<String, SettingsError> {
    let encoded: String =
        percent_encoding::utf8_percent_encode(password, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    match url.split_once("://") {
        Some((scheme, rest)) if scheme.starts_with("postgres") => match rest.split_once('@') {
            Some((user, host)) if !user.contains(':') && !user.is_empty() => {
                Ok(format!("{scheme}://{user}:{encoded}@{host}"))
            }
            _ => Err(SettingsError(
                "数据库地址应为 postgres://用户名@主机/库名（密码另行提供，地址中不写密码）".into(),
            )),
        },
        _ => Err(SettingsError(
            "只有 PostgreSQL 数据库需要密码；SQLite 数据库不要设置 JUNHENG_DATABASE_PASSWORD"
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn layers_apply_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("junheng.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\nmax_upload_mb = 32\n").unwrap();
        let loaded = Settings::load(
            Some(&file),
            &env(&[("JUNHENG_MAX_UPLOAD_MB", "16"), ("JUNHENG_LOG", "debug")]),
            &Flags {
                max_upload_mb: Some(8),
                trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
                ..Flags::default()
            },
        )
        .unwrap();
        assert_eq!(loaded.settings.bind.port(), 9000, "the file");
        assert_eq!(loaded.config.max_upload_bytes, 8 << 20, "flags last");
        assert_eq!(loaded.config.trusted_proxies.len(), 1);
        let loaded = Settings::load(
            Some(&file),
            &env(&[("JUNHENG_MAX_UPLOAD_MB", "16")]),
            &Flags::default(),
        )
        .unwrap();
        assert_eq!(
            loaded.settings.max_upload_mb, 16,
            "the environment over the file"
        );
    }

    #[test]
    fn unknown_keys_and_passwords_in_argv_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("junheng.toml");
        std::fs::write(&file, "max_uplaod_mb = 32\n").unwrap();
        let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
        assert!(e.0.contains("max_uplaod_mb"), "{e}");
        let e =
            Settings::load(None, &env(&[("JUNHENG_BINDD", "x")]), &Flags::default()).unwrap_err();
        assert!(e.0.contains("JUNHENG_BINDD"), "{e}");
        let flags = Flags {
            database: Some("postgres://app:secret@db/junheng".into()),
            ..Flags::default()
        };
        let e = Settings::load(None, &[], &flags).unwrap_err();
        assert!(!e.0.contains("secret") && e.0.contains("JUNHENG_DATABASE_PASSWORD"));
        // From the environment the password joins the URL, percent-encoded.
        let flags = Flags {
            database: Some("postgres://app@db/junheng".into()),
            ..Flags::default()
        };
        let loaded = Settings::load(
            None,
            &env(&[("JUNHENG_DATABASE_PASSWORD", "p@ss:1")]),
            &flags,
        )
        .unwrap();
        assert_eq!(loaded.database_url, "postgres://app:p%40ss%3A1@db/junheng");
        // Values out of range name the key.
        let e = Settings::load(
            None,
            &env(&[("JUNHENG_MAX_CONNECTIONS", "1")]),
            &Flags::default(),
        )
        .unwrap_err();
        assert!(e.0.contains("max_connections"));
    }

    /// The `[sso]` example of the README.
    fn readme_sso() -> String {
        let readme = include_str!("../../../README.md");
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
        for key in ["region_claim", "school_claim", "class_claim", "group_claim"] {
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
