//! The education groups (教育集团) of a demo district, as the bureau records them: a type and a
//! lead school (牵头校) each.

use crate::school::{SchoolCode, SchoolRecord};

/// The types a demo group takes, in turn (the vocabulary the source reports use).
const GROUP_KINDS: [&str; 4] = ["紧密型", "联盟型", "领办型", "融合型"];

/// An education group (教育集团) of a demo district, as the bureau records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoGroup {
    /// 集团名称, as the records' 教育集团 column writes it.
    pub name: String,
    /// 集团类型.
    pub kind: &'static str,
    /// 牵头校: the town's 中心小学.
    pub lead: SchoolCode,
    /// Member schools, the lead first.
    pub members: Vec<SchoolCode>,
    /// 成立日期, `YYYY-MM-DD`: the groups were founded in turn, one a year from 2013.
    pub founded_on: String,
    /// Whether it is a 培育集团 (still being built up): the third and every fourth group.
    pub cultivating: bool,
    /// Whether it is one legal person with several campuses (紧密型 groups).
    pub single_legal_person: bool,
}

/// The education groups of demo `records` (one school year, or several: a school is counted
/// once), in order of first appearance: each led by its first member, the types taken in turn.
///
/// ```
/// use junheng_core::demo::{DemoSpec, generate, groups};
/// let records = generate(&DemoSpec { schools: 160, seed: 2024, year: 2024 });
/// let groups = groups(&records);
/// assert!(groups.len() >= 2 && groups.iter().all(|g| g.members.len() >= 2));
/// ```
pub fn groups(records: &[SchoolRecord]) -> Vec<DemoGroup> {
    let mut out: Vec<DemoGroup> = Vec::new();
    for r in records {
        let Some(name) = &r.group else { continue };
        match out.iter_mut().find(|g| &g.name == name) {
            Some(g) if !g.members.contains(&r.code) => g.members.push(r.code.clone()),
            Some(_) => {}
            None => {
                let n = out.len();
                out.push(DemoGroup {
                    name: name.clone(),
                    kind: GROUP_KINDS[n % GROUP_KINDS.len()],
                    lead: r.code.clone(),
                    members: vec![r.code.clone()],
                    founded_on: format!("{}-0{}-01", 2013 + n % 7, 3 + n % 7),
                    cultivating: n % 4 == 3 || n == 2,
                    single_legal_person: n.is_multiple_of(GROUP_KINDS.len()),
                })
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoSpec, generate, generate_years};

    #[test]
    fn groups_have_several_members_a_type_and_a_lead() {
        let records = generate(&DemoSpec {
            schools: 160,
            seed: 2024,
            year: 2024,
        });
        let groups = groups(&records);
        assert!(groups.len() >= 4, "{groups:?}");
        let mut kinds: Vec<&str> = groups.iter().map(|g| g.kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), GROUP_KINDS.len(), "every type appears");
        assert!(groups.iter().any(|g| g.cultivating) && groups.iter().any(|g| !g.cultivating));
        assert!(groups.iter().all(|g| g.founded_on.as_str() < "2020"));
        for g in &groups {
            assert!(g.members.len() >= 2, "{g:?}");
            assert_eq!(g.members[0], g.lead);
            let lead = records.iter().find(|r| r.code == g.lead).unwrap();
            assert!(lead.name.ends_with("中心小学"), "{}", lead.name);
            let members: Vec<&SchoolRecord> = records
                .iter()
                .filter(|r| r.group.as_deref() == Some(g.name.as_str()))
                .collect();
            assert_eq!(members.len(), g.members.len());
            assert!(
                members
                    .iter()
                    .any(|r| r.kind.has(crate::school::Section::Junior)),
                "{} spans both sections",
                g.name
            );
        }
        // The same groups over several years: each school once.
        let years = generate_years(
            &DemoSpec {
                schools: 160,
                seed: 2024,
                year: 2024,
            },
            3,
        );
        assert_eq!(super::groups(&years), groups);
    }
}
