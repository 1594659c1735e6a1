//! The computations on schools and the district as a whole: sizes, rooms and classes (政府保障程度
//! 3–5), 就近入学 and 指标到校 (13, 14), 公用经费 of small and special schools (6, 7), 学校章程
//! (教育质量 3), 质量监测 (9) and the official 社会认可度.

use std::collections::BTreeSet;

use junheng_core::exam::{NaeqResult, RateUnit};
use junheng_core::inspection::funding::{SchoolFunds, small_schools, special_schools};
use junheng_core::inspection::naeq::{NaeqLimits, item as naeq_item};
use junheng_core::inspection::recognition::{Official, official};
use junheng_core::inspection::share::percent;
use junheng_core::inspection::{Computed, Outcome, Provenance, Shortfall};
use junheng_core::record::RecordKind;
use junheng_core::rulebook::{Computation, ItemDef};
use junheng_core::school::{SchoolKind, Section, UrbanRural};
use junheng_core::seats::class_size::ItemResult as SizeResult;
use junheng_store::{NaeqUnit, StoreError};

use super::{Year, figure, limit, over_units, share_item};
use crate::seats::sizes::{ClassSource, SizeItems, items as size_items};
use crate::seats::zoning::{ZoningReport, report as zoning_report};

/// The names of the figures a district enters for the items (`inspection_inputs.name`).
pub mod input {
    /// The official 社会认可度, a share in [0, 1].
    pub const RECOGNITION_RATE: &str = "recognition_rate";
    /// Its number of respondents.
    pub const RECOGNITION_RESPONDENTS: &str = "recognition_respondents";
    /// The 生均公用经费基准定额 (元) when the rulebook has none.
    pub const SMALL_SCHOOL_PER_STUDENT: &str = "small_school_per_student";
}

/// What several computations read once.
#[derive(Default)]
pub(crate) struct Cache {
    sizes: Option<SizeItems>,
    zoning: Option<ZoningReport>,
}

pub(crate) async fn compute(
    y: &Year<'_>,
    cache: &mut Cache,
    item: &ItemDef,
    computation: Computation,
) -> Result<Computed, StoreError> {
    Ok(match computation {
        Computation::MusicArtRooms | Computation::SchoolSize | Computation::ClassSize => {
            if cache.sizes.is_none() {
                cache.sizes = Some(size_items(y.store, y.year, &y.rulebook.class_rules()).await?);
            }
            sizes(y, cache.sizes.as_ref().expect("read above"), computation)
        }
        Computation::NearbyEnrolment | Computation::HighSchoolQuota => {
            if cache.zoning.is_none() {
                cache.zoning =
                    Some(zoning_report(y.store, y.year, &y.rulebook.zoning_rules()).await?);
            }
            let report = cache.zoning.as_ref().expect("read above");
            if computation == Computation::NearbyEnrolment {
                nearby(report)
            } else {
                quotas(report)
            }
        }
        Computation::SmallSchoolFunding | Computation::SpecialSchoolFunding => {
            funding(y, item, computation).await?
        }
        Computation::SchoolCharters => charters(y, item),
        Computation::Naeq => naeq(y, item).await?,
        Computation::Recognition => recognition(y, item).await?,
        _ => unreachable!("people's computations are collected in people.rs"),
    })
}

fn from_size(y: &Year<'_>, result: &SizeResult, extra: Vec<Provenance>) -> Computed {
    let failing = result
        .failing
        .iter()
        .map(|f| Shortfall {
            unit: f.code.to_string(),
            name: f.name.clone(),
            remedy: f.remedy.clone(),
        })
        .collect();
    let mut provenance = vec![y.statistics()];
    provenance.extend(extra);
    over_units(result.assessed, failing, "学校", Vec::new(), provenance)
}

fn sizes(y: &Year<'_>, items: &SizeItems, computation: Computation) -> Computed {
    match computation {
        Computation::MusicArtRooms => from_size(y, &items.rooms, Vec::new()),
        Computation::SchoolSize => from_size(y, &items.school_size, Vec::new()),
        _ => match &items.class_size {
            None => Computed::not_connected("没有当年的班级规模表，学籍中也没有班级"),
            Some(classes) => {
                let source = match &classes.source {
                    ClassSource::Table { file } => Provenance {
                        source: "班级规模表".to_owned(),
                        version: format!("{}（{} 个班）", file.file_name, file.classes),
                    },
                    ClassSource::Registry => Provenance {
                        source: "学籍中的班级".to_owned(),
                        version: format!("{} 学年", y.year),
                    },
                };
                let mut c = from_size(y, &classes.item, vec![source]);
                let counts = &classes.counts;
                c.figures.extend([
                    figure("班级数", format!("{} 个", counts.classes)),
                    figure("超过班额上限的班级", format!("{} 个", counts.over_limit)),
                    figure(
                        "大班额 / 超大班额",
                        format!("{} / {} 个", counts.large, counts.very_large),
                    ),
                ]);
                c
            }
        },
    }
}

fn nearby(report: &ZoningReport) -> Computed {
    let Some(sections) = &report.nearby else {
        return Computed::not_connected("未导入当年的划片表和新生来源表");
    };
    let mut figures = Vec::new();
    let mut failing = Vec::new();
    let mut judged = Vec::new();
    for s in sections {
        let label = format!("{}就近划片入学", s.section.label());
        let Some(met) = s.met else {
            figures.push(figure(label, "没有新生，不参评"));
            continue;
        };
        judged.push(met);
        let share = s.nearby as f64 / s.entrants as f64;
        figures.push(figure(
            label,
            format!(
                "{} / {} = {}（标准 ≥ {}%）",
                s.nearby,
                s.entrants,
                percent(share),
                s.min_percent
            ),
        ));
        if !met {
            failing.extend(s.below.iter().map(|b| Shortfall {
                unit: b.code.to_string(),
                name: b.name.clone(),
                remedy: format!(
                    "{}新生 {} 人中划片内 {} 人（{}），低于 {}%",
                    s.section.label(),
                    b.entrants,
                    b.nearby,
                    b.share().map_or_else(|| "-".to_owned(), percent),
                    s.min_percent
                ),
            }));
        }
    }
    let outcome = if judged.is_empty() {
        Outcome::NotConnected
    } else if judged.iter().all(|m| *m) {
        Outcome::Met
    } else {
        Outcome::NotMet
    };
    Computed {
        outcome,
        value: None,
        note: match outcome {
            Outcome::Met => "小学、初中就近划片入学比例均达到标准".to_owned(),
            Outcome::NotMet => "就近划片入学比例未达到标准".to_owned(),
            Outcome::NotConnected => "新生来源表中没有城区、镇区公办学校的新生".to_owned(),
        },
        figures,
        failing,
        provenance: report
            .files
            .iter()
            .map(|f| Provenance {
                source: f.kind.label().to_owned(),
                version: f.file_name.clone(),
            })
            .collect(),
    }
}

fn quotas(report: &ZoningReport) -> Computed {
    let Some(q) = &report.quotas else {
        return Computed::not_connected("未导入当年的指标到校表");
    };
    let Some(share_met) = q.met else {
        return Computed::not_connected("指标到校表中没有优质高中招生计划");
    };
    let share = q.allotted as f64 / q.plan as f64;
    let mut figures = vec![figure(
        "分配到初中的名额",
        format!(
            "{} / {} = {}（标准 ≥ {}%）",
            q.allotted,
            q.plan,
            percent(share),
            q.min_percent
        ),
    )];
    figures.extend(q.tilt.iter().map(|t| {
        figure(
            format!("{}初中", t.category.label()),
            format!(
                "{} 所，毕业生 {} 人，名额 {} 个",
                t.schools, t.graduates, t.quota
            ),
        )
    }));
    let mut failing: Vec<Shortfall> = q
        .high_schools
        .iter()
        .filter(|h| !h.met)
        .map(|h| Shortfall {
            unit: h.high_school.clone(),
            name: h.high_school.clone(),
            remedy: format!(
                "招生计划 {} 人中分配到初中 {} 人，低于 {}%",
                h.plan, h.allotted, q.min_percent
            ),
        })
        .collect();
    if q.rural_tilt == Some(false) {
        failing.push(Shortfall {
            unit: "乡村".to_owned(),
            name: "乡村初中".to_owned(),
            remedy: "乡村初中每名毕业生分得的名额少于城区、镇区初中，未向农村初中倾斜".to_owned(),
        });
    }
    let met = share_met && q.rural_tilt != Some(false);
    Computed {
        outcome: if met { Outcome::Met } else { Outcome::NotMet },
        value: Some(share),
        note: format!(
            "指标到校比例 {}{}",
            percent(share),
            match q.rural_tilt {
                Some(true) => "，向农村初中倾斜",
                Some(false) => "，未向农村初中倾斜",
                None => "；城区或乡村一侧没有初中毕业生，倾斜不适用",
            }
        ),
        figures,
        failing: if met { Vec::new() } else { failing },
        provenance: Vec::new(),
    }
}

async fn funding(
    y: &Year<'_>,
    item: &ItemDef,
    computation: Computation,
) -> Result<Computed, StoreError> {
    let budgets = y.store.training_budgets(Some(y.year)).await?;
    let funds_of = |code: &str| {
        budgets
            .iter()
            .find(|b| b.budget.school.as_str() == code)
            .map(|b| b.budget.public_funds as f64)
    };
    let school = |s: &junheng_core::school::SchoolRecord| SchoolFunds {
        code: s.code.to_string(),
        name: s.name.clone(),
        students: s.students(Section::Primary) + s.students(Section::Junior),
        funds: funds_of(s.code.as_str()),
    };
    let provenance = vec![
        y.statistics(),
        Provenance {
            source: "学校公用经费预算（按预算核定，非实际拨付）".to_owned(),
            version: format!("{} 年度", y.year),
        },
    ];
    let mut computed = if computation == Computation::SmallSchoolFunding {
        let village: Vec<SchoolFunds> = y
            .schools
            .iter()
            .filter(|s| {
                s.kind == SchoolKind::TeachingPoint
                    || (s.kind == SchoolKind::Primary && s.urban_rural == Some(UrbanRural::Rural))
            })
            .map(school)
            .collect();
        let per_student = match item.limit("per_student") {
            Some(v) => Some(v),
            None => y
                .store
                .inspection_input(y.year, input::SMALL_SCHOOL_PER_STUDENT)
                .await?
                .map(|i| i.value),
        };
        small_schools(
            &village,
            per_student,
            limit(item, "min_students", 100.0) as u32,
        )
    } else {
        let special: Vec<SchoolFunds> = y
            .schools
            .iter()
            .filter(|s| s.kind == SchoolKind::Special)
            .map(school)
            .collect();
        special_schools(&special, limit(item, "per_student", 6000.0))
    };
    computed.provenance = provenance;
    Ok(computed)
}

fn charters(y: &Year<'_>, item: &ItemDef) -> Computed {
    let with: BTreeSet<&str> = y
        .evidence
        .iter()
        .filter(|e| e.record.kind == RecordKind::School && e.title == "学校章程")
        .map(|e| e.record.key.as_str())
        .collect();
    let schools: Vec<_> = y
        .schools
        .iter()
        .filter(|s| s.kind != SchoolKind::TeachingPoint)
        .collect();
    let missing: Vec<Shortfall> = schools
        .iter()
        .filter(|s| !with.contains(s.code.as_str()))
        .map(|s| Shortfall {
            unit: s.code.to_string(),
            name: s.name.clone(),
            remedy: "未上传学校章程（佐证材料“学校章程”）".to_owned(),
        })
        .collect();
    let total = schools.len() as u64;
    let holding = total - missing.len() as u64;
    share_item(
        "有章程的学校",
        holding,
        total,
        limit(item, "share", 1.0),
        missing,
        vec![
            y.statistics(),
            Provenance {
                source: "学校佐证材料“学校章程”".to_owned(),
                version: "当前".to_owned(),
            },
        ],
    )
}

async fn naeq(y: &Year<'_>, item: &ItemDef) -> Result<Computed, StoreError> {
    let results: Vec<NaeqResult> = y
        .store
        .naeq_results()
        .await?
        .into_iter()
        .map(|e| NaeqResult {
            year: e.year,
            subject: e.subject,
            level: e.level,
            between_school: e.between_school,
            unit: match e.unit {
                NaeqUnit::Ratio => RateUnit::Ratio,
                NaeqUnit::Percent => RateUnit::Percent,
            },
        })
        .collect();
    let limits = NaeqLimits {
        line: limit(item, "line", 0.15),
        min_level: limit(item, "min_level", 3.0) as u8,
        window_years: limit(item, "window_years", 3.0) as u32,
    };
    Ok(naeq_item(&results, y.year, limits))
}

async fn recognition(y: &Year<'_>, item: &ItemDef) -> Result<Computed, StoreError> {
    let rate = y
        .store
        .inspection_input(y.year, input::RECOGNITION_RATE)
        .await?;
    let respondents = y
        .store
        .inspection_input(y.year, input::RECOGNITION_RESPONDENTS)
        .await?;
    let official_rate = rate.map(|r| Official {
        rate: r.value,
        respondents: respondents.map(|n| n.value as u32),
        source: Provenance {
            source: r.source,
            version: r.entered_at.get(..10).unwrap_or_default().to_owned(),
        },
    });
    Ok(official(official_rate.as_ref(), limit(item, "min", 0.85)))
}
