//! Validation of the inputs and their compilation to integer ids in canonical order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::key::is_public_code;
use crate::model::{InputError, Inputs, Quota, ZoneMode, has_control_character};

pub(crate) const NONE: u32 = u32::MAX;

/// Inputs compiled to integer ids, in canonical order (every list sorted by id).
#[derive(Debug, Clone)]
pub(crate) struct Compiled<'a> {
    pub applicant_ids: Vec<&'a str>,
    pub applicant_zone: Vec<u32>,
    pub tier: Vec<u32>,
    /// Dense tier index (0 = the best tier present), so keys sort like `(tier, rank)`.
    pub tier_dense: Vec<u32>,
    pub tier_values: Vec<u32>,
    /// Dense category index or `NONE`.
    pub category: Vec<u32>,
    pub pref_start: Vec<u32>,
    pub prefs: Vec<u32>,
    /// Lottery units (sibling groups): members of unit u are `unit_members[unit_start[u]..unit_start[u+1]]`.
    pub unit_start: Vec<u32>,
    pub unit_members: Vec<u32>,
    pub school_ids: Vec<&'a str>,
    pub school_zone: Vec<u32>,
    pub capacity: Vec<u32>,
    /// Quotas of school s are `quota_start[s]..quota_start[s+1]` in `quota_category`/`quota_seats`.
    pub quota_start: Vec<u32>,
    pub quota_category: Vec<u32>,
    pub quota_seats: Vec<u32>,
    pub category_names: Vec<&'a str>,
    pub zone_ids: Vec<&'a str>,
    pub zone_mode: Vec<ZoneMode>,
}

impl Compiled<'_> {
    pub fn applicants(&self) -> usize {
        self.applicant_ids.len()
    }

    pub fn prefs_of(&self, a: usize) -> &[u32] {
        &self.prefs[self.pref_start[a] as usize..self.pref_start[a + 1] as usize]
    }

    pub fn mode_of_applicant(&self, a: usize) -> ZoneMode {
        self.zone_mode[self.applicant_zone[a] as usize]
    }

    /// The quota entry of school `s` for category `c`, if any.
    pub fn quota_index(&self, s: usize, c: u32) -> Option<usize> {
        if c == NONE {
            return None;
        }
        let range = self.quota_start[s] as usize..self.quota_start[s + 1] as usize;
        range.into_iter().find(|&q| self.quota_category[q] == c)
    }

    pub fn has_quotas(&self) -> bool {
        !self.quota_seats.is_empty()
    }
}

fn check_text(kind: &'static str, id: &str, texts: &[&str]) -> Result<(), InputError> {
    if id.is_empty() {
        return Err(InputError::EmptyId { kind });
    }
    if texts.iter().any(|t| has_control_character(t)) {
        return Err(InputError::ControlCharacter {
            kind,
            id: id.to_string(),
        });
    }
    Ok(())
}

/// FNV-1a: school and zone ids are short, and the standard SipHash dominated compile time.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Index<'a> = HashMap<&'a str, u32, BuildHasherDefault<Fnv>>;

/// Records sorted by id (duplicates refused).
fn sorted<'a, T>(
    items: &'a [T],
    id: impl Fn(&T) -> &str,
    kind: &'static str,
) -> Result<Vec<&'a T>, InputError> {
    let mut sorted: Vec<&T> = items.iter().collect();
    sorted.sort_unstable_by(|a, b| id(a).cmp(id(b)));
    for pair in sorted.windows(2) {
        if id(pair[0]) == id(pair[1]) {
            return Err(InputError::Duplicate {
                kind,
                id: id(pair[0]).to_string(),
            });
        }
    }
    Ok(sorted)
}

fn index<'a, T>(sorted: &[&'a T], id: impl Fn(&'a T) -> &'a str) -> Index<'a> {
    sorted
        .iter()
        .enumerate()
        .map(|(i, t)| (id(t), i as u32))
        .collect()
}

/// Offsets of consecutive runs of the given sizes: `0, s₀, s₀ + s₁, …` (one more than `sizes`).
pub(crate) fn prefix(sizes: &[u32]) -> Vec<u32> {
    let mut off = Vec::with_capacity(sizes.len() + 1);
    let mut total = 0u32;
    off.push(0);
    for &s in sizes {
        total += s;
        off.push(total);
    }
    off
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

/// Version 2: the key commitment is 64 lowercase hex digits and every applicant and sibling is
/// named by a 公示编号 (checked first, so that no other message can repeat a 报名号).
fn check_public_codes(inputs: &Inputs, commitment: &str) -> Result<(), InputError> {
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if commitment.len() != 64 || !commitment.bytes().all(hex) {
        return Err(InputError::BadKeyCommitment);
    }
    for a in &inputs.applicants {
        let named = [("报名号", Some(&a.id)), ("同胞报名号", a.sibling.as_ref())];
        for (kind, id) in named {
            if let Some(id) = id.filter(|id| !is_public_code(id)) {
                return Err(InputError::NotPublicCode {
                    kind,
                    id: id.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Validates inputs and compiles them to integer ids in canonical order.
pub(crate) fn compile(inputs: &Inputs) -> Result<Compiled<'_>, InputError> {
    if inputs.applicants.is_empty() {
        return Err(InputError::NoApplicants);
    }
    if has_control_character(&inputs.title) {
        return Err(InputError::ControlCharacter {
            kind: "标题",
            id: inputs.title.clone(),
        });
    }
    if let Some(commitment) = &inputs.key_commitment {
        check_public_codes(inputs, commitment)?;
    }
    let zones = sorted(&inputs.zones, |z| &z.id, "学区")?;
    let zone_index = index(&zones, |z| &z.id);
    for z in &zones {
        check_text("学区", &z.id, &[&z.id, &z.name])?;
    }
    let schools = sorted(&inputs.schools, |s| &s.id, "学校")?;
    let school_index = index(&schools, |s| &s.id);
    let mut categories: Vec<&str> = Vec::new();
    let mut zone_has_school = vec![false; zones.len()];
    for s in &schools {
        check_text("学校", &s.id, &[&s.id, &s.name, &s.zone])?;
        let Some(&z) = zone_index.get(s.zone.as_str()) else {
            return Err(InputError::SchoolZoneUnknown {
                school: s.id.clone(),
                zone: s.zone.clone(),
            });
        };
        zone_has_school[z as usize] = true;
        if s.capacity == 0 {
            return Err(InputError::ZeroCapacity(s.id.clone()));
        }
        let mut reserved = 0u64;
        for (i, q) in s.quotas.iter().enumerate() {
            let bad = |problem| InputError::BadQuota {
                school: s.id.clone(),
                category: q.category.clone(),
                problem,
            };
            check_text("类别", &q.category, &[&q.category])
                .map_err(|_| bad("为空或含有控制字符"))?;
            if q.seats == 0 {
                return Err(bad("的名额为 0，应至少为 1（不设名额请删除该类别）"));
            }
            if s.quotas[..i].iter().any(|p| p.category == q.category) {
                return Err(bad("重复出现，每个类别只能设一次名额"));
            }
            reserved += u64::from(q.seats);
            categories.push(&q.category);
        }
        if reserved > u64::from(s.capacity) {
            return Err(InputError::QuotasExceedCapacity {
                school: s.id.clone(),
                reserved,
                capacity: s.capacity,
            });
        }
    }
    if let Some(z) = zone_has_school.iter().position(|has| !has) {
        return Err(InputError::ZoneWithoutSchools(zones[z].id.clone()));
    }
    categories.sort_unstable();
    categories.dedup();

    let applicants = sorted(&inputs.applicants, |a| &a.id, "报名号")?;
    let n = applicants.len();
    let mut tier_values: Vec<u32> = applicants.iter().map(|a| a.tier).collect();
    tier_values.sort_unstable();
    tier_values.dedup();
    let mut c = Compiled {
        applicant_ids: Vec::with_capacity(n),
        applicant_zone: Vec::with_capacity(n),
        tier: Vec::with_capacity(n),
        tier_dense: Vec::with_capacity(n),
        tier_values,
        category: Vec::with_capacity(n),
        pref_start: Vec::with_capacity(n + 1),
        prefs: Vec::with_capacity(applicants.iter().map(|a| a.preferences.len()).sum()),
        unit_start: Vec::new(),
        unit_members: Vec::with_capacity(n),
        school_ids: schools.iter().map(|s| s.id.as_str()).collect(),
        school_zone: schools
            .iter()
            .map(|s| zone_index[s.zone.as_str()])
            .collect(),
        capacity: schools.iter().map(|s| s.capacity).collect(),
        quota_start: vec![0],
        quota_category: Vec::new(),
        quota_seats: Vec::new(),
        category_names: categories.clone(),
        zone_ids: zones.iter().map(|z| z.id.as_str()).collect(),
        zone_mode: zones.iter().map(|z| z.mode).collect(),
    };
    for s in &schools {
        let mut quotas: Vec<&Quota> = s.quotas.iter().collect();
        quotas.sort_unstable_by(|a, b| a.category.cmp(&b.category));
        for q in quotas {
            let cat = categories
                .binary_search(&q.category.as_str())
                .expect("category collected above");
            c.quota_category.push(cat as u32);
            c.quota_seats.push(q.seats);
        }
        c.quota_start.push(c.quota_seats.len() as u32);
    }
    let mut parent: Vec<u32> = (0..n as u32).collect();
    c.pref_start.push(0);
    for (i, a) in applicants.iter().enumerate() {
        let texts = [
            a.id.as_str(),
            &a.zone,
            a.sibling.as_deref().unwrap_or(""),
            a.category.as_deref().unwrap_or(""),
        ];
        check_text("报名号", &a.id, &texts)?;
        let Some(&z) = zone_index.get(a.zone.as_str()) else {
            return Err(InputError::ApplicantZoneUnknown {
                applicant: a.id.clone(),
                zone: a.zone.clone(),
            });
        };
        if a.preferences.is_empty() {
            return Err(InputError::NoPreferences(a.id.clone()));
        }
        let mode = c.zone_mode[z as usize];
        if mode == ZoneMode::SingleSchool && a.preferences.len() > 1 {
            return Err(InputError::SingleSchoolPreferences {
                applicant: a.id.clone(),
                zone: a.zone.clone(),
                count: a.preferences.len(),
            });
        }
        let first_pref = c.prefs.len();
        for (k, p) in a.preferences.iter().enumerate() {
            let Some(&s) = school_index.get(p.as_str()) else {
                check_text("报名号", &a.id, &[p])?;
                return Err(InputError::UnknownSchool {
                    applicant: a.id.clone(),
                    position: k + 1,
                    school: p.clone(),
                });
            };
            if c.school_zone[s as usize] != z {
                return Err(InputError::OutsideZone {
                    applicant: a.id.clone(),
                    position: k + 1,
                    school: p.clone(),
                    school_zone: schools[s as usize].zone.clone(),
                    zone: a.zone.clone(),
                });
            }
            if let Some(j) = c.prefs[first_pref..].iter().position(|&q| q == s) {
                return Err(InputError::RepeatedPreference {
                    applicant: a.id.clone(),
                    position: k + 1,
                    first: j + 1,
                    school: p.clone(),
                });
            }
            c.prefs.push(s);
        }
        c.pref_start.push(c.prefs.len() as u32);
        if let Some(sib) = &a.sibling {
            let bad = |problem| InputError::BadSibling {
                applicant: a.id.clone(),
                sibling: sib.clone(),
                problem,
            };
            if *sib == a.id {
                return Err(bad("是其本人，应填写另一名报名者"));
            }
            let Ok(j) = applicants.binary_search_by(|b| b.id.as_str().cmp(sib)) else {
                return Err(bad("不在报名名单中"));
            };
            let (ri, rj) = (find(&mut parent, i as u32), find(&mut parent, j as u32));
            parent[ri.max(rj) as usize] = ri.min(rj);
        }
        c.applicant_ids.push(&a.id);
        c.applicant_zone.push(z);
        c.tier.push(a.tier);
        c.tier_dense.push(
            c.tier_values
                .binary_search(&a.tier)
                .expect("tier collected") as u32,
        );
        c.category.push(match &a.category {
            Some(name) => categories
                .binary_search(&name.as_str())
                .map_or(NONE, |x| x as u32),
            None => NONE,
        });
    }
    // Sibling groups: units ordered by their smallest member, members in canonical order.
    let mut unit_of_root = vec![NONE; n];
    let mut unit_size: Vec<u32> = Vec::new();
    let mut unit_of = vec![0u32; n];
    for a in 0..n {
        let r = find(&mut parent, a as u32) as usize;
        if unit_of_root[r] == NONE {
            unit_of_root[r] = unit_size.len() as u32;
            unit_size.push(0);
        }
        unit_of[a] = unit_of_root[r];
        unit_size[unit_of[a] as usize] += 1;
    }
    c.unit_start = prefix(&unit_size);
    let mut fill: Vec<u32> = c.unit_start[..unit_size.len()].to_vec();
    c.unit_members = vec![0; n];
    for (a, &u) in unit_of.iter().enumerate() {
        c.unit_members[fill[u as usize] as usize] = a as u32;
        fill[u as usize] += 1;
    }
    Ok(c)
}
