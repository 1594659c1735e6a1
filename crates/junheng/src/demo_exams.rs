//! The demo's 质量监测 (issue 15), on the children the students demo registered: one 初中 cohort
//! followed over the last two school years — 七年级 then 八年级, four exams a year (期中, 期末 of
//! each term; an exam dated after today is not held yet) — each school's file written in memory
//! as a school fills the template and imported through the use case like any district's
//! (`junheng_app::exams`), as the command line's operator.
//!
//! Scores: each child's standing (drawn from their 学籍号 and the seed), their school's effect
//! (about one school in eight clearly weak, so that it falls below a 警戒线 of mean − 1 SD), a
//! class effect, each school's growth from exam to exam (so that value added differs), noise;
//! about 1.5 % 缺考, a few 免考 at the special school, a rare 作弊; half points, clipped to full
//! marks. One NAEQ result is entered (数学, as a district would from its report).
//!
//! Each school's files name the 任课教师 of each class and subject (the optional `数学任课教师`
//! columns) from the school's 初中 teachers of that subject on the year's roster, two classes a
//! teacher; a subject the school has no teacher of is left unnamed. A 任课教师 account (`renke`)
//! sees the classes one of them teaches.
//!
//! The latest year's 八年级 also sits a 质量监测 (素养监测) scored by domain — 阅读素养, 数学素养,
//! 科学素养 — whose cut scores are the demo's `[quality.levels]` ([`settings`]), so that its
//! report shows the literacy levels (水平Ⅰ–Ⅳ).

use std::collections::{BTreeMap, BTreeSet};

use junheng_app::exams::import::{ExamIn, FileIn, create, import_school};
use junheng_app::pairings::Caller;
use junheng_core::demo::Rng;
use junheng_core::exam::{QualitySettings, Tenths};
use junheng_core::school::SchoolCode;
use junheng_core::school::Section;
use junheng_store::{
    Actor, DistrictId, DistrictStore, ExamKind, ExamScope, NaeqUnit, Role, Scope, Store,
    StudentKeys,
};

use crate::Failure;
use crate::demo_students::{Pupil, Seeded};
use crate::platform::store_error;

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("生成演示考试数据失败：{e}"))
}

/// What the demo made of exams, for the lines it prints.
pub(crate) struct ExamsSeeded {
    /// (exam name, students with a file).
    pub exams: Vec<(String, u64)>,
    /// The 任课教师 account: (login, what it sees).
    pub login: Option<(String, String)>,
    pub seconds: f64,
}

/// The demo's line about exams.
pub(crate) fn print(e: &ExamsSeeded) {
    let list: Vec<String> = e
        .exams
        .iter()
        .map(|(name, n)| format!("「{name}」{n} 人"))
        .collect();
    println!(
        "质量监测：{}；生成用时 {:.1} 秒（junheng exam report --exam … --keys …）",
        if list.is_empty() {
            "没有初中学生".to_owned()
        } else {
            list.join("、")
        },
        e.seconds
    );
    if let Some((login, what)) = &e.login {
        println!("任课教师账号：{login}（{what}），密码同学生账号");
    }
}

/// Per school, class and subject, its 任课教师 (教师编号).
type Teaching = BTreeMap<(SchoolCode, String, String), String>;

/// The year's 任课教师: each school's 初中 teachers of a subject take its classes two by two,
/// round the list.
fn teaching(
    roster: &[junheng_rotation::Teacher],
    by_school: &BTreeMap<&SchoolCode, Vec<&Pupil>>,
    subjects: &[(String, Tenths)],
) -> Teaching {
    let mut out = Teaching::new();
    for (school, kids) in by_school {
        let classes: BTreeSet<&str> = kids.iter().map(|p| p.class.as_str()).collect();
        for (subject, _) in subjects {
            let teachers: Vec<&str> = roster
                .iter()
                .filter(|t| {
                    &t.school == *school && t.section == Section::Junior && &t.subject == subject
                })
                .map(|t| t.id.as_str())
                .collect();
            if teachers.is_empty() {
                continue;
            }
            for (i, class) in classes.iter().enumerate() {
                let teacher = teachers[(i / 2) % teachers.len()];
                let key = ((*school).clone(), (*class).to_owned(), subject.clone());
                out.insert(key, teacher.to_owned());
            }
        }
    }
    out
}

/// The subjects of a grade and their full marks (物理 from 八年级).
fn subjects(grade: u8) -> Vec<(String, Tenths)> {
    let mut list = vec![
        ("语文", 150),
        ("数学", 150),
        ("英语", 150),
        ("道德与法治", 100),
        ("历史", 100),
        ("地理", 100),
        ("生物", 100),
    ];
    if grade >= 8 {
        list.insert(3, ("物理", 100));
    }
    list.into_iter()
        .map(|(s, f)| (s.to_owned(), Tenths::points(f)))
        .collect()
}

/// The monitoring's papers (scored by domain) and their full marks.
const MONITORING: [(&str, u16); 3] = [("阅读素养", 100), ("数学素养", 100), ("科学素养", 100)];

/// The demo district's `[quality]` settings (the server's too): the defaults, with level cuts
/// for the monitoring's papers — 水平Ⅱ from 50, Ⅲ from 65, Ⅳ from 80 points ([M]: NAEQ
/// publishes no cut scores).
pub(crate) fn settings() -> QualitySettings {
    let mut s = QualitySettings::default();
    for (subject, _) in MONITORING {
        s.levels
            .subjects
            .insert(subject.to_owned(), [50.0, 65.0, 80.0]);
    }
    s
}

/// A standard normal draw.
fn normal(rng: &mut Rng) -> f64 {
    let u = rng.unit().max(1e-12);
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// A seeded generator for a text.
fn rng_of(seed: u64, text: &str, salt: u64) -> Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Rng::new(h)
}

/// A school's effect and its growth per exam, the same every year for the same seed.
fn school_effect(seed: u64, school: &SchoolCode) -> (f64, f64) {
    let mut rng = rng_of(seed, school.as_str(), 1);
    let weak = rng.chance(0.125);
    let effect = if weak { -1.1 } else { 0.35 * normal(&mut rng) };
    (effect, 0.06 * normal(&mut rng))
}

/// One school's wide file of an exam: 学籍号, 姓名, 班级, then each subject, then each subject's
/// 任课教师 (when `teaching` names any).
fn school_file(
    pupils: &[&Pupil],
    subjects: &[(String, Tenths)],
    teaching: &Teaching,
    seed: u64,
    exam_index: u32,
) -> String {
    let mut text = String::from("学籍号,姓名,班级");
    for (s, _) in subjects {
        text.push(',');
        text.push_str(s);
    }
    let named = !teaching.is_empty();
    if named {
        for (s, _) in subjects {
            text.push_str(&format!(",{s}任课教师"));
        }
    }
    text.push('\n');
    for p in pupils {
        let (effect, growth) = school_effect(seed, &p.school);
        let number = p.number.expose();
        let mut own = rng_of(seed, number, 2);
        let ability = normal(&mut own);
        let class = 0.15 * normal(&mut rng_of(seed, &format!("{}{}", p.school, p.class), 3));
        let mut rng = rng_of(seed, number, 10 + u64::from(exam_index));
        text.push_str(number);
        text.push_str(",,");
        text.push_str(&p.class);
        for (i, (_, full)) in subjects.iter().enumerate() {
            text.push(',');
            if p.special && rng.chance(0.6) {
                text.push_str("免考");
                continue;
            }
            if rng.chance(0.015) {
                text.push_str("缺考");
                continue;
            }
            if rng.chance(0.0005) {
                text.push_str("作弊");
                continue;
            }
            let difficulty = 0.05 * (i as f64 - 3.0);
            let z = 0.8 * ability
                + effect
                + class
                + growth * f64::from(exam_index)
                + 0.45 * normal(&mut rng)
                - difficulty;
            let share = (0.68 + 0.16 * z).clamp(0.0, 1.0);
            let points = (share * full.as_f64() * 2.0).round() / 2.0;
            text.push_str(&Tenths::from_f64(points).expect("half points").to_string());
        }
        if named {
            for (subject, _) in subjects {
                text.push(',');
                let key = (p.school.clone(), p.class.clone(), subject.clone());
                if let Some(teacher) = teaching.get(&key) {
                    text.push_str(teacher);
                }
            }
        }
        text.push('\n');
    }
    text
}

/// One exam held: created, then each school's file imported. Returns the students with a file.
#[allow(clippy::too_many_arguments)]
async fn hold(
    data: &DistrictStore,
    caller: &Caller<'_>,
    keys: &StudentKeys,
    exam: &ExamIn<'_>,
    by_school: &BTreeMap<&SchoolCode, Vec<&Pupil>>,
    teaching: &Teaching,
    seed: u64,
    index: u32,
) -> Result<u64, Failure> {
    let created = create(data, caller, &settings(), exam)
        .await
        .map_err(failed)?;
    let mut students = 0;
    for (school, kids) in by_school {
        let text = school_file(kids, &exam.subjects, teaching, seed, index);
        let file = FileIn {
            school,
            name: &format!("{school}-{}.csv", exam.name),
            bytes: text.as_bytes(),
        };
        let done = import_school(data, caller, Some(keys), created.id, file)
            .await
            .map_err(|e| match crate::students::refused(e) {
                Failure::Input(text) => failed(text),
                other => other,
            })?;
        students += done.files.iter().map(|f| f.students).sum::<u64>();
    }
    Ok(students)
}

/// The cohort's exams: 七年级 in the older year, 八年级 in the latest, and the latest year's
/// 质量监测.
pub(crate) async fn seed(
    store: &Store,
    district: DistrictId,
    data: &DistrictStore,
    students: &Seeded,
    seed: u64,
    keys: &StudentKeys,
) -> Result<ExamsSeeded, Failure> {
    let started = std::time::Instant::now();
    let today = junheng_app::tasks::beijing_today();
    let admin = Actor::new("admin");
    let caller = Caller::Operator(&admin);
    let mut exams = Vec::new();
    let mut index = 0u32;
    let mut latest = None;
    let mut taught = Teaching::new();
    for ((year, pupils), grade) in students.pupils.iter().zip([7u8, 8]) {
        let label = if grade == 7 { "七年级" } else { "八年级" };
        let mut by_school: BTreeMap<&SchoolCode, Vec<&Pupil>> = BTreeMap::new();
        for p in pupils.iter().filter(|p| p.grade == grade) {
            by_school.entry(&p.school).or_default().push(p);
        }
        let roster = data.roster(*year).await.map_err(store_error)?;
        taught = teaching(&roster, &by_school, &subjects(grade));
        let next = year + 1;
        for (term, date, kind) in [
            ("上期期中", format!("{year}-11-12"), ExamKind::Unified),
            ("上期期末", format!("{next}-01-14"), ExamKind::Final),
            ("下期期中", format!("{next}-04-22"), ExamKind::Joint),
            ("下期期末", format!("{next}-06-30"), ExamKind::Final),
        ] {
            if date > today || by_school.is_empty() {
                continue;
            }
            let name = format!("{year}学年{label}{term}");
            let exam = ExamIn {
                name: &name,
                year: *year,
                on_date: &date,
                grade,
                kind,
                scope: ExamScope::District,
                subjects: subjects(grade),
            };
            let n = hold(data, &caller, keys, &exam, &by_school, &taught, seed, index).await?;
            exams.push((name, n));
            index += 1;
        }
        if grade == 8 && !by_school.is_empty() {
            latest = Some((*year, by_school));
        }
    }
    // The monitoring, dated before the year's first exam so that a year with exams has it.
    if let Some((year, by_school)) = latest {
        let date = format!("{year}-10-20");
        if date <= today {
            let name = format!("{year}学年八年级质量监测");
            let exam = ExamIn {
                name: &name,
                year,
                on_date: &date,
                grade: 8,
                kind: ExamKind::Monitoring,
                scope: ExamScope::District,
                subjects: MONITORING
                    .iter()
                    .map(|(s, f)| ((*s).to_owned(), Tenths::points(*f)))
                    .collect(),
            };
            let none = Teaching::new();
            let n = hold(data, &caller, keys, &exam, &by_school, &none, seed, index).await?;
            exams.push((name, n));
        }
    }
    // The 任课教师 account: the latest year's first 数学 teacher named.
    let mut login = None;
    if let Some(((school, _, _), teacher)) = taught.iter().find(|((_, _, s), _)| s == "数学") {
        let classes: Vec<&str> = taught
            .iter()
            .filter(|((sc, _, s), t)| sc == school && s == "数学" && *t == teacher)
            .map(|((_, c, _), _)| c.as_str())
            .collect();
        let what = format!("{school} 数学 {teacher}，{}", classes.join("、"));
        let account = vec![(
            "renke",
            format!("{teacher} 数学任课教师"),
            Role::SubjectTeacher,
            Scope::Teacher {
                school: school.clone(),
                teacher: teacher.clone(),
            },
            what,
        )];
        login = crate::demo_health::accounts(store, district, &students.password, account)
            .await?
            .pop();
    }
    if let Some((year, _)) = students.pupils.first() {
        data.set_naeq(*year, "数学", Some(3), 0.118, NaeqUnit::Ratio, &admin)
            .await
            .map_err(store_error)?;
    }
    Ok(ExamsSeeded {
        exams,
        login,
        seconds: started.elapsed().as_secs_f64(),
    })
}
