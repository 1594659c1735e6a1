use junheng_core::survey::Questionnaire;

use super::*;
use crate::table::write::{Sheet, V, t, xlsx};

/// An export of `group` with the online survey's columns and the given answer cells.
pub(crate) fn export(headers: &[&str], rows: Vec<Vec<V>>) -> Vec<u8> {
    xlsx(&[Sheet::new("答卷", headers, rows)]).unwrap()
}

fn principal_headers() -> Vec<String> {
    let q = Questionnaire::builtin();
    let mut h: Vec<String> = DROPPED.iter().map(|s| (*s).to_owned()).collect();
    h.extend(
        q.group("principal")
            .unwrap()
            .questions
            .iter()
            .map(|x| format!("{}、{}", x.no, x.text)),
    );
    h
}

fn row(answers: [&str; 3]) -> Vec<V> {
    let mut r = vec![
        V::N(1.0),
        t("2026/11/3 10:21:05"),
        t("95秒"),
        t("微信"),
        t("N/A"),
        t("10.1.2.3(重庆-重庆)"),
    ];
    r.extend(answers.iter().map(|a| t(a)));
    r
}

#[test]
fn answers_are_read_by_text_or_number_and_the_rest_is_dropped() {
    let q = Questionnaire::builtin();
    let g = q.group("principal").unwrap();
    let h = principal_headers();
    let mut headers: Vec<&str> = h.iter().map(String::as_str).collect();
    headers.push("总分");
    let mut r1 = row(["认可", "基本认可", "不满意"]);
    r1.push(t("9"));
    let mut r2 = row(["3", "(跳过)", "4"]);
    r2.push(t("1"));
    let file = read(g, &export(&headers, vec![r1, r2]), "答卷.xlsx").unwrap();
    assert_eq!(
        file.answers,
        vec![
            vec![Some(0), Some(1), Some(2)],
            vec![Some(2), None, Some(3)]
        ]
    );
    assert_eq!(file.warnings.len(), 1);
    assert_eq!(file.warnings[0].code, codes::COLUMN_IGNORED);
    // Nothing of the time, the IP or the channel is in what the reader returns.
    let all = format!("{file:?}");
    for gone in ["10.1.2.3", "2026/11/3", "微信", "95秒"] {
        assert!(!all.contains(gone), "{gone}");
    }
}

#[test]
fn a_bracketed_option_after_the_text_matches_and_a_wrong_text_is_located() {
    let q = Questionnaire::builtin();
    let g = q.group("principal").unwrap();
    let mut h = principal_headers();
    h[6] = format!("{}(单选)", h[6]);
    h[7] = "2、您喜欢什么颜色".into();
    let headers: Vec<&str> = h.iter().map(String::as_str).collect();
    let e = read(
        g,
        &export(&headers, vec![row(["认可", "认可", "满意"])]),
        "a.xlsx",
    )
    .unwrap_err();
    assert_eq!(e.issues.len(), 1, "{e}");
    let i = &e.issues[0];
    assert_eq!(i.code, codes::QUESTION_TEXT);
    assert_eq!(
        (i.row, i.column.as_deref()),
        (Some(1), Some("2、您喜欢什么颜色"))
    );
    assert!(i.message.contains("优质教育资源共享"), "{}", i.message);
}

#[test]
fn every_problem_is_named_with_row_column_and_value() {
    let q = Questionnaire::builtin();
    let g = q.group("principal").unwrap();
    let h = principal_headers();
    let mut headers: Vec<&str> = h.iter().map(String::as_str).collect();
    // Question 3 missing, a question 9 that does not exist.
    headers[8] = "9、多出来的题";
    let e = read(
        g,
        &export(&headers, vec![row(["认可", "认可", "满意"])]),
        "a.xlsx",
    )
    .unwrap_err();
    let found: Vec<&str> = e.issues.iter().map(|i| i.code).collect();
    assert_eq!(found, [codes::QUESTION_UNKNOWN, codes::QUESTION_MISSING]);
    // Bad answers: an unknown option, an out-of-range number, a row answering nothing.
    let headers: Vec<&str> = h.iter().map(String::as_str).collect();
    let e = read(
        g,
        &export(
            &headers,
            vec![
                row(["认可", "还行", "满意"]),
                row(["认可", "认可", "7"]),
                row(["", "(跳过)", ""]),
            ],
        ),
        "a.xlsx",
    )
    .unwrap_err();
    let found: Vec<(&str, Option<usize>, Option<&str>)> = e
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.value.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (codes::OPTION_UNKNOWN, Some(2), Some("还行")),
            (codes::OPTION_UNKNOWN, Some(3), Some("7")),
            (codes::EMPTY_RESPONSE, Some(4), None),
        ]
    );
    assert_eq!(e.issues[0].sheet.as_deref(), Some("答卷"));
    assert!(e.issues[0].message.contains("基本认可"));
}

#[test]
fn the_template_reads_back_its_own_header() {
    let q = Questionnaire::builtin();
    for g in &q.groups {
        let e = read(g, &write_template(g), "模板.xlsx").unwrap_err();
        assert_eq!(e.issues.len(), 1);
        assert_eq!(e.issues[0].code, codes::NO_DATA_ROWS, "{}", g.id);
    }
}
