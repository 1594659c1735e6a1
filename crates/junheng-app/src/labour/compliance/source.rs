//! A term's compliance computed from the store: the roster, each school's effective list (read
//! once per request), the records with their statuses, the 课时 and the 劳动周.

use std::collections::{BTreeMap, HashMap, HashSet};

use junheng_core::school::SchoolCode;
use junheng_labour::calendar::{Day, Term};
use junheng_labour::checklist::EffectiveList;
use junheng_labour::compliance::{Compliance, compliance};
use junheng_labour::passport::{Entry, LabourRecord, entries};
use junheng_labour::settings::LabourSettings;
use junheng_labour::{ClassRef, Grade, RosterEntry, StudentKey};
use junheng_store::{DistrictStore, StoreError, StudentKeys};

use crate::labour::lists::effective_of;
use crate::labour::records::class_label;
use crate::pairings::Refused;

/// The weeks assessed in a term by `today`: every Monday-to-Sunday week whose Monday is in the
/// term and which has ended by today (a week begun before the term is not judged by its
/// minimum, nor the week under way).
///
/// ```
/// use junheng_labour::calendar::{Day, Semester, Term};
/// use junheng_app::labour::compliance::assessed_weeks;
/// let d = |t| Day::parse(t).unwrap();
/// let term = Term { year: 2026, semester: Semester::First };
/// // 1 September 2026 is a Tuesday: the first week judged starts on Monday 7 September.
/// assert_eq!(assessed_weeks(term, d("2026-09-12")), []);
/// assert_eq!(assessed_weeks(term, d("2026-09-13")), [d("2026-09-07")]);
/// ```
pub fn assessed_weeks(term: Term, today: Day) -> Vec<Day> {
    let span = Term::span(term);
    let mut out = Vec::new();
    let mut monday = span.first.plus(6).monday();
    while monday <= span.last && monday.plus(6) <= today {
        out.push(monday);
        monday = monday.plus(7);
    }
    out
}

/// The roster of a term: each school's newest registry of the term's school year (or the newest
/// before it), as (child, class, grade); a child in two schools' registries counts at the first.
async fn roster(
    store: &DistrictStore,
    school: Option<&SchoolCode>,
    year: i32,
) -> Result<Vec<RosterEntry>, StoreError> {
    let mut chosen: BTreeMap<SchoolCode, i64> = BTreeMap::new();
    // Newest year first, newest version first.
    for import in store.student_imports(school).await? {
        if import.year <= year {
            chosen.entry(import.school.clone()).or_insert(import.id);
        }
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (code, import) in chosen {
        for e in store.registry(import).await? {
            let Some(grade) = Grade::new(e.grade) else {
                continue;
            };
            if seen.insert(e.student) {
                out.push(RosterEntry {
                    student: StudentKey(e.student),
                    class: ClassRef {
                        school: code.clone(),
                        class: class_label(e.grade, &e.class),
                    },
                    grade,
                });
            }
        }
    }
    Ok(out)
}

/// What a request's terms are computed from: the store, the keys, the settings, and each
/// school's effective list as read once — the lists in force apply to every term of a trend, so
/// they are not read again per term (`None`: the school has none).
pub(in crate::labour) struct Source<'a> {
    pub(in crate::labour) store: &'a DistrictStore,
    pub(in crate::labour) keys: &'a StudentKeys,
    pub(in crate::labour) settings: &'a LabourSettings,
    known: HashMap<SchoolCode, Option<EffectiveList>>,
}

impl<'a> Source<'a> {
    pub(in crate::labour) fn new(
        store: &'a DistrictStore,
        keys: &'a StudentKeys,
        settings: &'a LabourSettings,
    ) -> Source<'a> {
        Source {
            store,
            keys,
            settings,
            known: HashMap::new(),
        }
    }

    /// The school's effective list, read on first use.
    async fn list(&mut self, school: &SchoolCode) -> Result<Option<EffectiveList>, Refused> {
        if let Some(found) = self.known.get(school) {
            return Ok(found.clone());
        }
        let required = &self.settings.checklist.required_groups;
        let found = effective_of(self.store, school, required).await?;
        self.known.insert(school.clone(), found.clone());
        Ok(found)
    }
}

/// A term's compliance of the schools `school` names (all when `None`), restricted to one class
/// when given; and the schools left out for want of a list.
pub(in crate::labour) async fn compute(
    source: &mut Source<'_>,
    school: Option<&SchoolCode>,
    class: Option<&str>,
    term: Term,
    today: Day,
) -> Result<(Compliance, Vec<SchoolCode>), Refused> {
    let (store, keys, settings) = (source.store, source.keys, source.settings);
    let required = &settings.checklist.required_groups;
    let mut children = roster(store, school, term.year).await?;
    if let Some(c) = class {
        children.retain(|r| r.class.class == c);
    }
    let codes: Vec<SchoolCode> = {
        let mut v: Vec<SchoolCode> = children.iter().map(|r| r.class.school.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut lists: BTreeMap<SchoolCode, EffectiveList> = BTreeMap::new();
    let mut without_list = Vec::new();
    for code in codes {
        match source.list(&code).await? {
            Some(list) => {
                lists.insert(code, list);
            }
            None => without_list.push(code),
        }
    }
    children.retain(|r| lists.contains_key(&r.class.school));
    let span = Term::span(term);
    let year_start = Day::new(term.year, 9, 1).expect("a day");
    let last = span.last.min(today);
    let mut by_school: HashMap<SchoolCode, Vec<LabourRecord>> = HashMap::new();
    if year_start <= last {
        for s in store
            .labour_school_records(keys, school, year_start, last)
            .await?
        {
            if lists.contains_key(&s.school) {
                by_school.entry(s.school).or_default().push(s.record);
            }
        }
    }
    let mut all: Vec<Entry> = Vec::new();
    for (code, mut records) in by_school {
        let list = &lists[&code];
        // A record whose item has left the list since is not counted.
        records.retain(|r| list.item(&r.item).is_some());
        let ids: Vec<i64> = records.iter().map(|r| r.id.0).collect();
        let verifications = store.labour_verifications(&ids).await?;
        all.extend(entries(records, &verifications, list).map_err(|(id, e)| {
            Refused::Store(StoreError::Invalid(format!("劳动记录 {id}：{e}")))
        })?);
    }
    let lessons = store.labour_lessons(school, span.first, span.last).await?;
    let labour_weeks = store.labour_weeks(school, Some(term.year)).await?;
    let weeks = assessed_weeks(term, today);
    let input = junheng_labour::compliance::ComplianceInput {
        term,
        weeks: &weeks,
        roster: &children,
        lists: &lists,
        entries: &all,
        lessons: &lessons,
        labour_weeks: &labour_weeks,
    };
    let found = compliance(&input, required, &settings.compliance)
        .map_err(|e| Refused::Store(StoreError::Invalid(e.to_string())))?;
    Ok((found, without_list))
}

/// The terms that have records, newest first (the term of today always among them).
pub(super) async fn terms_with_records(
    store: &DistrictStore,
    school: Option<&SchoolCode>,
    today: Day,
) -> Result<Vec<Term>, StoreError> {
    let now = Term::of(today);
    let mut out = vec![now];
    if let Some(first) = store.labour_first_day(school).await? {
        let mut t = Term::of(first.min(today));
        while t < now {
            out.push(t);
            t = t.next();
        }
    }
    out.sort();
    out.dedup();
    out.reverse();
    Ok(out)
}
