use std::time::{Duration, SystemTime};

use junheng_core::school::SchoolCode;
use junheng_store::{
    Actor, DistrictKind, ExternalIdentity, ExternalLogin, NewDistrict, NewUser, Role, Scope, Store,
};

use crate::helpers::Home;
use crate::helpers::dux;

store_tests!(users_and_roles, password_and_activation, external_users);

/// A user to create; display names are real people's names in production.
pub fn new_user(name: &str, role: Role, scope: Scope) -> NewUser {
    NewUser {
        name: name.into(),
        display_name: "张三".into(),
        role,
        scope,
        district: None,
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt${name}"),
    }
}

fn school(code: &str) -> Scope {
    Scope::School(SchoolCode::parse(code).unwrap())
}

async fn users_and_roles(store: Store) {
    let admin = store
        .create_home_user(&new_user("admin", Role::Admin, Scope::District), &dux())
        .await
        .unwrap();
    assert_eq!(
        (admin.name.as_str(), admin.role, admin.active),
        ("admin", Role::Admin, true)
    );
    let err = store
        .create_home_user(
            &new_user("admin", Role::Supervisor, Scope::District),
            &dux(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(
        !err.to_string().contains("admin"),
        "no user names in messages: {err}"
    );

    let lead = store
        .create_home_user(
            &new_user(
                "lead",
                Role::GroupLead,
                Scope::Group("渝北区第一教育集团".into()),
            ),
            &dux(),
        )
        .await
        .unwrap();
    let head = store
        .create_home_user(
            &new_user("head", Role::School, school("5001120001")),
            &dux(),
        )
        .await
        .unwrap();
    let dux_user = store
        .create_home_user(&new_user("du", Role::Supervisor, Scope::District), &dux())
        .await
        .unwrap();

    for (role, scope) in [
        (Role::GroupLead, Scope::District),
        (Role::GroupLead, school("5001120001")),
        (Role::GroupLead, Scope::Group(" ".into())),
        (Role::School, Scope::Group("集团".into())),
        (Role::School, Scope::District),
        (Role::Supervisor, school("5001120001")),
        (Role::Admin, Scope::Group("集团".into())),
    ] {
        let err = store
            .create_home_user(&new_user("x", role, scope.clone()), &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{role:?} {scope:?}");
    }
    for name in ["", "with space", &"长".repeat(65)] {
        let err = store
            .create_home_user(&new_user(name, Role::Admin, Scope::District), &dux())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{name:?}");
    }

    assert_eq!(
        store.users(None).await.unwrap(),
        vec![admin.clone(), lead.clone(), head.clone(), dux_user]
    );
    assert_eq!(store.user(head.id).await.unwrap(), Some(head.clone()));
    assert_eq!(store.user(9999).await.unwrap(), None);
    let with_hash = store.user_by_name("lead").await.unwrap().unwrap();
    assert_eq!(with_hash.user, lead);
    assert!(with_hash.password_hash.ends_with("$lead"));
    assert!(
        !format!("{with_hash:?}").contains("argon2"),
        "Debug hides the hash"
    );
    assert!(store.user_by_name("nobody").await.unwrap().is_none());

    assert_eq!(head.scope, school("5001120001"));
    let json = serde_json::to_value(&lead).unwrap();
    assert_eq!(json["role"], "group_lead");
    assert_eq!(json["scope"]["kind"], "group");
    assert_eq!(json["scope"]["value"], "渝北区第一教育集团");
    assert!(json.get("password_hash").is_none());

    for role in Role::ALL {
        assert_eq!(Role::parse(role.id()), Some(role));
    }
    assert_eq!(
        Role::ALL.map(Role::label),
        [
            "省级",
            "市级",
            "管理员",
            "督学",
            "集团负责人",
            "学区负责人",
            "学校",
            "班主任",
            "任课教师",
            "心理教师",
            "关爱专干",
            "控辍保学专干",
            "校医",
            "心理危机干预小组",
            "责任部门"
        ]
    );
}

async fn password_and_activation(store: Store) {
    let user = store
        .create_home_user(&new_user("wang", Role::Supervisor, Scope::District), &dux())
        .await
        .unwrap();
    let later = SystemTime::now() + Duration::from_secs(3600);
    store
        .create_session("s1", user.id, "c1", later)
        .await
        .unwrap();

    store
        .set_password(user.id, "$argon2id$new", &dux())
        .await
        .unwrap();
    assert_eq!(
        store
            .user_by_name("wang")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "$argon2id$new"
    );
    assert!(
        store
            .session("s1", SystemTime::now())
            .await
            .unwrap()
            .is_none(),
        "a new password ends sessions"
    );
    assert_eq!(
        store
            .set_password(4242, "h", &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    assert_eq!(
        store
            .set_password(user.id, "", &dux())
            .await
            .unwrap_err()
            .code(),
        "store.invalid"
    );

    store.set_active(user.id, false, &dux()).await.unwrap();
    assert!(!store.user(user.id).await.unwrap().unwrap().active);
    store.set_active(user.id, true, &dux()).await.unwrap();
    assert!(store.user(user.id).await.unwrap().unwrap().active);
    assert_eq!(
        store
            .set_active(4242, true, &dux())
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
}

fn identity(subject: &str, name: &str, role: Role, scope: Scope) -> ExternalIdentity {
    ExternalIdentity {
        issuer: "https://id.example.cn".into(),
        subject: subject.into(),
        name: name.into(),
        display_name: "李四".into(),
        role,
        scope,
        district: None,
    }
}

/// Users of the identity service: created at the first login, found by issuer and subject
/// afterwards (their name fixed), role, scope and district following the claims, no password,
/// a sensitive grant pending an administrator, and an administrator's deactivation winning.
async fn external_users(store: Store) {
    let sso = Actor::new("统一身份认证");
    let home = store.home().await.id();
    let other = store
        .add_district(
            &NewDistrict {
                code: "500229".into(),
                name: "城口县".into(),
                kind: DistrictKind::Xian,
                city: ("500100".into(), "重庆市".into()),
                province: ("500000".into(), "重庆市".into()),
            },
            &dux(),
        )
        .await
        .unwrap()
        .id;
    let in_home = |mut i: ExternalIdentity| {
        i.district = Some(home);
        i
    };
    let first = in_home(identity("sub-1", "li4", Role::School, school("5001120001")));
    let ExternalLogin::Ready { user, created } = store.external_login(&first, &sso).await.unwrap()
    else {
        panic!("a new identity gets a row");
    };
    assert!(created && user.external && user.active);
    assert_eq!(user.district, Some(home));
    assert_eq!(store.user(user.id).await.unwrap(), Some(user.clone()));
    assert_eq!(
        store
            .user_by_name("li4")
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "",
        "no password"
    );
    // The claims changed: same row, new role, scope and district; a renamed login name is not
    // followed.
    let promoted = ExternalIdentity {
        name: "li4-new".into(),
        district: Some(other),
        ..identity("sub-1", "li4", Role::Supervisor, Scope::District)
    };
    let ExternalLogin::Ready {
        user: again,
        created,
    } = store.external_login(&promoted, &sso).await.unwrap()
    else {
        panic!("the identity has its row");
    };
    assert!(!created);
    assert_eq!(
        (
            again.id,
            again.name.as_str(),
            again.role,
            &again.scope,
            again.district
        ),
        (
            user.id,
            "li4",
            Role::Supervisor,
            &Scope::District,
            Some(other)
        )
    );
    assert_eq!(store.user(user.id).await.unwrap(), Some(again.clone()));
    let actions: Vec<String> = store
        .audit_log(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.detail.contains("via=sso"))
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["user.update", "user.create"]);
    // No local password for it.
    assert_eq!(
        store
            .set_password(user.id, "$argon2id$x", &dux())
            .await
            .unwrap_err()
            .code(),
        "store.invalid"
    );
    // A city user has no district.
    let city = identity("sub-c", "city1", Role::City, Scope::City("500100".into()));
    let ExternalLogin::Ready { user: city, .. } = store.external_login(&city, &sso).await.unwrap()
    else {
        panic!("a city user gets a row");
    };
    assert_eq!(city.district, None);
    // Another person whose login name a local user already has gets nothing.
    let wang = NewUser {
        district: Some(home),
        ..new_user("wang", Role::Admin, Scope::District)
    };
    store.create_user(&wang, &dux()).await.unwrap();
    let clash = in_home(identity("sub-2", "wang", Role::Admin, Scope::District));
    assert_eq!(
        store.external_login(&clash, &sso).await.unwrap(),
        ExternalLogin::NameTaken
    );
    // A grant that reads named children waits for an administrator, at creation and when the
    // claims change to one; confirmed, the next login is ready.
    let psych = in_home(identity(
        "sub-p",
        "psy",
        Role::PsychTeacher,
        school("5001120001"),
    ));
    let ExternalLogin::Pending(pending) = store.external_login(&psych, &sso).await.unwrap() else {
        panic!("a sensitive grant waits");
    };
    assert!(!pending.active && pending.pending_by.as_deref() == Some("统一身份认证"));
    assert!(matches!(
        store.external_login(&psych, &sso).await.unwrap(),
        ExternalLogin::Pending(_)
    ));
    store.confirm_user(pending.id, &dux()).await.unwrap();
    assert!(matches!(
        store.external_login(&psych, &sso).await.unwrap(),
        ExternalLogin::Ready { user, created: false } if user.active
    ));
    let care = in_home(identity(
        "sub-1",
        "li4",
        Role::CareOfficer,
        school("5001120001"),
    ));
    let ExternalLogin::Pending(changed) = store.external_login(&care, &sso).await.unwrap() else {
        panic!("a new sensitive grant waits");
    };
    assert_eq!((changed.id, changed.role), (user.id, Role::CareOfficer));
    store.confirm_user(user.id, &dux()).await.unwrap();
    // Deactivated by an administrator: refused, and the claims change nothing.
    store.set_active(user.id, false, &dux()).await.unwrap();
    let ExternalLogin::Inactive(inactive) = store.external_login(&first, &sso).await.unwrap()
    else {
        panic!("a deactivated row stays deactivated");
    };
    assert_eq!(inactive.role, Role::CareOfficer);
    // What a local user may not have, an external one may not either.
    for bad in [
        in_home(identity(
            "sub-3",
            "with space",
            Role::Admin,
            Scope::District,
        )),
        in_home(identity("sub-3", "x", Role::School, Scope::District)),
        in_home(identity("", "y", Role::Admin, Scope::District)),
        in_home(identity(
            &"s".repeat(256),
            "z",
            Role::Admin,
            Scope::District,
        )),
        identity("sub-3", "no-district", Role::Admin, Scope::District),
        in_home(identity(
            "sub-3",
            "c",
            Role::City,
            Scope::City("500100".into()),
        )),
    ] {
        let e = store.external_login(&bad, &sso).await.unwrap_err();
        assert_eq!(e.code(), "store.invalid", "{bad:?}");
    }
}
