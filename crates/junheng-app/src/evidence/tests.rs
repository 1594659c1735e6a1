use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::SchoolRecord;
use junheng_store::{ImportSource, Store};

use super::*;

fn user(role: Role, scope: Scope) -> User {
    crate::testing::user(&format!("{}-user", role.id()), role, scope)
}

fn code(text: &str) -> SchoolCode {
    SchoolCode::parse(text).unwrap()
}

#[test]
fn attaching_implies_reading_and_misfit_scopes_get_nothing() {
    let a = code("5001120001");
    let b = code("5001120002");
    let places = [
        Placement::default(),
        Placement {
            group: Some("一集团".into()),
            ..Placement::default()
        },
        Placement {
            school: Some(a.clone()),
            group: Some("一集团".into()),
            zone: Some("城南学区".into()),
            department: None,
        },
        Placement {
            school: Some(b.clone()),
            ..Placement::default()
        },
        Placement {
            zone: Some("城南学区".into()),
            ..Placement::default()
        },
    ];
    let scopes = [
        Scope::District,
        Scope::Group("一集团".into()),
        Scope::Group("二集团".into()),
        Scope::Zone("城南学区".into()),
        Scope::Zone("城北学区".into()),
        Scope::School(a.clone()),
        Scope::School(b),
        Scope::City("500100".into()),
        Scope::Class {
            school: a,
            class: "七年级3班".into(),
        },
    ];
    for role in Role::ALL {
        for scope in &scopes {
            for kind in RecordKind::ALL {
                for place in &places {
                    let got = access(role, scope, kind, place);
                    assert!(
                        !got.attach || got.read,
                        "{role:?} {scope:?} {kind:?} {place:?}"
                    );
                    if !role.accepts(scope) {
                        assert_eq!(got, Access::NONE, "{role:?} {scope:?}");
                    }
                    if matches!(role, Role::City | Role::Province) {
                        assert!(!got.attach);
                        assert_eq!(got.read, role.accepts(scope) && kind != RecordKind::Teacher);
                    }
                    if role.is_sensitive() {
                        assert_eq!(got, Access::NONE);
                    }
                }
            }
        }
    }
}

#[test]
fn the_table_of_the_module_documentation() {
    let a = code("5001120001");
    let member = Placement {
        school: Some(a.clone()),
        group: Some("一集团".into()),
        zone: Some("城南学区".into()),
        department: None,
    };
    let group = Placement {
        group: Some("一集团".into()),
        ..Placement::default()
    };
    let nowhere = Placement::default();
    let lead = Scope::Group("一集团".into());
    let school = Scope::School(a);
    let zone = Scope::Zone("城南学区".into());
    let zone_record = Placement {
        zone: Some("城南学区".into()),
        ..Placement::default()
    };
    let may = |role, scope: &Scope, kind, place: &Placement| {
        let x = access(role, scope, kind, place);
        (x.read, x.attach)
    };
    use RecordKind as K;
    assert_eq!(
        may(Role::Admin, &Scope::District, K::Task, &nowhere),
        (true, true)
    );
    // A zone lead reads their 学区's schools' documents and attaches to the 学区 itself.
    assert_eq!(
        may(Role::ZoneLead, &zone, K::School, &member),
        (true, false)
    );
    assert_eq!(
        may(Role::ZoneLead, &zone, K::Zone, &zone_record),
        (true, true)
    );
    assert_eq!(may(Role::ZoneLead, &zone, K::Group, &group), (false, false));
    // A 责任部门 works on the documents of its own tasks, nothing else.
    let cz = Scope::Department("区财政局".into());
    let its_task = Placement {
        department: Some("区财政局".into()),
        ..Placement::default()
    };
    assert_eq!(may(Role::Department, &cz, K::Task, &its_task), (true, true));
    let rs = Scope::Department("区人社局".into());
    assert_eq!(
        may(Role::Department, &rs, K::Task, &its_task),
        (false, false)
    );
    assert_eq!(
        may(Role::Department, &cz, K::Task, &nowhere),
        (false, false)
    );
    assert_eq!(
        may(Role::Department, &cz, K::SupervisionItem, &its_task),
        (false, false)
    );
    let elsewhere = Scope::Zone("城北学区".into());
    assert_eq!(
        may(Role::ZoneLead, &elsewhere, K::School, &member),
        (false, false)
    );
    assert_eq!(
        may(Role::Supervisor, &Scope::District, K::Finding, &nowhere),
        (true, true)
    );
    assert_eq!(
        may(
            Role::Supervisor,
            &Scope::District,
            K::SupervisionItem,
            &nowhere
        ),
        (true, true)
    );
    assert_eq!(
        may(Role::Supervisor, &Scope::District, K::Group, &group),
        (true, false)
    );
    assert_eq!(may(Role::GroupLead, &lead, K::Group, &group), (true, true));
    assert_eq!(
        may(Role::GroupLead, &lead, K::School, &member),
        (true, true)
    );
    assert_eq!(
        may(Role::GroupLead, &lead, K::Teacher, &member),
        (true, false)
    );
    assert_eq!(
        may(Role::GroupLead, &lead, K::Finding, &nowhere),
        (false, false)
    );
    assert_eq!(may(Role::School, &school, K::School, &member), (true, true));
    assert_eq!(may(Role::School, &school, K::Task, &member), (true, true));
    assert_eq!(
        may(Role::School, &school, K::Teacher, &member),
        (true, false)
    );
    assert_eq!(may(Role::School, &school, K::Group, &group), (false, false));
    assert_eq!(
        may(Role::School, &school, K::Task, &nowhere),
        (false, false)
    );
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";

fn pdf(n: u8) -> Vec<u8> {
    let mut b = PDF.to_vec();
    b.push(b'0' + n);
    b
}

async fn district() -> (tempfile::TempDir, Store, DistrictStore, Vec<SchoolRecord>) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    let home = store.in_district(store.only_district().await.unwrap().id);
    let records = generate(&DemoSpec {
        schools: 40,
        seed: 5,
        year: 2024,
    });
    let source = ImportSource::new("2024.csv", b"x", "");
    home.import_statistics(2024, &records, &source, &Actor::system())
        .await
        .unwrap();
    (dir, store, home, records)
}

#[tokio::test]
async fn attaching_and_reading_follow_the_caller_s_scope() {
    let (_dir, _store, home, records) = district().await;
    let grouped = records.iter().find(|r| r.group.is_some()).unwrap();
    let group_name = grouped.group.clone().unwrap();
    let outside = records
        .iter()
        .find(|r| r.group.as_deref() != Some(&group_name))
        .unwrap();
    let group = RecordRef::new(RecordKind::Group, &group_name).unwrap();
    let own_school = RecordRef::new(RecordKind::School, grouped.code.as_str()).unwrap();
    let other_school = RecordRef::new(RecordKind::School, outside.code.as_str()).unwrap();
    let lead = user(Role::GroupLead, Scope::Group(group_name.clone()));
    let school = user(Role::School, Scope::School(grouped.code.clone()));
    let supervisor = user(Role::Supervisor, Scope::District);
    let upload = |record, title| Upload {
        record,
        title,
        note: "",
    };
    let file = |n: u8, name: &str| junheng_io::evidence::check(pdf(n), name).unwrap();

    let charter = attach(
        &home,
        &Caller::User(&lead),
        &upload(&group, "集团章程"),
        &file(1, "章程.pdf"),
    )
    .await
    .unwrap();
    assert_eq!(
        (charter.version, charter.uploaded_by.as_str()),
        (1, "group_lead-user")
    );
    attach(
        &home,
        &Caller::User(&lead),
        &upload(&own_school, "办学章程"),
        &file(2, "校章.pdf"),
    )
    .await
    .unwrap();
    let denied = attach(
        &home,
        &Caller::User(&lead),
        &upload(&other_school, "办学章程"),
        &file(3, "校章.pdf"),
    )
    .await
    .unwrap_err();
    assert!(matches!(denied, Refused::Denied), "{denied}");
    let denied = attach(
        &home,
        &Caller::User(&supervisor),
        &upload(&group, "集团章程"),
        &file(4, "章程.pdf"),
    )
    .await
    .unwrap_err();
    assert_eq!(denied.code(), "evidence.denied");
    let finding = RecordRef::new(RecordKind::Finding, "17").unwrap();
    attach(
        &home,
        &Caller::User(&supervisor),
        &upload(&finding, "整改照片"),
        &file(5, "照片.pdf"),
    )
    .await
    .unwrap();
    let unknown = RecordRef::new(RecordKind::Group, "没有这个集团").unwrap();
    let err = attach(
        &home,
        &Caller::User(&lead),
        &upload(&unknown, "集团章程"),
        &file(6, "章程.pdf"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "store.not_found");

    // Reading follows seeing.
    let shown = documents(&home, &Caller::User(&school), &own_school, false)
        .await
        .unwrap();
    assert_eq!(shown.len(), 1);
    assert!(matches!(
        documents(&home, &Caller::User(&school), &group, false).await,
        Err(Refused::Denied)
    ));
    let (found, bytes) = open(&home, &Caller::User(&lead), charter.id).await.unwrap();
    assert_eq!((found.id, bytes), (charter.id, pdf(1)));
    assert!(matches!(
        open(&home, &Caller::User(&school), charter.id).await,
        Err(Refused::Denied)
    ));
    let mine: Vec<String> = visible(&home, &Caller::User(&school))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert_eq!(mine, ["办学章程"]);
    assert_eq!(
        visible(&home, &Caller::User(&supervisor))
            .await
            .unwrap()
            .len(),
        3
    );
    assert_eq!(visible(&home, &Caller::User(&lead)).await.unwrap().len(), 2);

    // A task sits at the school that owns it: that school attaches its 整改 evidence.
    let owner =
        junheng_store::TaskOwner::new(junheng_store::OwnerKind::School, grouped.code.as_str())
            .unwrap();
    let task = home
        .create_task(
            &junheng_store::NewTask {
                title: "整改",
                detail: "",
                owner: &owner,
                deadline: "2030-01-31",
                source: None,
            },
            &Actor::system(),
        )
        .await
        .unwrap();
    let task = RecordRef::new(RecordKind::Task, &task.id.to_string()).unwrap();
    attach(
        &home,
        &Caller::User(&school),
        &upload(&task, "整改照片"),
        &file(8, "照片.pdf"),
    )
    .await
    .unwrap();
    let other = user(Role::School, Scope::School(outside.code.clone()));
    let denied = attach(
        &home,
        &Caller::User(&other),
        &upload(&task, "整改照片"),
        &file(9, "照片.pdf"),
    )
    .await
    .unwrap_err();
    assert!(matches!(denied, Refused::Denied), "{denied}");
    assert_eq!(
        documents(&home, &Caller::User(&lead), &task, false)
            .await
            .unwrap()
            .len(),
        1
    );
    let missing = RecordRef::new(RecordKind::Task, "999999").unwrap();
    assert_eq!(
        documents(&home, &Caller::User(&supervisor), &missing, false)
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );

    // The operator may everything; an unchecked file is checked first.
    let operator = Actor::new("operator");
    let err = attach_file(
        &home,
        &Caller::Operator(&operator),
        &upload(&group, "集团章程"),
        "章程.pdf",
        b"<html></html>".to_vec(),
        1 << 20,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "evidence.type");
    let v2 = attach_file(
        &home,
        &Caller::Operator(&operator),
        &upload(&group, "集团章程"),
        "章程.pdf",
        pdf(7),
        1 << 20,
    )
    .await
    .unwrap();
    assert_eq!((v2.version, v2.uploaded_by.as_str()), (2, "operator"));
    let err = attach_file(
        &home,
        &Caller::Operator(&operator),
        &upload(&group, "集团章程"),
        "章程-副本.pdf",
        pdf(1),
        1 << 20,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(err.to_string().contains("第 1 版"), "{err}");
}
