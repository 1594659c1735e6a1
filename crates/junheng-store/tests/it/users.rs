use std::time::{Duration, SystemTime};

use junheng_core::school::SchoolCode;
use junheng_store::{NewUser, Role, Scope, Store};

use crate::helpers::Home;
use crate::helpers::dux;

store_tests!(users_and_roles, password_and_activation);

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
            "学校",
            "班主任",
            "心理教师",
            "关爱专干"
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
