//! The demo's 名师工作室 and 师徒结对 (issue 17), from the demo rosters through the same
//! operation as an upload of the three files (see [`junheng_teachers::studios::synth::demo`]):
//! 领雁工程 projects and 学科工作室 at 荣昌's scale with members from 乡村 schools, their outputs of
//! the newest roster's school year and the last, and about 40 pairs 校内, 集团内 and 跨校, one mentor over the
//! mentee limit.

use junheng_app::classroom::digest;
use junheng_app::teachers::studios::mentors::links;
use junheng_app::teachers::studios::{Caller, Upload, import};
use junheng_core::school::{SchoolCode, SchoolRecord, UrbanRural};
use junheng_io::teachers::mentors::MentorsFile;
use junheng_io::teachers::studios::{Origin, OutputsFile, StudiosFile};
use junheng_store::{Actor, DistrictStore};
use junheng_teachers::mentors::MentorSettings;
use junheng_teachers::studios::synth::demo;

use crate::Failure;
use crate::platform::store_error;

fn origin(file: &str) -> Origin {
    Origin {
        file: file.into(),
        sheet: None,
    }
}

/// Rows 2, 3 … of a demo file of `n` rows.
fn rows(n: usize) -> Vec<usize> {
    (2..n + 2).collect()
}

/// Seeds the demo's studios, outputs and pairs; returns their counts.
pub(crate) async fn seed(
    data: &DistrictStore,
    records: &[SchoolRecord],
    actor: &Actor,
) -> Result<(usize, usize, usize), Failure> {
    let Some(newest) = data
        .roster_years()
        .await
        .map_err(store_error)?
        .first()
        .map(|v| v.year)
    else {
        return Ok((0, 0, 0));
    };
    let roster = data.roster(newest).await.map_err(store_error)?;
    let mut rural: Vec<SchoolCode> = records
        .iter()
        .filter(|r| r.year == newest && r.urban_rural == Some(UrbanRural::Rural))
        .map(|r| r.code.clone())
        .collect();
    rural.sort();
    rural.dedup();
    let links = links(data).await.map_err(store_error)?;
    let d = demo(&roster, &rural, &links, &MentorSettings::default(), newest);
    let counts = (d.studios.len(), d.outputs.len(), d.pairs.len());
    let uploads = [
        Upload::Studios(StudiosFile {
            origin: origin("演示工作室名册.xlsx"),
            rows: rows(counts.0),
            studios: d.studios,
            warnings: Vec::new(),
        }),
        Upload::Outputs(OutputsFile {
            origin: origin("演示工作室成果.xlsx"),
            rows: rows(counts.1),
            outputs: d.outputs,
            warnings: Vec::new(),
        }),
        Upload::Mentors(MentorsFile {
            origin: origin("演示师徒结对.xlsx"),
            rows: rows(counts.2),
            pairs: d.pairs,
            warnings: Vec::new(),
        }),
    ];
    let caller = Caller::Operator(actor);
    for (n, upload) in [counts.0, counts.1, counts.2].into_iter().zip(&uploads) {
        if n == 0 {
            continue;
        }
        let sha = digest(format!("demo {} {n}", upload.file_name()).as_bytes());
        import(data, &caller, upload, &sha, false)
            .await
            .map_err(|e| Failure::Input(e.to_string()))?;
    }
    Ok(counts)
}
