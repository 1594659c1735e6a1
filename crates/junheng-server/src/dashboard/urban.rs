//! The dashboard's 城乡差异 card: per section, the indicators whose ratio of the 乡村 to the 城区
//! student-weighted mean lies furthest from 1, linked to their pages (the whole split is there).

use junheng_core::urban::{UrbanRuralCategory, UrbanSplit};

use crate::urban::{mean, ratio};
use crate::views;

/// Indicators listed per section.
const LISTED: usize = 3;

/// One indicator of the card.
pub(crate) struct CardRow {
    /// Its page, for the year and rulebook shown.
    pub href: String,
    /// Its short name (data).
    pub name: String,
    pub rural: String,
    pub urban: String,
    pub ratio: String,
    /// Whether the rural mean lies below the urban one.
    pub below: bool,
}

/// One section of the card; no rows when it has no ratio (no 城区 or no 乡村 unit).
pub(crate) struct CardSection {
    /// 小学 or 初中 (data).
    pub label: &'static str,
    pub rows: Vec<CardRow>,
}

/// The card of a split: per section the [`LISTED`] indicators with a ratio furthest from 1
/// (`|ratio − 1|`, largest first; rulebook order among equals).
pub(crate) fn card(split: &UrbanSplit, year: i32, rulebook: &str) -> Vec<CardSection> {
    split
        .sections
        .iter()
        .map(|s| {
            let mut with_ratio: Vec<_> = s
                .indicators
                .iter()
                .filter_map(|i| i.rural_urban_ratio.map(|r| (i, r)))
                .collect();
            with_ratio.sort_by(|a, b| (b.1 - 1.0).abs().total_cmp(&(a.1 - 1.0).abs()));
            let rows = with_ratio
                .into_iter()
                .take(LISTED)
                .map(|(i, r)| {
                    let spread = |c| i.category(c).and_then(|c| c.spread);
                    CardRow {
                        href: format!(
                            "/indicators/{}/{}?year={year}&rulebook={}",
                            s.section.id(),
                            views::urlencode(&i.id),
                            views::urlencode(rulebook),
                        ),
                        name: i.short.clone(),
                        rural: mean(spread(UrbanRuralCategory::Rural)),
                        urban: mean(spread(UrbanRuralCategory::Urban)),
                        ratio: ratio(Some(r)),
                        below: r < 1.0,
                    }
                })
                .collect();
            CardSection {
                label: s.label,
                rows,
            }
        })
        .collect()
}
