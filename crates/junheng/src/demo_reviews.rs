//! The demo's 年度综合考核, made deterministically from the demo records through the same
//! operations as the pages (`junheng_app::reviews`): every school and group scored on the
//! default rubric's manual items by each of its scorers in every demo year, the earlier years
//! finalised (so the 三线 history, the lift of non-core members and the within-group gap have
//! their baselines) and the latest year left as a draft. Scores follow a school's base level and
//! a yearly trend; one group's weakest member declines year after year, so that the demo shows a
//! 集而不团 warning and an escalation at the 警戒线. Some schools attach a generated PDF as
//! evidence of an item; the others show 缺少佐证材料.

use junheng_app::evidence::Caller;
use junheng_app::reviews::{Entry, evidence_title};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::review::{ItemSource, ReviewSettings};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_store::{Actor, DistrictStore, ReviewUnit};

use crate::Failure;
use crate::platform::store_error;

/// A deterministic number in `0..n` of a text.
fn hash(text: &str, n: u64) -> u64 {
    text.bytes().fold(14_695_981_039_346_656_037u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1_099_511_628_211)
    }) % n
}

/// A one-page PDF saying what it stands for (ASCII text; offsets exact).
pub(crate) fn pdf(line: &str) -> Vec<u8> {
    let text: String = line
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| !matches!(c, '(' | ')' | '\\'))
        .collect();
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The demo's score of a unit's item by a scorer in a year: a base level (55–94) by the unit,
/// a trend of −1…+3 points a year, a scorer's leaning (自评 generous, 区县 strict) and the
/// decline of the declining school.
fn demo_score(unit: &str, item: &str, scorer: &str, years_in: i32, declining: bool) -> f64 {
    let base = 55.0 + hash(&format!("{unit}/{item}"), 40) as f64;
    let trend = if declining {
        -7.0
    } else {
        hash(unit, 5) as f64 - 1.0
    };
    let leaning = match scorer {
        "self" => 4.0,
        "district" => -2.0,
        _ => 0.0,
    };
    (base + trend * f64::from(years_in) + leaning).clamp(0.0, 100.0)
}

/// Scores every unit in every demo year, attaches evidence for some, finalises every year but
/// the latest; returns the number of scores entered.
pub(crate) async fn seed(
    data: &DistrictStore,
    records: &[SchoolRecord],
    actor: &Actor,
    keys: &junheng_store::StudentKeys,
) -> Result<usize, Failure> {
    let settings = ReviewSettings::default();
    // The demo server's [quality] settings.
    let quality_settings = crate::demo_exams::settings();
    let quality = junheng_app::reviews::QualitySource {
        keys: Some(keys),
        settings: &quality_settings,
    };
    let caller = Caller::Operator(actor);
    let rulebook = Rulebook::builtin("cn-2017").map_err(|e| Failure::Input(e.to_string()))?;
    let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let Some(&first) = years.first() else {
        return Ok(0);
    };
    let latest = *years.last().unwrap_or(&first);
    // The declining school: the last member (by code) of the group with most members, not its
    // lead.
    let groups = data.group_details().await.map_err(store_error)?;
    let declining: Option<SchoolCode> =
        groups.iter().max_by_key(|d| d.members.len()).and_then(|d| {
            d.members
                .iter()
                .map(|m| m.school.clone())
                .filter(|c| d.group.lead_school.as_ref() != Some(c))
                .max()
        });
    let manual: Vec<_> = settings
        .rubric
        .items
        .iter()
        .filter(|i| i.source == ItemSource::Manual)
        .collect();
    let mut entered = 0;
    for &year in &years {
        let of_year: Vec<SchoolRecord> =
            records.iter().filter(|r| r.year == year).cloned().collect();
        let evaluation = junheng_core::evaluate::evaluate(&of_year, &rulebook).ok();
        let y = junheng_app::reviews::year(
            data,
            &settings,
            &quality,
            year,
            &of_year,
            evaluation.as_ref(),
        )
        .await
        .map_err(|e| Failure::Input(e.to_string()))?;
        let units: Vec<ReviewUnit> = y
            .review
            .schools
            .iter()
            .map(|s| ReviewUnit::School(s.code.clone()))
            .chain(
                y.review
                    .groups
                    .iter()
                    .map(|g| ReviewUnit::Group(g.name.clone())),
            )
            .collect();
        for unit in &units {
            let falls = matches!(unit, ReviewUnit::School(c) if Some(c) == declining.as_ref());
            for item in &manual {
                for sw in &item.scorers {
                    let score =
                        demo_score(unit.key(), &item.id, sw.scorer.id(), year - first, falls);
                    let entry = Entry {
                        unit,
                        item: &item.id,
                        scorer: sw.scorer,
                        score: (score * 2.0).round() / 2.0,
                        note: "",
                    };
                    junheng_app::reviews::enter(data, &caller, &settings, &y.review, &entry)
                        .await
                        .map_err(|e| Failure::Input(e.to_string()))?;
                    entered += 1;
                }
                // Two schools in three keep their evidence in order.
                if item.evidence_required && hash(&format!("{}/{}", unit.key(), item.id), 3) > 0 {
                    let kind = match unit {
                        ReviewUnit::School(_) => RecordKind::School,
                        ReviewUnit::Group(_) => RecordKind::Group,
                    };
                    let record = RecordRef::new(kind, unit.key())
                        .map_err(|e| Failure::Input(e.to_string()))?;
                    let title = evidence_title(year, item);
                    let bytes = pdf(&format!(
                        "Junheng demo evidence {} {year} {}",
                        unit.key(),
                        item.id
                    ));
                    let file = junheng_io::evidence::check(bytes, &format!("{title}.pdf"))
                        .map_err(|e| Failure::Input(e.to_string()))?;
                    let upload = junheng_app::evidence::Upload {
                        record: &record,
                        title: &title,
                        note: "演示佐证材料",
                    };
                    junheng_app::evidence::attach(data, &caller, &upload, &file)
                        .await
                        .map_err(|e| Failure::Input(e.to_string()))?;
                }
            }
        }
        if year < latest {
            let y = junheng_app::reviews::year(
                data,
                &settings,
                &quality,
                year,
                &of_year,
                evaluation.as_ref(),
            )
            .await
            .map_err(|e| Failure::Input(e.to_string()))?;
            junheng_app::reviews::finalise(data, &caller, &y.review)
                .await
                .map_err(|e| Failure::Input(e.to_string()))?;
        }
    }
    Ok(entered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_pdf_is_accepted_and_its_offsets_are_exact() {
        let bytes = pdf("Junheng demo evidence 5001120001 2024 management (x)");
        let text = String::from_utf8(bytes.clone()).unwrap();
        let xref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[xref..].starts_with("xref\n"));
        for (i, line) in text[xref..].lines().skip(3).take(5).enumerate() {
            let at: usize = line[..10].parse().unwrap();
            assert!(
                text[at..].starts_with(&format!("{} 0 obj", i + 1)),
                "{line}"
            );
        }
        assert!(junheng_io::evidence::check(bytes, "a.pdf").is_ok());
    }

    #[test]
    fn the_declining_school_falls_and_scores_stay_in_range() {
        for y in 0..3 {
            for scorer in ["self", "peer", "district"] {
                let s = demo_score("5001120001", "management", scorer, y, false);
                assert!((0.0..=100.0).contains(&s));
            }
        }
        let then = demo_score("5001120001", "teachers", "peer", 0, true);
        let now = demo_score("5001120001", "teachers", "peer", 2, true);
        assert!(now <= then - 14.0 || now == 0.0);
    }
}
