//! Generated data for demos and tests: a district 劳动清单 that meets the default
//! [`RequiredGroups`] in every band, with one mandatory item of each required task group and an
//! optional item or two, in the words of published school lists. Pure and deterministic.
//!
//! ```
//! use junheng_labour::checklist::{RequiredGroups, check_district};
//! let list = junheng_labour::synth::district_list(1);
//! assert!(check_district(&list, &RequiredGroups::default()).is_empty());
//! ```

use crate::StudentKey;
use crate::calendar::Day;
use crate::checklist::{
    Checklist, ChecklistItem, EffectiveList, Frequency, Grades, ItemCode, Owner, Place,
    RequiredGroups, Unit,
};
use crate::groups::{GradeBand, TaskGroup};
use crate::passport::{Evidence, LabourRecord, RecordId, Reporter};
use crate::roster::Grade;

/// What a child of each band does for a task group: (content, unit, times, minutes).
fn chore(group: TaskGroup, band: GradeBand) -> (&'static str, Unit, u8, u16) {
    use GradeBand::*;
    use TaskGroup::*;
    match (group, band) {
        (Cleaning, First) => ("洗手帕、红领巾等小件衣物", Unit::Week, 2, 10),
        (Cleaning, Second) => ("洗自己的袜子和鞋", Unit::Week, 2, 15),
        (Cleaning, Third) => ("打扫房间并拖地", Unit::Week, 2, 20),
        (Cleaning, Fourth) => ("清洁厨房灶台与卫生间", Unit::Week, 1, 30),
        (Tidying, First) => ("整理自己的书包和文具", Unit::Day, 1, 10),
        (Tidying, Second) => ("整理床铺、叠放衣物", Unit::Day, 1, 10),
        (Tidying, Third) => ("整理衣柜并分类收纳", Unit::Week, 1, 20),
        (Tidying, Fourth) => ("规划并整理家庭储物空间", Unit::Month, 1, 40),
        (Cooking, First) => ("择菜、洗水果", Unit::Week, 2, 10),
        (Cooking, Second) => ("做一道凉拌菜", Unit::Week, 1, 20),
        (Cooking, Third) => ("做两三道家常菜", Unit::Week, 1, 40),
        (Cooking, Fourth) => ("为家人设计并做一餐营养午餐", Unit::Month, 2, 60),
        (Appliances, First) => ("学会开关台灯、电风扇", Unit::Term, 2, 10),
        (Appliances, Second) => ("使用电饭煲、洗衣机等小家电", Unit::Month, 2, 20),
        (Appliances, Third) => ("清洁与简单维护家用电器", Unit::Month, 1, 30),
        (Appliances, Fourth) => ("更换灯泡、修理小家具", Unit::Term, 2, 40),
        (Farming, First) => ("给班级绿植浇水", Unit::Week, 1, 10),
        (Farming, Second) => ("在劳动基地种植一种蔬菜", Unit::Week, 1, 30),
        (Farming, Third) => ("养护作物并记录生长", Unit::Week, 1, 40),
        (Farming, Fourth) => ("参与一季作物的种植与收获", Unit::Week, 1, 45),
        (Crafts, First) => ("学习简单剪纸", Unit::Month, 1, 30),
        (Crafts, Second) => ("完成一件编织或剪纸作品", Unit::Month, 1, 40),
        (Crafts, Third) => ("学习一项传统工艺（扎染、泥塑等）", Unit::Month, 1, 45),
        (Crafts, Fourth) => ("制作一件传统工艺作品", Unit::Term, 2, 60),
        (Industry, _) => ("体验简单木工、金工制作", Unit::Term, 2, 60),
        (NewTechnology, Third) => ("体验三维设计或简单编程", Unit::Month, 1, 40),
        (NewTechnology, _) => ("完成一个开源硬件或智能小制作", Unit::Term, 2, 60),
        (ModernServices, _) => ("到社区服务站体验一项服务岗位", Unit::Term, 1, 90),
        (Volunteering, First) => ("参加班级值日", Unit::Week, 1, 15),
        (Volunteering, Second) => ("参加校园卫生志愿服务", Unit::Week, 1, 20),
        (Volunteering, Third) => ("参加社区垃圾分类宣传", Unit::Month, 1, 60),
        (Volunteering, Fourth) => ("参加社区志愿服务", Unit::Month, 1, 90),
    }
}

/// Where a task group's items are done: daily life at home, production on campus or at a
/// base, service in the community (the first band's 公益劳动 is 值日, on campus).
fn place_of(group: TaskGroup, band: GradeBand) -> Place {
    use crate::groups::Category;
    match (group.category(), group, band) {
        (Category::DailyLife, _, _) => Place::Home,
        (_, TaskGroup::Volunteering, GradeBand::First | GradeBand::Second) => Place::School,
        (Category::Production, _, _) => Place::School,
        (Category::Service, _, _) => Place::Society,
    }
}

/// The district's list, version `version`: for every band, one mandatory item of each task
/// group [`RequiredGroups::default`] asks for (codes `B<band>-<group number>`), and an optional
/// 家务 item per band (`B<band>-X1`).
pub fn district_list(version: u32) -> Checklist {
    let required = RequiredGroups::default();
    let mut items = Vec::new();
    for (b, &band) in GradeBand::ALL.iter().enumerate() {
        for &group in required.of(band) {
            let (content, unit, times, minutes) = chore(group, band);
            items.push(ChecklistItem {
                code: code(&format!("B{}-{:02}", b + 1, group.number())),
                group,
                grades: Grades::Band(band),
                place: place_of(group, band),
                content: content.into(),
                frequency: Frequency { unit, times },
                minutes,
                mandatory: true,
                safety_note: if group == TaskGroup::Cooking {
                    "用刀用火须有家长在旁".into()
                } else {
                    String::new()
                },
            });
        }
        items.push(ChecklistItem {
            code: code(&format!("B{}-X1", b + 1)),
            group: TaskGroup::Cleaning,
            grades: Grades::Band(band),
            place: Place::Home,
            content: "倒垃圾并做好垃圾分类".into(),
            frequency: Frequency {
                unit: Unit::Week,
                times: 2,
            },
            minutes: 5,
            mandatory: false,
            safety_note: String::new(),
        });
    }
    Checklist {
        owner: Owner::District,
        version,
        parent_version: version.checked_sub(1).filter(|v| *v > 0),
        items,
        removals: Vec::new(),
    }
}

/// A small deterministic stream (SplitMix64) for generated data only (never for samples that
/// must be fair: those are `crate::sample`'s).
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A class's labour from `first` to `last` (records with id 0), as a class that keeps its list
/// would do it: every week each child does two to four of the items of the list for `grade`,
/// on weekdays for campus and community items and on any day for home ones, for the item's
/// minutes give or take a few; home labour is reported by the child (to be confirmed by a
/// parent) or by the parent, campus and community labour by the teacher. Deterministic in
/// `seed`.
///
/// ```
/// use junheng_labour::calendar::Day;
/// use junheng_labour::checklist::{RequiredGroups, effective};
/// use junheng_labour::{Grade, StudentKey, synth};
/// # use junheng_core::school::SchoolCode;
/// let school = SchoolCode::parse("5001120001").unwrap();
/// let list = effective(&school, &synth::district_list(1), None, &RequiredGroups::default()).unwrap();
/// let kids = [StudentKey(1), StudentKey(2)];
/// let first = Day::parse("2025-09-01").unwrap();
/// let records = synth::class_term(&kids, Grade::new(3).unwrap(), &list, first, first.plus(13), 7);
/// assert!(records.len() >= 2 * 2 * 2 && records.iter().all(|r| r.day <= first.plus(13)));
/// ```
pub fn class_term(
    children: &[StudentKey],
    grade: Grade,
    list: &EffectiveList,
    first: Day,
    last: Day,
    seed: u64,
) -> Vec<LabourRecord> {
    let items: Vec<&ChecklistItem> = list
        .items()
        .iter()
        .map(|l| &l.item)
        .filter(|i| i.grades.includes(grade))
        .collect();
    let mut out = Vec::new();
    if items.is_empty() {
        return out;
    }
    let mut r = Stream(seed);
    let mut monday = first.monday();
    while monday <= last {
        for &child in children {
            for _ in 0..2 + r.below(3) {
                let item = items[r.below(items.len() as u64) as usize];
                let home = item.place == Place::Home;
                let day = monday.plus(if home { r.below(7) } else { r.below(5) } as i32);
                if day < first || day > last {
                    continue;
                }
                let reporter = match (home, r.below(3)) {
                    (false, _) => Reporter::Teacher,
                    (true, 0) => Reporter::Parent,
                    (true, _) => Reporter::Student,
                };
                let minutes =
                    (i64::from(item.minutes) + r.below(11) as i64 - 5).clamp(5, 600) as u16;
                out.push(LabourRecord {
                    id: RecordId(0),
                    student: child,
                    item: item.code.clone(),
                    day,
                    minutes,
                    evidence: Evidence::parse(&format!("{}，用时约 {minutes} 分钟", item.content))
                        .unwrap_or_default(),
                    reporter,
                });
            }
        }
        monday = monday.plus(7);
    }
    out
}

fn code(text: &str) -> ItemCode {
    ItemCode::parse(text).expect("the generated codes are valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::check_district;

    #[test]
    fn the_generated_list_meets_the_default_required_groups() {
        let list = district_list(2);
        assert!(check_district(&list, &RequiredGroups::default()).is_empty());
        assert_eq!(list.parent_version, Some(1));
        assert_eq!(
            list.items.iter().filter(|i| !i.mandatory).count(),
            GradeBand::ALL.len()
        );
    }
}
