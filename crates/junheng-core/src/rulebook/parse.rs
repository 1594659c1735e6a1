use indexmap::IndexMap;
use serde::Deserialize;
use toml::{Table, Value};

use super::{
    Balance, Indicator, PerSection, Policy, Quantity, RotationRules, Rulebook, TeachingPointPolicy,
    UnitRule, Weights, builtin_text, items,
};

/// Why a rulebook cannot be used. Messages are Chinese and name the file and the key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RulebookError {
    /// No built-in rulebook has this id.
    #[error("没有名为「{0}」的内置规则；可用的内置规则：cn-2017、cn-2012、hebei-2017、anhui-2018")]
    UnknownBuiltin(String),
    /// The TOML does not parse or has keys of the wrong type or unknown keys.
    #[error("规则文件 {origin} 格式错误：{message}")]
    Syntax {
        /// The file or built-in id.
        origin: String,
        /// What the TOML parser said.
        message: String,
    },
    /// The rulebook parses but its numbers make no sense.
    #[error("规则文件 {origin} 中 {key} 的值无效：{message}")]
    Invalid {
        /// The file or built-in id.
        origin: String,
        /// The offending key, e.g. `indicators.x.per`.
        key: String,
        /// What is expected.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRulebook {
    id: String,
    version: String,
    name: String,
    #[serde(default)]
    source: String,
    policy: RawPolicy,
    unit_rule: Option<UnitRule>,
    balance: Balance,
    indicators: IndexMap<String, RawIndicator>,
    #[serde(default)]
    rotation: RotationRules,
    #[serde(default)]
    items: IndexMap<String, items::RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    teaching_points: String,
    teaching_point_min_students: Option<u32>,
    apportion_weights: String,
    gym_in_teaching_rooms: bool,
    compare_decimals: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    name: String,
    short: String,
    quantity: Quantity,
    per: f64,
    unit: String,
    standard: Option<PerSection>,
    #[serde(default = "enabled_by_default")]
    enabled: bool,
}

pub(super) fn enabled_by_default() -> bool {
    true
}

/// Longest chain of `extends`; deeper means a cycle or a mistake.
const MAX_EXTENDS: usize = 8;

pub(super) fn load(text: &str, origin: &str) -> Result<Rulebook, RulebookError> {
    let syntax = |message: String| RulebookError::Syntax {
        origin: origin.to_owned(),
        message,
    };
    let mut table: Table = text
        .parse()
        .map_err(|e: toml::de::Error| syntax(e.to_string()))?;
    let mut extends = Vec::new();
    while let Some(parent) = table.remove("extends") {
        let Value::String(parent) = parent else {
            return Err(syntax("extends 应为内置规则的 id，例如 \"cn-2017\"".into()));
        };
        if extends.len() >= MAX_EXTENDS || extends.contains(&parent) {
            return Err(syntax(format!("extends 形成循环或层级过深（{parent}）")));
        }
        for key in ["id", "version"] {
            if !table.contains_key(key) {
                return Err(RulebookError::Invalid {
                    origin: origin.to_owned(),
                    key: key.to_owned(),
                    message: "扩展其他规则的文件必须给出自己的 id 和 version".into(),
                });
            }
        }
        let mut base: Table = builtin_text(&parent)?
            .parse()
            .map_err(|e: toml::de::Error| syntax(e.to_string()))?;
        merge(&mut base, table);
        table = base;
        extends.push(parent);
    }
    let raw: RawRulebook =
        Table::try_into(table).map_err(|e: toml::de::Error| syntax(e.to_string()))?;
    build(raw, extends, origin)
}

/// Overlays `over` on `base`: tables merge key by key, every other value replaces.
fn merge(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn build(raw: RawRulebook, extends: Vec<String>, origin: &str) -> Result<Rulebook, RulebookError> {
    let invalid = |key: &str, message: &str| RulebookError::Invalid {
        origin: origin.to_owned(),
        key: key.to_owned(),
        message: message.to_owned(),
    };
    let teaching_points = match raw.policy.teaching_points.as_str() {
        "separate" => TeachingPointPolicy::Separate,
        "merge" => TeachingPointPolicy::Merge,
        "exclude_below" => TeachingPointPolicy::ExcludeBelow {
            min_students: raw.policy.teaching_point_min_students.ok_or_else(|| {
                invalid(
                    "policy.teaching_point_min_students",
                    "teaching_points = \"exclude_below\" 时必须给出最少学生数，例如 50",
                )
            })?,
        },
        _ => {
            return Err(invalid(
                "policy.teaching_points",
                "应为 \"separate\"（单独计算）、\"merge\"（并入上级学校）或 \"exclude_below\"（少于若干学生不计）",
            ));
        }
    };
    let apportion_weights = Weights::parse(&raw.policy.apportion_weights).ok_or_else(|| {
        invalid(
            "policy.apportion_weights",
            "应为 小学:初中:高中 三个正数，例如 \"1:1:1\" 或 \"1:1.1:1.32\"",
        )
    })?;
    if raw.policy.compare_decimals.is_some_and(|d| d > 12) {
        return Err(invalid(
            "policy.compare_decimals",
            "应为 0 到 12 之间的整数",
        ));
    }
    let policy = Policy {
        teaching_points,
        apportion_weights,
        gym_in_teaching_rooms: raw.policy.gym_in_teaching_rooms,
        compare_decimals: raw.policy.compare_decimals,
    };

    let mut indicators = Vec::new();
    for (id, ind) in raw.indicators {
        if !ind.enabled {
            continue;
        }
        let key = |field: &str| format!("indicators.{id}.{field}");
        if !(ind.per.is_finite() && ind.per > 0.0) {
            return Err(invalid(
                &key("per"),
                "应为正数（每百名学生为 100，生均为 1）",
            ));
        }
        if let Some(s) = ind.standard
            && !(positive(s.primary) && positive(s.junior))
        {
            return Err(invalid(&key("standard"), "小学、初中标准都应为正数"));
        }
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(invalid(
                &format!("indicators.{id}"),
                "指标 id 只能由小写字母、数字和下划线组成",
            ));
        }
        indicators.push(Indicator {
            id,
            name: ind.name,
            short: ind.short,
            quantity: ind.quantity,
            per: ind.per,
            unit: ind.unit,
            standard: ind.standard,
        });
    }
    if indicators.is_empty() || indicators.len() > super::MAX_INDICATORS {
        return Err(invalid("indicators", "指标个数应在 1 到 32 之间"));
    }
    if let Some(rule) = raw.unit_rule {
        if indicators.iter().any(|i| i.standard.is_none()) {
            return Err(invalid(
                "unit_rule",
                "有单校达标规则时，每个指标都必须给出 standard",
            ));
        }
        if rule.min_met == 0 || rule.min_met > indicators.len() {
            return Err(invalid("unit_rule.min_met", "应在 1 到指标个数之间"));
        }
        if !(rule.floor_ratio > 0.0 && rule.floor_ratio <= 1.0) {
            return Err(invalid(
                "unit_rule.floor_ratio",
                "应在 0 与 1 之间，例如 0.85",
            ));
        }
    }
    let limits = raw.balance.cv_max;
    if !(positive(limits.primary) && positive(limits.junior)) {
        return Err(invalid(
            "balance.cv_max",
            "小学、初中差异系数上限都应为正数",
        ));
    }
    if let Err((key, message)) = raw.rotation.check() {
        return Err(invalid(key, message));
    }
    let items = items::build(raw.items).map_err(|(key, message)| invalid(&key, &message))?;
    Ok(Rulebook {
        id: raw.id,
        version: raw.version,
        name: raw.name,
        source: raw.source,
        extends,
        policy,
        unit_rule: raw.unit_rule,
        balance: raw.balance,
        indicators,
        rotation: raw.rotation,
        items,
    })
}

fn positive(x: f64) -> bool {
    x.is_finite() && x > 0.0
}
