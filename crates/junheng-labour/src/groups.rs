//! The fixed frame of the 《义务教育劳动课程标准（2022年版）》 \[V\]: three categories of labour,
//! ten task groups (任务群), and the four 学段 bands of grades (1–2, 3–4, 5–6, 7–9) that lists and
//! badges are written for.
//!
//! Which task groups a band must reach is **not** fixed here: the 课标's 学段 × 任务群 table was
//! not transcribed, so it is a setting ([`crate::checklist::RequiredGroups`]).
//!
//! ```
//! use junheng_labour::groups::{Category, GradeBand, TaskGroup};
//! assert_eq!(TaskGroup::ALL.len(), 10);
//! assert_eq!(TaskGroup::Cooking.category(), Category::DailyLife);
//! assert_eq!(TaskGroup::parse("公益劳动与志愿服务"), Some(TaskGroup::Volunteering));
//! assert_eq!(TaskGroup::Volunteering.number(), 10);
//! assert_eq!(GradeBand::Second.label(), "第二学段（3–4年级）");
//! ```

use serde::{Deserialize, Serialize};

use crate::roster::Grade;
use crate::words::words;

/// The three categories of labour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 日常生活劳动.
    DailyLife,
    /// 生产劳动.
    Production,
    /// 服务性劳动.
    Service,
}

words!(Category {
    DailyLife => "daily_life", "日常生活劳动";
    Production => "production", "生产劳动";
    Service => "service", "服务性劳动";
});

/// The ten task groups (任务群), in the 课标's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskGroup {
    /// 清洁与卫生.
    Cleaning,
    /// 整理与收纳.
    Tidying,
    /// 烹饪与营养.
    Cooking,
    /// 家用器具使用与维护.
    Appliances,
    /// 农业生产劳动.
    Farming,
    /// 传统工艺制作.
    Crafts,
    /// 工业生产劳动.
    Industry,
    /// 新技术体验与应用.
    NewTechnology,
    /// 现代服务业劳动.
    ModernServices,
    /// 公益劳动与志愿服务.
    Volunteering,
}

words!(TaskGroup {
    Cleaning => "cleaning", "清洁与卫生";
    Tidying => "tidying", "整理与收纳";
    Cooking => "cooking", "烹饪与营养";
    Appliances => "appliances", "家用器具使用与维护";
    Farming => "farming", "农业生产劳动";
    Crafts => "crafts", "传统工艺制作";
    Industry => "industry", "工业生产劳动";
    NewTechnology => "new_technology", "新技术体验与应用";
    ModernServices => "modern_services", "现代服务业劳动";
    Volunteering => "volunteering", "公益劳动与志愿服务";
});

impl TaskGroup {
    /// The category the group belongs to.
    pub fn category(self) -> Category {
        use TaskGroup::*;
        match self {
            Cleaning | Tidying | Cooking | Appliances => Category::DailyLife,
            Farming | Crafts | Industry | NewTechnology => Category::Production,
            ModernServices | Volunteering => Category::Service,
        }
    }

    /// The group's number in the 课标, 1–10.
    pub fn number(self) -> u8 {
        Self::ALL.iter().position(|&g| g == self).unwrap_or(0) as u8 + 1
    }
}

/// A 学段 band of the 课标: the grades a list item or a badge is written for. (Not the
/// glossary's section 小学/初中, which is [`junheng_core::student::Stage`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeBand {
    /// 第一学段, grades 1–2.
    First,
    /// 第二学段, grades 3–4.
    Second,
    /// 第三学段, grades 5–6.
    Third,
    /// 第四学段, grades 7–9.
    Fourth,
}

words!(GradeBand {
    First => "first", "第一学段（1–2年级）" | "第一学段" | "1-2年级" | "1–2年级";
    Second => "second", "第二学段（3–4年级）" | "第二学段" | "3-4年级" | "3–4年级";
    Third => "third", "第三学段（5–6年级）" | "第三学段" | "5-6年级" | "5–6年级";
    Fourth => "fourth", "第四学段（7–9年级）" | "第四学段" | "7-9年级" | "7–9年级";
});

impl GradeBand {
    /// The band of a grade.
    pub fn of_grade(grade: Grade) -> GradeBand {
        match grade.get() {
            1 | 2 => GradeBand::First,
            3 | 4 => GradeBand::Second,
            5 | 6 => GradeBand::Third,
            _ => GradeBand::Fourth,
        }
    }

    /// The band's grades, lowest and highest.
    pub fn grades(self) -> (u8, u8) {
        match self {
            GradeBand::First => (1, 2),
            GradeBand::Second => (3, 4),
            GradeBand::Third => (5, 6),
            GradeBand::Fourth => (7, 9),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_groups_in_three_categories_round_trip_their_words() {
        let per: Vec<usize> = Category::ALL
            .iter()
            .map(|&c| TaskGroup::ALL.iter().filter(|g| g.category() == c).count())
            .collect();
        assert_eq!(per, [4, 4, 2]);
        for &g in TaskGroup::ALL {
            assert_eq!(TaskGroup::from_id(g.id()), Some(g));
            assert_eq!(TaskGroup::parse(g.label()), Some(g));
            let json = serde_json::to_string(&g).unwrap();
            assert_eq!(json, format!("\"{}\"", g.id()));
        }
        assert_eq!(GradeBand::parse(" 第三学段 "), Some(GradeBand::Third));
        for &b in GradeBand::ALL {
            let (lo, hi) = b.grades();
            for g in lo..=hi {
                assert_eq!(GradeBand::of_grade(Grade::new(g).unwrap()), b);
            }
            assert_eq!(
                serde_json::to_string(&b).unwrap(),
                format!("\"{}\"", b.id())
            );
        }
    }
}
