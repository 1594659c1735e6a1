//! The 区/校/班 review on both databases: the 班主任 sees and submits the class summary (names
//! through the audited read); the school cannot 提交小结 while a class is missing (nothing
//! written), steps through 公示 and 审核, and is refused the export during the 公示 with the
//! engine's reason; another school sees only its own review; the district sees every school's
//! state and records audit outcomes of its sample (a child outside it refused, a city user
//! reads only); a past term's cycle ends in the 综合素质评价 file, children by key only.

use junheng_app::labour::lists::import;

use junheng_app::labour::review::{Action, step_review};
use junheng_app::pairings::Caller;
use junheng_io::labour::lists::ListFile;
use junheng_labour::calendar::{Day, Term};
use junheng_labour::checklist::RequiredGroups;
use junheng_labour::settings::LabourSettings;
use junheng_store::{Actor, Role, Scope};

use crate::both;
use crate::health::{PW, audited, config, fetch, in_english, post, world};
use crate::helpers::TestApp;

both!(
    labour_review,
    the_term_goes_from_class_summaries_through_publicity_to_the_export,
    config()
);

/// The demo district's 劳动清单 imported by the operator (what the review's summaries need).
pub(crate) async fn with_district_list(home: &junheng_store::DistrictStore) {
    let file = ListFile {
        file: "区级.xlsx".into(),
        sheet: None,
        items: junheng_labour::synth::district_list(1).items,
        removals: Vec::new(),
        rows: Default::default(),
        warnings: Vec::new(),
    };
    import(
        home,
        &Caller::Operator(&Actor::system()),
        None,
        &file,
        "",
        &RequiredGroups::default(),
    )
    .await
    .unwrap();
}

async fn the_term_goes_from_class_summaries_through_publicity_to_the_export(app: TestApp) {
    let w = world(&app).await;
    with_district_list(&w.home).await;
    let op = Actor::system();
    app.add_user("xuexiao_b", PW, Role::School, Scope::School(w.b.clone()))
        .await;
    let today = Day::parse(&w.today).unwrap();
    let term = Term::of(today);
    let t = Term::id(term);

    // 班: the class teacher's summary, with the children's names (the read recorded).
    let teacher = app.logged_in("banzhuren_a", PW).await;
    let (status, page) = fetch(&app, &teacher, "/labour/class/summary").await;
    assert_eq!(status, 200, "{page}");
    for k in &w.a_kids[..4] {
        assert!(page.contains(k.name), "{} on the summary", k.name);
    }
    assert!(!page.contains(w.a_kids[4].name), "another class's child");
    let (status, xlsx) = fetch(&app, &teacher, "/labour/class/summary?format=xlsx").await;
    assert_eq!(status, 200);
    assert!(xlsx.contains(w.a_kids[0].name) && xlsx.contains("劳动素养等级"));
    let (status, _, _) = post(
        &app,
        &teacher,
        "/labour/class/summary/submit",
        &[("term", &t)],
    )
    .await;
    assert_eq!(status, 400, "not confirmed");
    let (status, location, _) = post(
        &app,
        &teacher,
        "/labour/class/summary/submit",
        &[("term", &t), ("confirm", "1")],
    )
    .await;
    assert_eq!((status, location.contains("done=1")), (303, true));
    assert_eq!(audited(&app, "labour.class_submit").await.len(), 1);

    // 校: 提交小结 refused while 3年级3班 is missing, nothing written.
    let school = app.logged_in("xuexiao_a", PW).await;
    let step = async |action: &str, day: &str| {
        post(
            &app,
            &school,
            "/labour/review/step",
            &[
                ("term", &t),
                ("action", action),
                ("day", day),
                ("confirm", "1"),
            ],
        )
        .await
    };
    let (status, _, body) = step("summarise", "").await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("3年级3班"), "{body}");
    assert!(audited(&app, "labour.review_step").await.is_empty());
    let (status, _, _) = post(
        &app,
        &school,
        "/labour/class/summary/submit",
        &[("term", &t), ("class", "3年级3班"), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(step("summarise", "").await.0, 303);
    assert_eq!(step("publicise", &w.today).await.0, 303);
    // During the 公示: the file leads back to the page, which says why; 导出 refused.
    let r = school
        .get(app.url(&format!("/labour/review/export?term={t}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (status, page) = fetch(&app, &school, &format!("/labour/review?term={t}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("公示中") && page.contains("公示期满后"),
        "{page}"
    );
    assert_eq!(step("review", "").await.0, 303);
    let (status, _, body) = step("export", "").await;
    assert_eq!(status, 409);
    assert!(body.contains("公示期满后"), "{body}");
    assert_eq!(audited(&app, "labour.review_step").await.len(), 3);

    // Another school sees its own review only.
    let other = app.logged_in("xuexiao_b", PW).await;
    let (status, page) = fetch(&app, &other, "/labour/review").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("班级小结中") && !page.contains("3年级2班"),
        "{page}"
    );

    // 区: every school's state, the sample and its outcomes.
    let admin = app.logged_in("admin", PW).await;
    let (status, json) = fetch(&app, &admin, &format!("/api/v1/labour/review?term={t}")).await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let line = v["district"]["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["school"] == w.a.as_str())
        .unwrap()
        .clone();
    assert_eq!(line["state"]["state"], "reviewed");
    assert_eq!(line["classes_submitted"], 2);
    assert_eq!(v["district"]["totals"]["reviewed"], 1);
    let audit = format!("/labour/review/audit?school={}&term={t}", w.a);
    let (status, page) = fetch(&app, &admin, &audit).await;
    assert_eq!(status, 200);
    for k in &w.a_kids {
        assert!(page.contains(&format!(">{}<", k.id)), "all five are drawn");
        assert!(!page.contains(k.name), "no name in the district's sample");
    }
    let record = async |who, student: i64, outcome: &str, note: &str| {
        post(
            &app,
            who,
            "/labour/review/audit",
            &[
                ("school", w.a.as_str()),
                ("term", &t),
                ("student", &student.to_string()),
                ("outcome", outcome),
                ("note", note),
            ],
        )
        .await
        .0
    };
    assert_eq!(record(&admin, w.b_kids[0].id, "match", "").await, 403);
    assert_eq!(record(&admin, w.a_kids[0].id, "mismatch", "").await, 400);
    assert_eq!(
        record(&admin, w.a_kids[0].id, "mismatch", "家长反馈未做").await,
        303
    );
    assert_eq!(record(&admin, w.a_kids[1].id, "match", "").await, 303);
    let city = app.logged_in_looking_into("shiji", PW, "500112").await;
    assert_eq!(fetch(&app, &city, &audit).await.0, 200);
    assert_eq!(record(&city, w.a_kids[2].id, "match", "").await, 403);
    assert_eq!(audited(&app, "labour.audit").await.len(), 2);
    let (_, json) = fetch(&app, &admin, &format!("/api/v1/labour/review?term={t}")).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["district"]["totals"]["audited"], 2);
    assert_eq!(v["district"]["totals"]["mismatches"], 1);
    // The district does not download a school's file.
    let (status, _) = fetch(&app, &admin, &format!("/labour/review/export?term={t}")).await;
    assert_eq!(status, 403);

    // A past term's whole cycle (days in the past), then its file: keys, no names.
    let past = Term {
        year: term.year - 1,
        semester: term.semester,
    };
    let settings = LabourSettings::default();
    for class in ["3年级2班", "3年级3班"] {
        w.home
            .submit_labour_class(&w.a, class, past, 1, &op)
            .await
            .unwrap();
    }
    let first = Day::new(past.year + 1, 1, 5).unwrap();
    for (action, on) in [
        (Action::Summarise, first),
        (Action::Publicise, first.plus(1)),
        (Action::Review, first.plus(3)),
        (Action::Export, first.plus(30)),
    ] {
        step_review(
            &w.home,
            &Caller::Operator(&op),
            Some(&w.a),
            past,
            action,
            on,
            today,
            &settings,
        )
        .await
        .unwrap();
    }
    let p = Term::id(past);
    let (status, page) = fetch(&app, &school, &format!("/labour/review?term={p}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("已导出") && page.contains("format=csv"),
        "{page}"
    );
    let (status, csv) = fetch(
        &app,
        &school,
        &format!("/labour/review/export?term={p}&format=csv"),
    )
    .await;
    assert_eq!(status, 200, "{csv}");
    assert!(
        csv.contains("学生编号") && csv.contains("劳动素养等级"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + w.a_kids.len(), "{csv}");
    for k in &w.a_kids {
        assert!(!csv.contains(k.name));
        assert!(csv.contains(&format!("{},{}", k.id, past.year)), "{csv}");
    }
    let (status, _) = fetch(&app, &school, &format!("/labour/review/export?term={p}")).await;
    assert_eq!(status, 200);

    // In English, nothing Chinese outside data.
    in_english(
        &app,
        &school,
        &[
            format!("/labour/review?term={t}"),
            format!("/labour/review?term={p}"),
        ],
    )
    .await;
    in_english(&app, &teacher, &[format!("/labour/class/summary?term={t}")]).await;
    in_english(
        &app,
        &admin,
        &[format!("/labour/review?term={t}"), audit.clone()],
    )
    .await;
}
