//! Simulation before the ceremony: many draws, admission probabilities per applicant, per
//! (zone, tier) group and per school.

use serde::{Deserialize, Serialize};

use crate::compile::{Compiled, NONE, compile};
use crate::engine::Workspace;
use crate::model::{InputError, Inputs};
use crate::stream::simulation_seed;

/// One applicant's probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicantProbability {
    /// The applicant's id in the inputs (公示编号, or 报名号 for version 1 inputs).
    pub id: String,
    /// Zone.
    pub zone: String,
    /// Tier.
    pub tier: u32,
    /// Probability of being placed at any of their preferences.
    pub placed: f64,
    /// Probability of being placed at their first preference.
    pub first_choice: f64,
}

/// Probabilities of a group of applicants: one zone, one tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupProbability {
    /// Zone.
    pub zone: String,
    /// Tier.
    pub tier: u32,
    /// Number of applicants in the group.
    pub applicants: u32,
    /// Mean probability of being placed.
    pub placed: f64,
    /// Mean probability of being placed at the first preference.
    pub first_choice: f64,
}

/// Admission probability of the applicants of one tier who list a school first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierProbability {
    /// Tier.
    pub tier: u32,
    /// Applicants of this tier listing the school first.
    pub applicants: u32,
    /// Their mean probability of being admitted to it.
    pub probability: f64,
}

/// One school's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolProbability {
    /// School id.
    pub id: String,
    /// Zone.
    pub zone: String,
    /// Seats.
    pub capacity: u32,
    /// Applicants listing the school first.
    pub first_choice_applicants: u32,
    /// Probability that an applicant listing it first is admitted to it.
    pub first_choice: f64,
    /// The same per tier, best tier first.
    pub by_tier: Vec<TierProbability>,
    /// Mean number of admitted applicants.
    pub mean_admitted: f64,
    /// Probability that every seat is taken.
    pub full: f64,
}

/// The simulation's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probabilities {
    /// Number of simulated draws.
    pub draws: u32,
    /// Per applicant, sorted by id.
    pub applicants: Vec<ApplicantProbability>,
    /// Per (zone, tier), sorted.
    pub groups: Vec<GroupProbability>,
    /// Per school, sorted by id.
    pub schools: Vec<SchoolProbability>,
}

struct Counts {
    placed: Vec<u32>,
    first: Vec<u32>,
    admitted: Vec<u64>,
    full: Vec<u32>,
}

impl Counts {
    fn new(c: &Compiled) -> Self {
        let (n, m) = (c.applicants(), c.school_ids.len());
        Counts {
            placed: vec![0; n],
            first: vec![0; n],
            admitted: vec![0; m],
            full: vec![0; m],
        }
    }

    /// Adds the counts of another share of the draws.
    fn add(&mut self, other: &Counts) {
        fn add<T: Copy + std::ops::AddAssign>(total: &mut [T], part: &[T]) {
            total.iter_mut().zip(part).for_each(|(t, &p)| *t += p);
        }
        add(&mut self.placed, &other.placed);
        add(&mut self.first, &other.first);
        add(&mut self.admitted, &other.admitted);
        add(&mut self.full, &other.full);
    }
}

fn run_draws(c: &Compiled, base_seed: &[u8; 32], draws: std::ops::Range<u32>) -> Counts {
    let n = c.applicants();
    let m = c.school_ids.len();
    let mut counts = Counts::new(c);
    let mut ws = Workspace::new(c);
    let mut this_draw = vec![0u32; m];
    for i in draws {
        ws.run(c, &simulation_seed(base_seed, u64::from(i)));
        this_draw.fill(0);
        for a in 0..n {
            let s = ws.assigned[a];
            if s != NONE {
                counts.placed[a] += 1;
                counts.first[a] += u32::from(ws.round[a] == 1);
                this_draw[s as usize] += 1;
            }
        }
        for (s, &admitted) in this_draw.iter().enumerate() {
            counts.admitted[s] += u64::from(admitted);
            counts.full[s] += u32::from(admitted == c.capacity[s]);
        }
    }
    counts
}

/// Simulates `draws` draws — draw `i` uses seed `SHA-256(base_seed ‖ u64_be(i))` — on `threads`
/// threads (≥ 1) and returns admission probabilities. The result does not depend on `threads`.
///
/// ```
/// use junheng_lottery::{simulate, synth};
/// let inputs = synth::district(&synth::SynthSpec { applicants: 200, schools: 8, ..Default::default() });
/// let p = simulate(&inputs, 100, &[7u8; 32], 2).unwrap();
/// assert_eq!(p.draws, 100);
/// assert!(p.applicants.iter().all(|a| (0.0..=1.0).contains(&a.placed)));
/// ```
pub fn simulate(
    inputs: &Inputs,
    draws: u32,
    base_seed: &[u8; 32],
    threads: usize,
) -> Result<Probabilities, InputError> {
    let c = compile(inputs)?;
    let threads = threads.clamp(1, draws.max(1) as usize) as u32;
    let chunk = draws.div_ceil(threads);
    let parts: Vec<Counts> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let range = (t * chunk).min(draws)..((t + 1) * chunk).min(draws);
                let c = &c;
                scope.spawn(move || run_draws(c, base_seed, range))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("simulation thread"))
            .collect()
    });
    let mut total = Counts::new(&c);
    for part in &parts {
        total.add(part);
    }
    Ok(summarise(&c, draws, &total))
}

fn summarise(c: &Compiled, draws: u32, total: &Counts) -> Probabilities {
    let d = f64::from(draws.max(1));
    let n = c.applicants();
    let m = c.school_ids.len();
    let tiers = c.tier_values.len();
    let applicants = (0..n)
        .map(|a| ApplicantProbability {
            id: c.applicant_ids[a].to_string(),
            zone: c.zone_ids[c.applicant_zone[a] as usize].to_string(),
            tier: c.tier[a],
            placed: f64::from(total.placed[a]) / d,
            first_choice: f64::from(total.first[a]) / d,
        })
        .collect();
    // (zone, dense tier) → (applicants, placed, first); (school, dense tier) → (applicants, first).
    let mut group = vec![(0u32, 0u64, 0u64); c.zone_ids.len() * tiers];
    let mut school_tier = vec![(0u32, 0u64); m * tiers];
    for a in 0..n {
        let t = c.tier_dense[a] as usize;
        let g = &mut group[c.applicant_zone[a] as usize * tiers + t];
        g.0 += 1;
        g.1 += u64::from(total.placed[a]);
        g.2 += u64::from(total.first[a]);
        let st = &mut school_tier[c.prefs_of(a)[0] as usize * tiers + t];
        st.0 += 1;
        st.1 += u64::from(total.first[a]);
    }
    let ratio = |x: u64, count: u32| {
        if count == 0 {
            0.0
        } else {
            x as f64 / (f64::from(count) * d)
        }
    };
    let groups = group
        .iter()
        .enumerate()
        .filter(|(_, g)| g.0 > 0)
        .map(|(i, g)| GroupProbability {
            zone: c.zone_ids[i / tiers].to_string(),
            tier: c.tier_values[i % tiers],
            applicants: g.0,
            placed: ratio(g.1, g.0),
            first_choice: ratio(g.2, g.0),
        })
        .collect();
    let schools = (0..m)
        .map(|s| {
            let rows = &school_tier[s * tiers..(s + 1) * tiers];
            let count: u32 = rows.iter().map(|r| r.0).sum();
            let first: u64 = rows.iter().map(|r| r.1).sum();
            SchoolProbability {
                id: c.school_ids[s].to_string(),
                zone: c.zone_ids[c.school_zone[s] as usize].to_string(),
                capacity: c.capacity[s],
                first_choice_applicants: count,
                first_choice: ratio(first, count),
                by_tier: rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.0 > 0)
                    .map(|(t, r)| TierProbability {
                        tier: c.tier_values[t],
                        applicants: r.0,
                        probability: ratio(r.1, r.0),
                    })
                    .collect(),
                mean_admitted: total.admitted[s] as f64 / d,
                full: f64::from(total.full[s]) / d,
            }
        })
        .collect();
    Probabilities {
        draws,
        applicants,
        groups,
        schools,
    }
}
