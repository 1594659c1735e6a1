//! A visit recorded and the tasks of its findings raised, and the completion of a visit
//! whose tasks were not all raised.

use junheng_core::record::RecordKind;
use junheng_core::school::SchoolCode;
use junheng_store::limits::MAX_TASK_TITLE;
use junheng_store::{
    DistrictStore, NewFinding, NewTask, NewVisit, OwnerKind, StoreError, Task, TaskFilter,
    TaskOwner, Visit,
};

use super::assign::check_supervisor;
use super::{Caller, Standing, SupervisionError, head, is_day, parse_findings};
use crate::tasks::{self, TaskError, add_days};

/// A visit as a form or the command line gives it: every field as text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitInput<'a> {
    /// The school's 学校标识码.
    pub school: &'a str,
    /// The day, `YYYY-MM-DD`.
    pub visited_on: &'a str,
    /// The supervisor's login: required from 管理员 and the operator; a 督学 records under
    /// their own (empty, or their own login).
    pub supervisor: &'a str,
    /// 督导情况.
    pub summary: &'a str,
    /// The findings, one a line ([`parse_findings`]).
    pub findings: &'a str,
    /// The 整改 deadline of every finding, `YYYY-MM-DD`; empty: the visit's day plus the
    /// default number of days.
    pub deadline: &'a str,
}

/// A recorded visit and the tasks raised from its findings (in the findings' order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The visit, its findings linked to their tasks.
    pub visit: Visit,
    /// The tasks.
    pub tasks: Vec<Task>,
}

/// Records a visit and raises one task per finding (see the module documentation): everything
/// is checked before anything is written; `today` is the Beijing date the visit may not be
/// after, `default_days` the days after the visit a finding is due without a deadline.
///
/// [`SupervisionError::Forbidden`] for a caller who may not record, or a 督学 naming another
/// supervisor; [`StoreError::Invalid`] (nothing written) for a school that is not in the latest
/// statistics, a day that is not a real `YYYY-MM-DD` or after today, a login that is not an
/// active supervisor of the district, an empty summary, a bad finding, a deadline before the
/// visit; [`SupervisionError::Incomplete`] when the visit is stored but a task could not be
/// raised.
pub async fn record_visit(
    store: &DistrictStore,
    caller: &Caller,
    input: &VisitInput<'_>,
    today: &str,
    default_days: u32,
) -> Result<Recorded, SupervisionError> {
    caller.check_record()?;
    let code = input.school.trim();
    let school = SchoolCode::parse(code).map_err(|_| {
        StoreError::Invalid(format!(
            "学校应为 10 位数字的学校标识码，收到「{}」",
            head(code, 40)
        ))
    })?;
    if !store.has_school(&school).await? {
        return Err(StoreError::Invalid(format!(
            "最新学年的统计数据中没有学校 {school}，请核对学校标识码"
        ))
        .into());
    }
    let visited_on = input.visited_on.trim();
    if !is_day(visited_on) {
        return Err(not_a_day("督导日期", "2025-03-18", visited_on));
    }
    if visited_on > today {
        return Err(StoreError::Invalid(format!(
            "督导日期 {visited_on} 晚于今天（{today}），请记录已经进行的督导"
        ))
        .into());
    }
    let named = input.supervisor.trim();
    let supervisor = match caller.standing {
        Standing::Supervisor => {
            if !named.is_empty() && named != caller.login {
                return Err(SupervisionError::Forbidden(
                    "督学只能以本人名义记录督导".into(),
                ));
            }
            caller.login.clone()
        }
        _ => named.to_owned(),
    };
    check_supervisor(store, &supervisor).await?;
    let findings = parse_findings(input.findings)?;
    let deadline = match input.deadline.trim() {
        "" => add_days(visited_on, i64::from(default_days)).unwrap_or_default(),
        d if is_day(d) => d.to_owned(),
        d => return Err(not_a_day("整改期限", "2025-04-30", d)),
    };
    if deadline.as_str() < visited_on {
        return Err(
            StoreError::Invalid(format!("整改期限 {deadline} 早于督导日期 {visited_on}")).into(),
        );
    }
    // Whoever may record may raise a finding's task; asked here so that nothing is written
    // when the tasks use-case would refuse.
    let who = caller.tasks_who();
    if !findings.is_empty() {
        let probe = junheng_core::record::RecordRef {
            kind: RecordKind::Finding,
            key: "0".into(),
        };
        who.check_create(Some(&probe))
            .map_err(|e| SupervisionError::Forbidden(e.to_string()))?;
    }
    let new: Vec<NewFinding<'_>> = findings
        .iter()
        .map(|(severity, text)| NewFinding {
            text,
            severity: *severity,
            deadline: &deadline,
        })
        .collect();
    let visit = store
        .record_visit(
            &NewVisit {
                school: &school,
                visited_on,
                supervisor: &supervisor,
                summary: input.summary,
                findings: &new,
            },
            &caller.actor(),
        )
        .await?;
    complete(store, caller, visit.id).await
}

/// The refusal of `text` for `field`, a day like `example`.
fn not_a_day(field: &str, example: &str, text: &str) -> SupervisionError {
    StoreError::Invalid(format!(
        "{field}应为实际存在的日期，写作 YYYY-MM-DD（如 {example}），收到「{}」",
        head(text, 20)
    ))
    .into()
}

/// The title of a finding's task: `整改：` and the finding, cut to the tasks' limit.
pub(super) fn task_title(text: &str) -> String {
    let title = format!("整改：{text}");
    if title.chars().count() <= MAX_TASK_TITLE {
        return title;
    }
    let mut cut: String = title.chars().take(MAX_TASK_TITLE - 1).collect();
    cut.push('…');
    cut
}

/// Raises the task of every finding of visit `id` that has none and links it (管理员, 督学,
/// the operator): a task raised from a finding but not linked (a link that failed) is linked,
/// never raised again. Returns the visit with its findings linked and their tasks, in the
/// findings' order.
///
/// [`SupervisionError::Incomplete`] when a task cannot be raised or linked (the findings before
/// it keep theirs).
pub async fn complete(
    store: &DistrictStore,
    caller: &Caller,
    id: i64,
) -> Result<Recorded, SupervisionError> {
    caller.check_record()?;
    let visit = store
        .visit(id)
        .await?
        .ok_or(StoreError::NotFound("该督导记录"))?;
    let who = caller.tasks_who();
    let owner = TaskOwner::new(OwnerKind::School, visit.school.as_str())?;
    let missing = visit.findings.iter().filter(|f| f.task.is_none()).count();
    for (raised, f) in visit
        .findings
        .iter()
        .filter(|f| f.task.is_none())
        .enumerate()
    {
        let step = async {
            let source = f.record();
            let earlier = store
                .tasks(&TaskFilter {
                    source: Some(&source),
                    ..TaskFilter::default()
                })
                .await?;
            let task = match earlier.into_iter().next() {
                Some(t) => t,
                None => {
                    let detail = format!(
                        "督导发现（{}）：{}\n督导日期：{}；责任督学：{}",
                        f.severity.label(),
                        f.text,
                        visit.visited_on,
                        visit.supervisor
                    );
                    tasks::create(
                        store,
                        &who,
                        &NewTask {
                            title: &task_title(&f.text),
                            detail: &detail,
                            owner: &owner,
                            deadline: &f.deadline,
                            source: Some(&source),
                        },
                    )
                    .await?
                }
            };
            store.link_finding(f.id, task.id, &caller.actor()).await?;
            Ok::<(), TaskError>(())
        };
        if let Err(cause) = step.await {
            return Err(SupervisionError::Incomplete {
                visit: visit.id,
                missing: missing - raised,
                cause: Box::new(cause),
            });
        }
    }
    let visit = store
        .visit(id)
        .await?
        .ok_or(StoreError::NotFound("该督导记录"))?;
    let mut tasks = Vec::new();
    for f in &visit.findings {
        if let Some(task) = f.task
            && let Some(t) = store.task(task).await?
        {
            tasks.push(t);
        }
    }
    Ok(Recorded { visit, tasks })
}
