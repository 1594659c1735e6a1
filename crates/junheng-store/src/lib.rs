//! Junheng's storage adapter: the registry, versioned school statistics, education groups,
//! users, sessions, API tokens, teacher rosters, the rotation ledger, documents of evidence
//! (佐证材料) and the audit log, on an embedded SQLite file or on PostgreSQL.
//!
//! One query code path serves both backends (see `pool.rs`): typed sqlx pools, the same SQL
//! text with `$n` placeholders, runtime `query`/`query_as`. One set of migrations, embedded in
//! the binary, is applied by [`Store::open`].
//!
//! Every write that takes an [`Actor`] appends its audit entry in its own transaction; imports
//! are all-or-nothing and never overwrite: a re-import of a year is a new version.
//!
//! A command that writes and exits ends with [`Store::checkpoint_and_close`], so that on SQLite
//! the database file holds everything without its `-wal` file.
//!
//! # Limits of free text
//!
//! Every free-text input has a maximum length in characters (the constants of [`limits`],
//! counted after the trimming the field gets). A write with a longer value, or with a NUL
//! character, is refused with [`StoreError::Invalid`] naming the field and its limit, and writes
//! nothing; the audit log instead cuts its three texts and marks the cut with
//! [`limits::CUT_MARK`], so recording a login never fails. Lookups by a key no row can have
//! (a longer user name, token hash or group name) find nothing without a query.
//!
//! | field | where | maximum | longer |
//! |---|---|---|---|
//! | 用户名 (`NewUser::name`; 1 or more, no spaces) | [`Store::create_user`], [`Store::external_login`] | [`limits::MAX_USER_NAME`] = 64 | refused |
//! | 姓名 (`NewUser::display_name`, trimmed; not empty) | [`Store::create_user`], [`Store::external_login`] | [`limits::MAX_DISPLAY_NAME`] = 64 | refused |
//! | 密码摘要 (not empty) | [`Store::create_user`], [`Store::set_password`] | [`limits::MAX_PASSWORD_HASH`] = 256 | refused |
//! | 身份认证服务地址, 用户标识 (`ExternalIdentity::issuer`, `subject`; not empty) | [`Store::external_login`] | [`limits::MAX_SSO_ISSUER`], [`limits::MAX_SSO_SUBJECT`] = 255 | refused |
//! | 集团名称 (`Scope::Group`, trimmed; not empty) | [`Store::create_user`], [`Store::external_login`], [`DistrictStore::save_group`] | [`limits::MAX_GROUP_NAME`] = 100 | refused |
//! | 集团类型 (trimmed) | [`DistrictStore::save_group`] | [`limits::MAX_GROUP_KIND`] = 50 | refused |
//! | 区县名称 (trimmed; not empty) | [`Store::add_district`], [`Store::update_district`] | [`limits::MAX_DISTRICT_NAME`] = 64 | refused |
//! | 令牌摘要, CSRF 令牌 (not empty) | [`Store::create_session`], [`Store::create_token`] | [`limits::MAX_TOKEN_HASH`] = 200 | refused |
//! | 令牌名称 (trimmed; not empty) | [`Store::create_token`] | [`limits::MAX_TOKEN_NAME`] = 100 | refused |
//! | 文件名 (`ImportSource::file_name`) | [`DistrictStore::import_statistics`] | [`limits::MAX_FILE_NAME`] = 255 | refused |
//! | 导入备注 (`ImportSource::note`) | [`DistrictStore::import_statistics`] | [`limits::MAX_NOTE`] = 500 | refused |
//! | 学校名称, 学区 of a school record | [`DistrictStore::import_statistics`], [`DistrictStore::submit`] | [`limits::MAX_SCHOOL_TEXT`] = 100 | refused |
//! | 教育集团 of a school record | [`DistrictStore::import_statistics`], [`DistrictStore::submit`] | [`limits::MAX_GROUP_NAME`] = 100 | refused |
//! | 审核意见 | [`DistrictStore::decide`] | [`limits::MAX_NOTE`] = 500 | refused |
//! | 派位名称 (trimmed; not empty) | [`DistrictStore::create_lottery`] | [`limits::MAX_LOTTERY_TITLE`] = 100 | refused |
//! | 派位摘要 (not empty) | [`DistrictStore::create_lottery`] | [`limits::MAX_DIGEST`] = 128 | refused |
//! | 学科 of a roster teacher | [`DistrictStore::replace_roster`] | [`limits::MAX_SUBJECT`] = 50 | refused |
//! | 备注 of a ledger write, 撤销原因 (trimmed) | [`DistrictStore::add_moves`], [`DistrictStore::cancel_move`] | [`limits::MAX_NOTE`] = 500 | refused |
//! | 材料名称 of a document of evidence (`NewEvidence::title`, trimmed; not empty) | [`DistrictStore::add_evidence`] | [`limits::MAX_EVIDENCE_TITLE`] = 100 | refused |
//! | 备注 of a document of evidence (`NewEvidence::note`, trimmed) | [`DistrictStore::add_evidence`] | [`limits::MAX_EVIDENCE_NOTE`] = 500 | refused |
//! | 文件名 of a document of evidence (not empty) | [`DistrictStore::add_evidence`] | [`limits::MAX_FILE_NAME`] = 255 | refused |
//! | bytes of a document of evidence (not empty) | [`DistrictStore::add_evidence`] | [`limits::MAX_EVIDENCE_BYTES`] = 100 MiB | refused |
//! | 任务名称 (`NewTask::title`, trimmed; not empty) | [`DistrictStore::create_task`] | [`limits::MAX_TASK_TITLE`] = 100 | refused |
//! | 任务说明 (`NewTask::detail`, trimmed) | [`DistrictStore::create_task`] | [`limits::MAX_TASK_DETAIL`] = 2000 | refused |
//! | 责任部门 (`TaskOwner` of kind department, trimmed; not empty) | [`DistrictStore::create_task`] | [`limits::MAX_DEPARTMENT`] = 50 | refused |
//! | 负责人, 负责的教育集团, 负责的学区 (`TaskOwner`, trimmed; not empty) | [`DistrictStore::create_task`] | [`limits::MAX_USER_NAME`], [`limits::MAX_GROUP_NAME`], [`limits::MAX_SCHOOL_TEXT`] | refused |
//! | 说明 of a task's status change (`TaskChange::note`, trimmed) | [`DistrictStore::transition_task`] | [`limits::MAX_TASK_NOTE`] = 500 | refused |
//! | 复查结果 of a closing (`CheckRecord::text`, written by the program) | [`DistrictStore::transition_task`] | [`limits::MAX_TASK_NOTE`] = 500 | cut |
//! | 帮扶方名称, 专家团队名称 (`Helper`, trimmed; not empty) | [`DistrictStore::add_pairing`] | [`limits::MAX_PARTNER_NAME`] = 100 | refused |
//! | 帮扶方所在区县或省 (`Helper::Outside::place`, trimmed; not empty) | [`DistrictStore::add_pairing`] | [`limits::MAX_PARTNER_PLACE`] = 100 | refused |
//! | 受援学校 of a pairing (1 or more) | [`DistrictStore::add_pairing`] | [`limits::MAX_PAIRING_SCHOOLS`] = 1000 | refused |
//! | 备注 of a pairing or an activity (trimmed) | [`DistrictStore::add_pairing`], [`DistrictStore::add_activity`] | [`limits::MAX_NOTE`] = 500 | refused |
//! | 授课单位名称 of a 三个课堂 session (`Giver::Outside`, trimmed; not empty) | [`DistrictStore::add_session`], [`DistrictStore::import_sessions`] | [`limits::MAX_PARTNER_NAME`] = 100 | refused |
//! | 学科, 备注 of a 三个课堂 session (trimmed) | [`DistrictStore::add_session`], [`DistrictStore::import_sessions`] | [`limits::MAX_SUBJECT`] = 50, [`limits::MAX_NOTE`] = 500 | refused |
//! | sessions of one 三个课堂 file (1 or more) | [`DistrictStore::import_sessions`] | [`limits::MAX_SESSIONS_PER_IMPORT`] = 200 000 | refused |
//! | 督学 of an assignment or a visit (`NewAssignment::supervisor`, `NewVisit::supervisor`; a login, no spaces) | [`DistrictStore::assign_supervisor`], [`DistrictStore::record_visit`] | [`limits::MAX_USER_NAME`] = 64 | refused |
//! | 学区, 教育集团 of an assignment (`NewAssignment::unit_name`, trimmed; not empty) | [`DistrictStore::assign_supervisor`] | [`limits::MAX_SCHOOL_TEXT`], [`limits::MAX_GROUP_NAME`] = 100 | refused |
//! | 督导情况 of a visit (`NewVisit::summary`, trimmed; not empty) | [`DistrictStore::record_visit`] | [`limits::MAX_VISIT_SUMMARY`] = 2000 | refused |
//! | 督导发现 (`NewFinding::text`, trimmed; not empty) | [`DistrictStore::record_visit`] | [`limits::MAX_FINDING_TEXT`] = 500 | refused |
//! | findings of one visit | [`DistrictStore::record_visit`] | [`limits::MAX_VISIT_FINDINGS`] = 50 | refused |
//! | 问卷名称 of a 社会认可度自测 survey (`survey::NewSurvey::title`, trimmed; not empty) | [`DistrictStore::create_survey`] | [`survey::MAX_SURVEY_TITLE`] = 100 | refused |
//! | 问卷码 of one batch (1 or more), 答卷 of one imported file (1 or more) | [`DistrictStore::add_survey_batch`], [`DistrictStore::import_survey`] | [`survey::MAX_SURVEY_CODES`] = 2000, [`survey::MAX_SURVEY_IMPORT`] = 20 000 | refused |
//! | 操作人 (`Actor::name`; not empty) of every write | every method taking an [`Actor`] | [`limits::MAX_USER_NAME`] = 64 | refused |
//! | 操作人 of an audit entry | [`Store::audit`] and every write's own entry | [`limits::MAX_USER_NAME`] = 64 | cut |
//! | 对象 (`AuditEntry::target`) | [`Store::audit`] and every write's own entry | [`limits::MAX_AUDIT_TARGET`] = 200 | cut |
//! | 详情 (`AuditEntry::detail`) | [`Store::audit`] and every write's own entry | [`limits::MAX_AUDIT_DETAIL`] = 500 | cut |
//!
//! Not bounded: the documents the store keeps whole (a lottery's canonical inputs and audit
//! pack, a backup being restored), which the program itself writes.
//!
//! ```no_run
//! # use junheng_core::school::SchoolRecord;
//! # async fn demo(records: Vec<SchoolRecord>) -> Result<(), junheng_store::StoreError> {
//! use junheng_store::{Actor, ImportSource, Store};
//! let store = Store::open("sqlite://junheng.db").await?;
//! // A laptop's one district; a city deployment names it: `store.district_for(Some("500112"))`.
//! let district = store.in_district(store.only_district().await?.id);
//! let source = ImportSource::new("2024学校基本情况表.xlsx", b"...file bytes...", "");
//! let info = district.import_statistics(2024, &records, &source, &Actor::new("dux")).await?;
//! assert_eq!(district.statistics(2024, None).await?.len() as u64, info.rows);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod audit;
mod backup;
mod board;
mod boundaries;
mod city;
mod classroom;
mod creation;
mod dated;
mod district;
mod error;
mod evidence;
mod exams;
mod external;
mod groups;
mod health;
mod inspection;
pub mod labour;
mod leaders;
pub mod limits;
mod lotteries;
mod migrate;
mod packages;
mod pairings;
mod pool;
mod protect;
mod reseal;
mod reviews;
mod roster;
mod rotation;
pub mod seats;
mod sessions;
mod statistics;
mod students;
mod submissions;
mod supervision;
pub mod survey;
mod tasks;
pub mod teachers;
mod time;
mod users;
mod versions;
mod zones;

pub use audit::{Actor, AuditEntry, AuditFilter, AuditRecord, action};
pub use backup::{BACKUP_FORMAT, BackupSummary, TableCount};
pub use board::{
    ItemDuty, MAX_BUDGET_FEN, MAX_DUTY, MAX_FUNDED_BY, MAX_PLAN_TASKS, MAX_PLAN_TITLE, NewDuty,
    NewPlan, PlanKind, TaskBudget, TaskPlan,
};
pub use boundaries::{NewBoundary, StoredBoundary};
pub use city::Freshness;
pub use classroom::{ClassroomImport, ClassroomSession, Giver, NewClassroomSession};
pub use creation::{
    Creation, CreationStep, CreationTarget, MAX_STEP_DOCUMENT, MAX_STEP_NOTE, NewStep,
};
pub use district::{
    DEFAULT_DISTRICT, District, DistrictId, DistrictKind, DistrictStore, NewDistrict,
};
pub use error::StoreError;
pub use evidence::{Evidence, NewEvidence};
pub use exams::{
    ExamFile, ExamFileInput, ExamInfo, ExamKind, ExamScope, NaeqEntry, NaeqUnit, NewExam,
    OpenedExamFile,
};
pub use external::{ExternalIdentity, ExternalLogin};
pub use groups::{
    Group, GroupDetail, GroupImport, GroupInfo, GroupStatus, LegalForm, MemberLine, Membership,
    membership_date,
};
pub use health::{
    Erased, HealthFile, HealthFileInput, HealthKind, HealthPack, HealthRound, MentalCase,
    MentalNote, NewHealthRecord, NewMentalCase, OpenedRecord,
};
pub use inspection::{
    InspectionInput, InspectionSnapshot, ItemStatement, MAX_INSPECTION_NOTE, ReportTemplate,
};
pub use leaders::{LeaderFile, MAX_LEADER_TERMS};
pub use lotteries::{Lottery, LotteryInfo};
pub use migrate::SCHEMA_VERSION;
pub use packages::{
    DistrictKey, LatestPackage, NewReceivedPackage, ReceivedPackage, ReceivedParts,
};
pub use pairings::{Activity, ActivityTotals, Helper, NewActivity, NewPairing, Pairing};
pub use pool::Backend;
pub use protect::{ProtectError, StudentKeys};
pub use reviews::{NewReviewResult, NewReviewScore, ReviewResult, ReviewScore, ReviewUnit};
pub use roster::RosterVersion;
pub use rotation::{LedgerEntry, MoveFilter, MoveSource};
pub use seats::classes::{
    ClassEntry, ClassTableFile, MAX_CLASS_NAME, MAX_CLASS_PUPILS, MAX_CLASSES_PER_TABLE,
};
pub use seats::projects::{ProjectEntry, ProjectImport, ProjectMoney, SeatProject};
pub use seats::zoning::{
    MAX_PLACE_NAME, MAX_ZONING_PUPILS, MAX_ZONING_ROWS, ZoningData, ZoningFile, ZoningKind,
    ZoningRows,
};
pub use sessions::{ApiToken, Session, UserToken};
pub use statistics::{ImportInfo, ImportSource, SchoolVersion, YearSummary};
pub use students::{
    AccessEntry, Attempt, CaseStep, DropoutCase, EventCount, EventKind, GradeCounts, NamedStudent,
    NewAttempt, NewStudent, NewStudentEvent, Reduced, RegistryCounts, RegistryEntry, RegistryFile,
    StudentEvent, StudentImport, pseudonym, school_year,
};
pub use submissions::Submission;
pub use supervision::{
    Assignment, Finding, NewAssignment, NewFinding, NewVisit, Severity, UnitKind, Visit,
    VisitFilter,
};
pub use tasks::{
    CheckOutcome, CheckRecord, NewTask, OwnerKind, Task, TaskChange, TaskEvent, TaskFilter,
    TaskOwner, TaskStatus,
};
pub use time::{beijing_time, parse_rfc3339, rfc3339};
pub use users::{Activation, Capability, Inbox, NewUser, Role, Scope, User, UserWithHash};
pub use versions::{VersionKind, VersionOrigin};
pub use zones::Zone;

use pool::Pool;

/// The store: a pool of connections to one database. Cheap to clone (clones share the pool).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Connects and applies missing migrations.
    ///
    /// `sqlite://PATH` (the file is created if missing; WAL journal, foreign keys on, a busy
    /// timeout for concurrent writers; `sqlite::memory:` for a private in-memory database) or
    /// `postgres://user@host:port/database`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let pool = Pool::connect(url).await?;
        migrate::migrate(&pool, SCHEMA_VERSION).await?;
        Ok(Store { pool })
    }

    /// Creates the schema of an earlier release (migrations up to `version`) and closes the
    /// database: for the tests that migrate a database made by that release in place.
    #[doc(hidden)]
    pub async fn create_schema_of_release(url: &str, version: i64) -> Result<(), StoreError> {
        let pool = Pool::connect(url).await?;
        let result = migrate::migrate(&pool, version).await;
        pool.close().await;
        result
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.pool.backend()
    }

    /// The schema version of the database (the highest migration applied).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        migrate::schema_version(&self.pool).await
    }

    /// Whether the database answers (`SELECT 1`), for health checks.
    pub async fn ping(&self) -> Result<(), StoreError> {
        pool::with_pool!(&self.pool, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Connections of the pool: (open, idle), for metrics.
    pub fn pool_use(&self) -> (u32, usize) {
        pool::with_pool!(&self.pool, |pool| (pool.size(), pool.num_idle()))
    }

    /// Closes every connection; waits for those in use to be returned. Later calls fail.
    ///
    /// A program that wrote and then exits should call [`Store::checkpoint_and_close`] instead.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Makes the database file complete by itself. On SQLite, what the write-ahead log holds
    /// (`junheng.db-wal`) is copied into the database file and the log emptied (`PRAGMA
    /// wal_checkpoint(TRUNCATE)`), so that copying `junheng.db` alone copies every write; on
    /// PostgreSQL it does nothing.
    ///
    /// Returns `false` when the checkpoint could not finish because another process (a running
    /// server) was using the database: what remains in the log is durable there, and that
    /// process checkpoints it in turn.
    pub async fn checkpoint(&self) -> Result<bool, StoreError> {
        Ok(!self.pool.checkpoint().await?)
    }

    /// [`Store::checkpoint`], then [`Store::close`]: how a command that wrote ends, whether it
    /// succeeded or not. The store is closed even when the checkpoint fails (that error is
    /// returned).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), junheng_store::StoreError> {
    /// let store = junheng_store::Store::open("sqlite://junheng.db").await?;
    /// store.only_district().await?; // created as 本区县 000000
    /// store.checkpoint_and_close().await?; // junheng.db now holds the district by itself
    /// # Ok(()) }
    /// ```
    pub async fn checkpoint_and_close(&self) -> Result<(), StoreError> {
        let checkpoint = self.pool.checkpoint().await;
        self.pool.close().await;
        checkpoint.map(|_busy| ())
    }
}
