//! The demo's 心理测评 wave (grades 7–9 of the latest year) and the cases one school kept.
//!
//! Every school but one screened today: its cases wait as a district's do the day after a
//! wave — 关注 and 重点 due by their deadlines, same-day reviews due today. The 心理教师's school
//! (a small junior school) screened six weeks ago and kept every case on time — same-day reviews
//! the same day, 重点 interviewed with a plan, 关注 observed — but for four stories: one child
//! reviewed to 危机 with two steps of the crisis procedure done and a referral to the hospital,
//! one case reviewed to 一般 and closed, one 重点 case with its plan (一生一策), and one 关注 case
//! nobody looked at since, now overdue.

use junheng_app::health::cases::{CaseContent, Entry, NoteKind, record};
use junheng_app::health::import::round;
use junheng_app::pairings::Caller;
use junheng_app::tasks::add_days;
use junheng_core::demo::Rng;
use junheng_core::demo::health::{MentalProfile, mental_answers, mental_profile};
use junheng_core::health::mental::Tier;
use junheng_core::health::settings::MentalSettings;
use junheng_core::school::SchoolCode;
use junheng_io::health::mental::columns as mc;
use junheng_store::{Actor, DistrictStore, HealthKind, MentalCase, StudentKeys};

use super::{by_school, failed, refusal};
use crate::Failure;
use crate::demo_students::Pupil;
use crate::platform::store_error;

/// What the wave made.
pub(crate) struct Made {
    /// The wave's name.
    pub round: String,
    /// The school that kept its cases (the 心理教师's).
    pub school: SchoolCode,
    /// Children listed, screened.
    pub students: u64,
    pub screened: u64,
    /// Open cases by tier (一般, 关注, 重点, 危机).
    pub tiers: [usize; 4],
    /// Open cases awaiting their same-day review.
    pub same_day: usize,
    pub overdue: usize,
    pub open: usize,
    pub closed: usize,
}

/// How many days before today the 心理教师's school screened.
const AGO: i64 = 40;

fn header() -> String {
    let mut h = vec![mc::NUMBER, mc::GRADE, mc::CLASS, mc::CONSENT];
    h.extend(mc::PHQ9);
    h.extend(mc::GAD7);
    h.join(",")
}

/// A child's line: consent 是 for most (with answers), 否 for about 3 % and 未记录 for 1 %
/// (without); `forced` gives the profile of a child the stories need.
fn line(p: &Pupil, rng: &mut Rng, forced: Option<MentalProfile>) -> (String, bool) {
    let mut cells = vec![
        p.number.expose().to_owned(),
        p.grade.to_string(),
        p.class.clone(),
    ];
    let consent = if forced.is_some() { 1.0 } else { rng.unit() };
    if consent < 0.03 {
        cells.push("否".into());
    } else if consent < 0.04 {
        cells.push(String::new());
    } else {
        cells.push("是".into());
        let profile = forced.unwrap_or_else(|| mental_profile(rng));
        let (phq, gad) = mental_answers(rng, profile);
        cells.extend(phq.iter().chain(&gad).map(u8::to_string));
        return (cells.join(","), true);
    }
    cells.extend(std::iter::repeat_n(
        String::new(),
        mc::PHQ9.len() + mc::GAD7.len(),
    ));
    (cells.join(","), false)
}

/// The school that keeps its cases: the smallest with at least 150 children in grades 7–9 (the
/// largest when none has as many).
fn keeper(schools: &[(&SchoolCode, Vec<&Pupil>)]) -> Option<SchoolCode> {
    schools
        .iter()
        .filter(|(_, kids)| kids.len() >= 150)
        .min_by_key(|(s, kids)| (kids.len(), (*s).clone()))
        .or_else(|| {
            schools
                .iter()
                .max_by_key(|(s, kids)| (kids.len(), (*s).clone()))
        })
        .map(|(s, _)| (*s).clone())
}

/// One entry of a story: what, the text, the tier of a 复核, the hospital of a referral, and
/// the day (days after the screening).
type Step = (
    NoteKind,
    &'static str,
    Option<Tier>,
    Option<&'static str>,
    i64,
);

const HOSPITAL: &str = "区精神卫生中心（医教绿色通道）";

/// The entries of a case kept on time, by its content.
fn kept(c: &CaseContent) -> Vec<Step> {
    let mut out = Vec::new();
    let mut tier = c.tier;
    if c.same_day_review {
        tier = tier.max(Tier::Attention);
        out.push((
            NoteKind::Review,
            "当日面谈：学生能说出自己的困扰，愿意求助，暂无自伤计划；告知监护人",
            Some(tier),
            None,
            0,
        ));
    }
    match tier {
        Tier::Priority | Tier::Crisis => {
            if !c.same_day_review {
                out.push((
                    NoteKind::Review,
                    "面谈：近两周情绪低落、睡眠差，学习压力大",
                    Some(Tier::Priority),
                    None,
                    3,
                ));
            }
            out.push((
                NoteKind::Plan,
                "一生一策：心理教师每周面谈一次；班主任关注课堂和同伴交往；每两周与家长沟通一次",
                None,
                None,
                4,
            ));
            out.push((
                NoteKind::FollowUp,
                "每周面谈：情绪较前好转，睡眠改善",
                None,
                None,
                AGO - 2,
            ));
        }
        Tier::Attention | Tier::General => {
            out.push((
                NoteKind::FollowUp,
                "班主任日常观察：情绪平稳，与同学相处正常；下学期复测",
                None,
                None,
                25,
            ));
        }
    }
    out
}

/// Which open case a story takes.
type Want = fn(&CaseContent) -> bool;

/// The four stories: 危机, closed, plan, overdue (no entry).
const CRISIS: [Step; 5] = [
    (
        NoteKind::Review,
        "当日面谈：学生近期有自伤想法，评估风险高，启动危机干预",
        Some(Tier::Crisis),
        None,
        0,
    ),
    (
        NoteKind::Step,
        "发现报告：报告区心理危机干预小组和校领导，当日通知监护人到校",
        None,
        None,
        0,
    ),
    (
        NoteKind::Referral,
        "监护人陪同，经医教绿色通道转介就诊",
        None,
        Some(HOSPITAL),
        1,
    ),
    (
        NoteKind::Step,
        "评估：危机干预小组与医院评估，制定安全计划，落实 24 小时监护",
        None,
        None,
        1,
    ),
    (
        NoteKind::FollowUp,
        "每日跟进：按医嘱治疗，情绪较前平稳，监护人陪伴",
        None,
        None,
        AGO,
    ),
];
const CLOSED: [Step; 2] = [
    (
        NoteKind::Review,
        "复核面谈：期中考试压力所致，现已缓解，睡眠正常",
        Some(Tier::General),
        None,
        7,
    ),
    (
        NoteKind::Close,
        "复核为一般，结案；纳入班主任常规关注",
        None,
        None,
        10,
    ),
];
const PLAN: [Step; 3] = [
    (
        NoteKind::Review,
        "面谈：父母离异后情绪低落，不愿与人交流，成绩下滑",
        Some(Tier::Priority),
        None,
        3,
    ),
    (
        NoteKind::Plan,
        "一生一策：心理教师每周面谈；安排一名同伴互助；班主任每日留意；每两周家校沟通；必要时转介",
        None,
        None,
        4,
    ),
    (
        NoteKind::FollowUp,
        "第五次面谈：愿意参加班级活动，情绪有改善",
        None,
        None,
        AGO - 3,
    ),
];

/// Seeds the wave (see the module documentation).
#[allow(clippy::too_many_arguments)]
pub(super) async fn seed(
    data: &DistrictStore,
    keys: &StudentKeys,
    year: i32,
    pupils: &[Pupil],
    class_teacher: Option<&(SchoolCode, u8, String)>,
    seed: u64,
    today: &str,
) -> Result<Made, Failure> {
    let settings = MentalSettings::default();
    let schools: Vec<(&SchoolCode, Vec<&Pupil>)> = by_school(pupils)
        .into_iter()
        .map(|(s, kids)| {
            let kids: Vec<&Pupil> = kids
                .into_iter()
                .filter(|p| p.grade >= 7 && !p.special)
                .collect();
            (s, kids)
        })
        .filter(|(_, kids)| !kids.is_empty())
        .collect();
    let school = keeper(&schools).ok_or_else(|| failed("没有初中学生"))?;
    let first = add_days(today, -AGO).ok_or_else(|| failed("日期"))?;
    let name = format!("{year}学年心理健康测评");
    let crisis_team = Actor::new("weiji");
    let caller = Caller::Operator(&crisis_team);
    let r = round(data, &caller, HealthKind::Mental, &name, year, &first)
        .await
        .map_err(failed)?;
    let limits = crate::limits();
    let mut rng = Rng::new(seed ^ 0x4d45_4e54_414c);
    let (mut students, mut screened) = (0, 0);
    // A child of the 班主任's class (when it is a junior class) is among the flagged.
    let mut teacher_flagged = false;
    for (s, kids) in &schools {
        let mut forced: Vec<MentalProfile> = if **s == school {
            vec![
                MentalProfile::SelfHarmItem,
                MentalProfile::Severe,
                MentalProfile::Moderate,
                MentalProfile::Moderate,
            ]
        } else {
            Vec::new()
        };
        let mut text = format!("{}\n", header());
        for p in kids {
            let teacher =
                class_teacher.is_some_and(|(cs, g, c)| cs == *s && *g == p.grade && *c == p.class);
            let force = if !forced.is_empty() {
                Some(forced.remove(0))
            } else if teacher && !teacher_flagged {
                teacher_flagged = true;
                Some(MentalProfile::Moderate)
            } else {
                None
            };
            let (l, answered) = line(p, &mut rng, force);
            screened += u64::from(answered);
            text.push_str(&l);
            text.push('\n');
        }
        students += kids.len() as u64;
        let on = if **s == school { first.as_str() } else { today };
        let file = format!("{s}-心理健康测评.csv");
        junheng_app::health::mental::import(
            data,
            Some(keys),
            &caller,
            &r,
            s,
            text.as_bytes(),
            &file,
            &limits,
            &settings,
            on,
        )
        .await
        .map_err(refusal)?;
    }
    keep(data, keys, &school, &first, &settings).await?;
    let mut made = Made {
        round: name,
        school,
        students,
        screened,
        tiers: [0; 4],
        same_day: 0,
        overdue: 0,
        open: 0,
        closed: 0,
    };
    count(data, keys, today, &mut made).await?;
    Ok(made)
}

/// The 心理教师's school keeps its cases: the stories, and every other case on time.
async fn keep(
    data: &DistrictStore,
    keys: &StudentKeys,
    school: &SchoolCode,
    first: &str,
    settings: &MentalSettings,
) -> Result<(), Failure> {
    let teacher = Actor::new("xinli");
    let mut cases: Vec<(MentalCase, CaseContent)> = Vec::new();
    for c in data
        .mental_cases(
            keys,
            Some(school),
            None,
            true,
            &teacher,
            "junheng demo 心理个案办理",
        )
        .await
        .map_err(store_error)?
    {
        let content = CaseContent::decode(&c.content).map_err(refusal)?;
        cases.push((c, content));
    }
    cases.sort_by_key(|(c, _)| c.id);
    let pick = |taken: &[i64], want: Want| {
        cases
            .iter()
            .find(|(c, content)| !taken.contains(&c.id) && want(content))
            .map(|(c, _)| c.id)
    };
    let mut taken = Vec::new();
    let mut stories: Vec<(i64, &[Step])> = Vec::new();
    let wants: [(Want, &[Step]); 4] = [
        (|c| c.same_day_review, &CRISIS),
        (|c| c.tier == Tier::Priority && !c.same_day_review, &PLAN),
        (|c| c.tier == Tier::Attention && !c.same_day_review, &CLOSED),
        (|c| c.tier == Tier::Attention && !c.same_day_review, &[]),
    ];
    for (want, steps) in wants {
        if let Some(id) = pick(&taken, want) {
            taken.push(id);
            stories.push((id, steps));
        }
    }
    let crisis_team = Actor::new("weiji");
    for (c, content) in &cases {
        let steps: Vec<Step> = match stories.iter().find(|(id, _)| *id == c.id) {
            Some((_, steps)) => steps.to_vec(),
            None => kept(content),
        };
        let crisis = steps.iter().any(|s| s.2 == Some(Tier::Crisis));
        let caller = Caller::Operator(if crisis { &crisis_team } else { &teacher });
        for (kind, text, tier, to, day) in steps {
            let entry = Entry {
                kind,
                text: text.to_owned(),
                tier,
                referral_to: to.map(str::to_owned),
                on_date: add_days(first, day).ok_or_else(|| failed("日期"))?,
            };
            record(data, Some(keys), &caller, c.id, &entry, settings)
                .await
                .map_err(refusal)?;
        }
    }
    Ok(())
}

/// The district's cases as the wave and the school left them.
async fn count(
    data: &DistrictStore,
    keys: &StudentKeys,
    today: &str,
    made: &mut Made,
) -> Result<(), Failure> {
    let all = data
        .mental_cases(
            keys,
            None,
            None,
            false,
            &Actor::system(),
            "junheng demo 统计心理个案",
        )
        .await
        .map_err(store_error)?;
    for c in &all {
        if c.closed_on.is_some() {
            made.closed += 1;
            continue;
        }
        let content = CaseContent::decode(&c.content).map_err(refusal)?;
        made.open += 1;
        made.tiers[content.tier as usize] += 1;
        made.same_day += usize::from(content.same_day_review);
        made.overdue += usize::from(c.due_on.as_str() < today);
    }
    Ok(())
}
