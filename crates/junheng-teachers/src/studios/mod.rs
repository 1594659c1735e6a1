//! 名师工作室, 领雁工程项目, 学科工作室, 学科中心组…: the district's studios and projects that
//! carry teachers' growth beyond their school, their members (teachers of any school) and what
//! they deliver each school year (公开课/示范课, 课题, 精品课, trainings, 送教下乡), and the
//! figures a 督导评估 asks of them ([`reach`]): how far they reach into 乡村 schools, studios
//! per 100 teachers, how many members are 骨干 and which schools have no member at all.
//!
//! A studio runs from its start date to its end date (both included); it counts in a school
//! year when that period meets the year (1 September to 31 August) and it is not 已撤销.
//!
//! ```
//! use junheng_teachers::studios::{Level, OutputKind, StudioSettings, Status};
//! assert_eq!(Level::parse("区级"), Some(Level::District));
//! assert_eq!(OutputKind::parse("送教下乡"), Some(OutputKind::Outreach));
//! assert_eq!(Status::parse("已结业"), Some(Status::Finished));
//! assert!(StudioSettings::default().kind_allowed("领雁工程项目"));
//! ```

mod reach;
pub mod synth;
#[cfg(test)]
mod tests;

use junheng_core::school::SchoolCode;
use junheng_rotation::TeacherId;
use serde::Serialize;

use crate::words::words;

pub use reach::{District, Reach, StudioFigures, reach};

/// The level that set the studio up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 区级 (区县).
    District,
    /// 市级.
    City,
}

words!(Level {
    District => "district", "区级" | "区" | "区县级" | "县级";
    City => "city", "市级" | "市" | "市区级";
});

/// Where a studio stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 运行中.
    Active,
    /// 已结业: the period ended with its 结业考核.
    Finished,
    /// 已撤销: dissolved; it counts in no year.
    Revoked,
}

words!(Status {
    Active => "active", "运行中" | "运行" | "在建";
    Finished => "finished", "已结业" | "结业";
    Revoked => "revoked", "已撤销" | "撤销";
});

/// What a studio delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// 公开课/示范课 given.
    Lessons,
    /// 课题 (research projects) led.
    Research,
    /// 精品课 produced.
    Courses,
    /// 培训 given to other teachers.
    Trainings,
    /// 送教下乡 visits.
    Outreach,
}

words!(OutputKind {
    Lessons => "lessons", "公开课/示范课" | "公开课" | "示范课";
    Research => "research", "课题";
    Courses => "courses", "精品课";
    Trainings => "trainings", "培训" | "培训讲座";
    Outreach => "outreach", "送教下乡" | "送教";
});

/// The rules of studios: settings, with their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudioSettings {
    /// The accepted kinds of studio (a vocabulary the bureau keeps). Default: 名师工作室,
    /// 领雁工程项目, 学科工作室, 学科中心组, 农村特色课程工作室, 艺术工作室 — the kinds 荣昌's report
    /// names.
    pub kinds: Vec<String>,
}

/// The default vocabulary of studio kinds.
pub const DEFAULT_KINDS: &[&str] = &[
    "名师工作室",
    "领雁工程项目",
    "学科工作室",
    "学科中心组",
    "农村特色课程工作室",
    "艺术工作室",
];

impl Default for StudioSettings {
    fn default() -> Self {
        StudioSettings {
            kinds: DEFAULT_KINDS.iter().map(|k| (*k).to_owned()).collect(),
        }
    }
}

impl StudioSettings {
    /// Whether `kind` is one of the vocabulary.
    pub fn kind_allowed(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }
}

/// One studio or project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Studio {
    /// 名称, unique in the district.
    pub name: String,
    /// 类型, one of [`StudioSettings::kinds`].
    pub kind: String,
    /// 级别.
    pub level: Level,
    /// 学科 (may be empty: 综合).
    pub subject: String,
    /// 主持人: the host teacher.
    pub host: TeacherId,
    /// 主持人所在学校.
    pub host_school: SchoolCode,
    /// 开始日期, `YYYY-MM-DD`.
    pub start: String,
    /// 结束日期, `YYYY-MM-DD`; `None` while open-ended.
    pub end: Option<String>,
    /// 状态.
    pub status: Status,
    /// 成员 (the host not included), by 教师编号, each once.
    pub members: Vec<TeacherId>,
}

impl Studio {
    /// Whether the studio counts in school year `year`: its period meets the year and it is not
    /// 已撤销.
    pub fn counts_in(&self, year: i32) -> bool {
        self.status != Status::Revoked
            && junheng_core::pairing::in_force(&self.start, self.end.as_deref(), year)
    }

    /// The host and the members, host first, each once.
    pub fn people(&self) -> Vec<&TeacherId> {
        let mut all = vec![&self.host];
        for m in &self.members {
            if !all.contains(&m) {
                all.push(m);
            }
        }
        all
    }
}

/// What a studio delivered of one kind in one school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Output {
    /// The studio's name.
    pub studio: String,
    /// 学年 (2024 = 2024–2025).
    pub year: i32,
    /// 成果类型.
    pub kind: OutputKind,
    /// 数量 (lessons, projects, courses, trainings or visits).
    pub count: u32,
    /// 覆盖学校: the schools the activities reached, each once.
    pub schools: Vec<SchoolCode>,
}
