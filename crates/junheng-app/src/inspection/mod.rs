//! 督导评估 (issue 19): a district's school year judged on all four parts of the 2017 办法 and the
//! 一票否决 list — every item computed from the district's data by the capability that owns it
//! ([`collect`]), or decided by the district's statements (认定) with their evidence — the
//! verdict with its reasons and gap list, and its history.
//!
//! | operation | function |
//! |---|---|
//! | the verdict of a year, with every item's computation, statement and documents; kept as a snapshot when its data changed | [`status`] |
//! | the 资源配置 part from the year's statistics (the command line's path; the server passes its cached evaluation) | [`resources`] |
//! | make a statement on an item, withdraw one (撤回) | [`attest`], [`withdraw_statement`] |
//! | enter a figure (the official 社会认可度, a 定额), withdraw one | [`set_input`], [`withdraw_input`] |
//! | the 自评报告 (.docx) of a year, in the default template or the district's own | [`report::write`] |
//! | the 创建路径: target, days left, the five steps, the standing, open and overdue tasks; the district's own 自评 step | [`path::path`], [`path::record_self_assessment`] |

pub mod collect;
pub mod path;
pub mod report;

use std::collections::BTreeMap;

use junheng_core::evaluate::evaluate;
use junheng_core::inspection::{
    Attestation, ItemInput, ItemStatus, Overall, Resources, Verdict, resources_of, verdict,
};
use junheng_core::record::RecordKind;
use junheng_core::rulebook::{ItemDef, Rulebook};
use junheng_store::{
    Actor, DistrictStore, Evidence, InspectionInput, InspectionSnapshot, ItemStatement, StoreError,
};
use junheng_teachers::training::Day;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use collect::{Settings, collect};

/// A figure a district enters for the items, with its meaning and range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InputName {
    /// Its name (`inspection_inputs.name`).
    pub id: &'static str,
    /// What it is, in Chinese.
    pub label: &'static str,
    /// The range it must be in, in Chinese.
    pub range: &'static str,
}

/// The figures a district may enter.
pub const INPUTS: [InputName; 3] = [
    InputName {
        id: collect::input::RECOGNITION_RATE,
        label: "官方社会认可度（国家调查结果）",
        range: "0 到 1 之间的比例，例如 0.9132",
    },
    InputName {
        id: collect::input::RECOGNITION_RESPONDENTS,
        label: "官方社会认可度调查的有效样本数",
        range: "1 到 10 000 000 之间的整数",
    },
    InputName {
        id: collect::input::SMALL_SCHOOL_PER_STUDENT,
        label: "生均公用经费基准定额（元，省定；规则未设置时使用）",
        range: "大于 0、不超过 100 000 的金额",
    },
];

/// Checks an evidence key of a 督导评估 item: `{学年}/{指标 id}`.
pub fn item_key(key: &str) -> Result<(i32, &str), StoreError> {
    let bad = || StoreError::invalid("督导评估指标的标识应为“学年/指标”，例如 2024/class_size");
    let (year, item) = key.split_once('/').ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    let shaped = !item.is_empty()
        && item.len() <= 64
        && item
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !(2000..=2100).contains(&year) || !shaped {
        return Err(bad());
    }
    Ok((year, item))
}

/// The evidence key of `item` in school year `year`.
pub fn evidence_key(year: i32, item: &str) -> String {
    format!("{year}/{item}")
}

/// One item as the overview and its page show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemView {
    /// The rulebook's definition.
    pub def: ItemDef,
    /// What the collector computed and the statement that counts.
    pub input: ItemInput,
    /// Every statement of the year on it, withdrawn ones included, newest first.
    pub statements: Vec<ItemStatement>,
    /// Its documents of evidence (the newest version of each title).
    pub documents: Vec<Evidence>,
}

/// The verdict of a school year and everything it was decided from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// School year.
    pub year: i32,
    /// The verdict.
    pub verdict: Verdict,
    /// The resource part as evaluated (`None`: not evaluated).
    pub resources: Option<Resources>,
    /// Every item, in the rulebook's order.
    pub items: Vec<ItemView>,
    /// The figures entered for the year, withdrawn ones included, newest first.
    pub figures: Vec<InspectionInput>,
    /// A digest of everything the verdict was decided from.
    pub stamp: String,
    /// The kept verdicts of every school year under the rulebook, oldest first.
    pub history: Vec<(i32, Overall)>,
    /// The district's own self-check survey of the year (社会认可度自测, the latest closed one):
    /// shown beside the official rate, never deciding the item.
    pub self_check: Option<crate::survey::Latest>,
}

impl Status {
    /// An item by id.
    pub fn item(&self, id: &str) -> Option<&ItemView> {
        self.items.iter().find(|i| i.def.id == id)
    }
}

/// The 资源配置 part of school year `year` from its statistics; `None` when the year has no
/// units to evaluate.
pub async fn resources(
    store: &DistrictStore,
    year: i32,
    rulebook: &Rulebook,
) -> Result<Option<Resources>, StoreError> {
    let records = store.statistics(year, None).await?;
    Ok(evaluate(&records, rulebook).ok().map(|e| resources_of(&e)))
}

/// The verdict of school year `year` under `rulebook`: every item collected, the statements and
/// documents read, decided; kept as a snapshot when its stamp differs from the last one kept.
/// [`StoreError::NotFound`] when the year has no statistics.
pub async fn status(
    store: &DistrictStore,
    year: i32,
    rulebook: &Rulebook,
    settings: &Settings,
    today: Day,
    resources: Option<Resources>,
) -> Result<Status, StoreError> {
    let evidence = store.all_evidence().await?;
    let mut computed =
        collect::collect_with(store, year, rulebook, settings, today, &evidence).await?;
    let statements = store.statements(year).await?;
    let prefix = format!("{year}/");
    let mut documents: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
    for e in evidence {
        if e.record.kind != RecordKind::SupervisionItem {
            continue;
        }
        let Some(item) = e.record.key.strip_prefix(&prefix) else {
            continue;
        };
        let docs = documents.entry(item.to_owned()).or_default();
        // Newest version first: keep one per title.
        if !docs.iter().any(|d| d.title == e.title) {
            docs.push(e);
        }
    }
    let mut items = Vec::with_capacity(rulebook.items.len());
    for def in &rulebook.items {
        let mine: Vec<ItemStatement> = statements
            .iter()
            .filter(|s| s.item == def.id)
            .cloned()
            .collect();
        let docs = documents.remove(&def.id).unwrap_or_default();
        let attestation = mine
            .iter()
            .find(|s| s.withdrawn.is_none())
            .map(|s| Attestation {
                met: s.met,
                note: s.note.clone(),
                evidence: docs.len(),
                by: s.made_by.clone(),
                at: s.made_at.get(..10).unwrap_or(&s.made_at).to_owned(),
            });
        let input = ItemInput {
            computed: computed.remove(&def.id),
            attestation,
        };
        items.push(ItemView {
            def: def.clone(),
            input,
            statements: mine,
            documents: docs,
        });
    }
    let inputs: BTreeMap<String, ItemInput> = items
        .iter()
        .map(|i| (i.def.id.clone(), i.input.clone()))
        .collect();
    let verdict = verdict(rulebook, year, resources.as_ref(), &inputs);
    let stamp = stamp(rulebook, year, resources.as_ref(), &inputs);
    store
        .keep_snapshot(&InspectionSnapshot {
            year,
            rulebook: rulebook.id.clone(),
            rulebook_version: rulebook.version.clone(),
            stamp: stamp.clone(),
            overall: overall_id(verdict.overall).to_owned(),
            // A verdict holds strings, numbers and lists only: it always serialises.
            verdict: serde_json::to_string(&verdict).expect("a verdict serialises"),
            computed_at: junheng_store::rfc3339(std::time::SystemTime::now()),
        })
        .await?;
    let history = store
        .snapshots(&rulebook.id)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.year, overall_of(&s.overall)?)))
        .collect();
    Ok(Status {
        year,
        verdict,
        resources,
        items,
        figures: store.inspection_inputs(year).await?,
        stamp,
        history,
        self_check: crate::survey::latest_result(store, year).await?,
    })
}

/// The digest of what a verdict is decided from: the rulebook and its version, the year, the
/// resource part and every item's input. The same data give the same stamp.
fn stamp(
    rulebook: &Rulebook,
    year: i32,
    resources: Option<&Resources>,
    inputs: &BTreeMap<String, ItemInput>,
) -> String {
    let mut h = Sha256::new();
    let json = serde_json::json!({
        "rulebook": rulebook.id,
        "version": rulebook.version,
        "year": year,
        "resources": resources,
        "inputs": inputs,
    });
    h.update(json.to_string().as_bytes());
    hex::encode(&h.finalize()[..8])
}

/// A district's standing on the 督导评估 of a year, as its latest kept verdict says: what the city
/// sees of every district (no item's detail, no school).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// The whole.
    pub overall: Overall,
    /// Parts met, of the four.
    pub parts_met: usize,
    /// Items not met (一票否决 cases included).
    pub items_not_met: usize,
    /// Items undecided (or at risk).
    pub items_undecided: usize,
    /// When the verdict was computed (RFC 3339).
    pub computed_at: String,
}

/// The district's [`Readiness`] in school year `year` under rulebook `rulebook`, from the latest
/// verdict kept (`None`: none was computed yet — someone of the district has to open it).
pub async fn readiness(
    store: &DistrictStore,
    year: i32,
    rulebook: &str,
) -> Result<Option<Readiness>, StoreError> {
    let Some(kept) = store
        .snapshots(rulebook)
        .await?
        .into_iter()
        .find(|s| s.year == year)
    else {
        return Ok(None);
    };
    let v: Verdict = serde_json::from_str(&kept.verdict).map_err(|_| StoreError::Corrupt {
        table: "inspection_snapshots",
        column: "verdict",
    })?;
    let count = |s: ItemStatus| v.items.iter().filter(|i| i.status == s).count();
    Ok(Some(Readiness {
        overall: v.overall,
        parts_met: v
            .parts
            .iter()
            .filter(|p| p.status == junheng_core::inspection::PartStatus::Met)
            .count(),
        items_not_met: count(ItemStatus::NotMet),
        items_undecided: count(ItemStatus::Undecided),
        computed_at: kept.computed_at,
    }))
}

impl Readiness {
    /// The standing in one Chinese line: "尚待认定：2/4 个方面达标，未达标 3 项，待认定 5 项".
    pub fn describe(&self) -> String {
        format!(
            "{}：{}/4 个方面达标，未达标 {} 项，待认定 {} 项",
            self.overall.label(),
            self.parts_met,
            self.items_not_met,
            self.items_undecided
        )
    }
}

/// The stable id of an overall result, as kept in a snapshot.
pub fn overall_id(o: Overall) -> &'static str {
    match o {
        Overall::Recognisable => "recognisable",
        Overall::NotRecognisable => "not_recognisable",
        Overall::Pending => "pending",
    }
}

fn overall_of(id: &str) -> Option<Overall> {
    [
        Overall::Recognisable,
        Overall::NotRecognisable,
        Overall::Pending,
    ]
    .into_iter()
    .find(|o| overall_id(*o) == id)
}

/// Makes a statement on `item` of school `year`. The item must be in `rulebook`.
pub async fn attest(
    store: &DistrictStore,
    year: i32,
    rulebook: &Rulebook,
    item: &str,
    met: bool,
    note: &str,
    actor: &Actor,
) -> Result<ItemStatement, StoreError> {
    if rulebook.item(item).is_none() {
        return Err(StoreError::Invalid(format!(
            "规则 {} 中没有指标“{item}”",
            rulebook.id
        )));
    }
    store.attest(year, item, met, note, actor).await
}

/// Withdraws (撤回) a statement; the one before it counts again.
pub async fn withdraw_statement(
    store: &DistrictStore,
    id: i64,
    actor: &Actor,
) -> Result<ItemStatement, StoreError> {
    store.withdraw_statement(id, actor).await
}

/// Enters a figure for school `year`, after checking its name and range.
pub async fn set_input(
    store: &DistrictStore,
    year: i32,
    name: &str,
    value: f64,
    source: &str,
    actor: &Actor,
) -> Result<InspectionInput, StoreError> {
    let Some(input) = INPUTS.iter().find(|i| i.id == name) else {
        let known: Vec<&str> = INPUTS.iter().map(|i| i.id).collect();
        return Err(StoreError::Invalid(format!(
            "没有名为“{name}”的数据项；可录入：{}",
            known.join("、")
        )));
    };
    let ok = value.is_finite()
        && match name {
            collect::input::RECOGNITION_RATE => (0.0..=1.0).contains(&value),
            collect::input::RECOGNITION_RESPONDENTS => {
                (1.0..=1e7).contains(&value) && value.fract() == 0.0
            }
            _ => value > 0.0 && value <= 100_000.0,
        };
    if !ok {
        return Err(StoreError::Invalid(format!(
            "{} 的值 {value} 无效：应为{}",
            input.label, input.range
        )));
    }
    store
        .set_inspection_input(year, name, value, source, actor)
        .await
}

/// Withdraws (撤回) an entered figure; the one before it counts again.
pub async fn withdraw_input(
    store: &DistrictStore,
    id: i64,
    actor: &Actor,
) -> Result<InspectionInput, StoreError> {
    store.withdraw_inspection_input(id, actor).await
}

#[cfg(test)]
pub(crate) mod tests;
