//! The outcome of a draw and its canonical form.

use serde::{Deserialize, Serialize};

use crate::compile::{Compiled, NONE, prefix};
use crate::engine::Workspace;
use crate::model::ZoneMode;
use crate::stream::sha256_hex;
use crate::version::Version;

/// Format tag of the canonical results of the current version.
pub const RESULTS_FORMAT: &str = "junheng-lottery-results/2";

/// One applicant's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantResult {
    /// The applicant's id in the inputs: 公示编号 (version 2) or 报名号 (version 1).
    pub id: String,
    /// 1-based lottery rank (随机号) from the single tie-break; siblings have consecutive ranks.
    pub rank: u32,
    /// The preference position (1 = 第一志愿) of the school the applicant was placed at; for
    /// 顺序志愿 this is the round. `None` if unplaced.
    pub round: Option<u32>,
    /// The school the applicant was placed at, `None` if unplaced (→ 公办兜底).
    pub school: Option<String>,
    /// The category whose reserved seat the applicant holds, `None` for a general seat.
    pub seat: Option<String>,
}

/// One school's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolResult {
    /// Admitted applicants in order: by (tier, rank); in 顺序志愿 and 单校派位 zones by
    /// (round, tier, rank).
    pub admitted: Vec<String>,
    /// Seats in the plan.
    pub capacity: u32,
    /// School id.
    pub id: String,
    /// Seats left (`capacity − admitted`).
    pub remaining: u32,
    /// 候补: applicants who listed the school and were not placed at it nor at a school they
    /// listed earlier, by (tier, rank); in 顺序志愿 zones by (preference position, tier, rank).
    pub waitlist: Vec<String>,
}

/// The complete outcome of a draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawResults {
    /// Every applicant, sorted by id.
    pub applicants: Vec<ApplicantResult>,
    /// 公办兜底: unplaced applicants by (tier, rank).
    pub fallback: Vec<String>,
    /// Every school, sorted by id.
    pub schools: Vec<SchoolResult>,
}

#[derive(Serialize)]
struct CanonResults<'a> {
    applicants: &'a [ApplicantResult],
    fallback: &'a [String],
    format: &'a str,
    schools: &'a [SchoolResult],
}

impl DrawResults {
    /// Canonical bytes: compact JSON (no whitespace, keys sorted, UTF-8 unescaped) of
    /// `{"applicants":[…],"fallback":[…],"format":F,"schools":[…]}` with `F` the results format
    /// of `version` (`junheng-lottery-results/2`).
    pub fn canonical(&self, version: Version) -> Vec<u8> {
        let canon = CanonResults {
            applicants: &self.applicants,
            fallback: &self.fallback,
            format: version.results_format(),
            schools: &self.schools,
        };
        serde_json::to_vec(&canon).expect("results serialise")
    }

    /// `SHA-256(canonical(version))` as lowercase hex.
    pub fn digest(&self, version: Version) -> String {
        sha256_hex(&self.canonical(version))
    }

    /// Number of applicants placed at a school.
    pub fn placed(&self) -> usize {
        self.applicants
            .iter()
            .filter(|a| a.school.is_some())
            .count()
    }
}

/// Builds the results of the draw left in `ws`.
pub(crate) fn build(c: &Compiled, ws: &Workspace) -> DrawResults {
    let n = c.applicants();
    let m = c.school_ids.len();
    let applicants = (0..n)
        .map(|a| ApplicantResult {
            id: c.applicant_ids[a].to_string(),
            rank: ws.rank[a] + 1,
            round: (ws.assigned[a] != NONE).then_some(ws.round[a]),
            school: (ws.assigned[a] != NONE)
                .then(|| c.school_ids[ws.assigned[a] as usize].to_string()),
            seat: (ws.quota_seat[a] != NONE).then(|| {
                c.category_names[c.quota_category[ws.quota_seat[a] as usize] as usize].to_string()
            }),
        })
        .collect();
    // Admitted and waitlisted (preference position, applicant) per school, in flat arrays:
    // count, then fill in priority order.
    let waitlisted = |a: usize| {
        let s = ws.assigned[a];
        c.prefs_of(a)
            .iter()
            .enumerate()
            .take_while(move |&(_, &p)| p != s)
    };
    let mut adm_count = vec![0u32; m];
    let mut wait_count = vec![0u32; m];
    for a in 0..n {
        if ws.assigned[a] != NONE {
            adm_count[ws.assigned[a] as usize] += 1;
        }
        for (_, &p) in waitlisted(a) {
            wait_count[p as usize] += 1;
        }
    }
    let (adm_start, wait_start) = (prefix(&adm_count), prefix(&wait_count));
    let mut adm = vec![(0u32, 0u32); adm_start[m] as usize];
    let mut wait = vec![(0u32, 0u32); wait_start[m] as usize];
    let (mut adm_fill, mut wait_fill) = (adm_start.clone(), wait_start.clone());
    let mut fallback = Vec::with_capacity(n - adm.len());
    for &a in &ws.order {
        let a = a as usize;
        let s = ws.assigned[a];
        if s == NONE {
            fallback.push(c.applicant_ids[a].to_string());
        } else {
            adm[adm_fill[s as usize] as usize] = (ws.round[a], a as u32);
            adm_fill[s as usize] += 1;
        }
        for (k, &p) in waitlisted(a) {
            wait[wait_fill[p as usize] as usize] = (k as u32 + 1, a as u32);
            wait_fill[p as usize] += 1;
        }
    }
    let ids = |list: &mut [(u32, u32)], by_round: bool| -> Vec<String> {
        if by_round {
            list.sort_by_key(|&(round, _)| round); // stable: keeps (tier, rank) within a round
        }
        list.iter()
            .map(|&(_, a)| c.applicant_ids[a as usize].to_string())
            .collect()
    };
    let schools = (0..m)
        .map(|s| {
            let mode = c.zone_mode[c.school_zone[s] as usize];
            let admitted = ids(
                &mut adm[adm_start[s] as usize..adm_start[s + 1] as usize],
                mode != ZoneMode::DeferredAcceptance,
            );
            SchoolResult {
                capacity: c.capacity[s],
                id: c.school_ids[s].to_string(),
                remaining: c.capacity[s] - admitted.len() as u32,
                admitted,
                waitlist: ids(
                    &mut wait[wait_start[s] as usize..wait_start[s + 1] as usize],
                    mode == ZoneMode::Sequential,
                ),
            }
        })
        .collect();
    DrawResults {
        applicants,
        fallback,
        schools,
    }
}

/// A short Chinese description of the first difference between recomputed and recorded
/// results, or `None` if they are equal.
pub(crate) fn describe_difference(
    expected: &DrawResults,
    recorded: &DrawResults,
    version: Version,
) -> Option<String> {
    let who = match version {
        Version::V1 => "报名号",
        Version::V2 => "公示编号",
    };
    fn placement(a: &ApplicantResult) -> String {
        match (&a.school, a.round) {
            (Some(s), Some(r)) => format!(
                "随机号 {}，第 {r} 志愿录取 {s}{}",
                a.rank,
                a.seat
                    .as_ref()
                    .map(|c| format!("（{c}名额）"))
                    .unwrap_or_default()
            ),
            (Some(s), None) => format!("随机号 {}，录取 {s}（缺少志愿序号）", a.rank),
            _ => format!("随机号 {}，未录取", a.rank),
        }
    }
    if expected.applicants.len() != recorded.applicants.len() {
        return Some(format!(
            "审计包记载 {} 名报名者的结果，重新派位为 {} 名",
            recorded.applicants.len(),
            expected.applicants.len()
        ));
    }
    for (e, r) in expected.applicants.iter().zip(&recorded.applicants) {
        if e.id != r.id {
            return Some(format!(
                "报名者顺序不符：应为{who} {}，审计包记载为 {}",
                e.id, r.id
            ));
        }
        if e != r {
            return Some(format!(
                "{who} {}：审计包记载「{}」，重新派位为「{}」",
                e.id,
                placement(r),
                placement(e)
            ));
        }
    }
    if expected.schools.len() != recorded.schools.len() {
        return Some(format!(
            "审计包记载 {} 所学校，重新派位为 {} 所",
            recorded.schools.len(),
            expected.schools.len()
        ));
    }
    for (e, r) in expected.schools.iter().zip(&recorded.schools) {
        if e.id != r.id {
            return Some(format!(
                "学校顺序不符：应为学校 {}，审计包记载为 {}",
                e.id, r.id
            ));
        }
        let lists = [
            ("录取名单", &e.admitted, &r.admitted),
            ("候补名单", &e.waitlist, &r.waitlist),
        ];
        for (what, el, rl) in lists {
            if el != rl {
                let at = el
                    .iter()
                    .zip(rl.iter())
                    .position(|(x, y)| x != y)
                    .unwrap_or(el.len().min(rl.len()));
                return Some(format!(
                    "学校 {} 的{what}第 {} 位：审计包记载 {}，重新派位为 {}",
                    e.id,
                    at + 1,
                    rl.get(at).map_or("（无）", |s| s.as_str()),
                    el.get(at).map_or("（无）", |s| s.as_str())
                ));
            }
        }
        if e != r {
            return Some(format!("学校 {} 的学位数或剩余学位与重新派位不符", e.id));
        }
    }
    (expected.fallback != recorded.fallback).then(|| "公办兜底名单与重新派位不符".to_string())
}
