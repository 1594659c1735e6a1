use super::*;

fn csv(kind: Kind, text: &str) -> Result<LabourFile, ImportFailure> {
    read(kind, text.as_bytes(), "f.csv")
}

fn codes_of(f: &ImportFailure) -> Vec<&str> {
    f.issues.iter().map(|i| i.code).collect()
}

#[test]
fn templates_read_back_as_their_examples() {
    let f = read(Kind::Visits, &write_template(Kind::Visits), "v.xlsx").unwrap();
    let Records::Visits(v) = &f.records else {
        panic!("visits")
    };
    assert_eq!((v[0].students, v[0].note.as_str()), (45, "采桑养蚕"));
    assert_eq!(f.rows, [2, 3, 4]);
    let f = read(Kind::Alliances, &write_template(Kind::Alliances), "a.xlsx").unwrap();
    let Records::Alliances(a) = &f.records else {
        panic!("alliances")
    };
    assert_eq!((a[0].schools.len(), a[2].bases.len()), (2, 0));
}

#[test]
fn parts_above_wholes_and_bad_words_are_located() {
    let e = csv(
        Kind::Breaks,
        "学校标识码,学年,学期,大课间开展天数,在校天数\n5001130001,2025,第三学期,91,90\n",
    )
    .unwrap_err();
    assert_eq!(
        codes_of(&e),
        ["five.breaks.word_invalid", "five.breaks.part_above_whole"]
    );
    assert_eq!(e.issues[1].column.as_deref(), Some(DAYS_HELD));
    assert_eq!(e.issues[1].row, Some(2));
    let e = csv(
        Kind::Bases,
        "基地名称,类别,每日容量\n农场,农场,0\n农场,牧场,10\n田园,农场,5\n田园,农场,6\n",
    )
    .unwrap_err();
    assert_eq!(
        codes_of(&e),
        [
            "labour.bases.count_invalid",
            "labour.bases.word_invalid",
            "labour.bases.duplicate"
        ]
    );
}

#[test]
fn lapsed_recognitions_end_after_they_start() {
    let e = csv(
        Kind::Football,
        "学校标识码,级别,认定学年,截止学年\n5001130001,国家级,2022,2021\n",
    )
    .unwrap_err();
    assert_eq!(codes_of(&e), ["five.football.year_invalid"]);
    let ok = csv(
        Kind::Football,
        "学校标识码,级别,认定学年,截止学年\n5001130001,全国,2022,\n",
    )
    .unwrap();
    let Records::Football(f) = ok.records else {
        panic!("football")
    };
    assert_eq!(
        (f[0].level, f[0].until),
        (junheng_labour::five::Level::National, None)
    );
}

#[test]
fn lessons_count_by_monday_and_refuse_bad_grades_counts_and_repeats() {
    let head = "学校标识码,年级,班级,周（任一日期）,课时\n";
    let ok = csv(
        Kind::Lessons,
        &format!("{head}5001130001,3,1班,2025-09-03,1\n"),
    )
    .unwrap();
    let Records::Lessons(l) = ok.records else {
        panic!("lessons")
    };
    assert_eq!(
        (l[0].week.to_string(), l[0].lessons),
        ("2025-09-01".into(), 1)
    );
    let e = csv(
        Kind::Lessons,
        &format!(
            "{head}5001130001,10,1班,2025-09-03,1\n5001130001,3,1班,2025-09-03,21\n\
             5001130001,3,1班,2025-09-01,1\n5001130001,3,1班,2025-09-05,2\n"
        ),
    )
    .unwrap_err();
    assert_eq!(
        codes_of(&e),
        [
            "labour.lessons.count_invalid",
            "labour.lessons.count_invalid",
            "labour.lessons.duplicate"
        ]
    );
    assert_eq!(
        (e.issues[1].row, e.issues[1].column.as_deref()),
        (Some(3), Some(LESSONS))
    );
    assert_eq!(e.issues[2].row, Some(5));
}

#[test]
fn a_labour_week_ends_after_it_starts_within_its_school_year() {
    let head = "学校标识码,第一天,最后一天\n";
    let ok = csv(
        Kind::Weeks,
        &format!("{head}5001130001,2026-04-27,2026-04-30\n"),
    )
    .unwrap();
    let Records::Weeks(w) = ok.records else {
        panic!("weeks")
    };
    assert_eq!((w[0].year, w[0].span.days()), (2025, 4));
    for bad in [
        "2025-11-07,2025-11-03",
        "2026-08-28,2026-09-02",
        "2025-11-03,2025-11-30",
    ] {
        let e = csv(Kind::Weeks, &format!("{head}5001130001,{bad}\n")).unwrap_err();
        assert_eq!(codes_of(&e), ["labour.weeks.date_invalid"], "{bad}");
        assert_eq!(e.issues[0].column.as_deref(), Some(LAST_DAY));
    }
}
