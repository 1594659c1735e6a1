//! Workbooks of the rotation year (quotas, eligible teachers not yet rotated, roster
//! reconciliation) and of a rotation plan (moves, 差异系数 before/after, effects per school).

use std::collections::BTreeMap;

use rust_xlsxwriter::XlsxError;

use junheng_core::school::SchoolCode;
use junheng_rotation::{Mismatch, Plan, Quota, RotationYear};

use crate::table::write::{Sheet, V, int, t, xlsx, yes_no};

fn num(x: f64) -> V {
    V::N(x)
}

fn opt(x: Option<f64>) -> V {
    x.map_or(V::E, V::N)
}

fn count(n: u64) -> V {
    V::N(n as f64)
}

fn verdict(passes: Option<bool>) -> V {
    t(match passes {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "",
    })
}

const QUOTA_HEADERS: &[&str] = &[
    "范围",
    "名称",
    "符合交流条件教师数",
    "交流轮岗教师数",
    "其中骨干教师数",
    "应交流人数",
    "应交流骨干人数",
    "交流比例",
    "骨干比例",
    "是否达到",
];

fn quota_row(scope: &str, name: &str, q: &Quota) -> Vec<V> {
    vec![
        t(scope),
        t(name),
        count(q.eligible),
        count(q.rotated),
        count(q.backbone_rotated),
        count(q.required),
        count(q.backbone_required),
        opt(q.share),
        opt(q.backbone_share),
        yes_no(q.met()),
    ]
}

/// One entry of the ledger as the rotation workbook lists it, cancelled entries included (texts
/// already in Chinese; times already in Beijing time).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LedgerLine {
    /// The entry's number.
    pub id: i64,
    /// The batch it was written in.
    pub batch: i64,
    /// 教师编号.
    pub teacher: String,
    /// 调出学校: code and name.
    pub from: String,
    /// 调入学校: code and name.
    pub to: String,
    /// 起始学年.
    pub start_year: i32,
    /// 结束学年.
    pub end_year: i32,
    /// 类型.
    pub kind: String,
    /// 来源.
    pub source: String,
    /// 状态: 有效, 在岗交流中 or 已撤销.
    pub status: String,
    /// 备注.
    pub note: String,
    /// 录入人.
    pub created_by: String,
    /// 录入时间.
    pub created_at: String,
    /// 撤销人 (empty while active).
    pub cancelled_by: String,
    /// 撤销时间.
    pub cancelled_at: String,
    /// 撤销原因.
    pub cancel_reason: String,
}

const LEDGER_HEADERS: &[&str] = &[
    "编号",
    "批次",
    "教师编号",
    "调出学校",
    "调入学校",
    "起始学年",
    "结束学年",
    "类型",
    "来源",
    "状态",
    "备注",
    "录入人",
    "录入时间",
    "撤销人",
    "撤销时间",
    "撤销原因",
];

fn ledger_row(l: &LedgerLine) -> Vec<V> {
    vec![
        V::N(l.id as f64),
        V::N(l.batch as f64),
        t(&l.teacher),
        t(&l.from),
        t(&l.to),
        int(l.start_year),
        int(l.end_year),
        t(&l.kind),
        t(&l.source),
        t(&l.status),
        t(&l.note),
        t(&l.created_by),
        t(&l.created_at),
        t(&l.cancelled_by),
        t(&l.cancelled_at),
        t(&l.cancel_reason),
    ]
}

/// The rotation year as a workbook: 配额 (district, groups, schools), 待交流教师 (eligible, not
/// rotating this year), 花名册核对 (counts that differ from the school statistics) and 台账
/// (the year's ledger, cancelled entries with who, when and why).
/// `names` gives school names; the district row only when `district` (a scoped workbook has its
/// groups and schools only).
pub fn write_rotation_xlsx(
    year: &RotationYear<'_>,
    district: bool,
    mismatches: &[Mismatch],
    names: &BTreeMap<SchoolCode, String>,
    ledger: &[LedgerLine],
) -> Result<Vec<u8>, XlsxError> {
    let name = |c: &SchoolCode| names.get(c).cloned().unwrap_or_default();
    let mut quotas = Vec::new();
    if district {
        quotas.push(quota_row("全区", "全区", &year.district));
    }
    quotas.extend(year.groups.iter().map(|(g, q)| quota_row("教育集团", g, q)));
    quotas.extend(
        year.schools
            .iter()
            .map(|(c, q)| quota_row("学校", &format!("{c} {}", name(c)), q)),
    );
    let waiting: Vec<Vec<V>> = year
        .eligible_not_rotated(|_| true)
        .into_iter()
        .map(|s| {
            let te = s.teacher;
            vec![
                t(te.id.as_str()),
                t(te.school.as_str()),
                t(&name(&te.school)),
                t(te.section.label()),
                t(&te.subject),
                t(te.backbone.label()),
                yes_no(te.pe_arts),
                int(te.start_year),
                int(te.years_at_school(year.year)),
            ]
        })
        .collect();
    let checks: Vec<Vec<V>> = mismatches
        .iter()
        .map(|m| {
            vec![
                t(m.school.as_str()),
                t(&m.name),
                t(m.section.label()),
                t(m.field),
                count(m.roster),
                count(m.statistics),
            ]
        })
        .collect();
    xlsx(&[
        Sheet::new("配额", QUOTA_HEADERS, quotas),
        Sheet::new(
            "待交流教师",
            &[
                "教师编号",
                "学校标识码",
                "学校名称",
                "学段",
                "学科",
                "骨干级别",
                "体育艺术",
                "本校任教起始年",
                "本校任教年数",
            ],
            waiting,
        ),
        Sheet::new(
            "花名册核对",
            &[
                "学校标识码",
                "学校名称",
                "学段",
                "项目",
                "花名册人数",
                "统计表人数",
            ],
            checks,
        ),
        Sheet::new(
            "台账",
            LEDGER_HEADERS,
            ledger.iter().map(ledger_row).collect(),
        ),
    ])
}

/// A rotation plan as a workbook: 方案 (scope, quota and worst ratio before and after, notes),
/// 交流名单 (the moves), 差异系数 (every indicator before and after) and 学校变化 (every unit
/// whose values change).
pub fn write_plan_xlsx(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let mut summary = vec![
        vec![t("范围"), t(&plan.scope)],
        vec![t("学年"), int(plan.options.year)],
        vec![
            t("交流期限"),
            t(&format!("{}–{} 学年", plan.term.0, plan.term.1)),
        ],
        vec![
            t("评估规则"),
            t(&format!("{} {}", plan.rulebook, plan.rulebook_version)),
        ],
        vec![t("可交流教师数"), V::N(plan.candidates as f64)],
        vec![t("计划交流人数"), V::N(plan.moves.len() as f64)],
        vec![t("应交流人数"), count(plan.quota_after.required)],
        vec![
            t("应交流骨干人数"),
            count(plan.quota_after.backbone_required),
        ],
        vec![t("计划后交流人数"), count(plan.quota_after.rotated)],
        vec![
            t("计划后骨干人数"),
            count(plan.quota_after.backbone_rotated),
        ],
        vec![t("交流比例是否达到"), yes_no(plan.quota_after.met())],
    ];
    for w in &plan.worst {
        summary.push(vec![
            t(&format!(
                "{}教师指标最大差异系数/限值（前→后）",
                w.section.label()
            )),
            t(&format!("{:.4} → {:.4}", w.before, w.after)),
        ]);
    }
    summary.extend(plan.notes.iter().map(|n| vec![t("说明"), t(n)]));
    let moves: Vec<Vec<V>> = plan
        .moves
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                V::N((i + 1) as f64),
                t(m.teacher.as_str()),
                t(m.section.label()),
                t(&m.subject),
                t(m.degree.label()),
                t(m.backbone.label()),
                yes_no(m.pe_arts),
                int(m.years_at_school),
                t(m.from.as_str()),
                t(&m.from_name),
                t(m.to.as_str()),
                t(&m.to_name),
                opt(m.distance_km),
            ]
        })
        .collect();
    let indicators: Vec<Vec<V>> = plan
        .effect
        .indicators
        .iter()
        .map(|i| {
            vec![
                t(i.section.label()),
                t(&i.name),
                opt(i.cv_before),
                opt(i.cv_after),
                num(i.limit),
                verdict(i.passes_before),
                verdict(i.passes_after),
            ]
        })
        .collect();
    let ids: Vec<&str> = plan
        .effect
        .indicators
        .iter()
        .map(|i| i.short.as_str())
        .collect();
    let mut unit_headers: Vec<String> = [
        "学段",
        "单位",
        "学校名称",
        "单校达标（前）",
        "单校达标（后）",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut units: Vec<Vec<V>> = Vec::new();
    for u in plan.effect.units.iter().filter(|u| u.changed()) {
        let mut row = vec![
            t(u.section.label()),
            t(&u.unit),
            t(&u.name),
            verdict(u.passes_before),
            verdict(u.passes_after),
        ];
        for (b, a) in u.before.iter().zip(&u.after) {
            row.push(num(*b));
            row.push(num(*a));
        }
        units.push(row);
    }
    // Indicator columns of the first section (every section has the same indicators).
    let per_section = plan.effect.indicators.len() / plan.worst.len().max(1);
    unit_headers.extend(
        ids.iter()
            .take(per_section)
            .flat_map(|s| [format!("{s}（前）"), format!("{s}（后）")]),
    );
    let unit_headers: Vec<&str> = unit_headers.iter().map(String::as_str).collect();
    xlsx(&[
        Sheet::new("方案", &["项目", "内容"], summary),
        Sheet::new(
            "交流名单",
            &[
                "序号",
                "教师编号",
                "学段",
                "学科",
                "学历",
                "骨干级别",
                "体育艺术",
                "本校任教年数",
                "调出学校标识码",
                "调出学校",
                "调入学校标识码",
                "调入学校",
                "距离（公里）",
            ],
            moves,
        ),
        Sheet::new(
            "差异系数",
            &[
                "学段",
                "指标",
                "差异系数（前）",
                "差异系数（后）",
                "限值",
                "是否达到（前）",
                "是否达到（后）",
            ],
            indicators,
        ),
        Sheet::new("学校变化", &unit_headers, units),
    ])
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use junheng_core::demo::{DemoSpec, generate};
    use junheng_core::rulebook::Rulebook;
    use junheng_rotation::{PlanInput, PlanOptions, plan, reconcile, rotation_year, synth};

    use super::*;

    fn rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
        let range = book.worksheet_range(sheet).unwrap();
        range.rows().map(<[Data]>::to_vec).collect()
    }

    #[test]
    fn plan_and_rotation_workbooks_carry_every_move_and_quota() {
        let records = generate(&DemoSpec {
            schools: 30,
            seed: 8,
            year: 2024,
        });
        let roster = synth::roster(&records, 8);
        let rulebook = Rulebook::builtin("cn-2017").unwrap();
        let groups = BTreeMap::new();
        let input = PlanInput {
            records: &records,
            roster: &roster,
            ledger: &[],
            groups: &groups,
            rulebook: &rulebook,
        };
        let p = plan(
            &input,
            &PlanOptions {
                year: 2024,
                ..Default::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
        let bytes = write_plan_xlsx(&p).unwrap();
        let moves = rows(&bytes, "交流名单");
        assert_eq!(moves.len(), p.moves.len() + 1);
        assert_eq!(
            moves[1][1],
            Data::String(p.moves[0].teacher.as_str().to_owned())
        );
        assert_eq!(
            rows(&bytes, "差异系数").len(),
            p.effect.indicators.len() + 1
        );
        let changed = p.effect.units.iter().filter(|u| u.changed()).count();
        let units = rows(&bytes, "学校变化");
        assert_eq!(units.len(), changed + 1);
        assert_eq!(units[0].len(), 5 + 2 * 7);

        let year = rotation_year(
            2024,
            &roster,
            &[],
            &groups,
            &Default::default(),
            &rulebook.rotation,
        );
        let names = records
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect();
        let mismatches = reconcile(&records, &roster, 2024);
        let cancelled = LedgerLine {
            id: 7,
            batch: 5,
            teacher: "T0007".into(),
            status: "已撤销".into(),
            cancelled_by: "admin".into(),
            cancel_reason: "方案作废".into(),
            start_year: 2024,
            end_year: 2026,
            ..LedgerLine::default()
        };
        let bytes = write_rotation_xlsx(
            &year,
            true,
            &mismatches,
            &names,
            std::slice::from_ref(&cancelled),
        )
        .unwrap();
        let ledger = rows(&bytes, "台账");
        assert_eq!(ledger.len(), 2);
        assert_eq!(ledger[0][15], Data::String("撤销原因".into()));
        assert_eq!(
            (&ledger[1][0], &ledger[1][1], &ledger[1][9], &ledger[1][15]),
            (
                &Data::Float(7.0),
                &Data::Float(5.0),
                &Data::String("已撤销".into()),
                &Data::String("方案作废".into())
            )
        );
        let quotas = rows(&bytes, "配额");
        assert_eq!(quotas.len(), 1 + 1 + year.schools.len());
        assert_eq!(quotas[1][2], Data::Float(year.district.eligible as f64));
        // A scoped workbook has no district row.
        let scoped = write_rotation_xlsx(&year, false, &mismatches, &names, &[]).unwrap();
        assert_eq!(rows(&scoped, "配额").len(), 1 + year.schools.len());
        assert_eq!(
            rows(&bytes, "待交流教师").len(),
            1 + year.eligible_not_rotated(|_| true).len()
        );
        assert_eq!(rows(&bytes, "花名册核对").len(), 1);
    }
}
