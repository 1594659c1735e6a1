//! The demo's student health (issue 14), on the children the students demo registered: files
//! written in memory as schools fill the templates, imported through the use cases like any
//! district's (`junheng_app::health`), as the command line's operator.
//!
//! * **体质健康**: a round for each of the last two school years, every school; each school's
//!   ability drawn from the seed (a little better the second year), so that some schools fall
//!   below the 优良率 target (50 %); about 1.5 % of children 免予执行 or 暂缓执行, most children of
//!   the special school 免予执行. The shipped tables score 小学; 初中 stays 未评分 until the bureau
//!   loads its tables (`junheng health pack load`).
//! * **视力筛查**: the autumn and spring screenings of the latest year, the same children six
//!   months apart (`vision_next`), so that some become newly myopic; 近视 more likely in town.
//! * **心理测评** ([`mental`]): one wave of grades 7–9, consent 是 for most and 否 for a few,
//!   answers from the population's profiles, so that cases open in 关注 and 重点 and same-day
//!   reviews wait; one school (the 心理教师's) screened six weeks ago and kept its cases — one
//!   复核 to 危机 with two steps done and a referral, one closed, one with its plan, one overdue.
//! * **Accounts**: a 校医, the 心理教师 of that school and the district's 心理危机干预小组, each
//!   confirmed by a second administrator as sensitive grants are, with the students demo's
//!   password.

mod mental;

use std::collections::BTreeMap;

use junheng_app::health::import::{FileIn, round};
use junheng_app::health::{fitness, vision};
use junheng_app::pairings::Caller;
use junheng_core::demo::Rng;
use junheng_core::demo::health::vision as screen;
use junheng_core::demo::health::vision_next;
use junheng_core::health::vision::{Dioptres, Eye, child_finding};
use junheng_core::school::SchoolCode;
use junheng_io::health::vision::columns as vc;
use junheng_store::{
    Actor, DistrictId, DistrictStore, HealthKind, NewUser, Role, Scope, Store, StudentKeys,
};

use crate::Failure;
use crate::demo_students::{Pupil, Seeded};
use crate::health::synth::{fitness_header, fitness_line, sitting};
use crate::platform::store_error;
use crate::students::synth::Setting;

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("生成演示健康数据失败：{e}"))
}

/// A refusal of a use case, its problems listed.
fn refusal(e: junheng_app::health::Refused) -> Failure {
    match crate::students::refused(e) {
        Failure::Input(text) => failed(text),
        other => other,
    }
}

/// What the demo made of health, for the lines it prints.
pub(crate) struct HealthSeeded {
    /// (kind, round name, children in it).
    pub rounds: Vec<(HealthKind, String, u64)>,
    /// Schools below the 优良率 target in the latest 体质健康 round, of those scored.
    pub below: (usize, usize),
    pub mental: mental::Made,
    pub logins: Vec<(String, String)>,
    pub password: String,
    pub seconds: f64,
    /// Seconds of each part: 体质健康, 视力筛查, 心理测评.
    pub phases: [f64; 3],
}

/// The demo's lines about health: rounds, cases and accounts.
pub(crate) fn print(h: &HealthSeeded) {
    let rounds: Vec<String> = h
        .rounds
        .iter()
        .map(|(kind, name, n)| match kind {
            HealthKind::Mental => format!("「{name}」{n} 人（已测评 {}）", h.mental.screened),
            _ => format!("「{name}」{n} 人"),
        })
        .collect();
    println!(
        "学生健康：{}；最近一轮体质健康测试 {} 所学校中 {} 所优良率低于目标；生成用时 {:.1} 秒（体质健康 {:.1}、视力筛查 {:.1}、心理测评 {:.1}）",
        rounds.join("、"),
        h.below.1,
        h.below.0,
        h.seconds,
        h.phases[0],
        h.phases[1],
        h.phases[2]
    );
    let m = &h.mental;
    println!(
        "心理个案：未结案 {} 个（一般 {}、关注 {}、重点 {}、危机 {}；待当日复核 {}；超期 {}），已结案 {} 个（junheng health cases --keys …）",
        m.open, m.tiers[0], m.tiers[1], m.tiers[2], m.tiers[3], m.same_day, m.overdue, m.closed
    );
    let logins: Vec<String> = h
        .logins
        .iter()
        .map(|(login, what)| format!("{login}（{what}）"))
        .collect();
    println!("健康账号：{}　密码：{}", logins.join("、"), h.password);
}

/// A date not after today.
fn until_today(date: String, today: &str) -> String {
    if date.as_str() > today {
        today.to_owned()
    } else {
        date
    }
}

/// The pupils of a registry by school.
fn by_school(pupils: &[Pupil]) -> BTreeMap<&SchoolCode, Vec<&Pupil>> {
    let mut out: BTreeMap<&SchoolCode, Vec<&Pupil>> = BTreeMap::new();
    for p in pupils {
        out.entry(&p.school).or_default().push(p);
    }
    out
}

/// A school's standing (−0.3 … 1.1), the same every year for the same seed: about two in five
/// of the schools scored fall below the 优良率 target.
fn ability(seed: u64, school: &SchoolCode) -> f64 {
    let n: u64 = school.as_str().parse().unwrap_or(0);
    Rng::new(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)).range(-0.3, 1.1)
}

/// Imports files of a round (every school in one transaction); returns the children.
async fn import(
    data: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    kind: HealthKind,
    (name, year, date): (&str, i32, &str),
    files: &[(SchoolCode, String, String)],
) -> Result<u64, Failure> {
    let r = round(data, caller, kind, name, year, date)
        .await
        .map_err(failed)?;
    let inputs: Vec<FileIn<'_>> = files
        .iter()
        .map(|(school, file, text)| FileIn {
            school,
            name: file,
            bytes: text.as_bytes(),
        })
        .collect();
    let limits = crate::limits();
    let done = if kind == HealthKind::Fitness {
        fitness::import_files(data, Some(keys), caller, &r, &inputs, &limits).await
    } else {
        vision::import_files(data, Some(keys), caller, &r, &inputs, &limits).await
    }
    .map_err(refusal)?;
    Ok(done.iter().map(|d| d.file.records).sum())
}

/// One 体质健康 round: every school's file of `year`'s registry.
fn fitness_files(
    pupils: &[Pupil],
    year: i32,
    step: f64,
    seed: u64,
) -> Vec<(SchoolCode, String, String)> {
    let mut out = Vec::new();
    for (school, kids) in by_school(pupils) {
        let n: u64 = school.as_str().parse().unwrap_or(0);
        let mut rng = Rng::new(seed ^ n ^ (u64::from(year as u32) << 40));
        let base = ability(seed, school) + step;
        let mut text = format!("{}\n", fitness_header());
        for p in kids {
            let (sample, status) = if p.special && rng.chance(0.7) {
                (None, "免予执行")
            } else {
                let own = base + rng.range(-0.3, 0.3);
                sitting(&mut rng, p.grade, p.male, own)
            };
            let number = p.number.expose();
            text.push_str(&fitness_line(
                number,
                p.grade,
                &p.class,
                p.male,
                sample.as_ref(),
                status,
            ));
            text.push('\n');
        }
        out.push((
            school.clone(),
            format!("{school}-{year}学年体质健康测试.csv"),
            text,
        ));
    }
    out
}

/// One eye's cells: 裸眼视力, 球镜, 柱镜. The generator's long tail of deep myopia can go past
/// what an autorefractor reads (and the file takes): ±30 D.
fn eye_cells(e: &Eye) -> [String; 3] {
    let show = |v: Option<String>| v.unwrap_or_default();
    let dioptres = |d: Option<Dioptres>| show(d.map(|d| d.to_string()));
    [
        show(e.uncorrected.map(|a| a.to_string())),
        dioptres(e.sphere),
        dioptres(e.cylinder),
    ]
}

const VISION_HEADER: [&str; 12] = [
    vc::NUMBER,
    vc::GRADE,
    vc::CLASS,
    vc::SEX,
    vc::RIGHT_ACUITY,
    vc::LEFT_ACUITY,
    vc::RIGHT_SPHERE,
    vc::RIGHT_CYLINDER,
    vc::LEFT_SPHERE,
    vc::LEFT_CYLINDER,
    vc::GLASSES,
    vc::DATE,
];

fn vision_line(p: &Pupil, (right, left): &(Eye, Eye), glasses: &str, date: &str) -> String {
    let [ra, rs, rc] = eye_cells(right);
    let [la, ls, lc] = eye_cells(left);
    [
        p.number.expose(),
        &p.grade.to_string(),
        &p.class,
        if p.male { "男" } else { "女" },
        &ra,
        &la,
        &rs,
        &rc,
        &ls,
        &lc,
        glasses,
        date,
    ]
    .join(",")
}

/// The autumn and spring screenings of the latest registry: the same children six months apart.
fn vision_files(
    pupils: &[Pupil],
    seed: u64,
    dates: (&str, &str),
) -> [Vec<(SchoolCode, String, String)>; 2] {
    let mut autumn = Vec::new();
    let mut spring = Vec::new();
    let header = format!("{}\n", VISION_HEADER.join(","));
    for (school, kids) in by_school(pupils) {
        let n: u64 = school.as_str().parse().unwrap_or(0);
        let mut rng = Rng::new(seed ^ n ^ 0x5649_5349_4f4e);
        let base = match kids.first().map(|p| p.setting) {
            Some(Setting::Urban) => 0.6,
            Some(Setting::Town) => 0.5,
            _ => 0.4,
        };
        let propensity = (base + rng.range(-0.1, 0.1)).clamp(0.0, 1.0);
        let (mut a, mut s) = (header.clone(), header.clone());
        for p in kids {
            let before = screen(&mut rng, p.grade, propensity);
            let myopic = child_finding(&before.0, &before.1).myopic();
            let glasses = match (myopic, rng.unit()) {
                (true, u) if u < 0.06 => "角膜塑形镜",
                (true, u) if u < 0.62 => "是",
                _ => "否",
            };
            a.push_str(&vision_line(p, &before, glasses, dates.0));
            a.push('\n');
            let after = vision_next(&mut rng, (&before.0, &before.1), 6);
            let now = child_finding(&after.0, &after.1).myopic();
            let glasses = if now && glasses == "否" && rng.chance(0.4) {
                "是"
            } else {
                glasses
            };
            s.push_str(&vision_line(p, &after, glasses, dates.1));
            s.push('\n');
        }
        autumn.push((school.clone(), format!("{school}-秋季视力筛查.csv"), a));
        spring.push((school.clone(), format!("{school}-春季视力筛查.csv"), s));
    }
    [autumn, spring]
}

/// Creates demo accounts (each sensitive grant confirmed by a second administrator): (login,
/// display name, role, scope, what it is); returns (login, what it is).
pub(crate) async fn accounts(
    store: &Store,
    district: DistrictId,
    password: &str,
    list: Vec<(&str, String, Role, Scope, String)>,
) -> Result<Vec<(String, String)>, Failure> {
    let hash = junheng_server::hash_password(password).map_err(failed)?;
    let admin = Actor::new("admin");
    let second = Actor::system();
    let mut logins = Vec::new();
    for (login, display, role, scope, what) in list {
        let user = store
            .create_user(
                &NewUser {
                    name: login.to_owned(),
                    display_name: display,
                    role,
                    scope,
                    district: Some(district),
                    password_hash: hash.clone(),
                },
                &admin,
            )
            .await
            .map_err(store_error)?;
        if user.pending_by.is_some() {
            store
                .confirm_user(user.id, &second)
                .await
                .map_err(store_error)?;
        }
        logins.push((login.to_owned(), what));
    }
    Ok(logins)
}

/// Seeds the demo's health data (see the module documentation) on the children `students`
/// registered.
pub(crate) async fn seed(
    store: &Store,
    data: &DistrictStore,
    students: &Seeded,
    seed: u64,
    keys: &StudentKeys,
) -> Result<HealthSeeded, Failure> {
    let started = std::time::Instant::now();
    let today = junheng_app::tasks::beijing_today();
    let (Some((latest, pupils)), true) = (students.pupils.last(), !students.pupils.is_empty())
    else {
        return Err(failed("没有学籍"));
    };
    let admin = Actor::new("admin");
    let caller = Caller::Operator(&admin);
    let names = junheng_app::students::rates::school_names(data)
        .await
        .map_err(store_error)?;
    let mut rounds = Vec::new();
    // 体质健康: a round for each of the last two school years.
    let mut below = (0, 0);
    for (i, (year, pupils)) in students.pupils.iter().enumerate() {
        let name = format!("{year}学年体质健康测试");
        let date = until_today(format!("{year}-10-15"), &today);
        let files = fitness_files(pupils, *year, 0.08 * i as f64, seed);
        let n = import(
            data,
            keys,
            &caller,
            HealthKind::Fitness,
            (&name, *year, &date),
            &files,
        )
        .await?;
        rounds.push((HealthKind::Fitness, name, n));
    }
    if let Some(r) = data
        .health_rounds(HealthKind::Fitness)
        .await
        .map_err(store_error)?
        .last()
    {
        let target = junheng_core::health::settings::HealthSettings::default()
            .fitness
            .good_rate_target;
        for f in data.health_files(r.id, false).await.map_err(store_error)? {
            let c: fitness::Counts = serde_json::from_str(&f.counts).map_err(failed)?;
            if let Some(rate) = c.tally(|_, _, _| true).good_rate() {
                below.1 += 1;
                below.0 += usize::from(rate < target);
            }
        }
    }
    let mut phases = [started.elapsed().as_secs_f64(), 0.0, 0.0];
    let lap = std::time::Instant::now();
    // 视力筛查: autumn and spring of the latest year.
    let dates = (
        until_today(format!("{latest}-09-20"), &today),
        until_today(format!("{}-03-20", latest + 1), &today),
    );
    let [autumn, spring] = vision_files(pupils, seed, (&dates.0, &dates.1));
    for (season, date, files) in [("秋季", &dates.0, autumn), ("春季", &dates.1, spring)] {
        let name = format!("{latest}学年{season}视力筛查");
        let n = import(
            data,
            keys,
            &caller,
            HealthKind::Vision,
            (&name, *latest, date),
            &files,
        )
        .await?;
        rounds.push((HealthKind::Vision, name, n));
    }
    phases[1] = lap.elapsed().as_secs_f64();
    let lap = std::time::Instant::now();
    // 心理测评: one wave of grades 7–9, and the cases of the 心理教师's school kept.
    let made = mental::seed(
        data,
        keys,
        *latest,
        pupils,
        students.class_teacher.as_ref(),
        seed,
        &today,
    )
    .await?;
    rounds.push((HealthKind::Mental, made.round.clone(), made.students));
    phases[2] = lap.elapsed().as_secs_f64();
    // The accounts: a 校医 of a school with 小学 grades (scored by the shipped tables), the
    // 心理教师 of the school that kept its cases, the district's crisis team.
    let doctor_school = students
        .class_teacher
        .as_ref()
        .map(|(s, ..)| s)
        .filter(|s| pupils.iter().any(|p| &p.school == *s && p.grade <= 6))
        .or_else(|| {
            pupils
                .iter()
                .find(|p| p.grade <= 6 && !p.special)
                .map(|p| &p.school)
        })
        .unwrap_or(&made.school)
        .clone();
    let name_of = |s: &SchoolCode| names.get(s).cloned().unwrap_or_else(|| s.to_string());
    let district = store.only_district().await.map_err(store_error)?;
    let logins = accounts(
        store,
        district.id,
        &students.password,
        vec![
            (
                "xiaoyi",
                format!("{}校医", name_of(&doctor_school)),
                Role::SchoolDoctor,
                Scope::School(doctor_school.clone()),
                format!("校医，{}", name_of(&doctor_school)),
            ),
            (
                "xinli",
                format!("{}心理教师", name_of(&made.school)),
                Role::PsychTeacher,
                Scope::School(made.school.clone()),
                format!("心理教师，{}", name_of(&made.school)),
            ),
            (
                "weiji",
                "区心理危机干预小组".to_owned(),
                Role::CrisisTeam,
                Scope::District,
                "心理危机干预小组，全区".to_owned(),
            ),
        ],
    )
    .await?;
    Ok(HealthSeeded {
        rounds,
        below,
        mental: made,
        logins,
        password: students.password.clone(),
        seconds: started.elapsed().as_secs_f64(),
        phases,
    })
}
