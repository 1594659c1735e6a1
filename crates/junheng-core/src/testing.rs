//! Record builders shared by the unit tests.

use crate::school::{Facilities, SchoolCode, SchoolKind, SchoolRecord, SectionStats};

/// The staff of a section of `students` that meets every 2017 teacher standard: per 100
/// students 10 teachers, 5 qualified, 2 backbone and 2 PE/arts teachers; an intermediate title
/// per 30 students and a class per 40.
pub(crate) fn staff(students: u32) -> SectionStats {
    SectionStats {
        students,
        classes: students / 40,
        teachers: students / 10,
        qualified_teachers: students / 20,
        backbone_teachers: students / 50,
        pe_arts_teachers: students / 50,
        intermediate_title_teachers: students / 30,
    }
}

/// A 2024 record of a school of `kind` with `primary` and `junior` students, each section staffed
/// by [`staff`], and `facilities`; no zone, group, parent or location.
pub(crate) fn record(
    code: SchoolCode,
    name: String,
    kind: SchoolKind,
    (primary, junior): (u32, u32),
    facilities: Facilities,
) -> SchoolRecord {
    SchoolRecord {
        year: 2024,
        code,
        name,
        kind,
        urban_rural: None,
        parent_code: None,
        zone: None,
        group: None,
        primary: staff(primary),
        junior: staff(junior),
        senior_students: 0,
        facilities,
        location: None,
    }
}
