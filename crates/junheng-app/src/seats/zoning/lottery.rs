//! Which stored lottery (随机派位) draws each 派位学区 of the catchment map: a 多校划片 place names
//! its 派位学区, and a lottery's frozen inputs list its zones (`junheng-lottery-inputs`, each
//! zone with an id and a name). A 派位学区 is linked to the newest lottery that has a zone of that
//! id or name; one that no lottery has yet is shown as such (划片 comes before the lottery).

use std::collections::{BTreeMap, BTreeSet};

use junheng_store::{DistrictStore, StoreError};
use serde::{Deserialize, Serialize};

/// The lottery that draws a 派位学区.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotteryLink {
    /// The lottery's number (`/lottery/{id}`).
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Whether it has been drawn.
    pub drawn: bool,
}

/// The zones of a lottery's frozen inputs; everything else in them is skipped.
#[derive(Deserialize)]
struct Frozen {
    #[serde(default)]
    zones: Vec<Zone>,
}

#[derive(Deserialize)]
struct Zone {
    id: String,
    #[serde(default)]
    name: String,
}

/// For each of `names` (派位学区 as the 划片表 writes them) that a stored lottery of the district
/// has as a zone id or name, the newest such lottery.
pub(super) async fn links(
    store: &DistrictStore,
    names: &BTreeSet<&str>,
) -> Result<BTreeMap<String, LotteryLink>, StoreError> {
    let mut out = BTreeMap::new();
    if names.is_empty() {
        return Ok(out);
    }
    // Newest first: the first lottery to name a zone is its link.
    for info in store.lotteries().await? {
        let Some(lottery) = store.lottery(info.id).await? else {
            continue;
        };
        // Inputs this reader cannot read name no zone it could link.
        let Ok(frozen) = serde_json::from_str::<Frozen>(&lottery.inputs) else {
            continue;
        };
        for zone in &frozen.zones {
            for key in [zone.id.trim(), zone.name.trim()] {
                if names.contains(key) {
                    out.entry(key.to_owned()).or_insert_with(|| LotteryLink {
                        id: info.id,
                        title: info.title.clone(),
                        drawn: info.drawn_at.is_some(),
                    });
                }
            }
        }
        if out.len() == names.len() {
            break;
        }
    }
    Ok(out)
}
