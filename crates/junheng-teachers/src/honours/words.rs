//! The award kinds and levels, as the template writes them.

use serde::{Deserialize, Serialize};

use crate::words::words;

/// 奖项类别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardKind {
    /// 赛课 (课堂教学竞赛).
    Contest,
    /// 精品课.
    Course,
    /// 优质课.
    Quality,
    /// 论文.
    Paper,
    /// 课题 (教研课题).
    Research,
    /// 其他.
    Other,
}

words!(AwardKind {
    Contest => "contest", "赛课" | "课堂教学竞赛";
    Course => "course", "精品课" | "精品课程";
    Quality => "quality", "优质课";
    Paper => "paper", "论文";
    Research => "research", "课题";
    Other => "other", "其他";
});

/// 奖项级别, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardLevel {
    /// 部级 (国家级).
    National,
    /// 省级.
    Province,
    /// 市级.
    City,
    /// 区级 (区县级).
    District,
    /// 校级.
    School,
}

words!(AwardLevel {
    National => "national", "部级" | "国家级";
    Province => "province", "省级";
    City => "city", "市级";
    District => "district", "区级" | "区县级" | "县级";
    School => "school", "校级";
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for k in AwardKind::ALL {
            assert_eq!(AwardKind::parse(k.label()), Some(*k));
            assert_eq!(AwardKind::from_id(k.id()), Some(*k));
        }
        for l in AwardLevel::ALL {
            assert_eq!(AwardLevel::parse(l.label()), Some(*l));
        }
        assert_eq!(AwardLevel::parse(" 国家级"), Some(AwardLevel::National));
        assert_eq!(AwardLevel::ALL.len(), 5);
        assert_eq!(AwardKind::parse("演讲"), None);
    }
}
