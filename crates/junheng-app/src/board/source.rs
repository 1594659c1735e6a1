//! Where a board task comes from: a gap of the 督导评估 verdict, written as the source
//! `supervision_item:{学年}/{指标}` (an item that is not met) or `supervision_item:{学年}/{指标}/{单位}`
//! (one unit of it: a school, a 学段's 差异系数). Closing such a task re-checks the verdict of that
//! year: the gap is gone ([`Recheck::Resolved`]), still there ([`Recheck::StillOpen`] with what
//! still falls short), or not decidable ([`Recheck::NotCheckable`]).

use std::fmt;

use junheng_core::inspection::{GapLine, ItemStatus, Part, PartStatus, Verdict};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::rulebook::Rulebook;
use junheng_store::{DistrictStore, StoreError};
use junheng_teachers::training::Day;

use crate::inspection::{self, Settings};
use crate::tasks::{DEFAULT_RULEBOOK, Recheck, beijing_today};

/// The item id of the resource part in gap lines and sources.
pub const RESOURCES: &str = "resources";

/// A gap of the verdict as a task's source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemGap {
    /// School year.
    pub year: i32,
    /// The rulebook's item id, or [`RESOURCES`].
    pub item: String,
    /// The unit that falls short (a 学校标识码, a 学段), if the gap is a unit's.
    pub unit: Option<String>,
}

impl ItemGap {
    /// The source of a gap line of `year`'s verdict.
    pub fn of(year: i32, line: &GapLine) -> ItemGap {
        ItemGap {
            year,
            item: line.item.clone(),
            unit: line.unit.as_ref().map(|u| u.unit.clone()),
        }
    }

    /// Reads `学年/指标` or `学年/指标/单位`; a Chinese message saying what is expected otherwise.
    ///
    /// ```
    /// use junheng_app::board::ItemGap;
    /// let g = ItemGap::parse("2025/class_size/5001120001").unwrap();
    /// assert_eq!((g.year, g.item.as_str(), g.unit.as_deref()), (2025, "class_size", Some("5001120001")));
    /// assert_eq!(g.to_string(), "2025/class_size/5001120001");
    /// assert!(ItemGap::parse("2025/Class").is_err());
    /// ```
    pub fn parse(key: &str) -> Result<ItemGap, String> {
        let expected = || {
            format!(
                "督导评估差距应写作“学年/指标”或“学年/指标/单位”（如 2025/class_size/5001120001），收到「{}」",
                key.chars().take(60).collect::<String>()
            )
        };
        let mut parts = key.trim().splitn(3, '/');
        let (Some(year), Some(item)) = (parts.next(), parts.next()) else {
            return Err(expected());
        };
        let (year, item) = inspection::item_key(&format!("{year}/{item}"))
            .map(|(y, i)| (y, i.to_owned()))
            .map_err(|_| expected())?;
        let unit = match parts.next().map(str::trim) {
            None => None,
            Some(u) if !u.is_empty() && u.chars().count() <= 60 => Some(u.to_owned()),
            Some(_) => return Err(expected()),
        };
        Ok(ItemGap { year, item, unit })
    }

    /// The task source of this gap.
    pub fn record(&self) -> RecordRef {
        RecordRef {
            kind: RecordKind::SupervisionItem,
            key: self.to_string(),
        }
    }

    /// Whether the gap is still in `verdict` (of its year): [`Recheck::StillOpen`] with what
    /// falls short, [`Recheck::Resolved`] once it is gone, [`Recheck::NotCheckable`] for an item
    /// the verdict does not know or cannot decide yet.
    pub fn check(&self, verdict: &Verdict) -> Recheck {
        if let Some(unit) = &self.unit {
            let line = verdict
                .gaps
                .iter()
                .find(|g| g.item == self.item && g.unit.as_ref().is_some_and(|u| &u.unit == unit));
            return match line {
                Some(g) => Recheck::StillOpen(g.remedy.clone()),
                None => Recheck::Resolved,
            };
        }
        if self.item == RESOURCES {
            return match verdict.part(Part::Resources).map(|p| p.status) {
                Some(PartStatus::Met) => Recheck::Resolved,
                Some(PartStatus::NotMet) => {
                    Recheck::StillOpen("资源配置仍未达到优质均衡要求".into())
                }
                _ => Recheck::NotCheckable("资源配置尚无评估结果".into()),
            };
        }
        match verdict.item(&self.item) {
            Some(i) => match i.status {
                ItemStatus::Met => Recheck::Resolved,
                ItemStatus::NotMet => Recheck::StillOpen(i.reason.clone()),
                ItemStatus::Undecided => Recheck::NotCheckable(i.reason.clone()),
            },
            None => Recheck::NotCheckable(format!("评估规则中没有指标 {}", self.item)),
        }
    }
}

impl fmt::Display for ItemGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.year, self.item)?;
        if let Some(u) = &self.unit {
            write!(f, "/{u}")?;
        }
        Ok(())
    }
}

/// The re-check of a task raised from a 督导评估 gap: the verdict of the gap's year recomputed on
/// the stored data under the default rulebook and the national settings, as of today.
pub async fn recheck(store: &DistrictStore, key: &str) -> Result<Recheck, StoreError> {
    let gap = match ItemGap::parse(key) {
        Ok(g) => g,
        Err(why) => return Ok(Recheck::NotCheckable(why)),
    };
    let rulebook = match Rulebook::builtin(DEFAULT_RULEBOOK) {
        Ok(r) => r,
        Err(e) => return Ok(Recheck::NotCheckable(e.to_string())),
    };
    let today = Day::parse(&beijing_today()).unwrap_or(Day::first_of(gap.year + 1));
    let resources = inspection::resources(store, gap.year, &rulebook).await?;
    let status = inspection::status(
        store,
        gap.year,
        &rulebook,
        &Settings::default(),
        today,
        resources,
    )
    .await;
    let verdict = match status {
        Ok(s) => s.verdict,
        Err(StoreError::NotFound(_)) => {
            return Ok(Recheck::NotCheckable(format!(
                "{} 学年没有统计数据，无法复查",
                gap.year
            )));
        }
        Err(e) => return Err(e),
    };
    Ok(gap.check(&verdict))
}
