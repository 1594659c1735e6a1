//! The fuzz harness's seeds of issue 19 (`fuzz.rs` reads them): a 问卷星-style export of the
//! built-in questionnaire's parents, as CSV and as a workbook, and a minimal PDF for the
//! evidence checker.

use junheng_io::school::{ImportFailure, Issue};
use junheng_io::{Limits, survey};

/// A 问卷星-style export of the built-in questionnaire's parents (time, IP and 来源 included).
pub(crate) const CSV: &str = "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,\
1、您对本区县推进义务教育优质均衡发展的政策和举措是否认可,\
2、您对集团化办学、教师交流轮岗等优质资源共享的成效是否认可,\
3、您对孩子所在学校的教育质量是否满意,4、孩子每天的家庭作业量,\
5、您身边是否存在跨片择校、违规择校的现象\n\
1,2026/11/3 10:21:05,95秒,微信,N/A,10.1.2.3(重庆),认可,基本认可,满意,适量,没有\n\
2,2026/11/3 10:25:41,120秒,手机提交,N/A,10.1.2.4(重庆),不认可,(跳过),3,2,不了解\n";

/// The same export as a workbook (checked to read).
pub(crate) fn export() -> Vec<u8> {
    let mut lines = CSV.lines().map(|l| l.split(',').map(str::to_owned));
    let headers: Vec<String> = lines.next().unwrap().collect();
    let rows = lines
        .map(|r| r.map(junheng_io::export::Cell::Text).collect())
        .collect();
    let bytes = junheng_io::export::write_xlsx(&[junheng_io::export::Table {
        sheet: "答卷",
        headers,
        rows,
    }])
    .unwrap();
    let q = junheng_core::survey::Questionnaire::builtin();
    let read = survey::read(q.group("parent").unwrap(), &bytes, "问卷.xlsx").unwrap();
    assert_eq!(read.answers.len(), 2);
    bytes
}

/// A minimal PDF the evidence checker accepts.
pub(crate) const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// The fuzz harness's reading of a parents' export: its warnings, or the refusal.
pub(crate) fn read(bytes: &[u8], file: &str, l: &Limits) -> Result<usize, ImportFailure> {
    let q = junheng_core::survey::Questionnaire::builtin();
    survey::read_with(q.group("parent").unwrap(), bytes, file, l).map(|f| f.warnings.len())
}

/// The evidence checker under the fuzz harness's size limit, its refusal read as one issue.
pub(crate) fn check(bytes: &[u8], file: &str, l: &Limits) -> Result<usize, ImportFailure> {
    junheng_io::evidence::check_with(bytes.to_vec(), file, l.max_input_bytes)
        .map(|_| 0)
        .map_err(|e| ImportFailure {
            issues: vec![Issue {
                code: e.code,
                file: file.to_owned(),
                sheet: None,
                row: None,
                column: None,
                value: None,
                message: e.message,
            }],
            warnings: Vec::new(),
        })
}
