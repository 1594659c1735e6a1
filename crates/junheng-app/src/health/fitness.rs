//! 体质健康: a school's test file imported (补测 merged), every child scored by the district's
//! pack (the shipped 小学 tables, or a pack the bureau loaded), the counts each file keeps, the
//! rates of any group, schools below the targets, and a child's report card.

use std::collections::BTreeMap;

use junheng_core::health::fitness::{self, Item, Level, Pack, Scored, Sex};
use junheng_core::school::SchoolCode;
use junheng_io::health::{FitnessFile, FitnessLine, FitnessStatus};
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

/// One attempt's measurements: 身高, 体重 (tenths), each item's result in its units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Attempt {
    /// 身高, tenths of a cm.
    pub height: Option<i64>,
    /// 体重, tenths of a kg.
    pub weight: Option<i64>,
    /// Results by item id.
    pub results: BTreeMap<String, i64>,
}

/// 测试状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Tested.
    Tested,
    /// 免予执行: out of every denominator.
    Exempt,
    /// 暂缓执行: out of every denominator this round.
    Deferred,
}

impl Status {
    /// 正常, 免予执行, 暂缓执行.
    pub fn label(self) -> &'static str {
        match self {
            Status::Tested => "正常",
            Status::Exempt => "免予执行",
            Status::Deferred => "暂缓执行",
        }
    }
}

/// A child's record of a round (sealed in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FitnessRecord {
    /// 男.
    pub male: bool,
    /// 测试状态.
    pub status: Status,
    /// The first attempt.
    pub first: Attempt,
    /// The 补测, which replaces the first attempt.
    pub retest: Option<Attempt>,
}

impl FitnessRecord {
    /// The attempt that counts: the 补测 when there is one.
    pub fn counted(&self) -> &Attempt {
        self.retest.as_ref().unwrap_or(&self.first)
    }

    /// The scores of a child of `grade` (`None` when exempt or deferred).
    pub fn score(&self, pack: &Pack, grade: u8) -> Option<Scored> {
        if self.status != Status::Tested {
            return None;
        }
        let a = self.counted();
        let sex = if self.male { Sex::Male } else { Sex::Female };
        Some(fitness::score(pack, grade, sex, |item| {
            if item == Item::Bmi {
                fitness::bmi_tenths(a.weight?, a.height?)
            } else {
                a.results.get(item.id()).copied()
            }
        }))
    }
}

/// Counts of a group: what every rate is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Tally {
    /// Children in the file.
    pub students: u64,
    /// 免予执行 or 暂缓执行: out of the denominators.
    pub exempt: u64,
    /// Tested with a 学年总分.
    pub scored: u64,
    /// Tested but 未评分 (no table loaded for an item).
    pub unscored: u64,
    /// Tested with an item missing.
    pub incomplete: u64,
    /// 不及格, 及格, 良好, 优秀 among `scored`.
    pub levels: [u64; 4],
    /// By item id: [scored, ≥ 60, ≥ 80].
    pub items: BTreeMap<String, [u64; 3]>,
    /// By BMI category (正常, 低体重, 超重, 肥胖).
    pub bmi: BTreeMap<String, u64>,
}

impl Tally {
    fn add(&mut self, r: &FitnessRecord, scored: Option<&Scored>) {
        self.students += 1;
        let Some(s) = scored else {
            self.exempt += u64::from(r.status != Status::Tested);
            return;
        };
        for (item, _, outcome) in &s.items {
            if let fitness::ItemScore::Scored(v) = outcome {
                let e = self.items.entry(item.id().to_owned()).or_default();
                e[0] += 1;
                e[1] += u64::from(*v >= 60);
                e[2] += u64::from(*v >= 80);
            }
        }
        if let Some(c) = &s.bmi_category {
            *self.bmi.entry(c.clone()).or_default() += 1;
        }
        match s.total {
            Some(t) => {
                self.scored += 1;
                self.levels[Level::of(t) as usize] += 1;
            }
            None if s
                .items
                .iter()
                .any(|(_, _, o)| *o == fitness::ItemScore::Unscored) =>
            {
                self.unscored += 1
            }
            None => self.incomplete += 1,
        }
    }

    /// The sum of two tallies.
    pub fn merge(&mut self, o: &Tally) {
        self.students += o.students;
        self.exempt += o.exempt;
        self.scored += o.scored;
        self.unscored += o.unscored;
        self.incomplete += o.incomplete;
        for (a, b) in self.levels.iter_mut().zip(o.levels) {
            *a += b;
        }
        for (k, v) in &o.items {
            let e = self.items.entry(k.clone()).or_default();
            for (a, b) in e.iter_mut().zip(v) {
                *a += b;
            }
        }
        for (k, v) in &o.bmi {
            *self.bmi.entry(k.clone()).or_default() += v;
        }
    }

    /// 合格率 (≥ 60.0) among the scored; `None` when nobody was scored (未评分).
    pub fn pass_rate(&self) -> Option<f64> {
        self.rate(self.levels[1] + self.levels[2] + self.levels[3])
    }

    /// 优良率 (≥ 80.0).
    pub fn good_rate(&self) -> Option<f64> {
        self.rate(self.levels[2] + self.levels[3])
    }

    /// 优秀率 (≥ 90.0).
    pub fn excellent_rate(&self) -> Option<f64> {
        self.rate(self.levels[3])
    }

    fn rate(&self, n: u64) -> Option<f64> {
        (self.scored > 0).then(|| n as f64 / self.scored as f64)
    }
}

/// A file's counts: by (grade, class, 男).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Counts {
    /// The groups.
    pub groups: Vec<((u8, String, bool), Tally)>,
    /// The pack that scored them.
    pub pack: String,
}

impl Counts {
    /// The counts of a file's records.
    pub fn of(pack: &Pack, records: &[(u8, String, FitnessRecord)]) -> Counts {
        let mut groups: BTreeMap<(u8, String, bool), Tally> = BTreeMap::new();
        for (grade, class, r) in records {
            let s = r.score(pack, *grade);
            groups
                .entry((*grade, class.clone(), r.male))
                .or_default()
                .add(r, s.as_ref());
        }
        Counts {
            groups: groups.into_iter().collect(),
            pack: pack.version.clone(),
        }
    }

    /// The tally of the groups `keep` selects.
    pub fn tally(&self, keep: impl Fn(u8, &str, bool) -> bool) -> Tally {
        let mut t = Tally::default();
        for ((g, c, m), v) in &self.groups {
            if keep(*g, c, *m) {
                t.merge(v);
            }
        }
        t
    }
}

fn attempt(line: &FitnessLine) -> Attempt {
    Attempt {
        height: line.height_tenths_cm,
        weight: line.weight_tenths_kg,
        results: line
            .results
            .iter()
            .map(|(i, v)| (i.id().to_owned(), *v))
            .collect(),
    }
}

fn status(s: FitnessStatus) -> Status {
    match s {
        FitnessStatus::Tested => Status::Tested,
        FitnessStatus::Exempt => Status::Exempt,
        FitnessStatus::Deferred => Status::Deferred,
    }
}

/// The district's scoring pack: the shipped tables, with the tables of the latest pack the
/// district loaded added or replacing theirs.
pub async fn pack(store: &DistrictStore) -> Result<Pack, Refused> {
    let mut pack = Pack::builtin();
    if let Some(loaded) = store.health_pack().await? {
        super::packs::apply(&mut pack, &loaded.files).map_err(|e| {
            Refused::Store(StoreError::Invalid(format!("已载入的评分表无法读取：{e}")))
        })?;
        pack.version = loaded.version;
    }
    Ok(pack)
}

/// Imports a school's 体质健康 file into `round`: [`import_files`] of one file.
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

/// Imports schools' 体质健康 files into `round`, every file read and checked before any is
/// written, all written in one transaction. A file of 补测 rows only is merged into the
/// school's current file (each 补测 replacing that child's first attempt); any other file is the
/// school's new version of the round.
pub async fn import_files(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    round: &HealthRound,
    files: &[FileIn<'_>],
    limits: &junheng_io::Limits,
) -> Result<Vec<Imported>, Refused> {
    if round.kind != HealthKind::Fitness {
        return Err(Refused::Store(StoreError::invalid(
            "这个轮次不是体质健康测试",
        )));
    }
    let keys = admit_all(caller, HealthKind::Fitness, files, keys)?;
    let schools: Vec<&SchoolCode> = files.iter().map(|f| f.school).collect();
    let registry = registry(store, &schools, round.year).await?;
    let read: Vec<(FitnessFile, Vec<(i64, String)>)> = read_all(files, |f| {
        let file = junheng_io::health::read_fitness_with(f.bytes, f.name, limits)
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
        Ok((file, ids))
    })?;
    let pack = pack(store).await?;
    let mut prepared = Vec::with_capacity(files.len());
    for (f, (file, ids)) in files.iter().zip(read) {
        let records = records(store, keys, round, f.school, &file, &ids).await?;
        let list: Vec<(u8, String, FitnessRecord)> = records
            .values()
            .map(|(_, g, c, r)| (*g, c.clone(), r.clone()))
            .collect();
        let counts = serde_json::to_string(&Counts::of(&pack, &list)).expect("counts serialise");
        prepared.push(Prepared {
            school: f.school.clone(),
            name: f.name.to_owned(),
            sha256: sha256(f.bytes),
            records: records
                .into_iter()
                .map(|(student, (pseudonym, grade, class, r))| NewHealthRecord {
                    student,
                    pseudonym,
                    grade,
                    class,
                    payload: serde_json::to_string(&r).expect("records serialise"),
                })
                .collect(),
            counts,
            warnings: file.warnings,
            cases: 0,
        });
    }
    write_all(store, keys, caller, round, prepared).await
}

/// A child's record with their pseudonym, grade and class, by child.
type Records = BTreeMap<i64, (String, u8, String, FitnessRecord)>;

/// The records a file makes: its children's first attempts with their 补测; a file of 补测 only,
/// the school's current records with these 补测.
async fn records(
    store: &DistrictStore,
    keys: &StudentKeys,
    round: &HealthRound,
    school: &SchoolCode,
    file: &FitnessFile,
    ids: &[(i64, String)],
) -> Result<Records, Refused> {
    let mut records = Records::new();
    let retest_only = file.lines.iter().all(|l| l.retest);
    if retest_only {
        let current = store
            .health_files(round.id, false)
            .await?
            .into_iter()
            .find(|f| &f.school == school)
            .ok_or_else(|| {
                Refused::Store(StoreError::invalid(
                    "文件只有补测记录，但本校在这一轮还没有测试记录：请先导入首次测试",
                ))
            })?;
        for r in store
            .health_records_for_recount(keys, round.id, current.id)
            .await?
        {
            let rec = decode(&r)?;
            records.insert(r.student, (String::new(), r.grade, r.class, rec));
        }
        // Children of the old file keep their pseudonym from the registry.
        fill_pseudonyms(store, round.year, &mut records).await?;
    }
    for (line, (id, p)) in file.lines.iter().zip(ids) {
        if !line.retest {
            let rec = FitnessRecord {
                male: line.sex == Sex::Male,
                status: status(line.status),
                first: attempt(line),
                retest: None,
            };
            records.insert(*id, (p.clone(), line.grade, line.class.clone(), rec));
        }
    }
    for (line, (id, _)) in file.lines.iter().zip(ids) {
        if line.retest {
            let Some(entry) = records.get_mut(id) else {
                return Err(Refused::Store(StoreError::Invalid(format!(
                    "{} 第 {} 行是补测，但这名学生在本校这一轮没有首次测试记录",
                    file.file, line.row
                ))));
            };
            entry.3.retest = Some(attempt(line));
        }
    }
    Ok(records)
}

/// The pseudonyms of the children of a merged file not in the new file, from the registry.
async fn fill_pseudonyms(
    store: &DistrictStore,
    year: i32,
    records: &mut Records,
) -> Result<(), Refused> {
    if records.values().all(|r| !r.0.is_empty()) {
        return Ok(());
    }
    let by_id: BTreeMap<i64, String> = store
        .registry_keys(year)
        .await?
        .into_iter()
        .map(|(p, (id, ..))| (id, p))
        .collect();
    for (id, r) in records.iter_mut() {
        if r.0.is_empty() {
            r.0 = by_id.get(id).cloned().ok_or_else(|| {
                Refused::Store(StoreError::invalid(
                    "本校现有测试记录中有学生已不在学籍中：请导入完整的测试文件，而不是只导入补测",
                ))
            })?;
        }
    }
    Ok(())
}

/// A stored record, decoded.
pub fn decode(r: &OpenedRecord) -> Result<FitnessRecord, Refused> {
    serde_json::from_str(&r.payload).map_err(|_| {
        Refused::Store(StoreError::Corrupt {
            table: "health_records",
            column: "sealed",
        })
    })
}

/// Recomputes the counts of every file of every fitness round with the district's current
/// pack (after a pack is loaded): returns how many files.
pub async fn rescore(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
) -> Result<usize, Refused> {
    if !super::who::may_administer(caller) {
        return Err(Refused::Denied);
    }
    let pack = pack(store).await?;
    let mut counts = Vec::new();
    for round in store.health_rounds(HealthKind::Fitness).await? {
        for f in store.health_files(round.id, true).await? {
            let mut list = Vec::new();
            for r in store
                .health_records_for_recount(keys, round.id, f.id)
                .await?
            {
                let rec = decode(&r)?;
                list.push((r.grade, r.class, rec));
            }
            let c = serde_json::to_string(&Counts::of(&pack, &list)).expect("counts serialise");
            counts.push((f.id, c));
        }
    }
    let n = counts.len();
    store
        .set_health_counts(&counts, &caller.actor(), &format!("pack={}", pack.version))
        .await?;
    Ok(n)
}
