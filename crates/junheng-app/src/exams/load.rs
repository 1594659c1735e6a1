//! An exam as the analyses take it: each school's latest file opened and joined, the schools
//! named from the statistics and placed in their 学区 (from the statistics) and 教育集团 (on the
//! exam's day).

use std::collections::HashMap;

use junheng_core::exam::{Exam, SchoolUnit};
use junheng_core::school::SchoolCode;
use junheng_store::{DistrictStore, ExamInfo, StudentKeys};

use super::Refused;
use super::columns::{SchoolPart, join};
use super::import::papers_of;

/// The exam's data, with the stored exam it is.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The stored exam.
    pub info: ExamInfo,
    /// Its data (schools in code order).
    pub exam: Exam,
}

/// Opens and joins the latest file of each school of `exam`.
pub async fn load(store: &DistrictStore, keys: &StudentKeys, exam: i64) -> Result<Loaded, Refused> {
    let info = store.exam(exam).await?;
    let papers = papers_of(&info)?;
    let opened = store.open_exam_files(keys, exam, None).await?;
    let places = places(store, &info.on_date).await?;
    let mut areas: Vec<String> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let index = |names: &mut Vec<String>, name: &Option<String>| {
        name.as_ref()
            .map(|n| match names.iter().position(|m| m == n) {
                Some(i) => i as u32,
                None => {
                    names.push(n.clone());
                    (names.len() - 1) as u32
                }
            })
    };
    let mut parts = Vec::with_capacity(opened.len());
    for file in opened {
        let part = SchoolPart::decode(&file.columns, papers.len()).map_err(|e| {
            Refused::Store(junheng_store::StoreError::Invalid(format!(
                "学校 {} 的成绩：{e}",
                file.school
            )))
        })?;
        let (name, zone, group) = places.get(&file.school).cloned().unwrap_or_default();
        let unit = SchoolUnit {
            code: file.school.as_str().to_owned(),
            name: if name.is_empty() {
                file.school.as_str().to_owned()
            } else {
                name
            },
            area: index(&mut areas, &zone),
            group: index(&mut groups, &group),
            district: 0,
        };
        parts.push((unit, part));
    }
    let mut exam = join(papers, parts);
    let units: Vec<SchoolUnit> = exam.schools().to_vec();
    exam = exam.with_units(areas, groups, vec![String::new()], |code| {
        let u = units
            .iter()
            .find(|u| u.code == code)
            .expect("a school of the exam");
        (u.area, u.group, 0)
    });
    Ok(Loaded { info, exam })
}

/// Each school's name and 学区 (from the latest statistics that list it) and its group on `date`.
async fn places(
    store: &DistrictStore,
    date: &str,
) -> Result<HashMap<SchoolCode, (String, Option<String>, Option<String>)>, Refused> {
    let mut out: HashMap<SchoolCode, (String, Option<String>, Option<String>)> =
        crate::students::rates::school_places(store)
            .await?
            .into_iter()
            .map(|(code, (name, zone))| (code, (name, zone, None)))
            .collect();
    for (school, group) in store.groups_on(date).await? {
        out.entry(school).or_default().2 = Some(group);
    }
    Ok(out)
}
