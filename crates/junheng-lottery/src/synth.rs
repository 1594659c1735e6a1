//! Deterministic synthetic districts for tests, benchmarks and demonstrations.
//!
//! Generated with the crate's own [`Stream`], so the same spec always gives the
//! same district, on every platform and version.

use sha2::{Digest, Sha256};

use crate::model::{Applicant, Inputs, Quota, School, Zone, ZoneMode};
use crate::stream::Stream;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthSpec {
    /// Number of applicants.
    pub applicants: usize,
    /// Number of schools (≥ 1).
    pub schools: usize,
    /// Schools per zone (≥ 1); the last zone may be smaller.
    pub schools_per_zone: usize,
    /// The mechanism of every zone, or `None` to cycle through
    /// deferred acceptance, sequential and single-school zones.
    pub mode: Option<ZoneMode>,
    /// Maximum number of preferences per applicant (≥ 1).
    pub preferences: usize,
    /// Total seats as a fraction of applicants (e.g. 0.9: some are unplaced).
    pub seat_ratio: f64,
    /// Reserve seats: every school `4k` reserves a quarter for `直升`, every school `4k+2` a
    /// third for `小区配套` and a fifth for `直升`; a third of their first-choice applicants
    /// belong to one of the categories.
    pub quotas: bool,
    /// Link about 2 % of applicants to the previous applicant as siblings.
    pub siblings: bool,
    /// Generator seed.
    pub seed: u64,
}

impl Default for SynthSpec {
    fn default() -> Self {
        SynthSpec {
            applicants: 1000,
            schools: 20,
            schools_per_zone: 5,
            mode: None,
            preferences: 4,
            seat_ratio: 0.9,
            quotas: true,
            siblings: true,
            seed: 1,
        }
    }
}

/// Generates a district, its applicants identified by made-up 报名号 (`A0000000` …): version 1
/// inputs, to [`crate::seal`] before publishing.
///
/// ```
/// use junheng_lottery::{freeze, synth};
/// let inputs = synth::district(&synth::SynthSpec::default());
/// assert_eq!(inputs.applicants.len(), 1000);
/// assert!(freeze(&inputs).is_ok());
/// ```
pub fn district(spec: &SynthSpec) -> Inputs {
    let mut hasher = Sha256::new();
    hasher.update(b"junheng-lottery synth");
    hasher.update(spec.seed.to_be_bytes());
    let mut rng = Stream::new(&hasher.finalize().into());
    let schools_n = spec.schools.max(1);
    let per_zone = spec.schools_per_zone.max(1);
    let zones_n = schools_n.div_ceil(per_zone);
    let cycle = [
        ZoneMode::DeferredAcceptance,
        ZoneMode::Sequential,
        ZoneMode::SingleSchool,
    ];
    let zones: Vec<Zone> = (0..zones_n)
        .map(|z| Zone {
            id: format!("Z{z:03}"),
            name: format!("第{}学区", z + 1),
            mode: spec.mode.unwrap_or(cycle[z % 3]),
        })
        .collect();
    let mean_seats = spec.applicants as f64 * spec.seat_ratio / schools_n as f64;
    let mut popularity = Vec::with_capacity(schools_n);
    let schools: Vec<School> = (0..schools_n)
        .map(|j| {
            popularity.push(1 + rng.uniform(4));
            let factor = 0.5 + rng.uniform(101) as f64 / 100.0;
            let capacity = ((mean_seats * factor).round() as u32).max(1);
            let quota = |category: &str, seats: u32| Quota {
                category: category.into(),
                seats,
            };
            let quotas = match j % 4 {
                _ if !spec.quotas || capacity < 5 => Vec::new(),
                0 => vec![quota("直升", capacity / 4)],
                2 => vec![quota("小区配套", capacity / 3), quota("直升", capacity / 5)],
                _ => Vec::new(),
            };
            School {
                id: format!("S{j:04}"),
                name: format!("第{}学校", j + 1),
                zone: zones[j / per_zone].id.clone(),
                capacity,
                quotas,
            }
        })
        .collect();
    let mut applicants: Vec<Applicant> = Vec::with_capacity(spec.applicants);
    for i in 0..spec.applicants {
        let id = format!("A{i:07}");
        if spec.siblings && i > 0 && rng.uniform(50) == 0 {
            let prev = &applicants[i - 1];
            let twin = Applicant {
                id,
                sibling: Some(prev.id.clone()),
                ..prev.clone()
            };
            applicants.push(twin);
            continue;
        }
        let z = rng.uniform(zones_n as u64) as usize;
        let first = z * per_zone;
        let members = first..(first + per_zone).min(schools_n);
        let max_prefs = match zones[z].mode {
            ZoneMode::SingleSchool => 1,
            _ => spec.preferences.clamp(1, members.len()),
        };
        let wanted = 1 + rng.uniform(max_prefs as u64) as usize;
        let total: u64 = popularity[members.clone()].iter().sum();
        let mut prefs: Vec<usize> = Vec::with_capacity(wanted);
        while prefs.len() < wanted {
            let mut x = rng.uniform(total);
            let mut pick = members.start;
            while x >= popularity[pick] {
                x -= popularity[pick];
                pick += 1;
            }
            if !prefs.contains(&pick) {
                prefs.push(pick);
            }
        }
        let tier = match rng.uniform(10) {
            0..=5 => 0,
            6..=8 => 1,
            _ => 2,
        };
        let quotas = &schools[prefs[0]].quotas;
        let category = (!quotas.is_empty() && rng.uniform(3) == 0).then(|| {
            quotas[rng.uniform(quotas.len() as u64) as usize]
                .category
                .clone()
        });
        applicants.push(Applicant {
            id,
            zone: zones[z].id.clone(),
            tier,
            preferences: prefs.iter().map(|&p| schools[p].id.clone()).collect(),
            sibling: None,
            category,
        });
    }
    Inputs {
        title: format!("合成测试学区（种子 {}）", spec.seed),
        zones,
        schools,
        applicants,
        key_commitment: None,
    }
}
