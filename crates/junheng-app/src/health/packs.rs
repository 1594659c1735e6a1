//! Loading a 体质健康 scoring pack: the bureau's validated tables (e.g. the official 初中 tables)
//! as CSV files named by item, checked by the engine (20 steps, monotone) before anything is
//! stored, then every fitness round's counts recomputed.

use junheng_core::health::fitness::{Item, Pack, PackError};
use junheng_store::{DistrictStore, HealthPack, StudentKeys};

use super::Refused;
use crate::pairings::Caller;

/// The file name of each item's step table (`grade,sex,score,threshold`); BMI's ranges are
/// `bmi_kg_m2.csv` (`grade,sex,score,category,lower_inclusive,upper_inclusive`).
pub const FILES: [(&str, Item); 9] = [
    ("vital_capacity_ml.csv", Item::VitalCapacity),
    ("run50m_seconds.csv", Item::Run50m),
    ("sit_and_reach_cm.csv", Item::SitAndReach),
    ("rope_skipping_1min_count.csv", Item::RopeSkipping),
    ("situp_1min_count.csv", Item::Situp),
    ("shuttle_50x8_seconds.csv", Item::Shuttle50x8),
    ("standing_long_jump_cm.csv", Item::StandingLongJump),
    ("pullup_count.csv", Item::PullUp),
    ("endurance_seconds.csv", Item::Endurance),
];

/// The BMI file's name.
pub const BMI_FILE: &str = "bmi_kg_m2.csv";

/// Adds the tables of `files` to `pack` (replacing the tables of the same item, grade and sex).
pub fn apply(pack: &mut Pack, files: &[(String, String)]) -> Result<(), PackError> {
    for (name, text) in files {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        if base == BMI_FILE {
            // The loaded ranges replace the shipped ones of each grade and sex they cover.
            let mut fresh = Pack::default();
            fresh.add_bmi(base, text)?;
            pack.bmi.extend(fresh.bmi);
        } else if let Some((_, item)) = FILES.iter().find(|(f, _)| *f == base) {
            pack.add_steps(*item, base, text)?;
        } else {
            return Err(PackError {
                file: base.to_owned(),
                line: 0,
                message: format!(
                    "不认识这个文件名：评分表文件应为 {} 或 {BMI_FILE}",
                    FILES.map(|(f, _)| f).join("、")
                ),
            });
        }
    }
    Ok(())
}

/// Loads a pack (`version` and its files), checked before it is stored, then rescored: returns
/// the stored pack and how many files were rescored.
pub async fn load(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    version: &str,
    files: &[(String, String)],
) -> Result<(HealthPack, usize), Refused> {
    if !super::who::may_administer(caller) {
        return Err(Refused::Denied);
    }
    let keys = keys.ok_or(Refused::NoKeys)?;
    let mut check = Pack::builtin();
    apply(&mut check, files)
        .map_err(|e| Refused::Store(junheng_store::StoreError::Invalid(e.to_string())))?;
    let stored = store
        .load_health_pack(version, files, &caller.actor())
        .await?;
    let n = super::fitness::rescore(store, keys, caller).await?;
    Ok((stored, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_core::health::fitness::Sex;

    #[test]
    fn a_loaded_table_is_checked_and_added_and_an_unknown_file_is_named() {
        let mut pack = Pack::builtin();
        assert!(
            !pack
                .steps
                .contains_key(&(Item::StandingLongJump, 7, Sex::Male))
        );
        let mut text = String::from("grade,sex,score,threshold\n");
        for (i, s) in junheng_core::health::fitness::STEPS.iter().enumerate() {
            text.push_str(&format!("7,M,{s},{}\n", 225 - 5 * i as i64));
        }
        apply(
            &mut pack,
            &[("standing_long_jump_cm.csv".into(), text.clone())],
        )
        .unwrap();
        assert!(
            pack.steps
                .contains_key(&(Item::StandingLongJump, 7, Sex::Male))
        );
        let e = apply(&mut pack, &[("jump.csv".into(), text)]).unwrap_err();
        assert!(e.message.contains("standing_long_jump_cm.csv"), "{e}");
        let bad = "grade,sex,score,threshold\n7,M,100,225\n".to_owned();
        assert!(apply(&mut pack, &[("pullup_count.csv".into(), bad)]).is_err());
    }
}
