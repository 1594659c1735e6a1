//! 视力筛查: a school's screening file imported, each child's 筛查性近视 finding (WS/T 663-2020),
//! the counts each file keeps, 近视率 of any group, the change of each child between two rounds,
//! the school's referral list, and the district's distance to its yearly target.

use std::collections::BTreeMap;

use junheng_core::health::vision::{
    self, Change, Dioptres, Eye, Finding, VisionCounts, child_finding,
};
use junheng_core::school::SchoolCode;
use junheng_io::health::{Glasses, VisionFile};
use junheng_store::{
    DistrictStore, HealthKind, HealthRound, NewHealthRecord, OpenedRecord, StoreError, StudentKeys,
};
use serde::{Deserialize, Serialize};

use super::Refused;
use super::import::{
    FileIn, Imported, LineAt, Prepared, admit_all, match_lines, read_all, registry, sha256,
    write_all,
};
use crate::pairings::Caller;

/// A child's screening (sealed in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisionRecord {
    /// 男.
    pub male: bool,
    /// 右眼.
    pub right: Eye,
    /// 左眼.
    pub left: Eye,
    /// 戴镜: `none`, `frame`, `ortho_k`.
    pub glasses: String,
    /// 筛查日期, when the file gives it.
    pub date: Option<String>,
}

impl VisionRecord {
    /// The child's finding.
    pub fn finding(&self) -> Finding {
        child_finding(&self.right, &self.left)
    }
}

/// 戴镜 in words.
pub fn glasses_label(id: &str) -> &'static str {
    match id {
        "frame" => "框架眼镜",
        "ortho_k" => "角膜塑形镜",
        _ => "未戴镜",
    }
}

/// A file's counts: by (grade, class, 男).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Counts {
    /// The groups.
    pub groups: Vec<((u8, String, bool), VisionCounts)>,
}

impl Counts {
    /// The counts of a file's records.
    pub fn of(records: &[(u8, String, VisionRecord)]) -> Counts {
        let mut groups: BTreeMap<(u8, String, bool), VisionCounts> = BTreeMap::new();
        for (grade, class, r) in records {
            groups
                .entry((*grade, class.clone(), r.male))
                .or_default()
                .add(r.finding());
        }
        Counts {
            groups: groups.into_iter().collect(),
        }
    }

    /// The counts of the groups `keep` selects.
    pub fn tally(&self, keep: impl Fn(u8, &str, bool) -> bool) -> VisionCounts {
        let mut t = VisionCounts::default();
        for ((g, c, m), v) in &self.groups {
            if keep(*g, c, *m) {
                t.merge(v);
            }
        }
        t
    }
}

/// Imports a school's screening file into `round`: [`import_files`] of one file.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    round: &HealthRound,
    school: &SchoolCode,
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
) -> Result<Imported, Refused> {
    let file = FileIn {
        school,
        name: file_name,
        bytes,
    };
    let mut done = import_files(store, keys, caller, round, &[file], limits).await?;
    Ok(done.remove(0))
}

/// Imports schools' screening files into `round` (each its school's new version), every file
/// read and checked before any is written, all in one transaction.
pub async fn import_files(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    round: &HealthRound,
    files: &[FileIn<'_>],
    limits: &junheng_io::Limits,
) -> Result<Vec<Imported>, Refused> {
    if round.kind != HealthKind::Vision {
        return Err(Refused::Store(StoreError::invalid("这个轮次不是视力筛查")));
    }
    let keys = admit_all(caller, HealthKind::Vision, files, keys)?;
    let schools: Vec<&SchoolCode> = files.iter().map(|f| f.school).collect();
    let registry = registry(store, &schools, round.year).await?;
    let prepared = read_all(files, |f| {
        let file: VisionFile = junheng_io::health::read_vision_with(f.bytes, f.name, limits)
            .map_err(Refused::Problems)?;
        let at: Vec<LineAt<'_>> = file
            .lines
            .iter()
            .map(|l| LineAt {
                row: l.row,
                number: &l.number,
                grade: l.grade,
            })
            .collect();
        let ids = match_lines(&registry, keys, f.school, round.year, f.name, &at)?;
        let mut list = Vec::with_capacity(file.lines.len());
        let mut records = Vec::with_capacity(file.lines.len());
        for (l, (id, p)) in file.lines.iter().zip(ids) {
            let r = VisionRecord {
                male: l.male,
                right: l.right,
                left: l.left,
                glasses: match l.glasses {
                    Glasses::None => "none",
                    Glasses::Frame => "frame",
                    Glasses::OrthoK => "ortho_k",
                }
                .to_owned(),
                date: l.date.clone(),
            };
            records.push(NewHealthRecord {
                student: id,
                pseudonym: p,
                grade: l.grade,
                class: l.class.clone(),
                payload: serde_json::to_string(&r).expect("records serialise"),
            });
            list.push((l.grade, l.class.clone(), r));
        }
        Ok(Prepared {
            school: f.school.clone(),
            name: f.name.to_owned(),
            sha256: sha256(f.bytes),
            records,
            counts: serde_json::to_string(&Counts::of(&list)).expect("counts serialise"),
            warnings: file.warnings,
            cases: 0,
        })
    })?;
    write_all(store, keys, caller, round, prepared).await
}

/// A stored record, decoded.
pub fn decode(r: &OpenedRecord) -> Result<VisionRecord, Refused> {
    serde_json::from_str(&r.payload).map_err(|_| {
        Refused::Store(StoreError::Corrupt {
            table: "health_records",
            column: "sealed",
        })
    })
}

/// A child on a school's referral list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    /// The child.
    pub student: i64,
    /// 年级, 班级.
    pub grade: u8,
    /// 班级.
    pub class: String,
    /// The finding of this round.
    pub finding: Finding,
    /// The change since the previous round, when the child was screened in it.
    pub change: Option<Change>,
    /// The record.
    pub record: VisionRecord,
}

impl Referral {
    /// Why the child is listed.
    pub fn reason(&self) -> &'static str {
        match (self.finding, self.change) {
            (Finding::ReducedUnrefracted, _) => "视力不良未验光：请验光",
            (_, Some(Change::NewMyopia)) => "新发近视：请到医疗机构散瞳验光确诊",
            (_, Some(Change::Progressed)) => "近视进展较快：请复查并调整矫正",
            (Finding::Myopic(_), _) => "筛查性近视：请到医疗机构确诊并规范矫正",
            _ => "视力不良：请到医疗机构检查",
        }
    }
}

/// The referral list of `round` at `school` (of a class, for a 班主任's sight), compared with
/// `previous` when given: every child myopic, with reduced vision, newly myopic or progressing
/// (`progression` D or more) — opened for `caller`, the read recorded.
#[allow(clippy::too_many_arguments)]
pub async fn referrals(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    round: &HealthRound,
    previous: Option<&HealthRound>,
    school: &SchoolCode,
    class: Option<(u8, &str)>,
    progression: f64,
    what: &str,
) -> Result<Vec<Referral>, Refused> {
    let sight = super::who::sight(caller, HealthKind::Vision);
    let now = store
        .open_health(
            keys,
            round,
            Some(school),
            class,
            None,
            &caller.actor(),
            what,
        )
        .await?;
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let mut listed = Vec::new();
    for r in &now {
        if !sight.names_at(&r.school, r.grade, &r.class) {
            continue;
        }
        let rec = decode(r)?;
        let f = rec.finding();
        if matches!(
            f,
            Finding::Myopic(_) | Finding::ReducedUnrefracted | Finding::Reduced
        ) {
            ids.push(r.student);
            listed.push((r, rec, f));
        }
    }
    let before: BTreeMap<i64, VisionRecord> = match previous {
        Some(p) if !ids.is_empty() => store
            .open_health(keys, p, None, None, Some(&ids), &caller.actor(), what)
            .await?
            .iter()
            .map(|r| Ok((r.student, decode(r)?)))
            .collect::<Result<_, Refused>>()?,
        _ => BTreeMap::new(),
    };
    let threshold = Dioptres((progression * 1000.0).round() as i32);
    for (r, rec, f) in listed {
        let change = before
            .get(&r.student)
            .map(|b| vision::change((&b.right, &b.left), (&rec.right, &rec.left), threshold));
        out.push(Referral {
            student: r.student,
            grade: r.grade,
            class: r.class.clone(),
            finding: f,
            change,
            record: rec,
        });
    }
    Ok(out)
}

/// The district's distance to its 近视率 target in a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The baseline year and its measured rate.
    pub baseline: (i32, f64),
    /// The year.
    pub year: i32,
    /// The target for the year.
    pub target: f64,
    /// The measured rate.
    pub rate: f64,
    /// `rate − target` in percentage points: above 0 is behind.
    pub gap_points: f64,
}

/// The district's 近视率 by school year (the latest round of each year, every school's latest
/// file) and its targets: `None` for a year without a baseline.
pub async fn targets(
    store: &DistrictStore,
    settings: &junheng_core::health::settings::VisionSettings,
) -> Result<Vec<Target>, Refused> {
    let mut by_year: BTreeMap<i32, VisionCounts> = BTreeMap::new();
    let rounds = store.health_rounds(HealthKind::Vision).await?;
    let mut latest: BTreeMap<i32, &HealthRound> = BTreeMap::new();
    for r in &rounds {
        latest.insert(r.year, r);
    }
    for (year, r) in latest {
        let mut t = VisionCounts::default();
        for f in store.health_files(r.id, false).await? {
            let c: Counts = serde_json::from_str(&f.counts).map_err(|_| {
                Refused::Store(StoreError::Corrupt {
                    table: "health_files",
                    column: "counts",
                })
            })?;
            t.merge(&c.tally(|_, _, _| true));
        }
        by_year.insert(year, t);
    }
    let base_year = settings
        .baseline_year
        .or_else(|| by_year.keys().next().copied());
    let Some(base) = base_year.and_then(|y| Some((y, by_year.get(&y)?.rate()?))) else {
        return Ok(Vec::new());
    };
    Ok(by_year
        .iter()
        .filter(|(y, _)| **y >= base.0)
        .filter_map(|(y, c)| {
            let rate = c.rate()?;
            let target = vision::yearly_target(base.1, base.0, *y, settings.points_per_year);
            Some(Target {
                baseline: base,
                year: *y,
                target,
                rate,
                gap_points: (rate - target) * 100.0,
            })
        })
        .collect())
}
