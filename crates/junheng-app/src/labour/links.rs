//! Parent confirmation by one-time link (issue 18 item 7). The issue lets a deployment choose a
//! parent account scoped to one child or a link per record; Junheng uses **links**: parents need
//! no account, password or phone number registered with the bureau, and a slip reaches exactly
//! the family the class teacher hands it to (see README “家长确认”).
//!
//! * A class teacher prints slips for the week's home records still waiting ([`issue`]): one
//!   link per record, a random token of 128 bits or more (made by the caller's `mint`), stored
//!   only as its SHA-256, working until its last day (`days` after today, a setting) and for one
//!   answer.
//! * The parent's page ([`open`]) shows the item, the day, the minutes, the evidence and the class
//!   — never the child's name, so a lost slip or a forwarded link names nobody.
//! * The answer ([`answer`]): 确认 (confirmed) or 有误 (disputed — the engine's `Rejected` by a
//!   parent, engine `apply`), written with the link marked used and its audit entry in one
//!   transaction. An unknown, used or expired link, or a record a teacher has settled, gets the
//!   one same answer ([`Refused::Store`] of [`StoreError::NotFound`]), so nothing can be learnt
//!   by trying tokens.

use junheng_labour::calendar::Day;
use junheng_labour::checklist::{Place, RequiredGroups};
use junheng_labour::passport::{
    Decision, LabourRecord, Reporter, Status, Verification, Verifier, apply, status_of,
};
use junheng_store::{DistrictStore, Store, StoreError, StudentKeys};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::lists::effective_of;
use super::records::{ClassSeat, Context, list_of};
use crate::pairings::{Caller, Refused};

/// Days a link works by default (a setting: the server's `labour_link_days`).
pub const DEFAULT_LINK_DAYS: u32 = 14;

/// The SHA-256 of a token, hex: what the store keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// One slip: the link's token and what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slip {
    /// The token (shown once, on the slip).
    pub token: String,
    /// The record.
    pub record: LabourRecord,
    /// The item's content.
    pub content: String,
    /// The class (`3年级1班`).
    pub class: String,
    /// The last day the link works.
    pub expires_on: Day,
}

/// Issues a link for every home record of the class in the week of `day` that still waits for
/// a parent (reported by the child or a base, not by a teacher or a parent), with its audit
/// entry. `mint` makes each token (≥ 128 random bits). Earlier slips of a record keep working
/// until used or expired; the first answer settles the record.
pub async fn issue(
    store: &DistrictStore,
    caller: &Caller<'_>,
    seat: &ClassSeat,
    day: Day,
    days: u32,
    at: Context<'_>,
    mut mint: impl FnMut() -> String,
) -> Result<Vec<Slip>, Refused> {
    let list = list_of(store, &seat.school, at.required).await?;
    let monday = day.monday();
    let stored = store
        .labour_records(
            at.keys,
            Some((&seat.school, &seat.label)),
            None,
            monday,
            monday.plus(6),
        )
        .await?;
    let ids: Vec<i64> = stored.iter().map(|s| s.record.id.0).collect();
    let verifications = store.labour_verifications(&ids).await?;
    let expires_on = at.today.plus(i32::try_from(days).unwrap_or(14));
    let mut slips = Vec::new();
    for s in stored {
        let Some(item) = list.item(&s.record.item) else {
            continue;
        };
        let mine: Vec<&Verification> = verifications
            .iter()
            .filter(|v| v.record == s.record.id)
            .collect();
        let pending = status_of(&s.record, item.place, &mine).ok() == Some(Status::Pending);
        if item.place != Place::Home || !pending || s.record.reporter == Reporter::Teacher {
            continue;
        }
        slips.push(Slip {
            token: mint(),
            content: item.content.clone(),
            record: s.record,
            class: seat.label.clone(),
            expires_on,
        });
    }
    let links: Vec<(i64, String)> = slips
        .iter()
        .map(|s| (s.record.id.0, token_hash(&s.token)))
        .collect();
    store
        .add_labour_links(&links, expires_on, &caller.actor())
        .await?;
    Ok(slips)
}

/// What the parent's page shows: no name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParentView {
    /// The item's content.
    pub content: String,
    /// The day it was done.
    pub day: Day,
    /// Minutes.
    pub minutes: u16,
    /// The evidence text.
    pub evidence: String,
    /// The class (`3年级1班`).
    pub class: String,
}

/// The one answer to every link that does not work.
fn gone() -> Refused {
    Refused::Store(StoreError::NotFound(
        "该确认链接（链接无效、已使用或已过期）",
    ))
}

/// The link's district store, record and place, when it works on `today`.
async fn working(
    store: &Store,
    keys: &StudentKeys,
    token: &str,
    today: Day,
    required: &RequiredGroups,
) -> Result<(DistrictStore, LabourRecord, String, String, Place, Status), Refused> {
    let hash = token_hash(token.trim());
    let link = store.labour_link(&hash).await?.ok_or_else(gone)?;
    if link.used || today > link.expires_on {
        return Err(gone());
    }
    let data = store.in_district(link.district);
    let found = data
        .labour_record(keys, link.record)
        .await?
        .ok_or_else(gone)?;
    let list = effective_of(&data, &found.school, required)
        .await?
        .ok_or_else(gone)?;
    let item = list.item(&found.record.item).ok_or_else(gone)?;
    let before = data.labour_verifications(&[link.record]).await?;
    let refs: Vec<&Verification> = before.iter().collect();
    let status = status_of(&found.record, item.place, &refs).map_err(|_| gone())?;
    if status != Status::Pending {
        return Err(gone());
    }
    Ok((
        data,
        found.record,
        item.content.clone(),
        found.class,
        item.place,
        status,
    ))
}

/// The parent's view of a working link (reading does not use it up).
pub async fn open(
    store: &Store,
    keys: &StudentKeys,
    token: &str,
    today: Day,
    required: &RequiredGroups,
) -> Result<ParentView, Refused> {
    let (_, record, content, class, _, _) = working(store, keys, token, today, required).await?;
    Ok(ParentView {
        content,
        day: record.day,
        minutes: record.minutes,
        evidence: record.evidence.as_str().to_owned(),
        class,
    })
}

/// The parent's answer: 确认 or 有误, as the engine allows it, once. Returns the record's new
/// status.
pub async fn answer(
    store: &Store,
    keys: &StudentKeys,
    token: &str,
    decision: Decision,
    today: Day,
    required: &RequiredGroups,
) -> Result<Status, Refused> {
    let (data, record, _, _, place, status) = working(store, keys, token, today, required).await?;
    let after = apply(status, place, Verifier::Parent, decision).map_err(|_| gone())?;
    let v = Verification {
        record: record.id,
        verifier: Verifier::Parent,
        decision,
        day: today.max(record.day),
    };
    if !data.use_labour_link(&token_hash(token.trim()), &v).await? {
        return Err(gone());
    }
    Ok(after)
}
