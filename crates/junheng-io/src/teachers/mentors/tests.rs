use super::*;

const HEAD: &str = "师傅教师编号,师傅学校标识码,徒弟教师编号,徒弟学校标识码,学科,开始日期,结束日期,目标,已开展活动次数,计划活动次数,结果\n";

fn read(body: &str) -> Result<MentorsFile, ImportFailure> {
    read_mentors(format!("{HEAD}{body}").as_bytes(), "师徒.csv")
}

#[test]
fn the_written_pairs_read_back() {
    let file = read_mentors(&write_template(), "t.xlsx").unwrap();
    let again = read_mentors(&write_pairs(&file.pairs), "t.xlsx").unwrap();
    assert_eq!(file.pairs, again.pairs);
}

#[test]
fn empty_counts_are_zero() {
    let f = read("T1,5001120001,T2,5001120001,数学,2024-09-01,,,,,\n").unwrap();
    assert_eq!(
        (f.pairs[0].meetings_held, f.pairs[0].meetings_planned),
        (0, 0)
    );
    assert_eq!(f.pairs[0].outcome, None);
}

#[test]
fn every_problem_is_located() {
    let err = read(concat!(
        "T1,5001120001,T1,5001120001,数学,2024-09-01,,,,,\n",
        "T1,5001120001,T2,5001120001,数学,2024-09-01,,,1001,,合格\n",
        "T1,5001120001,T3,5001120001,数学,2024-09-01,,,,,合格\n",
        "T1,5001120001,T4,5001120001,数学,2024-09-01,,,,,\n",
        "T1,5001120001,T4,5001120001,数学,2024-09-01,,,,,\n",
        "T1,5001120001,T5,5001120001,数学,2024-09-01,2024-10-01,,,,良好\n",
    ))
    .unwrap_err();
    let found: Vec<(&str, Option<usize>, Option<&str>)> = err
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert!(found.contains(&(codes::SAME_TEACHER, Some(2), Some("徒弟教师编号"))));
    assert!(found.contains(&(codes::NOT_INTEGER, Some(3), Some("已开展活动次数"))));
    assert!(found.contains(&(codes::OUTCOME_INVALID, Some(4), Some("结果"))));
    assert!(found.contains(&(codes::DUPLICATE, Some(6), Some("徒弟教师编号"))));
    assert!(found.contains(&(codes::OUTCOME_INVALID, Some(7), Some("结果"))));
    // 1000 meetings is the most.
    assert!(read("T1,5001120001,T2,5001120001,数学,2024-09-01,,,1000,1000,\n").is_ok());
}
