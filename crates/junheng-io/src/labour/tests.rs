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
