//! The demo's 继续教育 ledger and training budgets (issue 17), from the demo roster of the newest
//! year through the same operations as an upload: records of all four levels over the current
//! and the last cycle on the demo's day (see [`junheng_teachers::training::synth::ledger`]) and
//! budgets of every school for this calendar year, the last and the newest school year's (the
//! 督导评估 reads those), one school below 5 %
//! ([`junheng_teachers::training::synth::budgets`]).

use junheng_app::pairings::Caller;
use junheng_app::teachers::training::{import, set_budgets};
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_io::teachers::training::TrainingFile;
use junheng_store::{Actor, DistrictStore};
use junheng_teachers::training::synth::{budgets, ledger};
use junheng_teachers::training::{Day, TrainingRules};

use crate::Failure;
use crate::platform::store_error;

/// Seeds the demo's ledger on `today` and the budgets; returns (records, budgets).
pub(crate) async fn seed(
    data: &DistrictStore,
    records: &[SchoolRecord],
    today: Day,
    actor: &Actor,
) -> Result<(usize, usize), Failure> {
    let Some(newest) = data
        .roster_years()
        .await
        .map_err(store_error)?
        .first()
        .map(|v| v.year)
    else {
        return Ok((0, 0));
    };
    let mut roster = data.roster(newest).await.map_err(store_error)?;
    roster.sort_by(|a, b| a.id.cmp(&b.id));
    let ledger = ledger(&roster, &TrainingRules::default(), today);
    let caller = Caller::Operator(actor);
    let bytes = format!("demo training {today}");
    let file = TrainingFile {
        file: "演示培训台账.xlsx".into(),
        sheet: None,
        records: ledger
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r))
            .collect(),
        warnings: Vec::new(),
    };
    let written = import(data, &caller, newest, &file, bytes.as_bytes())
        .await
        .map_err(|e| Failure::Input(e.to_string()))?;
    let mut schools: Vec<SchoolCode> = records
        .iter()
        .filter(|r| r.year == newest && r.parent_code.is_none())
        .map(|r| r.code.clone())
        .collect();
    schools.sort();
    schools.dedup();
    let mut all = budgets(&schools, today.year() - 1);
    all.extend(budgets(&schools, today.year()));
    // The 督导评估 of the newest school year reads the budgets of the year it starts in.
    if newest < today.year() - 1 {
        all.extend(budgets(&schools, newest));
    }
    let n = set_budgets(data, &caller, &all, false)
        .await
        .map_err(|e| Failure::Input(e.to_string()))?;
    Ok((written.read, n))
}
