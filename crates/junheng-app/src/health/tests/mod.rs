//! The health use cases on a real SQLite store: a fitness file scored and its 补测 merged, a
//! screening compared between rounds, a wave's cases opened by the screen and kept by a person,
//! who may read what, erasure at leaving, and the store holding no health value in clear.

use junheng_core::school::SchoolKind;
use junheng_core::student::StudentNumber;
use junheng_store::{Actor, DistrictStore, HealthKind, Role, Scope};

use super::*;
use crate::pairings::Caller;
use crate::testing::{fixture, keys, user};

fn operator() -> Actor {
    Actor::new("system")
}

async fn round(
    store: &DistrictStore,
    kind: HealthKind,
    name: &str,
    date: &str,
) -> junheng_store::HealthRound {
    let actor = operator();
    import::round(store, &Caller::Operator(&actor), kind, name, 2024, date)
        .await
        .unwrap()
}

fn csv(header: &str, rows: &[String]) -> Vec<u8> {
    let mut text = format!("{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

const FITNESS: &str = "学籍号,年级,班级,性别,身高(cm),体重(kg),肺活量(ml),50米跑(秒),坐位体前屈(cm),一分钟跳绳(次),一分钟仰卧起坐(次),测试状态,补测";

/// A grade-3 row: strong (every item 100) or weak (every item but BMI 0).
fn fitness_row(n: &StudentNumber, class: &str, strong: bool, status: &str, retest: bool) -> String {
    let sex = if n.male().unwrap() { "男" } else { "女" };
    let results = if strong {
        "3000,7.0,25.0,200,60"
    } else {
        "300,20.0,-20.0,1,0"
    };
    let results = if status.is_empty() { results } else { ",,,," };
    let size = if status.is_empty() { "130.0,28.0" } else { "," };
    format!(
        "{},3,{class},{sex},{size},{results},{status},{}",
        n.expose(),
        if retest { "是" } else { "否" }
    )
}

#[tokio::test]
async fn a_fitness_file_is_scored_its_retest_merged_and_nothing_is_kept_in_clear() {
    let f = fixture(SchoolKind::Primary, 3, 6).await;
    let actor = operator();
    let op = Caller::Operator(&actor);
    let r = round(
        &f.store,
        HealthKind::Fitness,
        "2024学年体质健康测试",
        "2024-10-10",
    )
    .await;
    let n = &f.numbers;
    let rows = vec![
        fitness_row(&n[0], "1班", true, "", false),
        fitness_row(&n[1], "1班", false, "", false),
        fitness_row(&n[2], "1班", true, "", false),
        fitness_row(&n[3], "2班", true, "免予执行", false),
        fitness_row(&n[4], "2班", false, "", false),
    ];
    let done = fitness::import(
        &f.store,
        Some(&keys()),
        &op,
        &r,
        &f.school,
        &csv(FITNESS, &rows),
        "体测.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap();
    let counts: fitness::Counts = serde_json::from_str(&done.file.counts).unwrap();
    let all = counts.tally(|_, _, _| true);
    assert_eq!((all.students, all.exempt, all.scored), (5, 1, 4));
    // Two strong (优秀, with 附加分), two weak (BMI only: 15 points, 不及格).
    assert_eq!(all.levels, [2, 0, 0, 2]);
    assert_eq!(all.pass_rate(), Some(0.5));
    assert_eq!(all.good_rate(), Some(0.5));
    let class1 = counts.tally(|g, c, _| g == 3 && c == "1班");
    assert_eq!(class1.scored, 3);

    // A file of 补测 rows only: merged into the school's file, the retest replacing the first.
    let retest = vec![fitness_row(&n[1], "1班", true, "", true)];
    let done = fitness::import(
        &f.store,
        Some(&keys()),
        &op,
        &r,
        &f.school,
        &csv(FITNESS, &retest),
        "补测.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap();
    assert_eq!(done.file.version, 2);
    assert_eq!(done.replaced, Some(5));
    let counts: fitness::Counts = serde_json::from_str(&done.file.counts).unwrap();
    assert_eq!(counts.tally(|_, _, _| true).levels, [1, 0, 0, 3]);
    let opened = f
        .store
        .open_health(&keys(), &r, Some(&f.school), None, None, &actor, "test")
        .await
        .unwrap();
    assert_eq!(opened.len(), 5);
    let rec = fitness::decode(opened.iter().find(|o| o.class == "1班").unwrap()).unwrap();
    assert!(rec.first.results.contains_key("run50m"));

    // A child not on the school's registry: located, nothing written.
    let stranger = vec![fitness_row(&n[6], "1班", true, "", false)];
    let e = fitness::import(
        &f.store,
        Some(&keys()),
        &op,
        &r,
        &f.school,
        &csv(FITNESS, &stranger),
        "错.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap_err();
    let Refused::Problems(p) = e else {
        panic!("{e:?}")
    };
    assert_eq!(p.issues[0].code, "health.not_in_registry");
    assert!(p.issues[0].message.contains("他校"));
    assert_eq!(p.issues[0].row, Some(2));
    assert_eq!(f.store.health_files(r.id, true).await.unwrap().len(), 2);

    // The database file holds no record in clear.
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        let path = format!("{}{suffix}", f.url.trim_start_matches("sqlite://"));
        bytes.extend(std::fs::read(path).unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("health_records"));
    // The counts name items (aggregates); a record's JSON would carry its attempts.
    assert!(text.contains("run50m"));
    assert!(!text.contains("\"first\"") && !text.contains("\"retest\""));
}

#[tokio::test]
async fn only_the_school_doctor_and_the_class_teacher_read_named_fitness_and_imports_are_guarded() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let doctor = user(
        "xiaoyi",
        Role::SchoolDoctor,
        Scope::School(f.school.clone()),
    );
    let class = user(
        "banzhuren",
        Role::ClassTeacher,
        Scope::Class {
            school: f.school.clone(),
            class: "三年级1班".into(),
        },
    );
    let psych = user("xinli", Role::PsychTeacher, Scope::School(f.school.clone()));
    let admin = user("admin", Role::Admin, Scope::District);
    let s = |u| who::sight(&Caller::User(u), HealthKind::Fitness);
    assert!(s(&doctor).names_at(&f.school, 3, "2班"));
    assert!(s(&class).names_at(&f.school, 3, "1班"));
    assert!(!s(&class).names_at(&f.school, 3, "2班"));
    assert!(!s(&psych).names_at(&f.school, 3, "1班"));
    assert!(!s(&admin).names_at(&f.school, 3, "1班"));
    let r = round(&f.store, HealthKind::Fitness, "体测", "2024-10-10").await;
    let rows = vec![fitness_row(&f.numbers[0], "1班", true, "", false)];
    let bytes = csv(FITNESS, &rows);
    for u in [&class, &psych] {
        let e = fitness::import(
            &f.store,
            Some(&keys()),
            &Caller::User(u),
            &r,
            &f.school,
            &bytes,
            "a.csv",
            &junheng_io::Limits::default(),
        )
        .await
        .unwrap_err();
        assert!(matches!(e, Refused::Denied), "{:?}", u.role);
    }
    // The school doctor imports their own school's file, not another's.
    fitness::import(
        &f.store,
        Some(&keys()),
        &Caller::User(&doctor),
        &r,
        &f.school,
        &bytes,
        "a.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap();
    let e = fitness::import(
        &f.store,
        Some(&keys()),
        &Caller::User(&doctor),
        &r,
        &f.other,
        &bytes,
        "a.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Refused::Denied));
    // Without keys nothing is imported.
    let e = fitness::import(
        &f.store,
        None,
        &Caller::User(&doctor),
        &r,
        &f.school,
        &bytes,
        "b.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Refused::NoKeys));
}

const VISION: &str =
    "学籍号,年级,班级,性别,右眼裸眼视力,左眼裸眼视力,右眼球镜,右眼柱镜,左眼球镜,左眼柱镜,戴镜";

fn vision_row(n: &StudentNumber, grade: u8, acuity: &str, sphere: &str) -> String {
    let sex = if n.male().unwrap() { "男" } else { "女" };
    format!(
        "{},{grade},1班,{sex},{acuity},5.0,{sphere},,0,,否",
        n.expose()
    )
}

#[tokio::test]
async fn a_screening_counts_myopia_per_eye_and_lists_new_myopia_for_referral() {
    let f = fixture(SchoolKind::Primary, 4, 4).await;
    let actor = operator();
    let op = Caller::Operator(&actor);
    let n = &f.numbers;
    let autumn = round(&f.store, HealthKind::Vision, "秋季筛查", "2024-09-20").await;
    let spring = round(&f.store, HealthKind::Vision, "春季筛查", "2025-03-20").await;
    let first = vec![
        vision_row(&n[0], 4, "5.0", "0"),
        vision_row(&n[1], 4, "4.8", "-1.00"),
        vision_row(&n[2], 4, "4.8", ""),
        vision_row(&n[3], 4, "4.9", "+0.50"),
    ];
    let done = vision::import(
        &f.store,
        Some(&keys()),
        &op,
        &autumn,
        &f.school,
        &csv(VISION, &first),
        "v.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap();
    let c: vision::Counts = serde_json::from_str(&done.file.counts).unwrap();
    let t = c.tally(|_, _, _| true);
    // One myopic (the same eye has both conditions), one 未验光 never counted as myopic.
    assert_eq!(
        (t.screened, t.myopic_total(), t.unrefracted, t.reduced),
        (4, 1, 1, 1)
    );
    assert_eq!(t.rate(), Some(0.25));
    let second = vec![
        vision_row(&n[0], 4, "4.7", "-0.75"),
        vision_row(&n[1], 4, "4.6", "-2.00"),
        vision_row(&n[2], 4, "5.0", ""),
        vision_row(&n[3], 4, "5.0", "0"),
    ];
    vision::import(
        &f.store,
        Some(&keys()),
        &op,
        &spring,
        &f.school,
        &csv(VISION, &second),
        "v2.csv",
        &junheng_io::Limits::default(),
    )
    .await
    .unwrap();
    let list = vision::referrals(
        &f.store,
        &keys(),
        &op,
        &spring,
        Some(&autumn),
        &f.school,
        None,
        0.75,
        "test",
    )
    .await
    .unwrap();
    let changes: Vec<_> = list.iter().map(|r| (r.change, r.reason())).collect();
    assert_eq!(list.len(), 2, "{changes:?}");
    assert!(
        list.iter()
            .any(|r| r.change == Some(junheng_core::health::vision::Change::NewMyopia))
    );
    assert!(
        list.iter()
            .any(|r| r.change == Some(junheng_core::health::vision::Change::Progressed))
    );
    let targets = vision::targets(&f.store, &Default::default())
        .await
        .unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].baseline.0, 2024);
}

mod mental;
