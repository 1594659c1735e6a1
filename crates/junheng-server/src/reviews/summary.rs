//! What a group's page shows of its 综合考核 in the page's year: `G`, its band and the
//! 集而不团 warnings, with a link to the score sheet.

use junheng_core::evaluate::Evaluation;
use junheng_core::school::SchoolRecord;

use super::{band_key, placed, refusal};
use crate::error::AppError;
use crate::state::Here;

/// A group's review in a year, as its page shows it.
pub(crate) struct GroupSummary {
    /// `G` (one decimal) or `未接入`.
    pub g: String,
    /// The band's catalogue key.
    pub band: &'static str,
    /// The 集而不团 warnings (data).
    pub warnings: Vec<String>,
    /// The score sheet.
    pub href: String,
}

/// The review of group `name` in `year` (its statistics and evaluation given); `None` when the
/// group has no member that year.
pub(crate) async fn group_summary(
    here: &Here,
    year: i32,
    records: &[SchoolRecord],
    evaluation: Option<&Evaluation<'_>>,
    name: &str,
) -> Result<Option<GroupSummary>, AppError> {
    let y = junheng_app::reviews::year(
        &here.store,
        &here.config.review,
        &super::quality(here),
        year,
        records,
        evaluation,
    )
    .await
    .map_err(refusal)?;
    let review = &y.review;
    Ok(review.group(name).map(|g| {
        let (band, _, _) = placed(&review.group_bands, &g.name);
        GroupSummary {
            g: g.composite
                .value
                .map_or_else(|| "未接入".to_owned(), |v| format!("{v:.1}")),
            band: band_key(band),
            warnings: g
                .cohesion
                .warnings
                .iter()
                .map(|w| w.sentence.clone())
                .collect(),
            href: format!(
                "/reviews/group/{}?year={year}",
                crate::views::urlencode(&g.name)
            ),
        }
    }))
}
