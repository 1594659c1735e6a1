//! The school list in the browser: sorted by a click on a column header and filtered by a
//! drop-down, on a phone and on a desktop, without the page scrolling sideways.

use super::*;

/// The numbers of the list's 在校生 column, in order.
async fn students(c: &fantoccini::Client) -> Vec<i64> {
    let cells = c
        .execute(
            "return [...document.querySelectorAll('table.list tbody td.num')].map(td => td.textContent);",
            vec![],
        )
        .await
        .unwrap();
    cells
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().parse().unwrap())
        .collect()
}

/// The texts of the list's 办学类型 column.
async fn kinds(c: &fantoccini::Client) -> Vec<String> {
    let cells = c
        .execute(
            "return [...document.querySelectorAll('table.list tbody tr')].map(tr => tr.cells[2].textContent);",
            vec![],
        )
        .await
        .unwrap();
    cells
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

async fn click_header(c: &fantoccini::Client, label: &str) {
    c.find(Locator::XPath(&format!(
        "//table[contains(@class,'list')]//th/a[starts-with(normalize-space(.), '{label}')]"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_school_list_sorts_and_filters_on_a_phone_and_a_desktop() {
    let app = spawn(Backend::Sqlite).await;
    app.add_user("admin", "正确密码-1", Role::Admin, Scope::District)
        .await;
    let records = district(60);
    app.seed(&records).await;
    let b = browser().await;
    let c = &b.client;
    for (width, height) in [(390, 844), (1280, 900)] {
        c.set_window_size(width, height).await.unwrap();
        if width == 390 {
            log_in(c, &app, "admin", "正确密码-1").await;
            logged_in(c).await;
        }
        c.goto(&app.url("/schools")).await.unwrap();
        assert!(fits(c).await, "the list fits {width} px");

        // A click on 在校生 sorts ascending, a second one descending.
        click_header(c, "在校生").await;
        let up = students(c).await;
        assert!(
            c.current_url()
                .await
                .unwrap()
                .query()
                .unwrap()
                .contains("sort=students")
        );
        assert_eq!(up.len(), 50);
        assert!(up.is_sorted(), "{width} px: {up:?}");
        click_header(c, "在校生").await;
        let down = students(c).await;
        assert!(down.is_sorted_by(|a, b| a >= b), "{width} px: {down:?}");
        assert!(fits(c).await, "the sorted list fits {width} px");

        // The 办学类型 drop-down keeps only that kind, and the sort stays.
        let kind = records[0].kind.label();
        c.execute(
            "document.querySelector('#list-form select[name=kind]').value = arguments[0];",
            vec![json!(kind)],
        )
        .await
        .unwrap();
        c.find(Locator::Css("#list-form button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // The form's page has loaded once its address carries the filter.
        let mut query = String::new();
        for _ in 0..100 {
            query = c
                .current_url()
                .await
                .unwrap()
                .query()
                .unwrap_or("")
                .to_owned();
            if query.contains("kind=") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            query.contains("kind=") && query.contains("sort=students"),
            "{query}"
        );
        let shown = kinds(c).await;
        let expected = records.iter().filter(|r| r.kind.label() == kind).count();
        assert_eq!(shown.len(), expected.min(50));
        assert!(shown.iter().all(|k| k == kind), "{shown:?}");
        assert!(students(c).await.is_sorted_by(|a, b| a >= b));
        assert!(fits(c).await, "the filtered list fits {width} px");
    }
}
