//! Reading one cell of each kind: year, code, text, 办学类型, 城乡分类, numbers, 经度/纬度. Each
//! returns `None` after reporting what is wrong and what is expected.

use super::*;

impl Validator {
    pub(super) fn year(&mut self, row: usize, cell: Cell<'_>) -> Option<i32> {
        let value = match &cell {
            Cell::Empty => return self.required_empty(row, YEAR),
            Cell::Error(_) | Cell::Undecodable(_) => return self.error_cell(row, YEAR, &cell),
            Cell::Number(v) => Some(*v),
            Cell::Text(t) => parse_number(t),
            Cell::Other(..) => None,
        };
        let year = value
            .and_then(as_whole)
            .filter(|y| (2000.0..=2100.0).contains(y));
        if year.is_none() {
            self.push(
                codes::YEAR_INVALID,
                row,
                YEAR,
                cell.shown(),
                "学年应为 2000 至 2100 之间的整数，填学年的起始年份，如 2024 表示 2024–2025 学年"
                    .to_owned(),
            );
        }
        year.map(|y| y as i32)
    }

    pub(super) fn required_empty<T>(&mut self, row: usize, col: usize) -> Option<T> {
        if !self.present[col] {
            return None;
        }
        let h = COLUMNS[col].header;
        self.push(
            codes::REQUIRED_CELL_EMPTY,
            row,
            col,
            None,
            format!("「{h}」为必填项，不能为空"),
        );
        None
    }

    /// A spreadsheet error value, or bytes the file's encoding cannot decode.
    pub(super) fn error_cell<T>(&mut self, row: usize, col: usize, cell: &Cell<'_>) -> Option<T> {
        let (code, message) = match cell {
            Cell::Undecodable(_) => (
                codes::ENCODING_INVALID,
                "单元格中有无法识别的字符（文件混用了不同的编码）；请用 Excel 或 WPS 另存为「CSV UTF-8」后重新导入",
            ),
            _ => (
                codes::EXCEL_ERROR_CELL,
                "单元格是公式错误值，请修正公式或直接填写数值",
            ),
        };
        self.push(code, row, col, cell.shown(), message.to_owned());
        None
    }

    pub(super) fn code(
        &mut self,
        row: usize,
        col: usize,
        cell: Cell<'_>,
        required: bool,
    ) -> Option<SchoolCode> {
        let h = COLUMNS[col].header;
        let text = match &cell {
            Cell::Empty if required => return self.required_empty(row, col),
            Cell::Empty => return None,
            Cell::Error(_) | Cell::Undecodable(_) => return self.error_cell(row, col, &cell),
            Cell::Number(_) | Cell::Other(..) => {
                let shown = cell.shown();
                self.push(
                    codes::SCHOOL_CODE_NOT_TEXT,
                    row,
                    col,
                    shown,
                    format!(
                        "{h}被 Excel 存成了数字，开头的 0 可能已丢失，应为 10 位文本代码；请把该列设为文本格式后重新填写（或在代码前加英文单引号 '）"
                    ),
                );
                return None;
            }
            Cell::Text(t) => *t,
        };
        // Accept the usual ways of forcing text: a leading apostrophe, or ="…" from CSV exports.
        let unwrapped = text
            .strip_prefix('\'')
            .or_else(|| text.strip_prefix("=\"").and_then(|t| t.strip_suffix('"')))
            .unwrap_or(text);
        match SchoolCode::parse(unwrapped) {
            Ok(code) => Some(code),
            Err(SchoolCodeError::ScientificNotation) => {
                self.push(
                    codes::SCHOOL_CODE_SCIENTIFIC,
                    row,
                    col,
                    Some(text.to_owned()),
                    format!(
                        "{h}被 Excel 转成了数字（科学计数法），应为 10 位文本代码，请把该列设为文本格式后重新填写"
                    ),
                );
                None
            }
            Err(SchoolCodeError::Empty) if required => self.required_empty(row, col),
            Err(SchoolCodeError::Empty) => None,
            Err(SchoolCodeError::NotTenDigits) => {
                let digits = unwrapped.bytes().all(|b| b.is_ascii_digit());
                let hint = if digits && unwrapped.len() < 10 {
                    "；少于 10 位，可能是 Excel 去掉了开头的 0，请把该列设为文本格式后重新填写"
                } else {
                    ""
                };
                self.push(
                    codes::SCHOOL_CODE_NOT_TEN_DIGITS,
                    row,
                    col,
                    Some(text.to_owned()),
                    format!("{h}应为 10 位数字{hint}"),
                );
                None
            }
        }
    }

    pub(super) fn text(
        &mut self,
        row: usize,
        col: usize,
        cell: Cell<'_>,
        required: bool,
    ) -> Option<String> {
        match &cell {
            Cell::Empty if required => self.required_empty(row, col),
            Cell::Empty => None,
            Cell::Error(_) | Cell::Undecodable(_) => self.error_cell(row, col, &cell),
            Cell::Text(t) => Some((*t).to_owned()),
            Cell::Number(_) | Cell::Other(..) => cell.shown(),
        }
    }

    pub(super) fn kind(&mut self, row: usize, cell: Cell<'_>) -> Option<SchoolKind> {
        match &cell {
            Cell::Empty => self.required_empty(row, KIND),
            Cell::Error(_) | Cell::Undecodable(_) => self.error_cell(row, KIND, &cell),
            Cell::Text(t) if let Some(kind) = SchoolKind::parse(t) => Some(kind),
            _ => {
                self.push(
                    codes::UNKNOWN_SCHOOL_KIND,
                    row,
                    KIND,
                    cell.shown(),
                    format!("办学类型应为以下之一：{}", kind_list()),
                );
                None
            }
        }
    }

    pub(super) fn urban_rural(&mut self, row: usize, cell: Cell<'_>) -> Option<UrbanRural> {
        match &cell {
            Cell::Empty => None,
            Cell::Error(_) | Cell::Undecodable(_) => self.error_cell(row, URBAN_RURAL, &cell),
            Cell::Text(t) if let Some(u) = UrbanRural::parse(t) => Some(u),
            _ => {
                self.push(
                    codes::UNKNOWN_URBAN_RURAL,
                    row,
                    URBAN_RURAL,
                    cell.shown(),
                    "城乡分类应为城区、镇区、乡村之一，或留空".to_owned(),
                );
                None
            }
        }
    }

    /// A finite number ≥ 0, or `None` after reporting why not.
    pub(super) fn number(
        &mut self,
        row: usize,
        col: usize,
        cell: &Cell<'_>,
        unit: &str,
    ) -> Option<f64> {
        let h = COLUMNS[col].header;
        let v = match cell {
            Cell::Empty => return Some(0.0),
            Cell::Error(_) | Cell::Undecodable(_) => return self.error_cell(row, col, cell),
            Cell::Number(v) => *v,
            Cell::Text(t) => match parse_number(t) {
                Some(v) => v,
                None => return self.not_a_number(row, col, cell, unit),
            },
            Cell::Other(what, _) => {
                let message = format!(
                    "「{h}」应为数字（{unit}），该单元格却是{what}；请把单元格格式设为常规或数值后重新填写"
                );
                self.push(codes::NOT_A_NUMBER, row, col, cell.shown(), message);
                return None;
            }
        };
        if !v.is_finite() {
            let message = format!("「{h}」应为有限的数字（{unit}）");
            self.push(codes::NUMBER_NOT_FINITE, row, col, cell.shown(), message);
            return None;
        }
        if v < 0.0 {
            let message = format!("「{h}」不能为负数，应为 ≥ 0 的数字（{unit}）");
            self.push(codes::NEGATIVE_NUMBER, row, col, cell.shown(), message);
            return None;
        }
        Some(if v == 0.0 { 0.0 } else { v })
    }

    pub(super) fn not_a_number<T>(
        &mut self,
        row: usize,
        col: usize,
        cell: &Cell<'_>,
        unit: &str,
    ) -> Option<T> {
        let h = COLUMNS[col].header;
        let message = format!("「{h}」应为数字（{unit}），不要带单位或文字；不填表示 0");
        self.push(codes::NOT_A_NUMBER, row, col, cell.shown(), message);
        None
    }

    pub(super) fn count(&mut self, row: usize, col: usize, cell: Cell<'_>) -> Option<u32> {
        // Fast paths: whole numbers that fit, as numbers or as plain digits.
        match cell {
            Cell::Number(v) if v >= 0.0 && f64::from(v as u32) == v => return Some(v as u32),
            Cell::Text(t) if t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit()) => {
                return Some(t.bytes().fold(0u32, |v, d| v * 10 + u32::from(d - b'0')));
            }
            _ => {}
        }
        let v = self.number(row, col, &cell, "整数")?;
        let h = COLUMNS[col].header;
        let Some(whole) = as_whole(v) else {
            let message = format!("「{h}」应为整数（如 12），不能有小数");
            self.push(codes::NOT_INTEGER, row, col, cell.shown(), message);
            return None;
        };
        if whole > f64::from(u32::MAX) {
            let message = format!("「{h}」数值过大，应不超过 {}", u32::MAX);
            self.push(codes::NUMBER_TOO_LARGE, row, col, cell.shown(), message);
            return None;
        }
        Some(whole as u32)
    }

    /// 经度 and 纬度: both or neither, within China's range. `None` after reporting a problem.
    pub(super) fn location(
        &mut self,
        row: usize,
        cells: &impl RowCells,
    ) -> Option<Option<Location>> {
        let mut read = |col: usize, range: (f64, f64)| -> Option<Option<f64>> {
            let cell = cells.cell(col);
            if cell == Cell::Empty {
                return Some(None);
            }
            let v = self.number(row, col, &cell, "度")?;
            if v < range.0 || v > range.1 {
                self.push(
                    codes::COORDINATE_OUT_OF_RANGE,
                    row,
                    col,
                    Some(super::super::cell::format_number(v)),
                    format!(
                        "「{}」应在 {}–{} 之间（WGS-84 十进制度，中国境内）；请核对是否填反了经度和纬度",
                        COLUMNS[col].header, range.0, range.1
                    ),
                );
                return None;
            }
            Some(Some(v))
        };
        let longitude = read(LONGITUDE, (73.0, 136.0));
        let latitude = read(LATITUDE, (3.0, 54.0));
        match (longitude?, latitude?) {
            (Some(longitude), Some(latitude)) => Some(Some(Location {
                longitude,
                latitude,
            })),
            (None, None) => Some(None),
            (given, _) => {
                let (col, missing) = if given.is_some() {
                    (LATITUDE, "纬度")
                } else {
                    (LONGITUDE, "经度")
                };
                self.push(
                    codes::COORDINATE_INCOMPLETE,
                    row,
                    col,
                    None,
                    format!("只填了经度、纬度中的一项：请同时填写「{missing}」，或两项都不填"),
                );
                None
            }
        }
    }

    /// 音乐/美术专用教室面积: `None` when empty (not given) or after reporting a problem, which
    /// stops the import.
    pub(super) fn optional_area(&mut self, row: usize, col: usize, cell: Cell<'_>) -> Option<f64> {
        if cell == Cell::Empty {
            return None;
        }
        self.number(row, col, &cell, "平方米")
    }

    pub(super) fn real(&mut self, row: usize, col: usize, cell: Cell<'_>) -> Option<f64> {
        let unit = if COLUMNS[col].kind == "money" {
            "万元"
        } else {
            "平方米"
        };
        self.number(row, col, &cell, unit)
    }
}
