//! The computations on teachers and children: 教师工资 (政府保障程度 8), 培训学时 (9), 编制岗位 (10),
//! 交流轮岗 (11), 教师资格 (12), 随迁子女 (15), 有编不补 (一票否决), and 巩固率, 残疾儿童入学率,
//! 培训经费 (教育质量 1, 2, 4).

use std::collections::{BTreeMap, HashMap};

use junheng_core::inspection::share::percent;
use junheng_core::inspection::{Computed, Outcome, Provenance, Shortfall};
use junheng_core::rulebook::{Computation, ItemDef};
use junheng_core::school::SchoolCode;
use junheng_store::StoreError;
use junheng_teachers::training::{Hours, TrainingRules, Verdict};

use super::{Year, figure, limit, share_item};
use crate::students::rates::{YearRates, rates};
use crate::teachers::posts::{PostsStatus, status as posts_status};
use crate::teachers::training::{TrainingStatus, status as training_status};

/// What several computations read once.
#[derive(Default)]
pub(crate) struct Cache {
    posts: Option<PostsStatus>,
    training: Option<TrainingStatus>,
    rates: Option<YearRates>,
}

pub(crate) async fn compute(
    y: &Year<'_>,
    cache: &mut Cache,
    item: &ItemDef,
    computation: Computation,
) -> Result<Computed, StoreError> {
    Ok(match computation {
        Computation::TeacherPay
        | Computation::PostsAllocation
        | Computation::Certificates
        | Computation::UnfilledPosts => {
            if cache.posts.is_none() {
                let mut settings = y.settings.posts.clone();
                settings.min_pay_ratio = y
                    .rulebook
                    .limit_of(Computation::TeacherPay, "min_ratio")
                    .unwrap_or(settings.min_pay_ratio);
                settings.certificates.required_share = y
                    .rulebook
                    .limit_of(Computation::Certificates, "share")
                    .unwrap_or(settings.certificates.required_share);
                cache.posts = Some(posts_status(y.store, y.year, &settings).await?);
            }
            let posts = cache.posts.as_ref().expect("read above");
            match computation {
                Computation::TeacherPay => pay(y, posts),
                Computation::PostsAllocation => allocation(posts),
                Computation::Certificates => certificates(posts, item),
                _ => unfilled(posts),
            }
        }
        Computation::TrainingHours | Computation::TrainingBudget => {
            if cache.training.is_none() {
                let rules = training_rules(y);
                cache.training = Some(
                    training_status(y.store, None, &rules, None, Some(y.year), y.today).await?,
                );
            }
            let training = cache.training.as_ref().expect("read above");
            if computation == Computation::TrainingHours {
                hours(y, training)
            } else {
                budget(y, training)
            }
        }
        Computation::Rotation => rotation(y).await?,
        Computation::MigrantChildren
        | Computation::JuniorConsolidation
        | Computation::DisabledEnrolment => {
            if cache.rates.is_none() {
                let names: HashMap<SchoolCode, String> = y
                    .schools
                    .iter()
                    .map(|s| (s.code.clone(), s.name.clone()))
                    .collect();
                cache.rates = Some(rates(y.store, y.year, y.settings.consolidation, &names).await?);
            }
            let line = match computation {
                Computation::MigrantChildren => "migrant",
                Computation::JuniorConsolidation => "junior_consolidation",
                _ => "disabled",
            };
            student_rate(y, cache.rates.as_ref().expect("read above"), item, line)
        }
        _ => unreachable!("schools' computations are collected in schools.rs"),
    })
}

fn training_rules(y: &Year<'_>) -> TrainingRules {
    let mut rules = y.settings.training.clone();
    if let Some(hours) = y.rulebook.limit_of(Computation::TrainingHours, "hours") {
        rules.required = Hours::from_hundredths((hours * 100.0).round() as i64);
    }
    if let Some(c) = y
        .rulebook
        .limit_of(Computation::TrainingHours, "completion")
    {
        rules.completion_target = c;
    }
    if let Some(s) = y.rulebook.limit_of(Computation::TrainingBudget, "share") {
        rules.budget_percent = s * 100.0;
    }
    rules
}

fn posts_source(y: &Year<'_>, what: &str) -> Vec<Provenance> {
    vec![Provenance {
        source: what.to_owned(),
        version: format!("{} 学年", y.year),
    }]
}

fn pay(y: &Year<'_>, posts: &PostsStatus) -> Computed {
    let Some(check) = posts.item8() else {
        return Computed::not_connected(format!("未录入 {} 年教师与公务员平均工资", y.year));
    };
    let figures = vec![
        figure("教师年平均工资", format!("{} 元", check.pay.teachers)),
        figure(
            "当地公务员年平均工资",
            format!("{} 元", check.pay.civil_servants),
        ),
        figure(
            "比值",
            check.ratio.map_or_else(
                || "不可计算".to_owned(),
                |r| format!("{r:.3}（标准 ≥ {}）", posts.settings.min_pay_ratio),
            ),
        ),
    ];
    Computed {
        outcome: if check.met {
            Outcome::Met
        } else {
            Outcome::NotMet
        },
        value: check.ratio,
        figures,
        failing: if check.met {
            Vec::new()
        } else {
            vec![Shortfall {
                unit: "全区".to_owned(),
                name: "教师平均工资".to_owned(),
                remedy: format!("低于当地公务员平均工资，差 {} 元", check.shortfall),
            }]
        },
        provenance: posts_source(y, "教师与公务员工资（录入）"),
        note: if check.met {
            "教师平均工资不低于当地公务员平均工资".to_owned()
        } else {
            "教师平均工资低于当地公务员平均工资".to_owned()
        },
    }
}

fn allocation(posts: &PostsStatus) -> Computed {
    let a = &posts.approved;
    let Some(met) = a.met else {
        return Computed::not_connected("未录入核定编制总额或未导入编制表");
    };
    let approved = a.approved.as_ref().map_or(0, |x| x.posts);
    Computed {
        outcome: if met { Outcome::Met } else { Outcome::NotMet },
        value: None,
        figures: vec![
            figure("核定编制总额", format!("{approved} 名")),
            figure("分配到各校的编制", format!("{} 名", a.allocated)),
            figure("在编在岗", format!("{} 名", a.on_post)),
        ],
        failing: if met {
            Vec::new()
        } else {
            vec![Shortfall {
                unit: "全区".to_owned(),
                name: "编制统筹".to_owned(),
                remedy: format!(
                    "分配到各校的编制 {} 名超过核定总额 {approved} 名",
                    a.allocated
                ),
            }]
        },
        provenance: Vec::new(),
        note: if met {
            "各校编制在核定总额内统筹分配".to_owned()
        } else {
            "各校编制超出核定总额".to_owned()
        },
    }
}

fn certificates(posts: &PostsStatus, item: &ItemDef) -> Computed {
    let Some(report) = &posts.certificates else {
        return Computed::not_connected("未导入当年的教师资格证登记表或教师名册");
    };
    let coverage = posts.settings.certificates.item12_requires_coverage;
    let counted = |t: &junheng_teachers::posts::Tally| {
        u64::from(if coverage { t.covering } else { t.holding })
    };
    let mut by_school: BTreeMap<&SchoolCode, (u64, u64)> = BTreeMap::new();
    for row in &report.rows {
        let e = by_school.entry(&row.school).or_default();
        e.0 += counted(&row.tally);
        e.1 += u64::from(row.tally.teachers);
    }
    let min = limit(item, "share", 1.0);
    let failing = by_school
        .into_iter()
        .filter(|(_, (c, t))| {
            junheng_core::inspection::share::meets_share(*c, *t, min) == Some(false)
        })
        .map(|(code, (c, t))| Shortfall {
            unit: code.to_string(),
            name: posts.name(code),
            remedy: format!(
                "专任教师 {t} 名中{}证 {c} 名，缺 {} 名",
                if coverage { "持相应" } else { "持" },
                t - c
            ),
        })
        .collect();
    share_item(
        if coverage {
            "持相应教师资格证的专任教师"
        } else {
            "持教师资格证的专任教师"
        },
        counted(&report.district),
        u64::from(report.district.teachers),
        min,
        failing,
        vec![Provenance {
            source: "教师资格证登记表与教师名册".to_owned(),
            version: posts
                .certificate_file
                .as_ref()
                .map_or_else(String::new, |f| f.file_name.clone()),
        }],
    )
}

fn unfilled(posts: &PostsStatus) -> Computed {
    if posts.staffing_file.is_none() {
        return Computed::not_connected("未导入当年的编制表");
    }
    let failing: Vec<Shortfall> = posts
        .warned()
        .map(|row| Shortfall {
            unit: row.staffing.input.school.to_string(),
            name: row.school_name.clone(),
            remedy: row
                .staffing
                .warnings
                .iter()
                .map(|w| {
                    format!(
                        "{}（空编 {} 名，{} 年）",
                        w.reason.label(),
                        w.vacancies,
                        w.years
                    )
                })
                .collect::<Vec<_>>()
                .join("；"),
        })
        .collect();
    let n = failing.len();
    Computed {
        outcome: if n == 0 {
            Outcome::Met
        } else {
            Outcome::NotMet
        },
        value: None,
        figures: vec![figure("有“有编不补”风险的学校", format!("{n} 所"))],
        failing,
        provenance: Vec::new(),
        note: if n == 0 {
            "编制表中没有空编仍聘编外或空编多年未补的学校".to_owned()
        } else {
            format!("{n} 所学校有空编仍聘编外或空编多年未补的情况，需核实")
        },
    }
}

fn verdict_outcome(v: Verdict) -> Outcome {
    match v {
        Verdict::Met => Outcome::Met,
        Verdict::NotMet => Outcome::NotMet,
        Verdict::NotConnected => Outcome::NotConnected,
    }
}

fn hours(y: &Year<'_>, t: &TrainingStatus) -> Computed {
    let i = &t.rates.item9;
    let cycle = format!("{}—{} 年周期", i.cycle.start_year, i.cycle.end_year);
    let failing = t
        .rates
        .schools
        .iter()
        .filter(|g| g.completion_rate.is_some_and(|r| r < i.target))
        .map(|g| Shortfall {
            unit: g.key.clone(),
            name: y.name(&g.key),
            remedy: format!(
                "{cycle}完成 {} / {} 名，缺 {} 名",
                g.completed,
                g.assessed,
                g.assessed - g.completed
            ),
        })
        .collect();
    let outcome = verdict_outcome(i.verdict);
    Computed {
        outcome,
        value: i.rate,
        figures: vec![
            figure(
                "培训周期",
                format!(
                    "{cycle}{}",
                    if i.ended {
                        "（已结束）"
                    } else {
                        "（进行中）"
                    }
                ),
            ),
            figure(
                "完成率",
                format!(
                    "{} / {} = {}（标准 ≥ {}）",
                    i.completed,
                    i.assessed,
                    i.rate.map_or_else(|| "-".to_owned(), percent),
                    percent(i.target)
                ),
            ),
        ],
        failing: if outcome == Outcome::NotMet {
            failing
        } else {
            Vec::new()
        },
        provenance: vec![Provenance {
            source: "继续教育学时登记".to_owned(),
            version: format!("{} 条记录", t.records),
        }],
        note: match outcome {
            Outcome::NotConnected => format!("{cycle}没有可评估的教师或学时记录"),
            _ => format!(
                "{cycle}学时完成率 {}",
                i.rate.map_or_else(|| "-".to_owned(), percent)
            ),
        },
    }
}

fn budget(y: &Year<'_>, t: &TrainingStatus) -> Computed {
    let i = &t.item4;
    let outcome = verdict_outcome(i.verdict);
    let failing = i
        .failing()
        .map(|l| Shortfall {
            unit: l.school.to_string(),
            name: t.name(&l.school),
            remedy: match (&l.budget, l.share) {
                (Some(b), Some(s)) => format!(
                    "培训经费 {} 元占公用经费 {} 元的 {}，低于 {}%",
                    b.training,
                    b.public_funds,
                    percent(s),
                    i.percent
                ),
                _ => "未录入公用经费预算".to_owned(),
            },
        })
        .collect();
    Computed {
        outcome,
        value: None,
        figures: vec![
            figure("预算年度", format!("{} 年", i.year)),
            figure(
                "达标学校",
                format!(
                    "{} / {} 所",
                    i.lines.iter().filter(|l| l.meets).count(),
                    i.lines.len()
                ),
            ),
        ],
        failing: if outcome == Outcome::NotMet {
            failing
        } else {
            Vec::new()
        },
        provenance: vec![Provenance {
            source: "学校公用经费预算".to_owned(),
            version: format!("{} 年度", y.year),
        }],
        note: match outcome {
            Outcome::Met => format!("各校教师培训经费均不低于公用经费的 {}%", i.percent),
            Outcome::NotMet => format!("有学校教师培训经费低于公用经费的 {}%", i.percent),
            Outcome::NotConnected => format!("未录入 {} 年各校公用经费预算", i.year),
        },
    }
}

async fn rotation(y: &Year<'_>) -> Result<Computed, StoreError> {
    let Some(q) =
        crate::rotation::year_quota(y.store, y.year, &y.schools, &y.rulebook.rotation).await?
    else {
        return Ok(Computed::not_connected("未导入当年的教师名册"));
    };
    let met = q.met();
    let rules = &y.rulebook.rotation;
    let mut failing = Vec::new();
    if !q.rotated_ok {
        failing.push(Shortfall {
            unit: "全区".to_owned(),
            name: "交流轮岗人数".to_owned(),
            remedy: format!(
                "交流 {} 名，应不少于 {} 名（符合条件 {} 名的 {}）",
                q.rotated,
                q.required,
                q.eligible,
                percent(rules.quota_share)
            ),
        });
    }
    if !q.backbone_ok {
        failing.push(Shortfall {
            unit: "全区".to_owned(),
            name: "骨干教师交流".to_owned(),
            remedy: format!(
                "骨干教师交流 {} 名，应不少于 {} 名",
                q.backbone_rotated, q.backbone_required
            ),
        });
    }
    Ok(Computed {
        outcome: if met { Outcome::Met } else { Outcome::NotMet },
        value: q.share,
        figures: vec![
            figure("符合交流条件的教师", format!("{} 名", q.eligible)),
            figure(
                "交流轮岗",
                format!("{} 名（应 ≥ {} 名）", q.rotated, q.required),
            ),
            figure(
                "其中骨干教师",
                format!(
                    "{} 名（应 ≥ {} 名）",
                    q.backbone_rotated, q.backbone_required
                ),
            ),
        ],
        failing,
        provenance: vec![Provenance {
            source: "教师名册与交流台账".to_owned(),
            version: format!("{} 学年", y.year),
        }],
        note: format!(
            "交流轮岗 {} 名、骨干 {} 名，{}",
            q.rotated,
            q.backbone_rotated,
            if met {
                "达到比例要求"
            } else {
                "未达到比例要求"
            }
        ),
    })
}

fn student_rate(y: &Year<'_>, rates: &YearRates, item: &ItemDef, id: &str) -> Computed {
    let Some(line) = rates.district.lines.iter().find(|l| l.id == id) else {
        return Computed::not_connected("学籍数据中没有此比率");
    };
    let Some(rate) = &line.rate else {
        return Computed::not_connected(
            line.missing
                .clone()
                .unwrap_or_else(|| "缺少计算所需的学籍数据".to_owned()),
        );
    };
    let key = if id == "migrant" { "share" } else { "rate" };
    let mut c = share_item(
        line.name,
        rate.numerator,
        rate.denominator,
        limit(item, key, 0.95),
        Vec::new(),
        vec![Provenance {
            source: "学籍".to_owned(),
            version: format!("{} 学年", y.year),
        }],
    );
    c.figures.push(figure("口径", rate.definition));
    if id == "migrant" {
        c.figures.push(figure(
            "说明",
            "分母为学籍中的随迁子女，不含未入学的适龄随迁子女",
        ));
    }
    c
}
