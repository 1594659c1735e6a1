//! Unit tests of the health files.

use super::fitness::columns::*;
use super::mental::columns::{CONSENT, GAD7, PHQ9};
use super::vision::columns::*;
use super::*;
use crate::Limits;
use crate::table::write::{Sheet, V, t, xlsx};

/// A boy born 2016-09-01 (valid check character).
const BOY: &str = "G500112201609010015";
/// A girl born 2015-05-20.
const GIRL: &str = "G500112201505200025";
/// A boy born 2011-11-11.
const OLDER_BOY: &str = "G500112201111110035";
/// A 身份证号 (valid check character) to put where it does not belong.
const ID: &str = "110101201503077770";

type Edits<'a> = &'a [(&'a str, &'a str)];

/// A CSV field, quoted when it must be.
fn field(v: &str) -> String {
    if v.contains([',', '"']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_owned()
    }
}

/// A CSV of `columns`: a row per edit list, each the `base` row with cells changed by header.
fn csv(columns: &[Column], base: &str, rows: &[Edits<'_>]) -> Vec<u8> {
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    let mut text = headers.join(",") + "\n";
    for edits in rows {
        let mut cells: Vec<String> = base.split(',').map(String::from).collect();
        assert_eq!(cells.len(), headers.len(), "{base}");
        for (h, v) in *edits {
            let j = headers.iter().position(|x| x == h).expect(h);
            cells[j] = field(v);
        }
        text += &cells.join(",");
        text.push('\n');
    }
    text.into_bytes()
}

/// A 2nd-grade boy, tested, every result of his grade.
const FITNESS: &str = "G500112201609010015,2,1班,男,125.4,24.6,1180,11.2,9.5,105,,,,,,,";
/// A 7th-grade boy's edits of [`FITNESS`].
const JUNIOR: Edits<'static> = &[
    (NUMBER, OLDER_BOY),
    (GRADE, "初一"),
    (ROPE_SKIPPING, ""),
    (LONG_JUMP, "205"),
    (PULL_UP, "6"),
    (ENDURANCE, "4'05\""),
];
const VISION: &str = "G500112201609010015,2,1班,男,5.0,4.9,,,,,,";
const MENTAL: &str = "G500112201111110035,7,3班,是,0,1,2,3,0,1,2,3,0,,,,,,,";

fn fitness(rows: &[Edits<'_>]) -> Result<FitnessFile, ImportFailure> {
    read_fitness(&csv(fitness::COLUMNS, FITNESS, rows), "体质健康.csv")
}

fn vision(rows: &[Edits<'_>]) -> Result<VisionFile, ImportFailure> {
    read_vision(&csv(vision::COLUMNS, VISION, rows), "视力筛查.csv")
}

fn mental(rows: &[Edits<'_>]) -> Result<MentalFile, ImportFailure> {
    read_mental(&csv(mental::COLUMNS, MENTAL, rows), "心理测评.csv")
}

fn found(issues: &[Issue]) -> Vec<(&'static str, Option<usize>, Option<&str>)> {
    issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect()
}

/// Every expected issue (code, row, column) is found, and nothing else.
fn expect(issues: &[Issue], expected: &[(&str, usize, &str)]) {
    let got = found(issues);
    for (code, row, column) in expected {
        assert!(
            got.contains(&(code, Some(*row), Some(column))),
            "{code} at row {row} {column}: {got:?}"
        );
    }
    assert_eq!(got.len(), expected.len(), "{got:?}");
}

/// The issue's message says `text`.
fn says(issue: &Issue, text: &str) {
    assert!(
        issue.message.contains(text),
        "{text} not in {}",
        issue.message
    );
}

/// Nothing of `secret` shows in the failure, whichever way it is printed.
fn hidden(f: &ImportFailure, secret: &str) {
    for shown in [format!("{f}"), format!("{f:?}")] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn the_fitness_template_reads_back_as_its_examples() {
    let file = read_fitness(&write_fitness_template(), "体质健康.xlsx").unwrap();
    assert_eq!(file.sheet.as_deref(), Some(fitness::SHEET_NAME));
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let l = &file.lines;
    assert_eq!(l.len(), 5);
    assert_eq!((l[0].row, l[0].grade, l[0].sex), (2, 2, Sex::Male));
    let body = (l[0].height_tenths_cm, l[0].weight_tenths_kg);
    assert_eq!(body, (Some(1254), Some(246)));
    let items: Vec<Item> = l[0].results.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        items,
        [
            Item::VitalCapacity,
            Item::Run50m,
            Item::SitAndReach,
            Item::RopeSkipping
        ]
    );
    let values: Vec<i64> = l[0].results.iter().map(|(_, v)| *v).collect();
    assert_eq!(values, [1180, 112, 95, 105]);
    assert_eq!(l[2].results.last(), Some(&(Item::Shuttle50x8, 112)));
    assert_eq!(l[3].results.last(), Some(&(Item::Endurance, 245)));
    assert!(l[3].results.contains(&(Item::PullUp, 6)));
    assert_eq!(
        (l[4].status, l[4].results.len()),
        (FitnessStatus::Exempt, 0)
    );
    assert!(l.iter().all(|l| !l.retest));
}

#[test]
fn the_vision_and_mental_templates_read_back_as_their_examples() {
    let file = read_vision(&write_vision_template(), "视力.xlsx").unwrap();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let l = &file.lines;
    assert_eq!(l.len(), 3);
    assert_eq!(l[0].right.uncorrected, Some(Acuity(50)));
    assert_eq!((l[0].right.sphere, l[0].glasses), (None, Glasses::None));
    assert_eq!(l[1].right.sphere, Some(Dioptres(-1250)));
    assert_eq!(l[1].right.cylinder, Some(Dioptres(-500)));
    assert_eq!((l[1].left.cylinder, l[1].male), (None, false));
    assert_eq!(l[2].glasses, Glasses::OrthoK);
    assert_eq!(l[2].date.as_deref(), Some("2024-09-11"));

    let file = read_mental(&write_mental_template(), "心理.xlsx").unwrap();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let l = &file.lines;
    assert_eq!(l.len(), 3);
    assert_eq!(l[0].answers.len(), 2);
    assert_eq!(l[0].answers[0].0, Instrument::Phq9);
    assert_eq!(l[0].answers[0].1, [0, 1, 0, 1, 0, 0, 1, 0, 0]);
    let gad = (Instrument::Gad7, vec![1, 1, 0, 0, 1, 0, 0]);
    assert_eq!(l[1].answers, [gad]);
    assert_eq!((l[2].consent, l[2].answers.len()), (Some(false), 0));
}

/// Workbook cells written `a|b|…`: numbers as numbers, empty ones empty, the rest text.
fn cells(row: &str) -> Vec<V> {
    let cell = |c: &str| match c {
        "" => V::E,
        _ => c.parse().map_or_else(|_| t(c), V::N),
    };
    row.split('|').map(cell).collect()
}

/// A workbook of one sheet: its headers (`,` between) and rows (see [`cells`]).
fn workbook(sheet: &'static str, headers: &str, rows: &[&str]) -> Vec<u8> {
    let headers: Vec<&str> = headers.split(',').collect();
    let rows = rows.iter().map(|r| cells(r)).collect();
    xlsx(&[Sheet::new(sheet, &headers, rows)]).unwrap()
}

#[test]
fn filled_workbooks_read_with_units_left_out_and_other_spellings() {
    let headers = "学籍号,年级,班级,性别,身高,体重（kg）,肺活量,50米跑（秒）,坐位体前屈,\
                   50米x8往返跑,一分钟跳绳,一分钟仰卧起坐,测试状态,补测";
    let rows = [
        "G500112201505200025|5|2班|女|150.2|40|2000|9.1|-2.5|1′36″|150|40||否",
        "L123456|6|2班|男|150.2|40|2000|9.1|-2.5|101|150|40|正常|",
    ];
    let file = read_fitness(&workbook(fitness::SHEET_NAME, headers, &rows), "体质.xlsx").unwrap();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    let l = &file.lines;
    let first = (l[0].sex, l[0].grade, l[0].height_tenths_cm);
    assert_eq!(first, (Sex::Female, 5, Some(1502)));
    assert!(l[0].results.contains(&(Item::SitAndReach, -25)));
    assert!(l[0].results.contains(&(Item::Shuttle50x8, 96)));
    assert!(l[1].results.contains(&(Item::Shuttle50x8, 101)));

    let rows = [&format!("{BOY}|8|1班|1|2")[..]];
    let bytes = workbook(mental::SHEET_NAME, "学籍号,年级,班级,PHQ-9_1,phq9_2", &rows);
    let f = read_mental(&bytes, "心理.xlsx").unwrap_err();
    // Both spellings are PHQ-9's: only the other seven items are missing.
    expect(&f.issues, &[(codes::ANSWERS_PARTIAL, 2, "PHQ9_3")]);
    says(&f.issues[0], "PHQ9_9");
}

#[test]
fn times_are_seconds_or_minutes_and_seconds() {
    let ninety_six = [
        "96",
        "96秒",
        "96.0",
        "1'36\"",
        "1′36″",
        "1'36''",
        "1’36”",
        "1:36",
        "1：36",
        "1分36秒",
    ];
    for text in ninety_six {
        assert_eq!(fitness::seconds(text), Some(96), "{text}");
    }
    assert_eq!(fitness::seconds("4'05\""), Some(245));
    assert_eq!(fitness::seconds(" 3' 5\" "), Some(185));
    for text in ["", "1'60\"", "1'", "'36", "1:2:3", "a", "1.5'", "96.5"] {
        assert_eq!(fitness::seconds(text), None, "{text}");
    }
}

#[test]
fn csv_reads_in_utf8_and_gb18030() {
    let bytes = csv(fitness::COLUMNS, FITNESS, &[&[], JUNIOR]);
    let text = String::from_utf8(bytes).unwrap();
    let (gbk, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    for bytes in [text.as_bytes(), &gbk] {
        let file = read_fitness(bytes, "体质健康.csv").unwrap();
        assert_eq!(file.sheet, None);
        assert_eq!(file.lines[0].class, "1班");
        assert_eq!(file.lines[1].grade, 7);
        assert!(file.lines[1].results.contains(&(Item::Endurance, 245)));
    }
}

#[test]
fn every_fitness_problem_is_located_with_its_code() {
    let f = fitness(&[
        // 2: fine
        &[],
        // 3: a bad height, a weight out of range, 50米跑 with two decimals, a bad status
        &[
            (NUMBER, "L000003"),
            (HEIGHT, "abc"),
            (WEIGHT, "250"),
            (RUN_50M, "9.55"),
            (STATUS, "病假"),
        ],
        // 4: a sex the number denies; a bad 补测; rope skipping missing
        &[(NUMBER, GIRL), (RETEST, "Y"), (ROPE_SKIPPING, "")],
        // 5: a junior boy: a time that is none, 立定跳远 out of range, no 身高
        &[
            (NUMBER, OLDER_BOY),
            (GRADE, "7"),
            (ROPE_SKIPPING, ""),
            (LONG_JUMP, "400"),
            (PULL_UP, "6"),
            (ENDURANCE, "4'75\""),
            (HEIGHT, ""),
        ],
        // 6: a bad grade, a bad sex, a long class, a bad number
        &[
            (NUMBER, "X123456"),
            (GRADE, "十"),
            (SEX, "M"),
            (CLASS, &"班".repeat(21)),
        ],
        // 7: a wrong check character; 坐位体前屈 below its range
        &[(NUMBER, "G500112201609010016"), (SIT_AND_REACH, "-35")],
    ])
    .unwrap_err();
    expect(
        &f.issues,
        &[
            (codes::VALUE_INVALID, 3, HEIGHT),
            (codes::VALUE_OUT_OF_RANGE, 3, WEIGHT),
            (codes::VALUE_INVALID, 3, RUN_50M),
            (codes::STATUS_INVALID, 3, STATUS),
            (codes::SEX_MISMATCH, 4, SEX),
            (codes::YES_NO_INVALID, 4, RETEST),
            (codes::RESULT_MISSING, 4, ROPE_SKIPPING),
            (codes::TIME_INVALID, 5, ENDURANCE),
            (codes::VALUE_OUT_OF_RANGE, 5, LONG_JUMP),
            (codes::RESULT_MISSING, 5, HEIGHT),
            (codes::NUMBER_INVALID, 6, NUMBER),
            (codes::GRADE_INVALID, 6, GRADE),
            (codes::SEX_INVALID, 6, SEX),
            (codes::CLASS_INVALID, 6, CLASS),
            (codes::NUMBER_CHECK, 7, NUMBER),
            (codes::VALUE_OUT_OF_RANGE, 7, SIT_AND_REACH),
        ],
    );
    let issue = |code, row: usize| {
        f.issues
            .iter()
            .find(|i| i.code == code && i.row == Some(row))
            .unwrap()
    };
    let weight = issue(codes::VALUE_OUT_OF_RANGE, 3);
    assert_eq!(weight.value.as_deref(), Some("250"));
    says(weight, "10.0–200.0");
    says(issue(codes::VALUE_OUT_OF_RANGE, 7), "-30.0–40.0");
    says(issue(codes::RESULT_MISSING, 4), "一分钟跳绳");
    assert_eq!(f.issues[0].file, "体质健康.csv");
    hidden(&f, "201609010016");
}

#[test]
fn results_outside_the_grade_and_of_exempt_children_are_warned_and_dropped() {
    let file = fitness(&[
        &[(LONG_JUMP, "150")],
        &[
            (NUMBER, "L000002"),
            (STATUS, "免予执行"),
            (VITAL_CAPACITY, "1000"),
            (RUN_50M, ""),
            (SIT_AND_REACH, ""),
            (ROPE_SKIPPING, ""),
        ],
        &[
            (NUMBER, "L000003"),
            (STATUS, "暂缓执行"),
            (HEIGHT, ""),
            (WEIGHT, ""),
        ],
    ])
    .unwrap();
    expect(
        &file.warnings,
        &[
            (codes::RESULT_NOT_TESTED, 2, LONG_JUMP),
            (codes::RESULTS_DROPPED, 3, VITAL_CAPACITY),
            (codes::RESULTS_DROPPED, 4, VITAL_CAPACITY),
        ],
    );
    let l = &file.lines;
    assert_eq!(l[0].results.len(), 4);
    assert!(
        l[0].results
            .iter()
            .all(|(i, _)| *i != Item::StandingLongJump)
    );
    assert_eq!(
        (l[1].status, l[1].results.len()),
        (FitnessStatus::Exempt, 0)
    );
    assert_eq!(l[1].height_tenths_cm, Some(1254));
    assert_eq!(
        (l[2].status, l[2].height_tenths_cm),
        (FitnessStatus::Deferred, None)
    );
}

#[test]
fn a_number_repeats_only_as_one_retest() {
    let retest: Edits<'_> = &[(RETEST, "是"), (ROPE_SKIPPING, "110")];
    let file = fitness(&[&[], retest]).unwrap();
    assert_eq!(file.lines.len(), 2);
    assert!(!file.lines[0].retest && file.lines[1].retest);
    // The retest may come first, and a lone retest is fine.
    let file = fitness(&[
        retest,
        &[(RETEST, "否")],
        &[(NUMBER, GIRL), (SEX, "女"), (RETEST, "是")],
    ]);
    assert_eq!(file.unwrap().lines.len(), 3);

    let f = fitness(&[&[], &[]]).unwrap_err();
    expect(&f.issues, &[(codes::DUPLICATE_NUMBER, 3, NUMBER)]);
    says(&f.issues[0], "第 2 行");
    assert_eq!(f.issues[0].value.as_deref(), Some("G5001**********0015"));
    let f = fitness(&[&[], retest, retest]).unwrap_err();
    expect(&f.issues, &[(codes::DUPLICATE_NUMBER, 4, NUMBER)]);
    // A wrong row still counts.
    let f = fitness(&[&[], &[(HEIGHT, "x")]]).unwrap_err();
    assert_eq!(f.issues.len(), 2);
    assert_eq!(f.issues[1].code, codes::DUPLICATE_NUMBER);
    hidden(&f, "201609010015");
}

#[test]
fn national_ids_are_refused_in_every_file() {
    let f = fitness(&[&[(CLASS, ID)]]).unwrap_err();
    expect(&f.issues, &[(codes::NATIONAL_ID_VALUE, 2, CLASS)]);
    hidden(&f, ID);
    let f = vision(&[&[(GLASSES, ID)]]).unwrap_err();
    expect(&f.issues, &[(codes::NATIONAL_ID_VALUE, 2, GLASSES)]);
    // A 身份证 column refuses the file before any row.
    let text = String::from_utf8(csv(mental::COLUMNS, MENTAL, &[&[(GRADE, "x")]])).unwrap();
    let text = format!("身份证号,{}", text.replacen('\n', &format!("\n{ID},"), 1));
    let f = read_mental(text.as_bytes(), "心理.csv").unwrap_err();
    expect(&f.issues, &[(codes::NATIONAL_ID_COLUMN, 1, "身份证号")]);
    hidden(&f, ID);
}

#[test]
fn every_vision_problem_is_located_with_its_code() {
    let f = vision(&[
        // 2: a sphere without acuity is fine
        &[(RIGHT_ACUITY, ""), (RIGHT_SPHERE, "-0.75")],
        // 3: a decimal record, bad dioptres, a cylinder without sphere
        &[
            (NUMBER, GIRL),
            (SEX, "女"),
            (RIGHT_ACUITY, "0.8"),
            (RIGHT_SPHERE, "-1.2.5"),
            (LEFT_CYLINDER, "-0.50"),
        ],
        // 4: bad glasses, a bad date
        &[(NUMBER, "L000004"), (GLASSES, "隐形"), (DATE, "2024-02-30")],
        // 5: the number of row 2 again
        &[],
    ])
    .unwrap_err();
    expect(
        &f.issues,
        &[
            (codes::ACUITY_INVALID, 3, RIGHT_ACUITY),
            (codes::DIOPTRES_INVALID, 3, RIGHT_SPHERE),
            (codes::CYLINDER_WITHOUT_SPHERE, 3, LEFT_CYLINDER),
            (codes::GLASSES_INVALID, 4, GLASSES),
            (codes::DATE_INVALID, 4, DATE),
            (codes::DUPLICATE_NUMBER, 5, NUMBER),
        ],
    );
    let file = vision(&[
        &[
            (RIGHT_ACUITY, ""),
            (RIGHT_SPHERE, "-0.75"),
            (GLASSES, "OK镜"),
        ],
        &[
            (NUMBER, GIRL),
            (SEX, "女"),
            (LEFT_SPHERE, "+0.50"),
            (LEFT_CYLINDER, "−0.25"),
        ],
        &[(NUMBER, "L000004"), (DATE, "2024/9/1"), (GLASSES, "是")],
    ])
    .unwrap();
    let l = &file.lines;
    let (right, left) = (l[0].right, l[1].left);
    assert_eq!(
        (right.uncorrected, right.sphere, right.cylinder),
        (None, Some(Dioptres(-750)), None)
    );
    assert_eq!(l[0].glasses, Glasses::OrthoK);
    assert_eq!(
        (left.sphere, left.cylinder),
        (Some(Dioptres(500)), Some(Dioptres(-250)))
    );
    assert_eq!(
        (l[2].date.as_deref(), l[2].glasses),
        (Some("2024-09-01"), Glasses::Frame)
    );
}

#[test]
fn every_mental_problem_is_located_and_no_answer_is_shown() {
    let f = mental(&[
        // 2: fine
        &[],
        // 3: an answer out of range, one that is no number
        &[(NUMBER, "L000003"), (PHQ9[1], "4"), (PHQ9[2], "二")],
        // 4: PHQ-9 half answered
        &[(NUMBER, "L000004"), (PHQ9[5], ""), (PHQ9[8], "")],
        // 5: a 5th grader answered
        &[(NUMBER, "L000005"), (GRADE, "5")],
        // 6: no consent, yet answers
        &[(NUMBER, "L000006"), (CONSENT, "否")],
        // 7: a bad consent
        &[(NUMBER, "L000007"), (CONSENT, "同意")],
    ])
    .unwrap_err();
    expect(
        &f.issues,
        &[
            (codes::ANSWER_INVALID, 3, PHQ9[1]),
            (codes::ANSWER_INVALID, 3, PHQ9[2]),
            (codes::ANSWERS_PARTIAL, 4, PHQ9[5]),
            (codes::INSTRUMENT_GRADE, 5, PHQ9[0]),
            (codes::ANSWERS_WITHOUT_CONSENT, 6, CONSENT),
            (codes::YES_NO_INVALID, 7, CONSENT),
        ],
    );
    says(&f.issues[2], "PHQ9_6、PHQ9_9");
    assert!(f.issues[..2].iter().all(|i| i.value.is_none()));
    says(&f.issues[3], "PHQ-9 只适用于初中及以上");
    says(&f.issues[4], "监护人未同意，不应有作答");

    let empty = PHQ9.map(|h| (h, ""));
    let with = |more: &[(&'static str, &'static str)]| [&empty[..], more].concat();
    let gad_only = with(&GAD7.map(|h| (h, "1")));
    let younger = with(&[(NUMBER, "L000003"), (GRADE, "3"), (CONSENT, "")]);
    let refused = with(&[(NUMBER, "L000004"), (CONSENT, "否")]);
    let file = mental(&[
        &gad_only,
        &[(NUMBER, GIRL), (GRADE, "八年级")],
        &younger,
        &refused,
    ]);
    let file = file.unwrap();
    let l = &file.lines;
    assert_eq!(l[0].answers, [(Instrument::Gad7, vec![1; 7])]);
    let phq = (Instrument::Phq9, vec![0, 1, 2, 3, 0, 1, 2, 3, 0]);
    assert_eq!(l[1].answers[0], phq);
    assert_eq!((l[2].grade, l[2].consent, l[2].answers.len()), (3, None, 0));
    assert_eq!((l[3].consent, l[3].answers.len()), (Some(false), 0));
    let debug = format!("{:?}", l[1]);
    assert!(debug.contains("G5001**********0025"), "{debug}");
    assert!(
        debug.contains("answers: \"…\"") && !debug.contains(GIRL),
        "{debug}"
    );
    assert!(!debug.contains("[0, 1, 2, 3"), "{debug}");
}

#[test]
fn debug_of_a_line_masks_the_number() {
    let fit = fitness(&[&[]]).unwrap();
    let seen = vision(&[&[]]).unwrap();
    let debug = [
        &format!("{:?}", fit.lines[0]),
        &format!("{:?}", seen.lines[0]),
    ];
    for debug in debug {
        assert!(debug.contains("G5001**********0015"), "{debug}");
        assert!(!debug.contains(BOY), "{debug}");
    }
}

#[test]
fn issues_are_capped_as_the_registry_caps_them() {
    let rows: Vec<Edits<'_>> = vec![&[(HEIGHT, "x")]; 30];
    let bytes = csv(fitness::COLUMNS, FITNESS, &rows);
    let limits = Limits {
        max_issues: 5,
        ..Limits::default()
    };
    let f = fitness::read_fitness_with(&bytes, "体质健康.csv", &limits).unwrap_err();
    assert_eq!(f.issues.len(), 6);
    let last = f.issues.last().unwrap();
    assert_eq!(last.code, codes::MORE_ISSUES);
    assert_eq!(last.value.as_deref(), Some("54"));
}

#[test]
fn headers_match_other_spellings_of_their_own_column_only() {
    let alias = |h| alias_in(fitness::COLUMNS, h);
    assert_eq!(alias("身高"), Some(HEIGHT));
    assert_eq!(alias("身高（cm）"), Some(HEIGHT));
    assert_eq!(alias("身高(CM)"), Some(HEIGHT));
    assert_eq!(alias("50米*8往返跑"), Some(SHUTTLE));
    assert_eq!(alias("身高(m)"), None);
    assert_eq!(alias("身高体重"), None);
    assert_eq!(alias_in(mental::COLUMNS, "gad7-7"), Some(GAD7[6]));
    // No two columns of a file fold alike.
    for columns in [fitness::COLUMNS, vision::COLUMNS, mental::COLUMNS] {
        for c in columns {
            assert_eq!(alias_in(columns, c.header), Some(c.header));
        }
    }
    assert_eq!(decimal_text("−2.50", 1), Some(-25));
    assert_eq!(decimal_text("+96.00", 0), Some(96));
    assert_eq!(decimal_text("9.55", 1), None);
    assert_eq!(shown_fixed(-5, 1), "-0.5");
}
