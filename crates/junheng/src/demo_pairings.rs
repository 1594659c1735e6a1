//! The demo's 结对帮扶 and 三个课堂, made deterministically from the demo records (the same
//! records give the same pairings, activities and sessions): a few 城乡结对 pairs of a strong
//! urban school (the most backbone teachers) and a rural school (not a 教学点), one expert team
//! helping several rural schools, a few activities of each pairing in every school year it
//! runs, and a term (the autumn term of the latest school year) of 专递课堂 lessons in 音乐, 美术
//! and 科学 for the helped rural schools.

use junheng_core::classroom::ClassroomKind;
use junheng_core::date::{civil_from_days, days_from_civil};
use junheng_core::pairing::{HelpKind, PairingKind};
use junheng_core::school::{SchoolCode, SchoolKind, SchoolRecord, UrbanRural};
use junheng_store::{
    Actor, DistrictStore, Giver, Helper, NewActivity, NewClassroomSession, NewPairing,
};

use crate::Failure;
use crate::platform::store_error;

/// 城乡结对 pairs the demo records.
const PAIRS: usize = 3;
/// Rural schools the demo's expert team helps.
const TEAM_SCHOOLS: usize = 6;
/// Weeks of the demo's term of 专递课堂.
const TERM_WEEKS: i64 = 18;

fn backbone(r: &SchoolRecord) -> u32 {
    r.primary.backbone_teachers + r.junior.backbone_teachers
}

/// `YYYY-MM-DD` of a day count since 1970-01-01.
fn day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Seeds the demo's pairings, their activities and a term of 专递课堂 lessons; returns how many
/// pairings and lessons it wrote.
pub(crate) async fn seed(
    store: &DistrictStore,
    records: &[SchoolRecord],
    actor: &Actor,
) -> Result<(usize, usize), Failure> {
    let Some(latest) = records.iter().map(|r| r.year).max() else {
        return Ok((0, 0));
    };
    let first = records.iter().map(|r| r.year).min().unwrap_or(latest);
    let year: Vec<&SchoolRecord> = records.iter().filter(|r| r.year == latest).collect();
    let mut urban: Vec<&SchoolRecord> = year
        .iter()
        .copied()
        .filter(|r| r.urban_rural == Some(UrbanRural::Urban) && r.primary.classes > 0)
        .collect();
    urban.sort_by(|a, b| backbone(b).cmp(&backbone(a)).then(a.code.cmp(&b.code)));
    let mut rural: Vec<&SchoolRecord> = year
        .iter()
        .copied()
        .filter(|r| {
            r.urban_rural == Some(UrbanRural::Rural)
                && r.primary.classes > 0
                && r.kind != SchoolKind::TeachingPoint
        })
        .collect();
    rural.sort_by(|a, b| a.code.cmp(&b.code));
    if urban.is_empty() || rural.is_empty() {
        return Ok((0, 0));
    }
    // (the helped rural school, the school that gives it 专递课堂 lessons)
    let mut receivers: Vec<(SchoolCode, SchoolCode)> = Vec::new();
    let mut made = Vec::new();
    for (i, (helper, helped)) in urban.iter().zip(&rural).take(PAIRS).enumerate() {
        let helper_code = Helper::School {
            code: helper.code.clone(),
        };
        let schools = [helped.code.clone()];
        let help = [
            HelpKind::TeachingVisit,
            HelpKind::Mentoring,
            HelpKind::RemoteClassroom,
        ];
        let start = format!("{:04}-09-01", first + i as i32);
        let new = NewPairing {
            kind: PairingKind::UrbanRural,
            helper: &helper_code,
            schools: &schools,
            help: &help,
            started_on: &start,
            ended_on: None,
            note: "演示：城区优质校与乡村学校结对",
        };
        made.push(store.add_pairing(&new, actor).await.map_err(store_error)?);
        receivers.push((helped.code.clone(), helper.code.clone()));
    }
    let team_schools: Vec<SchoolCode> = rural
        .iter()
        .skip(PAIRS)
        .take(TEAM_SCHOOLS)
        .map(|r| r.code.clone())
        .collect();
    if !team_schools.is_empty() {
        let team = Helper::Team {
            name: "区教育专家团队（音体美）".into(),
            teachers: 3 * team_schools.len() as u32,
        };
        let help = [
            HelpKind::TeachingVisit,
            HelpKind::JointResearch,
            HelpKind::BackboneSupport,
        ];
        let start = format!("{:04}-09-01", latest - 1);
        let new = NewPairing {
            kind: PairingKind::ExpertTeam,
            helper: &team,
            schools: &team_schools,
            help: &help,
            started_on: &start,
            ended_on: None,
            note: "演示：专家团队点对点帮扶乡村学校",
        };
        made.push(store.add_pairing(&new, actor).await.map_err(store_error)?);
        let giver = urban[0].code.clone();
        receivers.extend(team_schools.iter().map(|c| (c.clone(), giver.clone())));
    }
    // A few activities in every school year each pairing runs.
    for p in &made {
        let from: i32 = p.started_on[..4].parse().unwrap_or(first);
        for (k, y) in (from..=latest).enumerate() {
            for (j, (month_day, next_year)) in [
                ("10-15", false),
                ("12-03", false),
                ("03-18", true),
                ("05-13", true),
            ]
            .into_iter()
            .enumerate()
            {
                let held_on = format!("{:04}-{month_day}", if next_year { y + 1 } else { y });
                let seed = p.id as usize + k * 4 + j;
                let note = format!("演示活动 {}", j + 1);
                let activity = NewActivity {
                    held_on: &held_on,
                    kind: p.help[seed % p.help.len()],
                    hours: 2.0 + (seed % 3) as f64,
                    participants: 12 + (seed * 7 % 30) as u32,
                    note: &note,
                };
                store
                    .add_activity(p.id, &activity, actor)
                    .await
                    .map_err(store_error)?;
            }
        }
    }
    // The autumn term of the latest school year: 音乐 and 美术 every week, 科学 every other week.
    let mut monday = days_from_civil(i64::from(latest), 9, 1);
    // 1970-01-01 was a Thursday: days % 7 == 4 is a Monday.
    while monday.rem_euclid(7) != 4 {
        monday += 1;
    }
    let mut sessions = Vec::new();
    for week in 0..TERM_WEEKS {
        for (n, (receiver, giver)) in receivers.iter().enumerate() {
            let start = monday + 7 * week;
            let mut lesson = |offset: i64, subject: &str| {
                sessions.push(NewClassroomSession {
                    kind: ClassroomKind::Remote,
                    giver: Giver::School {
                        code: giver.clone(),
                    },
                    receiver: receiver.clone(),
                    subject: subject.to_owned(),
                    held_on: day(start + offset),
                    minutes: 40,
                    note: String::new(),
                });
            };
            lesson(1 + (n as i64 % 2), "音乐");
            lesson(3, "美术");
            if week % 2 == 0 {
                lesson(2 + (n as i64 % 3), "科学");
            }
        }
    }
    let lessons = sessions.len();
    if !sessions.is_empty() {
        let sha256 = junheng_app::classroom::digest(format!("demo classroom {latest}").as_bytes());
        store
            .import_sessions(&sessions, "演示三个课堂记录.xlsx", &sha256, actor)
            .await
            .map_err(store_error)?;
    }
    Ok((made.len(), lessons))
}
