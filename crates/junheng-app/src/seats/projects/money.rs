//! The money of the ledger: planned and spent per budget year and per funding source, with the
//! execution rate (spent over planned; the reports' "改薄资金计划 3.04 亿、已支出 2.22 亿，执行率
//! 73 %"), and the totals of seats and cost.

use std::collections::BTreeMap;

use junheng_core::seats::ledger::execution_rate;
use junheng_store::SeatProject;
use serde::Serialize;

/// Money planned and spent (元), with its execution rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Money {
    /// Planned (元).
    pub planned: i64,
    /// Spent (元).
    pub spent: i64,
    /// Spent over planned (`None` when nothing was planned).
    pub rate: Option<f64>,
}

impl Money {
    fn add(&mut self, planned: i64, spent: i64) {
        self.planned += planned;
        self.spent += spent;
        self.rate = execution_rate(self.planned, self.spent);
    }
}

/// One funding source's projects and money.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funding {
    /// 资金来源 (「未填」 for projects without one).
    pub source: String,
    /// Its projects.
    pub projects: usize,
    /// Their total cost (元).
    pub cost: i64,
    /// Their money over every year.
    pub money: Money,
}

/// The totals of a set of projects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Execution {
    /// How many projects.
    pub projects: usize,
    /// Seats added, all of them.
    pub seats: u64,
    /// Total cost (元).
    pub cost: i64,
    /// Money of every year.
    pub total: Money,
    /// Per budget year, by year.
    pub by_year: Vec<(i32, Money)>,
    /// Per funding source, by source.
    pub by_source: Vec<Funding>,
}

/// The source of a project as the totals group it.
pub const NO_SOURCE: &str = "未填";

/// The totals of `projects`.
///
/// ```
/// use junheng_app::seats::projects::money::execution;
/// let totals = execution(&[]);
/// assert_eq!((totals.projects, totals.cost, totals.total.rate), (0, 0, None));
/// ```
pub fn execution(projects: &[SeatProject]) -> Execution {
    let mut total = Money::default();
    let mut years: BTreeMap<i32, Money> = BTreeMap::new();
    let mut sources: BTreeMap<String, Funding> = BTreeMap::new();
    for p in projects {
        let e = &p.entry;
        let source = if e.funding.is_empty() {
            NO_SOURCE.to_owned()
        } else {
            e.funding.clone()
        };
        let funding = sources.entry(source.clone()).or_insert(Funding {
            source,
            projects: 0,
            cost: 0,
            money: Money::default(),
        });
        funding.projects += 1;
        funding.cost += e.cost;
        for m in &e.money {
            total.add(m.planned, m.spent);
            years.entry(m.year).or_default().add(m.planned, m.spent);
            funding.money.add(m.planned, m.spent);
        }
    }
    Execution {
        projects: projects.len(),
        seats: projects
            .iter()
            .map(|p| u64::from(p.entry.seats_added))
            .sum(),
        cost: projects.iter().map(|p| p.entry.cost).sum(),
        total,
        by_year: years.into_iter().collect(),
        by_source: sources.into_values().collect(),
    }
}
