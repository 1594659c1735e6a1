use junheng_core::school::SchoolKind;
use junheng_core::survey::Weighting;
use junheng_labour::calendar::Day;
use junheng_store::survey::SurveyStatus;
use junheng_store::{Actor, AuditFilter, Role, Scope};

use super::answer::{answer, gone, open};
use super::codes::issue;
use super::*;
use crate::testing::{fixture, user};

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

/// A deterministic stand-in for the operating system's generator.
fn counter() -> impl FnMut(&mut [u8]) {
    let mut n: u64 = 0x9E37_79B9_7F4A_7C15;
    move |b: &mut [u8]| {
        for x in b.iter_mut() {
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *x = (n >> 33) as u8;
        }
    }
}

fn draft(title: &str) -> Draft<'_> {
    Draft {
        year: 2026,
        title,
        questionnaire: None,
        weighting: Weighting::Equal,
        min_cell: 10,
        opens_on: day("2026-11-01"),
        closes_on: day("2026-11-30"),
    }
}

fn gone_like(r: Result<impl std::fmt::Debug, Refused>) {
    match r {
        Err(e) => assert_eq!(e.to_string(), gone().to_string()),
        Ok(v) => panic!("answered: {v:?}"),
    }
}

#[tokio::test]
async fn a_code_answers_once_and_every_failing_code_gets_the_same_refusal() {
    let f = fixture(SchoolKind::Primary, 3, 1).await;
    let root = junheng_store::Store::open(&f.url).await.unwrap();
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let id = create(&f.store, &op, &draft("2026年自测")).await.unwrap();
    let batch = issue(
        &f.store,
        &op,
        id,
        "principal",
        Some(f.school.as_str()),
        3,
        counter(),
    )
    .await
    .unwrap();
    assert_eq!(batch.slips.len(), 3);
    let today = day("2026-11-05");
    // A draft takes no answer.
    gone_like(open(&root, &batch.slips[0].token, today).await);
    set_status(&f.store, &op, id, SurveyStatus::Open)
        .await
        .unwrap();
    let form = open(&root, &batch.slips[0].token, today).await.unwrap();
    assert_eq!((form.group.as_str(), form.questions.len()), ("校长", 3));
    // Outside the days: refused alike.
    gone_like(open(&root, &batch.slips[0].token, day("2026-12-01")).await);
    // By the link, then by the typed short code (lower case, no dashes).
    answer(
        &root,
        &batch.slips[0].token,
        &[Some(0), Some(1), Some(2)],
        today,
    )
    .await
    .unwrap();
    let typed = batch.slips[1].short.replace('-', "").to_lowercase();
    // Bad answers are refused without using the code.
    assert!(
        answer(&root, &typed, &[None, None, None], today)
            .await
            .is_err()
    );
    assert!(
        answer(&root, &typed, &[Some(9), None, None], today)
            .await
            .is_err()
    );
    answer(&root, &typed, &[Some(0), Some(0), Some(0)], today)
        .await
        .unwrap();
    // Used, by either form of the code; unknown; malformed.
    gone_like(
        answer(
            &root,
            &batch.slips[0].token,
            &[Some(0), Some(0), Some(0)],
            today,
        )
        .await,
    );
    gone_like(
        answer(
            &root,
            &batch.slips[1].short,
            &[Some(0), Some(0), Some(0)],
            today,
        )
        .await,
    );
    gone_like(answer(&root, &"0".repeat(32), &[Some(0), Some(0), Some(0)], today).await);
    gone_like(answer(&root, "hello", &[Some(0), Some(0), Some(0)], today).await);
    // Closed: the third code is refused alike.
    set_status(&f.store, &op, id, SurveyStatus::Closed)
        .await
        .unwrap();
    gone_like(
        answer(
            &root,
            &batch.slips[2].token,
            &[Some(0), Some(0), Some(0)],
            today,
        )
        .await,
    );

    let r = results::view(&f.store, &op, id).await.unwrap();
    assert_eq!(r.results.respondents, 2);
    assert_eq!(r.batches[0].used, 2);
    // Two principals: under the smallest cell, withheld — the overall still counts them.
    assert!(!r.results.groups[3].shown && r.results.groups[3].rate.is_none());
    let expected = 5.0 / 6.0;
    assert!((r.results.overall.unwrap() - expected).abs() < 1e-12);
    // The audit names the survey only, at the day.
    let entries = root
        .audit_log(&AuditFilter {
            action_prefix: Some("survey.answer".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 2);
    for e in &entries {
        assert_eq!(e.target, format!("survey:{id}"));
        assert_eq!(e.detail, "");
        assert_eq!(e.at, "2026-11-05T00:00:00.000Z");
        for s in &batch.slips {
            assert!(!format!("{e:?}").contains(&s.token));
        }
    }
    // The latest closed survey of the year.
    let l = latest_result(&f.store, 2026).await.unwrap().unwrap();
    assert_eq!((l.survey, l.respondents), (id, 2));
    assert_eq!(l.meets, Some(false));
    assert_eq!(latest_result(&f.store, 2025).await.unwrap(), None);
}

#[tokio::test]
async fn a_thousand_guessed_short_codes_find_nothing() {
    let f = fixture(SchoolKind::Primary, 3, 1).await;
    let root = junheng_store::Store::open(&f.url).await.unwrap();
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let id = create(&f.store, &op, &draft("猜码")).await.unwrap();
    issue(&f.store, &op, id, "parent", None, 200, counter())
        .await
        .unwrap();
    set_status(&f.store, &op, id, SurveyStatus::Open)
        .await
        .unwrap();
    let mut guess = counter();
    // Another stream than the codes': skip far ahead.
    let mut skip = [0u8; 4096];
    guess(&mut skip);
    for _ in 0..1000 {
        let mut b = [0u8; 8];
        guess(&mut b);
        let short: String = codes::grouped(&format!("{:012X}", u64::from_be_bytes(b) >> 16))
            .chars()
            .map(|c| if "ILOU".contains(c) { '0' } else { c })
            .collect();
        gone_like(open(&root, &short, day("2026-11-02")).await);
    }
}

#[tokio::test]
async fn only_the_district_administrator_writes_and_schools_see_nothing() {
    let f = fixture(SchoolKind::Primary, 3, 1).await;
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let id = create(&f.store, &op, &draft("权限")).await.unwrap();
    let school = user("s", Role::School, Scope::School(f.school.clone()));
    let sup = user("d", Role::Supervisor, Scope::District);
    let admin = user("a", Role::Admin, Scope::District);
    for who in [&school] {
        let c = Caller::User(who);
        assert!(matches!(list(&f.store, &c).await, Err(Refused::Denied)));
        assert!(matches!(
            results::view(&f.store, &c, id).await,
            Err(Refused::Denied)
        ));
    }
    let c = Caller::User(&sup);
    assert_eq!(list(&f.store, &c).await.unwrap().len(), 1);
    assert!(matches!(
        create(&f.store, &c, &draft("x")).await,
        Err(Refused::Denied)
    ));
    assert!(matches!(
        issue(&f.store, &c, id, "parent", None, 1, counter()).await,
        Err(Refused::Denied)
    ));
    let c = Caller::User(&admin);
    assert!(create(&f.store, &c, &draft("y")).await.is_ok());
    // A questionnaire with a problem is refused naming line and key; a bad school too.
    let mut d = draft("z");
    let bad = Questionnaire::builtin_text().replacen("scale = \"agree\"", "scale = \"nope\"", 1);
    d.questionnaire = Some(&bad);
    let e = create(&f.store, &c, &d).await.unwrap_err().to_string();
    assert!(
        e.contains("groups[2].questions[1].scale") && e.contains("行"),
        "{e}"
    );
    let e = issue(&f.store, &c, id, "parent", Some("5009999999"), 1, counter())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("不是本区县的学校"), "{e}");
}

#[tokio::test]
async fn an_import_counts_until_it_is_withdrawn_and_the_same_file_is_refused() {
    let f = fixture(SchoolKind::Primary, 3, 1).await;
    let actor = Actor::new("operator");
    let op = Caller::Operator(&actor);
    let id = create(&f.store, &op, &draft("导入")).await.unwrap();
    let q = Questionnaire::builtin();
    let g = q.group("teacher").unwrap();
    let mut csv = String::from("序号,提交答卷时间,所用时间,来源,来源详情,来自IP");
    for x in &g.questions {
        csv.push_str(&format!(",{}、{}", x.no, x.text));
    }
    csv.push('\n');
    for i in 0..12 {
        let a = if i < 11 { "认可" } else { "不认可" };
        csv.push_str(&format!(
            "{i},2026/11/3 10:2{}:05,95秒,微信,N/A,10.9.8.{i},{a},{a},满意,适量\n",
            i % 10
        ));
    }
    let today = day("2026-11-06");
    let done = import::import(
        &f.store,
        &op,
        id,
        "teacher",
        None,
        csv.as_bytes(),
        "教师.csv",
        today,
    )
    .await
    .unwrap();
    assert_eq!(done.responses, 12);
    let again = import::import(
        &f.store,
        &op,
        id,
        "teacher",
        None,
        csv.as_bytes(),
        "教师.csv",
        today,
    )
    .await;
    assert!(matches!(
        again,
        Err(Refused::Store(junheng_store::StoreError::Conflict(_)))
    ));
    let r = results::view(&f.store, &op, id).await.unwrap();
    let t = &r.results.groups[2];
    assert!(t.shown);
    assert_eq!(t.respondents, 12);
    assert!((t.rate.unwrap() - 34.0 / 36.0).abs() < 1e-12);
    // A bad file: nothing written, the problem located.
    let bad = csv.replacen("认可,认可,满意", "认可,随便,满意", 1);
    let Err(Refused::Problems(p)) = import::import(
        &f.store,
        &op,
        id,
        "teacher",
        None,
        bad.as_bytes(),
        "坏.csv",
        today,
    )
    .await
    else {
        panic!("a bad option")
    };
    assert_eq!(p.issues[0].value.as_deref(), Some("随便"));
    assert_eq!(
        results::view(&f.store, &op, id)
            .await
            .unwrap()
            .results
            .respondents,
        12
    );
    import::withdraw(&f.store, &op, id, done.id).await.unwrap();
    assert_eq!(
        results::view(&f.store, &op, id)
            .await
            .unwrap()
            .results
            .respondents,
        0
    );
    assert!(import::withdraw(&f.store, &op, id, done.id).await.is_err());
}
