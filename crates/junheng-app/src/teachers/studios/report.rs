//! The studios of a school year, as a caller sees them: each studio with its figures and
//! people, and the district's figures (the district's users only).

use std::collections::HashMap;

use junheng_core::school::{SchoolCode, UrbanRural};
use junheng_rotation::{BackboneLevel, Teacher, TeacherId};
use junheng_store::teachers::studios::StudioFile;
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::studios::{District, Output, Studio, StudioFigures, reach};
use serde::Serialize;

use crate::pairings::Reach;

/// What the year's figures are read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Year {
    /// 学年 (2024 = 2024–2025).
    pub year: i32,
    /// The year has a roster (else 骨干, schools and new teachers are 未接入).
    pub has_roster: bool,
    /// The year has statistics (else 城乡 and the schools are 未接入).
    pub has_statistics: bool,
    /// Every school of the year's statistics with its name and 城乡分类.
    #[serde(skip)]
    pub schools: Vec<(SchoolCode, String, Option<UrbanRural>)>,
    /// The year's roster.
    #[serde(skip)]
    pub roster: Vec<Teacher>,
}

impl Year {
    /// The year asked, else the newest year with a roster, else with statistics, else the school
    /// year of today; with its roster and statistics.
    pub async fn read(store: &DistrictStore, year: Option<i32>) -> Result<Year, StoreError> {
        let year = match year {
            Some(y) => y,
            None => match store.roster_years().await?.first() {
                Some(r) => r.year,
                None => match store.years().await?.iter().map(|y| y.year).max() {
                    Some(y) => y,
                    None => this_school_year(),
                },
            },
        };
        let roster = store.roster(year).await?;
        let has_statistics = store.years().await?.iter().any(|y| y.year == year);
        let schools = if has_statistics {
            store
                .statistics(year, None)
                .await?
                .into_iter()
                .map(|s| (s.code, s.name, s.urban_rural))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Year {
            year,
            has_roster: !roster.is_empty(),
            has_statistics,
            schools,
            roster,
        })
    }

    /// A school's name (its code when not in the year's statistics).
    pub fn name(&self, code: &SchoolCode) -> String {
        self.schools
            .iter()
            .find(|(c, _, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, n, _)| n.clone())
    }

    /// Whether a school is 乡村 in the year's statistics.
    pub fn rural(&self, code: &SchoolCode) -> bool {
        self.schools
            .iter()
            .any(|(c, _, u)| c == code && *u == Some(UrbanRural::Rural))
    }

    /// The engine's list of schools.
    pub fn classified(&self) -> Vec<(SchoolCode, Option<UrbanRural>)> {
        self.schools
            .iter()
            .map(|(c, _, u)| (c.clone(), *u))
            .collect()
    }
}

/// The school year of today (Beijing time).
pub fn this_school_year() -> i32 {
    let today = junheng_store::beijing_time(std::time::SystemTime::now());
    let day = today.get(..10).unwrap_or_default();
    junheng_core::pairing::school_year_of(day)
        .or_else(|| day.get(..4).and_then(|y| y.parse().ok()))
        .unwrap_or(2000)
}

/// One person of a studio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// 教师编号.
    pub id: TeacherId,
    /// The host (主持人), else a member.
    pub host: bool,
    /// School on the year's roster (`None`: not on it).
    pub school: Option<SchoolCode>,
    /// Its name.
    pub school_name: String,
    /// 骨干级别 on the roster.
    pub backbone: Option<BackboneLevel>,
    /// At a 乡村 school.
    pub rural: bool,
}

/// One studio with its figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudioView {
    /// Its position in the current 名册 (its number in URLs and the command line).
    pub index: usize,
    /// The studio.
    pub studio: Studio,
    /// Its figures in the year.
    pub figures: StudioFigures,
    /// Host and members.
    pub people: Vec<Person>,
    /// Its outputs of every year.
    pub outputs: Vec<Output>,
}

/// The studios of a year as a caller sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudiosReport {
    /// The year and what it is read from.
    pub year: Year,
    /// The current 工作室名册.
    pub studios_file: Option<StudioFile>,
    /// The current 工作室成果.
    pub outputs_file: Option<StudioFile>,
    /// The studios the caller sees, in file order.
    pub studios: Vec<StudioView>,
    /// The district's figures: for callers who see every school.
    pub district: Option<District>,
}

/// The studios of `year` (see [`Year::read`]) that `sees` reaches: every studio for the
/// district, those with a host or member (or the host school) of a reached school for others.
pub async fn report(
    store: &DistrictStore,
    sees: &Reach,
    year: Option<i32>,
) -> Result<StudiosReport, StoreError> {
    let year = Year::read(store, year).await?;
    let (studios_file, studios) = match store.studios().await? {
        Some((f, s)) => (Some(f), s),
        None => (None, Vec::new()),
    };
    let (outputs_file, outputs) = match store.studio_outputs().await? {
        Some((f, o)) => (Some(f), o),
        None => (None, Vec::new()),
    };
    let r = reach(
        year.year,
        &studios,
        &outputs,
        &year.roster,
        &year.classified(),
    );
    let by_id: HashMap<&TeacherId, &Teacher> = year.roster.iter().map(|t| (&t.id, t)).collect();
    let mut views = Vec::new();
    for (index, (studio, figures)) in studios.iter().zip(r.studios).enumerate() {
        let visible = sees.all()
            || sees.school(&studio.host_school)
            || figures.schools.iter().any(|c| sees.school(c));
        if !visible {
            continue;
        }
        let people = studio
            .people()
            .into_iter()
            .map(|id| {
                let t = by_id.get(id);
                let school = t.map(|t| t.school.clone());
                Person {
                    id: id.clone(),
                    host: *id == studio.host,
                    school_name: school
                        .as_ref()
                        .map_or_else(|| "不在花名册".into(), |c| year.name(c)),
                    rural: school.as_ref().is_some_and(|c| year.rural(c)),
                    school,
                    backbone: t.map(|t| t.backbone),
                }
            })
            .collect();
        views.push(StudioView {
            index,
            studio: studio.clone(),
            figures,
            people,
            outputs: outputs
                .iter()
                .filter(|o| o.studio == studio.name)
                .cloned()
                .collect(),
        });
    }
    Ok(StudiosReport {
        district: sees.all().then_some(r.district),
        year,
        studios_file,
        outputs_file,
        studios: views,
    })
}
