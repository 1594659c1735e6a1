//! Per-row parsing and checks of data rows; [`Validator::finish`] adds the checks across rows.
//!
//! Every problem is collected; nothing stops at the first.

use junheng_core::school::{
    Location, SchoolCode, SchoolCodeError, SchoolKind, SchoolRecord, Section, UrbanRural,
};

use super::Imported;
use super::cell::{Cell, as_whole, parse_number};
use super::columns::{
    self, ART_ROOM_AREA, CODE, COLUMNS, FIRST_NUMBER, GROUP, GYM_AREA, KIND, LATITUDE, LONGITUDE,
    MUSIC_ROOM_AREA, N, NAME, NUMBERS_END, Numbers, PARENT, TEACHING_ROOM_AREA, Ty, URBAN_RURAL,
    YEAR, ZONE,
};
use super::cross::{self, Key, pack};

mod fields;
use super::header::ColumnMap;
use super::issue::{ImportFailure, Issue, Place, codes};
use crate::guard::{Capped, cap};
use crate::limits::Limits;

/// The cells of one data row, by template column.
pub(crate) trait RowCells {
    /// The cell of template column `i` (`Cell::Empty` when the column is absent).
    fn cell(&self, i: usize) -> Cell<'_>;

    /// A fast path for count columns: `Some(value)` when the cell is plainly a count that fits
    /// (for CSV: 1 to 9 ASCII digits), `None` to go the general way through [`RowCells::cell`].
    fn plain_count(&self, _i: usize) -> Option<u32> {
        None
    }
}

/// Collects rows and issues; [`Validator::finish`] runs the checks across rows.
pub(crate) struct Validator {
    place: Place,
    /// The problems found (at most `max_issues`, the rest counted).
    issues: Capped,
    max_warnings: usize,
    warnings: Vec<Issue>,
    /// Every data row, for the checks across rows.
    keys: Vec<Key>,
    /// The records, while no issue has been found (then they are dropped: nothing is imported).
    records: Vec<SchoolRecord>,
    /// The records of the later parts of the file, in order: appended to `records` by
    /// [`Validator::finish`] on another thread while this one runs the checks across rows.
    later: Vec<Vec<SchoolRecord>>,
    /// Which template columns the file has (absent required columns are reported once, not per row).
    present: [bool; N],
}

/// Allowed 办学类型, for messages.
fn kind_list() -> String {
    SchoolKind::ALL.map(SchoolKind::label).join("、")
}

impl Validator {
    /// A validator for one file (or sheet) with its header's column map, issues and warnings.
    pub fn new(
        place: Place,
        map: &ColumnMap,
        issues: Vec<Issue>,
        warnings: Vec<Issue>,
        limits: &Limits,
    ) -> Self {
        let present = map.map(|c| c.is_some());
        let mut capped = Capped::new(limits.max_issues.max(1));
        capped.list = issues;
        Validator {
            place,
            issues: capped,
            max_warnings: limits.max_warnings.max(1),
            warnings,
            keys: Vec::new(),
            records: Vec::new(),
            later: Vec::new(),
            present,
        }
    }

    /// A validator for a later part of the same file: same place and columns, no issues yet.
    pub fn part(&self) -> Self {
        Validator {
            place: self.place.clone(),
            issues: Capped::new(self.issues.max),
            max_warnings: self.max_warnings,
            warnings: Vec::new(),
            keys: Vec::new(),
            records: Vec::new(),
            later: Vec::new(),
            present: self.present,
        }
    }

    /// Appends the rows of the next part of the file, read by [`Validator::part`].
    pub fn absorb(&mut self, mut next: Validator) {
        self.issues.list.append(&mut next.issues.list);
        self.issues.dropped += next.issues.dropped;
        if self.issues.list.len() > self.issues.max {
            self.issues.dropped += self.issues.list.len() - self.issues.max;
            self.issues.list.truncate(self.issues.max);
        }
        self.warnings.append(&mut next.warnings);
        // Exactly the room needed when the first reservation fell short (no doubling).
        self.keys.reserve_exact(next.keys.len());
        self.keys.append(&mut next.keys);
        if self.clean() {
            self.later.push(next.records);
        } else {
            self.records = Vec::new();
            self.later = Vec::new();
        }
    }

    /// Reserves room for about `rows` rows.
    pub fn reserve(&mut self, rows: usize) {
        self.keys.reserve(rows);
        self.records.reserve(rows);
    }

    fn push(
        &mut self,
        code: &'static str,
        row: usize,
        col: usize,
        value: Option<String>,
        message: String,
    ) {
        let place = &self.place;
        self.issues
            .push_with(|| place.issue(code, Some(row), Some(COLUMNS[col].header), value, message));
    }

    /// Whether no problem has been found yet.
    fn clean(&self) -> bool {
        self.issues.list.is_empty() && self.issues.dropped == 0
    }

    /// Parses and checks one data row.
    pub fn row(&mut self, row: usize, cells: &impl RowCells) {
        let mut bad: u64 = 0;
        let year = self.year(row, cells.cell(YEAR));
        let code = self.code(row, CODE, cells.cell(CODE), true);
        let name = self.text(row, NAME, cells.cell(NAME), true);
        let kind = self.kind(row, cells.cell(KIND));
        let urban_rural = self.urban_rural(row, cells.cell(URBAN_RURAL));
        let parent_cell = cells.cell(PARENT);
        let parent_empty = parent_cell == Cell::Empty;
        let parent_code = self.code(row, PARENT, parent_cell, false);
        let zone = self.text(row, ZONE, cells.cell(ZONE), false);
        let group = self.text(row, GROUP, cells.cell(GROUP), false);
        let mut numbers = Numbers::default();
        for i in FIRST_NUMBER..NUMBERS_END {
            let ok = match columns::ty(i) {
                Ty::Count => cells
                    .plain_count(i)
                    .or_else(|| self.count(row, i, cells.cell(i)))
                    .map(|v| *numbers.count_mut(i) = v),
                _ => self
                    .real(row, i, cells.cell(i))
                    .map(|v| *numbers.real_mut(i) = v),
            };
            if ok.is_none() {
                bad |= 1 << i;
            }
        }
        let good = |i: usize| bad & (1 << i) == 0;
        let shown = |n: &Numbers, i: usize| Some(n.count(i).to_string());

        // Sections the 办学类型 does not have must be empty.
        if let Some(kind) = kind {
            for section in [Section::Primary, Section::Junior, Section::Senior] {
                if kind.has(section) {
                    continue;
                }
                let (cols, n) = match columns::section_columns(section) {
                    Some(c) => ([c.students, c.classes, c.teachers], 3),
                    None => ([columns::STUDENTS_SENIOR; 3], 1),
                };
                for &i in &cols[..n] {
                    if good(i) && numbers.count(i) > 0 {
                        let has = kind
                            .sections()
                            .iter()
                            .map(|s| s.label())
                            .collect::<Vec<_>>()
                            .join("、");
                        self.push(
                            codes::SECTION_NOT_IN_KIND,
                            row,
                            i,
                            shown(&numbers, i),
                            format!(
                                "办学类型为「{kind}」的学校只有{has}学段，「{}」应为 0 或空白；请核对办学类型或把数据填到正确的学段",
                                COLUMNS[i].header
                            ),
                        );
                    }
                }
            }
        }
        // Teacher subsets never exceed the section's teachers.
        for section in Section::EVALUATED {
            let Some(c) = columns::section_columns(section) else {
                continue;
            };
            if !good(c.teachers) {
                continue;
            }
            let teachers = numbers.count(c.teachers);
            for i in c.subsets {
                if good(i) && numbers.count(i) > teachers {
                    self.push(
                        codes::EXCEEDS_TEACHERS,
                        row,
                        i,
                        shown(&numbers, i),
                        format!(
                            "「{}」大于「{}」（{teachers}），应不超过同学段专任教师数",
                            COLUMNS[i].header, COLUMNS[c.teachers].header
                        ),
                    );
                }
            }
        }
        if good(GYM_AREA) && good(TEACHING_ROOM_AREA) {
            let (gym, rooms) = (numbers.real(GYM_AREA), numbers.real(TEACHING_ROOM_AREA));
            if gym > rooms {
                self.push(
                    codes::GYM_EXCEEDS_TEACHING_AREA,
                    row,
                    GYM_AREA,
                    Some(super::cell::format_number(gym)),
                    format!(
                        "体育馆面积大于教学及辅助用房面积（{}），教学及辅助用房面积应包含体育馆面积，请核对",
                        super::cell::format_number(rooms)
                    ),
                );
            }
        }
        let location = self.location(row, cells);
        numbers.facilities.music_room_area =
            self.optional_area(row, MUSIC_ROOM_AREA, cells.cell(MUSIC_ROOM_AREA));
        numbers.facilities.art_room_area =
            self.optional_area(row, ART_ROOM_AREA, cells.cell(ART_ROOM_AREA));
        if kind == Some(SchoolKind::TeachingPoint) && parent_empty {
            self.push(
                codes::TEACHING_POINT_WITHOUT_PARENT,
                row,
                PARENT,
                None,
                "教学点必须填写上级学校标识码：所属中心校的 10 位学校标识码".to_owned(),
            );
        }
        let pack_code = |c: &Option<SchoolCode>| c.as_ref().map(pack);
        self.keys.push(Key {
            row,
            year,
            code: pack_code(&code),
            parent: pack_code(&parent_code),
            kind,
        });
        // A required field is missing without an issue of its own only when its whole column is
        // missing, which the header's issues report.
        let (true, Some(year), Some(code), Some(name), Some(kind)) =
            (self.clean(), year, code, name, kind)
        else {
            // Nothing will be imported: stop keeping records.
            self.records = Vec::new();
            return;
        };
        self.records.push(SchoolRecord {
            year,
            code,
            name,
            kind,
            urban_rural,
            parent_code,
            zone,
            group,
            primary: numbers.primary,
            junior: numbers.junior,
            senior_students: numbers.senior_students,
            facilities: numbers.facilities,
            location: location.flatten(),
        });
    }

    /// Runs the checks across rows and returns the records, or every problem found.
    pub fn finish(mut self) -> Result<Imported, ImportFailure> {
        if self.keys.is_empty() {
            let message = "表头下面没有数据行：每所学校每个学年填一行".to_owned();
            let place = &self.place;
            self.issues
                .push_with(|| place.file_issue(codes::NO_DATA_ROWS, message));
        }
        // Moving the later parts' records (and freeing their buffers) takes as long as the
        // checks across rows: one on each core.
        let later = std::mem::take(&mut self.later);
        let records = &mut self.records;
        std::thread::scope(|scope| {
            if !later.is_empty() {
                scope.spawn(move || {
                    for mut part in later {
                        records.reserve_exact(part.len());
                        records.append(&mut part);
                    }
                });
            }
            cross::check(&self.keys, &self.place, &mut self.issues);
        });
        cap(
            &mut self.warnings,
            self.max_warnings,
            0,
            codes::MORE_WARNINGS,
            &self.place,
            "条警告",
        );
        if !self.clean() {
            self.issues.list.sort_by_key(|i| i.row.unwrap_or(0));
            return Err(ImportFailure {
                issues: self
                    .issues
                    .into_list(codes::MORE_ISSUES, &self.place, "个问题"),
                warnings: self.warnings,
            });
        }
        Ok(Imported {
            records: self.records,
            warnings: self.warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// A row given as (template column, cell).
    struct Row<'a>(Vec<(usize, Cell<'a>)>);

    impl RowCells for Row<'_> {
        fn cell(&self, i: usize) -> Cell<'_> {
            self.0
                .iter()
                .find(|(c, _)| *c == i)
                .map_or(Cell::Empty, |(_, cell)| cell.clone())
        }
    }

    fn valid<'a>() -> Vec<(usize, Cell<'a>)> {
        vec![
            (YEAR, Cell::Number(2024.0)),
            (CODE, Cell::Text("5001120001")),
            (NAME, Cell::Text("实验小学")),
            (KIND, Cell::Text("小学")),
        ]
    }

    fn validator(present: &[usize]) -> Validator {
        let mut map: ColumnMap = [None; N];
        for &i in present {
            map[i] = Some(i);
        }
        Validator::new(
            Place {
                file: "a.csv".into(),
                sheet: None,
            },
            &map,
            Vec::new(),
            Vec::new(),
            &Limits::default(),
        )
    }

    #[test]
    fn a_valid_row_becomes_a_record() {
        let mut v = validator(&(0..N).collect::<Vec<_>>());
        v.row(2, &Row(valid()));
        let imported = v.finish().unwrap();
        assert_eq!(imported.records[0].name, "实验小学");
        assert_eq!(imported.records[0].urban_rural, None);
    }

    #[test]
    fn absent_required_columns_are_not_reported_on_every_row() {
        let mut v = validator(&[YEAR, CODE, KIND]);
        let mut cells = valid();
        cells.retain(|(c, _)| *c != NAME);
        v.row(2, &Row(cells));
        assert!(v.issues.list.is_empty());
        assert!(v.records.is_empty());
    }

    #[test]
    fn undecodable_dates_and_errors_are_named() {
        let mut v = validator(&(0..N).collect::<Vec<_>>());
        let mut cells = valid();
        cells.push((NAME, Cell::Undecodable("\u{fffd}\u{fffd}".into())));
        cells.retain(|(c, cell)| *c != NAME || matches!(cell, Cell::Undecodable(_)));
        cells.push((8, Cell::Other("日期或时间", Cow::Borrowed("2024-09-01"))));
        cells.push((GYM_AREA, Cell::Error(Cow::Borrowed("#N/A"))));
        v.row(2, &Row(cells));
        let got: Vec<_> = v
            .issues
            .list
            .iter()
            .map(|i| (i.code, i.column.clone().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                (codes::ENCODING_INVALID, "学校名称".to_owned()),
                (codes::NOT_A_NUMBER, "小学在校生数".to_owned()),
                (codes::EXCEL_ERROR_CELL, "体育馆面积".to_owned()),
            ]
        );
        assert!(
            v.records.is_empty(),
            "records are dropped once an issue is found"
        );
    }

    #[test]
    fn whole_numbers_from_spreadsheets() {
        let mut v = validator(&(0..N).collect::<Vec<_>>());
        let mut cells = valid();
        cells.push((13, Cell::Number(45.000_000_000_01)));
        cells.push((8, Cell::Number(-0.0)));
        cells.push((11, Cell::Number(1e12)));
        v.row(2, &Row(cells));
        let got: Vec<_> = v.issues.list.iter().map(|i| i.code).collect();
        assert_eq!(got, [codes::NUMBER_TOO_LARGE]);
    }
}
