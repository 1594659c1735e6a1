//! What the unit tests of several operations share.

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::{SchoolCode, SchoolKind, SchoolRecord};
use junheng_core::student::{Flags, Hukou, StudentNumber};
use junheng_store::{
    Actor, DistrictStore, ImportSource, NewStudent, Role, Scope, Store, StudentKeys, User,
};

/// An active user of a role and scope, named `name`, in no particular district.
pub(crate) fn user(name: &str, role: Role, scope: Scope) -> User {
    User {
        id: 1,
        name: name.into(),
        display_name: String::new(),
        role,
        scope,
        district: None,
        active: true,
        pending_by: None,
        created_at: String::new(),
        external: false,
        must_change_password: false,
        locked_until: None,
    }
}

/// The student keys of the tests.
pub(crate) fn keys() -> StudentKeys {
    StudentKeys::from_bytes(&[7; 32], &[8; 32]).unwrap()
}

/// A district with statistics and a registry (see [`fixture`]).
pub(crate) struct Fixture {
    pub _dir: tempfile::TempDir,
    pub url: String,
    pub store: DistrictStore,
    pub school: SchoolCode,
    pub other: SchoolCode,
    pub numbers: Vec<StudentNumber>,
}

/// A district with a registry for 2024: `n` children of `grade` at the first school of `kind`
/// (class 1班 for the first half, 2班 for the rest), and one child at another school.
pub(crate) async fn fixture(kind: SchoolKind, grade: u8, n: u16) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("h.db").display());
    let store = Store::open(&url).await.unwrap();
    let home = store.in_district(store.only_district().await.unwrap().id);
    let records: Vec<SchoolRecord> = generate(&DemoSpec {
        schools: 12,
        seed: 9,
        year: 2024,
    });
    home.import_statistics(
        2024,
        &records,
        &ImportSource::new("t.csv", b"t", ""),
        &Actor::new("admin"),
    )
    .await
    .unwrap();
    let mut of_kind = records
        .iter()
        .filter(|r| r.kind == kind && r.parent_code.is_none())
        .map(|r| r.code.clone());
    let school = of_kind.next().unwrap();
    let other = of_kind.next().unwrap();
    let child = |i: u16| {
        let birth = format!("{}-03-0{}", 2024 - 5 - i32::from(grade), 1 + i % 9);
        let number = StudentNumber::national("500112", &birth, i).unwrap();
        NewStudent {
            male: number.male().unwrap(),
            number,
            name: format!("学生{i}"),
            birth_date: birth,
            grade,
            class: if i <= n / 2 { "1班" } else { "2班" }.into(),
            hukou: Hukou::Local,
            disability: None,
            flags: Flags::default(),
        }
    };
    let mine: Vec<NewStudent> = (1..=n).map(child).collect();
    let theirs = vec![child(n + 1)];
    let actor = Actor::new("admin");
    for (code, list, sha) in [(&school, &mine, "aa"), (&other, &theirs, "bb")] {
        home.import_students(
            &keys(),
            code,
            2024,
            true,
            list,
            "x.csv",
            &sha.repeat(32),
            &actor,
        )
        .await
        .unwrap();
    }
    let mut numbers: Vec<StudentNumber> = mine.into_iter().map(|s| s.number).collect();
    numbers.push(theirs[0].number.clone());
    Fixture {
        _dir: dir,
        url,
        store: home,
        school,
        other,
        numbers,
    }
}
