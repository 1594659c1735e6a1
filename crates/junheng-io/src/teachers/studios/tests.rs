use junheng_teachers::studios::StudioSettings;

use super::*;

const HEAD: &str =
    "名称,类型,级别,学科,主持人教师编号,主持人学校标识码,开始日期,结束日期,状态,成员教师编号\n";

fn read(body: &str) -> Result<StudiosFile, ImportFailure> {
    read_studios(
        format!("{HEAD}{body}").as_bytes(),
        "工作室.csv",
        &StudioSettings::default(),
    )
}

#[test]
fn the_written_studios_read_back() {
    let file = read_studios(&write_template(), "t.xlsx", &StudioSettings::default()).unwrap();
    let again = read_studios(
        &write_studios(&file.studios, &StudioSettings::default()),
        "t.xlsx",
        &StudioSettings::default(),
    )
    .unwrap();
    assert_eq!(file.studios, again.studios);
    let outputs = read_outputs(&write_outputs_template(), "o.xlsx").unwrap();
    let again = read_outputs(&write_outputs(&outputs.outputs), "o.xlsx").unwrap();
    assert_eq!(outputs.outputs, again.outputs);
}

#[test]
fn members_are_a_list_without_the_host() {
    let f =
        read("甲工作室,学科工作室,区级,,T1,5001120001,2024-09-01,,运行中,T2、T3，T1 T2\n").unwrap();
    let ids: Vec<&str> = f.studios[0].members.iter().map(|m| m.as_str()).collect();
    assert_eq!(ids, ["T2", "T3"]);
    assert_eq!(f.rows, vec![2]);
}

#[test]
fn every_problem_is_located() {
    let err = read(concat!(
        "甲,兴趣小组,省级,,T1,5001120001,2024-09-01,2024-08-31,运行中,T2、110105194912310021\n",
        "甲,学科工作室,区级,,T1,5001120001,2024-09-01,,休眠,\n",
        "乙,学科工作室,区级,,T1,5001120001,2024-09-01,,运行中,\n",
        "乙,学科工作室,区级,,T1,5001120001,2024-09-01,,运行中,\n",
    ))
    .unwrap_err();
    let found: Vec<(&str, Option<usize>, Option<&str>)> = err
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.as_deref()))
        .collect();
    assert!(found.contains(&(codes::KIND_INVALID, Some(2), Some("类型"))));
    assert!(found.contains(&(codes::LEVEL_INVALID, Some(2), Some("级别"))));
    assert!(found.contains(&(codes::TEACHER_ID_INVALID, Some(2), Some("成员教师编号"))));
    assert!(found.contains(&(codes::STATUS_INVALID, Some(3), Some("状态"))));
    assert!(found.contains(&(codes::DUPLICATE_NAME, Some(5), Some("名称"))));
    // The national ID number is never shown in full.
    assert!(
        err.issues
            .iter()
            .all(|i| !format!("{i:?}").contains("110105194912310021"))
    );
}

#[test]
fn an_end_before_the_start_is_refused_and_one_on_it_accepted() {
    let err =
        read("甲,学科工作室,区级,,T1,5001120001,2024-09-01,2024-08-31,运行中,\n").unwrap_err();
    assert_eq!(err.issues[0].code, codes::DATE_INVALID);
    assert_eq!(err.issues[0].column.as_deref(), Some("结束日期"));
    assert!(read("甲,学科工作室,区级,,T1,5001120001,2024-09-01,2024-09-01,运行中,\n").is_ok());
}

#[test]
fn outputs_are_checked_and_once_per_studio_year_and_kind() {
    let head = "工作室名称,学年,成果类型,数量,覆盖学校标识码\n";
    let body = concat!(
        "甲,2024,送教下乡,3,5001120001、5001120002\n",
        "甲,2024,送教,1,\n",
        "甲,1999,课题,0,50011\n",
    );
    let err = read_outputs(format!("{head}{body}").as_bytes(), "o.csv").unwrap_err();
    let found: Vec<(&str, Option<usize>)> = err.issues.iter().map(|i| (i.code, i.row)).collect();
    assert!(found.contains(&(output_codes::DUPLICATE, Some(3))));
    assert!(found.contains(&(output_codes::YEAR_INVALID, Some(4))));
    assert!(found.contains(&(output_codes::NOT_INTEGER, Some(4))));
    assert!(found.contains(&(output_codes::SCHOOL_CODE_INVALID, Some(4))));
    let ok = read_outputs(format!("{head}甲,2024,送教下乡,3,\n").as_bytes(), "o.csv").unwrap();
    assert!(ok.outputs[0].schools.is_empty());
}
