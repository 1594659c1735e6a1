//! Pages that total counts of up to `u32::MAX` per cell show exact totals: the school list and
//! a school's history add its 小学 and 初中 students, the dashboard a section's.

use junheng_core::school::SchoolKind;
use junheng_store::{Role, Scope};

use crate::both;
use crate::helpers::{TestApp, district};

async fn pages_show_exact_totals_of_maximal_counts(app: TestApp) {
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let mut records = district(40);
    let school = records
        .iter_mut()
        .find(|r| r.kind == SchoolKind::NineYear)
        .expect("the demo district has a 九年一贯制 school");
    school.primary.students = u32::MAX;
    school.junior.students = u32::MAX;
    let code = school.code.clone();
    app.seed(&records).await;
    app.login("admin", "正确密码-1").await;
    let total = (2 * u64::from(u32::MAX)).to_string();

    let (status, list) = app.text(&format!("/schools?q={code}")).await;
    assert_eq!(status, 200);
    assert!(
        list.contains(&format!("<td class=\"num\">{total}</td>")),
        "{list}"
    );
    let (status, page) = app.text(&format!("/schools/{code}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("<td class=\"num\">{total}</td>")),
        "{page}"
    );
    assert!(
        page.contains(&u32::MAX.to_string()),
        "each section's own students"
    );
    let (status, _) = app.text("/dashboard").await;
    assert_eq!(status, 200);
}
both!(big_counts, pages_show_exact_totals_of_maximal_counts);
