//! `rotation check`: the year's quota of the district (or a group) and of each school, the
//! eligible teachers not yet rotated, the roster's reconciliation with the statistics, and the
//! ledger's effect on the teacher indicators' 差异系数.

use std::collections::BTreeMap;
use std::fmt::Write;

use clap::Args as ClapArgs;
use junheng_core::evaluate::evaluate;
use junheng_core::rulebook::RotationRules;
use junheng_core::school::{SchoolCode, Section, school_year};
use junheng_rotation::{
    IndicatorChange, Mismatch, Move, Quota, RotationYear, apply_ledger, effect, reconcile,
    rotation_year,
};
use serde::Serialize;

use super::{YearArgs, YearData, cv, mismatch_table, percent, write_result};
use crate::platform::runtime;
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(flatten)]
    pub year: YearArgs,
}

/// The check, as JSON shows it.
#[derive(Serialize)]
struct Report<'a> {
    year: i32,
    rulebook: &'a str,
    rulebook_version: &'a str,
    rules: RotationRules,
    /// "全区" or the group.
    scope: String,
    /// Whether the scope's quota is met.
    met: bool,
    /// The scope's quota.
    quota: Quota,
    /// The groups in the scope.
    groups: BTreeMap<String, Quota>,
    /// Every school of the scope with teachers.
    schools: Vec<SchoolQuota>,
    /// Eligible teachers of the scope not rotating this year, longest at their school first.
    eligible_not_rotated: Vec<Waiting>,
    /// Moves starting this year whose teacher is not in the roster.
    unknown_teachers: Vec<Move>,
    /// The roster's counts that differ from the statistics (schools of the scope).
    mismatches: Vec<Mismatch>,
    /// Whether the district passes without and with the ledger applied.
    passes_before: bool,
    passes_after: bool,
    /// The teacher indicators' 差异系数 without (before) and with (after) the ledger.
    effect: Vec<IndicatorChange>,
    /// Ledger moves active this year that did not change the statistics, and why.
    skipped: Vec<Skipped>,
}

#[derive(Serialize)]
struct SchoolQuota {
    school: SchoolCode,
    name: String,
    group: Option<String>,
    quota: Quota,
    /// Eligible teachers not rotating this year.
    waiting: usize,
}

#[derive(Serialize)]
struct Waiting {
    teacher: String,
    school: SchoolCode,
    name: String,
    section: Section,
    subject: String,
    backbone: String,
    pe_arts: bool,
    start_year: i32,
    years_at_school: i32,
}

#[derive(Serialize)]
struct Skipped {
    #[serde(rename = "move")]
    move_: Move,
    reason: String,
}

pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let a = &args.year;
    let data = runtime()?
        .block_on(a.db.with_district(async |_, _, data| YearData::load(data, a).await))?;
    let group = a.group.as_deref();
    let rules = data.rulebook.rotation;
    let special = junheng_rotation::special_schools(&data.records, a.year);
    let ry = rotation_year(
        a.year,
        &data.roster,
        &data.ledger,
        &data.groups,
        &special,
        &rules,
    );
    let report = report(&data, &ry, group)?;
    let met = report.met;
    let default_xlsx = format!("交流轮岗核查-{}-{}.xlsx", report.scope, a.year);
    write_result(
        a.format,
        a.output.as_deref(),
        &default_xlsx,
        &report,
        || table(&report),
        || {
            let scoped = ry.clone().within(
                |s| data.in_scope(group, s),
                |g| group.is_none_or(|x| x == g),
            );
            let names = data.names();
            let entries: Vec<_> = data
                .entries
                .iter()
                .filter(|e| {
                    data.in_scope(group, &e.move_.from) || data.in_scope(group, &e.move_.to)
                })
                .cloned()
                .collect();
            junheng_io::rotation::write_rotation_xlsx(
                &scoped,
                group.is_none(),
                &report.mismatches,
                &names,
                &junheng_app::rotation::ledger_lines(&entries, &names, a.year),
            )
            .map_err(anyhow::Error::from)
        },
    )?;
    Ok(if met { Outcome::Pass } else { Outcome::Fail })
}

fn report<'a>(
    data: &'a YearData,
    ry: &RotationYear<'_>,
    group: Option<&str>,
) -> Result<Report<'a>, Failure> {
    let year = ry.year;
    let in_scope = |s: &SchoolCode| data.in_scope(group, s);
    let names = data.names();
    let name = |s: &SchoolCode| names.get(s).cloned().unwrap_or_default();
    let rules = data.rulebook.rotation;
    let quota = match group {
        None => ry.district,
        Some(g) => ry
            .groups
            .get(g)
            .copied()
            .unwrap_or_else(|| Quota::new(0, 0, 0, &rules)),
    };
    let waiting: Vec<Waiting> = ry
        .eligible_not_rotated(in_scope)
        .into_iter()
        .map(|s| {
            let t = s.teacher;
            Waiting {
                teacher: t.id.to_string(),
                school: t.school.clone(),
                name: name(&t.school),
                section: t.section,
                subject: t.subject.clone(),
                backbone: t.backbone.label().to_owned(),
                pe_arts: t.pe_arts,
                start_year: t.start_year,
                years_at_school: t.years_at_school(year),
            }
        })
        .collect();
    let schools = ry
        .schools
        .iter()
        .filter(|(s, _)| in_scope(s))
        .map(|(s, q)| SchoolQuota {
            school: s.clone(),
            name: name(s),
            group: data.groups.get(s).cloned(),
            quota: *q,
            waiting: waiting.iter().filter(|w| &w.school == s).count(),
        })
        .collect();
    let applied = apply_ledger(&data.records, &data.roster, &data.ledger, year, &rules);
    let input = |e| Failure::Input(format!("{year} 学年的学校统计数据无法评估：{e}"));
    let before = evaluate(&data.records, &data.rulebook).map_err(input)?;
    let after = evaluate(&applied.records, &data.rulebook).map_err(input)?;
    let change = effect(&before, &after);
    Ok(Report {
        year,
        rulebook: &data.rulebook.id,
        rulebook_version: &data.rulebook.version,
        rules,
        scope: group.unwrap_or("全区").to_owned(),
        met: quota.met(),
        quota,
        groups: ry
            .groups
            .iter()
            .filter(|(g, _)| group.is_none_or(|s| s == g.as_str()))
            .map(|(g, q)| (g.clone(), *q))
            .collect(),
        schools,
        eligible_not_rotated: waiting,
        unknown_teachers: ry
            .unknown_teachers
            .iter()
            .filter(|m| in_scope(&m.from))
            .map(|m| (*m).clone())
            .collect(),
        mismatches: reconcile(&data.records, &data.roster, year)
            .into_iter()
            .filter(|m| in_scope(&m.school))
            .collect(),
        passes_before: change.passes_before,
        passes_after: change.passes_after,
        effect: change
            .indicators
            .into_iter()
            .filter(|i| i.teacher)
            .collect(),
        skipped: applied
            .skipped
            .iter()
            .map(|(m, why)| Skipped {
                move_: (*m).clone(),
                reason: why.describe(),
            })
            .collect(),
    })
}

/// A quota's columns: eligible, rotated, 骨干, required, 骨干 required, shares, met.
fn quota_cells(q: &Quota) -> Vec<String> {
    vec![
        q.eligible.to_string(),
        q.rotated.to_string(),
        q.backbone_rotated.to_string(),
        q.required.to_string(),
        q.backbone_required.to_string(),
        percent(q.share),
        percent(q.backbone_share),
        if q.met() {
            "✓ 达到"
        } else {
            "✗ 未达到"
        }
        .to_owned(),
    ]
}

const QUOTA_HEADERS: [(&str, Align); 8] = [
    ("符合条件", Align::Right),
    ("已交流", Align::Right),
    ("其中骨干", Align::Right),
    ("应交流", Align::Right),
    ("应交流骨干", Align::Right),
    ("交流比例", Align::Right),
    ("骨干比例", Align::Right),
    ("结论", Align::Left),
];

fn quota_table(first: &[(&str, Align)], rows: Vec<(Vec<String>, &Quota)>) -> Table {
    let headers: Vec<(&str, Align)> = first.iter().chain(&QUOTA_HEADERS).copied().collect();
    let mut t = Table::new(&headers);
    for (mut cells, q) in rows {
        cells.extend(quota_cells(q));
        t.row(cells);
    }
    t
}

/// The teacher indicators' 差异系数 before and after, as a table.
pub(super) fn cv_table(changes: &[IndicatorChange], before: &str, after: &str) -> String {
    let mut t = Table::new(&[
        ("学段", Align::Left),
        ("指标", Align::Left),
        ("限值", Align::Right),
        (before, Align::Right),
        (after, Align::Right),
        ("变化", Align::Right),
    ]);
    for i in changes.iter().filter(|i| i.teacher) {
        let delta = match (i.cv_before, i.cv_after) {
            (Some(b), Some(a)) => format!("{:+.3}", a - b),
            _ => String::new(),
        };
        t.row(vec![
            i.section.label().into(),
            i.name.clone(),
            format!("{:.2}", i.limit),
            cv(i.cv_before),
            cv(i.cv_after),
            delta,
        ]);
    }
    t.render("  ")
}

fn table(r: &Report<'_>) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} 学年 教师交流轮岗核查（{}）",
        school_year(r.year),
        r.scope
    );
    let _ = writeln!(w, "评估规则：{}（版本 {}）", r.rulebook, r.rulebook_version);
    let _ = writeln!(w, "交流规则：{}", r.rules.describe());
    let _ = writeln!(
        w,
        "\n结论：{}：符合交流条件 {} 人，已交流 {} 人（骨干 {} 人），应交流至少 {} 人（骨干至少 {} 人）",
        if r.met {
            "✓ 达到交流比例"
        } else {
            "✗ 未达到交流比例"
        },
        r.quota.eligible,
        r.quota.rotated,
        r.quota.backbone_rotated,
        r.quota.required,
        r.quota.backbone_required
    );
    let mut rows = vec![(vec![r.scope.clone()], &r.quota)];
    if r.scope == "全区" {
        rows.extend(r.groups.iter().map(|(g, q)| (vec![g.clone()], q)));
    }
    let _ = writeln!(w, "\n【配额】");
    let _ = write!(
        w,
        "{}",
        quota_table(&[("范围", Align::Left)], rows).render("  ")
    );
    let _ = writeln!(
        w,
        "\n【各学校】（待交流：符合条件、本学年尚未交流的教师数）"
    );
    let rows = r
        .schools
        .iter()
        .map(|s| {
            let cells = vec![s.school.to_string(), s.name.clone(), s.waiting.to_string()];
            (cells, &s.quota)
        })
        .collect();
    let first = [
        ("学校标识码", Align::Left),
        ("学校名称", Align::Left),
        ("待交流", Align::Right),
    ];
    let _ = write!(w, "{}", quota_table(&first, rows).render("  "));
    let _ = writeln!(
        w,
        "  共 {} 名符合条件的教师本学年尚未交流（名单见 --format json 或 xlsx）",
        r.eligible_not_rotated.len()
    );
    if !r.unknown_teachers.is_empty() {
        let _ = writeln!(
            w,
            "  注意：{} 项本学年开始的交流，其教师不在本学年花名册中（计入交流人数，不计骨干）",
            r.unknown_teachers.len()
        );
    }
    let _ = writeln!(w, "\n【花名册核对】");
    if r.mismatches.is_empty() {
        let _ = writeln!(w, "  花名册与学校统计数据一致");
    } else {
        let _ = writeln!(
            w,
            "  警告：{} 处不一致（按花名册计算交流比例，差异系数按统计表计算）",
            r.mismatches.len()
        );
        let _ = write!(w, "{}", mismatch_table(&r.mismatches));
    }
    let _ = writeln!(w, "\n【台账对评估的影响】（全区教师指标差异系数）");
    let _ = write!(w, "{}", cv_table(&r.effect, "不计台账", "计入台账"));
    let verdict = |p: bool| if p { "达标" } else { "未达标" };
    let _ = writeln!(
        w,
        "  全区评估：不计台账 {}，计入台账 {}",
        verdict(r.passes_before),
        verdict(r.passes_after)
    );
    if !r.skipped.is_empty() {
        let _ = writeln!(
            w,
            "  {} 项本学年在岗的交流未改变统计数据：",
            r.skipped.len()
        );
        for s in r.skipped.iter().take(20) {
            let _ = writeln!(w, "    {}：{}", s.move_, s.reason);
        }
        if r.skipped.len() > 20 {
            let _ = writeln!(w, "    另有 {} 项未列出", r.skipped.len() - 20);
        }
    }
    out
}
