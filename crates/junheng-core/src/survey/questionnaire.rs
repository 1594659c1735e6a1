//! A questionnaire as data (TOML): respondent groups, their questions, and each option's stance
//! (认可 / 不认可 / 不了解). The built-in one is `surveys/recognition-2017.toml`; a district may
//! upload its own in the same shape. Every problem names the line and the key.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The largest questionnaire text accepted (bytes).
pub const MAX_TEXT: usize = 64 * 1024;
/// At most this many respondent groups.
pub const MAX_GROUPS: usize = 20;
/// At most this many questions in a group.
pub const MAX_QUESTIONS: usize = 50;
/// At most this many options in a scale.
pub const MAX_OPTIONS: usize = 10;
/// The longest question text, option label or name (characters).
pub const MAX_LABEL: usize = 200;

/// What an option says about recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// 认可 (also 满意, 比较满意 …).
    Recognise,
    /// 不认可.
    Not,
    /// 不了解.
    Unknown,
}

impl Stance {
    /// The Chinese word.
    pub fn label(self) -> &'static str {
        match self {
            Stance::Recognise => "认可",
            Stance::Not => "不认可",
            Stance::Unknown => "不了解",
        }
    }
}

/// What a question asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// 均衡政策.
    Policy,
    /// 优质资源共享.
    Sharing,
    /// 学校教育质量.
    Quality,
    /// 作业负担 (supporting: never counts toward 认可度).
    Homework,
    /// 择校 (supporting: never counts toward 认可度).
    Choice,
}

impl Topic {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Topic::Policy => "均衡政策",
            Topic::Sharing => "优质资源共享",
            Topic::Quality => "学校教育质量",
            Topic::Homework => "作业负担",
            Topic::Choice => "择校",
        }
    }

    /// Whether the topic may count toward 认可度 (the supporting topics may not).
    pub fn may_count(self) -> bool {
        matches!(self, Topic::Policy | Topic::Sharing | Topic::Quality)
    }
}

/// What 不了解 does to a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnknownRule {
    /// Counted in the denominator as not recognising (the default).
    #[default]
    Against,
    /// Left out of the denominator.
    Excluded,
}

/// One option of a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// What the respondent reads (`满意`).
    pub label: String,
    /// Its stance.
    pub stance: Stance,
}

/// One question of a group, numbered from 1 in its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Its number in the group (1, 2, …): the `1、` of an online survey's column.
    pub no: usize,
    /// The question.
    pub text: String,
    /// Its topic.
    pub topic: Topic,
    /// Whether it counts toward 认可度.
    pub counts: bool,
    /// Its options.
    pub options: Vec<Choice>,
}

/// A respondent group and its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Its key (`parent`).
    pub id: String,
    /// Its Chinese name (`家长`).
    pub name: String,
    /// Its questions in order.
    pub questions: Vec<Question>,
}

/// A checked questionnaire.
///
/// ```
/// use junheng_core::survey::Questionnaire;
/// let q = Questionnaire::builtin();
/// assert_eq!(q.groups.len(), 7);
/// assert_eq!(q.group("parent").unwrap().name, "家长");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Questionnaire {
    /// Its id (`recognition-2017`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: u32,
    /// What 不了解 does.
    pub unknown: UnknownRule,
    /// The respondent groups in order.
    pub groups: Vec<Group>,
}

/// A problem of a questionnaire text: where (line, key) and what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("问卷第 {line} 行 {key}：{message}")]
pub struct QuestionnaireError {
    /// The line (1-based; 1 when the text as a whole is wrong).
    pub line: usize,
    /// The key (`groups[2].questions[1].scale`).
    pub key: String,
    /// What is wrong and what is expected.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestionnaire {
    id: String,
    title: String,
    version: u32,
    #[serde(default)]
    unknown: UnknownRule,
    scales: IndexMap<String, RawScale>,
    groups: Vec<Spanned<RawGroup>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    options: Vec<Choice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    name: String,
    questions: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    topic: Topic,
    scale: String,
    text: String,
    counts: Option<bool>,
}

const BUILTIN: &str = include_str!("../../surveys/recognition-2017.toml");

/// The line of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A label checked: trimmed, not empty, at most [`MAX_LABEL`] characters.
fn label(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("不能为空".into());
    }
    if t.chars().count() > MAX_LABEL {
        return Err(format!("不能超过 {MAX_LABEL} 个字"));
    }
    Ok(t.to_owned())
}

impl Questionnaire {
    /// The built-in questionnaire (`recognition-2017`).
    pub fn builtin() -> Questionnaire {
        Questionnaire::parse(BUILTIN).expect("the built-in questionnaire is valid")
    }

    /// The built-in questionnaire's text (the template of a district's own).
    pub fn builtin_text() -> &'static str {
        BUILTIN
    }

    /// Reads and checks a questionnaire.
    pub fn parse(text: &str) -> Result<Questionnaire, QuestionnaireError> {
        let whole = |key: &str, message: String| QuestionnaireError {
            line: 1,
            key: key.to_owned(),
            message,
        };
        if text.len() > MAX_TEXT {
            return Err(whole("", format!("问卷不能超过 {} KB", MAX_TEXT / 1024)));
        }
        let raw: RawQuestionnaire = toml::from_str(text).map_err(|e: toml::de::Error| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            QuestionnaireError {
                line,
                key: String::new(),
                message: e.message().to_owned(),
            }
        })?;
        let id = label(&raw.id).map_err(|m| whole("id", m))?;
        let title = label(&raw.title).map_err(|m| whole("title", m))?;
        for (name, scale) in &raw.scales {
            let key = format!("scales.{name}.options");
            if !(2..=MAX_OPTIONS).contains(&scale.options.len()) {
                return Err(whole(&key, format!("应有 2 至 {MAX_OPTIONS} 个选项")));
            }
            let mut seen = Vec::new();
            for o in &scale.options {
                let l = label(&o.label).map_err(|m| whole(&key, m))?;
                if seen.contains(&l) {
                    return Err(whole(&key, format!("选项“{l}”重复")));
                }
                seen.push(l);
            }
            if !scale.options.iter().any(|o| o.stance == Stance::Recognise) {
                return Err(whole(&key, "至少要有一个“认可”（recognise）选项".into()));
            }
        }
        if raw.groups.is_empty() || raw.groups.len() > MAX_GROUPS {
            return Err(whole(
                "groups",
                format!("应有 1 至 {MAX_GROUPS} 类调查对象"),
            ));
        }
        let mut groups: Vec<Group> = Vec::new();
        for (gi, spanned) in raw.groups.iter().enumerate() {
            let line = line_of(text, spanned.span().start);
            let g = spanned.get_ref();
            let at = |key: String, message: String| QuestionnaireError { line, key, message };
            let gkey = format!("groups[{}]", gi + 1);
            let gid = g.id.trim();
            if gid.is_empty()
                || gid.len() > 32
                || !gid
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(at(
                    format!("{gkey}.id"),
                    format!("“{}”应为 1 至 32 个小写字母、数字或下划线", g.id),
                ));
            }
            let name = label(&g.name).map_err(|m| at(format!("{gkey}.name"), m))?;
            if groups.iter().any(|o| o.id == gid || o.name == name) {
                return Err(at(
                    format!("{gkey}.id"),
                    format!("调查对象“{gid}”（{name}）重复"),
                ));
            }
            if g.questions.is_empty() || g.questions.len() > MAX_QUESTIONS {
                return Err(at(
                    format!("{gkey}.questions"),
                    format!("应有 1 至 {MAX_QUESTIONS} 道题"),
                ));
            }
            let mut questions: Vec<Question> = Vec::new();
            for (qi, sq) in g.questions.iter().enumerate() {
                let line = line_of(text, sq.span().start);
                let q = sq.get_ref();
                let qkey = format!("{gkey}.questions[{}]", qi + 1);
                let at = |key: &str, message: String| QuestionnaireError {
                    line,
                    key: format!("{qkey}.{key}"),
                    message,
                };
                let text = label(&q.text).map_err(|m| at("text", m))?;
                if questions.iter().any(|o| o.text == text) {
                    return Err(at("text", format!("题目“{text}”在本组重复")));
                }
                let scale = raw.scales.get(q.scale.trim()).ok_or_else(|| {
                    at(
                        "scale",
                        format!("没有名为“{}”的选项组（[scales.…]）", q.scale),
                    )
                })?;
                let counts = q.counts.unwrap_or(q.topic.may_count());
                if counts && !q.topic.may_count() {
                    return Err(at(
                        "counts",
                        format!(
                            "{}题是辅助题，不计入认可度：应为 counts = false",
                            q.topic.label()
                        ),
                    ));
                }
                questions.push(Question {
                    no: qi + 1,
                    text,
                    topic: q.topic,
                    counts,
                    options: scale
                        .options
                        .iter()
                        .map(|o| Choice {
                            label: o.label.trim().to_owned(),
                            stance: o.stance,
                        })
                        .collect(),
                });
            }
            if !questions.iter().any(|q| q.counts) {
                return Err(at(
                    format!("{gkey}.questions"),
                    "至少要有一道计入认可度的题（均衡政策、优质资源共享或学校教育质量）".into(),
                ));
            }
            groups.push(Group {
                id: gid.to_owned(),
                name,
                questions,
            });
        }
        Ok(Questionnaire {
            id,
            title,
            version: raw.version,
            unknown: raw.unknown,
            groups,
        })
    }

    /// The group of a key.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }
}
