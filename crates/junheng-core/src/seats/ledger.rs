//! 一校一案: what a building project of the ledger is — its kind (新建, 改扩建, 挖潜扩容, 改造)
//! and its status (规划, 在建, 完成) — the rule a status puts on its dates, and the execution
//! rate of its money (spent over planned, the reports' "执行率 73 %").
//!
//! ```
//! use junheng_core::seats::ledger::{ProjectKind, ProjectStatus, execution_rate, status_problem};
//! assert_eq!(ProjectKind::parse("挖潜扩容"), Some(ProjectKind::Expansion));
//! assert!(status_problem(ProjectStatus::Done, Some("2023-03-01"), None, Some(2024)).is_some());
//! assert_eq!(execution_rate(304_000_000, 222_000_000).map(|r| (r * 100.0).round()), Some(73.0));
//! ```

use serde::Serialize;

/// What a project builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectKind {
    /// 新建: a new school (its code the one it will have in the statistics).
    NewSchool,
    /// 改扩建: an extension of a school.
    Extension,
    /// 挖潜扩容: more seats from what a school has (rooms converted, grounds reorganised).
    Expansion,
    /// 改造: a renovation (薄弱学校改造 …).
    Renovation,
}

impl ProjectKind {
    /// Every kind, in the order pages list them.
    pub const ALL: [ProjectKind; 4] = [
        ProjectKind::NewSchool,
        ProjectKind::Extension,
        ProjectKind::Expansion,
        ProjectKind::Renovation,
    ];

    /// The stable identifier (stored, in URLs and the API).
    pub const fn id(self) -> &'static str {
        match self {
            ProjectKind::NewSchool => "new_school",
            ProjectKind::Extension => "extension",
            ProjectKind::Expansion => "expansion",
            ProjectKind::Renovation => "renovation",
        }
    }

    /// The Chinese term.
    pub const fn label(self) -> &'static str {
        match self {
            ProjectKind::NewSchool => "新建",
            ProjectKind::Extension => "改扩建",
            ProjectKind::Expansion => "挖潜扩容",
            ProjectKind::Renovation => "改造",
        }
    }

    /// A kind from its identifier or its Chinese term.
    pub fn parse(text: &str) -> Option<ProjectKind> {
        let text = text.trim();
        ProjectKind::ALL
            .into_iter()
            .find(|k| k.id() == text || k.label() == text)
    }
}

/// Where a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// 规划: listed, not started (the planner's candidates).
    Planned,
    /// 在建: started (a start date).
    Building,
    /// 完成: finished (a completion date and the school year its seats open).
    Done,
}

impl ProjectStatus {
    /// Every status, in order.
    pub const ALL: [ProjectStatus; 3] = [
        ProjectStatus::Planned,
        ProjectStatus::Building,
        ProjectStatus::Done,
    ];

    /// The stable identifier.
    pub const fn id(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::Building => "building",
            ProjectStatus::Done => "done",
        }
    }

    /// The Chinese term.
    pub const fn label(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "规划",
            ProjectStatus::Building => "在建",
            ProjectStatus::Done => "完成",
        }
    }

    /// A status from its identifier or its Chinese term (also 规划中, 已完成, 竣工).
    pub fn parse(text: &str) -> Option<ProjectStatus> {
        let text = text.trim();
        match text {
            "规划中" | "拟建" => Some(ProjectStatus::Planned),
            "建设中" => Some(ProjectStatus::Building),
            "已完成" | "竣工" | "已竣工" => Some(ProjectStatus::Done),
            _ => ProjectStatus::ALL
                .into_iter()
                .find(|s| s.id() == text || s.label() == text),
        }
    }
}

/// What a status asks of a project's dates, in Chinese, or `None` when they fit: 在建 and 完成
/// need a start date, 完成 a completion date (not before the start) and the school year its
/// seats open; a 规划 project has no completion date. Dates are `YYYY-MM-DD` (compared as text).
pub fn status_problem(
    status: ProjectStatus,
    started_on: Option<&str>,
    completed_on: Option<&str>,
    year_opened: Option<i32>,
) -> Option<&'static str> {
    match status {
        ProjectStatus::Planned if completed_on.is_some() => {
            Some("规划中的项目不应有竣工日期；已完成的项目请把状态改为「完成」")
        }
        ProjectStatus::Planned => None,
        ProjectStatus::Building if started_on.is_none() => Some("在建项目须填写开工日期"),
        ProjectStatus::Building if completed_on.is_some() => {
            Some("在建项目不应有竣工日期；已竣工的项目请把状态改为「完成」")
        }
        ProjectStatus::Building => None,
        ProjectStatus::Done => match (started_on, completed_on, year_opened) {
            (None, _, _) => Some("已完成的项目须填写开工日期"),
            (_, None, _) => Some("已完成的项目须填写竣工日期"),
            (_, _, None) => Some("已完成的项目须填写投入使用学年（新增学位从哪个学年起可用）"),
            (Some(s), Some(c), _) if c < s => Some("竣工日期不能早于开工日期"),
            _ => None,
        },
    }
}

/// Money spent over money planned (`None` when nothing was planned).
pub fn execution_rate(planned: i64, spent: i64) -> Option<f64> {
    (planned > 0).then(|| spent as f64 / planned as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_read_their_ids_and_terms() {
        for k in ProjectKind::ALL {
            assert_eq!(ProjectKind::parse(k.id()), Some(k));
            assert_eq!(ProjectKind::parse(k.label()), Some(k));
        }
        for s in ProjectStatus::ALL {
            assert_eq!(ProjectStatus::parse(s.id()), Some(s));
            assert_eq!(ProjectStatus::parse(&format!(" {} ", s.label())), Some(s));
        }
        assert_eq!(ProjectStatus::parse("已竣工"), Some(ProjectStatus::Done));
        assert_eq!(ProjectKind::parse("扩建"), None);
    }

    #[test]
    fn statuses_ask_for_their_dates() {
        use ProjectStatus::*;
        assert_eq!(status_problem(Planned, None, None, None), None);
        assert_eq!(
            status_problem(Planned, Some("2024-03-01"), None, Some(2025)),
            None
        );
        assert!(status_problem(Planned, None, Some("2024-08-01"), None).is_some());
        assert!(status_problem(Building, None, None, None).is_some());
        assert_eq!(
            status_problem(Building, Some("2024-03-01"), None, None),
            None
        );
        assert!(status_problem(Done, Some("2024-03-01"), None, Some(2024)).is_some());
        assert!(status_problem(Done, Some("2024-03-01"), Some("2024-08-01"), None).is_some());
        assert!(status_problem(Done, Some("2024-03-01"), Some("2023-08-01"), Some(2024)).is_some());
        assert_eq!(
            status_problem(Done, Some("2024-03-01"), Some("2024-08-01"), Some(2024)),
            None
        );
    }

    #[test]
    fn execution_is_spent_over_planned() {
        assert_eq!(execution_rate(0, 10), None);
        assert_eq!(execution_rate(200, 50), Some(0.25));
    }
}
