use super::*;

const COLUMNS: &[Column] = &[
    Column::plain("name", "common-school-name"),
    Column::choice("kind", "list-school-type"),
    Column::plain("students", "common-students"),
];

fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
    q.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn rows() -> Vec<Row> {
    [
        ("一小", "小学", Some(900)),
        ("二中", "初中", Some(1200)),
        ("三小", "小学", None),
        ("四小", "小学", Some(30)),
    ]
    .into_iter()
    .map(|(n, k, s)| {
        Row::new(vec![
            Value::text(n),
            Value::text(k),
            s.map_or(Value::Empty, Value::Int),
        ])
    })
    .collect()
}

fn names(list: &List) -> Vec<String> {
    list.select(&rows())
        .iter()
        .map(|r| r.values[0].shown())
        .collect()
}

#[test]
fn sorting_orders_numbers_as_numbers_and_keeps_nothing_last() {
    let up = List::new(COLUMNS, pairs(&[("sort", "students")]), &[]).unwrap();
    assert_eq!(names(&up), ["四小", "一小", "二中", "三小"]);
    let down = List::new(COLUMNS, pairs(&[("sort", "students"), ("desc", "1")]), &[]).unwrap();
    assert_eq!(names(&down), ["二中", "一小", "四小", "三小"]);
}

#[test]
fn filters_and_search_select_rows() {
    let kind = List::new(COLUMNS, pairs(&[("kind", "小学"), ("q", "小")]), &[]).unwrap();
    assert_eq!(names(&kind), ["一小", "三小", "四小"]);
    let search = List::new(COLUMNS, pairs(&[("q", "1200")]), &[]).unwrap();
    assert_eq!(names(&search), ["二中"]);
}

#[test]
fn bad_parameters_say_what_is_expected() {
    let e = List::new(COLUMNS, pairs(&[("sort", "nope")]), &[]).unwrap_err();
    assert!(e.to_string().contains("name、kind、students"), "{e}");
    assert!(List::new(COLUMNS, pairs(&[("page", "0")]), &[]).is_err());
    assert!(List::new(COLUMNS, pairs(&[("format", "pdf")]), &[]).is_err());
}

#[test]
fn links_keep_the_page_the_filters_and_the_sort() {
    let list = List::new(
        COLUMNS,
        pairs(&[
            ("year", "2024"),
            ("kind", "小学"),
            ("sort", "name"),
            ("junk", "x"),
        ]),
        &["year"],
    )
    .unwrap();
    let view = view::view(&list, &rows(), list.select(&rows()));
    let kind = "%E5%B0%8F%E5%AD%A6";
    assert_eq!(
        view.xlsx,
        format!("?year=2024&kind={kind}&sort=name&format=xlsx")
    );
    // The sorted column's header turns the direction; another sorts ascending.
    assert_eq!(
        view.headers[0].href,
        format!("?year=2024&kind={kind}&sort=name&desc=1")
    );
    assert_eq!(view.headers[0].mark, "▲");
    assert_eq!(
        view.headers[2].href,
        format!("?year=2024&kind={kind}&sort=students")
    );
    assert_eq!(
        view.filters[0].options,
        [("初中".to_owned(), false), ("小学".to_owned(), true)]
    );
    assert_eq!((view.total, view.all, view.pages), (3, 4, 1));
}

#[test]
fn decimals_sort_as_numbers_show_rounded_and_download_as_numbers() {
    let values = [
        Value::Decimal(12.34, 1),
        Value::Decimal(9.5, 1),
        Value::Int(10),
    ];
    let rows: Vec<Row> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            Row::new(vec![
                Value::text(i.to_string()),
                Value::text("小学"),
                v.clone(),
            ])
            .key(i)
        })
        .collect();
    let up = List::new(COLUMNS, pairs(&[("sort", "students")]), &[]).unwrap();
    let keys: Vec<usize> = up.select(&rows).iter().map(|r| r.key).collect();
    assert_eq!(keys, [1, 2, 0], "9.5 < 10 < 12.34, not by their text");
    assert_eq!(Value::Decimal(12.34, 1).shown(), "12.3");
    assert_eq!(Value::Decimal(12.34, 1).cell(), Cell::Decimal(12.34, 1));
}
