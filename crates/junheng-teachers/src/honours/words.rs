//! The award kinds and levels, as the template writes them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Generates `ALL`, `label`, `id`, `from_id`, `parse` and `expected` for a word enum.
macro_rules! words {
    ($(#[$doc:meta])* $ty:ident { $($(#[$vdoc:meta])* $variant:ident = $id:literal => $label:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $ty { $($(#[$vdoc])* $variant),+ }

        impl $ty {
            /// Every value, in the template's order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The Chinese word.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }

            /// Stable identifier (storage, JSON).
            pub fn id(self) -> &'static str {
                match self { $($ty::$variant => $id),+ }
            }

            /// The value of an identifier written by `id`.
            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == id)
            }

            /// Parses the template's word (or an accepted alias), after trimming.
            pub fn parse(text: &str) -> Option<Self> {
                match text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}') {
                    $($label $(| $alias)* => Some($ty::$variant),)+
                    _ => None,
                }
            }

            /// The accepted words, for messages.
            pub fn expected() -> String {
                [$($label),+].join("、")
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

words!(
    /// 奖项类别.
    AwardKind {
        /// 赛课 (课堂教学竞赛).
        Contest = "contest" => "赛课" | "课堂教学竞赛",
        /// 精品课.
        Course = "course" => "精品课" | "精品课程",
        /// 优质课.
        Quality = "quality" => "优质课",
        /// 论文.
        Paper = "paper" => "论文",
        /// 课题 (教研课题).
        Research = "research" => "课题",
        /// 其他.
        Other = "other" => "其他",
    }
);

words!(
    /// 奖项级别, highest first.
    AwardLevel {
        /// 部级 (国家级).
        National = "national" => "部级" | "国家级",
        /// 省级.
        Province = "province" => "省级",
        /// 市级.
        City = "city" => "市级",
        /// 区级 (区县级).
        District = "district" => "区级" | "区县级" | "县级",
        /// 校级.
        School = "school" => "校级",
    }
);

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
