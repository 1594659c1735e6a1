//! 心理 cases (一生一策): opened by a screen or by a person, kept by the school's 心理教师 or
//! the district's crisis team — 复核 (the only way to set or clear 危机), plan, referral (医教
//! 绿色通道), the crisis procedure's steps, follow-ups, closing — each due by its tier's SLA.

use junheng_core::health::mental::{Screen, Tier};
use junheng_core::health::settings::MentalSettings;
use junheng_core::school::SchoolCode;
use junheng_store::{
    DistrictStore, HealthRound, MentalCase, NewMentalCase, StoreError, StudentKeys,
};
use serde::{Deserialize, Serialize};

use super::Refused;
use super::who::may_keep;
use crate::pairings::Caller;
use crate::tasks::add_days;

/// A case's content (sealed in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseContent {
    /// The tier now.
    pub tier: Tier,
    /// What the last screen suggested.
    pub suggested: Tier,
    /// A same-day review is asked for (PHQ-9 item 9), until a 复核 answers it.
    pub same_day_review: bool,
    /// Why, from the last screen.
    pub reasons: Vec<String>,
    /// 负责人.
    pub owner: String,
    /// 一生一策: the plan.
    pub plan: String,
    /// The crisis procedure's step reached (index), while 危机.
    pub step: Option<usize>,
    /// 转介: where, when, the feedback.
    pub referral: Option<(String, String, String)>,
}

impl CaseContent {
    /// The content a screen opens.
    pub fn from_screen(s: &Screen) -> CaseContent {
        CaseContent {
            tier: s.suggested,
            suggested: s.suggested,
            same_day_review: s.same_day_review,
            reasons: s.reasons.clone(),
            owner: String::new(),
            plan: String::new(),
            step: None,
            referral: None,
        }
    }

    /// Decodes a stored content.
    pub fn decode(text: &str) -> Result<CaseContent, Refused> {
        serde_json::from_str(text).map_err(|_| {
            Refused::Store(StoreError::Corrupt {
                table: "mental_cases",
                column: "sealed",
            })
        })
    }

    /// Encodes it for the store.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("content serialises")
    }

    /// What the tier asks of the school, as the 班主任 sees it.
    pub fn action(&self) -> &'static str {
        if self.same_day_review && self.tier < Tier::Crisis {
            return "当日复核：心理教师今天与学生面谈";
        }
        match self.tier {
            Tier::General => "常规关注",
            Tier::Attention => "班主任日常观察，下学期复测",
            Tier::Priority => "心理教师 5 个教学日内面谈，制定一生一策，告知家长",
            Tier::Crisis => "当日：安全计划、通知监护人、医教绿色通道转介，危机干预小组负责",
        }
    }
}

/// What a note records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A screen's result.
    Screen,
    /// 复核 (interview): may set any tier.
    Review,
    /// 一生一策 written or changed.
    Plan,
    /// 转介.
    Referral,
    /// A step of the crisis procedure done.
    Step,
    /// 跟踪回访.
    FollowUp,
    /// 结案.
    Close,
}

impl NoteKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Screen => "测评",
            NoteKind::Review => "复核面谈",
            NoteKind::Plan => "一生一策",
            NoteKind::Referral => "转介",
            NoteKind::Step => "危机干预步骤",
            NoteKind::FollowUp => "跟踪回访",
            NoteKind::Close => "结案",
        }
    }

    /// Parses a form's value.
    pub fn parse(id: &str) -> Option<NoteKind> {
        [
            NoteKind::Review,
            NoteKind::Plan,
            NoteKind::Referral,
            NoteKind::Step,
            NoteKind::FollowUp,
            NoteKind::Close,
        ]
        .into_iter()
        .find(|k| serde_json::to_string(k).is_ok_and(|s| s.trim_matches('"') == id))
    }
}

/// A note's content (sealed in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteContent {
    /// What it records.
    pub kind: NoteKind,
    /// The text.
    pub text: String,
    /// The tier a 复核 set.
    pub tier: Option<Tier>,
}

impl NoteContent {
    /// Encodes it for the store.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("notes serialise")
    }

    /// Decodes a stored note.
    pub fn decode(text: &str) -> Result<NoteContent, Refused> {
        serde_json::from_str(text).map_err(|_| {
            Refused::Store(StoreError::Corrupt {
                table: "mental_notes",
                column: "sealed",
            })
        })
    }
}

/// When a case's next action is due from `today`: the same day for 危机 or a same-day review,
/// else the tier's days.
pub fn due(c: &CaseContent, s: &MentalSettings, today: &str) -> String {
    let days = if c.same_day_review {
        0
    } else {
        match c.tier {
            Tier::Crisis => s.crisis_days,
            Tier::Priority => s.priority_days,
            Tier::Attention | Tier::General => s.attention_days,
        }
    };
    add_days(today, i64::from(days)).unwrap_or_else(|| today.to_owned())
}

/// Opens a case.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    student: i64,
    school: &SchoolCode,
    grade: u8,
    class: &str,
    round: &HealthRound,
    content: CaseContent,
    due_on: String,
    note: NoteContent,
    today: &str,
) -> Result<(), Refused> {
    let case = NewMentalCase {
        student,
        school: school.clone(),
        class: format!("{grade}|{class}"),
        round: Some(round.id),
        opened_on: today.to_owned(),
        due_on,
        content: content.encode(),
        note: note.encode(),
    };
    store.open_mental_case(keys, &case, &caller.actor()).await?;
    Ok(())
}

/// A change a keeper records on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What.
    pub kind: NoteKind,
    /// The text (required: what was done, said, decided).
    pub text: String,
    /// For a 复核: the tier decided.
    pub tier: Option<Tier>,
    /// For a referral: where.
    pub referral_to: Option<String>,
    /// The date, `YYYY-MM-DD`.
    pub on_date: String,
}

/// Records `entry` on case `id` for `caller` (the school's 心理教师 or the crisis team).
///
/// A 复核 sets the tier (危机 only so) and answers a same-day review; a step advances the
/// crisis procedure (危机 only); a close needs the tier below 危机; the due date follows the
/// tier's SLA from the entry's date.
pub async fn record(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    id: i64,
    entry: &Entry,
    settings: &MentalSettings,
) -> Result<(), Refused> {
    let keys = keys.ok_or(Refused::NoKeys)?;
    let text = entry.text.trim();
    if text.is_empty() || text.chars().count() > 1000 {
        return Err(Refused::Store(StoreError::invalid(
            "请写明做了什么、谈了什么或决定了什么（1 到 1000 字）",
        )));
    }
    let (case, _) = store
        .mental_case(keys, id, &caller.actor(), "心理个案办理")
        .await?;
    if !may_keep(caller, &case.school) {
        return Err(Refused::Denied);
    }
    let mut c = CaseContent::decode(&case.content)?;
    let mut closed = None;
    match entry.kind {
        NoteKind::Review => {
            let tier = entry.tier.ok_or_else(|| {
                Refused::Store(StoreError::invalid(
                    "复核面谈须写明结论：一般、关注、重点或危机",
                ))
            })?;
            if tier == Tier::Crisis && c.tier != Tier::Crisis {
                c.step = Some(0);
            }
            if tier != Tier::Crisis {
                c.step = None;
            }
            c.tier = tier;
            c.same_day_review = false;
        }
        NoteKind::Plan => c.plan = text.to_owned(),
        NoteKind::Referral => {
            let to = entry.referral_to.as_deref().map(str::trim).unwrap_or("");
            if to.is_empty() {
                return Err(Refused::Store(StoreError::invalid(
                    "转介须写明转介到的医疗机构",
                )));
            }
            c.referral = Some((to.to_owned(), entry.on_date.clone(), String::new()));
        }
        NoteKind::Step => {
            let Some(step) = c.step.filter(|_| c.tier == Tier::Crisis) else {
                return Err(Refused::Store(StoreError::invalid(
                    "只有危机个案按危机干预步骤推进：请先复核面谈",
                )));
            };
            c.step = Some((step + 1).min(settings.crisis_steps.len()));
        }
        NoteKind::FollowUp => {
            if let Some(r) = c.referral.as_mut()
                && r.2.is_empty()
            {
                r.2 = text.to_owned();
            }
        }
        NoteKind::Close => {
            if c.tier == Tier::Crisis || c.same_day_review {
                return Err(Refused::Store(StoreError::invalid(
                    "危机个案或待当日复核的个案不能直接结案：请先复核面谈并调整级别",
                )));
            }
            closed = Some(entry.on_date.as_str());
        }
        NoteKind::Screen => return Err(Refused::Denied),
    }
    let due = due(&c, settings, &entry.on_date);
    let note = NoteContent {
        kind: entry.kind,
        text: text.to_owned(),
        tier: entry.tier.filter(|_| entry.kind == NoteKind::Review),
    };
    store
        .update_mental_case(
            keys,
            id,
            &c.encode(),
            &due,
            closed,
            &entry.on_date,
            &note.encode(),
            &caller.actor(),
        )
        .await?;
    Ok(())
}

/// The grade and class a 班主任's scope names (七年级3班, or 7年级3班).
pub fn scope_class(scope: &str) -> Option<(u8, String)> {
    let scope = scope.trim();
    (1..=9u8).find_map(|g| {
        let rest = scope
            .strip_prefix(crate::students::who::grade_label(g))
            .or_else(|| scope.strip_prefix(format!("{g}年级").as_str()))?;
        (!rest.is_empty()).then(|| (g, rest.to_owned()))
    })
}

/// A case as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseLine {
    /// The stored case.
    pub case: MentalCase,
    /// Its content.
    pub content: CaseContent,
    /// Grade and class.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// Overdue on `today`.
    pub overdue: bool,
}

/// The cases `caller` may see (open only, or all): every detail for the keepers, and for a
/// 班主任 their class's cases (the pages show them tier and action only). Each read recorded.
pub async fn list(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    open_only: bool,
    today: &str,
    what: &str,
) -> Result<Vec<CaseLine>, Refused> {
    use super::who::Sight;
    let sight = super::who::sight(caller, junheng_store::HealthKind::Mental);
    let (school, class) = match &sight {
        Sight::Everything => (None, None),
        Sight::Named { school, .. } => (Some(school.clone()), None),
        // A 班主任 opens their class's cases only (the pages show tier and action).
        Sight::Tiers { school, class } => match scope_class(class) {
            Some(c) => (Some(school.clone()), Some(c)),
            None => return Ok(Vec::new()),
        },
        _ => return Err(Refused::Denied),
    };
    let keys = keys.ok_or(Refused::NoKeys)?;
    let cases = store
        .mental_cases(
            keys,
            school.as_ref(),
            class.as_ref().map(|(g, c)| (*g, c.as_str())),
            open_only,
            &caller.actor(),
            what,
        )
        .await?;
    let mut out = Vec::with_capacity(cases.len());
    for case in cases {
        let (g, c) = case.class.split_once('|').unwrap_or(("0", &case.class));
        let grade: u8 = g.parse().unwrap_or(0);
        let class = c.to_owned();
        if let Sight::Tiers { class: mine, .. } = &sight
            && !crate::students::who::class_matches(mine, grade, &class)
        {
            continue;
        }
        let content = CaseContent::decode(&case.content)?;
        out.push(CaseLine {
            overdue: case.closed_on.is_none() && case.due_on.as_str() < today,
            case,
            content,
            grade,
            class,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_teachers_scope_names_a_grade_and_a_class() {
        assert_eq!(scope_class("七年级3班"), Some((7, "3班".into())));
        assert_eq!(scope_class("7年级(2)班"), Some((7, "(2)班".into())));
        assert_eq!(scope_class("七年级"), None);
        assert_eq!(scope_class("3班"), None);
    }

    #[test]
    fn the_sla_is_the_same_day_for_crisis_and_for_a_review_of_item_nine() {
        let s = MentalSettings::default();
        let mut c = CaseContent::from_screen(&Screen {
            suggested: Tier::Priority,
            same_day_review: false,
            reasons: Vec::new(),
        });
        assert_eq!(due(&c, &s, "2024-11-02"), "2024-11-07");
        c.same_day_review = true;
        assert_eq!(due(&c, &s, "2024-11-02"), "2024-11-02");
        c.same_day_review = false;
        c.tier = Tier::Crisis;
        assert_eq!(due(&c, &s, "2024-11-02"), "2024-11-02");
        c.tier = Tier::Attention;
        assert_eq!(due(&c, &s, "2024-11-02"), "2024-12-02");
        assert!(c.action().contains("观察"));
        assert_eq!(NoteKind::parse("follow_up"), Some(NoteKind::FollowUp));
        assert_eq!(NoteKind::parse("screen"), None);
    }
}
