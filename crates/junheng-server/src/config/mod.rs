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
//! | `removal_confirm_percent` | `JUNHENG_REMOVAL_CONFIRM_PERCENT` | 5 | a new version of a year's statistics or roster that removes this share of its rows or more (or any whole school) must be confirmed |
//! | `task_due_soon_days` | `JUNHENG_TASK_DUE_SOON_DAYS` | 7 | a task not done is "due soon" (inbox, lists) this many days before its deadline |
//! | `labour_link_days` | `JUNHENG_LABOUR_LINK_DAYS` | 14 | a parent's one-time labour link works this many days after its slip is printed (1–90) |
//! | `finding_deadline_days` | `JUNHENG_FINDING_DEADLINE_DAYS` | 30 | a 督导发现's 整改 task is due this many days after the visit when the form gives no deadline |
//!
//! | `classroom_weeks` | `JUNHENG_CLASSROOM_WEEKS` | 35 | teaching weeks of a school year, for the share of lessons 三个课堂 cover |
//! | `classroom_lessons` | — (file only) | 音乐 `[2, 2, 1]`, 美术 `[2, 2, 1]`, 科学 `[1, 2, 0]` | weekly lessons per subject in grades 1–2, 3–6 and 7–9 (`junheng_core::classroom::LessonPlan`) |
//! | `student_seal_key_file` | `JUNHENG_STUDENT_SEAL_KEY_FILE` (or the key itself in `JUNHENG_STUDENT_SEAL_KEY`) | — | the key that encrypts children's names and 学籍号 (see README “学生数据的密钥”); without both keys student pages show only what needs no key |
//! | `student_pseudonym_key_file` | `JUNHENG_STUDENT_PSEUDONYM_KEY_FILE` (or `JUNHENG_STUDENT_PSEUDONYM_KEY`) | — | the key of the pseudonymous student key |
//! | `student_previous_seal_key_file` | `JUNHENG_STUDENT_PREVIOUS_SEAL_KEY_FILE` | — | a retired sealing key, during rotation |
//! | `[students]` | — (file only) | `junheng_core::student::StudentSettings::default()` | `min_cell` 10, `consolidation` `standard`, `retention_months` 36, `[students.dropout]` (`suspect_days` 5, `dropout_days` 30, `verify_sla_hours` 24, `transfer_days` 30, `visit_days` 3), `[students.risk]` (the risk weights and levels 20/40) |
//! | `[health]` | — (file only) | `junheng_core::health::settings::HealthSettings::default()` | `[health.fitness]` (`good_rate_target` 0.50, `pass_rate_target` 0.95), `[health.vision]` (`baseline_year` the first screened, `points_per_year` 0.5, `progression_dioptres` 0.75), `[health.mental]` (`thresholds` PHQ-9/GAD-7 10/15, `crisis_days` 0, `priority_days` 5, `attention_days` 30, `crisis_steps`, `consent_required` true, `[[health.mental.instruments]]` none: each `spec_file` and optional `norms_file` read and checked at load) — validated at load |
//! | `[quality]` | — (file only) | `junheng_core::exam::QualitySettings::default()` | 质量监测: `denominator` `sat` (实考; `enrolled` 应考), `absent` `exclude`, `cheat` `zero`, `rates` `cumulative`, `[quality.lines]` (优秀 0.85, 良好 0.70, 及格 0.60, 低分 0.40 of full marks), `[quality.subject_lines.<科目>]`, `[quality.composite]` (比值赋分 weights), `[quality.value_added]` (`method` `residual`, `min_coverage`, `z` 1.96), `[quality.levels]`, `total`, `[quality.bands]` (the 三线 of the schools' quality scores over exams: `higher_is_better`, `basic`, `development`, `warning`, `escalation`, as `[review.bands]`; default P25 / median / mean − 1 SD, 提示 → 约谈 → 专项督导 at 1 / 2 / 3 periods) — validated at load; small cells use `[students].min_cell` |
//! | `[labour]` | — (file only) | `junheng_labour::settings::LabourSettings::default()` | 劳动教育: `[labour.checklist]` (`required_groups` per 学段 band), `[labour.passport]` (spot check ‰ 100, points per 15 minutes, caps, parent-only weight, badges, term-grade lines), `[labour.review]` (`publicity_working_days` 5, `[labour.review.audit]` 5 % and at least 10, `[labour.review.stars]`), `[labour.compliance]` (weekly minimums — never below the national 120/180 —, out-of-class places, `term_weeks_per_mille`, `min_cell` 10). (The 五育 targets are each district's own, set on `/five`.) Validated at load; README “劳动教育” says which are national |
//! | `[review]` | — (file only) | `junheng_core::review::ReviewSettings::default()` | the annual 综合考核: `[review.rubric]` (items, weights, scorers, evidence), `[review.composite]` (the 捆绑 weights 0.3/0.2/0.3/0.2, `lift_full`, `gap`), `[review.bands]` (the 三线 rules and escalation), `[review.cohesion]` (集而不团: `years`, `min_narrowing`) — all local practice |
//!
//! The `[sso]` section (logging in through a city's identity service) is described in [`sso`].

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use crate::Config;

mod sso;
mod students;

pub use sso::SsoSettings;

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
    /// Removals (per cent of a year's rows) that need an explicit confirmation.
    pub removal_confirm_percent: f64,
    /// Days before its deadline a task counts as due soon.
    pub task_due_soon_days: u32,
    /// Days a parent's one-time labour link works.
    pub labour_link_days: u32,
    /// Days after a visit a finding's 整改 is due when the form gives no deadline.
    pub finding_deadline_days: u32,
    /// The types an education group may take (集团类型), e.g. `["紧密型", "联盟型"]`.
    pub group_kinds: Vec<String>,
    /// Teaching weeks of a school year (三个课堂 coverage).
    pub classroom_weeks: u32,
    /// Weekly lessons per subject in grades 1–2, 3–6 and 7–9, e.g. `音乐 = [2, 2, 1]`.
    pub classroom_lessons: std::collections::BTreeMap<String, [f64; 3]>,
    /// The annual 综合考核 of schools and groups (rubric, 捆绑 composite, 三线, 集而不团).
    pub review: junheng_core::review::ReviewSettings,
    /// A file with the key that seals children's names and 学籍号.
    pub student_seal_key_file: Option<PathBuf>,
    /// A file with the key of the pseudonymous student key.
    pub student_pseudonym_key_file: Option<PathBuf>,
    /// A file with a retired sealing key (during rotation).
    pub student_previous_seal_key_file: Option<PathBuf>,
    /// The student capabilities: small cells, 控辍保学 thresholds, risk weights, retention.
    pub students: junheng_core::student::StudentSettings,
    /// The health capabilities: 体质健康 targets, 近视 targets, 心理 thresholds and deadlines.
    pub health: junheng_core::health::settings::HealthSettings,
    /// 质量监测: denominators, lines, 比值赋分 weights, value added, literacy levels.
    pub quality: junheng_core::exam::QualitySettings,
    /// 劳动教育: the lists' required task groups, the spot check, points, badges, the 公示, the
    /// audit sample, 星级, compliance; national floors cannot be lowered.
    pub labour: junheng_labour::settings::LabourSettings,
    /// Logging in through an identity service (统一身份认证); off without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso: Option<SsoSettings>,
}

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
            removal_confirm_percent: c.removal_threshold * 100.0,
            task_due_soon_days: c.task_due_soon_days,
            labour_link_days: c.labour_link_days,
            finding_deadline_days: c.finding_deadline_days,
            group_kinds: c.group_kinds,
            classroom_weeks: c.lesson_plan.weeks,
            classroom_lessons: c.lesson_plan.subjects,
            review: c.review,
            student_seal_key_file: None,
            student_pseudonym_key_file: None,
            student_previous_seal_key_file: None,
            students: c.students,
            health: c.health,
            quality: c.quality,
            labour: c.labour,
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
const OTHER_VARIABLES: [&str; 6] = [
    "JUNHENG_LOG",
    "JUNHENG_DATABASE_PASSWORD",
    "JUNHENG_METRICS_TOKEN",
    "JUNHENG_SSO_CLIENT_SECRET",
    "JUNHENG_STUDENT_SEAL_KEY",
    "JUNHENG_STUDENT_PSEUDONYM_KEY",
];

/// A comma-separated list as a TOML array of strings.
pub(super) fn list(value: &str) -> toml::Value {
    toml::Value::Array(
        value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| toml::Value::String(v.to_owned()))
            .collect(),
    )
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
            sso::variable(&mut table, name, sso_key, value)?;
            continue;
        }
        let optional = [
            "database_password_file",
            "public_origin",
            "metrics_token_file",
            "student_seal_key_file",
            "student_pseudonym_key_file",
            "student_previous_seal_key_file",
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
pub(super) fn read_secret(path: &Path, what: &str) -> Result<String, SettingsError> {
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
        let student_keys = settings.student_keys(&var)?;
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
            removal_threshold: settings.removal_confirm_percent / 100.0,
            task_due_soon_days: settings.task_due_soon_days,
            labour_link_days: settings.labour_link_days,
            finding_deadline_days: settings.finding_deadline_days,
            group_kinds: settings.group_kinds.clone(),
            lesson_plan: settings.lesson_plan(),
            review: settings.review.clone(),
            students: settings.students,
            health: settings.health.clone(),
            quality: settings.quality.clone(),
            labour: settings.labour.clone(),
            health_instruments: junheng_app::health::instruments::load(
                &settings.health.mental.instruments,
            )
            .map_err(|e| {
                SettingsError(format!("设置项 [[health.mental.instruments]] 有误：{e}"))
            })?,
            student_keys,
            sso,
            ..Config::default()
        };
        Ok(Loaded {
            settings,
            database_url,
            config,
        })
    }

    /// The lesson plan of `classroom_weeks` and `classroom_lessons`.
    fn lesson_plan(&self) -> junheng_core::classroom::LessonPlan {
        junheng_core::classroom::LessonPlan {
            weeks: self.classroom_weeks,
            subjects: self.classroom_lessons.clone(),
        }
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
        if !(0.0..=100.0).contains(&self.removal_confirm_percent) {
            return bad("removal_confirm_percent", " 0 到 100 之间的百分数，例如 5");
        }
        if self.task_due_soon_days > 365 {
            return bad("task_due_soon_days", " 0 到 365 天");
        }
        if !(1..=90).contains(&self.labour_link_days) {
            return bad("labour_link_days", " 1 到 90 天");
        }
        if !(1..=365).contains(&self.finding_deadline_days) {
            return bad("finding_deadline_days", " 1 到 365 天");
        }
        let mut kinds: Vec<&str> = self.group_kinds.iter().map(|k| k.trim()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        if kinds.is_empty()
            || kinds.len() != self.group_kinds.len()
            || kinds.len() > 50
            || kinds
                .iter()
                .any(|k| k.is_empty() || k.chars().count() > 50 || k.chars().any(char::is_control))
        {
            return bad(
                "group_kinds",
                " 1 到 50 个互不相同、各 1 到 50 个字的集团类型，例如 [\"紧密型\", \"联盟型\"]",
            );
        }
        if let Err(e) = self.lesson_plan().check() {
            return Err(SettingsError(format!(
                "设置项 classroom_weeks / classroom_lessons 有误：{e}"
            )));
        }
        if let Err(e) = self.review.validate() {
            return Err(SettingsError(format!("设置项 [review] 有误：{e}")));
        }
        if let Err(e) = self.students.validate() {
            return Err(SettingsError(format!("设置项 [students] 有误：{e}")));
        }
        if let Err(e) = self.health.validate() {
            return Err(SettingsError(format!("设置项 [health] 有误：{e}")));
        }
        if let Err(e) = self.quality.validate() {
            return Err(SettingsError(format!(
                "设置项 [quality] 有误（{}）：{e}",
                e.code()
            )));
        }
        if let Err(errors) = self.labour.validate() {
            let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(SettingsError(format!(
                "设置项 [labour] 有误：{}",
                all.join("；")
            )));
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
pub(super) mod tests;
