//! The demo's titles, awards and 师德 results (issue 17), derived from the demo roster's
//! teachers of the newest year, deterministically: titles for the 省级 and 国家级 骨干 (特级教师 or
//! 学科带头人, a year before) and 培养对象 for every 12th teacher not 骨干; an award for every 7th
//! teacher across every kind and level; a 师德 result for every teacher (优秀 for every 5th,
//! 基本合格 for every 41st, else 合格) with exactly one 不合格. Written through the same operation
//! as an import, so the pipeline shows titles and the honours page a flagged school.

use junheng_app::pairings::Caller;
use junheng_app::teachers::honours::{entered, import};
use junheng_io::teachers::honours::{HonoursFile, Records};
use junheng_rotation::BackboneLevel;
use junheng_store::{Actor, DistrictStore};
use junheng_teachers::honours::{Award, AwardKind, AwardLevel, EthicsResult};
use junheng_teachers::pipeline::{HonourTitle, Stage};

use crate::Failure;
use crate::platform::store_error;

/// A batch named as a demo file, its rows 2, 3 … as a file's.
fn demo_file(records: Records, n: usize, name: &str) -> HonoursFile {
    let mut f = entered(records);
    f.file = name.into();
    f.rows = (2..n + 2).collect();
    f
}

/// Seeds the demo's honours; returns (titles, awards, ethics results).
pub(crate) async fn seed(
    data: &DistrictStore,
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
    let mut titles = Vec::new();
    let mut awards = Vec::new();
    let mut ethics = Vec::new();
    for (i, t) in roster.iter().enumerate() {
        match t.backbone {
            BackboneLevel::Province | BackboneLevel::National => titles.push(HonourTitle {
                teacher: t.id.clone(),
                title: if i % 2 == 0 {
                    "特级教师"
                } else {
                    "市级学科带头人"
                }
                .into(),
                stage: Stage::Top,
                year: newest - 1,
                issuer: "市教委".into(),
            }),
            BackboneLevel::None if i % 12 == 0 => titles.push(HonourTitle {
                teacher: t.id.clone(),
                title: "区级骨干教师培养对象".into(),
                stage: Stage::Candidate,
                year: newest,
                issuer: "区教委".into(),
            }),
            _ => {}
        }
        if i % 7 == 0 {
            let k = i / 7;
            let kind = AwardKind::ALL[k % AwardKind::ALL.len()];
            let level = AwardLevel::ALL[k % AwardLevel::ALL.len()];
            awards.push(Award {
                teacher: t.id.clone(),
                year: newest,
                kind,
                level,
                title: format!("{}{}一等奖", level.label(), kind.label()),
            });
        }
        let level = match i {
            13 => "不合格",
            _ if i % 41 == 0 && i > 0 => "基本合格",
            _ if i % 5 == 0 => "优秀",
            _ => "合格",
        };
        ethics.push(EthicsResult {
            teacher: t.id.clone(),
            year: newest,
            level: level.into(),
        });
    }
    let counts = (titles.len(), awards.len(), ethics.len());
    let caller = Caller::Operator(actor);
    for (records, n, name) in [
        (Records::Titles(titles), counts.0, "演示骨干称号.xlsx"),
        (Records::Awards(awards), counts.1, "演示获奖.xlsx"),
        (Records::Ethics(ethics), counts.2, "演示师德考核.xlsx"),
    ] {
        if n == 0 {
            continue;
        }
        import(data, &caller, &demo_file(records, n, name), "", false)
            .await
            .map_err(|e| Failure::Input(e.to_string()))?;
    }
    Ok(counts)
}
