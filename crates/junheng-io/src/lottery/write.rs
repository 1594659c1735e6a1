//! Writing the lottery's templates, results and probabilities as .xlsx or .csv.

use std::collections::HashMap;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use junheng_lottery::{DrawResults, Inputs, Probabilities, Receipt, Version};
use rust_xlsxwriter::XlsxError;

use super::{APPLICANT_COLUMNS, Column, SEAT_COLUMNS, SHEETS, ZONE_COLUMNS};
use crate::table::col;
use crate::table::write::{self, Sheet, V, t};

/// Columns of the 录取结果 sheet (one row per admitted applicant, by school, in admission order).
/// With the bureau's names (`write_results(…, Some(names), …)`) a 报名号 column comes before
/// 公示编号, here and in the other sheets.
pub const RESULT_COLUMNS: &[&str] = &[
    "学校代码",
    "学校名称",
    "学区代码",
    "序号",
    "公示编号",
    "优先级",
    "随机号",
    "录取志愿",
    "名额类别",
];
/// Columns of the 候补 sheet (per school, in waitlist order).
pub const WAITLIST_COLUMNS: &[&str] = &[
    "学校代码",
    "学校名称",
    "学区代码",
    "候补序号",
    "公示编号",
    "优先级",
    "随机号",
];
/// Columns of the 公办兜底 sheet (unplaced applicants by (优先级, 随机号)).
pub const FALLBACK_COLUMNS: &[&str] = &["序号", "公示编号", "学区代码", "优先级", "随机号"];
/// Sheets of the probabilities workbook.
pub const PROBABILITY_SHEETS: [&str; 3] = ["学校", "学区优先级", "报名者"];
/// Name of the receipts sheet (回执).
pub const RECEIPT_SHEET: &str = "回执";

/// The receipts table (回执): private to the bureau, one row per family.
pub const RECEIPT_COLUMNS: &[Column] = &[
    col("报名号", true, "文本", "教育局编制的报名号", "2025000001"),
    col(
        "公示编号",
        true,
        "文本",
        "公示名单、派位结果和审计包中代表该报名者的编号",
        "M5E9ZQ10D3J5",
    ),
    col(
        "回执校验码",
        true,
        "6 位数字",
        "与报名号一起查询派位结果；请勿公开",
        "239609",
    ),
    col("学区代码", false, "文本", "报名者所在学区", "Z01"),
    col(
        "优先级",
        false,
        "文本",
        "优先级（数字越小越优先）",
        "三对口（0）",
    ),
    col("志愿", false, "文本", "志愿学校代码，按顺序", "S01、S02"),
    col("类别", false, "文本", "类别名额", "直升"),
];

/// Rules printed in the receipts workbook's 说明 sheet.
const RECEIPT_RULES: &[&str] = &[
    "本表含报名号和回执校验码，由教育局保管，不得公开；请把每行作为回执交给对应家庭。",
    "公示名单、派位结果和审计包只列公示编号，不列报名号、优先级名称或其他个人信息。",
    "家庭可在公示名单中按公示编号核对本人的学区、优先级数字、志愿和类别；派位后凭报名号和回执校验码查询结果。",
];

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// File system error.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// Workbook error.
    #[error("{0}")]
    Xlsx(#[from] XlsxError),
    /// Neither .xlsx nor .csv.
    #[error("扩展名应为 .xlsx 或 .csv")]
    Extension,
}

fn is_csv(path: &Path) -> Option<bool> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some(true),
        "xlsx" => Some(false),
        _ => None,
    }
}

fn save_xlsx(sheets: &[Sheet], path: &Path) -> Result<(), WriteError> {
    write::workbook(sheets)?.save(path)?;
    Ok(())
}

fn save_csv(headers: &[&str], rows: &[Vec<V>], path: &Path) -> Result<(), WriteError> {
    let mut file = io::BufWriter::new(std::fs::File::create(path)?);
    write::csv(headers, rows, &mut file)?;
    file.flush()?;
    Ok(())
}

/// Writes the three empty templates into `dir` as 学区 / 学位计划 / 报名 .xlsx (header notes
/// explain each column) and .csv (header only). Returns the paths written.
pub fn write_template(dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, columns) in SHEETS
        .into_iter()
        .zip([ZONE_COLUMNS, SEAT_COLUMNS, APPLICANT_COLUMNS])
    {
        let sheet = Sheet::template(name, columns, Vec::new());
        let xlsx = dir.join(format!("{name}.xlsx"));
        save_xlsx(std::slice::from_ref(&sheet), &xlsx)?;
        let csv = dir.join(format!("{name}.csv"));
        save_csv(
            &sheet.headers.iter().map(String::as_str).collect::<Vec<_>>(),
            &[],
            &csv,
        )?;
        written.extend([xlsx, csv]);
    }
    Ok(written)
}

/// Writes the results: .xlsx with sheets 录取结果, 候补, 公办兜底 ([`RESULT_COLUMNS`],
/// [`WAITLIST_COLUMNS`], [`FALLBACK_COLUMNS`]); or one .csv whose first column 名单 says
/// 录取 / 候补 / 公办兜底, followed by [`RESULT_COLUMNS`] (序号 is the position in that list).
/// Applicants appear by their id in the inputs under 公示编号; with `names` (公示编号 → 报名号,
/// the bureau's own copy) a 报名号 column precedes it.
pub fn write_results(
    inputs: &Inputs,
    results: &DrawResults,
    names: Option<&HashMap<String, String>>,
    path: &Path,
) -> Result<(), WriteError> {
    let csv = is_csv(path).ok_or(WriteError::Extension)?;
    let applicants: HashMap<&str, (&str, u32)> = inputs
        .applicants
        .iter()
        .map(|a| (a.id.as_str(), (a.zone.as_str(), a.tier)))
        .collect();
    let outcome: HashMap<&str, &junheng_lottery::ApplicantResult> = results
        .applicants
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let schools: HashMap<&str, (&str, &str)> = inputs
        .schools
        .iter()
        .map(|s| (s.id.as_str(), (s.name.as_str(), s.zone.as_str())))
        .collect();
    // The applicant's cells: [报名号,] 公示编号.
    let who = |id: &str| -> Vec<V> {
        let mut cells = Vec::with_capacity(2);
        if let Some(names) = names {
            cells.push(names.get(id).map_or(V::E, |r| t(r)));
        }
        cells.push(t(id));
        cells
    };
    let headers = |columns: &[&'static str]| -> Vec<&'static str> {
        let mut out = Vec::with_capacity(columns.len() + 1);
        for &c in columns {
            if c == "公示编号" && names.is_some() {
                out.push("报名号");
            }
            out.push(c);
        }
        out
    };
    let person = |id: &str| {
        let tier = applicants.get(id).map_or(0, |a| a.1);
        let rank = outcome.get(id).map_or(0, |a| a.rank);
        (V::N(f64::from(tier)), V::N(f64::from(rank)))
    };
    // The cells an admitted and a waitlisted applicant share: the school, the place in its list
    // (from 1), the applicant, their 优先级 and 随机号.
    let listed = |school: &str, name: &str, zone: &str, k: usize, id: &str| {
        let (tier, rank) = person(id);
        let mut row = vec![t(school), t(name), t(zone), V::N((k + 1) as f64)];
        row.extend(who(id));
        row.extend([tier, rank]);
        row
    };
    let (mut admitted, mut waitlist) = (Vec::new(), Vec::new());
    for s in &results.schools {
        let (name, zone) = schools.get(s.id.as_str()).copied().unwrap_or_default();
        for (k, id) in s.admitted.iter().enumerate() {
            let o = outcome.get(id.as_str());
            let round = o.and_then(|o| o.round).map_or(V::E, |r| V::N(f64::from(r)));
            let seat = o.and_then(|o| o.seat.as_deref()).map_or(V::E, t);
            let mut row = listed(&s.id, name, zone, k, id);
            row.extend([round, seat]);
            admitted.push(row);
        }
        for (k, id) in s.waitlist.iter().enumerate() {
            waitlist.push(listed(&s.id, name, zone, k, id));
        }
    }
    // 公办兜底: 序号, [报名号,] 公示编号, 学区代码, 优先级, 随机号.
    let fallback = results.fallback.iter().enumerate().map(|(k, id)| {
        let (tier, rank) = person(id);
        let zone = applicants.get(id.as_str()).map_or("", |a| a.0);
        (V::N((k + 1) as f64), who(id), t(zone), tier, rank)
    });
    if csv {
        let mut headers = headers(RESULT_COLUMNS);
        headers.insert(0, "名单");
        let mut rows = Vec::new();
        for r in admitted {
            let mut row = vec![t("录取")];
            row.extend(r);
            rows.push(row);
        }
        for r in waitlist {
            let mut row = vec![t("候补")];
            row.extend(r);
            row.extend([V::E, V::E]);
            rows.push(row);
        }
        for (n, ids, zone, tier, rank) in fallback {
            let mut row = vec![t("公办兜底"), V::E, V::E, zone, n];
            row.extend(ids);
            row.extend([tier, rank, V::E, V::E]);
            rows.push(row);
        }
        return save_csv(&headers, &rows, path);
    }
    let fallback = fallback
        .map(|(n, ids, zone, tier, rank)| {
            let mut row = vec![n];
            row.extend(ids);
            row.extend([zone, tier, rank]);
            row
        })
        .collect();
    save_xlsx(
        &[
            Sheet::new("录取结果", &headers(RESULT_COLUMNS), admitted),
            Sheet::new("候补", &headers(WAITLIST_COLUMNS), waitlist),
            Sheet::new("公办兜底", &headers(FALLBACK_COLUMNS), fallback),
        ],
        path,
    )
}

/// Writes the receipts (回执) of sealed inputs: .xlsx with sheets 回执 ([`RECEIPT_COLUMNS`]) and
/// 说明, or one .csv of [`RECEIPT_COLUMNS`]. `registered` are the inputs as read from the tables
/// (by 报名号); `tiers` the 优先级 labels (the i-th is tier i), shown beside the numbers.
pub fn write_receipts(
    registered: &Inputs,
    receipts: &[Receipt],
    tiers: &[String],
    path: &Path,
) -> Result<(), WriteError> {
    let csv = is_csv(path).ok_or(WriteError::Extension)?;
    let by_id: HashMap<&str, &junheng_lottery::Applicant> = registered
        .applicants
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let rows: Vec<Vec<V>> = receipts
        .iter()
        .map(|r| {
            let mut row = vec![t(&r.registration), t(&r.code), t(&r.check)];
            if let Some(a) = by_id.get(r.registration.as_str()) {
                let tier = match tiers.get(a.tier as usize) {
                    Some(label) => format!("{label}（{}）", a.tier),
                    None => a.tier.to_string(),
                };
                row.extend([
                    t(&a.zone),
                    V::T(tier),
                    V::T(a.preferences.join("、")),
                    a.category.as_deref().map_or(V::E, t),
                ]);
            }
            row
        })
        .collect();
    let headers: Vec<&str> = RECEIPT_COLUMNS.iter().map(|c| c.header).collect();
    if csv {
        return save_csv(&headers, &rows, path);
    }
    save_xlsx(
        &[
            Sheet::template(RECEIPT_SHEET, RECEIPT_COLUMNS, rows),
            write::guide(RECEIPT_COLUMNS, RECEIPT_RULES),
        ],
        path,
    )
}

const SCHOOL_P: &[&str] = &[
    "学校代码",
    "学区代码",
    "计划数",
    "第一志愿人数",
    "第一志愿录取概率",
    "各优先级第一志愿录取概率",
    "平均录取人数",
    "满额概率",
];
const GROUP_P: &[&str] = &["学区代码", "优先级", "人数", "录取概率", "第一志愿录取概率"];
const APPLICANT_P: &[&str] = &[
    "公示编号",
    "学区代码",
    "优先级",
    "录取概率",
    "第一志愿录取概率",
];

/// How the probabilities name applicants: by their id in the inputs, a 公示编号 in version 2.
fn applicant_header(version: Version) -> &'static str {
    match version {
        Version::V1 => "报名号",
        Version::V2 => "公示编号",
    }
}

/// Writes simulated probabilities: .xlsx with sheets 学校, 学区优先级, 报名者 (by 公示编号, or
/// 报名号 for `version` 1 inputs); or one .csv with columns 类型 (学校 / 学区优先级 / 报名者),
/// 代码, 学区代码, 优先级, 人数, 录取概率, 第一志愿录取概率, 满额概率, 平均录取人数 (for a school,
/// 人数 is its 计划数 and 录取概率 the first-choice admission probability).
pub fn write_probabilities(
    p: &Probabilities,
    version: Version,
    path: &Path,
) -> Result<(), WriteError> {
    let csv = is_csv(path).ok_or(WriteError::Extension)?;
    let n = |x: f64| V::N(x);
    let u = |x: u32| V::N(f64::from(x));
    if csv {
        let headers = [
            "类型",
            "代码",
            "学区代码",
            "优先级",
            "人数",
            "录取概率",
            "第一志愿录取概率",
            "满额概率",
            "平均录取人数",
        ];
        let mut rows = Vec::new();
        for s in &p.schools {
            rows.push(vec![
                t("学校"),
                t(&s.id),
                t(&s.zone),
                V::E,
                u(s.capacity),
                n(s.first_choice),
                V::E,
                n(s.full),
                n(s.mean_admitted),
            ]);
        }
        for g in &p.groups {
            rows.push(vec![
                t("学区优先级"),
                V::E,
                t(&g.zone),
                u(g.tier),
                u(g.applicants),
                n(g.placed),
                n(g.first_choice),
                V::E,
                V::E,
            ]);
        }
        for a in &p.applicants {
            rows.push(vec![
                t("报名者"),
                t(&a.id),
                t(&a.zone),
                u(a.tier),
                V::E,
                n(a.placed),
                n(a.first_choice),
                V::E,
                V::E,
            ]);
        }
        return save_csv(&headers, &rows, path);
    }
    let schools = p
        .schools
        .iter()
        .map(|s| {
            let tiers: Vec<String> = s
                .by_tier
                .iter()
                .map(|b| format!("{}：{:.4}（{}人）", b.tier, b.probability, b.applicants))
                .collect();
            vec![
                t(&s.id),
                t(&s.zone),
                u(s.capacity),
                u(s.first_choice_applicants),
                n(s.first_choice),
                V::T(tiers.join("；")),
                n(s.mean_admitted),
                n(s.full),
            ]
        })
        .collect();
    let groups = p
        .groups
        .iter()
        .map(|g| {
            vec![
                t(&g.zone),
                u(g.tier),
                u(g.applicants),
                n(g.placed),
                n(g.first_choice),
            ]
        })
        .collect();
    let applicants = p
        .applicants
        .iter()
        .map(|a| {
            vec![
                t(&a.id),
                t(&a.zone),
                u(a.tier),
                n(a.placed),
                n(a.first_choice),
            ]
        })
        .collect();
    save_xlsx(
        &[
            Sheet::new(PROBABILITY_SHEETS[0], SCHOOL_P, schools),
            Sheet::new(PROBABILITY_SHEETS[1], GROUP_P, groups),
            Sheet::new(
                PROBABILITY_SHEETS[2],
                &[&[applicant_header(version)], &APPLICANT_P[1..]].concat(),
                applicants,
            ),
        ],
        path,
    )
}
