//! The tables of the school-age forecast (issue 16) in a backup: births by 街道/乡镇, the
//! 街道/乡镇 → 学区 map, enrolment by grade and approved capacity.

use super::tables::{Int, OptInt, Real, Table, Text};

pub(super) const SEAT_BIRTHS: Table = Table {
    name: "seat_births",
    key: "district_id, area, series, year",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("area", Text),
        ("series", Text),
        ("year", Int),
        ("births", Int),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_AREA_ZONES: Table = Table {
    name: "seat_area_zones",
    key: "district_id, area, zone",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("area", Text),
        ("zone", Text),
        ("share", Real),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_ENROLMENT: Table = Table {
    name: "seat_enrolment",
    key: "district_id, year, school, grade",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("year", Int),
        ("school", Text),
        ("grade", Int),
        ("pupils", Int),
        ("migrant", Int),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const SEAT_CAPACITY: Table = Table {
    name: "seat_capacity",
    key: "district_id, year, school",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("year", Int),
        ("school", Text),
        ("primary_classes", OptInt),
        ("junior_classes", OptInt),
        ("primary_seats", OptInt),
        ("junior_seats", OptInt),
        ("classrooms", OptInt),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};
