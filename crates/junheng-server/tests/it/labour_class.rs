//! The class teacher's labour page on both databases: the 班主任 enters one item for their four
//! children (names read and recorded), an item of another band and a child of another class
//! refused with nothing written, the week's spot check drawn and checked with one tap, ratings
//! saved, every write audited; slips printed and a parent answering one link once, with no name
//! shown and a used link answering like an unknown one; the school's account picks the class; an administrator is
//! refused the page; the page in English says nothing in Chinese outside data.

use junheng_app::labour::lists::import;
use junheng_app::pairings::Caller;
use junheng_io::labour::lists::ListFile;
use junheng_labour::checklist::RequiredGroups;
use junheng_store::Actor;

use crate::both;
use crate::health::{PW, audited, config, fetch, in_english, post, world};
use crate::helpers::TestApp;

both!(
    labour_class,
    the_class_page_enters_checks_and_rates,
    config()
);

async fn the_class_page_enters_checks_and_rates(app: TestApp) {
    let w = world(&app).await;
    let list = junheng_labour::synth::district_list(1);
    let file = ListFile {
        file: "区级.xlsx".into(),
        sheet: None,
        items: list.items.clone(),
        removals: Vec::new(),
        rows: Default::default(),
        warnings: Vec::new(),
    };
    let op = Actor::system();
    import(
        &w.home,
        &Caller::Operator(&op),
        None,
        &file,
        "",
        &RequiredGroups::default(),
    )
    .await
    .unwrap();
    let teacher = app.logged_in("banzhuren_a", PW).await;
    let (status, page) = fetch(&app, &teacher, "/labour/class").await;
    assert_eq!(status, 200, "{page}");
    for k in &w.a_kids[..4] {
        assert!(page.contains(k.name), "{} on the page", k.name);
    }
    assert!(!page.contains(w.a_kids[4].name), "another class's child");

    let ids: Vec<String> = w.a_kids[..4].iter().map(|k| k.id.to_string()).collect();
    let entry = |item: &'static str, kids: &[String]| {
        let mut f: Vec<(&str, String)> = vec![
            ("item", item.to_owned()),
            ("day", w.today.clone()),
            ("minutes", "20".to_owned()),
            ("evidence", "洗了自己的袜子和鞋".to_owned()),
            ("reporter", "student".to_owned()),
        ];
        f.extend(kids.iter().map(|k| ("student", k.clone())));
        f
    };
    let send = async |f: Vec<(&str, String)>| {
        let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post(&app, &teacher, "/labour/class/records", &fields).await
    };
    let (status, _, body) = send(entry("B3-01", &ids)).await;
    assert_eq!(status, 400, "an item of grades 5–6: {body}");
    let (status, _, _) = send(entry("B2-01", &[w.a_kids[4].id.to_string()])).await;
    assert_eq!(status, 403, "a child of 三年级3班");
    assert!(audited(&app, "labour.records_add").await.is_empty());
    let (status, location, _) = send(entry("B2-01", &ids)).await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with("/labour/class?done=entered"),
        "{location}"
    );

    let (_, page) = fetch(&app, &teacher, "/labour/class").await;
    assert_eq!(page.matches("<li class=\"record").count(), 4, "{page}");
    assert_eq!(
        page.matches("class=\"record sampled\"").count(),
        1,
        "10 % of 4 is one"
    );
    let sampled = page
        .split("class=\"record sampled\" id=\"record-")
        .nth(1)
        .unwrap();
    let record = &sampled[..sampled.find('"').unwrap()];
    let (status, _, _) = post(
        &app,
        &teacher,
        "/labour/class/decide",
        &[("record", record), ("decision", "confirmed")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = fetch(&app, &teacher, "/labour/class").await;
    assert!(page.contains("教师已核实"), "{page}");
    let (status, _, _) = post(
        &app,
        &teacher,
        "/labour/class/decide",
        &[("record", record), ("decision", "rejected")],
    )
    .await;
    assert_eq!(status, 400, "a settled record is not decided again");

    let r = format!("r-{}-", ids[0]);
    let (a, h, q) = (
        format!("{r}ability"),
        format!("{r}habit"),
        format!("{r}quality"),
    );
    let (status, _, _) = post(
        &app,
        &teacher,
        "/labour/class/rate",
        &[(&a, "5"), (&h, "4"), (&q, "4")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(audited(&app, "labour.records_add").await.len(), 1);
    assert_eq!(audited(&app, "labour.verify").await.len(), 1);
    assert_eq!(audited(&app, "labour.rate").await.len(), 1);
    assert!(
        !audited(&app, "student.read").await.is_empty(),
        "names read are recorded"
    );

    // Slips for the three home records still waiting (the checked one is settled); a parent
    // answers one link once, sees no name; used and unknown links get the same page.
    let (status, _, slips) =
        post(&app, &teacher, "/labour/class/slips", &[("week", &w.today)]).await;
    assert_eq!(status, 200, "{slips}");
    let links: Vec<&str> = slips
        .split("/labour/p/")
        .skip(1)
        .map(|t| &t[..32])
        .collect();
    assert_eq!(links.len(), 3, "{slips}");
    // Each slip carries its link as a QR code too.
    assert_eq!(slips.matches("<div class=\"qr\"").count(), 3, "{slips}");
    assert_eq!(audited(&app, "labour.links_issue").await.len(), 1);
    let parent = app.stranger();
    let path = format!("/labour/p/{}", links[0]);
    let (status, page) = fetch(&app, &parent, &path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("3年级2班") && page.contains("洗了自己的袜子和鞋"),
        "{page}"
    );
    for k in &w.a_kids {
        assert!(
            !page.contains(k.name),
            "no child's name on the parent's page"
        );
    }
    let csrf = TestApp::csrf_of(&page);
    let answer = async |path: &str, decision: &str| {
        let r = parent
            .post(app.url(path))
            .form(&[("csrf", csrf.as_str()), ("decision", decision)])
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    let (status, page) = answer(&path, "confirmed").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("id=\"labour-parent-said\"") && page.contains("已确认"),
        "{page}"
    );
    let (_, again) = answer(&path, "rejected").await;
    let (_, unknown) = answer(&format!("/labour/p/{}", "a".repeat(32)), "confirmed").await;
    let said = |p: &str| {
        p.split("labour-parent-said\">")
            .nth(1)
            .map(|s| s[..s.find('<').unwrap()].to_owned())
    };
    assert_eq!(
        said(&again),
        said(&unknown),
        "used and unknown links answer alike"
    );
    assert!(
        !again.contains("labour-parent-confirm\""),
        "no buttons on a used link"
    );
    assert_eq!(audited(&app, "labour.parent_answer").await.len(), 1);
    let (_, page) = fetch(&app, &teacher, "/labour/class").await;
    assert!(page.contains("家长已确认"), "{page}");
    in_english(
        &app,
        &parent,
        std::slice::from_ref(&format!("/labour/p/{}", links[1])),
    )
    .await;

    // The passport: the class teacher reads it (recorded), printable; the JSON agrees; the
    // administrator and another class's teacher are refused.
    let passport = format!("/labour/students/{}", w.a_kids[0].id);
    let reads = audited(&app, "student.read").await.len();
    let (status, page) = fetch(&app, &teacher, &passport).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains(w.a_kids[0].name) && page.contains("id=\"labour-points\""),
        "{page}"
    );
    assert_eq!(
        audited(&app, "student.read").await.len(),
        reads + 1,
        "the passport's read is recorded"
    );
    let (status, json) = fetch(&app, &teacher, &format!("/api/v1{passport}")).await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["passport"]["timeline"].as_array().unwrap().len(), 1);
    let admin = app.logged_in("admin", PW).await;
    assert_eq!(fetch(&app, &admin, &passport).await.0, 403);
    let other = app.logged_in("banzhuren_j", PW).await;
    assert_eq!(fetch(&app, &other, &passport).await.0, 403);
    in_english(&app, &teacher, std::slice::from_ref(&passport)).await;

    let school = app.logged_in("xuexiao_a", PW).await;
    let (status, page) = fetch(&app, &school, "/labour/class").await;
    assert_eq!(status, 200);
    assert!(page.contains("3年级2班"), "{page}");
    let (status, page) = fetch(&app, &school, "/labour/class?class=3年级2班").await;
    assert_eq!(status, 200);
    assert!(page.contains(w.a_kids[0].name));
    assert_eq!(fetch(&app, &admin, "/labour/class").await.0, 403);
    in_english(&app, &teacher, &["/labour/class".to_owned()]).await;
}
