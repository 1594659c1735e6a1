//! The data the route sweep asks every route about: a district of 60 schools with rosters,
//! moves, a lottery, submissions, users, evidence, pairings, tasks and supervision visits, and
//! another district of the same city with its own.

use super::*;

/// The data every route is asked about.
pub(super) struct Fixture {
    pub(super) records: Vec<SchoolRecord>,
    /// The district's 2024 roster.
    pub(super) roster: Vec<junheng_rotation::Teacher>,
    pub(super) ledger: Vec<Move>,
    /// The group of the group lead, and another group.
    pub(super) group: String,
    pub(super) other_group: String,
    /// The school user's school (it has moves), and a school outside it and outside `group`.
    pub(super) school: String,
    pub(super) other_school: String,
    /// A 学区 of the statistics.
    pub(super) zone: String,
    pub(super) lottery: i64,
    pub(super) submission: i64,
    pub(super) move_id: i64,
    pub(super) user_id: i64,
    /// A user nobody sweeps as: its password may be reset to a one-time password.
    pub(super) spare_id: i64,
    /// A document of evidence of `school`, and one of `other_school`.
    pub(super) evidence: i64,
    pub(super) foreign_evidence: i64,
    /// A pairing helping `school` (its helper the other school of the school's move), and one of
    /// schools of `other_group`; sessions of both.
    pub(super) pairing: i64,
    pub(super) foreign_pairing: i64,
    /// An overdue task of `school` raised from one of its gaps, and one of `other_school`.
    pub(super) task: i64,
    pub(super) foreign_task: i64,
    /// A supervisor's visit to `school` (its finding's task raised) and one to `other_school`
    /// (its finding without a task), their findings, and an assignment to `zone`.
    pub(super) visit: i64,
    pub(super) foreign_visit: i64,
    pub(super) finding: i64,
    pub(super) foreign_finding: i64,
    pub(super) assignment: i64,
    /// A 体质健康 round and a 视力筛查 round of the district, without files.
    pub(super) fitness_round: i64,
    pub(super) vision_round: i64,
    /// Two exams of grade 7 without files (质量监测), the earlier and the later.
    pub(super) exam: i64,
    pub(super) later_exam: i64,
    /// A 规划 building project (一校一案) of the school user's school.
    pub(super) seat_project: i64,
    /// A 社会认可度自测 survey of the district (a draft without answers).
    pub(super) survey: i64,
    /// A plan of the 责任部门's task.
    pub(super) board_plan: i64,
}

pub(super) async fn fixture(app: &TestApp) -> Fixture {
    let records = district(60);
    app.seed(&records).await;
    let home = app.home().await.id();
    app.store
        .update_district(home, &in_chongqing("500112", "渝北区"), &Actor::system())
        .await
        .unwrap();
    let other = app
        .store
        .add_district(&in_chongqing("500106", "沙坪坝区"), &Actor::system())
        .await
        .unwrap();
    // The other district has schools, groups and statistics of its own, none of this one's.
    let theirs: Vec<SchoolRecord> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut r = r.clone();
            let code = format!("502{}", &r.code.as_str()[3..]);
            r.code = junheng_core::school::SchoolCode::parse(&code).unwrap();
            r.parent_code = None;
            r.name = format!("巴山区第{i}校");
            r.group = r.group.map(|g| g.replace("渝州区", "巴山区"));
            r
        })
        .collect();
    app.seed_in(other.id, &theirs).await;
    app.store
        .in_district(other.id)
        .replace_roster(YEAR, &synth::roster(&theirs, 78), &Actor::system())
        .await
        .unwrap();
    let roster = synth::roster(&records, 77);
    app.home()
        .await
        .replace_roster(YEAR, &roster, &Actor::system())
        .await
        .unwrap();
    let ledger = synth::ledger(&records, &roster, &[YEAR], 0.05, 77);
    assert!(!ledger.is_empty(), "the demo ledger has moves");
    app.home()
        .await
        .add_moves(&ledger, MoveSource::Import, &Actor::system(), None)
        .await
        .unwrap();
    let group_of = |code: &str| {
        records
            .iter()
            .find(|r| r.code.as_str() == code)
            .and_then(|r| r.group.clone())
    };
    // The school user's school: one that sends a teacher away and has a group.
    let m = ledger
        .iter()
        .find(|m| group_of(m.from.as_str()).is_some())
        .expect("a move from a school of a group");
    let school = m.from.to_string();
    let group = group_of(&school).unwrap();
    let other_group = records
        .iter()
        .filter_map(|r| r.group.clone())
        .find(|g| *g != group)
        .expect("two groups");
    let moved_with = |code: &str| {
        ledger
            .iter()
            .any(|m| m.from.as_str() == code || m.to.as_str() == code)
    };
    let zone_of = |code: &str| {
        records
            .iter()
            .find(|r| r.code.as_str() == code)
            .and_then(|r| r.zone.clone())
    };
    let zone = zone_of(&school).expect("the school user's school is in a 学区");
    let other_school = records
        .iter()
        .find(|r| {
            r.group.as_deref() == Some(other_group.as_str())
                && !moved_with(r.code.as_str())
                && r.zone.as_deref() != Some(zone.as_str())
        })
        .expect("a school of the other group without moves")
        .code
        .to_string();
    for (who, role, scope) in [
        (Who::Admin, Role::Admin, Scope::District),
        (Who::Supervisor, Role::Supervisor, Scope::District),
        (Who::Lead, Role::GroupLead, Scope::Group(group.clone())),
        (Who::Zone, Role::ZoneLead, Scope::Zone(zone.clone())),
        (
            Who::School,
            Role::School,
            Scope::School(junheng_core::school::SchoolCode::parse(&school).unwrap()),
        ),
        (Who::City, Role::City, Scope::City("500100".into())),
        (
            Who::Department,
            Role::Department,
            Scope::Department(super::samples_board::DEPARTMENT.into()),
        ),
        (
            Who::Province,
            Role::Province,
            Scope::Province("500000".into()),
        ),
    ] {
        app.add_user(who.user().unwrap(), PASSWORD, role, scope)
            .await;
    }
    app.add_user_in(
        other.id,
        Who::OtherAdmin.user().unwrap(),
        PASSWORD,
        Role::Admin,
        Scope::District,
    )
    .await;
    app.add_user("sweep_spare", PASSWORD, Role::Supervisor, Scope::District)
        .await;
    let spare_id = app
        .store
        .user_by_name("sweep_spare")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let user_id = app
        .store
        .user_by_name("sweep_dux")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let mut own = records
        .iter()
        .find(|r| r.code.as_str() == school)
        .unwrap()
        .clone();
    own.primary.students += 1;
    let submission = app
        .home()
        .await
        .submit(&own, &Actor::new("sweep_school"))
        .await
        .unwrap();
    let key = LotteryKey::from_bytes([7; 32]);
    let inputs = lottery_district(&SynthSpec {
        applicants: 40,
        schools: 3,
        ..SynthSpec::default()
    });
    let inputs = seal(&inputs, &key).unwrap().inputs;
    let frozen = freeze(&inputs).unwrap();
    let lottery = app
        .home()
        .await
        .create_lottery(
            "扫描派位",
            std::str::from_utf8(&frozen.canonical).unwrap(),
            &frozen.digest,
            Some(&key.to_hex()),
            &Actor::system(),
        )
        .await
        .unwrap();
    let witness = Witness {
        role: "公证员".into(),
        name: String::new(),
        value: "2718".into(),
    };
    let pack = draw(&inputs, &[witness]).unwrap();
    app.home()
        .await
        .record_draw(lottery, &pack.to_json_compact(), &Actor::system())
        .await
        .unwrap();
    let move_id = app
        .home()
        .await
        .moves(&MoveFilter::default())
        .await
        .unwrap()[0]
        .id;
    let mut evidence = Vec::new();
    for (n, code) in [&school, &other_school].into_iter().enumerate() {
        let record = junheng_core::record::RecordRef::parse("school", code).unwrap();
        let content = format!("%PDF-1.7\n% sweep {n}\n%%EOF\n").into_bytes();
        let sha256 = junheng_server::sha256_hex(&content);
        let new = junheng_store::NewEvidence {
            record: &record,
            title: "办学章程",
            note: "",
            file_name: "章程.pdf",
            media_type: "application/pdf",
            sha256: &sha256,
            content: &content,
        };
        let stored = app.home().await.add_evidence(&new, &Actor::system()).await;
        evidence.push(stored.unwrap().id);
    }
    let mut tasks = Vec::new();
    for code in [&school, &other_school] {
        let owner = junheng_store::TaskOwner::new(junheng_store::OwnerKind::School, code).unwrap();
        let source =
            junheng_core::record::RecordRef::parse("gap", &format!("{code}/{TASK_INDICATOR}"))
                .unwrap();
        let new = junheng_store::NewTask {
            title: "补足骨干教师",
            detail: "",
            owner: &owner,
            deadline: "2020-01-31",
            source: Some(&source),
        };
        let task = app.home().await.create_task(&new, &Actor::system()).await;
        tasks.push(task.unwrap().id);
    }
    let (visits, findings, assignment) = supervision(app, &school, &other_school, &zone).await;
    let (pairing, foreign_pairing) = pairings(
        app,
        &records,
        &ledger,
        &school,
        &other_school,
        &other_group,
        &zone,
    )
    .await;
    super::samples_teachers_studios::seed(app, &school).await;
    let home = app.home().await;
    let fitness_round = home
        .health_round(
            junheng_store::HealthKind::Fitness,
            "2024学年体质健康测试",
            YEAR,
            "2024-10-15",
            &Actor::system(),
        )
        .await
        .unwrap()
        .id;
    let vision_round = home
        .health_round(
            junheng_store::HealthKind::Vision,
            "2024秋季视力筛查",
            YEAR,
            "2024-09-20",
            &Actor::system(),
        )
        .await
        .unwrap()
        .id;
    let exam = |name: &'static str, on_date: &'static str| {
        let home = home.clone();
        async move {
            let actor = Actor::system();
            junheng_app::exams::import::create(
                &home,
                &junheng_app::pairings::Caller::Operator(&actor),
                &junheng_core::exam::QualitySettings::default(),
                &junheng_app::exams::import::ExamIn {
                    name,
                    year: YEAR,
                    on_date,
                    grade: 7,
                    kind: junheng_store::ExamKind::Unified,
                    scope: junheng_store::ExamScope::District,
                    subjects: vec![("数学".into(), junheng_core::exam::Tenths::points(100))],
                },
            )
            .await
            .unwrap()
            .id
        }
    };
    let exam_id = exam("2024学年七年级期中", "2024-11-10").await;
    let later_exam = exam("2024学年七年级期末", "2025-01-15").await;
    let seat_project = super::samples_seats::project(app, &school).await;
    let survey = super::samples_survey::survey(app).await;
    let board_plan = super::samples_board::plan(app).await;
    Fixture {
        seat_project,
        survey,
        board_plan,
        exam: exam_id,
        later_exam,
        fitness_round,
        vision_round,
        pairing,
        foreign_pairing,
        task: tasks[0],
        foreign_task: tasks[1],
        visit: visits[0],
        foreign_visit: visits[1],
        finding: findings[0],
        foreign_finding: findings[1],
        assignment,
        zone,
        evidence: evidence[0],
        foreign_evidence: evidence[1],
        records,
        roster,
        ledger,
        group,
        other_group,
        school,
        other_school,
        lottery,
        submission,
        move_id,
        user_id,
        spare_id,
    }
}

/// 责任督学 of the fixture: `sweep_dux` assigned to `zone`, a visit to `school` whose finding's
/// task is raised, a visit to `other_school` whose finding has none; (visits, findings,
/// assignment).
async fn supervision(
    app: &TestApp,
    school: &str,
    other_school: &str,
    zone: &str,
) -> ([i64; 2], [i64; 2], i64) {
    let home = app.home().await;
    let assignment = home
        .assign_supervisor(
            &junheng_store::NewAssignment {
                supervisor: "sweep_dux",
                unit_kind: junheng_store::UnitKind::Zone,
                unit_name: zone,
                since: "2024-09-01",
            },
            &Actor::system(),
        )
        .await
        .unwrap()
        .id;
    let (mut visits, mut findings) = ([0; 2], [0; 2]);
    for (i, code) in [school, other_school].into_iter().enumerate() {
        let code = junheng_core::school::SchoolCode::parse(code).unwrap();
        let finding = [junheng_store::NewFinding {
            text: "功能室使用记录不全",
            severity: junheng_store::Severity::Serious,
            deadline: "2020-01-31",
        }];
        let visit = home
            .record_visit(
                &junheng_store::NewVisit {
                    school: &code,
                    visited_on: "2020-01-02",
                    supervisor: "sweep_dux",
                    summary: "随堂听课两节",
                    findings: &finding,
                },
                &Actor::system(),
            )
            .await
            .unwrap();
        visits[i] = visit.id;
        findings[i] = visit.findings[0].id;
    }
    let owner = junheng_store::TaskOwner::new(junheng_store::OwnerKind::School, school).unwrap();
    let source =
        junheng_core::record::RecordRef::parse("finding", &findings[0].to_string()).unwrap();
    let task = home
        .create_task(
            &junheng_store::NewTask {
                title: "整改：功能室使用记录不全",
                detail: "",
                owner: &owner,
                deadline: "2020-01-31",
                source: Some(&source),
            },
            &Actor::system(),
        )
        .await
        .unwrap();
    home.link_finding(findings[0], task.id, &Actor::system())
        .await
        .unwrap();
    (visits, findings, assignment)
}

/// 结对帮扶 and 三个课堂 of the fixture: `school` helped by the school its teacher moves to
/// (which its users may see named), and a pairing of two schools of `other_group` outside
/// `zone`; a lesson of each; (pairing, foreign pairing).
async fn pairings(
    app: &TestApp,
    records: &[SchoolRecord],
    ledger: &[Move],
    school: &str,
    other_school: &str,
    other_group: &str,
    zone: &str,
) -> (i64, i64) {
    use junheng_core::pairing::{HelpKind, PairingKind};
    use junheng_core::school::SchoolCode;
    let code = |c: &str| SchoolCode::parse(c).unwrap();
    let partner = ledger
        .iter()
        .find(|m| m.from.as_str() == school)
        .map(|m| m.to.clone())
        .unwrap();
    let third = records
        .iter()
        .find(|r| {
            r.group.as_deref() == Some(other_group)
                && r.code.as_str() != other_school
                && r.zone.as_deref() != Some(zone)
        })
        .map(|r| r.code.clone())
        .expect("a second school of the other group");
    let home = app.home().await;
    let mut ids = Vec::new();
    for (helper, helped) in [
        (partner.clone(), code(school)),
        (code(other_school), third.clone()),
    ] {
        let helper = junheng_store::Helper::School { code: helper };
        let new = junheng_store::NewPairing {
            kind: PairingKind::UrbanRural,
            helper: &helper,
            schools: std::slice::from_ref(&helped),
            help: &[HelpKind::TeachingVisit],
            started_on: "2023-09-01",
            ended_on: None,
            note: "",
        };
        ids.push(home.add_pairing(&new, &Actor::system()).await.unwrap().id);
    }
    for (giver, receiver) in [(partner, code(school)), (code(other_school), third)] {
        let new = junheng_store::NewClassroomSession {
            kind: junheng_core::classroom::ClassroomKind::Remote,
            giver: junheng_store::Giver::School { code: giver },
            receiver,
            subject: "音乐".into(),
            held_on: "2024-09-10".into(),
            minutes: 40,
            note: String::new(),
        };
        home.add_session(&new, &Actor::system()).await.unwrap();
    }
    (ids[0], ids[1])
}
