//! The parts: their types, their bytes, and the checks that keep person-level data out.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use junheng_core::privacy::contains_national_id;
use junheng_core::school::{SchoolCode, SchoolRecord, Section};
use junheng_rotation::{CountedLedger, CountedMoves, Counts, MoveKind, RosterCounts};

use super::error::PackageError;
use super::manifest::{EVALUATION_PART, LEDGER_PART, ROSTER_PART, STATISTICS_PART};
use crate::limits::Limits;

/// One row of `ledger.json`: [`CountedMoves`] with its counts written out.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerRow {
    from: SchoolCode,
    to: SchoolCode,
    section: Section,
    start_year: i32,
    end_year: i32,
    kind: MoveKind,
    moves: u32,
    teachers: u32,
    qualified: u32,
    backbone: u32,
    pe_arts: u32,
    intermediate: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerFile {
    rows: Vec<LedgerRow>,
    unresolved: u32,
}

/// Keys that name a person or their personal attributes, lowercase; a JSON part carrying one
/// (at any depth), or the statistics with such a column, is refused.
const PERSON_KEYS: &[&str] = &[
    "teacher",
    "teacher_id",
    "teacher_ids",
    "teacher_name",
    "person",
    "person_id",
    "birth_year",
    "birth_date",
    "birthday",
    "sex",
    "gender",
    "id_number",
    "id_card",
    "national_id",
    "phone",
    "mobile",
    "教师",
    "教师编号",
    "教师姓名",
    "姓名",
    "身份证",
    "身份证号",
    "居民身份证号",
    "出生年",
    "出生年份",
    "出生日期",
    "性别",
    "手机号",
    "联系电话",
];

fn person_key(key: &str) -> bool {
    let key = key
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .to_ascii_lowercase();
    PERSON_KEYS.contains(&key.as_str())
}

/// Walks a JSON document without keeping it, stopping at the first person-level key or the
/// first text holding a 居民身份证号 (recorded in the cell; never the value itself).
struct Scan<'a>(&'a RefCell<Option<String>>);

const FOUND: &str = "person-level data found";

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        if contains_national_id(v) {
            *self.0.borrow_mut() = Some("居民身份证号".to_owned());
            return Err(E::custom(FOUND));
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Scan(self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if person_key(&key) {
                let shown = crate::guard::shown(&key);
                *self.0.borrow_mut() = Some(format!("字段「{shown}」"));
                return Err(serde::de::Error::custom(FOUND));
            }
            if contains_national_id(&key) {
                *self.0.borrow_mut() = Some("居民身份证号".to_owned());
                return Err(serde::de::Error::custom(FOUND));
            }
            map.next_value_seed(Scan(self.0))?;
        }
        Ok(())
    }
}

/// Refuses a JSON part that carries person-level data or is not JSON.
fn scan_json(part: &str, bytes: &[u8]) -> Result<(), PackageError> {
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = Scan(&found).deserialize(&mut de).and_then(|()| de.end());
    if let Some(what) = found.into_inner() {
        return Err(PackageError::PersonLevel {
            part: part.to_owned(),
            what,
        });
    }
    result.map_err(|e| part_invalid(part, format!("不是有效的 JSON（{e}）")))
}

fn part_invalid(part: &str, why: impl Into<String>) -> PackageError {
    PackageError::PartInvalid {
        part: part.to_owned(),
        why: why.into(),
    }
}

/// The parts' bytes, in [`super::manifest::PARTS`] order.
pub(crate) fn encode(
    statistics: &[SchoolRecord],
    roster: &[RosterCounts],
    ledger: &CountedLedger,
    evaluation: &str,
) -> [Vec<u8>; 4] {
    let mut csv = Vec::new();
    crate::school::write_csv(statistics, &mut csv).expect("writing to memory");
    let roster = serde_json::to_vec(roster).expect("roster counts serialise");
    let ledger = serde_json::to_vec(&LedgerFile {
        rows: ledger
            .rows
            .iter()
            .map(|r| LedgerRow {
                from: r.from.clone(),
                to: r.to.clone(),
                section: r.section,
                start_year: r.start_year,
                end_year: r.end_year,
                kind: r.kind,
                moves: r.moves,
                teachers: r.counts.teachers,
                qualified: r.counts.qualified,
                backbone: r.counts.backbone,
                pe_arts: r.counts.pe_arts,
                intermediate: r.counts.intermediate,
            })
            .collect(),
        unresolved: ledger.unresolved,
    })
    .expect("ledger serialises");
    [csv, roster, ledger, evaluation.as_bytes().to_vec()]
}

/// The parts read back, each checked (see the crate documentation, "Parts").
pub(crate) struct Decoded {
    pub statistics: Vec<SchoolRecord>,
    pub roster: Vec<RosterCounts>,
    pub ledger: CountedLedger,
    pub evaluation: String,
}

/// Reads and checks the four parts of a package of `school_year`.
pub(crate) fn decode(
    parts: [&[u8]; 4],
    school_year: i32,
    limits: &Limits,
) -> Result<Decoded, PackageError> {
    let [statistics, roster, ledger, evaluation] = parts;
    let statistics = decode_statistics(statistics, school_year, limits)?;
    scan_json(ROSTER_PART, roster)?;
    let roster: Vec<RosterCounts> =
        serde_json::from_slice(roster).map_err(|e| part_invalid(ROSTER_PART, e.to_string()))?;
    check_roster(&roster)?;
    scan_json(LEDGER_PART, ledger)?;
    let file: LedgerFile =
        serde_json::from_slice(ledger).map_err(|e| part_invalid(LEDGER_PART, e.to_string()))?;
    let ledger = check_ledger(file, school_year)?;
    scan_json(EVALUATION_PART, evaluation)?;
    let evaluation = check_evaluation(evaluation, school_year)?;
    Ok(Decoded {
        statistics,
        roster,
        ledger,
        evaluation,
    })
}

fn decode_statistics(
    bytes: &[u8],
    school_year: i32,
    limits: &Limits,
) -> Result<Vec<SchoolRecord>, PackageError> {
    let imported = crate::school::read_bytes_with(bytes, STATISTICS_PART, limits).map_err(|f| {
        if let Some(person) = f.warnings.iter().find_map(person_column) {
            return person;
        }
        let lines: Vec<String> = f.issues.iter().take(20).map(|i| i.to_string()).collect();
        PackageError::StatisticsInvalid(lines.join("\n"))
    })?;
    if let Some(person) = imported.warnings.iter().find_map(person_column) {
        return Err(person);
    }
    if let Some(w) = imported.warnings.first() {
        return Err(PackageError::StatisticsInvalid(format!(
            "{w}（数据包中的统计数据应与 junheng 写出的模板各列完全一致）"
        )));
    }
    for r in &imported.records {
        if r.year != school_year {
            return Err(PackageError::Inconsistent(format!(
                "学校 {} 的学年为 {}，清单的学年为 {school_year}",
                r.code, r.year
            )));
        }
        let texts = [Some(&r.name), r.zone.as_ref(), r.group.as_ref()];
        if texts.into_iter().flatten().any(|t| contains_national_id(t)) {
            return Err(PackageError::PersonLevel {
                part: STATISTICS_PART.to_owned(),
                what: format!("学校 {} 的文字中有居民身份证号", r.code),
            });
        }
    }
    Ok(imported.records)
}

/// A warning of an unknown column whose header names a person.
fn person_column(w: &crate::school::Issue) -> Option<PackageError> {
    let column = w.column.as_deref()?;
    (w.code == crate::school::codes::UNKNOWN_COLUMN && person_key(column)).then(|| {
        PackageError::PersonLevel {
            part: STATISTICS_PART.to_owned(),
            what: format!("列「{column}」"),
        }
    })
}

fn check_sub_counts(
    part: &str,
    what: &str,
    teachers: u32,
    subs: &[u32],
) -> Result<(), PackageError> {
    if subs.iter().any(|&s| s > teachers) {
        return Err(part_invalid(
            part,
            format!("{what}：分项人数多于专任教师数 {teachers}"),
        ));
    }
    Ok(())
}

fn check_section(part: &str, what: &str, section: Section) -> Result<(), PackageError> {
    if section == Section::Senior {
        return Err(part_invalid(part, format!("{what}：学段只能是小学或初中")));
    }
    Ok(())
}

fn check_roster(rows: &[RosterCounts]) -> Result<(), PackageError> {
    let mut seen = HashSet::new();
    for r in rows {
        let what = format!("学校 {} {}", r.school, r.section.id());
        check_section(ROSTER_PART, &what, r.section)?;
        if !seen.insert((&r.school, r.section)) {
            return Err(part_invalid(ROSTER_PART, format!("{what} 出现了两次")));
        }
        check_sub_counts(
            ROSTER_PART,
            &what,
            r.teachers,
            &[
                r.qualified,
                r.backbone,
                r.pe_arts,
                r.intermediate,
                r.on_staff,
            ],
        )?;
    }
    Ok(())
}

fn check_ledger(file: LedgerFile, school_year: i32) -> Result<CountedLedger, PackageError> {
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(file.rows.len());
    for r in file.rows {
        let what = format!(
            "{} → {}（{}–{} 学年）",
            r.from, r.to, r.start_year, r.end_year
        );
        check_section(LEDGER_PART, &what, r.section)?;
        if r.from == r.to {
            return Err(part_invalid(
                LEDGER_PART,
                format!("{what}：调出与调入学校相同"),
            ));
        }
        if !(r.start_year <= school_year && school_year <= r.end_year)
            || r.end_year - r.start_year > 9
        {
            return Err(part_invalid(
                LEDGER_PART,
                format!("{what}：应为 {school_year} 学年在岗、至多 10 个学年的交流"),
            ));
        }
        if r.moves == 0 || r.teachers != r.moves {
            return Err(part_invalid(
                LEDGER_PART,
                format!(
                    "{what}：人次 {} 应至少为 1 且等于专任教师数 {}",
                    r.moves, r.teachers
                ),
            ));
        }
        check_sub_counts(
            LEDGER_PART,
            &what,
            r.teachers,
            &[r.qualified, r.backbone, r.pe_arts, r.intermediate],
        )?;
        let row = CountedMoves {
            from: r.from,
            to: r.to,
            section: r.section,
            start_year: r.start_year,
            end_year: r.end_year,
            kind: r.kind,
            moves: r.moves,
            counts: Counts {
                teachers: r.teachers,
                qualified: r.qualified,
                backbone: r.backbone,
                pe_arts: r.pe_arts,
                intermediate: r.intermediate,
            },
        };
        let key = (
            row.from.clone(),
            row.to.clone(),
            row.section,
            row.start_year,
            row.end_year,
            row.kind,
        );
        if !seen.insert(key) {
            return Err(part_invalid(
                LEDGER_PART,
                format!("{what} 的同类交流出现了两行"),
            ));
        }
        rows.push(row);
    }
    Ok(CountedLedger {
        rows,
        unresolved: file.unresolved,
    })
}

fn check_evaluation(bytes: &[u8], school_year: i32) -> Result<String, PackageError> {
    #[derive(Deserialize)]
    struct Head {
        year: i32,
        rulebook: String,
    }
    let head: Head = serde_json::from_slice(bytes).map_err(|e| {
        part_invalid(
            EVALUATION_PART,
            format!("应为 junheng evaluate --format json 的评估结果（{e}）"),
        )
    })?;
    if head.year != school_year {
        return Err(PackageError::Inconsistent(format!(
            "评估结果的学年为 {}，清单的学年为 {school_year}",
            head.year
        )));
    }
    if head.rulebook.is_empty() {
        return Err(part_invalid(EVALUATION_PART, "没有评估规则（rulebook）"));
    }
    let text = std::str::from_utf8(bytes).expect("serde_json checked UTF-8");
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_level_json_is_found_at_any_depth_without_showing_it() {
        let code = |json: &str| scan_json("x.json", json.as_bytes()).map_err(|e| e.code());
        assert_eq!(code(r#"{"a":[{"b":{"teachers":3}}]}"#), Ok(()));
        assert_eq!(
            code(r#"{"a":[{"b":{"Teacher_ID":"T1"}}]}"#),
            Err("package.person_level")
        );
        assert_eq!(code(r#"[{"姓名":"张三"}]"#), Err("package.person_level"));
        let id = r#"{"note":"T110101199003077777"}"#;
        assert_eq!(code(id), Err("package.person_level"));
        let message = scan_json("x.json", id.as_bytes()).unwrap_err().to_string();
        assert!(!message.contains("19900307"), "{message}");
        assert_eq!(code(r#"{"a":1"#), Err("package.part_invalid"));
        assert_eq!(code(r#"{"a":1} x"#), Err("package.part_invalid"));
    }

    #[test]
    fn ledger_rows_are_checked() {
        let row = |f: &str, t: &str, start: i32, moves: u32, teachers: u32| LedgerRow {
            from: SchoolCode::parse(f).unwrap(),
            to: SchoolCode::parse(t).unwrap(),
            section: Section::Primary,
            start_year: start,
            end_year: start + 2,
            kind: MoveKind::Exchange,
            moves,
            teachers,
            qualified: 0,
            backbone: 1,
            pe_arts: 0,
            intermediate: 0,
        };
        let check = |rows: Vec<LedgerRow>| {
            check_ledger(
                LedgerFile {
                    rows,
                    unresolved: 0,
                },
                2024,
            )
            .map(|l| l.rows.len())
            .map_err(|e| e.to_string())
        };
        let (a, b) = ("5001120001", "5001120002");
        assert_eq!(
            check(vec![row(a, b, 2024, 2, 2), row(b, a, 2024, 1, 1)]),
            Ok(2)
        );
        assert!(
            check(vec![row(a, a, 2024, 1, 1)])
                .unwrap_err()
                .contains("相同")
        );
        assert!(
            check(vec![row(a, b, 2020, 1, 1)])
                .unwrap_err()
                .contains("在岗")
        );
        assert!(
            check(vec![row(a, b, 2024, 2, 1)])
                .unwrap_err()
                .contains("人次")
        );
        assert!(
            check(vec![row(a, b, 2024, 0, 0)])
                .unwrap_err()
                .contains("人次")
        );
        let mut over = row(a, b, 2024, 1, 1);
        over.backbone = 2;
        assert!(check(vec![over]).unwrap_err().contains("分项"));
        assert!(
            check(vec![row(a, b, 2024, 1, 1), row(a, b, 2024, 1, 1)])
                .unwrap_err()
                .contains("两行")
        );
    }
}
