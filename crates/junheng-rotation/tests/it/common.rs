//! Small and large districts with rosters for the planner tests.

use std::collections::BTreeMap;

use junheng_core::demo::{DemoSpec, Rng, generate};
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
    let mut rng = Rng::new(seed ^ 0xABCD);
    let n = d.roster.len();
    let mut keep: Vec<bool> = vec![false; n];
    let mut kept = 0;
    while kept < movers.min(n) {
        let i = (rng.next_u64() % n as u64) as usize;
        if !keep[i] {
            keep[i] = true;
            kept += 1;
        }
    }
    for (t, keep) in d.roster.iter_mut().zip(keep) {
        if keep {
            t.start_year = t.start_year.min(2015);
            t.birth_year = t.birth_year.max(1975);
            t.on_staff = true;
        } else {
            t.start_year = 2022;
        }
    }
    d
}
