//! The audit log: who did what, when. Every write of the store appends its entry in the same
//! transaction; the server adds its own (logins, failed logins, exports…) with
//! [`crate::Store::audit`].

use serde::Serialize;

use crate::limits::{MAX_USER_NAME, cut};
use crate::pool::{from_row, with_pool};
use crate::{Store, StoreError};

/// Who acts: a user name, or `system` for the program itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// User name (the login, never the display name), or `system`.
    pub name: String,
}

impl Actor {
    /// The actor of a user.
    pub fn new(name: impl Into<String>) -> Self {
        Actor { name: name.into() }
    }

    /// The program itself (first start, maintenance tasks).
    pub fn system() -> Self {
        Actor::new("system")
    }
}

/// The actions the store writes itself; the server adds its own (`login`, `export.…`).
pub mod action {
    /// The default district was created.
    pub const DISTRICT_CREATE: &str = "district.create";
    /// The district's code or name changed.
    pub const DISTRICT_UPDATE: &str = "district.update";
    /// A school year's statistics were imported (a new version).
    pub const IMPORT_STATISTICS: &str = "import.statistics";
    /// The city set a district's 优质均衡 creation target year.
    pub const CREATION_TARGET: &str = "creation.target";
    /// A district's creation step (自评 … 国家认定) was recorded.
    pub const CREATION_STEP: &str = "creation.step";
    /// An education group was created or changed.
    pub const GROUP_SAVE: &str = "group.save";
    /// A school joined an education group.
    pub const GROUP_MEMBER_ADD: &str = "group.member_add";
    /// A school left an education group.
    pub const GROUP_MEMBER_END: &str = "group.member_end";
    /// A file of education groups and memberships was imported.
    pub const GROUP_IMPORT: &str = "group.import";
    /// A 学区 was recorded or changed.
    pub const ZONE_SAVE: &str = "zone.save";
    /// A user was created.
    pub const USER_CREATE: &str = "user.create";
    /// A user's role, scope or display name changed (an identity-service user's claims).
    pub const USER_UPDATE: &str = "user.update";
    /// A user's password was set.
    pub const USER_PASSWORD: &str = "user.password";
    /// A user was activated.
    pub const USER_ACTIVATE: &str = "user.activate";
    /// A user was deactivated.
    pub const USER_DEACTIVATE: &str = "user.deactivate";
    /// A login name was locked after repeated failed logins.
    pub const USER_LOCK: &str = "user.lock";
    /// An administrator unlocked a locked login name.
    pub const USER_UNLOCK: &str = "user.unlock";
    /// A second administrator confirmed a sensitive grant.
    pub const USER_CONFIRM: &str = "user.confirm";
    /// An API token was created.
    pub const TOKEN_CREATE: &str = "token.create";
    /// An API token was revoked.
    pub const TOKEN_REVOKE: &str = "token.revoke";
    /// A school submitted its own data for review.
    pub const SUBMISSION_CREATE: &str = "submission.create";
    /// A submission was approved (and stored as a new version).
    pub const SUBMISSION_APPROVE: &str = "submission.approve";
    /// A submission was rejected.
    pub const SUBMISSION_REJECT: &str = "submission.reject";
    /// A lottery's applicant list was frozen and stored.
    pub const LOTTERY_CREATE: &str = "lottery.create";
    /// A lottery was drawn at its ceremony.
    pub const LOTTERY_DRAW: &str = "lottery.draw";
    /// A school year's teacher roster was uploaded (a new version replacing the year's roster).
    pub const ROSTER_REPLACE: &str = "roster.replace";
    /// Moves were added to the rotation ledger.
    pub const LEDGER_ADD: &str = "ledger.add";
    /// A move of the rotation ledger was cancelled.
    pub const LEDGER_CANCEL: &str = "ledger.cancel";
    /// Every move of a ledger batch (an accepted plan, a ledger file) was cancelled at once.
    pub const LEDGER_CANCEL_BATCH: &str = "ledger.cancel_batch";
    /// A district's public key registered (数据上报).
    pub const DISTRICT_KEY_REGISTER: &str = "district_key.register";
    /// A district's public key revoked.
    pub const DISTRICT_KEY_REVOKE: &str = "district_key.revoke";
    /// A package reported upward (made by `junheng report-up`).
    pub const PACKAGE_REPORT: &str = "package.report";
    /// A package received from a district.
    pub const PACKAGE_RECEIVE: &str = "package.receive";
    /// The district's boundary for the map was uploaded.
    pub const MAP_BOUNDARY: &str = "map.boundary";
    /// A task was created.
    pub const TASK_CREATE: &str = "task.create";
    /// A task's status changed (started, submitted, closed, reopened, cancelled).
    pub const TASK_STATUS: &str = "task.status";
    /// A document of evidence was attached to a record.
    pub const EVIDENCE_ADD: &str = "evidence.add";
    /// A document of evidence was downloaded (its bytes read).
    pub const EVIDENCE_DOWNLOAD: &str = "evidence.download";
    /// A pairing (结对帮扶) was recorded.
    pub const PAIRING_ADD: &str = "pairing.add";
    /// An activity of a pairing was recorded.
    pub const PAIRING_ACTIVITY: &str = "pairing.activity";
    /// A pairing was ended.
    pub const PAIRING_END: &str = "pairing.end";
    /// A building project (一校一案) was added to the ledger.
    pub const SEAT_PROJECT_ADD: &str = "seat_project.add";
    /// A building project was changed (its status or its figures).
    pub const SEAT_PROJECT_UPDATE: &str = "seat_project.update";
    /// A building project was deleted from the ledger.
    pub const SEAT_PROJECT_DELETE: &str = "seat_project.delete";
    /// A ledger file of building projects was imported.
    pub const SEAT_PROJECT_IMPORT: &str = "seat_project.import";
    /// A file of 三个课堂 sessions was imported.
    pub const CLASSROOM_IMPORT: &str = "classroom.import";
    /// A 三个课堂 session was entered.
    pub const CLASSROOM_ADD: &str = "classroom.add";
    /// A 校长副校长任职表 was imported (the district's terms of school leaders).
    pub const LEADERS_IMPORT: &str = "leaders.import";
    /// The current 校长副校长任职表 was withdrawn (the previous one is current again).
    pub const LEADERS_WITHDRAW: &str = "leaders.withdraw";
    /// A school year's 教师资格证 file was imported.
    pub const POSTS_CERTIFICATES_IMPORT: &str = "posts.certificates.import";
    /// A school year's 教师资格证 file was withdrawn (the previous one is current again).
    pub const POSTS_CERTIFICATES_WITHDRAW: &str = "posts.certificates.withdraw";
    /// A school year's 编制 file was imported.
    pub const POSTS_STAFFING_IMPORT: &str = "posts.staffing.import";
    /// A school year's 编制 file was withdrawn (the previous one is current again).
    pub const POSTS_STAFFING_WITHDRAW: &str = "posts.staffing.withdraw";
    /// The district's approved totals (区管校聘) of a school year were entered.
    pub const POSTS_APPROVED: &str = "posts.approved";
    /// A move of approved posts between schools was recorded.
    pub const POSTS_MOVE: &str = "posts.move";
    /// A move of approved posts was cancelled.
    pub const POSTS_MOVE_CANCEL: &str = "posts.move.cancel";
    /// A year's average pay of teachers and civil servants was entered.
    pub const POSTS_PAY: &str = "posts.pay";
    /// A school year's class table (班级规模表) was imported.
    pub const SEATS_CLASSES_IMPORT: &str = "seats.classes.import";
    /// A school year's class table was withdrawn (the previous one is current again).
    pub const SEATS_CLASSES_WITHDRAW: &str = "seats.classes.withdraw";
    /// A school year's 划片, entrant or 指标到校 file was imported.
    pub const SEATS_ZONING_IMPORT: &str = "seats.zoning.import";
    /// A school year's 划片, entrant or 指标到校 file was withdrawn.
    pub const SEATS_ZONING_WITHDRAW: &str = "seats.zoning.withdraw";
    /// A 工作室名册 (studios) file was imported.
    pub const TEACHERS_STUDIOS_IMPORT: &str = "teachers.studios.import";
    /// The current 工作室名册 was withdrawn.
    pub const TEACHERS_STUDIOS_WITHDRAW: &str = "teachers.studios.withdraw";
    /// A 工作室成果 (studio outputs) file was imported.
    pub const TEACHERS_STUDIO_OUTPUTS_IMPORT: &str = "teachers.studio_outputs.import";
    /// The current 工作室成果 file was withdrawn.
    pub const TEACHERS_STUDIO_OUTPUTS_WITHDRAW: &str = "teachers.studio_outputs.withdraw";
    /// A 师徒结对 file was imported.
    pub const TEACHERS_MENTORS_IMPORT: &str = "teachers.mentors.import";
    /// The current 师徒结对 file was withdrawn.
    pub const TEACHERS_MENTORS_WITHDRAW: &str = "teachers.mentors.withdraw";
    /// A 师徒结对 pair was ended (end date and outcome).
    pub const TEACHERS_MENTORS_END: &str = "teachers.mentors.end";
    /// A supervisor (责任督学) was assigned to a 学区 or an education group.
    pub const SUPERVISION_ASSIGN: &str = "supervision.assign";
    /// A supervisor's assignment ended.
    pub const SUPERVISION_END: &str = "supervision.end";
    /// A supervisor's visit to a school was recorded with its findings.
    pub const SUPERVISION_VISIT: &str = "supervision.visit";
    /// A finding of a visit was linked to the task (整改) raised from it.
    pub const SUPERVISION_LINK: &str = "supervision.link";
    /// A 综合考核 score was entered (or replaced).
    pub const REVIEW_SCORE: &str = "review.score";
    /// A year's 综合考核 results were finalised (定稿).
    pub const REVIEW_FINALISE: &str = "review.finalise";
    /// A school's registry (学籍) file was imported (a new version).
    pub const STUDENT_IMPORT: &str = "student.import";
    /// Named children were read (a page) or exported (a file); the access log names them.
    pub const STUDENT_READ: &str = "student.read";
    /// Enrolment events of children were recorded.
    pub const STUDENT_EVENTS: &str = "student.events";
    /// A 转出 was confirmed by its destination.
    pub const STUDENT_TRANSFER_CONFIRM: &str = "student.transfer_confirm";
    /// A 控辍保学 case was opened, moved, planned or given a 劝返 attempt.
    pub const DROPOUT_CASE: &str = "dropout.case";
    /// Retention reduced the records of children who left.
    pub const STUDENT_RETENTION: &str = "student.retention";
    /// An input of the student rates (适龄人口, 残联 count) was set.
    pub const STUDENT_INPUT: &str = "student.input";
    /// Children's names and 学籍号 were re-sealed under a new key (rotation).
    pub const STUDENT_RESEAL: &str = "student.reseal";
    /// A 体质健康, 视力 or 心理 round was created.
    pub const HEALTH_ROUND: &str = "health.round";
    /// A 体质健康 scoring pack was loaded.
    pub const HEALTH_PACK: &str = "health.pack";
    /// A school's health file of a round was imported.
    pub const HEALTH_IMPORT: &str = "health.import";
    /// The counts of health files were recomputed (a new scoring pack).
    pub const HEALTH_RESCORE: &str = "health.rescore";
    /// Named children's health records or 心理 cases were read.
    pub const HEALTH_READ: &str = "health.read";
    /// The health data of children who left was erased.
    pub const HEALTH_ERASE: &str = "health.erase";
    /// A 心理 case was opened, updated or closed.
    pub const MENTAL_CASE: &str = "mental.case";
    /// An exam was created.
    pub const EXAM_CREATE: &str = "exam.create";
    /// A school's scores of an exam were imported.
    pub const EXAM_IMPORT: &str = "exam.import";
    /// A school's latest scores of an exam were withdrawn (the version before is its again).
    pub const EXAM_WITHDRAW: &str = "exam.withdraw";
    /// A named child's scores were read (a 成绩单 for the school and the parents).
    pub const EXAM_READ: &str = "exam.read";
    /// A national monitoring (NAEQ) result was entered.
    pub const NAEQ_SET: &str = "naeq.set";
    /// A batch of teachers' titles, awards or 师德 results was imported or entered.
    pub const HONOURS_IMPORT: &str = "honours.import";
    /// A batch of teachers' titles, awards or 师德 results was withdrawn.
    pub const HONOURS_WITHDRAW: &str = "honours.withdraw";
    /// A version of a 劳动清单 (the district's or a school's) was imported.
    pub const LABOUR_LIST_IMPORT: &str = "labour.list_import";
    /// The current version of a 劳动清单 was withdrawn (the one before is the list again).
    pub const LABOUR_LIST_WITHDRAW: &str = "labour.list_withdraw";
    /// Labour records of a class were entered (or imported).
    pub const LABOUR_RECORDS_ADD: &str = "labour.records_add";
    /// A decision on a labour record (a parent's confirmation, a teacher's check).
    pub const LABOUR_VERIFY: &str = "labour.verify";
    /// Children's labour ratings (能力, 习惯, 品质) were entered.
    pub const LABOUR_RATE: &str = "labour.rate";
    /// One-time parent links were issued for a class's home records (slips printed).
    pub const LABOUR_LINKS_ISSUE: &str = "labour.links_issue";
    /// A parent answered a one-time link (confirmed or disputed a home record).
    pub const LABOUR_PARENT_ANSWER: &str = "labour.parent_answer";
    /// A batch of labour bases, alliances, visits or 五育 records was imported or entered.
    pub const LABOUR_IMPORT: &str = "labour.import";
    /// A batch of labour bases, alliances, visits or 五育 records was withdrawn.
    pub const LABOUR_WITHDRAW: &str = "labour.withdraw";
    /// A class teacher marked the class's labour term summary as submitted (班级小结).
    pub const LABOUR_CLASS_SUBMIT: &str = "labour.class_submit";
    /// A school's term review took a step (小结, 公示, 审核, 退回, 导出).
    pub const LABOUR_REVIEW_STEP: &str = "labour.review_step";
    /// The district recorded the outcome of a sampled child's audit (区级抽查).
    pub const LABOUR_AUDIT: &str = "labour.audit";
    /// A 社会认可度自测 survey was created.
    pub const SURVEY_CREATE: &str = "survey.create";
    /// A survey was opened or closed.
    pub const SURVEY_STATUS: &str = "survey.status";
    /// A batch of one-time survey codes was issued (slips printed).
    pub const SURVEY_CODES: &str = "survey.codes";
    /// A survey was answered with a one-time code (the survey only, at the day).
    pub const SURVEY_ANSWER: &str = "survey.answer";
    /// An online survey's export was imported into a survey.
    pub const SURVEY_IMPORT: &str = "survey.import";
    /// An imported survey file was withdrawn (撤回).
    pub const SURVEY_WITHDRAW: &str = "survey.withdraw";
    /// The district's 五育 targets were set.
    pub const FIVE_TARGETS: &str = "five.targets";
    /// A teacher's record (/teachers/t/{teacher}) was read.
    pub const TEACHER_RECORD_READ: &str = "teachers.record_read";
    /// A training ledger file (继续教育) was imported.
    pub const TRAINING_IMPORT: &str = "training.import";
    /// A training record was entered on the page.
    pub const TRAINING_ADD: &str = "training.add";
    /// A training ledger file (or an entered record) was withdrawn.
    pub const TRAINING_WITHDRAW: &str = "training.withdraw";
    /// Schools' training budgets were entered or imported.
    pub const TRAINING_BUDGETS: &str = "training.budgets";
    /// A teacher's 继续教育 progress and records (/teachers/training/t/{teacher}) were read.
    pub const TRAINING_TEACHER_READ: &str = "training.teacher_read";
    /// A statement (认定) on a 督导评估 item was made.
    pub const INSPECTION_ATTEST: &str = "inspection.attest";
    /// A figure for the 督导评估 (the official 社会认可度, a 定额) was entered.
    pub const INSPECTION_INPUT: &str = "inspection.input";
    /// A district's own 自评报告 template was uploaded.
    pub const INSPECTION_TEMPLATE: &str = "inspection.template";
    /// A 自评报告 was generated and downloaded.
    pub const INSPECTION_REPORT: &str = "inspection.report";
    /// A statement or an entered figure of the 督导评估 was withdrawn (撤回).
    pub const INSPECTION_WITHDRAW: &str = "inspection.withdraw";
    /// A task's budget (挂图作战) was set.
    pub const BOARD_BUDGET: &str = "board.budget";
    /// A plan (一校一策, 一集团一案, 专项) was created or tasks were added to it.
    pub const BOARD_PLAN: &str = "board.plan";
    /// A duty of the 责任清单 was recorded.
    pub const BOARD_DUTY: &str = "board.duty";
    /// A duty of the 责任清单 was withdrawn (撤回).
    pub const BOARD_DUTY_WITHDRAW: &str = "board.duty_withdraw";
}

/// An entry to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The district the entry is about (`None`: none, e.g. a city user's login).
    pub district: Option<crate::DistrictId>,
    /// User name or `system`.
    pub actor: String,
    /// Dotted action id, e.g. `import.statistics`, `login.failed`.
    pub action: &'static str,
    /// What was acted on, e.g. `statistics:2024`, `user:7`.
    pub target: String,
    /// Short detail. Never personal data (no real names, passwords, ID numbers, row values).
    pub detail: String,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Increasing id; use it as `before_id` to page.
    pub id: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// User name or `system`.
    pub actor: String,
    /// Dotted action id.
    pub action: String,
    /// What was acted on.
    pub target: String,
    /// Short detail.
    pub detail: String,
    /// The district the entry is about, if any.
    pub district: Option<crate::DistrictId>,
}

struct AuditRow {
    id: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    detail: String,
    district_id: Option<i64>,
}
from_row!(AuditRow {
    id,
    at,
    actor,
    action,
    target,
    detail,
    district_id
});

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> Self {
        AuditRecord {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            target: r.target,
            detail: r.detail,
            district: r.district_id.map(crate::DistrictId),
        }
    }
}

/// Which entries to read: newest first, `limit` at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    /// Entries per page (1 to [`AuditFilter::MAX_LIMIT`]).
    pub limit: u32,
    /// Only entries older than this id (the last id of the previous page).
    pub before_id: Option<i64>,
    /// Only actions starting with this text, e.g. `user.` or `import.`.
    pub action_prefix: Option<String>,
    /// Only this actor.
    pub actor: Option<String>,
    /// Only entries about this district.
    pub district: Option<crate::DistrictId>,
    /// Only entries at or after this time (RFC 3339 UTC, as stored).
    pub since: Option<String>,
    /// Only entries before this time (RFC 3339 UTC, as stored).
    pub until: Option<String>,
    /// Only entries about this object, e.g. `group:3`.
    pub target: Option<String>,
}

impl AuditFilter {
    /// Largest page.
    pub const MAX_LIMIT: u32 = 1000;
}

impl Default for AuditFilter {
    /// The newest 100 entries.
    fn default() -> Self {
        AuditFilter {
            limit: 100,
            before_id: None,
            action_prefix: None,
            actor: None,
            district: None,
            since: None,
            until: None,
            target: None,
        }
    }
}

/// Appends an entry through `$conn` (the caller's transaction, so it commits with the write).
///
/// Actor, target and detail are cut to [`MAX_USER_NAME`](crate::limits::MAX_USER_NAME),
/// [`MAX_AUDIT_TARGET`](crate::limits::MAX_AUDIT_TARGET) and
/// [`MAX_AUDIT_DETAIL`](crate::limits::MAX_AUDIT_DETAIL) characters, the cut marked: an audit
/// entry never makes its write fail, and never grows with what a caller sent.
macro_rules! append {
    ($conn:expr, $district:expr, $actor:expr, $action:expr, $target:expr, $detail:expr) => {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, target, detail, district_id) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($crate::time::now())
        .bind($crate::audit::bounded(
            &$actor,
            $crate::limits::MAX_USER_NAME,
        ))
        .bind($action)
        .bind($crate::audit::bounded(
            &$target,
            $crate::limits::MAX_AUDIT_TARGET,
        ))
        .bind($crate::audit::bounded(
            &$detail,
            $crate::limits::MAX_AUDIT_DETAIL,
        ))
        .bind::<Option<i64>>($district)
        .execute($conn)
        .await
    };
}
pub(crate) use append;

/// An audit field cut to `max` characters (see [`append!`]).
pub(crate) fn bounded(text: &impl AsRef<str>, max: usize) -> String {
    cut(text.as_ref(), max).into_owned()
}

impl Store {
    /// Appends one entry of the server's own (logins, failed logins, exports…).
    ///
    /// An actor longer than [`MAX_USER_NAME`], a target longer
    /// than [`MAX_AUDIT_TARGET`](crate::limits::MAX_AUDIT_TARGET) and a detail longer than
    /// [`MAX_AUDIT_DETAIL`](crate::limits::MAX_AUDIT_DETAIL) characters are cut, the cut marked
    /// with [`CUT_MARK`](crate::limits::CUT_MARK): a failed login under a 10 MB name is recorded
    /// under its first 63 characters. [`StoreError::Invalid`] only when the actor or the action
    /// is empty.
    pub async fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        if entry.action.is_empty() || entry.actor.is_empty() {
            return Err(StoreError::invalid("审计记录缺少操作人或操作类型"));
        }
        with_pool!(&self.pool, |pool| {
            append!(
                pool,
                entry.district.map(|d| d.0),
                entry.actor,
                entry.action,
                entry.target,
                entry.detail
            )?;
            Ok(())
        })
    }

    /// Reads entries newest first, filtered and paged. [`StoreError::Invalid`] when the actor
    /// or action prefix asked for is longer than any stored one or holds a NUL character.
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError> {
        for (text, field) in [
            (&filter.actor, "操作人"),
            (&filter.action_prefix, "操作类型"),
            (&filter.target, "对象"),
        ] {
            if let Some(text) = text {
                crate::limits::check_len(text, field, MAX_USER_NAME)?;
            }
        }
        let limit = i64::from(filter.limit.clamp(1, AuditFilter::MAX_LIMIT));
        let rows: Vec<AuditRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT id, at, actor, action, target, detail, district_id FROM audit_log \
                 WHERE ($1 IS NULL OR id < $1) \
                 AND ($2 IS NULL OR substr(action, 1, length($2)) = $2) \
                 AND ($3 IS NULL OR actor = $3) \
                 AND ($5 IS NULL OR district_id = $5) \
                 AND ($6 IS NULL OR at >= $6) AND ($7 IS NULL OR at < $7) \
                 AND ($8 IS NULL OR target = $8) \
                 ORDER BY id DESC LIMIT $4",
            )
            .bind(filter.before_id)
            .bind(filter.action_prefix.as_deref())
            .bind(filter.actor.as_deref())
            .bind(limit)
            .bind(filter.district.map(|d| d.0))
            .bind(filter.since.as_deref())
            .bind(filter.until.as_deref())
            .bind(filter.target.as_deref())
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(AuditRecord::from).collect())
    }
}
