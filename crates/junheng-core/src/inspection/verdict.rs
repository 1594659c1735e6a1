//! Deciding every item, every part and the whole.

use std::collections::BTreeMap;

use super::{
    Attestation, Basis, Computed, GapLine, ItemInput, ItemResult, ItemStatus, Outcome, Overall,
    Part, PartResult, PartStatus, Resources, Verdict, VetoStatus,
};
use crate::rulebook::{Decision, Dimension, ItemDef, Rulebook};

/// Decides a district's year: each item from its input (keyed by item id; a missing input is an
/// item with neither data nor a statement), each part, the 一票否决 items and the whole.
///
/// Rules (standard.md §6 and the 办法):
/// * a **computed** item is decided by its data; while they are not connected, a statement with
///   evidence decides it instead (以佐证认定);
/// * an **attested** item is decided by the latest statement that counts
///   ([`Attestation::counts`]);
/// * an item decided by **both** is met only when its data and its statement are; when its data
///   are not connected the statement decides the whole;
/// * a 一票否决 item is clear when met and triggered when not; a failed computation that is only a
///   risk (有编不补) is at risk until a statement confirms or clears it;
/// * the whole is not recognisable when any part fails or any 一票否决 case occurs; otherwise it
///   is pending while anything is undecided or at risk, or a part is not in the rulebook;
///   otherwise it is recognisable.
pub fn verdict(
    rulebook: &Rulebook,
    year: i32,
    resources: Option<&Resources>,
    inputs: &BTreeMap<String, ItemInput>,
) -> Verdict {
    let empty = ItemInput::default();
    let items: Vec<ItemResult> = rulebook
        .items
        .iter()
        .map(|def| decide(def, inputs.get(&def.id).unwrap_or(&empty)))
        .collect();
    let parts: Vec<PartResult> = Part::ALL
        .into_iter()
        .map(|part| part_result(part, resources, &items))
        .collect();
    let overall = overall(&parts, &items);
    let reasons = reasons(overall, &parts, &items);
    let gaps = gaps(rulebook, resources, &items, inputs);
    Verdict {
        rulebook: rulebook.id.clone(),
        rulebook_version: rulebook.version.clone(),
        year,
        parts,
        items,
        overall,
        reasons,
        gaps,
    }
}

/// An item's status, what decided it and why.
fn decide(def: &ItemDef, input: &ItemInput) -> ItemResult {
    let statement = input.attestation.as_ref().filter(|a| a.counts());
    let data = match (def.decision, &input.computed) {
        (Decision::Attested, _) => None,
        (_, Some(c)) => Some(c),
        (_, None) => None,
    };
    let data_outcome = data.map_or(Outcome::NotConnected, |c| c.outcome);
    let risk = def.computation.is_some_and(|c| c.is_risk());
    let (status, basis, reason) = match def.decision {
        Decision::Attested => by_statement(statement, input.attestation.as_ref()),
        // A risk is not a finding: the statement decides once the data raise it.
        Decision::Computed | Decision::Both if risk && data_outcome == Outcome::NotMet => {
            match statement {
                Some(a) => (status_of(a), Basis::Evidence, statement_reason(a)),
                None => (
                    ItemStatus::Undecided,
                    Basis::Data,
                    format!("数据显示存在风险：{}；待核实认定", note_of(data)),
                ),
            }
        }
        Decision::Computed => match data_outcome {
            Outcome::Met => (ItemStatus::Met, Basis::Data, note_of(data)),
            Outcome::NotMet => (ItemStatus::NotMet, Basis::Data, note_of(data)),
            Outcome::NotConnected => for_missing_data(data, statement, input),
        },
        Decision::Both => match (data_outcome, statement.map(|a| a.met)) {
            (Outcome::NotMet, _) => (ItemStatus::NotMet, Basis::Data, note_of(data)),
            (_, Some(false)) => {
                let a = statement.expect("a counting statement");
                (ItemStatus::NotMet, Basis::Evidence, statement_reason(a))
            }
            (Outcome::Met, Some(true)) => (
                ItemStatus::Met,
                Basis::DataAndEvidence,
                format!(
                    "{}；{}",
                    note_of(data),
                    statement_reason(statement.expect("a counting statement"))
                ),
            ),
            (Outcome::Met, None) => (
                ItemStatus::Undecided,
                Basis::Data,
                format!(
                    "数据部分达标（{}），另一部分待上传佐证并认定{}",
                    note_of(data),
                    uncounted(input.attestation.as_ref())
                ),
            ),
            (Outcome::NotConnected, _) => for_missing_data(data, statement, input),
        },
    };
    let veto = (def.dimension == Dimension::Veto).then(|| match status {
        ItemStatus::Met => VetoStatus::Clear,
        ItemStatus::NotMet => VetoStatus::Triggered,
        ItemStatus::Undecided if risk && data_outcome == Outcome::NotMet => VetoStatus::AtRisk,
        ItemStatus::Undecided => VetoStatus::Undecided,
    });
    ItemResult {
        id: def.id.clone(),
        dimension: def.dimension,
        no: def.no,
        name: def.name.clone(),
        status,
        basis,
        reason,
        value: data.and_then(|c| c.value),
        veto,
    }
}

fn by_statement(
    statement: Option<&Attestation>,
    latest: Option<&Attestation>,
) -> (ItemStatus, Basis, String) {
    match statement {
        Some(a) => (status_of(a), Basis::Evidence, statement_reason(a)),
        None => (
            ItemStatus::Undecided,
            Basis::Nothing,
            format!("待上传佐证材料并认定{}", uncounted(latest)),
        ),
    }
}

fn for_missing_data(
    data: Option<&Computed>,
    statement: Option<&Attestation>,
    input: &ItemInput,
) -> (ItemStatus, Basis, String) {
    match statement {
        Some(a) => (
            status_of(a),
            Basis::EvidenceForData,
            format!("数据未接入，以佐证认定：{}", statement_reason(a)),
        ),
        None => (
            ItemStatus::Undecided,
            Basis::Nothing,
            format!(
                "数据未接入（{}），且尚无佐证认定{}",
                data.map_or("尚未计算", |c| c.note.as_str()),
                uncounted(input.attestation.as_ref())
            ),
        ),
    }
}

fn status_of(a: &Attestation) -> ItemStatus {
    if a.met {
        ItemStatus::Met
    } else {
        ItemStatus::NotMet
    }
}

fn statement_reason(a: &Attestation) -> String {
    let verb = if a.met {
        "认定达标"
    } else {
        "认定未达标"
    };
    let note = a.note.trim();
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("：{note}")
    };
    format!(
        "{} 于 {} {verb}（佐证 {} 份）{note}",
        a.by, a.at, a.evidence
    )
}

/// Says so when the latest statement does not count (met without evidence).
fn uncounted(latest: Option<&Attestation>) -> &'static str {
    match latest {
        Some(a) if !a.counts() => "（已有达标认定，但未附佐证材料，不予采信）",
        _ => "",
    }
}

fn note_of(data: Option<&Computed>) -> String {
    data.map_or_else(|| "尚未计算".to_owned(), |c| c.note.clone())
}

fn part_result(part: Part, resources: Option<&Resources>, items: &[ItemResult]) -> PartResult {
    let Some(dimension) = part.dimension() else {
        let (status, met, not_met, undecided) = match resources {
            Some(r) if r.passes => (PartStatus::Met, 1, 0, 0),
            Some(_) => (PartStatus::NotMet, 0, 1, 0),
            None => (PartStatus::Undecided, 0, 0, 1),
        };
        return PartResult {
            part,
            status,
            met,
            not_met,
            undecided,
        };
    };
    let of = |s: ItemStatus| {
        items
            .iter()
            .filter(|i| i.dimension == dimension && i.status == s)
            .count()
    };
    let (met, not_met, undecided) = (
        of(ItemStatus::Met),
        of(ItemStatus::NotMet),
        of(ItemStatus::Undecided),
    );
    let status = if met + not_met + undecided == 0 {
        PartStatus::NotInRulebook
    } else if not_met > 0 {
        PartStatus::NotMet
    } else if undecided > 0 {
        PartStatus::Undecided
    } else {
        PartStatus::Met
    };
    PartResult {
        part,
        status,
        met,
        not_met,
        undecided,
    }
}

fn overall(parts: &[PartResult], items: &[ItemResult]) -> Overall {
    let vetoes = || items.iter().filter_map(|i| i.veto);
    if parts.iter().any(|p| p.status == PartStatus::NotMet)
        || vetoes().any(|v| v == VetoStatus::Triggered)
    {
        Overall::NotRecognisable
    } else if parts.iter().any(|p| p.status != PartStatus::Met)
        || vetoes().any(|v| v != VetoStatus::Clear)
    {
        Overall::Pending
    } else {
        Overall::Recognisable
    }
}

fn reasons(overall: Overall, parts: &[PartResult], items: &[ItemResult]) -> Vec<String> {
    let names = |dimension: Dimension, status: ItemStatus| -> Vec<String> {
        items
            .iter()
            .filter(|i| i.dimension == dimension && i.status == status)
            .map(|i| format!("{} {}", i.no, i.name))
            .collect()
    };
    let mut out = Vec::new();
    for veto in items
        .iter()
        .filter(|i| i.veto == Some(VetoStatus::Triggered))
    {
        out.push(format!("一票否决：存在“{}”情形", veto.name));
    }
    for p in parts {
        match (p.status, p.part.dimension()) {
            (PartStatus::NotMet, None) => out.push("资源配置未达标".to_owned()),
            (PartStatus::NotMet, Some(d)) => out.push(format!(
                "{}未达标：{}",
                p.part.label(),
                names(d, ItemStatus::NotMet).join("；")
            )),
            _ => {}
        }
    }
    if overall == Overall::NotRecognisable {
        return out;
    }
    for p in parts {
        match (p.status, p.part.dimension()) {
            (PartStatus::Undecided, None) => {
                out.push("资源配置尚未评估（没有当年的学校数据）".to_owned());
            }
            (PartStatus::Undecided, Some(d)) => out.push(format!(
                "{}有 {} 项待认定：{}",
                p.part.label(),
                p.undecided,
                names(d, ItemStatus::Undecided).join("；")
            )),
            (PartStatus::NotInRulebook, _) => out.push(format!(
                "所用规则未列入{}的指标，无法作出认定",
                p.part.label()
            )),
            _ => {}
        }
    }
    for veto in items
        .iter()
        .filter(|i| matches!(i.veto, Some(VetoStatus::AtRisk | VetoStatus::Undecided)))
    {
        let status = veto.veto.map_or("", |v| v.label());
        out.push(format!("一票否决“{}”：{status}", veto.name));
    }
    if out.is_empty() {
        out.push("资源配置、政府保障程度、教育质量、社会认可度均达标，且无一票否决情形".to_owned());
    }
    out
}

fn gaps(
    rulebook: &Rulebook,
    resources: Option<&Resources>,
    items: &[ItemResult],
    inputs: &BTreeMap<String, ItemInput>,
) -> Vec<GapLine> {
    let mut out = Vec::new();
    if let Some(r) = resources.filter(|r| !r.passes) {
        out.extend(r.failing.iter().map(|s| GapLine {
            part: Part::Resources.label().to_owned(),
            item: "resources".to_owned(),
            label: Part::Resources.label().to_owned(),
            unit: Some(s.clone()),
            remedy: s.remedy.clone(),
        }));
    }
    for (item, def) in items.iter().zip(&rulebook.items) {
        let open = match item.veto {
            Some(v) => matches!(v, VetoStatus::Triggered | VetoStatus::AtRisk),
            None => item.status == ItemStatus::NotMet,
        };
        if !open {
            continue;
        }
        let part = def.dimension.label().to_owned();
        let label = format!("{} {}", def.no, def.name);
        let failing = inputs
            .get(&def.id)
            .and_then(|i| i.computed.as_ref())
            .filter(|c| c.outcome == Outcome::NotMet)
            .map(|c| c.failing.as_slice())
            .unwrap_or_default();
        if failing.is_empty() || item.basis == Basis::Evidence {
            out.push(GapLine {
                part,
                item: def.id.clone(),
                label,
                unit: None,
                remedy: item.reason.clone(),
            });
        } else {
            out.extend(failing.iter().map(|s| GapLine {
                part: part.clone(),
                item: def.id.clone(),
                label: label.clone(),
                unit: Some(s.clone()),
                remedy: s.remedy.clone(),
            }));
        }
    }
    out
}
