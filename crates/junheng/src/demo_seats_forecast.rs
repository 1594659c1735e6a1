//! The demo's 学位预测 inputs, made deterministically from the demo records: each 学区's
//! 街道/乡镇 (街道 in the city, 镇 elsewhere) with twelve years of 常住 and 户籍 births, one
//! city 街道 split 80/20 between its 学区 and the next, five school years of enrolment per
//! school whose latest year sums to the statistics' pupils of each 学段, and each school's
//! 核定班数 with a quarter of room to spare.
//!
//! One 学区 — the first city 学区 — is heading for a shortage: new housing lifts its births by
//! 8 % a year over the last six years, and its schools were approved only 12 % more classes
//! than their pupils need now, so its 小学 demand crosses its seats around 2028–2030.

use std::collections::BTreeMap;

use junheng_core::demo::Rng;
use junheng_core::school::{SchoolRecord, UrbanRural};
use junheng_core::seats::forecast::BirthSeries;
use junheng_store::seats::forecast::{AreaZone, Birth, Capacity, Enrolment};
use junheng_store::{Actor, DistrictStore};

use crate::Failure;
use crate::platform::store_error;

/// Years of births imported (up to the latest school year).
const BIRTH_YEARS: i32 = 12;
/// School years of enrolment.
const ENROLMENT_YEARS: i32 = 5;
/// First-graders per birth six years before.
const ENTRY: f64 = 0.95;
/// Yearly rise of the shortage 学区's births over its last six years.
const RISE: f64 = 0.08;
/// Room approved beyond today's pupils: most schools, the shortage 学区's.
const ROOM: [f64; 2] = [1.25, 1.12];

/// A 学区 of the demo: its area, whether it is in the city, and its schools of the latest year.
struct Zone<'a> {
    area: String,
    urban: bool,
    schools: Vec<&'a SchoolRecord>,
}

/// What the demo wrote: the 学区 heading for a shortage.
pub(crate) struct Seeded {
    pub short_zone: String,
}

/// Seeds the forecast's four inputs; `None` when the records have no 学区.
pub(crate) async fn seed(
    store: &DistrictStore,
    records: &[SchoolRecord],
    seed: u64,
    actor: &Actor,
) -> Result<Option<Seeded>, Failure> {
    let Some(latest) = records.iter().map(|r| r.year).max() else {
        return Ok(None);
    };
    let mut zones: BTreeMap<String, Zone<'_>> = BTreeMap::new();
    for r in records.iter().filter(|r| r.year == latest) {
        let Some(z) = r.zone.as_deref() else { continue };
        let urban = r.urban_rural == Some(UrbanRural::Urban);
        let town = z.trim_end_matches("学区");
        let zone = zones.entry(z.to_owned()).or_insert_with(|| Zone {
            area: format!("{town}{}", if urban { "街道" } else { "镇" }),
            urban,
            schools: Vec::new(),
        });
        zone.schools.push(r);
    }
    let city: Vec<&String> = zones
        .iter()
        .filter(|(_, z)| z.urban)
        .map(|(n, _)| n)
        .collect();
    let (Some(&short), Some(&neighbour)) = (city.first(), city.get(1)) else {
        return Ok(None);
    };
    let (short, neighbour) = (short.clone(), neighbour.clone());
    let mut rng = Rng::new(seed ^ 0x5eed_f0ca);
    // Births per area, from six years before the oldest grade 9 to the latest year.
    let first_birth = latest - ENROLMENT_YEARS - 15;
    let mut area_births: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for (name, z) in &zones {
        let primary: u32 = z.schools.iter().map(|r| r.primary.students).sum();
        let base = (f64::from(primary) / 6.0 / ENTRY).max(20.0);
        let series = (first_birth..=latest)
            .map(|y| {
                let back = f64::from(latest - y);
                let trend = if *name == short && y > latest - 6 {
                    (1.0 + RISE).powi(y - (latest - 6))
                } else {
                    // Births were a little higher in the past: −2 % a year.
                    1.02f64.powf(back - 8.0)
                };
                (y, base * trend * rng.range(0.97, 1.03))
            })
            .collect();
        area_births.insert(z.area.clone(), series);
    }
    // The map: every area to its 学区; the short 学区's area 80/20 with its neighbour.
    let mut map: Vec<AreaZone> = zones
        .iter()
        .map(|(name, z)| AreaZone {
            area: z.area.clone(),
            zone: name.clone(),
            share: if *name == short { 0.8 } else { 1.0 },
        })
        .collect();
    map.push(AreaZone {
        area: zones[&short].area.clone(),
        zone: neighbour.clone(),
        share: 0.2,
    });
    // Births of each 学区 as the map makes them: its schools' cohorts follow them.
    let mut zone_births: BTreeMap<&str, BTreeMap<i32, f64>> = BTreeMap::new();
    for m in &map {
        for (&y, &b) in &area_births[&m.area] {
            *zone_births
                .entry(m.zone.as_str())
                .or_default()
                .entry(y)
                .or_default() += b * m.share;
        }
    }
    let years = latest - ENROLMENT_YEARS + 1..=latest;
    let mut enrolment = Vec::new();
    let mut capacity = Vec::new();
    for (name, z) in &zones {
        let births = &zone_births[name.as_str()];
        let room = ROOM[usize::from(*name == short)];
        for r in &z.schools {
            // Grades of each year from the births 6 + g − 1 years before, scaled so that the
            // latest year's 学段 total is the statistics' pupils.
            let raw =
                |year: i32, grade: i32| births.get(&(year - 5 - grade)).copied().unwrap_or(0.0);
            let migrant_rate = if z.urban { 0.09 } else { 0.03 };
            for (section, grades, pupils) in [
                (0, 1..=6, r.primary.students),
                (1, 7..=9, r.junior.students),
            ] {
                if pupils == 0 {
                    continue;
                }
                let now: f64 = grades.clone().map(|g| raw(latest, g)).sum();
                let scale = f64::from(pupils) / now.max(1.0);
                for year in years.clone() {
                    // Moves in and out: a few percent either way; the latest year as counted.
                    let counts_of = |g| {
                        let noise = if year == latest {
                            1.0
                        } else {
                            rng.range(0.97, 1.03)
                        };
                        (raw(year, g) * scale * noise).round() as u32
                    };
                    let mut counts: Vec<u32> = grades.clone().map(counts_of).collect();
                    if year == latest {
                        // Rounding: the largest grade takes the difference.
                        let sum: u32 = counts.iter().sum();
                        let big = (0..counts.len()).max_by_key(|&i| counts[i]).unwrap_or(0);
                        counts[big] = (counts[big] + pupils).saturating_sub(sum);
                    }
                    for (g, n) in grades.clone().zip(counts) {
                        enrolment.push(Enrolment {
                            year,
                            school: r.code.clone(),
                            grade: g as u8,
                            pupils: n,
                            migrant: (f64::from(n) * migrant_rate).round() as u32,
                        });
                    }
                }
                let limit = [45.0, 50.0][section];
                let classes = (f64::from(pupils) * room / limit).ceil() as u32;
                let row = capacity
                    .iter_mut()
                    .find(|c: &&mut Capacity| c.school == r.code);
                let row = match row {
                    Some(row) => row,
                    None => {
                        capacity.push(Capacity {
                            year: latest,
                            school: r.code.clone(),
                            primary_classes: None,
                            junior_classes: None,
                            primary_seats: None,
                            junior_seats: None,
                            classrooms: None,
                        });
                        capacity.last_mut().expect("just pushed")
                    }
                };
                if section == 0 {
                    row.primary_classes = Some(classes);
                } else {
                    row.junior_classes = Some(classes);
                }
                row.classrooms = Some(row.classrooms.unwrap_or(0) + classes + 1);
            }
        }
    }
    let mut births = Vec::new();
    for (area, series) in &area_births {
        let urban = zones.values().any(|z| &z.area == area && z.urban);
        for (&year, &b) in series.range(latest - BIRTH_YEARS + 1..) {
            births.push(Birth {
                area: area.clone(),
                series: BirthSeries::Resident,
                year,
                births: b.round() as u32,
            });
            // Fewer registered births in the city, where more parents came from elsewhere.
            births.push(Birth {
                area: area.clone(),
                series: BirthSeries::Hukou,
                year,
                births: (b * if urban { 0.85 } else { 0.97 }).round() as u32,
            });
        }
    }
    store
        .replace_births(&births, actor)
        .await
        .map_err(store_error)?;
    store
        .replace_area_zones(&map, actor)
        .await
        .map_err(store_error)?;
    store
        .replace_enrolment(&enrolment, actor)
        .await
        .map_err(store_error)?;
    store
        .replace_capacity(&capacity, actor)
        .await
        .map_err(store_error)?;
    Ok(Some(Seeded { short_zone: short }))
}
