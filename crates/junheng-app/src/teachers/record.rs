//! A teacher's record (`/teachers/t/{teacher}`, issue 17 item 9): one section per capability,
//! each a small struct — the roster history (school, 学段, subject, 职称, 骨干级别 per year), the
//! rotation moves, the pipeline's titles, 继续教育 progress, 教师资格证, 名师工作室 and 师徒结对,
//! and awards and 师德 (only with a [`HonoursPass`]). Never 出生年 or 性别. Every read is
//! audited (naming the teacher by 教师编号 and the sections shown).

use junheng_core::school::{SchoolCode, Section};
use junheng_rotation::{BackboneLevel, Move, TeacherId, Title};
use junheng_store::{DistrictStore, MoveFilter, StoreError};
use junheng_teachers::honours::{Award, EthicsResult};
use junheng_teachers::mentors::Pair;
use junheng_teachers::pipeline::{HonourTitle, Stage, stage_in};
use junheng_teachers::posts::TeacherCertificate;
use junheng_teachers::studios::Studio;
use junheng_teachers::training::{Day, Progress, TrainingRules};
use serde::Serialize;

use super::honours::HonoursPass;
use crate::pairings::Caller;

/// One year of the roster history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterYear {
    /// 学年.
    pub year: i32,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学段.
    pub section: Section,
    /// 学科.
    pub subject: String,
    /// 职称, when the roster gives it.
    pub title: Option<Title>,
    /// 骨干级别 of the roster.
    pub backbone: BackboneLevel,
    /// The pipeline stage of the year (roster and titles).
    pub stage: Option<Stage>,
}

/// Awards and 师德: the section only a [`HonoursPass`] opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HonoursSection {
    /// Awards, by year.
    pub awards: Vec<Award>,
    /// 师德考核 results, by year.
    pub ethics: Vec<EthicsResult>,
}

/// 继续教育: the current and the previous cycle's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingSection {
    /// The cycle holding today.
    pub current: Progress,
    /// The cycle before it.
    pub previous: Progress,
    /// Records in the ledger (every cycle).
    pub records: usize,
}

/// The teacher's 教师资格证 in the newest school year that has a certificates file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSection {
    /// The school year of the file.
    pub year: i32,
    /// The teacher's certificates in it (none: the file lists none for them).
    pub certificates: Vec<TeacherCertificate>,
}

/// A 名师工作室 (or project) of the current 名册 the teacher hosts or belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudioPlace {
    /// Its number in the 名册 (1-based, the studio page's address).
    pub number: usize,
    /// Whether the teacher hosts it (else a member).
    pub host: bool,
    /// The studio.
    pub studio: Studio,
}

/// A teacher's record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherRecord {
    /// 教师编号.
    pub teacher: TeacherId,
    /// Roster history, oldest first.
    pub roster: Vec<RosterYear>,
    /// Rotation moves of the ledger (not cancelled), by start year.
    pub moves: Vec<Move>,
    /// Titles (称号), by year.
    pub titles: Vec<HonourTitle>,
    /// 继续教育 (`None`: the teacher is in no roster the training rules can use).
    pub training: Option<TrainingSection>,
    /// 教师资格证 (`None`: no school year has a certificates file).
    pub certificates: Option<CertificateSection>,
    /// Studios of the current 名册 the teacher hosts or belongs to.
    pub studios: Vec<StudioPlace>,
    /// 师徒结对 of the current 名册 with the teacher as mentor or mentee.
    pub pairs: Vec<Pair>,
    /// Awards and 师德 (`None`: the viewer holds no pass for the teacher's school).
    pub honours: Option<HonoursSection>,
}

impl TeacherRecord {
    /// The school of the newest roster year.
    pub fn school(&self) -> Option<&SchoolCode> {
        self.roster.last().map(|r| &r.school)
    }
}

/// The record of `teacher` as `caller` may see it on `as_of`: `None` when no stored roster has
/// them or their school (of the newest roster year) is not one `sees` lets the caller see.
/// Awards and 师德 are read only when the caller's pass covers that school. The read is audited.
pub async fn record(
    store: &DistrictStore,
    caller: &Caller<'_>,
    teacher: &TeacherId,
    sees: impl Fn(&SchoolCode) -> bool,
    as_of: Day,
) -> Result<Option<TeacherRecord>, StoreError> {
    let titles = store.honour_titles(Some(teacher)).await?;
    let title_refs: Vec<&HonourTitle> = titles.iter().collect();
    // Every roster is read once: for the history here and the 继续教育 section below.
    let rosters = super::training::Rosters::load(store).await?;
    let roster: Vec<RosterYear> = rosters
        .0
        .iter()
        .rev()
        .filter_map(|(year, r)| {
            let t = r.iter().find(|t| &t.id == teacher)?;
            Some(RosterYear {
                year: *year,
                stage: stage_in(t.backbone, &title_refs, *year),
                school: t.school.clone(),
                section: t.section,
                subject: t.subject.clone(),
                title: t.title,
                backbone: t.backbone,
            })
        })
        .collect();
    let Some(school) = roster.last().map(|r| r.school.clone()) else {
        return Ok(None);
    };
    if !sees(&school) {
        return Ok(None);
    }
    let mut moves: Vec<Move> = store
        .moves(&MoveFilter::default())
        .await?
        .into_iter()
        .map(|e| e.move_)
        .filter(|m| &m.teacher == teacher)
        .collect();
    moves.sort_by_key(|m| m.start_year);
    let honours = match HonoursPass::of(caller).filter(|p| p.covers(&school)) {
        Some(_) => Some(HonoursSection {
            awards: store.honour_awards(Some(teacher), None).await?,
            ethics: store.honour_ethics(Some(teacher), None).await?,
        }),
        None => None,
    };
    let training = match super::training::detail(
        store,
        &rosters,
        None,
        &TrainingRules::default(),
        teacher,
        as_of,
    )
    .await
    {
        Ok(d) => Some(TrainingSection {
            current: d.current,
            previous: d.previous,
            records: d.records.len(),
        }),
        Err(StoreError::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let certificates = certificates(store, teacher, roster.iter().map(|r| r.year)).await?;
    let studios = match store.studios().await? {
        Some((_, all)) => all
            .into_iter()
            .enumerate()
            .filter(|(_, s)| &s.host == teacher || s.members.contains(teacher))
            .map(|(i, s)| StudioPlace {
                number: i + 1,
                host: &s.host == teacher,
                studio: s,
            })
            .collect(),
        None => Vec::new(),
    };
    let pairs = match store.mentor_pairs().await? {
        Some((_, all)) => all
            .into_iter()
            .filter(|p| &p.mentor == teacher || &p.mentee == teacher)
            .collect(),
        None => Vec::new(),
    };
    let sections = if honours.is_some() {
        "roster,moves,titles,training,certificates,studios,pairs,awards,ethics"
    } else {
        "roster,moves,titles,training,certificates,studios,pairs"
    };
    store
        .log_record_read(teacher, sections, &caller.actor())
        .await?;
    Ok(Some(TeacherRecord {
        teacher: teacher.clone(),
        roster,
        moves,
        titles,
        training,
        certificates,
        studios,
        pairs,
        honours,
    }))
}

/// The teacher's certificates in the newest of `years` that has a certificates file.
async fn certificates(
    store: &DistrictStore,
    teacher: &TeacherId,
    years: impl DoubleEndedIterator<Item = i32>,
) -> Result<Option<CertificateSection>, StoreError> {
    for year in years.rev() {
        if let Some((_, all)) = store.certificates(year).await? {
            return Ok(Some(CertificateSection {
                year,
                certificates: all.into_iter().filter(|c| &c.teacher == teacher).collect(),
            }));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use junheng_core::school::SchoolKind;
    use junheng_rotation::synth::example_teacher;
    use junheng_store::Actor;
    use junheng_store::teachers::studios::StudioRows;
    use junheng_teachers::mentors::Outcome;
    use junheng_teachers::posts::CertificateKind;
    use junheng_teachers::studios::{Level as StudioLevel, Status};
    use junheng_teachers::training::{Hours, Level, Source, TrainingRecord};

    use super::*;
    use crate::testing::fixture;

    fn id(t: &str) -> TeacherId {
        TeacherId::parse(t).unwrap()
    }

    /// Each later capability's section holds the teacher's own rows only, and is empty (not
    /// absent) where the teacher has none.
    #[tokio::test]
    async fn the_record_gathers_training_certificates_studios_and_pairs() {
        let f = fixture(SchoolKind::Primary, 3, 4).await;
        let op = Actor::new("operator");
        let roster: Vec<_> = [("T1", &f.school), ("T2", &f.other)]
            .into_iter()
            .map(|(t, s)| {
                let mut x = example_teacher(2010, 1985);
                x.id = id(t);
                x.year = 2025;
                x.school = s.clone();
                x
            })
            .collect();
        f.store.replace_roster(2025, &roster, &op).await.unwrap();
        let day = |y, m, d| Day::new(y, m, d).unwrap();
        let course = |t: &str, hours| TrainingRecord {
            teacher: id(t),
            course: format!("{t} 的课程"),
            level: Level::District,
            start: day(2026, 3, 1),
            end: day(2026, 3, 2),
            hours: Hours::from_hundredths(hours),
            certificate: None,
            source: Source::Entered,
        };
        f.store
            .import_training(
                2025,
                &[course("T1", 2400), course("T2", 1200)],
                true,
                "培训.xlsx",
                &"a".repeat(64),
                &op,
            )
            .await
            .unwrap();
        let cert = |t: &str| TeacherCertificate {
            teacher: id(t),
            kind: CertificateKind::Primary,
            subject: "语文".into(),
            number: None,
        };
        f.store
            .import_certificates(
                2025,
                &[cert("T1"), cert("T2")],
                "证书.xlsx",
                &"b".repeat(64),
                &op,
            )
            .await
            .unwrap();
        let studio = |name: &str, host: &str, members: &[&str]| Studio {
            name: name.into(),
            kind: "名师工作室".into(),
            level: StudioLevel::District,
            subject: "语文".into(),
            host: id(host),
            host_school: f.other.clone(),
            start: "2024-09-01".into(),
            end: None,
            status: Status::Active,
            members: members.iter().map(|m| id(m)).collect(),
        };
        let studios = [
            studio("甲工作室", "T2", &["T1"]),
            studio("乙工作室", "T2", &[]),
        ];
        f.store
            .import_studio_file(
                StudioRows::Studios(&studios),
                "名册.xlsx",
                &"c".repeat(64),
                &op,
            )
            .await
            .unwrap();
        let pair = Pair {
            mentor: id("T2"),
            mentor_school: f.other.clone(),
            mentee: id("T1"),
            mentee_school: f.school.clone(),
            subject: "语文".into(),
            start: "2025-09-01".into(),
            end: None,
            goals: "站稳讲台".into(),
            meetings_held: 3,
            meetings_planned: 8,
            outcome: Some(Outcome::Passed),
        };
        f.store
            .import_studio_file(
                StudioRows::Mentors(std::slice::from_ref(&pair)),
                "结对.xlsx",
                &"d".repeat(64),
                &op,
            )
            .await
            .unwrap();

        let r = record(
            &f.store,
            &Caller::Operator(&op),
            &id("T1"),
            |_| true,
            day(2026, 6, 1),
        )
        .await
        .unwrap()
        .unwrap();
        let t = r.training.unwrap();
        assert_eq!(
            (t.records, t.current.done),
            (1, Hours::from_hundredths(2400))
        );
        assert_eq!(t.current.cycle.start_year, 2026);
        let c = r.certificates.unwrap();
        assert_eq!((c.year, c.certificates.len()), (2025, 1));
        assert_eq!(c.certificates[0].teacher, id("T1"));
        assert_eq!(r.studios.len(), 1);
        assert_eq!((r.studios[0].number, r.studios[0].host), (1, false));
        assert_eq!(r.pairs, vec![pair.clone()]);

        // The host: both studios, hosting; the pair as mentor.
        let r = record(
            &f.store,
            &Caller::Operator(&op),
            &id("T2"),
            |_| true,
            day(2026, 6, 1),
        )
        .await
        .unwrap()
        .unwrap();
        let numbers: Vec<(usize, bool)> = r.studios.iter().map(|s| (s.number, s.host)).collect();
        assert_eq!(numbers, [(1, true), (2, true)]);
        assert_eq!(r.pairs.len(), 1);
    }
}
