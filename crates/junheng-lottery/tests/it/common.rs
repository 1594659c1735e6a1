//! Builders and the invariant checkers shared by the tests.

use std::collections::{HashMap, HashSet};

use junheng_lottery::{
    Applicant, ApplicantResult, DrawResults, Inputs, LotteryKey, Quota, School, Sealed, Witness,
    Zone, ZoneMode, draw_with_seed, seal,
};

pub fn zone(id: &str, mode: ZoneMode) -> Zone {
    Zone {
        id: id.into(),
        name: String::new(),
        mode,
    }
}

pub fn school(id: &str, zone: &str, capacity: u32) -> School {
    School {
        id: id.into(),
        name: format!("{id}校"),
        zone: zone.into(),
        capacity,
        quotas: vec![],
    }
}

pub fn school_with_quota(
    id: &str,
    zone: &str,
    capacity: u32,
    category: &str,
    seats: u32,
) -> School {
    School {
        quotas: vec![Quota {
            category: category.into(),
            seats,
        }],
        ..school(id, zone, capacity)
    }
}

pub fn applicant(id: &str, zone: &str, tier: u32, prefs: &[&str]) -> Applicant {
    Applicant {
        id: id.into(),
        zone: zone.into(),
        tier,
        preferences: prefs.iter().map(|p| p.to_string()).collect(),
        sibling: None,
        category: None,
    }
}

/// Untitled inputs of the one zone `Z`, drawn with `mode`.
pub fn zone_z(mode: ZoneMode, schools: Vec<School>, applicants: Vec<Applicant>) -> Inputs {
    Inputs {
        title: String::new(),
        zones: vec![zone("Z", mode)],
        schools,
        applicants,
        key_commitment: None,
    }
}

/// The results of `inputs` drawn with the seeds `[i; 32]`, `i = 0 .. draws`.
pub fn draws_with_seeds(inputs: &Inputs, draws: u8) -> impl Iterator<Item = DrawResults> + '_ {
    (0..draws).map(move |i| draw_with_seed(inputs, &[i; 32]).unwrap())
}

/// The outcome of applicant `id`.
pub fn outcome<'r>(results: &'r DrawResults, id: &str) -> &'r ApplicantResult {
    results.applicants.iter().find(|a| a.id == id).unwrap()
}

/// The key of the test vectors: bytes 0, 1, … 31.
pub fn test_key() -> LotteryKey {
    LotteryKey::from_bytes(core::array::from_fn(|i| i as u8))
}

/// `inputs` sealed with [`test_key`].
pub fn sealed(inputs: &Inputs) -> Sealed {
    seal(inputs, &test_key()).unwrap()
}

pub fn witness(role: &str, value: &str) -> Witness {
    Witness {
        role: role.into(),
        name: String::new(),
        value: value.into(),
    }
}

pub fn ceremony() -> Vec<Witness> {
    vec![
        witness("人大代表", "2718"),
        witness("公证员", "8281"),
        witness("家长代表", "8459"),
    ]
}

/// Everything the checkers need about the inputs, indexed by id.
pub struct View<'a> {
    pub applicant: HashMap<&'a str, &'a Applicant>,
    pub school: HashMap<&'a str, &'a School>,
    pub mode: HashMap<&'a str, ZoneMode>,
}

impl<'a> View<'a> {
    pub fn new(inputs: &'a Inputs) -> Self {
        View {
            applicant: inputs
                .applicants
                .iter()
                .map(|a| (a.id.as_str(), a))
                .collect(),
            school: inputs.schools.iter().map(|s| (s.id.as_str(), s)).collect(),
            mode: inputs
                .zones
                .iter()
                .map(|z| (z.id.as_str(), z.mode))
                .collect(),
        }
    }

    pub fn quota(&self, school: &str, category: Option<&str>) -> Option<u32> {
        let category = category?;
        self.school[school]
            .quotas
            .iter()
            .find(|q| q.category == category)
            .map(|q| q.seats)
    }
}

/// Priority key `(tier, rank)` of every applicant in `results`.
pub fn keys<'r>(inputs: &Inputs, results: &'r DrawResults) -> HashMap<&'r str, (u32, u32)> {
    let tier: HashMap<&str, u32> = inputs
        .applicants
        .iter()
        .map(|a| (a.id.as_str(), a.tier))
        .collect();
    results
        .applicants
        .iter()
        .map(|r| (r.id.as_str(), (tier[r.id.as_str()], r.rank)))
        .collect()
}

/// Capacity never exceeded, nobody placed twice, lists consistent with placements, ranks a
/// permutation, siblings consecutive, reserved seats within quota and held by the category.
pub fn check_consistent(inputs: &Inputs, results: &DrawResults) {
    let view = View::new(inputs);
    assert_eq!(results.applicants.len(), inputs.applicants.len());
    let ranks: HashSet<u32> = results.applicants.iter().map(|a| a.rank).collect();
    assert_eq!(
        ranks,
        (1..=inputs.applicants.len() as u32).collect::<HashSet<_>>(),
        "ranks are a permutation"
    );
    let mut seen = HashSet::new();
    let placed: HashMap<&str, &str> = results
        .applicants
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.school.as_deref()?)))
        .collect();
    for s in &results.schools {
        assert!(
            s.admitted.len() as u32 <= s.capacity,
            "capacity exceeded at {}",
            s.id
        );
        assert_eq!(s.capacity, view.school[s.id.as_str()].capacity);
        assert_eq!(s.remaining, s.capacity - s.admitted.len() as u32);
        for a in &s.admitted {
            assert!(seen.insert(a.as_str()), "{a} placed twice");
            assert_eq!(placed.get(a.as_str()), Some(&s.id.as_str()));
        }
        for q in &view.school[s.id.as_str()].quotas {
            let holders = results.applicants.iter().filter(|a| {
                a.school.as_ref() == Some(&s.id) && a.seat.as_ref() == Some(&q.category)
            });
            assert!(
                holders.count() as u32 <= q.seats,
                "quota {} exceeded at {}",
                q.category,
                s.id
            );
        }
    }
    assert_eq!(seen.len(), placed.len());
    let fallback: HashSet<&str> = results.fallback.iter().map(|s| s.as_str()).collect();
    assert_eq!(fallback.len(), results.fallback.len());
    for a in &results.applicants {
        let input = view.applicant[a.id.as_str()];
        match &a.school {
            Some(s) => {
                let position = input
                    .preferences
                    .iter()
                    .position(|p| p == s)
                    .expect("placed at a preference");
                assert_eq!(a.round, Some(position as u32 + 1));
                assert!(!fallback.contains(a.id.as_str()));
                if let Some(c) = &a.seat {
                    assert_eq!(
                        input.category.as_ref(),
                        Some(c),
                        "{} holds a seat of another category",
                        a.id
                    );
                    assert!(view.quota(s, Some(c)).is_some());
                }
            }
            None => {
                assert_eq!((a.round, &a.seat), (None, &None));
                assert!(
                    fallback.contains(a.id.as_str()),
                    "{} unplaced but not in fallback",
                    a.id
                );
            }
        }
    }
    // Sibling groups (links in either direction, transitively) hold consecutive ranks.
    let rank: HashMap<&str, u32> = results
        .applicants
        .iter()
        .map(|a| (a.id.as_str(), a.rank))
        .collect();
    let mut group: HashMap<&str, &str> = inputs
        .applicants
        .iter()
        .map(|a| (a.id.as_str(), a.id.as_str()))
        .collect();
    fn root<'a>(group: &HashMap<&'a str, &'a str>, mut x: &'a str) -> &'a str {
        while group[x] != x {
            x = group[x];
        }
        x
    }
    for a in &inputs.applicants {
        if let Some(sib) = &a.sibling {
            let (x, y) = (root(&group, &a.id), root(&group, sib));
            group.insert(x.max(y), x.min(y));
        }
    }
    let mut members: HashMap<&str, Vec<u32>> = HashMap::new();
    for a in &inputs.applicants {
        members
            .entry(root(&group, &a.id))
            .or_default()
            .push(rank[a.id.as_str()]);
    }
    for ranks in members.values() {
        let (lo, hi) = (ranks.iter().min().unwrap(), ranks.iter().max().unwrap());
        assert_eq!(
            (hi - lo) as usize + 1,
            ranks.len(),
            "sibling ranks not consecutive: {ranks:?}"
        );
    }
}

/// The school's choice among `candidates` (soft reserves): per category the best up to its
/// reserved seats, then the best of the others up to capacity.
pub fn choose<'a>(
    view: &View,
    keys: &HashMap<&str, (u32, u32)>,
    school: &str,
    candidates: &[&'a str],
) -> HashMap<&'a str, Option<String>> {
    let s = view.school[school];
    let mut sorted = candidates.to_vec();
    sorted.sort_by_key(|a| keys[a]);
    let mut chosen = HashMap::new();
    for q in &s.quotas {
        let members = sorted
            .iter()
            .filter(|a| view.applicant[**a].category.as_ref() == Some(&q.category));
        chosen.extend(
            members
                .take(q.seats as usize)
                .map(|a| (*a, Some(q.category.clone()))),
        );
    }
    let free = s.capacity as usize - chosen.len();
    let rest: Vec<&str> = sorted
        .iter()
        .filter(|a| !chosen.contains_key(**a))
        .take(free)
        .copied()
        .collect();
    chosen.extend(rest.into_iter().map(|a| (a, None)));
    chosen
}

/// Deferred-acceptance zones: no blocking pair. For every applicant and every school they
/// prefer to their placement, the school would not choose them over its admitted applicants.
pub fn check_stable(inputs: &Inputs, results: &DrawResults) {
    let view = View::new(inputs);
    let keys = keys(inputs, results);
    let admitted: HashMap<&str, Vec<&str>> = results
        .schools
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.admitted.iter().map(|a| a.as_str()).collect(),
            )
        })
        .collect();
    for r in &results.applicants {
        let a = view.applicant[r.id.as_str()];
        if view.mode[a.zone.as_str()] != ZoneMode::DeferredAcceptance {
            continue;
        }
        let better = r.round.map_or(a.preferences.len(), |k| k as usize - 1);
        for s in &a.preferences[..better] {
            let mut candidates = admitted[s.as_str()].clone();
            candidates.push(&r.id);
            let chosen = choose(&view, &keys, s, &candidates);
            assert!(
                !chosen.contains_key(r.id.as_str()),
                "blocking pair: {} and {s}",
                r.id
            );
        }
    }
}

/// Single-school and 顺序志愿 zones: if an applicant applied to a school in round k and was
/// refused, the school was full after round k, admitted nobody in a later round, and every
/// applicant it admitted on a general seat in round k has a better (tier, rank); every holder of
/// a seat reserved for the refused applicant's category admitted in round k too.
pub fn check_rounds(inputs: &Inputs, results: &DrawResults) {
    let view = View::new(inputs);
    let keys = keys(inputs, results);
    let by_school: HashMap<&str, &junheng_lottery::SchoolResult> =
        results.schools.iter().map(|s| (s.id.as_str(), s)).collect();
    let outcome: HashMap<&str, &junheng_lottery::ApplicantResult> = results
        .applicants
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    for r in &results.applicants {
        let a = view.applicant[r.id.as_str()];
        if view.mode[a.zone.as_str()] == ZoneMode::DeferredAcceptance {
            continue;
        }
        let applied_rounds = r.round.map_or(a.preferences.len(), |k| k as usize - 1);
        for (k, s) in a.preferences[..applied_rounds].iter().enumerate() {
            let round = k as u32 + 1;
            let school = by_school[s.as_str()];
            assert_eq!(
                school.remaining, 0,
                "{} refused by {s} which has seats left",
                r.id
            );
            for x in &school.admitted {
                let ox = outcome[x.as_str()];
                assert!(
                    ox.round.unwrap() <= round,
                    "{s} admitted {x} in a later round than refusing {}",
                    r.id
                );
                let same_category = ox.seat.is_some() && ox.seat == a.category;
                if ox.round == Some(round) && (ox.seat.is_none() || same_category) {
                    assert!(
                        keys[x.as_str()] < keys[r.id.as_str()],
                        "{s} admitted {x} over {} in round {round}",
                        r.id
                    );
                }
            }
        }
    }
}
