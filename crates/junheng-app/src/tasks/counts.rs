//! How many of a district's tasks are still open, and how many of those are overdue: what the
//! 创建路径 page and the city's comparison show of a district's 整改.

use junheng_store::{DistrictStore, StoreError, Task, TaskFilter};
use serde::Serialize;

/// A district's open and overdue tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TaskCounts {
    /// Tasks neither done nor cancelled.
    pub open: usize,
    /// Open tasks whose deadline is before today (Beijing date).
    pub overdue: usize,
}

impl TaskCounts {
    /// The counts of `tasks` on `today` (`YYYY-MM-DD`).
    pub fn of(tasks: &[Task], today: &str) -> Self {
        TaskCounts {
            open: tasks.iter().filter(|t| !t.status.is_final()).count(),
            overdue: tasks.iter().filter(|t| t.is_overdue(today)).count(),
        }
    }
}

/// The counts of every task of the district on `today` (`YYYY-MM-DD`, usually
/// [`super::beijing_today`]): one read of the district's tasks.
pub async fn counts(store: &DistrictStore, today: &str) -> Result<TaskCounts, StoreError> {
    let tasks = store.tasks(&TaskFilter::default()).await?;
    Ok(TaskCounts::of(&tasks, today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_store::{OwnerKind, TaskOwner, TaskStatus};

    fn task(id: i64, deadline: &str, status: TaskStatus) -> Task {
        Task {
            id,
            title: "补足骨干教师".into(),
            detail: String::new(),
            owner: TaskOwner::new(OwnerKind::School, "5001120001").unwrap(),
            deadline: deadline.into(),
            status,
            source: None,
            created_by: "dux".into(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn only_open_tasks_past_their_deadline_are_overdue() {
        let tasks = [
            task(1, "2026-03-01", TaskStatus::InProgress),
            task(2, "2026-03-02", TaskStatus::Open),
            task(3, "2026-02-01", TaskStatus::Done),
            task(4, "2026-01-01", TaskStatus::Cancelled),
            task(5, "2026-04-01", TaskStatus::Submitted),
        ];
        assert_eq!(
            TaskCounts::of(&tasks, "2026-03-02"),
            TaskCounts {
                open: 3,
                overdue: 1
            }
        );
        assert_eq!(TaskCounts::of(&[], "2026-03-02"), TaskCounts::default());
    }
}
