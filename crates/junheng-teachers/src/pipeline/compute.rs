//! The pipeline of a year from the rosters, titles and places.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use junheng_core::school::SchoolCode;
use junheng_core::urban::UrbanRuralCategory;
use junheng_rotation::{Teacher, TeacherId};

use super::{
    AreaLine, Flows, HonourTitle, PipelineSettings, Places, SchoolLine, Stage, Tally, ThinSpot,
    YearPipeline, stage_in,
};

/// One teacher in one year, as the pipeline sees them.
struct Seen<'a> {
    school: &'a SchoolCode,
    subject: &'a str,
    stage: Option<Stage>,
}

fn backbone(stage: Option<Stage>) -> bool {
    stage.is_some_and(Stage::is_backbone)
}

/// Each teacher of a roster once (the first row of their id), with their stage.
fn year_of<'a>(
    roster: &'a [Teacher],
    titles: &HashMap<&TeacherId, Vec<&HonourTitle>>,
    year: i32,
) -> BTreeMap<&'a TeacherId, Seen<'a>> {
    let mut out = BTreeMap::new();
    for t in roster {
        out.entry(&t.id).or_insert_with(|| Seen {
            school: &t.school,
            subject: &t.subject,
            stage: stage_in(
                t.backbone,
                titles.get(&t.id).map_or(&[][..], Vec::as_slice),
                year,
            ),
        });
    }
    out
}

/// The pipeline of `year` from the rosters by year (`rosters[&year]` must exist to count
/// anything; `rosters[&(year - 1)]` gives the flows), the imported titles, the schools' places
/// and the settings. Schools are those of the year's roster.
///
/// ```
/// use std::collections::BTreeMap;
/// use junheng_rotation::{BackboneLevel, synth::example_teacher};
/// use junheng_teachers::pipeline::{pipeline, PipelineSettings, Places};
/// let mut a = example_teacher(2020, 1990);
/// a.year = 2024;
/// a.backbone = BackboneLevel::District;
/// let rosters = BTreeMap::from([(2024, vec![a])]);
/// let p = pipeline(&rosters, &[], &Places::new(), &PipelineSettings::default(), 2024);
/// assert_eq!((p.district.teachers, p.district.backbone), (1, 1));
/// assert_eq!(p.district.meets_target, Some(true));
/// assert!(p.district.flows.is_none());
/// ```
pub fn pipeline(
    rosters: &BTreeMap<i32, Vec<Teacher>>,
    titles: &[HonourTitle],
    places: &Places,
    settings: &PipelineSettings,
    year: i32,
) -> YearPipeline {
    let mut by_teacher: HashMap<&TeacherId, Vec<&HonourTitle>> = HashMap::new();
    for t in titles {
        by_teacher.entry(&t.teacher).or_default().push(t);
    }
    let now = year_of(
        rosters.get(&year).map_or(&[][..], Vec::as_slice),
        &by_teacher,
        year,
    );
    let before = rosters
        .get(&(year - 1))
        .map(|r| year_of(r, &by_teacher, year - 1));

    let mut schools: BTreeMap<&SchoolCode, Tally> = BTreeMap::new();
    for seen in now.values() {
        let tally = schools.entry(seen.school).or_default();
        tally.teachers += 1;
        if let Some(stage) = seen.stage {
            tally.stages[stage as usize] += 1;
        }
        tally.backbone += u32::from(backbone(seen.stage));
    }
    if let Some(before) = &before {
        for tally in schools.values_mut() {
            tally.flows = Some(Flows::default());
        }
        flows(&now, before, &mut schools);
    }

    let area_of = |code: &SchoolCode| {
        places
            .get(code)
            .map_or(UrbanRuralCategory::Unclassified, |p| p.area)
    };
    let name_of = |code: &SchoolCode| {
        places
            .get(code)
            .map_or_else(|| code.as_str().to_owned(), |p| p.name.clone())
    };
    let mut district = Tally {
        flows: before.is_some().then(Flows::default),
        ..Tally::default()
    };
    let mut areas: BTreeMap<UrbanRuralCategory, Tally> = BTreeMap::new();
    let mut lines = Vec::new();
    for (code, mut tally) in schools {
        if before.is_some() {
            tally.flows.get_or_insert_with(Flows::default);
        }
        tally.finish(settings.target_share);
        district.merge(&tally);
        areas.entry(area_of(code)).or_default().merge(&tally);
        lines.push(SchoolLine {
            school: code.clone(),
            name: name_of(code),
            area: area_of(code),
            tally,
        });
    }
    district.finish(settings.target_share);
    let areas = areas
        .into_iter()
        .map(|(area, mut tally)| {
            tally.finish(settings.target_share);
            AreaLine { area, tally }
        })
        .collect();
    YearPipeline {
        year,
        previous: before.is_some().then_some(year - 1),
        thin: thin(&now, settings, |c| area_of(c), |c| name_of(c)),
        schools: lines,
        areas,
        district,
    }
}

/// Adds the flows between the two years to the schools' tallies (a school only in `before`
/// gets a tally of its own losses).
fn flows<'a>(
    now: &BTreeMap<&TeacherId, Seen<'a>>,
    before: &BTreeMap<&TeacherId, Seen<'a>>,
    schools: &mut BTreeMap<&'a SchoolCode, Tally>,
) {
    let mut at = |school: &'a SchoolCode, f: fn(&mut Flows)| {
        f(schools
            .entry(school)
            .or_default()
            .flows
            .get_or_insert_with(Flows::default));
    };
    for (id, n) in now {
        match before.get(id) {
            None if backbone(n.stage) => at(n.school, |f| f.joined += 1),
            None => {}
            Some(b) if b.school != n.school => {
                if backbone(n.stage) {
                    at(n.school, |f| f.rotated_in += 1);
                }
                if backbone(b.stage) {
                    at(b.school, |f| f.rotated_out += 1);
                }
            }
            Some(b) => match (backbone(b.stage), backbone(n.stage)) {
                (false, true) => at(n.school, |f| f.promoted += 1),
                (true, false) => at(n.school, |f| f.demoted += 1),
                (true, true) if n.stage > b.stage => at(n.school, |f| f.raised += 1),
                (true, true) if n.stage < b.stage => at(n.school, |f| f.lowered += 1),
                _ => {}
            },
        }
    }
    for (id, b) in before {
        if !now.contains_key(id) && backbone(b.stage) {
            at(b.school, |f| f.left += 1);
        }
    }
}

/// The schools of the watched buckets without a 骨干 in a (watched) subject they teach.
fn thin(
    now: &BTreeMap<&TeacherId, Seen<'_>>,
    settings: &PipelineSettings,
    area_of: impl Fn(&SchoolCode) -> UrbanRuralCategory,
    name_of: impl Fn(&SchoolCode) -> String,
) -> Vec<ThinSpot> {
    // (school, subject) → (teachers, 骨干)
    let mut taught: BTreeMap<(&SchoolCode, &str), (u32, u32)> = BTreeMap::new();
    let watched: BTreeSet<&str> = settings.thin_subjects.iter().map(String::as_str).collect();
    for seen in now.values() {
        if !settings.thin_areas.contains(&area_of(seen.school))
            || !(watched.is_empty() || watched.contains(seen.subject))
        {
            continue;
        }
        let e = taught.entry((seen.school, seen.subject)).or_default();
        e.0 += 1;
        e.1 += u32::from(backbone(seen.stage));
    }
    taught
        .into_iter()
        .filter(|(_, (_, b))| *b == 0)
        .map(|((school, subject), (teachers, _))| ThinSpot {
            school: school.clone(),
            name: name_of(school),
            subject: subject.to_owned(),
            teachers,
        })
        .collect()
}
