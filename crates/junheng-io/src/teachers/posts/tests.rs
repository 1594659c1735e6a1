use super::certificates::{self, read_certificates};
use super::staffing::{self, read_staffing};

fn codes(failure: &super::ImportFailure) -> Vec<&str> {
    failure.issues.iter().map(|i| i.code).collect()
}

#[test]
fn certificate_rows_are_checked_and_located() {
    let csv = "教师编号,资格种类,任教学科,证书号码\nT1,小学,语文,\nT1,大学,数学,\nT2,初中,,\nT1,小学,语文,1\n";
    let err = read_certificates(csv.as_bytes(), "证.csv").unwrap_err();
    let found = codes(&err);
    assert!(
        found.contains(&certificates::codes::KIND_INVALID),
        "{found:?}"
    );
    assert!(found.contains(&certificates::codes::DUPLICATE), "{found:?}");
    let kind = err
        .issues
        .iter()
        .find(|i| i.code == certificates::codes::KIND_INVALID)
        .unwrap();
    assert_eq!(kind.row, Some(3));
    assert_eq!(kind.value.as_deref(), Some("大学"));
    assert!(kind.message.contains("初级中学"), "{}", kind.message);
}

#[test]
fn certificates_read_short_kinds_and_optional_numbers() {
    let csv = "教师编号,资格种类,任教学科,证书号码\nT1,初中,语文,\nT1,高级中学教师资格,语文,2019\n";
    let file = read_certificates(csv.as_bytes(), "证.csv").unwrap();
    assert_eq!(file.rows.len(), 2);
    assert_eq!(file.rows[0].certificate.number, None);
    assert_eq!(file.rows[1].certificate.number.as_deref(), Some("2019"));
}

#[test]
fn staffing_rows_are_checked_and_located() {
    let csv = "学校标识码,核定编制,在编教职工,编外教师\n5001120001,10,9,1\n5001120001,10,8,1\n5001120002,10,-1,1\n123,x,1,10001\n";
    let err = read_staffing(csv.as_bytes(), "编.csv").unwrap_err();
    let found = codes(&err);
    for code in [
        staffing::codes::DUPLICATE,
        staffing::codes::COUNT_INVALID,
        staffing::codes::SCHOOL_CODE_INVALID,
        staffing::codes::NOT_INTEGER,
    ] {
        assert!(found.contains(&code), "{code} in {found:?}");
    }
    let ok = read_staffing(
        "学校标识码,核定编制,在编教职工,编外教师\n5001120001,10,9,1\n".as_bytes(),
        "编.csv",
    )
    .unwrap();
    assert_eq!(ok.rows[0].staffing.outside, 1);
}
