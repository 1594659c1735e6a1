//! The header row: which file column holds which template column.

use super::cell::{Cell, trim};
use super::columns::{COLUMNS, FIRST_NUMBER, N};
use super::issue::{Issue, Place, codes};

/// Where each template column sits in the file: `map[i]` is the file's column index of
/// `COLUMNS[i]`.
pub(crate) type ColumnMap = [Option<usize>; N];

/// Maps the header row to template columns, reporting missing, duplicate and unknown headers.
///
/// `header_row` is the header's row number as the user sees it.
pub(crate) fn map_header<'h>(
    headers: impl Iterator<Item = Cell<'h>>,
    header_row: usize,
    place: &Place,
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> ColumnMap {
    let mut map: ColumnMap = [None; N];
    for (j, cell) in headers.enumerate() {
        let Some(text) = cell.shown() else { continue };
        let text = trim(&text).to_owned();
        match COLUMNS.iter().position(|c| c.header == text) {
            Some(i) if map[i].is_some() => issues.push(place.issue(
                codes::DUPLICATE_COLUMN,
                Some(header_row),
                Some(&text),
                None,
                format!(
                    "表头「{text}」出现了两次（第 {} 列和第 {} 列），每列只能出现一次，请删除或改名其中一列",
                    map[i].unwrap_or(0) + 1,
                    j + 1
                ),
            )),
            Some(i) => map[i] = Some(j),
            None => warnings.push(place.issue(
                codes::UNKNOWN_COLUMN,
                Some(header_row),
                Some(&text),
                None,
                format!("「{text}」不是模板中的列，已忽略；如是模板列，请检查表头是否与模板完全一致"),
            )),
        }
    }
    for (i, column) in COLUMNS.iter().enumerate() {
        if map[i].is_some() {
            continue;
        }
        let h = column.header;
        if column.required {
            issues.push(place.issue(
                codes::REQUIRED_COLUMN_MISSING,
                None,
                Some(h),
                None,
                format!("缺少必填列「{h}」；表头须位于第一行，且与模板列名完全一致"),
            ));
        } else if i >= super::columns::NUMBERS_END {
            // 经度/纬度 only serve the map, and the arts rooms' areas are checked only where given:
            // no warning when a bureau does not record them.
        } else if i >= FIRST_NUMBER {
            warnings.push(place.issue(
                codes::COLUMN_MISSING_DEFAULT_ZERO,
                None,
                Some(h),
                None,
                format!("文件中没有「{h}」列，该列的值均按 0 处理"),
            ));
        } else {
            warnings.push(place.issue(
                codes::COLUMN_MISSING_DEFAULT_EMPTY,
                None,
                Some(h),
                None,
                format!("文件中没有「{h}」列，该列的值均按空白处理"),
            ));
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(headers: &[&str]) -> (ColumnMap, Vec<Issue>, Vec<Issue>) {
        let place = Place {
            file: "a.csv".into(),
            sheet: None,
        };
        let (mut issues, mut warnings) = (Vec::new(), Vec::new());
        let cells = headers.iter().map(|h| Cell::from_text(h));
        let map = map_header(cells, 1, &place, &mut issues, &mut warnings);
        (map, issues, warnings)
    }

    #[test]
    fn maps_headers_in_any_order_after_trimming() {
        let all: Vec<&str> = COLUMNS.iter().rev().map(|c| c.header).collect();
        let (m, issues, warnings) = map(&all);
        assert!(issues.is_empty() && warnings.is_empty());
        assert_eq!(m[0], Some(COLUMNS.len() - 1));
        let (m, _, _) = map(&["\u{3000}学校名称 ", "", "学年"]);
        assert_eq!((m[2], m[0]), (Some(0), Some(2)));
    }

    #[test]
    fn reports_duplicates_unknowns_and_missing_columns() {
        let (m, issues, warnings) =
            map(&["学年", "学年", "备注", "学校标识码", "学校名称", "办学类型"]);
        assert_eq!(m[0], Some(0), "the first of duplicates is used");
        let codes: Vec<_> = issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, [codes::DUPLICATE_COLUMN]);
        assert_eq!(warnings[0].code, codes::UNKNOWN_COLUMN);
        assert_eq!(warnings[0].column.as_deref(), Some("备注"));
        let zero = warnings
            .iter()
            .filter(|w| w.code == codes::COLUMN_MISSING_DEFAULT_ZERO)
            .count();
        let empty = warnings
            .iter()
            .filter(|w| w.code == codes::COLUMN_MISSING_DEFAULT_EMPTY)
            .count();
        assert_eq!(
            (zero, empty),
            (super::super::columns::NUMBERS_END - FIRST_NUMBER, 4)
        );
        let (_, issues, _) = map(&["学年"]);
        assert_eq!(issues.len(), 3);
        assert!(
            issues
                .iter()
                .all(|i| i.code == codes::REQUIRED_COLUMN_MISSING && i.row.is_none())
        );
    }
}
