//! The class teacher's work on the labour passport (issue 18): the class they act for
//! ([`ClassSeat`]: a 班主任's own class, a school's account picks one of its classes), one item
//! entered for many children at once (each record checked by the engine against the school's
//! effective list for the class's grade — all or nothing), the week's records with their status
//! and the week's spot check (engine `spot_check`, seeded by an HMAC of the class and week under
//! the server's student pseudonym key), a teacher's decision on a record (engine `apply`), and
//! ratings per child per term. Every write is audited by the store.

use junheng_core::school::SchoolCode;
use junheng_labour::calendar::{Day, Span, Term};
use junheng_labour::checklist::{EffectiveList, ItemCode, RequiredGroups};
use junheng_labour::passport::{
    Decision, Entry, Evidence, LabourRecord, Rater, Rating, RecordId, Reporter, SpotCheck, Stars,
    Status, Verification, Verifier, apply, entries, spot_check, status_of,
};
use junheng_labour::{Grade, StudentKey};
use junheng_store::{DistrictStore, Role, Scope, StoreError, StudentKeys};
use serde::Serialize;

use super::lists::effective_of;
use crate::pairings::{Caller, Refused};
use crate::students::who::class_matches;

/// A class the caller acts for: its school, its grade, its name on the registry and the children
/// the newest registry of the school lists in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassSeat {
    /// The school.
    pub school: SchoolCode,
    /// The grade.
    pub grade: Grade,
    /// The class as the registry writes it (`1班`).
    pub class: String,
    /// The class as pages and records name it (`3年级1班`).
    pub label: String,
    /// Its children (`students.id`), in registry order.
    pub children: Vec<i64>,
}

/// The label of a registry class.
pub fn class_label(grade: u8, class: &str) -> String {
    format!("{grade}年级{}", class.trim())
}

/// The classes of a school's newest registry: (grade, class) in grade order.
pub async fn classes(
    store: &DistrictStore,
    school: &SchoolCode,
) -> Result<Vec<(u8, String)>, StoreError> {
    let Some(newest) = store
        .student_imports(Some(school))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(Vec::new());
    };
    let mut out: Vec<(u8, String)> = store
        .registry(newest.id)
        .await?
        .into_iter()
        .map(|e| (e.grade, e.class))
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// The class `caller` acts for: a 班主任's own class; for a school's account (and the operator,
/// naming the school) the class named `wanted` (`3年级1班`). [`Refused::Denied`] for other roles
/// or another school; [`StoreError::NotFound`] when the newest registry has no such class.
pub async fn seat(
    store: &DistrictStore,
    caller: &Caller<'_>,
    school: Option<&SchoolCode>,
    wanted: Option<&str>,
) -> Result<ClassSeat, Refused> {
    let (school, wanted) = match caller {
        Caller::Operator(_) => (school.ok_or(Refused::Denied)?.clone(), wanted),
        Caller::User(u) => match (&u.role, &u.scope) {
            (Role::ClassTeacher, Scope::Class { school, class }) => {
                (school.clone(), Some(class.as_str()))
            }
            (Role::School, Scope::School(own)) if school.is_none_or(|s| s == own) => {
                (own.clone(), wanted)
            }
            _ => return Err(Refused::Denied),
        },
    };
    let wanted = wanted
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .ok_or_else(|| Refused::Store(StoreError::Invalid("请选择班级（如 3年级1班）".into())))?;
    let Some(newest) = store
        .student_imports(Some(&school))
        .await?
        .into_iter()
        .next()
    else {
        return Err(Refused::Store(StoreError::NotFound("该校的学籍")));
    };
    let mut found: Option<ClassSeat> = None;
    for e in store.registry(newest.id).await? {
        if !class_matches(wanted, e.grade, &e.class) {
            continue;
        }
        let seat = found.get_or_insert_with(|| ClassSeat {
            school: school.clone(),
            grade: Grade::new(e.grade).unwrap_or_else(|| Grade::new(1).expect("grade 1")),
            class: e.class.trim().to_owned(),
            label: class_label(e.grade, &e.class),
            children: Vec::new(),
        });
        seat.children.push(e.student);
    }
    found.ok_or(Refused::Store(StoreError::NotFound(
        "该班级（最新学籍中没有这个班的学生）",
    )))
}

/// When, under which rule of lists and with which keys an operation runs: today (nothing may be
/// recorded after it), the task groups each band must reach (the lists' setting) and the keys
/// of children's data (evidence is sealed under them, 学籍号 are turned into pseudonyms).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// Today.
    pub today: Day,
    /// The lists' required task groups.
    pub required: &'a RequiredGroups,
    /// The keys of children's data.
    pub keys: &'a StudentKeys,
}

/// The school's effective list, or why there is none.
pub(crate) async fn list_of(
    store: &DistrictStore,
    school: &SchoolCode,
    required: &RequiredGroups,
) -> Result<EffectiveList, Refused> {
    effective_of(store, school, required).await?.ok_or_else(|| {
        Refused::Store(StoreError::Conflict(
            "本校没有可用的劳动清单（区级清单未导入，或校本清单不符合要求）：请先在“劳动清单”页处理"
                .into(),
        ))
    })
}

/// One item done by several children of the class on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// The day.
    pub day: Day,
    /// The item of the school's effective list.
    pub item: ItemCode,
    /// Minutes each child spent.
    pub minutes: u16,
    /// What was done, as text (≤ 500 characters).
    pub evidence: String,
    /// Who reports.
    pub reporter: Reporter,
    /// The children (`students.id`).
    pub students: Vec<i64>,
}

fn invalid(message: String) -> Refused {
    Refused::Store(StoreError::Invalid(message))
}

/// Writes an entry as one record per child — every record checked by the engine (the item on
/// the school's list and for the class's grade, minutes, not in the future) — all or nothing,
/// audited. A child not of the class is [`Refused::Denied`].
pub async fn enter(
    store: &DistrictStore,
    caller: &Caller<'_>,
    seat: &ClassSeat,
    entry: &NewEntry,
    at: Context<'_>,
) -> Result<Vec<i64>, Refused> {
    let Context {
        today,
        required,
        keys,
    } = at;
    if entry.students.is_empty() {
        return Err(invalid("请至少选择一名学生".into()));
    }
    if entry.students.iter().any(|s| !seat.children.contains(s)) {
        return Err(Refused::Denied);
    }
    let list = list_of(store, &seat.school, required).await?;
    let evidence = Evidence::parse(&entry.evidence).map_err(|e| invalid(e.to_string()))?;
    let records: Vec<LabourRecord> = entry
        .students
        .iter()
        .map(|s| LabourRecord {
            id: RecordId(0),
            student: StudentKey(*s),
            item: entry.item.clone(),
            day: entry.day,
            minutes: entry.minutes,
            evidence: evidence.clone(),
            reporter: entry.reporter,
        })
        .collect();
    for r in &records {
        r.check(&list, seat.grade, today)
            .map_err(|e| invalid(e.to_string()))?;
    }
    let batch = format!("entry:{}", entry.day);
    Ok(store
        .add_labour_records(
            keys,
            &seat.school,
            &seat.label,
            &records,
            &batch,
            &caller.actor(),
        )
        .await?)
}

/// A class's week: its records with their status, the spot check and the week's days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekView {
    /// Monday to Sunday.
    pub span: Span,
    /// The records with their status, by day.
    pub entries: Vec<Entry>,
    /// The week's spot check of home records (engine `spot_check`).
    pub spot: SpotCheck,
    /// The school's effective list (the items of the class's grade are offered).
    pub list: EffectiveList,
}

/// The entries of records under the school's list, or which record breaks it.
fn with_status(
    records: Vec<LabourRecord>,
    verifications: &[Verification],
    list: &EffectiveList,
) -> Result<Vec<Entry>, Refused> {
    entries(records, verifications, list).map_err(|(id, e)| invalid(format!("劳动记录 {id}：{e}")))
}

/// The week of `day` of the class: records, statuses and the spot check, drawn with the secret
/// seed of the class and week (`keys`' [`StudentKeys::sample_seed`]).
pub async fn week(
    store: &DistrictStore,
    seat: &ClassSeat,
    day: Day,
    keys: &StudentKeys,
    per_mille: u32,
    required: &RequiredGroups,
) -> Result<WeekView, Refused> {
    let list = list_of(store, &seat.school, required).await?;
    let monday = day.monday();
    let span = Span::new(monday, monday.plus(6)).expect("a week");
    let stored = store
        .labour_records(
            keys,
            Some((&seat.school, &seat.label)),
            None,
            span.first,
            span.last,
        )
        .await?;
    let records: Vec<LabourRecord> = stored.into_iter().map(|s| s.record).collect();
    let ids: Vec<i64> = records.iter().map(|r| r.id.0).collect();
    let verifications = store.labour_verifications(&ids).await?;
    let seed = keys.sample_seed(
        "labour-spot",
        &format!("{}/{}/{monday}", seat.school, seat.label),
    );
    let spot = spot_check(&records, &list, monday, per_mille, &seed);
    Ok(WeekView {
        span,
        entries: with_status(records, &verifications, &list)?,
        spot,
        list,
    })
}

/// A teacher's decision (通过 confirmed, 不通过 rejected) on a record of the class, dated
/// `today`, as the engine allows it (`apply`: a settled record is not decided again). Returns
/// the record's new status.
pub async fn decide(
    store: &DistrictStore,
    caller: &Caller<'_>,
    seat: &ClassSeat,
    record: i64,
    decision: Decision,
    at: Context<'_>,
) -> Result<Status, Refused> {
    let Context {
        today,
        required,
        keys,
    } = at;
    let found = store
        .labour_record(keys, record)
        .await?
        .filter(|r| r.school == seat.school && r.class == seat.label)
        .ok_or(Refused::Store(StoreError::NotFound("本班的该条劳动记录")))?;
    let list = list_of(store, &seat.school, required).await?;
    let place = list
        .item(&found.record.item)
        .map(|i| i.place)
        .ok_or_else(|| invalid(format!("项目 {} 已不在本校劳动清单中", found.record.item)))?;
    let before = store.labour_verifications(&[record]).await?;
    let refs: Vec<&Verification> = before.iter().collect();
    let status = status_of(&found.record, place, &refs).map_err(|e| invalid(e.to_string()))?;
    let after = apply(status, place, Verifier::ClassTeacher, decision)
        .map_err(|e| invalid(e.to_string()))?;
    let v = Verification {
        record: RecordId(record),
        verifier: Verifier::ClassTeacher,
        decision,
        day: today.max(found.record.day),
    };
    store.add_labour_verification(&v, &caller.actor()).await?;
    Ok(after)
}

/// The teacher's ratings of children of the class for the term of `today`: (child, 能力, 习惯,
/// 品质) each 1–5. A child not of the class is [`Refused::Denied`].
pub async fn rate(
    store: &DistrictStore,
    caller: &Caller<'_>,
    seat: &ClassSeat,
    ratings: &[(i64, [u8; 3])],
    today: Day,
) -> Result<usize, Refused> {
    if ratings.iter().any(|(s, _)| !seat.children.contains(s)) {
        return Err(Refused::Denied);
    }
    let term = Term::of(today);
    let stars =
        |n: u8| Stars::new(n).ok_or_else(|| invalid(format!("评分 {n} 无效：应为 1 到 5 星")));
    let rows: Vec<Rating> = ratings
        .iter()
        .map(|(s, [a, h, q])| {
            Ok(Rating {
                student: StudentKey(*s),
                term,
                rater: Rater::Teacher,
                item: None,
                ability: stars(*a)?,
                habit: stars(*h)?,
                quality: stars(*q)?,
            })
        })
        .collect::<Result<_, Refused>>()?;
    if rows.is_empty() {
        return Err(invalid("没有要保存的评价".into()));
    }
    store.add_labour_ratings(&rows, &caller.actor()).await?;
    Ok(rows.len())
}
