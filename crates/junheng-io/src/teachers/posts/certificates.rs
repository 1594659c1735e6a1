//! The 教师资格证 file: one row per certificate a 专任教师 holds — 教师编号 (the roster's), 资格种类
//! (幼儿园, 小学, 初级中学, 高级中学, 中等职业学校, 中等职业学校实习指导, 高等学校; also 初中,
//! 高中, 中职), 任教学科 and the optional 证书号码. The kind is the certificate's 学段. A teacher
//! without a certificate has no row. A teacher and kind listed twice is refused.
//!
//! ```
//! use junheng_io::teachers::posts::certificates::{read_certificates, write_template};
//! let file = read_certificates(&write_template(), "教师资格证.xlsx").unwrap();
//! assert_eq!(file.rows.len(), 3);
//! ```

use std::collections::HashMap;

use junheng_rotation::TeacherId;
use junheng_teachers::posts::{CertificateKind, TeacherCertificate};

use super::{FilePlace, ImportFailure, Issue};
use crate::limits::Limits;
use crate::table::rows::{Template, exact, read_rows};
use crate::table::write::{self, Sheet, V, t};
use crate::table::{Column, Row, Table, col};

/// Stable issue codes (also i18n keys): `posts.certificates.*`.
pub mod codes {
    crate::table::table_codes!(
        "posts.certificates",
        "教师资格证模板",
        Some(SHEET_NOT_NAMED)
    );

    /// Warning: no sheet is named 教师资格证; the first of several was read.
    pub const SHEET_NOT_NAMED: &str = "posts.certificates.sheet_not_named";
    /// A cell that should be a whole number is not.
    pub const NOT_INTEGER: &str = "posts.certificates.not_integer";
    /// A 教师编号 that is not valid.
    pub const TEACHER_ID_INVALID: &str = "posts.certificates.teacher_id_invalid";
    /// A 教师编号 shaped like a national ID number (shown masked).
    pub const TEACHER_ID_NATIONAL_ID: &str = "posts.certificates.teacher_id_national_id";
    /// 资格种类 not one of the kinds.
    pub const KIND_INVALID: &str = "posts.certificates.kind_invalid";
    /// 任教学科 or 证书号码 too long.
    pub const TOO_LONG: &str = "posts.certificates.too_long";
    /// The same teacher and kind twice.
    pub const DUPLICATE: &str = "posts.certificates.duplicate";
    /// A 教师编号 not in the year's roster (found by the use-case layer).
    pub const TEACHER_UNKNOWN: &str = "posts.certificates.teacher_unknown";

    pub(crate) static FIELDS: crate::table::fields::FieldCodes = crate::table::fields::FieldCodes {
        not_integer: NOT_INTEGER,
        // No 学年 and no 学校标识码 here: these are never reported.
        year_invalid: NOT_INTEGER,
        teacher_id_invalid: TEACHER_ID_INVALID,
        teacher_id_national_id: TEACHER_ID_NATIONAL_ID,
        school_code_not_text: TEACHER_ID_INVALID,
        school_code_invalid: TEACHER_ID_INVALID,
    };
}

/// Header names, in template order.
pub mod columns {
    /// 教师编号.
    pub const TEACHER: &str = "教师编号";
    /// 资格种类.
    pub const KIND: &str = "资格种类";
    /// 任教学科.
    pub const SUBJECT: &str = "任教学科";
    /// 证书号码.
    pub const NUMBER: &str = "证书号码";
}

/// Most characters of 任教学科.
pub const SUBJECT_MAX_CHARS: usize = 50;
/// Most characters of 证书号码.
pub const NUMBER_MAX_CHARS: usize = 40;

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col(
        columns::TEACHER,
        true,
        "文本",
        "本学年教师名册中的教师编号（不要填身份证号）",
        "T0001",
    ),
    col(
        columns::KIND,
        true,
        "文本",
        "幼儿园、小学、初级中学、高级中学、中等职业学校、中等职业学校实习指导、高等学校（可写初中、高中、中职）",
        "小学",
    ),
    col(
        columns::SUBJECT,
        true,
        "文本",
        "证书上的任教学科，最多 50 个字",
        "语文",
    ),
    col(
        columns::NUMBER,
        false,
        "文本",
        "教师资格证书号码，可不填，最多 40 个字",
        "20215000000001",
    ),
];

/// The sheet read when present (else the first visible worksheet), and written.
pub const SHEET_NAME: &str = "教师资格证";

const TEMPLATE: Template<'static> = Template {
    sheet: SHEET_NAME,
    codes: &codes::TABLE,
    columns: COLUMNS,
    aliases: exact,
};

/// One certificate of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateLine {
    /// Its row, as the user sees it.
    pub row: usize,
    /// The certificate.
    pub certificate: TeacherCertificate,
}

/// A 教师资格证 file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateFile {
    /// Where its issues are.
    pub place: FilePlace,
    /// The certificates, in file order.
    pub rows: Vec<CertificateLine>,
    /// Things worth telling that did not stop the reading.
    pub warnings: Vec<Issue>,
}

/// Reads a 教师资格证 file held in memory within [`Limits::default`].
pub fn read_certificates(bytes: &[u8], file_name: &str) -> Result<CertificateFile, ImportFailure> {
    read_certificates_with(bytes, file_name, &Limits::default())
}

/// [`read_certificates`] within the given limits.
pub fn read_certificates_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<CertificateFile, ImportFailure> {
    let mut checked = read_rows(bytes, file_name, &TEMPLATE, limits, &mut |_, _| {}, line)?;
    let mut seen: HashMap<(TeacherId, CertificateKind), usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (row, c) in &checked.rows {
        let key = (c.certificate.teacher.clone(), c.certificate.kind);
        let first = *seen.entry(key).or_insert(*row);
        if first != *row {
            duplicates.push((*row, first));
        }
    }
    for (row, first) in duplicates {
        let t = &checked.table;
        t.push(&mut checked.issues, || {
            t.issue(
                codes::DUPLICATE,
                Some(row),
                Some(columns::KIND),
                None,
                format!("与第 {first} 行是同一教师的同一种资格；每种资格只填一行"),
            )
        });
    }
    let place = checked.table.place.clone();
    let (rows, warnings) = checked.finish()?;
    Ok(CertificateFile {
        place: FilePlace {
            file: place.file,
            sheet: place.sheet,
        },
        rows,
        warnings,
    })
}

/// Text of at most `max` characters; [`codes::TOO_LONG`] when longer.
fn short(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    max: usize,
    issues: &mut Vec<Issue>,
) -> Option<Option<String>> {
    let text = t.text(row, header, required, issues);
    if required && text.is_none() {
        return None;
    }
    match text {
        Some(text) if text.chars().count() > max => {
            t.push(issues, || {
                t.issue(
                    codes::TOO_LONG,
                    Some(row.line),
                    Some(header),
                    Some(text.clone()),
                    format!("{header}应不超过 {max} 个字"),
                )
            });
            None
        }
        other => Some(other),
    }
}

fn line(t: &Table, row: &Row, issues: &mut Vec<Issue>) -> Option<CertificateLine> {
    use columns::*;
    let teacher = t.teacher_id(row, TEACHER, &codes::FIELDS, issues);
    let kind = t.text(row, KIND, true, issues).and_then(|text| {
        let k = CertificateKind::parse(&text);
        if k.is_none() {
            t.push(issues, || {
                t.issue(
                    codes::KIND_INVALID,
                    Some(row.line),
                    Some(KIND),
                    Some(text.clone()),
                    format!("资格种类应为{}之一", CertificateKind::expected()),
                )
            });
        }
        k
    });
    let subject = short(t, row, SUBJECT, true, SUBJECT_MAX_CHARS, issues);
    let number = short(t, row, NUMBER, false, NUMBER_MAX_CHARS, issues);
    Some(CertificateLine {
        row: row.line,
        certificate: TeacherCertificate {
            teacher: teacher?,
            kind: kind?,
            subject: subject??,
            number: number?,
        },
    })
}

/// Rules shown on the template's 说明 sheet.
const RULES: &[&str] = &[
    "每位专任教师持有的每一种教师资格填一行：教师编号（与本学年教师名册一致）、资格种类、任教学科和证书号码（可不填）。没有资格证的教师不填。学年在导入时选择。",
    "用于督导评估政府保障程度「专任教师持有教师资格证上岗率达到 100%」一项；资格种类即证书的学段，按《教师资格条例》第五条，高一级资格可在低一级学校任教（设置项）。",
    "一个文件全部导入或全部不导入：任何一行有问题，都会列出工作表、行、列、值和应填的内容，本次不写入任何记录。再次导入同一学年会替换该学年的资格证表（须确认），可撤回。",
    "表头须位于第一行，列名与模板一致（列的顺序不限）；模板以外的列会被忽略。不要填写身份证号。",
    "数据填在「教师资格证」工作表中；填写前请删除示例行。",
];

/// The template: an .xlsx with the 教师资格证 sheet (three example rows) and a 说明 sheet.
pub fn write_template() -> Vec<u8> {
    let row = |id: &str, kind: &str, subject: &str, number: &str| -> Vec<V> {
        vec![t(id), t(kind), t(subject), t(number)]
    };
    let rows = vec![
        row("T0001", "小学", "语文", "20215000000001"),
        row("T0002", "初级中学", "数学", ""),
        row("T0002", "高级中学", "数学", "20195000000002"),
    ];
    write::template(Sheet::template(SHEET_NAME, COLUMNS, rows), COLUMNS, RULES)
}
