//! A school's raw inputs (原始数据: every template field of its row — students per section, 高中
//! included, teachers, areas, equipment, rooms) and how the shared facilities of a
//! multi-section school are apportioned to the section a unit is evaluated in.

use junheng_core::rulebook::Policy;
use junheng_core::school::{Facilities, SchoolRecord, Section};

use crate::i18n::Lang;
use crate::i18n::marks::{self, Var};

/// One raw input: the template's header and the value as the template holds it (data).
pub(crate) struct InputRow {
    pub field: &'static str,
    pub value: String,
}

/// Every template field of the row but the identity columns the page's heading shows.
pub(crate) fn inputs(record: &SchoolRecord) -> Vec<InputRow> {
    const SHOWN_ABOVE: [&str; 4] = ["学年", "学校标识码", "学校名称", "办学类型"];
    junheng_io::school::fields(record)
        .into_iter()
        .filter(|(field, _)| !SHOWN_ABOVE.contains(field))
        .map(|(field, value)| InputRow {
            field,
            value: if value.is_empty() {
                "—".into()
            } else {
                value
            },
        })
        .collect()
}

/// A shared facility: the template's header, its unit and its value.
type Shared = (&'static str, &'static str, fn(&Facilities) -> f64);

/// The facilities a school shares between its sections.
const SHARED: [Shared; 9] = [
    ("教学及辅助用房面积", "㎡", |f| {
        f.teaching_room_area
    }),
    ("体育馆面积", "㎡", |f| f.gym_area),
    ("运动场地面积", "㎡", |f| f.sports_ground_area),
    ("教学仪器设备资产值", "万元", |f| {
        f.equipment_value
    }),
    ("网络多媒体教室数", "间", |f| {
        f64::from(f.multimedia_rooms)
    }),
    ("音乐专用教室数", "间", |f| f64::from(f.music_rooms)),
    ("美术专用教室数", "间", |f| f64::from(f.art_rooms)),
    ("计算机台数", "台", |f| f64::from(f.computers)),
    ("图书册数", "册", |f| f64::from(f.books)),
];

/// How a unit's share of shared facilities is derived, when the school has more than one
/// section with students: the formula with the school's numbers, then each facility's
/// apportioned amount (HTML: sections, facilities and units are data). Empty for a
/// single-section school (it keeps all its facilities).
pub(crate) struct Apportioning {
    pub formula: String,
    pub amounts: Vec<String>,
}

/// The apportioning of `record`'s facilities to `section` under `policy`, in `lang` (see
/// [`junheng_core::evaluate::facility_share`], which the evaluation uses).
pub(crate) fn apportioning(
    lang: Lang,
    record: &SchoolRecord,
    section: Section,
    policy: &Policy,
) -> Option<Apportioning> {
    let share = junheng_core::evaluate::facility_share(record, section, policy);
    if share >= 1.0 {
        return None;
    }
    let w = &policy.apportion_weights;
    let terms: Vec<(Section, String)> = [Section::Primary, Section::Junior, Section::Senior]
        .into_iter()
        .filter(|s| record.kind.has(*s) && record.students(*s) > 0)
        .map(|s| (s, format!("{} × {}", record.students(s), w.of(s))))
        .collect();
    let own = terms
        .iter()
        .find(|(s, _)| *s == section)
        .map_or_else(|| "0".to_owned(), |(_, t)| t.clone());
    let all: Vec<&str> = terms.iter().map(|(_, t)| t.as_str()).collect();
    let sections: Vec<String> = terms
        .iter()
        .map(|(s, _)| {
            marks::html(
                lang,
                "schools-apportioning-section",
                &[
                    ("section", Var::Data(s.label())),
                    ("n", Var::arg(record.students(*s))),
                    ("weight", Var::arg(w.of(*s).to_string())),
                ],
            )
        })
        .collect();
    let percent = format!("{:.1}", share * 100.0);
    let formula = marks::html(
        lang,
        "schools-apportioning-formula",
        &[
            (
                "sections",
                Var::Html(sections.join(lang.t("pages-clause-separator"))),
            ),
            ("section", Var::Data(section.label())),
            ("own", Var::arg(own)),
            ("all", Var::arg(all.join(" + "))),
            ("share", Var::arg(percent.as_str())),
        ],
    );
    let amounts = SHARED
        .iter()
        .map(|(field, unit, of)| {
            let whole = of(&record.facilities);
            marks::html(
                lang,
                "schools-apportioning-amount",
                &[
                    ("field", Var::Data(field)),
                    ("whole", Var::arg(number(whole))),
                    ("unit", Var::Data(unit)),
                    ("share", Var::arg(percent.as_str())),
                    ("part", Var::arg(number(whole * share))),
                ],
            )
        })
        .collect();
    Some(Apportioning { formula, amounts })
}

/// A number with at most two decimals, trailing zeros dropped.
fn number(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use junheng_core::rulebook::Rulebook;
    use junheng_core::school::SchoolKind;

    use super::*;

    #[test]
    fn a_complete_school_shows_its_senior_students_in_the_formula() {
        let mut record = junheng_core::demo::generate(&junheng_core::demo::DemoSpec {
            schools: 1,
            seed: 1,
            year: 2024,
        })
        .remove(0);
        record.kind = SchoolKind::Complete;
        (record.primary.students, record.junior.students) = (0, 600);
        record.senior_students = 400;
        record.facilities.teaching_room_area = 10_000.0;
        let policy = Rulebook::builtin("cn-2017").unwrap().policy;
        let w = policy.apportion_weights;
        let a =
            apportioning(Lang::Zh, &record, Section::Junior, &policy).expect("shared facilities");
        let share = 600.0 * w.junior / (600.0 * w.junior + 400.0 * w.senior);
        assert!(
            a.formula.ends_with(&format!("= {:.1}%", share * 100.0)),
            "{}",
            a.formula
        );
        assert!(a.formula.contains("高中在校生 400 人"), "{}", a.formula);
        assert_eq!(
            a.amounts[0],
            format!(
                "教学及辅助用房面积 10000㎡ × {:.1}% = {}㎡",
                share * 100.0,
                number(10_000.0 * share)
            )
        );
        let en = apportioning(Lang::En, &record, Section::Junior, &policy).expect("in English");
        assert!(
            en.formula
                .contains(r#"<span lang="zh-CN">高中</span>: 400 students"#),
            "{}",
            en.formula
        );
        assert!(
            en.amounts[0].starts_with(r#"<span lang="zh-CN">教学及辅助用房面积</span> 10000"#),
            "{}",
            en.amounts[0]
        );
        record.senior_students = 0;
        assert!(apportioning(Lang::Zh, &record, Section::Junior, &policy).is_none());
        let fields: Vec<&str> = inputs(&record).iter().map(|i| i.field).collect();
        assert!(fields.contains(&"高中在校生数") && !fields.contains(&"学校名称"));
    }
}
