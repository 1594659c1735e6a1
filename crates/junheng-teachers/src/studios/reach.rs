//! The figures of a school year's studios: per studio, and for the district.

use std::collections::{BTreeSet, HashMap, HashSet};

use junheng_core::school::{SchoolCode, UrbanRural};
use junheng_rotation::{Teacher, TeacherId};
use serde::Serialize;

use super::{Level, Output, OutputKind, Studio};

/// One studio's figures in a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudioFigures {
    /// 名称.
    pub name: String,
    /// 类型.
    pub kind: String,
    /// 级别.
    pub level: Level,
    /// 学科.
    pub subject: String,
    /// Whether it counts in the year (period and status).
    pub counts: bool,
    /// Host and members.
    pub people: u32,
    /// Of them, 骨干 (县级及以上) by the year's roster.
    pub backbone: u32,
    /// Of them, teaching at a 乡村 school.
    pub rural: u32,
    /// Host and members not on the year's roster (left, or a wrong 教师编号).
    pub not_on_roster: Vec<TeacherId>,
    /// The schools of host and members, each once, in code order.
    pub schools: Vec<SchoolCode>,
    /// What it delivered in the year, by kind in [`OutputKind::ALL`] order.
    pub outputs: Vec<u32>,
    /// The schools its activities reached, each once, in code order.
    pub reached: Vec<SchoolCode>,
    /// Of them, 乡村 schools.
    pub rural_reached: u32,
}

impl StudioFigures {
    /// Whether a teacher of `school` is host or member (a school admin sees such studios).
    pub fn involves(&self, school: &SchoolCode) -> bool {
        self.schools.contains(school)
    }

    /// How many it delivered of `kind`.
    pub fn output(&self, kind: OutputKind) -> u32 {
        OutputKind::ALL
            .iter()
            .position(|k| *k == kind)
            .map_or(0, |i| self.outputs[i])
    }
}

/// The district's figures over the studios that count in the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct District {
    /// Studios counting in the year.
    pub studios: u32,
    /// 专任教师 on the year's roster.
    pub teachers: u32,
    /// Studios per 100 teachers; `None` without a roster.
    pub per_100_teachers: Option<f64>,
    /// Distinct teachers who host or are members of a counting studio (on the roster).
    pub people: u32,
    /// Of them, 骨干.
    pub backbone: u32,
    /// Share of them who are 骨干 (0–1); `None` without people.
    pub backbone_share: Option<f64>,
    /// Of them, at 乡村 schools.
    pub rural: u32,
    /// 乡村 schools of the year.
    pub rural_schools: u32,
    /// 乡村 schools with at least one host or member.
    pub rural_schools_with_member: u32,
    /// 乡村 schools reached by some activity.
    pub rural_schools_reached: u32,
    /// Schools of the year without any host or member, in code order.
    pub schools_without_member: Vec<SchoolCode>,
    /// Everything delivered, by kind in [`OutputKind::ALL`] order.
    pub outputs: Vec<u32>,
}

/// A school year's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reach {
    /// 学年.
    pub year: i32,
    /// Every studio (counting in the year or not), in the order given.
    pub studios: Vec<StudioFigures>,
    /// The district.
    pub district: District,
}

/// The figures of `year`: `roster` is that year's roster, `schools` every school of the year's
/// statistics with its 城乡分类 (`None`: not classified, never 乡村).
///
/// A studio's people are looked up on the roster for their school and 骨干级别; a teacher who
/// is not on it is listed in [`StudioFigures::not_on_roster`] and counted nowhere else.
/// Outputs of other years, or of studios not in `studios`, are left out.
pub fn reach(
    year: i32,
    studios: &[Studio],
    outputs: &[Output],
    roster: &[Teacher],
    schools: &[(SchoolCode, Option<UrbanRural>)],
) -> Reach {
    let by_id: HashMap<&TeacherId, &Teacher> = roster
        .iter()
        .filter(|t| t.year == year)
        .map(|t| (&t.id, t))
        .collect();
    let rural: HashSet<&SchoolCode> = schools
        .iter()
        .filter(|(_, u)| *u == Some(UrbanRural::Rural))
        .map(|(c, _)| c)
        .collect();
    let mut figures = Vec::with_capacity(studios.len());
    let mut people: HashSet<&TeacherId> = HashSet::new();
    let mut member_schools: HashSet<SchoolCode> = HashSet::new();
    let mut reached_rural: HashSet<SchoolCode> = HashSet::new();
    let mut totals = vec![0u32; OutputKind::ALL.len()];
    for s in studios {
        let counts = s.counts_in(year);
        let mut f = StudioFigures {
            name: s.name.clone(),
            kind: s.kind.clone(),
            level: s.level,
            subject: s.subject.clone(),
            counts,
            people: 0,
            backbone: 0,
            rural: 0,
            not_on_roster: Vec::new(),
            schools: Vec::new(),
            outputs: vec![0; OutputKind::ALL.len()],
            reached: Vec::new(),
            rural_reached: 0,
        };
        let mut own: BTreeSet<SchoolCode> = BTreeSet::new();
        for id in s.people() {
            let Some(t) = by_id.get(id) else {
                f.not_on_roster.push(id.clone());
                continue;
            };
            f.people += 1;
            f.backbone += u32::from(t.backbone.counts());
            f.rural += u32::from(rural.contains(&t.school));
            own.insert(t.school.clone());
            if counts {
                people.insert(id);
            }
        }
        let mut reached: BTreeSet<SchoolCode> = BTreeSet::new();
        for o in outputs
            .iter()
            .filter(|o| o.year == year && o.studio == s.name)
        {
            let i = OutputKind::ALL
                .iter()
                .position(|k| *k == o.kind)
                .unwrap_or(0);
            f.outputs[i] += o.count;
            reached.extend(o.schools.iter().cloned());
        }
        f.rural_reached = reached.iter().filter(|c| rural.contains(c)).count() as u32;
        if counts {
            member_schools.extend(own.iter().cloned());
            reached_rural.extend(reached.iter().filter(|c| rural.contains(c)).cloned());
            for (t, v) in totals.iter_mut().zip(&f.outputs) {
                *t += v;
            }
        }
        f.schools = own.into_iter().collect();
        f.reached = reached.into_iter().collect();
        figures.push(f);
    }
    let teachers = by_id.len() as u32;
    let studios_counting = figures.iter().filter(|f| f.counts).count() as u32;
    let backbone = people
        .iter()
        .filter(|id| by_id[*id].backbone.counts())
        .count() as u32;
    let rural_people = people
        .iter()
        .filter(|id| rural.contains(&by_id[*id].school))
        .count() as u32;
    let mut without: Vec<SchoolCode> = schools
        .iter()
        .filter(|(c, _)| !member_schools.contains(c))
        .map(|(c, _)| c.clone())
        .collect();
    without.sort();
    without.dedup();
    let n = people.len() as u32;
    Reach {
        year,
        studios: figures,
        district: District {
            studios: studios_counting,
            teachers,
            per_100_teachers: (teachers > 0)
                .then(|| f64::from(studios_counting) * 100.0 / f64::from(teachers)),
            people: n,
            backbone,
            backbone_share: (n > 0).then(|| f64::from(backbone) / f64::from(n)),
            rural: rural_people,
            rural_schools: rural.len() as u32,
            rural_schools_with_member: rural
                .iter()
                .filter(|c| member_schools.contains(**c))
                .count() as u32,
            rural_schools_reached: reached_rural.len() as u32,
            schools_without_member: without,
            outputs: totals,
        },
    }
}
