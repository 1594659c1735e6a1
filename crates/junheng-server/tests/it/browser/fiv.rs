//! The issue 18 pages of bases and 五育 in the browser: the district administrator and a
//! school's account read `/five` and `/labour/bases` (by base and by school) on a phone and at
//! desktop width — the wide tables scroll inside their cards so that each page fits the screen;
//! met and not met are words as well as colours; the school sees only its own school's row and
//! no targets form.

use junheng_core::school::SchoolCode;
use junheng_labour::synth::synth;
use junheng_store::Actor;
use junheng_store::labour::{LabourRecords, StoredVisit};

use super::*;

const PASSWORD: &str = "五育浏览器-密码-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_five_and_bases_pages_fit_a_phone_and_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    let records = district(20);
    app.seed(&records).await;
    let mut schools: Vec<(SchoolCode, u32)> = records
        .iter()
        .filter(|r| r.parent_code.is_none())
        .map(|r| (r.code.clone(), 600))
        .collect();
    schools.sort();
    let s = synth(&schools, 2024);
    let store = app.home().await;
    let actor = Actor::new("admin");
    let visits: Vec<StoredVisit> = s
        .visits
        .iter()
        .map(|v| StoredVisit {
            visit: v.clone(),
            note: "劳动实践".into(),
        })
        .collect();
    for batch in [
        LabourRecords::Bases(&s.bases),
        LabourRecords::Alliances(std::slice::from_ref(&s.alliance)),
        LabourRecords::Visits(&visits),
        LabourRecords::Breaks(&s.breaks),
        LabourRecords::Arts(&s.arts),
        LabourRecords::Specialties(&s.specialties),
        LabourRecords::Football(&s.football),
        LabourRecords::Trips(&s.trips),
    ] {
        store
            .import_labour(batch, "演示.xlsx", "", &actor)
            .await
            .unwrap();
    }
    let (a, b) = (&schools[0].0, &schools[1].0);
    app.add_user("admin", PASSWORD, Role::Admin, Scope::District)
        .await;
    app.add_user("xz", PASSWORD, Role::School, Scope::School(a.clone()))
        .await;
    let pages: [(&str, &[&str]); 3] = [
        ("/five?year=2024", &["five-district", "five-schools"]),
        ("/labour/bases?year=2024", &["lb-district", "lb-list"]),
        (
            "/labour/bases?year=2024&by=school",
            &["lb-district", "lb-list"],
        ),
    ];
    let br = browser().await;
    let c = &br.client;
    for (user, district) in [("admin", true), ("xz", false)] {
        c.delete_all_cookies().await.unwrap();
        log_in(c, &app, user, PASSWORD).await;
        logged_in(c).await;
        for (width, height) in [(390, 844), (1280, 900)] {
            c.set_window_size(width, height).await.unwrap();
            for (path, ids) in &pages {
                c.goto(&app.url(path)).await.unwrap();
                assert!(fits(c).await, "{path} fits {width} px for {user}");
                for id in *ids {
                    assert!(
                        c.find(Locator::Id(id)).await.is_ok(),
                        "#{id} on {path} at {width} px for {user}"
                    );
                }
                let text = body_text(c).await;
                if !district {
                    assert!(!text.contains(b.as_str()), "{path} for {user}: {text}");
                }
                if path.starts_with("/five") {
                    // The first school is below the 大课间 target, in words.
                    assert!(
                        text.contains("未达标") && text.contains(a.as_str()),
                        "{text}"
                    );
                    assert_eq!(
                        c.find(Locator::Id("five-targets")).await.is_ok(),
                        district,
                        "{user}"
                    );
                }
            }
        }
    }
    let _ = br.client.clone().close().await;
}
