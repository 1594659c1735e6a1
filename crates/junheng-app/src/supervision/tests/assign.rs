//! Assignments name active supervisors and units of the district.

use super::*;

#[tokio::test]
async fn assignments_name_active_supervisors_and_units_of_the_district() {
    let (_dir, _store, home, records) = district().await;
    let zone = records.iter().find_map(|r| r.zone.clone()).unwrap();
    let group = records.iter().find_map(|r| r.group.clone()).unwrap();
    let a = assign(
        &home,
        &admin(),
        &AssignInput {
            supervisor: "dux1",
            unit_kind: "zone",
            unit: &zone,
            since: "2024-09-01",
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (a.unit_kind, a.unit_name.as_str()),
        (UnitKind::Zone, zone.as_str())
    );
    assign(
        &home,
        &admin(),
        &AssignInput {
            supervisor: "dux2",
            unit_kind: "教育集团",
            unit: &group,
            since: "2024-09-01",
        },
    )
    .await
    .unwrap();
    let bad = |supervisor: &'static str, kind: &'static str, unit: String| {
        let home = home.clone();
        async move {
            assign(
                &home,
                &admin(),
                &AssignInput {
                    supervisor,
                    unit_kind: kind,
                    unit: &unit,
                    since: "2024-09-01",
                },
            )
            .await
            .unwrap_err()
        }
    };
    assert!(
        bad("dux1", "zone", "火星学区".into())
            .await
            .to_string()
            .contains("没有名为")
    );
    assert!(
        bad("dux1", "group", "无名集团".into())
            .await
            .to_string()
            .contains("没有名为")
    );
    assert!(
        bad("dux1", "town", zone.clone())
            .await
            .to_string()
            .contains("负责单位类型")
    );
    assert!(
        bad("admin", "zone", zone.clone())
            .await
            .to_string()
            .contains("没有登录名")
    );
    assert!(
        bad("dux3", "zone", zone.clone())
            .await
            .to_string()
            .contains("已停用")
    );
    let e = assign(
        &home,
        &dux("dux1"),
        &AssignInput {
            supervisor: "dux1",
            unit_kind: "zone",
            unit: &zone,
            since: "2024-09-01",
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "supervision.forbidden");
    assert_eq!(
        end(&home, &dux("dux1"), a.id, "2025-01-31")
            .await
            .unwrap_err()
            .code(),
        "supervision.forbidden"
    );
    let ended = end(&home, &admin(), a.id, " 2025-01-31 ").await.unwrap();
    assert_eq!(ended.until.as_deref(), Some("2025-01-31"));

    // A school sees the assignments of its own 学区 and group only.
    let r = records
        .iter()
        .find(|r| r.zone.as_deref() == Some(zone.as_str()))
        .unwrap();
    let scope = Scope::of(
        &caller("xz", Role::School, UserScope::School(r.code.clone())),
        &records,
    );
    let seen = assignments(&home, &scope).await.unwrap();
    assert!(seen.iter().any(|a| a.unit_name == zone));
    assert!(seen.iter().all(|a| scope.sees_assignment(a)));
    assert_eq!(
        assignments(&home, &Scope::of(&admin(), &records))
            .await
            .unwrap()
            .len(),
        2
    );
}
