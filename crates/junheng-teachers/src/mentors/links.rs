//! What the scope of a pair is read from: the groups' dated memberships and the pairings.

use std::collections::HashMap;

use junheng_core::school::SchoolCode;

use super::{Pair, Scope};
use crate::on;

/// The schools' links on any date: memberships of 教育集团 (as the groups registry keeps them: a
/// member from the day it joined until the day it left, that day excluded) and 结对帮扶
/// pairings (from start to end, both days included). Dates are `YYYY-MM-DD`; no end: running.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// (school, group name, joined, left).
    pub memberships: Vec<(SchoolCode, String, String, Option<String>)>,
    /// (helper school, helped schools, start, end).
    pub pairings: Vec<(SchoolCode, Vec<SchoolCode>, String, Option<String>)>,
}

impl Links {
    /// The group of each school on `date`.
    fn groups_on(&self, date: &str) -> HashMap<&SchoolCode, &str> {
        self.memberships
            .iter()
            .filter(|(_, _, from, to)| {
                from.as_str() <= date && to.as_deref().is_none_or(|l| l > date)
            })
            .map(|(s, g, _, _)| (s, g.as_str()))
            .collect()
    }

    /// Whether `a` is a member of a group on `date`.
    pub fn grouped(&self, a: &SchoolCode, date: &str) -> bool {
        self.groups_on(date).contains_key(a)
    }

    /// Whether `a` and `b` are in one group on `date`.
    pub fn same_group(&self, a: &SchoolCode, b: &SchoolCode, date: &str) -> bool {
        let groups = self.groups_on(date);
        matches!((groups.get(a), groups.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// Whether one of `a` and `b` helps the other in a pairing in force on `date`.
    pub fn paired(&self, a: &SchoolCode, b: &SchoolCode, date: &str) -> bool {
        self.pairings.iter().any(|(helper, helped, from, to)| {
            on(date, from, to.as_deref())
                && ((helper == a && helped.contains(b)) || (helper == b && helped.contains(a)))
        })
    }

    /// The scope of a pair, on its start date.
    pub fn scope(&self, pair: &Pair) -> Scope {
        let (a, b, d) = (
            &pair.mentor_school,
            &pair.mentee_school,
            pair.start.as_str(),
        );
        if a == b {
            Scope::School
        } else if self.same_group(a, b, d) {
            Scope::Group
        } else if self.paired(a, b, d) {
            Scope::Pairing
        } else {
            Scope::Cross
        }
    }
}
