//! Nothing replaced by surprise: what a new version of a school year's statistics or roster
//! changes against the current one (per school: rows before and after, added, removed,
//! changed), whether that needs an explicit confirmation (it removes at least
//! [`DEFAULT_REMOVAL_THRESHOLD`] of the rows, or any whole school), and a file that lists only
//! some schools merged into the current version ("update the listed schools").
//!
//! Pure functions over rows; the operations that use them are in [`crate::rotation`] and
//! [`crate::statistics`].

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::Hash;

use junheng_core::school::{SchoolCode, SchoolRecord, school_year};
use junheng_rotation::{Teacher, TeacherId};
use junheng_store::{StoreError, VersionOrigin};

/// The share of the current rows a new version may remove without an explicit confirmation:
/// removing this share or more (or any whole school) must be confirmed.
pub const DEFAULT_REMOVAL_THRESHOLD: f64 = 0.05;

/// How a file's rows become the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The file replaces the school year as a whole.
    #[default]
    Replace,
    /// The file updates the schools it lists; every other school is carried over unchanged.
    UpdateListed,
}

impl Mode {
    /// The form value: `replace` or `listed`.
    pub fn id(self) -> &'static str {
        match self {
            Mode::Replace => "replace",
            Mode::UpdateListed => "listed",
        }
    }

    /// `replace` or `listed`, as a form sends it.
    pub fn parse(text: &str) -> Option<Mode> {
        match text.trim() {
            "replace" => Some(Mode::Replace),
            "listed" => Some(Mode::UpdateListed),
            _ => None,
        }
    }
}

/// How a write is made and what it may remove.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteOptions {
    /// Replace the year, or update the listed schools only.
    pub mode: Mode,
    /// The user confirmed the removals the comparison showed.
    pub confirm_removals: bool,
    /// The share of rows past which removals must be confirmed (0.05 = 5 %).
    pub threshold: f64,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            mode: Mode::Replace,
            confirm_removals: false,
            threshold: DEFAULT_REMOVAL_THRESHOLD,
        }
    }
}

/// One school's rows before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolDiff {
    /// The school.
    pub school: SchoolCode,
    /// Rows (teachers, or the school's one statistics row) in the current version.
    pub before: usize,
    /// Rows in the new version.
    pub after: usize,
    /// Rows only in the new version.
    pub added: usize,
    /// Rows only in the current version.
    pub removed: usize,
    /// Rows in both, with different values.
    pub changed: usize,
}

/// What a new version of one school year changes against the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// 学年.
    pub year: i32,
    /// The current version (`None`: the year has none yet).
    pub current_version: Option<u32>,
    /// Rows of the current version.
    pub before: usize,
    /// Rows of the new version.
    pub after: usize,
    /// Rows added, removed, changed.
    pub added: usize,
    /// Rows removed.
    pub removed: usize,
    /// Rows changed.
    pub changed: usize,
    /// Every school of either version, by code.
    pub schools: Vec<SchoolDiff>,
    /// Schools of the current version with no row left in the new one.
    pub removed_schools: Vec<SchoolCode>,
    /// Schools the file lists.
    pub listed_schools: usize,
    /// The file lists only some of the current version's schools.
    pub partial: bool,
}

impl Comparison {
    /// The share of the current rows the new version removes (0 without a current version).
    pub fn removed_share(&self) -> f64 {
        if self.before == 0 {
            0.0
        } else {
            self.removed as f64 / self.before as f64
        }
    }

    /// Whether the new version removes `threshold` of the rows or more, or any whole school.
    pub fn needs_confirmation(&self, threshold: f64) -> bool {
        self.removed > 0 && (self.removed_share() >= threshold || !self.removed_schools.is_empty())
    }

    /// The schools where something changes.
    pub fn changed_schools(&self) -> impl Iterator<Item = &SchoolDiff> {
        self.schools
            .iter()
            .filter(|s| s.added + s.removed + s.changed > 0)
    }

    /// The mode a preview proposes: update the listed schools when the file lists only some.
    pub fn proposed_mode(&self) -> Mode {
        if self.partial {
            Mode::UpdateListed
        } else {
            Mode::Replace
        }
    }

    /// A refusal naming what would be removed and how to go on, when the removals need a
    /// confirmation that `options` does not give.
    pub fn check(&self, options: &WriteOptions, what: &str) -> Result<(), StoreError> {
        if options.confirm_removals || !self.needs_confirmation(options.threshold) {
            return Ok(());
        }
        let schools = if self.removed_schools.is_empty() {
            String::new()
        } else {
            let named: Vec<&str> = self
                .removed_schools
                .iter()
                .take(5)
                .map(SchoolCode::as_str)
                .collect();
            format!(
                "，其中 {} 所学校的全部记录（{}{}）",
                self.removed_schools.len(),
                named.join("、"),
                if self.removed_schools.len() > 5 {
                    "等"
                } else {
                    ""
                }
            )
        };
        Err(StoreError::Conflict(format!(
            "{} {what}的新版本将删除现有 {} 条记录中的 {} 条（{:.1}%）{schools}，达到需确认的比例 \
             {:.1}%：请核对后确认删除（网页上勾选“我确认删除上表中‘删除’的记录”，命令行加 \
             --confirm-removals），或选择只更新文件中列出的学校（命令行加 --only-listed）；\
             未保存任何数据",
            school_year(self.year),
            self.before,
            self.removed,
            self.removed_share() * 100.0,
            options.threshold * 100.0,
        )))
    }

    /// The origin a write in `mode` records.
    pub fn origin(&self, mode: Mode) -> VersionOrigin {
        match mode {
            Mode::Replace => VersionOrigin::REPLACE,
            Mode::UpdateListed => VersionOrigin::merge(self.current_version),
        }
    }
}

/// Compares `new` with `current` (one school year), rows keyed by `key` and grouped by
/// `school`; `listed` are the schools the file lists.
fn compare<R: PartialEq, K: Eq + Hash>(
    year: i32,
    current_version: Option<u32>,
    current: &[R],
    new: &[R],
    listed: &BTreeSet<SchoolCode>,
    key: impl Fn(&R) -> K,
    school: impl Fn(&R) -> &SchoolCode,
) -> Comparison {
    let mut schools: BTreeMap<SchoolCode, SchoolDiff> = BTreeMap::new();
    fn entry<'a>(
        schools: &'a mut BTreeMap<SchoolCode, SchoolDiff>,
        code: &SchoolCode,
    ) -> &'a mut SchoolDiff {
        schools.entry(code.clone()).or_insert_with(|| SchoolDiff {
            school: code.clone(),
            before: 0,
            after: 0,
            added: 0,
            removed: 0,
            changed: 0,
        })
    }
    let old: std::collections::HashMap<K, &R> = current.iter().map(|r| (key(r), r)).collect();
    let mut kept = HashSet::with_capacity(new.len());
    for r in current {
        entry(&mut schools, school(r)).before += 1;
    }
    for r in new {
        let d = entry(&mut schools, school(r));
        d.after += 1;
        let k = key(r);
        match old.get(&k) {
            None => d.added += 1,
            Some(o) => {
                // A row that moved school is removed from one school and added to the other.
                if school(o) != school(r) {
                    d.added += 1;
                } else {
                    kept.insert(key(o));
                    if *o != r {
                        d.changed += 1;
                    }
                }
            }
        }
    }
    for r in current {
        if !kept.contains(&key(r)) {
            entry(&mut schools, school(r)).removed += 1;
        }
    }
    let schools: Vec<SchoolDiff> = schools.into_values().collect();
    let sum = |f: fn(&SchoolDiff) -> usize| schools.iter().map(f).sum();
    let removed_schools = schools
        .iter()
        .filter(|s| s.before > 0 && s.after == 0)
        .map(|s| s.school.clone())
        .collect();
    let partial = schools
        .iter()
        .any(|s| s.before > 0 && !listed.contains(&s.school));
    Comparison {
        year,
        current_version,
        before: current.len(),
        after: new.len(),
        added: sum(|s| s.added),
        removed: sum(|s| s.removed),
        changed: sum(|s| s.changed),
        removed_schools,
        listed_schools: listed.len(),
        partial: partial && !listed.is_empty(),
        schools,
    }
}

/// `file` merged into `current`: the listed schools' rows from the file, every other school's
/// rows carried over (a row whose key the file gives again, at another school, is the file's).
fn merge<R: Clone, K: Eq + Hash>(
    current: &[R],
    file: &[R],
    key: impl Fn(&R) -> K,
    school: impl Fn(&R) -> &SchoolCode,
) -> Vec<R> {
    let listed: HashSet<&SchoolCode> = file.iter().map(&school).collect();
    let given: HashSet<K> = file.iter().map(&key).collect();
    current
        .iter()
        .filter(|r| !listed.contains(school(r)) && !given.contains(&key(r)))
        .chain(file)
        .cloned()
        .collect()
}

fn teacher_key(t: &Teacher) -> TeacherId {
    t.id.clone()
}

fn record_key(r: &SchoolRecord) -> SchoolCode {
    r.code.clone()
}

/// A roster year's new teachers in `mode` (the file's, or the file's merged into `current`) and
/// what they change against `current`.
pub fn roster_version(
    year: i32,
    current_version: Option<u32>,
    current: &[Teacher],
    file: &[Teacher],
    mode: Mode,
) -> (Vec<Teacher>, Comparison) {
    let listed = file.iter().map(|t| t.school.clone()).collect();
    let new = match mode {
        Mode::Replace => file.to_vec(),
        Mode::UpdateListed => merge(current, file, teacher_key, |t| &t.school),
    };
    let cmp = compare(
        year,
        current_version,
        current,
        &new,
        &listed,
        teacher_key,
        |t| &t.school,
    );
    (new, cmp)
}

/// A statistics year's new records in `mode` and what they change against `current`.
pub fn statistics_version(
    year: i32,
    current_version: Option<u32>,
    current: &[SchoolRecord],
    file: &[SchoolRecord],
    mode: Mode,
) -> (Vec<SchoolRecord>, Comparison) {
    let listed = file.iter().map(|r| r.code.clone()).collect();
    let new = match mode {
        Mode::Replace => file.to_vec(),
        Mode::UpdateListed => merge(current, file, record_key, |r| &r.code),
    };
    let cmp = compare(
        year,
        current_version,
        current,
        &new,
        &listed,
        record_key,
        |r| &r.code,
    );
    (new, cmp)
}

/// What version `after` changed against version `before` (the versions pages): every school
/// of `after` counts as listed.
pub fn roster_change(year: i32, before: &[Teacher], after: &[Teacher]) -> Comparison {
    roster_version(year, None, before, after, Mode::Replace).1
}

/// What statistics version `after` changed against version `before`.
pub fn statistics_change(year: i32, before: &[SchoolRecord], after: &[SchoolRecord]) -> Comparison {
    statistics_version(year, None, before, after, Mode::Replace).1
}

/// A restore must be confirmed explicitly.
pub(crate) fn check_restore(confirmed: bool, what: &str, version: u32) -> Result<(), StoreError> {
    if confirmed {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "恢复{what}第 {version} 版会保存为一个新版本：请勾选确认后再恢复；未保存任何数据"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_core::demo::{DemoSpec, generate};
    use junheng_rotation::synth;

    fn roster(year: i32) -> Vec<Teacher> {
        let records = generate(&DemoSpec {
            schools: 30,
            seed: 7,
            year,
        });
        synth::roster(&records, 7)
    }

    #[test]
    fn a_three_row_file_against_a_big_roster_needs_confirmation_and_proposes_the_listed_schools() {
        let current = roster(2024);
        assert!(current.len() > 500, "{}", current.len());
        let file: Vec<Teacher> = current.iter().take(3).cloned().collect();
        let (new, cmp) = roster_version(2024, Some(1), &current, &file, Mode::Replace);
        assert_eq!(new.len(), 3);
        assert_eq!(
            (cmp.before, cmp.after, cmp.removed),
            (current.len(), 3, current.len() - 3)
        );
        assert!(cmp.needs_confirmation(DEFAULT_REMOVAL_THRESHOLD));
        assert!(cmp.partial);
        assert_eq!(cmp.proposed_mode(), Mode::UpdateListed);
        assert!(!cmp.removed_schools.is_empty());
        let refused = cmp
            .check(&WriteOptions::default(), "教师花名册")
            .unwrap_err();
        assert_eq!(refused.code(), "store.conflict");
        assert!(
            refused.to_string().contains("--confirm-removals"),
            "{refused}"
        );
        let confirmed = WriteOptions {
            confirm_removals: true,
            ..WriteOptions::default()
        };
        cmp.check(&confirmed, "教师花名册").unwrap();

        // Updating the listed school only keeps every other teacher.
        let mut changed = file.clone();
        changed[0].subject = "科学".into();
        let (merged, cmp) = roster_version(2024, Some(1), &current, &changed, Mode::UpdateListed);
        let school = &file[0].school;
        let at_school = current.iter().filter(|t| &t.school == school).count();
        let in_file = changed.iter().filter(|t| &t.school == school).count();
        assert_eq!(merged.len(), current.len() - at_school + in_file);
        assert_eq!(cmp.removed, at_school - in_file);
        assert_eq!(cmp.changed, 1);
        assert_eq!(
            cmp.origin(Mode::UpdateListed),
            VersionOrigin::merge(Some(1))
        );
    }

    #[test]
    fn small_removals_pass_and_a_whole_school_does_not() {
        let current = roster(2024);
        // One teacher fewer: under 5 %.
        let file = &current[1..];
        let (_, cmp) = roster_version(2024, Some(2), &current, file, Mode::Replace);
        assert_eq!((cmp.removed, cmp.added, cmp.changed), (1, 0, 0));
        assert!(!cmp.partial);
        assert_eq!(cmp.proposed_mode(), Mode::Replace);
        cmp.check(&WriteOptions::default(), "教师花名册").unwrap();
        // The smallest school gone entirely: even under 5 %, it must be confirmed.
        let mut per_school: BTreeMap<&SchoolCode, usize> = BTreeMap::new();
        for t in &current {
            *per_school.entry(&t.school).or_default() += 1;
        }
        let (smallest, _) = per_school.iter().min_by_key(|(_, n)| **n).unwrap();
        let file: Vec<Teacher> = current
            .iter()
            .filter(|t| &t.school != *smallest)
            .cloned()
            .collect();
        let (_, cmp) = roster_version(2024, Some(2), &current, &file, Mode::Replace);
        assert_eq!(cmp.removed_schools, vec![(*smallest).clone()]);
        assert!(cmp.needs_confirmation(0.99));
        // A first version removes nothing.
        let (_, first) = roster_version(2024, None, &[], &current, Mode::Replace);
        assert!(!first.needs_confirmation(0.0));
        assert_eq!(first.added, current.len());
    }

    #[test]
    fn statistics_compare_by_school() {
        let current = generate(&DemoSpec {
            schools: 20,
            seed: 3,
            year: 2024,
        });
        let mut file = current[..2].to_vec();
        file[1].primary.students += 1;
        let (merged, cmp) = statistics_version(2024, Some(4), &current, &file, Mode::UpdateListed);
        assert_eq!(merged.len(), current.len());
        assert_eq!((cmp.added, cmp.removed, cmp.changed), (0, 0, 1));
        let (_, cmp) = statistics_version(2024, Some(4), &current, &file, Mode::Replace);
        assert_eq!((cmp.removed, cmp.removed_schools.len()), (18, 18));
        assert_eq!(
            statistics_change(2024, &current, &current)
                .changed_schools()
                .count(),
            0
        );
        assert_eq!(Mode::parse(" listed"), Some(Mode::UpdateListed));
        assert_eq!(Mode::parse("all"), None);
        assert_eq!(
            check_restore(false, "教师花名册", 2).unwrap_err().code(),
            "store.invalid"
        );
    }
}
