use junheng_core::school::SchoolKind;
use junheng_io::labour::lists::read;
use junheng_labour::groups::TaskGroup;
use junheng_store::{Actor, Role, Scope};

use super::lists::*;
use super::lists::{import, withdraw};
use super::*;
use crate::pairings::{Caller, Refused};
use crate::testing::{fixture, user};
use junheng_io::labour::lists::{ListFile, columns};
use junheng_labour::checklist::RequiredGroups;
use junheng_store::StoreError;

const HEAD: &str = "项目编号,任务群,年级或学段,场所,内容,频次,次数,每次分钟,必做,安全提示,不采用";

fn file(rows: &[&str]) -> ListFile {
    read(
        format!("{HEAD}\n{}\n", rows.join("\n")).as_bytes(),
        "清单.csv",
    )
    .unwrap()
}

fn required() -> RequiredGroups {
    RequiredGroups {
        first: vec![],
        second: vec![TaskGroup::Cleaning],
        third: vec![],
        fourth: vec![],
    }
}

#[tokio::test]
async fn lists_are_checked_by_the_engine_located_versioned_and_withdrawn() {
    let f = fixture(SchoolKind::Primary, 3, 4).await;
    let op_actor = Actor::new("operator");
    let op = Caller::Operator(&op_actor);
    let school_user = user("s", Role::School, Scope::School(f.school.clone()));
    let school = Caller::User(&school_user);
    let req = required();

    // A school's list needs the district's first; a school may not write the district's.
    let own = file(&["S-1,烹饪与营养,第二学段,家庭,煮鸡蛋,每周,1,20,否,,"]);
    assert!(matches!(
        import(&f.store, &school, Some(&f.school), &own, "", &req).await,
        Err(Refused::Store(StoreError::Conflict(_)))
    ));
    let district = file(&[
        "D-1,清洁与卫生,第二学段,家庭,扫地,每周,2,15,是,,",
        "D-2,整理与收纳,第二学段,家庭,叠衣服,每周,1,10,否,,",
    ]);
    assert!(matches!(
        import(&f.store, &school, None, &district, "", &req).await,
        Err(Refused::Denied)
    ));

    // A district list without the required group is refused, located.
    let short = file(&["D-2,整理与收纳,第二学段,家庭,叠衣服,每周,1,10,否,,"]);
    let Err(Refused::Problems(p)) = import(&f.store, &op, None, &short, "", &req).await else {
        panic!("group missing")
    };
    assert_eq!(p.issues[0].code, "checklist.group_missing");
    assert_eq!(p.issues[0].column.as_deref(), Some(columns::GROUP));
    assert!(f.store.labour_list(None).await.unwrap().is_none());

    let v1 = import(&f.store, &op, None, &district, "", &req)
        .await
        .unwrap();
    assert_eq!((v1.version, v1.parent_version), (1, None));

    // The school lowers the mandatory item's minutes and drops it: both refused, at their rows.
    let lowered = file(&[
        "S-1,烹饪与营养,第二学段,家庭,煮鸡蛋,每周,1,20,否,,",
        "D-1,清洁与卫生,第二学段,家庭,扫地,每周,2,10,是,,",
        "D-2,,,,,,,,,,是",
    ]);
    let Err(Refused::Problems(p)) =
        import(&f.store, &school, Some(&f.school), &lowered, "", &req).await
    else {
        panic!("lowered")
    };
    let found: Vec<_> = p
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            "checklist.fewer_minutes",
            Some(3),
            Some(columns::MINUTES.to_owned())
        )]
    );
    let good = file(&[
        "S-1,烹饪与营养,第二学段,家庭,煮鸡蛋,每周,1,20,否,,",
        "D-2,,,,,,,,,,是",
    ]);
    import(&f.store, &school, Some(&f.school), &good, "", &req)
        .await
        .unwrap();
    let pass = LabourPass::of(&school).unwrap();
    let v = view(&f.store, &pass, &req).await.unwrap();
    let eff = v.schools[0].effective.as_ref().unwrap();
    let codes: Vec<&str> = eff.items().iter().map(|i| i.item.code.as_str()).collect();
    assert_eq!(codes, ["D-1", "S-1"]);

    // A second district version, withdrawn: the first is the list again, kept in the history.
    let v2 = import(&f.store, &op, None, &district, "", &req)
        .await
        .unwrap();
    assert_eq!((v2.version, v2.parent_version), (2, Some(1)));
    assert!(matches!(
        withdraw(&f.store, &school, None).await,
        Err(Refused::Denied)
    ));
    withdraw(&f.store, &op, None).await.unwrap();
    let current = f.store.labour_list(None).await.unwrap().unwrap();
    assert_eq!(current.version.version, 1);
    let v3 = import(&f.store, &op, None, &district, "", &req)
        .await
        .unwrap();
    assert_eq!((v3.version, v3.parent_version), (3, Some(1)));
    let district_view = view(&f.store, &LabourPass::of(&op).unwrap(), &req)
        .await
        .unwrap();
    assert_eq!(district_view.district_versions.len(), 3);
    assert_eq!(district_view.schools.len(), 1);
    assert!(district_view.schools[0].problems.is_empty());
}

mod records_seam {
    use std::collections::HashMap;

    use junheng_core::school::SchoolKind;
    use junheng_io::labour::lists::ListFile;
    use junheng_labour::calendar::{Day, Term};
    use junheng_labour::checklist::{ItemCode, RequiredGroups};
    use junheng_labour::passport::{Decision, Reporter, Status};
    use junheng_store::{Actor, Role, Scope, StoreError};

    use crate::labour::lists::import;
    use crate::labour::records::*;
    use crate::pairings::{Caller, Refused};
    use crate::testing::{fixture, keys, user};

    fn day(t: &str) -> Day {
        Day::parse(t).unwrap()
    }

    #[tokio::test]
    async fn records_are_checked_at_the_seam_and_scoped_to_the_class() {
        let f = fixture(SchoolKind::Primary, 3, 8).await;
        let op_actor = Actor::new("operator");
        let op = Caller::Operator(&op_actor);
        let list = junheng_labour::synth::district_list(1);
        let file = ListFile {
            file: "区级.xlsx".into(),
            sheet: None,
            items: list.items.clone(),
            removals: Vec::new(),
            rows: HashMap::new(),
            warnings: Vec::new(),
        };
        let req = RequiredGroups::default();
        import(&f.store, &op, None, &file, "", &req).await.unwrap();

        let teacher = user(
            "bzr",
            Role::ClassTeacher,
            Scope::Class {
                school: f.school.clone(),
                class: "三年级1班".into(),
            },
        );
        let me = Caller::User(&teacher);
        let mine = seat(&f.store, &me, None, None).await.unwrap();
        assert_eq!((mine.label.as_str(), mine.children.len()), ("3年级1班", 4));
        let head = user("head", Role::School, Scope::School(f.school.clone()));
        let theirs = seat(&f.store, &Caller::User(&head), None, Some("3年级2班"))
            .await
            .unwrap();
        assert_eq!(theirs.children.len(), 4);
        assert!(matches!(
            seat(
                &f.store,
                &Caller::User(&head),
                Some(&f.other),
                Some("3年级1班")
            )
            .await,
            Err(Refused::Denied)
        ));

        let today = day("2025-10-17");
        let entry = |item: &str, students: Vec<i64>| NewEntry {
            day: day("2025-10-15"),
            item: ItemCode::parse(item).unwrap(),
            minutes: 20,
            evidence: "洗了自己的袜子".into(),
            reporter: Reporter::Student,
            students,
        };
        // An item of another band (grades 5–6) and an item not on the list: refused, nothing written.
        for item in ["B3-01", "ZZ-1"] {
            let e = enter(
                &f.store,
                &me,
                &mine,
                &entry(item, mine.children.clone()),
                Context {
                    today,
                    required: &req,
                    keys: &keys(),
                },
            )
            .await;
            assert!(
                matches!(e, Err(Refused::Store(StoreError::Invalid(_)))),
                "{item}: {e:?}"
            );
        }
        // A child of the other class: refused.
        let e = enter(
            &f.store,
            &me,
            &mine,
            &entry("B2-01", vec![theirs.children[0]]),
            Context {
                today,
                required: &req,
                keys: &keys(),
            },
        )
        .await;
        assert!(matches!(e, Err(Refused::Denied)));
        let ids = enter(
            &f.store,
            &me,
            &mine,
            &entry("B2-01", mine.children.clone()),
            Context {
                today,
                required: &req,
                keys: &keys(),
            },
        )
        .await
        .unwrap();
        assert_eq!(ids.len(), 4);

        let w = week(&f.store, &mine, today, &keys(), 100, &req)
            .await
            .unwrap();
        assert_eq!(w.entries.len(), 4);
        assert!(
            w.entries
                .iter()
                .all(|e| e.record.evidence.as_str() == "洗了自己的袜子")
        );
        assert!(w.entries.iter().all(|e| e.status == Status::Pending));
        assert_eq!((w.spot.population, w.spot.chosen.len()), (4, 1));
        let again = week(&f.store, &mine, day("2025-10-19"), &keys(), 100, &req)
            .await
            .unwrap();
        assert_eq!(
            again.spot.chosen, w.spot.chosen,
            "the same class and week draw the same"
        );

        // The teacher checks the drawn record once; a second decision is refused by the engine.
        let drawn = w.spot.chosen[0].0;
        let s = decide(
            &f.store,
            &me,
            &mine,
            drawn,
            Decision::Confirmed,
            Context {
                today,
                required: &req,
                keys: &keys(),
            },
        )
        .await
        .unwrap();
        assert_eq!(s, Status::TeacherVerified);
        let e = decide(
            &f.store,
            &me,
            &mine,
            drawn,
            Decision::Rejected,
            Context {
                today,
                required: &req,
                keys: &keys(),
            },
        )
        .await;
        assert!(matches!(e, Err(Refused::Store(StoreError::Invalid(_)))));
        // Another class's teacher cannot decide on it.
        let e = decide(
            &f.store,
            &Caller::User(&head),
            &theirs,
            drawn,
            Decision::Confirmed,
            Context {
                today,
                required: &req,
                keys: &keys(),
            },
        )
        .await;
        assert!(matches!(e, Err(Refused::Store(StoreError::NotFound(_)))));

        assert_eq!(
            rate(
                &f.store,
                &me,
                &mine,
                &[(mine.children[0], [5, 4, 3])],
                today
            )
            .await
            .unwrap(),
            1
        );
        assert!(matches!(
            rate(
                &f.store,
                &me,
                &mine,
                &[(theirs.children[0], [5, 4, 3])],
                today
            )
            .await,
            Err(Refused::Denied)
        ));
        let ratings = f
            .store
            .labour_ratings(&mine.children, Term::of(today))
            .await
            .unwrap();
        assert_eq!(ratings.len(), 1);
        // The evidence is sealed at rest: re-sealed under a new key by the rotation, it opens
        // under the new key and no longer under the old one.
        let new = junheng_store::StudentKeys::from_bytes(&[9; 32], &[8; 32])
            .unwrap()
            .with_previous(&[7; 32]);
        let actor = junheng_store::Actor::new("operator");
        assert!(f.store.reseal_students(&new, &actor).await.unwrap() >= 4);
        let again = week(&f.store, &mine, today, &new, 100, &req).await.unwrap();
        assert_eq!(again.entries[0].record.evidence.as_str(), "洗了自己的袜子");
        let old = junheng_store::StudentKeys::from_bytes(&[7; 32], &[8; 32]).unwrap();
        assert!(week(&f.store, &mine, today, &old, 100, &req).await.is_err());
    }
}

mod links_seam {
    use std::collections::HashMap;

    use junheng_core::school::SchoolKind;
    use junheng_io::labour::lists::ListFile;
    use junheng_labour::calendar::Day;
    use junheng_labour::checklist::{ItemCode, RequiredGroups};
    use junheng_labour::passport::{Decision, Reporter, Status};
    use junheng_store::{Actor, Role, Scope, Store, StoreError};

    use crate::labour::links::*;
    use crate::labour::lists::import;
    use crate::labour::records::*;
    use crate::pairings::{Caller, Refused};
    use crate::testing::{fixture, keys, user};

    fn day(t: &str) -> Day {
        Day::parse(t).unwrap()
    }

    fn gone<T: std::fmt::Debug>(r: Result<T, Refused>) -> bool {
        matches!(r, Err(Refused::Store(StoreError::NotFound(_))))
    }

    #[tokio::test]
    async fn a_link_answers_once_until_it_expires_and_unknown_ones_alike() {
        let f = fixture(SchoolKind::Primary, 3, 4).await;
        let store = Store::open(&f.url).await.unwrap();
        let op_actor = Actor::new("operator");
        let op = Caller::Operator(&op_actor);
        let file = ListFile {
            file: "区级.xlsx".into(),
            sheet: None,
            items: junheng_labour::synth::district_list(1).items,
            removals: Vec::new(),
            rows: HashMap::new(),
            warnings: Vec::new(),
        };
        let req = RequiredGroups::default();
        import(&f.store, &op, None, &file, "", &req).await.unwrap();
        let t = user(
            "bzr",
            Role::ClassTeacher,
            Scope::Class {
                school: f.school.clone(),
                class: "三年级1班".into(),
            },
        );
        let me = Caller::User(&t);
        let mine = seat(&f.store, &me, None, None).await.unwrap();
        let today = day("2025-10-17");
        let entry = NewEntry {
            day: day("2025-10-15"),
            item: ItemCode::parse("B2-01").unwrap(),
            minutes: 15,
            evidence: "洗了袜子".into(),
            reporter: Reporter::Student,
            students: mine.children.clone(),
        };
        enter(
            &f.store,
            &me,
            &mine,
            &entry,
            Context {
                today,
                required: &req,
                keys: &keys(),
            },
        )
        .await
        .unwrap();
        let mut n = 0;
        let k = keys();
        let at = Context {
            today,
            required: &req,
            keys: &k,
        };
        let slips = issue(&f.store, &me, &mine, today, 14, at, || {
            n += 1;
            format!("{n:032x}")
        })
        .await
        .unwrap();
        assert_eq!(slips.len(), 2);
        let (a, b) = (&slips[0].token, &slips[1].token);
        let view = open(&store, &keys(), a, today, &req).await.unwrap();
        assert_eq!((view.class.as_str(), view.minutes), ("3年级1班", 15));
        assert_eq!(
            answer(&store, &keys(), a, Decision::Confirmed, today, &req)
                .await
                .unwrap(),
            Status::ParentConfirmed
        );
        // A second use, an unknown token and an expired link: the same answer.
        assert!(gone(
            answer(&store, &keys(), a, Decision::Rejected, today, &req).await
        ));
        assert!(gone(
            open(&store, &keys(), "f".repeat(32).as_str(), today, &req).await
        ));
        assert!(gone(
            answer(
                &store,
                &keys(),
                b,
                Decision::Confirmed,
                today.plus(15),
                &req
            )
            .await
        ));
        assert_eq!(
            answer(&store, &keys(), b, Decision::Rejected, today.plus(14), &req)
                .await
                .unwrap(),
            Status::Rejected
        );
    }
}
