//! 心理测评: a school's wave file imported (consent checked, PHQ-9 and GAD-7 scored for 初中
//! and up only), what each screen suggests, the counts by grade (no school is ever ranked), and
//! the cases a screen opens or raises — never to 危机, which only a 复核 sets.

use std::collections::BTreeMap;

use junheng_core::health::instrument::{self, CustomScore, Loaded};
use junheng_core::health::mental::{self, Instrument, InstrumentScore, Screen, Tier};
use junheng_core::health::settings::MentalSettings;
use junheng_core::school::SchoolCode;
use junheng_io::health::{MentalFile, ScaleFile};
use junheng_io::school::Issue;
use junheng_store::{
    DistrictStore, HealthKind, HealthRound, NewHealthRecord, OpenedRecord, StoreError, StudentKeys,
};
use serde::{Deserialize, Serialize};

use super::Refused;
use super::cases::{self, CaseContent, NoteContent, NoteKind};
use super::import::{Imported, LineAt, Prepared, admit, match_lines, registry, sha256, write_all};
use crate::pairings::Caller;

/// A child's answers in a wave (sealed in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentalRecord {
    /// 监护人同意: yes, no, or not recorded.
    pub consent: Option<bool>,
    /// The answers of each instrument taken.
    pub answers: Vec<(Instrument, Vec<u8>)>,
    /// The answers to a district instrument (its id), when the wave used one.
    #[serde(default)]
    pub custom: Vec<(String, Vec<u8>)>,
}

impl MentalRecord {
    /// Each instrument's score for a child of `grade` (an instrument not valid for the grade is
    /// left out: the importer refuses such rows).
    pub fn scores(&self, grade: u8) -> Vec<InstrumentScore> {
        self.answers
            .iter()
            .filter_map(|(i, a)| mental::score(*i, grade, a).ok())
            .collect()
    }

    /// Whether the child was screened (answers with consent where it is required).
    pub fn screened(&self) -> bool {
        !self.answers.is_empty() || self.custom.iter().any(|(_, a)| !a.is_empty())
    }

    /// The scores of the district instruments answered (an instrument the district no longer
    /// has, or answers it refuses, are left out).
    pub fn custom_scores(&self, grade: u8, instruments: &[Loaded]) -> Vec<CustomScore> {
        self.custom
            .iter()
            .filter_map(|(id, a)| {
                let i = instruments.iter().find(|i| &i.spec.id == id)?;
                instrument::score(&i.spec, i.norms.as_ref(), grade, a).ok()
            })
            .collect()
    }

    /// What the child's screen suggests: the built-in instruments' and the district
    /// instruments' flags together (a discarded answer sheet suggests nothing and says so).
    pub fn screen(&self, grade: u8, settings: &MentalSettings, instruments: &[Loaded]) -> Screen {
        let mut s = mental::screen(&self.scores(grade), &settings.thresholds);
        for c in self.custom_scores(grade, instruments) {
            s.suggested = s.suggested.max(c.suggested);
            s.reasons.extend(c.reasons);
        }
        s
    }
}

/// The counts of a grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct GradeTally {
    /// Children listed.
    pub students: u64,
    /// Screened.
    pub screened: u64,
    /// Not screened for want of consent.
    pub no_consent: u64,
    /// Suggested 一般, 关注, 重点.
    pub tiers: [u64; 3],
    /// Same-day reviews raised (PHQ-9 item 9).
    pub same_day: u64,
    /// District-instrument answer sheets discarded by their validity scale (to retest).
    pub invalid: u64,
}

impl GradeTally {
    /// The sum of two tallies.
    pub fn merge(&mut self, o: &GradeTally) {
        self.students += o.students;
        self.screened += o.screened;
        self.no_consent += o.no_consent;
        for (a, b) in self.tiers.iter_mut().zip(o.tiers) {
            *a += b;
        }
        self.same_day += o.same_day;
        self.invalid += o.invalid;
    }
}

/// A file's counts, by grade only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Counts {
    /// By grade.
    pub grades: BTreeMap<u8, GradeTally>,
}

/// Imports a school's wave file of PHQ-9 and GAD-7 answers into `round`; every child whose
/// screen suggests 关注 or 重点, or a same-day review, gets a case (opened, or raised when one is
/// open), due by the tier's SLA.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    round: &HealthRound,
    school: &SchoolCode,
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
    settings: &MentalSettings,
    today: &str,
) -> Result<Imported, Refused> {
    let keys = admit(caller, HealthKind::Mental, school, keys)?;
    let file: MentalFile = junheng_io::health::read_mental_with(bytes, file_name, limits)
        .map_err(Refused::Problems)?;
    let lines = file
        .lines
        .into_iter()
        .map(|l| Answered {
            row: l.row,
            number: l.number,
            grade: l.grade,
            class: l.class,
            record: MentalRecord {
                consent: l.consent,
                answers: l.answers,
                custom: Vec::new(),
            },
        })
        .collect();
    let wave = Wave {
        round,
        school,
        file_name,
        bytes,
        settings,
        instruments: &[],
        today,
    };
    import_answered(store, keys, caller, &wave, lines, file.warnings).await
}

/// Imports a school's wave file of a district instrument's answers (量表测评: MHT, MSSMHS, …,
/// as the district loaded them in `instruments`) into `round`, like [`import`]: each row's
/// instrument must be one of the district's, valid for the child's grade, with its number of
/// answers in its range — every problem located at its row.
#[allow(clippy::too_many_arguments)]
pub async fn import_scale(
    store: &DistrictStore,
    keys: Option<&StudentKeys>,
    caller: &Caller<'_>,
    round: &HealthRound,
    school: &SchoolCode,
    bytes: &[u8],
    file_name: &str,
    limits: &junheng_io::Limits,
    settings: &MentalSettings,
    instruments: &[Loaded],
    today: &str,
) -> Result<Imported, Refused> {
    let keys = admit(caller, HealthKind::Mental, school, keys)?;
    let file: ScaleFile =
        junheng_io::health::read_scale_with(bytes, file_name, limits).map_err(Refused::Problems)?;
    let mut issues = Vec::new();
    let mut lines = Vec::with_capacity(file.lines.len());
    for l in file.lines {
        let issue = |column: &str, message: String| Issue {
            code: "health.instrument_invalid",
            file: file_name.to_owned(),
            sheet: file.sheet.clone(),
            row: Some(l.row),
            column: Some(column.to_owned()),
            value: None,
            message,
        };
        let Some(i) = instruments.iter().find(|i| i.spec.id == l.instrument) else {
            let known: Vec<&str> = instruments.iter().map(|i| i.spec.id.as_str()).collect();
            issues.push(issue(
                "量表",
                format!(
                    "区县没有载入标识为「{}」的量表；已载入：{}",
                    l.instrument,
                    if known.is_empty() {
                        "无".to_owned()
                    } else {
                        known.join("、")
                    }
                ),
            ));
            continue;
        };
        if !l.answers.is_empty()
            && let Err(e) = instrument::score(&i.spec, i.norms.as_ref(), l.grade, &l.answers)
        {
            issues.push(issue("第1题", e.to_string()));
            continue;
        }
        lines.push(Answered {
            row: l.row,
            number: l.number,
            grade: l.grade,
            class: l.class,
            record: MentalRecord {
                consent: l.consent,
                answers: Vec::new(),
                custom: vec![(l.instrument, l.answers)],
            },
        });
    }
    if !issues.is_empty() {
        return Err(Refused::Problems(junheng_io::school::ImportFailure {
            issues,
            warnings: file.warnings,
        }));
    }
    let wave = Wave {
        round,
        school,
        file_name,
        bytes,
        settings,
        instruments,
        today,
    };
    import_answered(store, keys, caller, &wave, lines, file.warnings).await
}

/// A child's answers read from a file.
struct Answered {
    row: usize,
    number: junheng_core::student::StudentNumber,
    grade: u8,
    class: String,
    record: MentalRecord,
}

/// Where a wave file goes and by what it is judged.
struct Wave<'a> {
    round: &'a HealthRound,
    school: &'a SchoolCode,
    file_name: &'a str,
    bytes: &'a [u8],
    settings: &'a MentalSettings,
    instruments: &'a [Loaded],
    today: &'a str,
}

/// Writes a wave file's answers (consent checked, matched to the registry), counts them by
/// grade, and opens or raises the cases the screens ask for.
async fn import_answered(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    wave: &Wave<'_>,
    lines: Vec<Answered>,
    warnings: Vec<Issue>,
) -> Result<Imported, Refused> {
    let (round, school, settings) = (wave.round, wave.school, wave.settings);
    if round.kind != HealthKind::Mental {
        return Err(Refused::Store(StoreError::invalid("这个轮次不是心理测评")));
    }
    if settings.consent_required
        && let Some(l) = lines
            .iter()
            .find(|l| l.record.screened() && l.record.consent != Some(true))
    {
        return Err(Refused::Store(StoreError::Invalid(format!(
            "{} 第 {} 行有作答但未记录监护人同意：本区县要求测评前取得监护人同意（health.mental.consent_required）",
            wave.file_name, l.row
        ))));
    }
    let registry = registry(store, &[school], round.year).await?;
    let at: Vec<LineAt<'_>> = lines
        .iter()
        .map(|l| LineAt {
            row: l.row,
            number: &l.number,
            grade: l.grade,
        })
        .collect();
    let ids = match_lines(&registry, keys, school, round.year, wave.file_name, &at)?;
    let mut counts = Counts::default();
    let mut new = Vec::with_capacity(lines.len());
    let mut flagged = Vec::new();
    for (l, (id, p)) in lines.into_iter().zip(ids) {
        let r = l.record;
        let t = counts.grades.entry(l.grade).or_default();
        t.students += 1;
        if r.screened() {
            t.screened += 1;
            t.invalid += r
                .custom_scores(l.grade, wave.instruments)
                .iter()
                .filter(|c| !c.valid)
                .count() as u64;
            let s = r.screen(l.grade, settings, wave.instruments);
            t.tiers[s.suggested as usize] += 1;
            t.same_day += u64::from(s.same_day_review);
            if s.suggested > Tier::General || s.same_day_review {
                flagged.push((id, l.grade, l.class.clone(), s));
            }
        } else {
            t.no_consent += u64::from(r.consent == Some(false));
        }
        new.push(NewHealthRecord {
            student: id,
            pseudonym: p,
            grade: l.grade,
            class: l.class,
            payload: serde_json::to_string(&r).expect("records serialise"),
        });
    }
    let prepared = Prepared {
        school: school.clone(),
        name: wave.file_name.to_owned(),
        sha256: sha256(wave.bytes),
        records: new,
        counts: serde_json::to_string(&counts).expect("counts serialise"),
        warnings,
        cases: flagged.len(),
    };
    let mut done = write_all(store, keys, caller, round, vec![prepared]).await?;
    for (id, grade, class, screen) in flagged {
        raise(
            store, keys, caller, round, school, id, grade, &class, &screen, settings, wave.today,
        )
        .await?;
    }
    Ok(done.remove(0))
}

/// Opens a case for a flagged child, or raises their open case (never lowering it, never to
/// 危机), with a note of the screen.
#[allow(clippy::too_many_arguments)]
async fn raise(
    store: &DistrictStore,
    keys: &StudentKeys,
    caller: &Caller<'_>,
    round: &HealthRound,
    school: &SchoolCode,
    student: i64,
    grade: u8,
    class: &str,
    screen: &Screen,
    settings: &MentalSettings,
    today: &str,
) -> Result<(), Refused> {
    let note = NoteContent {
        kind: NoteKind::Screen,
        text: format!("{}：{}", round.name, screen.reasons.join("；")),
        tier: None,
    };
    let open = match store.open_mental_case_of(student).await? {
        Some(id) => Some(
            store
                .mental_case(keys, id, &caller.actor(), "心理测评导入")
                .await?
                .0,
        ),
        None => None,
    };
    match open {
        None => {
            let content = CaseContent::from_screen(screen);
            let due = cases::due(&content, settings, today);
            cases::open(
                store, keys, caller, student, school, grade, class, round, content, due, note,
                today,
            )
            .await
        }
        Some(c) => {
            let mut content = CaseContent::decode(&c.content)?;
            content.tier = mental::after_screen(content.tier, screen);
            content.same_day_review |= screen.same_day_review;
            content.reasons = screen.reasons.clone();
            let due = cases::due(&content, settings, today).min(c.due_on.clone());
            Ok(store
                .update_mental_case(
                    keys,
                    c.id,
                    &content.encode(),
                    &due,
                    None,
                    today,
                    &note.encode(),
                    &caller.actor(),
                )
                .await?)
        }
    }
}

/// A stored record, decoded.
pub fn decode(r: &OpenedRecord) -> Result<MentalRecord, Refused> {
    serde_json::from_str(&r.payload).map_err(|_| {
        Refused::Store(StoreError::Corrupt {
            table: "health_records",
            column: "sealed",
        })
    })
}

/// The district's counts of a wave by grade (every school's latest file), for the aggregate
/// roles; never by school.
pub async fn district_counts(
    store: &DistrictStore,
    round: &HealthRound,
) -> Result<Counts, Refused> {
    let mut out = Counts::default();
    for f in store.health_files(round.id, false).await? {
        let c: Counts = serde_json::from_str(&f.counts).map_err(|_| {
            Refused::Store(StoreError::Corrupt {
                table: "health_files",
                column: "counts",
            })
        })?;
        for (g, t) in c.grades {
            out.grades.entry(g).or_default().merge(&t);
        }
    }
    Ok(out)
}
