//! Demo studios, outputs and 师徒结对 pairs drawn from a roster, for the CLI demo.

use std::collections::BTreeSet;

use junheng_core::school::SchoolCode;
use junheng_rotation::{BackboneLevel, Teacher};

use super::{Level, Output, OutputKind, Status, Studio};
use crate::mentors::{Links, MentorSettings, Pair, Scope, qualifies};

/// What the demo writes: the 工作室名册, the 工作室成果 and the 师徒结对 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoStudios {
    /// 领雁工程项目 then 学科工作室.
    pub studios: Vec<Studio>,
    /// Each studio's outputs of two school years.
    pub outputs: Vec<Output>,
    /// The pairs, the first mentor over the mentee limit.
    pub pairs: Vec<Pair>,
}

/// 荣昌's scale: 18 领雁工程 projects and 17 学科工作室 for its about 4 000 teachers.
const SCALE: [(&str, usize); 2] = [("领雁工程项目", 18), ("学科工作室", 17)];
/// Members of each studio besides its host.
const MEMBERS: usize = 5;
/// Pairs at full scale.
const PAIRS: usize = 40;

/// Studios of `year` (school year; started the September before, open-ended), hosted by the
/// roster's 骨干 first, each with [`MEMBERS`] members of other schools, one of a `rural` school
/// whenever there is one; 18 领雁工程 projects and 17 学科工作室, one for every 20 teachers at most;
/// outputs of `year - 1` and `year` (公开课 for each, 送教下乡 reaching the rural schools for the
/// 领雁 projects, a 课题 every third studio); and up to 40 pairs (one per 8 teachers) starting on
/// 1 September of `year`, the newest teacher of each school as mentees (then the second newest;
/// every fourth from a school of a group while there are some): half 校内, a quarter 集团内
/// (schools of one group in `links`), a quarter 跨校, falling back to any scope when none fits; the first
/// mentor takes one mentee more than `settings.max_mentees`, the others at most two.
///
/// ```
/// use junheng_core::demo::{generate, DemoSpec};
/// use junheng_teachers::mentors::{Links, MentorSettings};
/// use junheng_teachers::studios::synth::demo;
/// let records = generate(&DemoSpec { schools: 20, seed: 1, year: 2024 });
/// let roster = junheng_rotation::synth::roster(&records, 1);
/// let rural = vec![roster[0].school.clone()];
/// let settings = MentorSettings::default();
/// let d = demo(&roster, &rural, &Links::default(), &settings, 2026);
/// assert!(d.studios.len() >= 2 && d.studios.len() <= 35);
/// assert!(d.outputs.iter().any(|o| o.year == 2025) && d.outputs.iter().any(|o| o.year == 2026));
/// let first = &d.pairs[0].mentor;
/// let load = d.pairs.iter().filter(|p| &p.mentor == first).count();
/// assert_eq!(load as u32, settings.max_mentees + 1);
/// ```
pub fn demo(
    teachers: &[Teacher],
    rural: &[SchoolCode],
    links: &Links,
    settings: &MentorSettings,
    year: i32,
) -> DemoStudios {
    let mut sorted: Vec<&Teacher> = teachers.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let studios = studios(&sorted, rural, year);
    let outputs = outputs(&studios, rural, year);
    let pairs = pairs(&sorted, links, settings, year);
    DemoStudios {
        studios,
        outputs,
        pairs,
    }
}

fn rank(b: BackboneLevel) -> u8 {
    match b {
        BackboneLevel::None => 0,
        BackboneLevel::District => 2,
        BackboneLevel::City => 3,
        BackboneLevel::Province => 4,
        BackboneLevel::National => 5,
    }
}

fn studios(sorted: &[&Teacher], rural: &[SchoolCode], year: i32) -> Vec<Studio> {
    let mut hosts: Vec<&Teacher> = sorted.to_vec();
    hosts.sort_by_key(|t| std::cmp::Reverse(rank(t.backbone)));
    let cap = (sorted.len() / 20).max(2);
    let from_rural: Vec<&Teacher> = sorted
        .iter()
        .copied()
        .filter(|t| rural.contains(&t.school))
        .collect();
    let mut out = Vec::new();
    let mut next = 0;
    for (kind, full) in SCALE {
        let n = full.min(cap / 2).max(1);
        for k in 0..n {
            let Some(host) = hosts.get(out.len()) else {
                return out;
            };
            let mut members = Vec::new();
            if let Some(r) = from_rural
                .get((out.len() * 7) % from_rural.len().max(1))
                .filter(|r| r.id != host.id)
            {
                members.push(r.id.clone());
            }
            while members.len() < MEMBERS && next < sorted.len() * 2 {
                let t = sorted[(next * 13) % sorted.len()];
                next += 1;
                if t.school != host.school && t.id != host.id && !members.contains(&t.id) {
                    members.push(t.id.clone());
                }
            }
            out.push(Studio {
                name: format!("{}{}{}（{}）", host.subject, kind, k + 1, year - 1),
                kind: kind.into(),
                level: if kind == "学科工作室" && k % 6 == 0 {
                    Level::City
                } else {
                    Level::District
                },
                subject: host.subject.clone(),
                host: host.id.clone(),
                host_school: host.school.clone(),
                start: format!("{}-09-01", year - 1),
                end: None,
                status: Status::Active,
                members,
            });
        }
    }
    out
}

fn outputs(studios: &[Studio], rural: &[SchoolCode], year: i32) -> Vec<Output> {
    let mut out = Vec::new();
    for (i, s) in studios.iter().enumerate() {
        let home = vec![s.host_school.clone()];
        for y in [year - 1, year] {
            out.push(Output {
                studio: s.name.clone(),
                year: y,
                kind: OutputKind::Lessons,
                count: 2 + (i as u32 + y as u32) % 5,
                schools: home.clone(),
            });
            if s.kind == "领雁工程项目" && !rural.is_empty() {
                let reached: BTreeSet<SchoolCode> = rural
                    .iter()
                    .skip(i % rural.len())
                    .take(3)
                    .cloned()
                    .collect();
                out.push(Output {
                    studio: s.name.clone(),
                    year: y,
                    kind: OutputKind::Outreach,
                    count: reached.len() as u32 + 1,
                    schools: reached.into_iter().collect(),
                });
            }
            if i % 3 == 0 {
                out.push(Output {
                    studio: s.name.clone(),
                    year: y,
                    kind: OutputKind::Research,
                    count: 1,
                    schools: home.clone(),
                });
            }
        }
    }
    out
}

fn pairs(sorted: &[&Teacher], links: &Links, settings: &MentorSettings, year: i32) -> Vec<Pair> {
    let start = format!("{year}-09-01");
    let n = PAIRS.min(sorted.len() / 8);
    // The newest teacher of each school first, then the second newest, and so on.
    let mut by_newest: Vec<&Teacher> = sorted.to_vec();
    by_newest.sort_by_key(|t| std::cmp::Reverse(t.start_year));
    let mut seen: Vec<(&SchoolCode, usize)> = Vec::new();
    let mut ranked: Vec<(usize, &SchoolCode, &Teacher)> = Vec::new();
    for t in by_newest {
        let k = match seen.iter_mut().find(|(s, _)| *s == &t.school) {
            Some((_, k)) => {
                *k += 1;
                *k
            }
            None => {
                seen.push((&t.school, 0));
                0
            }
        };
        ranked.push((k, &t.school, t));
    }
    ranked.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    // Every fourth mentee (the one a 集团内 mentor is sought for) from a school of a group, while
    // there are some: groups hold few of a district's schools.
    let (mut grouped, mut rest): (Vec<&Teacher>, Vec<&Teacher>) = ranked
        .into_iter()
        .map(|(_, _, t)| t)
        .partition(|t| links.grouped(&t.school, &start));
    grouped.reverse();
    rest.reverse();
    let mentees: Vec<&Teacher> = (0..n)
        .map_while(|k| {
            let (first, second) = if k % 4 == 2 {
                (&mut grouped, &mut rest)
            } else {
                (&mut rest, &mut grouped)
            };
            first.pop().or_else(|| second.pop())
        })
        .collect();
    let mentors: Vec<&Teacher> = sorted
        .iter()
        .copied()
        .filter(|t| qualifies(t, settings) && !mentees.iter().any(|m| m.id == t.id))
        .collect();
    let Some(star) = mentors.first() else {
        return Vec::new();
    };
    let mut load = vec![0u32; mentors.len()];
    let mut out = Vec::new();
    let scope_of = |m: &Teacher, e: &Teacher| {
        if m.school == e.school {
            Scope::School
        } else if links.same_group(&m.school, &e.school, &start) {
            Scope::Group
        } else if links.paired(&m.school, &e.school, &start) {
            Scope::Pairing
        } else {
            Scope::Cross
        }
    };
    for (k, mentee) in mentees.iter().enumerate() {
        let wanted = match k % 4 {
            0 | 1 => Scope::School,
            2 => Scope::Group,
            _ => Scope::Cross,
        };
        let chosen = if k <= settings.max_mentees as usize {
            Some(0)
        } else {
            let free = |j: &usize| *j > 0 && load[*j] < 2;
            (0..mentors.len())
                .filter(free)
                .find(|j| scope_of(mentors[*j], mentee) == wanted)
                .or_else(|| (0..mentors.len()).find(free))
        };
        let Some(j) = chosen else { break };
        load[j] += 1;
        let mentor = if j == 0 { *star } else { mentors[j] };
        out.push(Pair {
            mentor: mentor.id.clone(),
            mentor_school: mentor.school.clone(),
            mentee: mentee.id.clone(),
            mentee_school: mentee.school.clone(),
            subject: mentee.subject.clone(),
            start: start.clone(),
            end: None,
            goals: "一年站稳讲台，三年成为骨干".into(),
            meetings_held: 2 + (k as u32 % 6),
            meetings_planned: 10,
            outcome: None,
        });
    }
    out
}
