//! Small and large districts with rosters for the planner tests.

use std::collections::BTreeMap;

use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_rotation::{Teacher, synth};

/// A district, its roster and its groups.
pub struct District {
    pub records: Vec<SchoolRecord>,
    pub roster: Vec<Teacher>,
    pub groups: BTreeMap<SchoolCode, String>,
}

/// A demo district of `schools` schools with its synthesized roster; groups of 5 schools.
pub fn district(schools: usize, seed: u64) -> District {
    let records = generate(&DemoSpec {
        schools,
        seed,
        year: 2024,
    });
    let roster = synth::roster(&records, seed);
    let groups = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.clone(), format!("第{}教育集团", i / 5 + 1)))
        .collect();
    District {
        records,
        roster,
        groups,
    }
}

/// A small district for exhaustive search: `schools` schools, and only about `movers` eligible
/// teachers (the others started at their school recently).
pub fn small(schools: usize, movers: usize, seed: u64) -> District {
    let mut d = district(schools, seed);
    synth::few_movers(&mut d.roster, movers, seed);
    d
}
