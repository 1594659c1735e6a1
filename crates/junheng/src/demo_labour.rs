//! The demo's 劳动教育 (issue 18): the district's 劳动清单 (`junheng_labour::synth`, meeting the
//! default required task groups in every band) and one primary school's own list on top of it
//! (a strengthened district item and an addition), written through the same operation as an
//! import on `/labour/lists`.

use std::collections::HashMap;

use junheng_app::labour::lists::import;
use junheng_app::pairings::Caller;
use junheng_core::school::{SchoolKind, SchoolRecord};
use junheng_io::labour::lists::ListFile;
use junheng_labour::checklist::{
    Checklist, ChecklistItem, Frequency, Grades, ItemCode, Owner, Place, Unit,
};
use junheng_labour::groups::{GradeBand, TaskGroup};
use junheng_labour::settings::LabourSettings;
use junheng_store::{Actor, DistrictStore};

use crate::Failure;

/// A list as the file that would hold it (rows 2, 3 …).
fn as_file(list: &Checklist, name: &str) -> ListFile {
    let codes = list.items.iter().map(|i| &i.code).chain(&list.removals);
    ListFile {
        file: name.into(),
        sheet: None,
        items: list.items.clone(),
        removals: list.removals.clone(),
        rows: codes.cloned().zip(2..).collect::<HashMap<_, _>>(),
        warnings: Vec::new(),
    }
}

/// Seeds the lists; returns the school with a list of its own, if the demo has a primary school.
pub(crate) async fn seed(
    data: &DistrictStore,
    records: &[SchoolRecord],
    actor: &Actor,
) -> Result<Option<junheng_core::school::SchoolCode>, Failure> {
    let settings = LabourSettings::default();
    let required = &settings.checklist.required_groups;
    let op = Caller::Operator(actor);
    let refused = crate::pairing::refused;
    let district = junheng_labour::synth::district_list(1);
    import(
        data,
        &op,
        None,
        &as_file(&district, "区级劳动清单.xlsx"),
        "",
        required,
    )
    .await
    .map_err(refused)?;
    let Some(school) = records
        .iter()
        .find(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
        .map(|r| r.code.clone())
    else {
        return Ok(None);
    };
    let mut stronger = district
        .items
        .iter()
        .find(|i| i.code.as_str() == "B2-01")
        .cloned()
        .expect("the synth list has B2-01");
    stronger.frequency.times += 1;
    let own = Checklist {
        owner: Owner::School(school.clone()),
        version: 1,
        parent_version: None,
        items: vec![
            stronger,
            ChecklistItem {
                code: ItemCode::parse("S3-01").expect("a valid code"),
                group: TaskGroup::Farming,
                grades: Grades::Band(GradeBand::Third),
                place: Place::Society,
                content: "到学校的农耕基地参加一次秋收".into(),
                frequency: Frequency {
                    unit: Unit::Term,
                    times: 1,
                },
                minutes: 120,
                mandatory: false,
                safety_note: "使用农具须听从基地老师指导".into(),
            },
        ],
        removals: Vec::new(),
    };
    import(
        data,
        &op,
        Some(&school),
        &as_file(&own, "校本劳动清单.xlsx"),
        "",
        required,
    )
    .await
    .map_err(refused)?;
    Ok(Some(school))
}
