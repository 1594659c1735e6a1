//! A read file against the district: its schools are schools of the statistics (some stored
//! year), its teachers are on a stored roster (when the district has any), an output's studio is
//! in the current 工作室名册.

use std::collections::HashSet;

use junheng_core::school::SchoolCode;
use junheng_io::teachers::mentors::codes as mentor_codes;
use junheng_io::teachers::mentors::columns as mc;
use junheng_io::teachers::studios::{Issue, Origin, codes, columns as sc, output_codes};
use junheng_rotation::TeacherId;
use junheng_store::{DistrictStore, StoreError};

use super::Upload;
use crate::pairings::known_schools;

/// Every 教师编号 of every stored roster; `None` when the district has no roster (then
/// teachers are not checked: the roster is 未接入).
pub(crate) async fn known_teachers(
    store: &DistrictStore,
) -> Result<Option<HashSet<TeacherId>>, StoreError> {
    let years = store.roster_years().await?;
    if years.is_empty() {
        return Ok(None);
    }
    let mut ids = HashSet::new();
    for y in years {
        ids.extend(store.roster(y.year).await?.into_iter().map(|t| t.id));
    }
    Ok(Some(ids))
}

struct Known {
    schools: HashSet<SchoolCode>,
    teachers: Option<HashSet<TeacherId>>,
}

impl Known {
    fn school(
        &self,
        origin: &Origin,
        code: &'static str,
        row: usize,
        col: &str,
        s: &SchoolCode,
    ) -> Option<Issue> {
        (!self.schools.contains(s)).then(|| {
            origin.issue(
                code,
                row,
                col,
                Some(s.to_string()),
                format!(
                    "学校标识码 {s} 不在本区县的学校统计数据中；请检查代码，或先导入该校的统计数据"
                ),
            )
        })
    }

    fn teacher(
        &self,
        origin: &Origin,
        code: &'static str,
        row: usize,
        col: &str,
        t: &TeacherId,
    ) -> Option<Issue> {
        let known = self.teachers.as_ref()?;
        (!known.contains(t)).then(|| {
            origin.issue(
                code,
                row,
                col,
                Some(t.to_string()),
                format!(
                    "教师编号 {t} 不在本区县任何学年的教师花名册中；请检查编号，或先导入花名册"
                ),
            )
        })
    }
}

/// The problems of `upload` against the district, in row order.
pub(super) async fn against_district(
    store: &DistrictStore,
    upload: &Upload,
) -> Result<Vec<Issue>, StoreError> {
    let known = Known {
        schools: known_schools(store).await?,
        teachers: known_teachers(store).await?,
    };
    let mut issues = Vec::new();
    match upload {
        Upload::Studios(f) => {
            let o = &f.origin;
            for (s, row) in f.studios.iter().zip(&f.rows) {
                issues.extend(known.school(
                    o,
                    codes::UNKNOWN,
                    *row,
                    sc::HOST_SCHOOL,
                    &s.host_school,
                ));
                issues.extend(known.teacher(o, codes::UNKNOWN, *row, sc::HOST, &s.host));
                for m in &s.members {
                    issues.extend(known.teacher(o, codes::UNKNOWN, *row, sc::MEMBERS, m));
                }
            }
        }
        Upload::Outputs(f) => {
            let o = &f.origin;
            let studios: HashSet<String> = store
                .studios()
                .await?
                .map(|(_, s)| s.into_iter().map(|s| s.name).collect())
                .unwrap_or_default();
            for (out, row) in f.outputs.iter().zip(&f.rows) {
                if !studios.contains(&out.studio) {
                    issues.push(o.issue(
                        output_codes::UNKNOWN,
                        *row,
                        sc::STUDIO,
                        Some(out.studio.clone()),
                        "不是当前工作室名册中的工作室；请先导入工作室名册，或检查名称".into(),
                    ));
                }
                for s in &out.schools {
                    issues.extend(known.school(o, output_codes::UNKNOWN, *row, sc::SCHOOLS, s));
                }
            }
        }
        Upload::Mentors(f) => {
            let o = &f.origin;
            let c = mentor_codes::UNKNOWN;
            for (p, row) in f.pairs.iter().zip(&f.rows) {
                issues.extend(known.school(o, c, *row, mc::MENTOR_SCHOOL, &p.mentor_school));
                issues.extend(known.school(o, c, *row, mc::MENTEE_SCHOOL, &p.mentee_school));
                issues.extend(known.teacher(o, c, *row, mc::MENTOR, &p.mentor));
                issues.extend(known.teacher(o, c, *row, mc::MENTEE, &p.mentee));
            }
        }
    }
    Ok(issues)
}
