//! How a school-year row is stored: its columns, how they are written and read back.

use junheng_core::school::{Facilities, Location, SchoolRecord, SectionStats};

use crate::StoreError;
use crate::error::{narrow, parse_word, school_code, to_u32};
use crate::pool::{from_row, insert_values_sql};

/// Columns of `school_years` in insert order (without `import_id`).
pub(super) const SCHOOL_COLUMNS: [&str; 35] = [
    "school_code",
    "name",
    "kind",
    "urban_rural",
    "parent_code",
    "zone",
    "group_name",
    "students_primary",
    "classes_primary",
    "teachers_primary",
    "qualified_teachers_primary",
    "backbone_teachers_primary",
    "pe_arts_teachers_primary",
    "intermediate_title_teachers_primary",
    "students_junior",
    "classes_junior",
    "teachers_junior",
    "qualified_teachers_junior",
    "backbone_teachers_junior",
    "pe_arts_teachers_junior",
    "intermediate_title_teachers_junior",
    "students_senior",
    "teaching_room_area",
    "gym_area",
    "sports_ground_area",
    "equipment_value",
    "multimedia_rooms",
    "music_rooms",
    "art_rooms",
    "computers",
    "books",
    "longitude",
    "latitude",
    "music_room_area",
    "art_room_area",
];

/// The select list of a school row, `i` being `imports` and `s` `school_years`.
macro_rules! school_select {
    () => {
        "i.year, s.school_code, s.name, s.kind, s.urban_rural, s.parent_code, s.zone, \
         s.group_name, s.students_primary, s.classes_primary, s.teachers_primary, \
         s.qualified_teachers_primary, s.backbone_teachers_primary, s.pe_arts_teachers_primary, \
         s.intermediate_title_teachers_primary, s.students_junior, s.classes_junior, \
         s.teachers_junior, s.qualified_teachers_junior, s.backbone_teachers_junior, \
         s.pe_arts_teachers_junior, s.intermediate_title_teachers_junior, s.students_senior, \
         s.teaching_room_area, s.gym_area, s.sports_ground_area, s.equipment_value, \
         s.multimedia_rooms, s.music_rooms, s.art_rooms, s.computers, s.books, s.longitude, \
         s.latitude, s.music_room_area, s.art_room_area"
    };
}

/// `INSERT INTO school_years … VALUES (…), (…)` for `rows` rows.
pub(super) fn insert_schools_sql(rows: usize) -> String {
    let head = format!(
        "INSERT INTO school_years (import_id, {})",
        SCHOOL_COLUMNS.join(", ")
    );
    insert_values_sql(&head, SCHOOL_COLUMNS.len() + 1, rows)
}

/// A row of `school_years` joined with its import's year.
pub(super) struct SchoolRow {
    pub(super) year: i64,
    pub(super) school_code: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) urban_rural: Option<String>,
    pub(super) parent_code: Option<String>,
    pub(super) zone: Option<String>,
    pub(super) group_name: Option<String>,
    pub(super) students_primary: i64,
    pub(super) classes_primary: i64,
    pub(super) teachers_primary: i64,
    pub(super) qualified_teachers_primary: i64,
    pub(super) backbone_teachers_primary: i64,
    pub(super) pe_arts_teachers_primary: i64,
    pub(super) intermediate_title_teachers_primary: i64,
    pub(super) students_junior: i64,
    pub(super) classes_junior: i64,
    pub(super) teachers_junior: i64,
    pub(super) qualified_teachers_junior: i64,
    pub(super) backbone_teachers_junior: i64,
    pub(super) pe_arts_teachers_junior: i64,
    pub(super) intermediate_title_teachers_junior: i64,
    pub(super) students_senior: i64,
    pub(super) teaching_room_area: f64,
    pub(super) gym_area: f64,
    pub(super) sports_ground_area: f64,
    pub(super) equipment_value: f64,
    pub(super) multimedia_rooms: i64,
    pub(super) music_rooms: i64,
    pub(super) art_rooms: i64,
    pub(super) computers: i64,
    pub(super) books: i64,
    pub(super) longitude: Option<f64>,
    pub(super) latitude: Option<f64>,
    pub(super) music_room_area: Option<f64>,
    pub(super) art_room_area: Option<f64>,
}
from_row!(SchoolRow {
    year,
    school_code,
    name,
    kind,
    urban_rural,
    parent_code,
    zone,
    group_name,
    students_primary,
    classes_primary,
    teachers_primary,
    qualified_teachers_primary,
    backbone_teachers_primary,
    pe_arts_teachers_primary,
    intermediate_title_teachers_primary,
    students_junior,
    classes_junior,
    teachers_junior,
    qualified_teachers_junior,
    backbone_teachers_junior,
    pe_arts_teachers_junior,
    intermediate_title_teachers_junior,
    students_senior,
    teaching_room_area,
    gym_area,
    sports_ground_area,
    equipment_value,
    multimedia_rooms,
    music_rooms,
    art_rooms,
    computers,
    books,
    longitude,
    latitude,
    music_room_area,
    art_room_area
});

/// A school row with the version it belongs to.
pub(super) struct HistoryRow {
    pub(super) import_id: i64,
    pub(super) version: i64,
    pub(super) imported_at: String,
    pub(super) imported_by: String,
    pub(super) school: SchoolRow,
}
from_row!(HistoryRow { import_id, version, imported_at, imported_by } flatten { school: SchoolRow });

pub(super) struct ImportRow {
    pub(super) id: i64,
    pub(super) year: i64,
    pub(super) version: i64,
    pub(super) file_name: String,
    pub(super) sha256: String,
    pub(super) note: String,
    pub(super) row_count: i64,
    pub(super) imported_at: String,
    pub(super) imported_by: String,
    pub(super) kind: String,
    pub(super) based_on: Option<i64>,
}
from_row!(ImportRow {
    id,
    year,
    version,
    file_name,
    sha256,
    note,
    row_count,
    imported_at,
    imported_by,
    kind,
    based_on
});

pub(super) struct YearRow {
    pub(super) year: i64,
    pub(super) version: i64,
    pub(super) versions: i64,
    pub(super) row_count: i64,
    pub(super) imported_at: String,
    pub(super) imported_by: String,
}
from_row!(YearRow {
    year,
    version,
    versions,
    row_count,
    imported_at,
    imported_by
});

pub(super) const T: &str = "school_years";

impl TryFrom<SchoolRow> for SchoolRecord {
    type Error = StoreError;

    fn try_from(r: SchoolRow) -> Result<Self, StoreError> {
        let n = |v: i64, column| to_u32(v, T, column);
        Ok(SchoolRecord {
            year: narrow(r.year, "imports", "year")?,
            code: school_code(&r.school_code, T, "school_code")?,
            name: r.name,
            kind: parse_word(&r.kind, T, "kind")?,
            urban_rural: r
                .urban_rural
                .as_deref()
                .map(|u| parse_word(u, T, "urban_rural"))
                .transpose()?,
            parent_code: r
                .parent_code
                .as_deref()
                .map(|c| school_code(c, T, "parent_code"))
                .transpose()?,
            zone: r.zone,
            group: r.group_name,
            primary: SectionStats {
                students: n(r.students_primary, "students_primary")?,
                classes: n(r.classes_primary, "classes_primary")?,
                teachers: n(r.teachers_primary, "teachers_primary")?,
                qualified_teachers: n(r.qualified_teachers_primary, "qualified_teachers_primary")?,
                backbone_teachers: n(r.backbone_teachers_primary, "backbone_teachers_primary")?,
                pe_arts_teachers: n(r.pe_arts_teachers_primary, "pe_arts_teachers_primary")?,
                intermediate_title_teachers: n(
                    r.intermediate_title_teachers_primary,
                    "intermediate_title_teachers_primary",
                )?,
            },
            junior: SectionStats {
                students: n(r.students_junior, "students_junior")?,
                classes: n(r.classes_junior, "classes_junior")?,
                teachers: n(r.teachers_junior, "teachers_junior")?,
                qualified_teachers: n(r.qualified_teachers_junior, "qualified_teachers_junior")?,
                backbone_teachers: n(r.backbone_teachers_junior, "backbone_teachers_junior")?,
                pe_arts_teachers: n(r.pe_arts_teachers_junior, "pe_arts_teachers_junior")?,
                intermediate_title_teachers: n(
                    r.intermediate_title_teachers_junior,
                    "intermediate_title_teachers_junior",
                )?,
            },
            senior_students: n(r.students_senior, "students_senior")?,
            facilities: Facilities {
                teaching_room_area: r.teaching_room_area,
                gym_area: r.gym_area,
                sports_ground_area: r.sports_ground_area,
                equipment_value: r.equipment_value,
                multimedia_rooms: n(r.multimedia_rooms, "multimedia_rooms")?,
                music_rooms: n(r.music_rooms, "music_rooms")?,
                art_rooms: n(r.art_rooms, "art_rooms")?,
                music_room_area: r.music_room_area,
                art_room_area: r.art_room_area,
                computers: n(r.computers, "computers")?,
                books: n(r.books, "books")?,
            },
            location: match (r.longitude, r.latitude) {
                (Some(longitude), Some(latitude)) => Some(Location {
                    longitude,
                    latitude,
                }),
                (None, None) => None,
                _ => {
                    return Err(StoreError::Corrupt {
                        table: T,
                        column: "longitude",
                    });
                }
            },
        })
    }
}

/// Binds one record's columns in [`SCHOOL_COLUMNS`] order.
macro_rules! bind_school {
    ($q:expr, $import_id:expr, $r:expr) => {{
        let r: &SchoolRecord = $r;
        let f = &r.facilities;
        $q.bind($import_id)
            .bind(r.code.as_str())
            .bind(r.name.as_str())
            .bind($crate::error::word(&r.kind))
            .bind(r.urban_rural.as_ref().map($crate::error::word))
            .bind(r.parent_code.as_ref().map(SchoolCode::as_str))
            .bind(r.zone.as_deref())
            .bind(r.group.as_deref())
            .bind(i64::from(r.primary.students))
            .bind(i64::from(r.primary.classes))
            .bind(i64::from(r.primary.teachers))
            .bind(i64::from(r.primary.qualified_teachers))
            .bind(i64::from(r.primary.backbone_teachers))
            .bind(i64::from(r.primary.pe_arts_teachers))
            .bind(i64::from(r.primary.intermediate_title_teachers))
            .bind(i64::from(r.junior.students))
            .bind(i64::from(r.junior.classes))
            .bind(i64::from(r.junior.teachers))
            .bind(i64::from(r.junior.qualified_teachers))
            .bind(i64::from(r.junior.backbone_teachers))
            .bind(i64::from(r.junior.pe_arts_teachers))
            .bind(i64::from(r.junior.intermediate_title_teachers))
            .bind(i64::from(r.senior_students))
            .bind(f.teaching_room_area)
            .bind(f.gym_area)
            .bind(f.sports_ground_area)
            .bind(f.equipment_value)
            .bind(i64::from(f.multimedia_rooms))
            .bind(i64::from(f.music_rooms))
            .bind(i64::from(f.art_rooms))
            .bind(i64::from(f.computers))
            .bind(i64::from(f.books))
            .bind(r.location.map(|l| l.longitude))
            .bind(r.location.map(|l| l.latitude))
            .bind(f.music_room_area)
            .bind(f.art_room_area)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::word;
    use junheng_core::school::{SchoolKind, UrbanRural};

    #[test]
    fn insert_statement_numbers_every_parameter() {
        let per_row = SCHOOL_COLUMNS.len() + 1;
        let sql = insert_schools_sql(2);
        assert!(sql.contains("($1, $2,"));
        assert!(sql.contains(&format!("${per_row}), (${}, ", per_row + 1)));
        assert!(sql.ends_with(&format!("${}, ${})", 2 * per_row - 1, 2 * per_row)));
        assert_eq!(sql.matches('$').count(), 2 * per_row);
    }

    #[test]
    fn stored_ids_are_the_serde_names() {
        for kind in SchoolKind::ALL {
            let json = format!("\"{}\"", word(&kind));
            assert_eq!(serde_json::from_str::<SchoolKind>(&json).unwrap(), kind);
        }
        for u in [UrbanRural::Urban, UrbanRural::Town, UrbanRural::Rural] {
            let json = format!("\"{}\"", word(&u));
            assert_eq!(serde_json::from_str::<UrbanRural>(&json).unwrap(), u);
        }
    }
}
