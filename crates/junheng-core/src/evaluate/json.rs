//! The evaluation result JSON (`domain/templates.md` §3): stable field names, more may be added.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{Evaluation, IndicatorResult, SectionResult};
use crate::rulebook::Policy;

impl Serialize for Evaluation<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Evaluation", 11)?;
        st.serialize_field("rulebook", &self.rulebook)?;
        st.serialize_field("rulebook_version", &self.rulebook_version)?;
        st.serialize_field("rulebook_name", &self.rulebook_name)?;
        st.serialize_field("year", &self.year)?;
        st.serialize_field("passes", &self.passes)?;
        st.serialize_field("policy", &self.policy)?;
        st.serialize_field("unit_rule", &self.unit_rule)?;
        st.serialize_field("balance_mode", &self.balance_mode)?;
        let sections: Vec<SectionView<'_>> = self
            .sections
            .iter()
            .map(|section| SectionView {
                section,
                policy: &self.policy,
            })
            .collect();
        st.serialize_field("sections", &sections)?;
        st.serialize_field("excluded", &self.excluded)?;
        // Every indicator split by 城乡分类 (see [`crate::urban`]).
        st.serialize_field("urban_rural", &crate::urban::split(self))?;
        st.end()
    }
}

struct SectionView<'a> {
    section: &'a SectionResult<'a>,
    policy: &'a Policy,
}

impl Serialize for SectionView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.section;
        let mut st = s.serialize_struct("Section", 8)?;
        st.serialize_field("section", &r.section)?;
        st.serialize_field("units", &r.units.len())?;
        st.serialize_field("students", &r.students)?;
        st.serialize_field("passes", &r.passes)?;
        st.serialize_field("failing_units", &r.failing_units)?;
        let indicators: Vec<IndicatorView<'_>> = r
            .indicators
            .iter()
            .map(|indicator| IndicatorView {
                indicator,
                section: r,
            })
            .collect();
        st.serialize_field("indicators", &indicators)?;
        st.serialize_field(
            "composite",
            &r.composite.as_ref().map(|c| CompositeView {
                cv: c.cv,
                cv_max: c.cv_max,
                passes: c.passes,
                cap: c.cap,
            }),
        )?;
        st.serialize_field(
            "schools",
            &Schools {
                section: r,
                policy: self.policy,
            },
        )?;
        st.end()
    }
}

#[derive(Serialize)]
struct CompositeView {
    cv: Option<f64>,
    cv_max: f64,
    passes: bool,
    cap: Option<f64>,
}

struct IndicatorView<'a> {
    indicator: &'a IndicatorResult,
    section: &'a SectionResult<'a>,
}

impl Serialize for IndicatorView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let i = self.indicator;
        let unit_ref = |u: usize| {
            let unit = &self.section.units[u];
            (unit.school_code().as_str(), unit.id(), unit.name())
        };
        let drivers: Vec<_> = i
            .drivers
            .iter()
            .map(|d| {
                let (school_code, unit, name) = unit_ref(d.unit);
                DriverView {
                    school_code,
                    unit,
                    name,
                    value: d.value,
                    share: d.share,
                }
            })
            .collect();
        let improvement = i.improvement.as_ref().map(|imp| ImprovementView {
            target_cv: imp.target_cv,
            floor: imp.floor,
            cv_after: imp.cv_after,
            reaches_target: imp.reaches_target,
            total_amount: imp.total_amount,
            action_unit: i.quantity.action_unit(),
            changes: imp
                .changes
                .iter()
                .map(|c| {
                    let (school_code, unit, name) = unit_ref(c.unit);
                    ChangeView {
                        school_code,
                        unit,
                        name,
                        from: c.from,
                        to: c.to,
                        amount: c.amount,
                    }
                })
                .collect(),
        });
        let mut st = s.serialize_struct("Indicator", 14)?;
        st.serialize_field("id", &i.id)?;
        st.serialize_field("name", &i.name)?;
        st.serialize_field("unit", &i.unit)?;
        st.serialize_field("standard", &i.standard)?;
        st.serialize_field("mean", &i.spread.mean)?;
        st.serialize_field("sd", &i.spread.sd)?;
        st.serialize_field("cv", &i.spread.cv)?;
        st.serialize_field("cv_computable", &i.spread.cv.is_some())?;
        st.serialize_field("cv_max", &i.cv_max)?;
        st.serialize_field("passes", &i.passes)?;
        st.serialize_field("units_meeting", &i.units_meeting)?;
        st.serialize_field("drivers", &drivers)?;
        st.serialize_field("improvement", &improvement)?;
        st.end()
    }
}

#[derive(Serialize)]
struct DriverView<'a> {
    school_code: &'a str,
    unit: String,
    name: &'a str,
    value: f64,
    share: f64,
}

#[derive(Serialize)]
struct ImprovementView<'a> {
    target_cv: f64,
    floor: f64,
    cv_after: f64,
    reaches_target: bool,
    total_amount: f64,
    action_unit: &'static str,
    changes: Vec<ChangeView<'a>>,
}

#[derive(Serialize)]
struct ChangeView<'a> {
    school_code: &'a str,
    unit: String,
    name: &'a str,
    from: f64,
    to: f64,
    amount: f64,
}

struct Schools<'a> {
    section: &'a SectionResult<'a>,
    policy: &'a Policy,
}

impl Serialize for Schools<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.section.units.len()).map(|u| SchoolView { u, schools: self }))
    }
}

struct SchoolView<'a> {
    u: usize,
    schools: &'a Schools<'a>,
}

impl Serialize for SchoolView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let section = self.schools.section;
        let unit = &section.units[self.u];
        let verdict = &section.verdicts[self.u];
        let mut st = s.serialize_struct("School", 11)?;
        st.serialize_field("school_code", unit.school_code())?;
        st.serialize_field("unit", &unit.id())?;
        st.serialize_field("name", unit.name())?;
        st.serialize_field("kind", &unit.kind())?;
        st.serialize_field("students", &unit.students)?;
        st.serialize_field("facility_share", &unit.facility_share)?;
        let merged: Vec<&str> = unit.merged.iter().map(|r| r.code.as_str()).collect();
        st.serialize_field("merged", &merged)?;
        st.serialize_field("values", &Values { section, u: self.u })?;
        st.serialize_field("met", &verdict.met)?;
        st.serialize_field("passes", &verdict.passes)?;
        let gaps: Vec<GapView<'_>> = verdict
            .gaps
            .iter()
            .map(|gap| GapView {
                indicator: &section.indicators[gap.indicator].id,
                target: gap.target,
                value: gap.value,
                target_value: gap.target_value,
                quantity: gap.quantity,
                amount: gap.amount,
                action_unit: gap.quantity.action_unit(),
                facility_share: gap.facility_share,
                value_after: gap.value_after,
                text: gap.describe(self.schools.policy),
            })
            .collect();
        st.serialize_field("gaps", &gaps)?;
        st.end()
    }
}

struct Values<'a> {
    section: &'a SectionResult<'a>,
    u: usize,
}

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.section.indicators.len()))?;
        for (ind, vals) in self.section.indicators.iter().zip(&self.section.values) {
            map.serialize_entry(&ind.id, &vals[self.u])?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct GapView<'a> {
    indicator: &'a str,
    target: super::GapTarget,
    value: f64,
    target_value: f64,
    quantity: crate::rulebook::Quantity,
    amount: f64,
    action_unit: &'static str,
    facility_share: f64,
    value_after: f64,
    text: String,
}
