//! 挂图作战 (issue 19 item 6) on the web: the rectification board, its plans and the 责任清单.
//! What each viewer sees and may do is `junheng_app::board`'s rule, through the tasks' `Who`
//! built once per request; the page, its JSON and its workbook share one selection ([`page`]).
//!
//! | route | what |
//! |---|---|
//! | `GET /board` ([`page::page`]), `GET /api/v1/board`, `GET /board.xlsx` | the board: owners × deadlines, overdue, budgets, plans, parts |
//! | `GET /board/raise?year=` ([`write::preview`]), `POST /board/raise` ([`write::raise`]) | tasks from the 督导评估 gap list: what would be raised, then raised (管理员) |
//! | `POST /board/budgets` ([`write::budget`]) | a task's budget and 资金来源 (管理员) |
//! | `POST /board/plans` ([`write::plan`]), `GET /board/plans/{id}` ([`plan::page`]) | a plan of tasks (一校一策, 一集团一案, 专项) and its progress |
//! | `GET /board/duties` ([`duties::page`]), `POST /board/duties`, `POST /board/duties/{id}/withdraw` | the 责任清单 |

pub(crate) mod duties;
pub(crate) mod page;
pub(crate) mod plan;
pub(crate) mod write;

use junheng_app::board::Counts;
use junheng_store::OwnerKind;

use crate::routes::{Entry, get, post};

pub(crate) fn routes() -> Vec<Entry> {
    use crate::access::Policy::{Admin, Member};
    use crate::routes::Body::Form;
    vec![
        get("/board", Member, page::page),
        get("/api/v1/board", Member, page::json),
        get("/board.xlsx", Member, page::workbook),
        get("/board/raise", Admin, write::preview),
        post("/board/raise", Admin, Form, write::raise),
        post("/board/budgets", Admin, Form, write::budget),
        post("/board/plans", Admin, Form, write::plan),
        get("/board/plans/{id}", Member, plan::page),
        get("/board/duties", Member, duties::page),
        post("/board/duties", Admin, Form, duties::add),
        post("/board/duties/{id}/withdraw", Admin, Form, duties::withdraw),
    ]
}

/// Counts as a page shows them.
pub(crate) struct CountsView {
    pub total: usize,
    pub done: usize,
    pub overdue: usize,
    pub soon: usize,
    /// `37%`, or `—` without tasks.
    pub percent: String,
    /// The width of the progress bar, 0 to 100.
    pub bar: u32,
}

impl From<&Counts> for CountsView {
    fn from(c: &Counts) -> Self {
        CountsView {
            total: c.total,
            done: c.done,
            overdue: c.overdue,
            soon: c.soon,
            percent: c.percent().map_or("—".to_owned(), |p| format!("{p}%")),
            bar: c.percent().unwrap_or(0),
        }
    }
}

/// `1,234,567.89` 元 of an amount in 分.
pub(crate) fn yuan(fen: i64) -> String {
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{grouped}.{:02}", fen % 100)
}

/// The owner kinds a plan or a raise may name, with their catalogue keys.
pub(crate) fn owner_kinds() -> Vec<(&'static str, &'static str)> {
    OwnerKind::ALL
        .into_iter()
        .map(|k| (k.id(), crate::tasks::owner_key(k)))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_are_grouped_yuan() {
        assert_eq!(super::yuan(0), "0.00");
        assert_eq!(super::yuan(123_456_789), "1,234,567.89");
        assert_eq!(super::yuan(100_000), "1,000.00");
    }
}
