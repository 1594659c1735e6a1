//! The scoring of a 自测 survey: per respondent group its respondents, rate and 95 % Wilson
//! interval; the overall rate weighted over groups; per question and per school rates; whether
//! the overall rate meets the 85 % line. Cells of fewer respondents than `min_cell` are
//! suppressed in the breakdowns (their rate is not given), while the overall rate counts them.

use serde::{Deserialize, Serialize};

use super::questionnaire::{Question, Questionnaire, Stance, Topic, UnknownRule};

/// The line of 社会认可度: 85 %, met inclusively.
pub const LINE: f64 = 0.85;
/// The smallest cell shown by default.
pub const DEFAULT_MIN_CELL: u32 = 10;
/// Rounding slack when comparing a weighted rate with the line (far below any real difference).
const SLACK: f64 = 1e-9;
/// z of a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// How the groups' rates are combined into the overall rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// Each group with answers weighs the same (the default).
    #[default]
    Equal,
    /// Each group weighs its number of respondents.
    Sample,
}

impl Weighting {
    /// The stored key.
    pub fn id(self) -> &'static str {
        match self {
            Weighting::Equal => "equal",
            Weighting::Sample => "sample",
        }
    }

    /// The weighting of a stored key.
    pub fn parse(text: &str) -> Option<Weighting> {
        match text.trim() {
            "equal" => Some(Weighting::Equal),
            "sample" => Some(Weighting::Sample),
            _ => None,
        }
    }

    /// The Chinese words.
    pub fn label(self) -> &'static str {
        match self {
            Weighting::Equal => "各类对象等权",
            Weighting::Sample => "按样本量加权",
        }
    }
}

/// The settings of a survey's scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// How groups are combined.
    pub weighting: Weighting,
    /// Cells with fewer respondents are not shown.
    pub min_cell: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            weighting: Weighting::Equal,
            min_cell: DEFAULT_MIN_CELL,
        }
    }
}

/// One response: its group, its school if known, and the chosen option of each question of the
/// group (by index; `None` unanswered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The group's key.
    pub group: String,
    /// The school's 学校标识码, if the response came with one.
    pub school: Option<String>,
    /// The chosen option per question.
    pub answers: Vec<Option<u8>>,
}

/// Counted answers by stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Tally {
    /// 认可.
    pub recognised: u64,
    /// 不认可.
    pub not: u64,
    /// 不了解.
    pub unknown: u64,
}

impl Tally {
    fn add(&mut self, s: Stance) {
        match s {
            Stance::Recognise => self.recognised += 1,
            Stance::Not => self.not += 1,
            Stance::Unknown => self.unknown += 1,
        }
    }

    fn merge(&mut self, o: Tally) {
        self.recognised += o.recognised;
        self.not += o.not;
        self.unknown += o.unknown;
    }

    /// The share recognising under `rule`, `None` with nothing in the denominator.
    pub fn rate(&self, rule: UnknownRule) -> Option<f64> {
        let whole = self.recognised
            + self.not
            + match rule {
                UnknownRule::Against => self.unknown,
                UnknownRule::Excluded => 0,
            };
        (whole > 0).then(|| self.recognised as f64 / whole as f64)
    }
}

/// A 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// The 95 % Wilson score interval of a rate `p` observed on `n` respondents; `None` for n = 0.
///
/// ```
/// let i = junheng_core::survey::wilson(0.85, 100).unwrap();
/// assert!((i.low - 0.7672).abs() < 1e-3 && (i.high - 0.9069).abs() < 1e-3);
/// ```
pub fn wilson(p: f64, n: u64) -> Option<Interval> {
    if n == 0 || !p.is_finite() {
        return None;
    }
    let p = p.clamp(0.0, 1.0);
    let n = n as f64;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(Interval {
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    })
}

/// One group's result. `rate`, `interval` and `tally` are empty when `shown` is false.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResult {
    /// The group's key.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Respondents.
    pub respondents: u64,
    /// Its counted answers by stance.
    pub tally: Tally,
    /// Its rate.
    pub rate: Option<f64>,
    /// The 95 % Wilson interval of the rate over its respondents.
    pub interval: Option<Interval>,
    /// Its weight in the overall rate (0 without answers).
    pub weight: f64,
    /// Whether it has at least `min_cell` respondents (else its figures are withheld).
    pub shown: bool,
}

/// One question's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionResult {
    /// The group's key.
    pub group: String,
    /// The question's number in the group.
    pub no: usize,
    /// The question.
    pub text: String,
    /// Its topic.
    pub topic: Topic,
    /// Whether it counts toward 认可度.
    pub counts: bool,
    /// How many chose each option (empty when not shown).
    pub options: Vec<(String, u64)>,
    /// Its rate (empty when not shown).
    pub rate: Option<f64>,
    /// Whether its group is shown.
    pub shown: bool,
}

/// One school's result (responses that came with a school).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolResult {
    /// The 学校标识码.
    pub school: String,
    /// Respondents.
    pub respondents: u64,
    /// Its rate (empty when not shown).
    pub rate: Option<f64>,
    /// Whether it has at least `min_cell` respondents.
    pub shown: bool,
}

/// A survey's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// Respondents counted.
    pub respondents: u64,
    /// The overall rate: the groups' rates weighted.
    pub overall: Option<f64>,
    /// Whether the overall rate is at least [`LINE`] (`None` without answers).
    pub meets: Option<bool>,
    /// The line.
    pub line: f64,
    /// What 不了解 did.
    pub unknown: UnknownRule,
    /// The settings used.
    pub settings: Settings,
    /// Per group, in the questionnaire's order.
    pub groups: Vec<GroupResult>,
    /// Per question.
    pub questions: Vec<QuestionResult>,
    /// Per school, by code.
    pub schools: Vec<SchoolResult>,
    /// Responses left out: of a group the questionnaire does not have.
    pub ignored: u64,
}

/// The option a response chose for a question and its stance (an index beyond the options is
/// no answer).
fn chosen(question: &Question, r: &Response) -> Option<(usize, Stance)> {
    let i = usize::from(r.answers.get(question.no - 1).copied().flatten()?);
    question.options.get(i).map(|o| (i, o.stance))
}

/// Scores `responses` under `q`.
///
/// ```
/// use junheng_core::survey::{Questionnaire, Response, Settings, results};
/// let q = Questionnaire::builtin();
/// // 17 principals of 20 answer 认可 to every counted question (option 0), 3 answer 不认可 (2).
/// let rs: Vec<Response> = (0..20)
///     .map(|i| Response { group: "principal".into(), school: None,
///                         answers: vec![Some(if i < 17 { 0 } else { 2 }); 3] })
///     .collect();
/// let r = results(&q, &rs, &Settings::default());
/// assert_eq!(r.overall, Some(0.85));
/// assert_eq!(r.meets, Some(true));
/// ```
pub fn results(q: &Questionnaire, responses: &[Response], settings: &Settings) -> Results {
    let rule = q.unknown;
    let shown_n = |n: u64| n >= u64::from(settings.min_cell);
    let mut groups = Vec::new();
    let mut questions = Vec::new();
    let mut schools: std::collections::BTreeMap<String, (u64, Tally)> = Default::default();
    let mut ignored = 0;
    for r in responses {
        if q.group(&r.group).is_none() {
            ignored += 1;
        }
    }
    for g in &q.groups {
        let mine: Vec<&Response> = responses.iter().filter(|r| r.group == g.id).collect();
        let n = mine.len() as u64;
        let shown = shown_n(n);
        let mut tally = Tally::default();
        for question in &g.questions {
            let mut counts = vec![0u64; question.options.len()];
            let mut qt = Tally::default();
            for r in &mine {
                if let Some((i, stance)) = chosen(question, r) {
                    counts[i] += 1;
                    qt.add(stance);
                }
            }
            if question.counts {
                tally.merge(qt);
            }
            questions.push(QuestionResult {
                group: g.id.clone(),
                no: question.no,
                text: question.text.clone(),
                topic: question.topic,
                counts: question.counts,
                options: if shown {
                    question
                        .options
                        .iter()
                        .map(|o| o.label.clone())
                        .zip(counts)
                        .collect()
                } else {
                    Vec::new()
                },
                rate: if shown { qt.rate(rule) } else { None },
                shown,
            });
        }
        for r in &mine {
            if let Some(s) = &r.school {
                let mut t = Tally::default();
                for question in g.questions.iter().filter(|x| x.counts) {
                    if let Some((_, stance)) = chosen(question, r) {
                        t.add(stance);
                    }
                }
                let e = schools.entry(s.clone()).or_default();
                e.0 += 1;
                e.1.merge(t);
            }
        }
        let rate = tally.rate(rule);
        groups.push(GroupResult {
            id: g.id.clone(),
            name: g.name.clone(),
            respondents: n,
            tally,
            rate,
            interval: rate.and_then(|p| wilson(p, n)),
            weight: 0.0,
            shown,
        });
    }
    let raw: Vec<f64> = groups
        .iter()
        .map(|g| match (g.rate, settings.weighting) {
            (None, _) => 0.0,
            (Some(_), Weighting::Equal) => 1.0,
            (Some(_), Weighting::Sample) => g.respondents as f64,
        })
        .collect();
    let total: f64 = raw.iter().sum();
    let mut overall = None;
    if total > 0.0 {
        let mut sum = 0.0;
        for (g, w) in groups.iter_mut().zip(&raw) {
            g.weight = w / total;
            sum += g.weight * g.rate.unwrap_or(0.0);
        }
        overall = Some(sum.clamp(0.0, 1.0));
    }
    for g in groups.iter_mut().filter(|g| !g.shown) {
        g.rate = None;
        g.interval = None;
        g.tally = Tally::default();
    }
    Results {
        respondents: responses.len() as u64 - ignored,
        overall,
        meets: overall.map(|o| o + SLACK >= LINE),
        line: LINE,
        unknown: rule,
        settings: *settings,
        groups,
        questions,
        schools: schools
            .into_iter()
            .map(|(school, (n, t))| {
                let shown = shown_n(n);
                SchoolResult {
                    school,
                    respondents: n,
                    rate: if shown { t.rate(rule) } else { None },
                    shown,
                }
            })
            .collect(),
        ignored,
    }
}
