//! The tables of 劳动教育 (issue 18) in a backup: labour bases and alliances and 五育 coverage
//! (items 5 and 6); the 劳动清单 versions, the passport's records, their verifications, the
//! ratings and the parents' links (items 1, 2 and 7).

use super::tables::{Bytes, Int, OptInt, OptText, Table, Text};

pub(super) const LABOUR_BATCHES: Table = Table {
    name: "labour_batches",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("kind", Text),
        ("file_name", Text),
        ("sha256", Text),
        ("records", Int),
        ("imported_by", Text),
        ("imported_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const LABOUR_BASES: Table = Table {
    name: "labour_bases",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("batch_id", Int),
        ("name", Text),
        ("kind", Text),
        ("capacity", Int),
        ("school", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("batch_id", "labour_batches")],
};

pub(super) const LABOUR_ALLIANCES: Table = Table {
    name: "labour_alliances",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("batch_id", Int),
        ("name", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("batch_id", "labour_batches")],
};

const OF_ALLIANCES: &str =
    "alliance_id IN (SELECT id FROM labour_alliances WHERE district_id = $1)";

pub(super) const LABOUR_ALLIANCE_SCHOOLS: Table = Table {
    name: "labour_alliance_schools",
    key: "alliance_id, school",
    identity: false,
    columns: &[("alliance_id", Int), ("school", Text)],
    of_district: OF_ALLIANCES,
    refs: &[("alliance_id", "labour_alliances")],
};

pub(super) const LABOUR_ALLIANCE_BASES: Table = Table {
    name: "labour_alliance_bases",
    key: "alliance_id, base_id",
    identity: false,
    columns: &[("alliance_id", Int), ("base_id", Int)],
    of_district: OF_ALLIANCES,
    refs: &[
        ("alliance_id", "labour_alliances"),
        ("base_id", "labour_bases"),
    ],
};

const OF_BATCHES: &str = "batch_id IN (SELECT id FROM labour_batches WHERE district_id = $1)";

pub(super) const LABOUR_VISITS: Table = Table {
    name: "labour_visits",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("base_id", Int),
        ("school", Text),
        ("day", Text),
        ("students", Int),
        ("note", Text),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches"), ("base_id", "labour_bases")],
};

pub(super) const FIVE_BREAKS: Table = Table {
    name: "five_breaks",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("school", Text),
        ("year", Int),
        ("semester", Text),
        ("days_held", Int),
        ("school_days", Int),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches")],
};

pub(super) const FIVE_ARTS: Table = Table {
    name: "five_arts",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("school", Text),
        ("year", Int),
        ("students_reached", Int),
        ("students", Int),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches")],
};

pub(super) const FIVE_SPECIALTIES: Table = Table {
    name: "five_specialties",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("school", Text),
        ("kind", Text),
        ("level", Text),
        ("since", Int),
        ("until_year", Int),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches")],
};

pub(super) const FIVE_FOOTBALL: Table = Table {
    name: "five_football",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("school", Text),
        ("level", Text),
        ("since", Int),
        ("until_year", Int),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches")],
};

pub(super) const FIVE_TRIPS: Table = Table {
    name: "five_trips",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("school", Text),
        ("day", Text),
        ("destination", Text),
        ("participants", Int),
        ("students", Int),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches")],
};

pub(super) const FIVE_TARGETS: Table = Table {
    name: "five_targets",
    key: "district_id",
    identity: false,
    columns: &[
        ("district_id", Int),
        ("breaks_per_mille", Int),
        ("arts_per_mille", Int),
        ("specialty_per_mille", Int),
        ("football_per_mille", Int),
        ("trips_per_mille", Int),
        ("updated_by", Text),
        ("updated_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const LABOUR_LISTS: Table = Table {
    name: "labour_lists",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("school", Text),
        ("version", Int),
        ("parent_version", OptInt),
        ("list", Text),
        ("items", Int),
        ("file_name", Text),
        ("sha256", Text),
        ("created_by", Text),
        ("created_at", Text),
        ("withdrawn_by", OptText),
        ("withdrawn_at", OptText),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const LABOUR_RECORDS: Table = Table {
    name: "labour_records",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("student_id", Int),
        ("school", Text),
        ("class", Text),
        ("item", Text),
        ("day", Text),
        ("minutes", Int),
        ("evidence", Bytes),
        ("reporter", Text),
        ("batch", Text),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const LABOUR_VERIFICATIONS: Table = Table {
    name: "labour_verifications",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("record_id", Int),
        ("verifier", Text),
        ("decision", Text),
        ("day", Text),
        ("decided_by", Text),
        ("decided_at", Text),
    ],
    of_district: "record_id IN (SELECT id FROM labour_records WHERE district_id = $1)",
    refs: &[("record_id", "labour_records")],
};

pub(super) const LABOUR_RATINGS: Table = Table {
    name: "labour_ratings",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("student_id", Int),
        ("year", Int),
        ("semester", Text),
        ("rater", Text),
        ("ability", Int),
        ("habit", Int),
        ("quality", Int),
        ("item", OptText),
        ("rated_by", Text),
        ("rated_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const LABOUR_LINKS: Table = Table {
    name: "labour_links",
    key: "token_hash",
    identity: false,
    columns: &[
        ("token_hash", Text),
        ("district_id", Int),
        ("record_id", Int),
        ("expires_on", Text),
        ("used_at", OptText),
        ("created_by", Text),
        ("created_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[
        ("district_id", "districts"),
        ("record_id", "labour_records"),
    ],
};

pub(super) const LABOUR_CLASS_SUBMISSIONS: Table = Table {
    name: "labour_class_submissions",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("school", Text),
        ("class", Text),
        ("year", Int),
        ("semester", Text),
        ("children", Int),
        ("submitted_by", Text),
        ("submitted_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const LABOUR_REVIEWS: Table = Table {
    name: "labour_reviews",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("school", Text),
        ("year", Int),
        ("semester", Text),
        ("seq", Int),
        ("event", Text),
        ("day", Text),
        ("actor", Text),
        ("at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts")],
};

pub(super) const LABOUR_AUDITS: Table = Table {
    name: "labour_audits",
    key: "id",
    identity: true,
    columns: &[
        ("id", Int),
        ("district_id", Int),
        ("school", Text),
        ("year", Int),
        ("semester", Text),
        ("student_id", Int),
        ("outcome", Text),
        ("note", Text),
        ("recorded_by", Text),
        ("recorded_at", Text),
    ],
    of_district: "district_id = $1",
    refs: &[("district_id", "districts"), ("student_id", "students")],
};

pub(super) const LABOUR_LESSONS: Table = Table {
    name: "labour_lessons",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("school", Text),
        ("class", Text),
        ("week", Text),
        ("lessons", Int),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches")],
};

pub(super) const LABOUR_WEEKS: Table = Table {
    name: "labour_weeks",
    key: "batch_id, line",
    identity: false,
    columns: &[
        ("batch_id", Int),
        ("line", Int),
        ("school", Text),
        ("year", Int),
        ("first_day", Text),
        ("last_day", Text),
    ],
    of_district: OF_BATCHES,
    refs: &[("batch_id", "labour_batches")],
};
