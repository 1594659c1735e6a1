//! Many districts in one database: isolation, the in-place migration of a database made by the
//! single-district release, district backups restored beside other districts, and the
//! permission grants of the city.

use std::io::Cursor;

use junheng_core::school::SchoolCode;
use junheng_rotation::MoveKind;
use junheng_store::{
    Activation, Actor, AuditFilter, DistrictKind, GroupInfo, MoveSource, NewDistrict, Role, Scope,
    Store, action,
};
use serde_json::Value;
use sqlx::{Connection, Executor};

use crate::backup::{populate, reads};
use crate::helpers::{Home, demo, dux, postgres_store, source, sqlite_store};
use crate::roster::teachers;
use crate::rotation::{everything, mv};
use crate::users::new_user;

store_tests!(
    districts_keep_to_themselves,
    sensitive_grants_need_a_second_admin
);
url_tests!(
    a_release_5_database_migrates_in_place,
    a_release_5_database_of_users_only_gets_its_district
);

fn district(code: &str, name: &str) -> NewDistrict {
    NewDistrict {
        code: code.into(),
        name: name.into(),
        kind: if name.ends_with('县') {
            DistrictKind::Xian
        } else {
            DistrictKind::Qu
        },
        city: ("500100".into(), "重庆市".into()),
        province: ("500000".into(), "重庆市".into()),
    }
}

async fn districts_keep_to_themselves(store: Store) {
    let admin = Actor::new("city-admin");
    let a = store
        .add_district(&district("500112", "渝北区"), &admin)
        .await
        .unwrap();
    let b = store
        .add_district(&district("500229", "城口县"), &admin)
        .await
        .unwrap();
    assert_eq!(b.kind, DistrictKind::Xian);
    let err = store
        .add_district(&district("500112", "重复"), &admin)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    let err = store.only_district().await.unwrap_err();
    assert!(err.to_string().contains("--district"), "{err}");
    assert_eq!(store.district_for(Some("500229")).await.unwrap(), b);
    assert_eq!(
        store.district_for(Some("999999")).await.unwrap_err().code(),
        "store.invalid"
    );

    let (da, db) = (store.in_district(a.id), store.in_district(b.id));
    da.import_statistics(2024, &demo(30, 1, 2024), &source("a.xlsx"), &admin)
        .await
        .unwrap();
    let first_b = db
        .import_statistics(2024, &demo(12, 2, 2024), &source("b.xlsx"), &admin)
        .await
        .unwrap();
    // Versions are counted per district.
    assert_eq!(first_b.version, 1);
    assert_eq!(da.statistics(2024, None).await.unwrap().len(), 30);
    assert_eq!(db.statistics(2024, None).await.unwrap().len(), 12);
    // A school belongs to its own district only (regression: the check failed on PostgreSQL).
    let b_schools = db.statistics(2024, None).await.unwrap();
    let a_only = da
        .statistics(2024, None)
        .await
        .unwrap()
        .into_iter()
        .find(|a| b_schools.iter().all(|b| b.code != a.code))
        .expect("a school of A only")
        .code;
    assert!(da.has_school(&a_only).await.unwrap());
    assert!(!db.has_school(&a_only).await.unwrap());

    // A group's name and a roster's version are unique within a district only.
    da.save_group("第一教育集团", &GroupInfo::new("紧密型", None), &admin)
        .await
        .unwrap();
    db.save_group("第一教育集团", &GroupInfo::new("联盟型", None), &admin)
        .await
        .unwrap();
    let kind = |d: &junheng_store::DistrictStore| {
        let d = d.clone();
        async move { d.group("第一教育集团").await.unwrap().unwrap().group.kind }
    };
    assert_eq!(kind(&da).await, "紧密型");
    assert_eq!(kind(&db).await, "联盟型");
    da.replace_roster(2024, &teachers(2024, 20), &admin)
        .await
        .unwrap();
    let rb = db
        .replace_roster(2024, &teachers(2024, 5), &admin)
        .await
        .unwrap();
    assert_eq!(rb.version, 1);
    assert_eq!(db.roster(2024).await.unwrap().len(), 5);

    // The same teacher id in two districts: two ledgers, no overlap between them.
    let m = [mv("T0001", 1, 2, (2024, 2026), MoveKind::Exchange)];
    da.add_moves(&m, MoveSource::Manual, &admin, None)
        .await
        .unwrap();
    db.add_moves(&m, MoveSource::Manual, &admin, None)
        .await
        .unwrap();
    let a_moves = da.moves(&everything()).await.unwrap();
    assert_eq!(a_moves.len(), 1);
    assert_eq!(db.moves(&everything()).await.unwrap().len(), 1);
    // A district cannot reach another's rows by id.
    assert_eq!(
        db.cancel_move(a_moves[0].id, &admin, "误删")
            .await
            .unwrap_err()
            .code(),
        "store.not_found"
    );
    let lottery = da
        .create_lottery("派位", "{}", "d", None, &admin)
        .await
        .unwrap();
    assert!(db.lottery(lottery).await.unwrap().is_none());
    assert!(db.lotteries().await.unwrap().is_empty());
    let record = &demo(1, 3, 2024)[0];
    let sub = db.submit(record, &admin).await.unwrap();
    assert!(da.submissions(None).await.unwrap().is_empty());
    assert_eq!(
        da.decide(sub, true, "", &admin).await.unwrap_err().code(),
        "store.not_found"
    );

    // The audit log names each district's entries.
    let only_b = store
        .audit_log(&AuditFilter {
            district: Some(b.id),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert!(!only_b.is_empty());
    assert!(only_b.iter().all(|e| e.district == Some(b.id)));
}

async fn sensitive_grants_need_a_second_admin(store: Store) {
    let home = store.only_district().await.unwrap();
    let (first, second) = (Actor::new("admin1"), Actor::new("admin2"));
    let school = SchoolCode::parse("5001120001").unwrap();
    let scope = Scope::Class {
        school: school.clone(),
        class: "七年级3班".into(),
    };
    let teacher = store
        .create_home_user(&new_user("banzhuren", Role::ClassTeacher, scope), &first)
        .await
        .unwrap();
    assert!(!teacher.active);
    assert_eq!(teacher.pending_by.as_deref(), Some("admin1"));
    assert_eq!(teacher.district, Some(home.id));

    let err = store.confirm_user(teacher.id, &first).await.unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(!store.user(teacher.id).await.unwrap().unwrap().active);
    assert_eq!(
        store.confirm_user(teacher.id, &second).await.unwrap(),
        Activation::Active
    );
    let confirmed = store.user(teacher.id).await.unwrap().unwrap();
    assert!(confirmed.active && confirmed.pending_by.is_none());
    assert_eq!(
        store
            .confirm_user(teacher.id, &second)
            .await
            .unwrap_err()
            .code(),
        "store.invalid"
    );

    // Reactivating a sensitive grant asks again.
    assert_eq!(
        store.set_active(teacher.id, false, &first).await.unwrap(),
        Activation::Inactive
    );
    assert_eq!(
        store.set_active(teacher.id, true, &first).await.unwrap(),
        Activation::Pending
    );
    assert!(!store.user(teacher.id).await.unwrap().unwrap().active);
    store.confirm_user(teacher.id, &second).await.unwrap();
    let log = store
        .audit_log(&AuditFilter {
            action_prefix: Some(action::USER_CONFIRM.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.actor == "admin2"));

    // A school role that reads no child is active at once.
    let head = store
        .create_home_user(
            &new_user("head", Role::School, Scope::School(school)),
            &first,
        )
        .await
        .unwrap();
    assert!(head.active && head.pending_by.is_none());

    // City users belong to no district; district roles must name one.
    let city = store
        .create_user(
            &new_user("shiji", Role::City, Scope::City("500100".into())),
            &first,
        )
        .await
        .unwrap();
    assert_eq!(city.district, None);
    let mut orphan = new_user("orphan", Role::Admin, Scope::District);
    assert_eq!(
        store.create_user(&orphan, &first).await.unwrap_err().code(),
        "store.invalid"
    );
    orphan.role = Role::City;
    orphan.scope = Scope::City("500100".into());
    orphan.district = Some(home.id);
    assert_eq!(
        store.create_user(&orphan, &first).await.unwrap_err().code(),
        "store.invalid"
    );
}

/// Statements that write `rows` (backup lines of the current schema) into a database of
/// release 5's schema: the columns release 6 added are left out. The second text gives an
/// identity-service user (统一身份认证, migration 9), which release 5 could not hold, its issuer
/// and subject once the database is migrated, and a user's one-time password mark (migration
/// 10).
fn release_5_inserts(backup: &str, postgres: bool) -> (String, String) {
    // Columns of later migrations (9 onwards): written after the migration, by UPDATE.
    const LATER: [(&str, &str); 15] = [
        ("users", "sso_issuer"),
        ("users", "sso_subject"),
        ("users", "must_change_password"),
        ("imports", "kind"),
        ("imports", "based_on"),
        ("roster_versions", "file_name"),
        ("roster_versions", "kind"),
        ("roster_versions", "based_on"),
        ("rotation_moves", "batch_id"),
        ("edu_groups", "founded_on"),
        ("edu_groups", "status"),
        ("edu_groups", "legal_form"),
        ("edu_groups", "note"),
        ("school_years", "music_room_area"),
        ("school_years", "art_room_area"),
    ];
    let mut later = String::new();
    // Tables of later migrations (13 onwards).
    const AFTER_5: [&str; 12] = [
        "evidence",
        "tasks",
        "task_events",
        "zones",
        "pairings",
        "pairing_schools",
        "pairing_activities",
        "classroom_imports",
        "classroom_sessions",
        "supervisor_assignments",
        "supervision_visits",
        "supervision_findings",
    ];
    const ADDED: [(&str, &str); 13] = [
        ("districts", "kind"),
        ("districts", "city_code"),
        ("districts", "city_name"),
        ("districts", "province_code"),
        ("districts", "province_name"),
        ("edu_groups", "district_id"),
        ("users", "district_id"),
        ("users", "pending_by"),
        ("submissions", "district_id"),
        ("lotteries", "district_id"),
        ("roster_versions", "district_id"),
        ("rotation_moves", "district_id"),
        ("audit_log", "district_id"),
    ];
    let mut sql = String::new();
    let mut tables = Vec::new();
    let lines: Vec<Value> = backup
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for value in &lines {
        let (Some(table), Some(row)) = (value["table"].as_str(), value["row"].as_object()) else {
            continue;
        };
        let mut columns = Vec::new();
        let mut values = Vec::new();
        for (column, v) in row {
            if ADDED.contains(&(table, column.as_str())) {
                continue;
            }
            if LATER.contains(&(table, column.as_str())) {
                let value = match v {
                    Value::String(v) => Some(format!("'{}'", v.replace('\'', "''"))),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
                // `school_years` has no id: its key is the import and the school.
                let key = match row.get("id") {
                    Some(id) => format!("id = {id}"),
                    None => format!(
                        "import_id = {} AND school_code = {}",
                        row["import_id"],
                        row["school_code"].to_string().replace('"', "'")
                    ),
                };
                if let Some(value) = value {
                    later.push_str(&format!(
                        "UPDATE {table} SET {column} = {value} WHERE {key};\n"
                    ));
                }
                continue;
            }
            columns.push(column.as_str());
            values.push(match v {
                Value::Null => "NULL".to_owned(),
                Value::Number(n) => n.to_string(),
                Value::String(s) => format!("'{}'", s.replace('\'', "''")),
                other => panic!("{other}"),
            });
        }
        // Rows of tables that release 5 did not have are written after the migration.
        let after = AFTER_5.contains(&table);
        let insert = format!(
            "INSERT INTO {table} ({}) VALUES ({});\n",
            columns.join(", "),
            values.join(", ")
        );
        if after {
            later.push_str(&insert);
        } else {
            sql.push_str(&insert);
        }
        if row.contains_key("id") && !tables.contains(&(table, after)) {
            tables.push((table, after));
        }
    }
    if postgres {
        for (table, after) in tables {
            let setval = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT MAX(id) FROM {table}));\n"
            );
            if after {
                later.push_str(&setval);
            } else {
                sql.push_str(&setval);
            }
        }
    }
    (sql, later)
}

async fn execute(url: &str, sql: &str) {
    if url.starts_with("sqlite") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(sql.to_owned()))
            .await
            .unwrap();
        conn.close().await.unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(sql.to_owned()))
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
}

/// A database holding what release 5 (one district per database) wrote — every table — is
/// migrated by opening it: every row is kept, under its district, and reads back the same as
/// the database the rows came from.
async fn a_release_5_database_migrates_in_place(url: String) {
    let (reference, _dir) = sqlite_store().await;
    populate(&reference).await;
    let mut dump = Vec::new();
    let written = reference.backup(&mut dump, None).await.unwrap();
    let dump = String::from_utf8(dump).unwrap();

    Store::create_schema_of_release(&url, 5).await.unwrap();
    let (inserts, later) = release_5_inserts(&dump, url.starts_with("postgres"));
    execute(&url, &inserts).await;
    let store = Store::open(&url).await.unwrap();
    assert_eq!(
        store.schema_version().await.unwrap(),
        junheng_store::SCHEMA_VERSION
    );
    execute(&url, &later).await;
    assert!(reads(&reference).await == reads(&store).await);
    let mut again = Vec::new();
    let migrated = store.backup(&mut again, None).await.unwrap();
    assert_eq!(migrated, written, "every row of every table is kept");
    let again = String::from_utf8(again).unwrap();
    assert_eq!(
        dump.lines().skip(1).collect::<Vec<_>>(),
        again.lines().skip(1).collect::<Vec<_>>()
    );

    // The migrated database goes on: a second district beside the first.
    let other = store
        .add_district(&district("500229", "城口县"), &dux())
        .await
        .unwrap();
    let d = store.in_district(other.id);
    d.save_group("第一教育集团", &GroupInfo::new("", None), &dux())
        .await
        .unwrap();
    d.replace_roster(2024, &teachers(2024, 3), &dux())
        .await
        .unwrap();
    assert_eq!(d.roster_versions(2024).await.unwrap()[0].version, 1);
    store.close().await;
    reference.close().await;
}

async fn a_release_5_database_of_users_only_gets_its_district(url: String) {
    Store::create_schema_of_release(&url, 5).await.unwrap();
    execute(
        &url,
        "INSERT INTO users (name, display_name, role, scope_kind, scope_ref, password_hash, \
         active, created_at) VALUES ('admin', '管理员', 'admin', 'district', '', 'h', 1, \
         '2025-01-01T00:00:00.000Z')",
    )
    .await;
    let store = Store::open(&url).await.unwrap();
    let home = store.only_district().await.unwrap();
    assert_eq!(
        (home.code.as_str(), home.name.as_str()),
        ("000000", "本区县")
    );
    let admin = store.user_by_name("admin").await.unwrap().unwrap().user;
    assert_eq!(admin.district, Some(home.id));
    store.close().await;
}

/// A district's backup restores into a city database beside other districts, its ids moved
/// past the ones in use; it is refused where the district already is, and for another code.
async fn district_backup_restores_beside(from: &Store, to: &Store) {
    populate(from).await;
    let home = from.only_district().await.unwrap();
    let mut dump = Vec::new();
    from.backup(&mut dump, Some(&home)).await.unwrap();

    let other = to
        .add_district(&district("500229", "城口县"), &dux())
        .await
        .unwrap();
    let d = to.in_district(other.id);
    d.import_statistics(2024, &demo(8, 4, 2024), &source("c.xlsx"), &dux())
        .await
        .unwrap();
    d.replace_roster(2024, &teachers(2024, 4), &dux())
        .await
        .unwrap();
    to.create_user(
        &new_user("chengkou", Role::Admin, Scope::District).in_district(other.id),
        &dux(),
    )
    .await
    .unwrap();

    let err = to
        .restore(&mut Cursor::new(dump.clone()), Some("500101"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    let err = to
        .restore(&mut Cursor::new(dump.clone()), None)
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        "store.conflict",
        "a whole restore needs an empty database"
    );
    to.restore(&mut Cursor::new(dump.clone()), Some("500112"))
        .await
        .unwrap();
    let err = to
        .restore(&mut Cursor::new(dump.clone()), Some("500112"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");

    let restored = to.district_for(Some("500112")).await.unwrap();
    let (a, b) = (from.in_district(home.id), to.in_district(restored.id));
    for i in a.imports(None).await.unwrap() {
        assert_eq!(
            a.statistics(i.year, Some(i.version)).await.unwrap(),
            b.statistics(i.year, Some(i.version)).await.unwrap()
        );
    }
    assert_eq!(
        a.roster_at(2024, 2).await.unwrap(),
        b.roster_at(2024, 2).await.unwrap()
    );
    assert_eq!(
        a.moves(&everything()).await.unwrap().len(),
        b.moves(&everything()).await.unwrap().len()
    );
    let groups = |groups: Vec<junheng_store::Group>| -> Vec<(String, String, Option<SchoolCode>)> {
        groups
            .into_iter()
            .map(|g| (g.name, g.kind, g.lead_school))
            .collect()
    };
    assert_eq!(
        groups(a.groups().await.unwrap()),
        groups(b.groups().await.unwrap())
    );
    let names = |users: Vec<junheng_store::User>| -> Vec<(String, Role)> {
        users.into_iter().map(|u| (u.name, u.role)).collect()
    };
    assert_eq!(
        names(from.users(Some(home.id)).await.unwrap()),
        names(to.users(Some(restored.id)).await.unwrap())
    );
    assert_eq!(
        to.token_user("token-hash-1")
            .await
            .unwrap()
            .unwrap()
            .district,
        Some(restored.id)
    );
    // The district already there is untouched, and both take new writes.
    assert_eq!(d.statistics(2024, None).await.unwrap().len(), 8);
    assert_eq!(d.roster(2024).await.unwrap().len(), 4);
    b.replace_roster(2024, &teachers(2024, 2), &dux())
        .await
        .unwrap();
    d.replace_roster(2024, &teachers(2024, 2), &dux())
        .await
        .unwrap();
}

trait InDistrict {
    fn in_district(self, id: junheng_store::DistrictId) -> Self;
}

impl InDistrict for junheng_store::NewUser {
    fn in_district(mut self, id: junheng_store::DistrictId) -> Self {
        self.district = Some(id);
        self
    }
}

#[tokio::test]
async fn a_sqlite_district_backup_restores_beside_other_districts_in_postgres() {
    let (from, _dir) = sqlite_store().await;
    let (to, db) = postgres_store().await;
    district_backup_restores_beside(&from, &to).await;
    to.close().await;
    db.drop().await;
}

#[tokio::test]
async fn a_postgres_district_backup_restores_beside_other_districts_in_sqlite() {
    let (from, db) = postgres_store().await;
    let (to, _dir) = sqlite_store().await;
    district_backup_restores_beside(&from, &to).await;
    from.close().await;
    db.drop().await;
}
