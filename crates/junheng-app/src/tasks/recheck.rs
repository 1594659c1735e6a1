//! The re-check of a task's source when the task is closed: does what raised the task still
//! hold? One function per kind of source, dispatched by [`recheck`]; a kind without its
//! capability yet answers [`Recheck::NotCheckable`].
//!
//! A gap (`学校标识码/indicator-id`) is checked on the latest school year's latest version under
//! the default rulebook ([`DEFAULT_RULEBOOK`](super::DEFAULT_RULEBOOK)): the school's units are
//! evaluated with the rows they share (its 上级学校 and teaching points, as a submission's verdict
//! is), and the gap is resolved when every unit of the school meets the indicator's standard.
//!
//! A 督导评估 gap (`学年/指标[/单位]`, raised on the board) is checked on the verdict of its year
//! recomputed now ([`crate::board::source::recheck`]).
//!
//! Adding a kind: write `async fn <kind>(store, key) -> Result<Recheck, StoreError>` here and add
//! its arm to [`recheck`].

use junheng_core::evaluate::{Comparator, EvaluateError, evaluate};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolCode, SchoolRecord, school_year};
use junheng_store::{CheckOutcome, CheckRecord, DistrictStore, StoreError};

use super::DEFAULT_RULEBOOK;

/// What a re-check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recheck {
    /// What raised the task no longer holds.
    Resolved,
    /// It still holds: why (a Chinese sentence with the values).
    StillOpen(String),
    /// It cannot be checked: why.
    NotCheckable(String),
}

impl Recheck {
    /// 已解决 / 仍未解决 / 无法复查.
    pub fn label(&self) -> &'static str {
        match self {
            Recheck::Resolved => "已解决",
            Recheck::StillOpen(_) => "仍未解决",
            Recheck::NotCheckable(_) => "无法复查",
        }
    }

    /// The sentence (empty when resolved).
    pub fn text(&self) -> &str {
        match self {
            Recheck::Resolved => "",
            Recheck::StillOpen(t) | Recheck::NotCheckable(t) => t,
        }
    }

    /// As the store records it with a closing; `despite`: closed although still open.
    pub fn record(&self, despite: bool) -> CheckRecord {
        CheckRecord {
            outcome: match self {
                Recheck::Resolved => CheckOutcome::Resolved,
                Recheck::StillOpen(_) => CheckOutcome::StillOpen,
                Recheck::NotCheckable(_) => CheckOutcome::NotCheckable,
            },
            text: self.text().to_owned(),
            despite: despite && matches!(self, Recheck::StillOpen(_)),
        }
    }

    /// A recorded re-check read back.
    pub fn of_record(record: &CheckRecord) -> Recheck {
        match record.outcome {
            CheckOutcome::Resolved => Recheck::Resolved,
            CheckOutcome::StillOpen => Recheck::StillOpen(record.text.clone()),
            CheckOutcome::NotCheckable => Recheck::NotCheckable(record.text.clone()),
        }
    }
}

/// Re-checks a task's source, by its kind.
pub async fn recheck(
    store: &DistrictStore,
    source: Option<&RecordRef>,
) -> Result<Recheck, StoreError> {
    let Some(source) = source else {
        return Ok(Recheck::NotCheckable(
            "任务没有来源记录，没有可复查的内容".into(),
        ));
    };
    match source.kind {
        RecordKind::Gap => gap(store, &source.key).await,
        RecordKind::SupervisionItem => crate::board::source::recheck(store, &source.key).await,
        // A 督导发现 is seen on site: the supervisor who accepts the 整改 checks it there.
        RecordKind::Finding => Ok(Recheck::NotCheckable(
            "督导发现须由督学现场复核，系统不自动复查".into(),
        )),
        kind => Ok(Recheck::NotCheckable(format!(
            "{}的复查尚未接入",
            kind.label()
        ))),
    }
}

/// A gap's key: a school and an indicator of the rulebook, written `学校标识码/indicator-id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapKey {
    /// The school.
    pub school: SchoolCode,
    /// The indicator's id (as in the rulebook, e.g. `backbone_teachers_per_100`).
    pub indicator: String,
}

impl GapKey {
    /// Reads `学校标识码/indicator-id`; a Chinese message saying what is expected otherwise.
    ///
    /// ```
    /// use junheng_app::tasks::GapKey;
    /// let key = GapKey::parse("5001120001/backbone_teachers_per_100").unwrap();
    /// assert_eq!(key.school.as_str(), "5001120001");
    /// assert_eq!(key.to_string(), "5001120001/backbone_teachers_per_100");
    /// assert!(GapKey::parse("5001120001").is_err());
    /// ```
    pub fn parse(key: &str) -> Result<GapKey, String> {
        let expected = || {
            format!(
                "指标差距应写作“学校标识码/指标标识”（如 5001120001/backbone_teachers_per_100），收到「{}」",
                key.chars().take(60).collect::<String>()
            )
        };
        let (school, indicator) = key.trim().split_once('/').ok_or_else(expected)?;
        let school = SchoolCode::parse(school).map_err(|_| expected())?;
        let indicator = indicator.trim();
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if indicator.is_empty() || !indicator.chars().all(word) {
            return Err(expected());
        }
        Ok(GapKey {
            school,
            indicator: indicator.to_owned(),
        })
    }

    /// The reference of this gap.
    pub fn record(&self) -> RecordRef {
        RecordRef {
            kind: RecordKind::Gap,
            key: self.to_string(),
        }
    }
}

impl std::fmt::Display for GapKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.school, self.indicator)
    }
}

/// The gap re-check on the stored statistics: the latest year's latest version, the default
/// rulebook.
async fn gap(store: &DistrictStore, key: &str) -> Result<Recheck, StoreError> {
    let key = match GapKey::parse(key) {
        Ok(k) => k,
        Err(why) => return Ok(Recheck::NotCheckable(why)),
    };
    let Some(year) = store.years().await?.into_iter().max_by_key(|y| y.year) else {
        return Ok(Recheck::NotCheckable(
            "还没有任何学年的统计数据，无法复查".into(),
        ));
    };
    let records = store.statistics(year.year, None).await?;
    let rulebook = match Rulebook::builtin(DEFAULT_RULEBOOK) {
        Ok(r) => r,
        Err(e) => return Ok(Recheck::NotCheckable(e.to_string())),
    };
    let found = gap_status(&records, &rulebook, &key);
    let at = format!(
        "{} 学年第 {} 版统计数据",
        school_year(year.year),
        year.latest_version
    );
    Ok(match found {
        Recheck::Resolved => Recheck::Resolved,
        Recheck::StillOpen(why) => Recheck::StillOpen(format!("{at}：{why}")),
        Recheck::NotCheckable(why) => Recheck::NotCheckable(format!("{at}：{why}")),
    })
}

/// Whether the school of `key` meets the indicator's standard in every unit of it, among
/// `records` (one school year) under `rulebook`. Pure: a page that holds an evaluation's records
/// asks it directly.
pub fn gap_status(records: &[SchoolRecord], rulebook: &Rulebook, key: &GapKey) -> Recheck {
    let Some(indicator) = rulebook.indicator(&key.indicator) else {
        return Recheck::NotCheckable(format!(
            "评估规则“{}”中没有指标 {}",
            rulebook.name, key.indicator
        ));
    };
    let code = &key.school;
    let Some(record) = records.iter().find(|r| &r.code == code) else {
        return Recheck::NotCheckable(format!("数据中没有学校 {code}"));
    };
    let rows = unit_rows(records, record);
    let e = match evaluate(&rows, rulebook) {
        Ok(e) => e,
        Err(EvaluateError::NoUnits) => {
            return Recheck::NotCheckable(format!("{}（{code}）不参评", record.name));
        }
        Err(other) => return Recheck::NotCheckable(other.to_string()),
    };
    let cmp = Comparator::new(rulebook.policy.compare_decimals);
    let (mut units, mut short) = (0, Vec::new());
    for s in &e.sections {
        let Some(i) = s.indicators.iter().position(|x| x.id == indicator.id) else {
            continue;
        };
        let result = &s.indicators[i];
        for (u, unit) in s.units.iter().enumerate() {
            let ours = unit.school_code() == code || unit.merged.iter().any(|r| &r.code == code);
            if !ours {
                continue;
            }
            let Some(standard) = result.standard else {
                return Recheck::NotCheckable(format!("指标“{}”没有标准", result.name));
            };
            units += 1;
            let value = s.values[i][u];
            if !cmp.meets(value, standard) {
                short.push(format!(
                    "{}{}为 {:.2}{}，标准 {}",
                    s.section.label(),
                    result.name,
                    value,
                    result.unit,
                    standard
                ));
            }
        }
    }
    if units == 0 {
        let why = e
            .excluded
            .iter()
            .find(|x| &x.school_code == code)
            .map_or_else(|| "不参评".to_owned(), |x| x.reason.describe());
        return Recheck::NotCheckable(format!("{}（{code}）：{why}", record.name));
    }
    if short.is_empty() {
        Recheck::Resolved
    } else {
        Recheck::StillOpen(format!("{}（{code}）{}", record.name, short.join("；")))
    }
}

/// The school's row with the rows its units share: its 上级学校, the 上级学校's other teaching
/// points and its own teaching points (as `submissions::verdict` evaluates a school).
fn unit_rows(context: &[SchoolRecord], record: &SchoolRecord) -> Vec<SchoolRecord> {
    let code = &record.code;
    let mut rows: Vec<SchoolRecord> = context
        .iter()
        .filter(|r| &r.code != code)
        .filter(|r| {
            record.parent_code.as_ref() == Some(&r.code)
                || r.parent_code.as_ref() == Some(code)
                || (record.parent_code.is_some() && r.parent_code == record.parent_code)
        })
        .cloned()
        .collect();
    rows.push(record.clone());
    rows
}

#[cfg(test)]
mod tests {
    use junheng_core::demo::{DemoSpec, generate};
    use junheng_core::school::SchoolKind;

    use super::*;

    #[test]
    fn a_gap_is_resolved_once_the_school_meets_the_standard() {
        let mut records = generate(&DemoSpec {
            schools: 60,
            seed: 3,
            year: 2024,
        });
        let rulebook = Rulebook::builtin(DEFAULT_RULEBOOK).unwrap();
        let i = records
            .iter()
            .position(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
            .unwrap();
        let key = GapKey {
            school: records[i].code.clone(),
            indicator: "backbone_teachers_per_100".into(),
        };
        records[i].primary.backbone_teachers = 0;
        let found = gap_status(&records, &rulebook, &key);
        let Recheck::StillOpen(why) = &found else {
            panic!("{found:?}")
        };
        assert!(
            why.contains(&records[i].name) && why.contains("标准"),
            "{why}"
        );
        records[i].primary.backbone_teachers = 10_000;
        assert_eq!(gap_status(&records, &rulebook, &key), Recheck::Resolved);
        let unknown = GapKey {
            indicator: "no_such_indicator".into(),
            ..key.clone()
        };
        assert!(matches!(
            gap_status(&records, &rulebook, &unknown),
            Recheck::NotCheckable(_)
        ));
        let absent = GapKey {
            school: SchoolCode::parse("9999999999").unwrap(),
            ..key
        };
        assert!(matches!(
            gap_status(&records, &rulebook, &absent),
            Recheck::NotCheckable(w) if w.contains("9999999999")
        ));
    }

    #[test]
    fn records_keep_the_outcome_and_despite_only_for_an_open_source() {
        let open = Recheck::StillOpen("仍低于标准".into());
        let r = open.record(true);
        assert!(r.despite && r.outcome == CheckOutcome::StillOpen);
        assert_eq!(Recheck::of_record(&r), open);
        assert!(!Recheck::Resolved.record(true).despite);
        assert!(GapKey::parse("5001120001/").is_err());
        assert!(GapKey::parse("abc/x").is_err());
    }
}
