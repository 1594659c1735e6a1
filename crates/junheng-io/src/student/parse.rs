//! The student file's rows → [`StudentLine`]s, every problem reported at once.

use super::cells::{birth_date, name};
use super::columns::*;
use super::{
    Disability, FAMILY, Flags, Hukou, ImportFailure, Placement, Stage, StudentFile, StudentLine,
    codes, province,
};
use crate::limits::Limits;
use crate::pupil::{Cells, Parsed, outcome, read_numbered};
use crate::school::Issue;
use crate::table::fields::yes_no;

pub(super) fn read(
    bytes: &[u8],
    file: &str,
    limits: &Limits,
) -> Result<StudentFile, ImportFailure> {
    let read = read_numbered(
        bytes,
        file,
        &FAMILY,
        limits,
        |c, issues, _| student(c, issues),
        |s: &StudentLine| (&s.number, false),
    )?;
    Ok(StudentFile {
        file: read.place.file,
        sheet: read.place.sheet,
        students: read.records,
        warnings: read.warnings,
    })
}

/// 户籍: `true` for 随迁.
fn migrant(text: &str) -> Option<bool> {
    match text {
        "本地" => Some(false),
        "随迁" => Some(true),
        _ => None,
    }
}

fn listed<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> String {
    all.iter().map(|v| label(*v)).collect::<Vec<_>>().join("、")
}

/// One row, checked: the child when everything is right, else (all reported) its 学籍号 if
/// that at least is valid.
fn student(c: &Cells<'_>, issues: &mut Vec<Issue>) -> Option<Parsed<StudentLine>> {
    let row = c.row;
    let number = c.number(issues);
    let name = name(c, issues);
    let male = c.sex(issues);
    let birth_date = birth_date(c, issues);
    let stage = c.word(
        STAGE,
        Stage::parse,
        || listed(&Stage::ALL, Stage::label),
        codes::STAGE_INVALID,
        issues,
    );
    let grade = c.grade(issues);
    let class = c.class(issues);
    let migrant = c.word(
        HUKOU,
        migrant,
        || "本地、随迁".into(),
        codes::HUKOU_INVALID,
        issues,
    );
    let province = if migrant == Some(false) && !c.empty(PROVINCE) && !c.refused(PROVINCE) {
        let value = c.value(PROVINCE).shown();
        let m = "本地户籍不填户籍所在省份；若是随迁子女，请把户籍改为随迁".into();
        c.report(issues, codes::PROVINCE_UNEXPECTED, PROVINCE, value, m);
        Err(())
    } else {
        c.optional(
            PROVINCE,
            province,
            || "34 个省级行政区的名称（如 四川省，也可写 四川）".into(),
            codes::PROVINCE_INVALID,
            issues,
        )
    };
    let mut bits = 0u8;
    let mut flags_ok = true;
    for (i, label) in Flags::LABELS.into_iter().enumerate() {
        let expected = || "是、否（留空表示否）".into();
        match c.optional(label, yes_no, expected, codes::YES_NO_INVALID, issues) {
            Ok(on) => bits |= u8::from(on.unwrap_or(false)) << i,
            Err(()) => flags_ok = false,
        }
    }
    let flags = Flags::from_bits(bits);
    let disability = c.optional(
        DISABILITY,
        Disability::parse,
        || {
            format!(
                "{}（非残疾学生留空）",
                listed(&Disability::ALL, Disability::label)
            )
        },
        codes::DISABILITY_INVALID,
        issues,
    );
    let placement = c.optional(
        PLACEMENT,
        Placement::parse,
        || listed(&Placement::ALL, Placement::label),
        codes::PLACEMENT_INVALID,
        issues,
    );

    // Cross-checks of valid cells.
    let mut ok = flags_ok;
    if let (Some(n), Some(male)) = (&number, male) {
        ok &= c.sex_agrees(n, male, issues);
    }
    if let (Some(n), Some(birth)) = (&number, &birth_date)
        && n.birth_date().is_some_and(|b| b != *birth)
    {
        let m = format!(
            "第 {} 行的出生日期与学籍号中身份证号的出生日期不一致，请核对",
            row.line
        );
        c.report(issues, codes::BIRTH_MISMATCH, BIRTH, None, m);
        ok = false;
    }
    if let (Some(stage), Some(grade)) = (stage, grade)
        && !stage.grades().contains(&grade)
    {
        let grades = stage.grades();
        let (low, high) = (grades.start(), grades.end());
        let m =
            format!("{grade} 年级不属于{stage}（{stage}为 {low}–{high} 年级），请核对学段或年级");
        c.report(
            issues,
            codes::GRADE_STAGE_MISMATCH,
            GRADE,
            Some(grade.to_string()),
            m,
        );
        ok = false;
    }
    let hukou = match (migrant, province) {
        (Some(false), Ok(None)) => Some(Hukou::Local),
        (Some(true), Ok(Some(p))) => Some(Hukou::Migrant {
            province: p.to_owned(),
        }),
        (Some(true), Ok(None)) => {
            let m = "户籍为随迁时须填写户籍所在省份（如 四川省）".into();
            c.report(issues, codes::PROVINCE_MISSING, PROVINCE, None, m);
            None
        }
        // Reported already.
        _ => None,
    };
    let disability = match (disability, placement) {
        (Ok(None), Ok(None)) => Some(None),
        (Ok(Some(d)), Ok(Some(p))) => Some(Some((d, p))),
        (Ok(Some(d)), Ok(None)) => {
            let m = format!("残疾类别为{d}时须填写安置方式（随班就读、特教班或送教上门）");
            c.report(issues, codes::PLACEMENT_MISSING, PLACEMENT, None, m);
            None
        }
        (Ok(None), Ok(Some(p))) => {
            let m = "未填写残疾类别时，安置方式应留空".into();
            c.report(
                issues,
                codes::PLACEMENT_UNEXPECTED,
                PLACEMENT,
                Some(p.label().into()),
                m,
            );
            None
        }
        _ => None,
    };
    let line = (|| {
        ok.then_some(())?;
        Some(StudentLine {
            row: row.line,
            number: number.clone()?,
            name: name?,
            male: male?,
            birth_date: birth_date?,
            stage: stage?,
            grade: grade?,
            class: class?,
            hukou: hukou?,
            disability: disability?,
            flags,
        })
    })();
    outcome(line, number)
}
