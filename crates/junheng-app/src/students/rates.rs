//! The rates of a school year computed from the registry and the events, per school and for the
//! district, each with its definition and inputs (`junheng_core::student`'s engines): 初中三年
//! 巩固率 (the 督导 item), 九年巩固率, 入学率, 残疾儿童少年入学率, 随迁子女在公办学校或政府购买学位
//! 就读比例, and 流失率 by grade. A rate whose inputs are missing says which, never a guess.
//!
//! Counts come from each registry file's counts (written once at import) and from the events
//! grouped by school, year, grade and kind — the registry itself is never scanned.

use std::collections::{BTreeMap, HashMap};

use junheng_core::school::SchoolCode;
use junheng_core::student::{
    Cohort, ConsolidationVariant, StudentRate, attrition, disabled_enrolment, enrolment_rate,
    junior_consolidation, migrant_public_share, nine_year_consolidation,
};
use junheng_store::{DistrictStore, EventCount, EventKind, RegistryCounts, StoreError};
use serde::Serialize;

/// One rate, or why it is not computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateLine {
    /// Stable id: `junior_consolidation`, `nine_year_consolidation`, `enrolment`, `disabled`,
    /// `migrant`.
    pub id: &'static str,
    /// Its Chinese name.
    pub name: &'static str,
    /// The rate with its definition and inputs.
    pub rate: Option<StudentRate>,
    /// Why it is not computed (缺少…), when it is not.
    pub missing: Option<String>,
}

/// The rates of one unit (a school or the district).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateSet {
    /// The rates, in a fixed order.
    pub lines: Vec<RateLine>,
    /// 流失率 by grade 1–9 (`None` where the grade has no students).
    pub attrition: Vec<(u8, Option<StudentRate>)>,
    /// The registry's counts of the year.
    pub counts: RegistryCounts,
}

/// A school's rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolRates {
    /// The school.
    pub school: SchoolCode,
    /// Its name (from the statistics), or its code.
    pub name: String,
    /// 公办 (else 民办), as its registry file says.
    pub public: bool,
    /// Its rates.
    pub rates: RateSet,
}

/// The rates of a school year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearRates {
    /// The school year.
    pub year: i32,
    /// The district's.
    pub district: RateSet,
    /// Each school's with a registry that year, by code.
    pub schools: Vec<SchoolRates>,
    /// The inputs of the year: (name, value, source).
    pub inputs: Vec<(String, u64, String)>,
}

/// Everything the rates of a year are computed from.
struct Sources {
    year: i32,
    /// Registry counts and 公办 per school, per year (Y, Y−2, Y−8).
    registries: HashMap<i32, BTreeMap<SchoolCode, (bool, RegistryCounts)>>,
    events: Vec<EventCount>,
    population: Option<u64>,
    disabled: Option<u64>,
    variant: ConsolidationVariant,
}

impl Sources {
    fn counts(&self, year: i32, school: Option<&SchoolCode>) -> Option<RegistryCounts> {
        let all = self.registries.get(&year)?;
        match school {
            Some(s) => all.get(s).map(|(_, c)| *c),
            None if all.is_empty() => None,
            None => Some(
                all.values()
                    .fold(RegistryCounts::default(), |t, (_, c)| t.plus(c)),
            ),
        }
    }

    /// Events of `kind` for the (year, grade) pairs, of one school or all.
    fn events(&self, kind: EventKind, cells: &[(i32, u8)], school: Option<&SchoolCode>) -> u64 {
        self.events
            .iter()
            .filter(|e| {
                e.kind == kind
                    && cells.contains(&(e.year, e.grade))
                    && school.is_none_or(|s| *s == e.school)
            })
            .map(|e| e.count)
            .sum()
    }

    fn cohort(&self, first_grade: u8, school: Option<&SchoolCode>) -> Result<Cohort, String> {
        let span = i32::from(9 - first_grade);
        let start = self.year - span;
        let intake = self
            .counts(start, school)
            .ok_or_else(|| format!("缺少 {start} 学年的学籍（{}年级招生数）", first_grade))?
            .grade(first_grade)
            .students;
        let cells: Vec<(i32, u8)> = (0..=span)
            .map(|i| (start + i, first_grade + u8::try_from(i).unwrap_or(0)))
            .collect();
        let graduates = self.events(EventKind::Graduate, &[(self.year, 9)], school);
        if graduates == 0 {
            return Err(format!("{} 学年尚无初三毕业记录", self.year));
        }
        Ok(Cohort {
            intake,
            transfers_in: self.events(EventKind::TransferIn, &cells, school),
            transfers_out: self.events(EventKind::TransferOut, &cells, school),
            deaths: self.events(EventKind::Death, &cells, school),
            graduates,
        })
    }

    fn set(&self, school: Option<&SchoolCode>) -> RateSet {
        let now = self.counts(self.year, school).unwrap_or_default();
        let line = |id, name, r: Result<StudentRate, String>| match r {
            Ok(rate) => RateLine {
                id,
                name,
                rate: Some(rate),
                missing: None,
            },
            Err(why) => RateLine {
                id,
                name,
                rate: None,
                missing: Some(why),
            },
        };
        type Engine = fn(
            &Cohort,
            ConsolidationVariant,
        ) -> Result<StudentRate, junheng_core::student::RateError>;
        let consolidation = |first, f: Engine| {
            self.cohort(first, school)
                .and_then(|c| f(&c, self.variant).map_err(|e| e.to_string()))
        };
        let total = now.total(None);
        let mut lines = vec![
            line(
                "junior_consolidation",
                "初中三年巩固率",
                consolidation(7, junior_consolidation),
            ),
            line(
                "nine_year_consolidation",
                "九年义务教育巩固率",
                consolidation(1, nine_year_consolidation),
            ),
        ];
        // Inputs exist for the district only.
        if school.is_none() {
            lines.push(line(
                "enrolment",
                "入学率",
                self.population
                    .map(|p| enrolment_rate(total.students, p))
                    .ok_or_else(|| {
                        format!("缺少 {} 学年的适龄人口（输入项 population）", self.year)
                    }),
            ));
            lines.push(line(
                "disabled",
                "残疾儿童少年入学率",
                self.disabled
                    .map(|d| disabled_enrolment(total.disabled, d))
                    .ok_or_else(|| {
                        format!(
                            "缺少 {} 学年残联提供的适龄三类残疾儿童少年数（输入项 disabled）",
                            self.year
                        )
                    }),
            ));
        }
        let (public_migrants, purchased) = self
            .registries
            .get(&self.year)
            .into_iter()
            .flatten()
            .filter(|(code, _)| school.is_none_or(|s| s == *code))
            .fold((0, 0), |(p, b), (_, (public, c))| {
                let t = c.total(None);
                if *public {
                    (p + t.migrant, b)
                } else {
                    (p, b + t.migrant_purchased)
                }
            });
        lines.push(line(
            "migrant",
            "随迁子女在公办学校或政府购买学位就读比例",
            if total.migrant == 0 {
                Err("没有随迁子女".into())
            } else {
                Ok(migrant_public_share(
                    public_migrants,
                    purchased,
                    total.migrant,
                ))
            },
        ));
        let attrition = (1..=9u8)
            .map(|g| {
                let at_start = now.grade(g).students;
                let out = self.events(EventKind::Dropout, &[(self.year, g)], school);
                (g, (at_start > 0).then(|| attrition(out, at_start)))
            })
            .collect();
        RateSet {
            lines,
            attrition,
            counts: now,
        }
    }
}

/// Everything the rates of school year `year` are computed from: the registries of Y, Y−2 and
/// Y−8, the events of those years, the inputs.
async fn sources(
    store: &DistrictStore,
    year: i32,
    variant: ConsolidationVariant,
) -> Result<(Sources, Vec<(String, u64, String)>), StoreError> {
    let mut registries = HashMap::new();
    for y in [year, year - 2, year - 8] {
        let files = store.current_registries(y, None).await?;
        registries.insert(
            y,
            files
                .into_iter()
                .map(|f| (f.school, (f.public, f.counts)))
                .collect::<BTreeMap<_, _>>(),
        );
    }
    let inputs = store.student_inputs(year).await?;
    let input = |n: &str| inputs.iter().find(|(k, ..)| k == n).map(|(_, v, _)| *v);
    let sources = Sources {
        year,
        events: store.event_counts(year - 8, year).await?,
        population: input("population"),
        disabled: input("disabled"),
        registries,
        variant,
    };
    Ok((sources, inputs))
}

/// The rates of school year `year`, with `variant` of 巩固率; school names from the statistics
/// (`names`, code → name).
pub async fn rates(
    store: &DistrictStore,
    year: i32,
    variant: ConsolidationVariant,
    names: &HashMap<SchoolCode, String>,
) -> Result<YearRates, StoreError> {
    let (sources, inputs) = sources(store, year, variant).await?;
    let schools = sources.registries[&year]
        .iter()
        .map(|(code, (public, _))| SchoolRates {
            name: names.get(code).cloned().unwrap_or_else(|| code.to_string()),
            public: *public,
            rates: sources.set(Some(code)),
            school: code.clone(),
        })
        .collect();
    Ok(YearRates {
        year,
        district: sources.set(None),
        schools,
        inputs,
    })
}

/// A district's line of the city's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityLine {
    /// The district.
    pub district: junheng_store::District,
    /// Its rates of the year (the district's, no school's).
    pub rates: RateSet,
    /// Its 动态清零 status now.
    pub zero: super::ledgers::ZeroStatus,
}

/// The rates of school year `year` and the 动态清零 status of every district of `districts`
/// (a city's or a province's, as `junheng_app::city::districts_of` gives them): aggregates only.
pub async fn city(
    store: &junheng_store::Store,
    districts: &[junheng_store::District],
    year: i32,
    variant: ConsolidationVariant,
) -> Result<Vec<CityLine>, StoreError> {
    let mut lines = Vec::with_capacity(districts.len());
    for d in districts {
        let ds = store.in_district(d.id);
        // The district's set only: no school's rates are computed for the city.
        lines.push(CityLine {
            rates: sources(&ds, year, variant).await?.0.set(None),
            zero: super::ledgers::zero_status(&ds).await?,
            district: d.clone(),
        });
    }
    Ok(lines)
}

/// The names of the district's schools, from the latest statistics that list each.
pub async fn school_names(
    store: &DistrictStore,
) -> Result<HashMap<SchoolCode, String>, StoreError> {
    Ok(school_places(store)
        .await?
        .into_iter()
        .map(|(code, (name, _))| (code, name))
        .collect())
}

/// The name and 学区 of each of the district's schools, from the latest statistics that list
/// each.
pub async fn school_places(
    store: &DistrictStore,
) -> Result<HashMap<SchoolCode, (String, Option<String>)>, StoreError> {
    let mut places = HashMap::new();
    let mut years: Vec<i32> = store.years().await?.iter().map(|y| y.year).collect();
    years.sort_unstable();
    for y in years {
        for r in store.statistics(y, None).await? {
            places.insert(r.code, (r.name, r.zone));
        }
    }
    Ok(places)
}
