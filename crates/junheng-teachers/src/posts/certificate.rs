//! 教师资格证: which 专任教师 hold one, and whether it covers the 学段 they teach (政府保障
//! item 12: 100 % of 专任教师 hold one).
//!
//! Coverage follows 《教师资格条例》第五条: a certificate qualifies its holder for its own level and
//! every level below ([`CertificateSettings::higher_covers_lower`]); 高级中学 and 中等职业学校
//! certificates are interchangeable; a 中等职业学校实习指导 certificate covers no school section.

use std::collections::{BTreeMap, HashMap};

use junheng_core::school::{SchoolCode, Section};
use junheng_rotation::{Teacher, TeacherId};
use serde::{Deserialize, Serialize};

/// 资格种类, as the certificate names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    /// 幼儿园教师资格.
    Kindergarten,
    /// 小学教师资格.
    Primary,
    /// 初级中学教师资格.
    Junior,
    /// 高级中学教师资格.
    Senior,
    /// 中等职业学校教师资格 (interchangeable with 高级中学).
    Vocational,
    /// 中等职业学校实习指导教师资格 (vocational schools only).
    VocationalPractice,
    /// 高等学校教师资格.
    Higher,
}

impl CertificateKind {
    /// Every kind, in template order.
    pub const ALL: [CertificateKind; 7] = [
        CertificateKind::Kindergarten,
        CertificateKind::Primary,
        CertificateKind::Junior,
        CertificateKind::Senior,
        CertificateKind::Vocational,
        CertificateKind::VocationalPractice,
        CertificateKind::Higher,
    ];

    /// The Chinese name the template uses.
    ///
    /// ```
    /// use junheng_teachers::posts::CertificateKind;
    /// assert_eq!(CertificateKind::Junior.label(), "初级中学");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            CertificateKind::Kindergarten => "幼儿园",
            CertificateKind::Primary => "小学",
            CertificateKind::Junior => "初级中学",
            CertificateKind::Senior => "高级中学",
            CertificateKind::Vocational => "中等职业学校",
            CertificateKind::VocationalPractice => "中等职业学校实习指导",
            CertificateKind::Higher => "高等学校",
        }
    }

    /// Stable identifier (JSON, the database).
    pub fn id(self) -> &'static str {
        match self {
            CertificateKind::Kindergarten => "kindergarten",
            CertificateKind::Primary => "primary",
            CertificateKind::Junior => "junior",
            CertificateKind::Senior => "senior",
            CertificateKind::Vocational => "vocational",
            CertificateKind::VocationalPractice => "vocational_practice",
            CertificateKind::Higher => "higher",
        }
    }

    /// Reads a label (also without the 教师资格 suffix, and 初中/高中/中职 for short) or an id.
    ///
    /// ```
    /// use junheng_teachers::posts::CertificateKind;
    /// assert_eq!(CertificateKind::parse("初中"), Some(CertificateKind::Junior));
    /// assert_eq!(CertificateKind::parse("小学教师资格"), Some(CertificateKind::Primary));
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let t = t
            .strip_suffix("教师资格证")
            .or_else(|| t.strip_suffix("教师资格"))
            .unwrap_or(t);
        let short = match t {
            "初中" => Some(CertificateKind::Junior),
            "高中" => Some(CertificateKind::Senior),
            "中职" => Some(CertificateKind::Vocational),
            "中职实习指导" => Some(CertificateKind::VocationalPractice),
            "高校" => Some(CertificateKind::Higher),
            _ => None,
        };
        short.or_else(|| {
            Self::ALL
                .into_iter()
                .find(|k| k.label() == t || k.id() == t)
        })
    }

    /// The expected values, for an import message.
    pub fn expected() -> String {
        Self::ALL.map(|k| k.label()).join("、")
    }

    /// The level of the certificate (幼儿园 0 … 高等学校 4); `None` for 实习指导.
    fn level(self) -> Option<u8> {
        match self {
            CertificateKind::Kindergarten => Some(0),
            CertificateKind::Primary => Some(1),
            CertificateKind::Junior => Some(2),
            CertificateKind::Senior | CertificateKind::Vocational => Some(3),
            CertificateKind::Higher => Some(4),
            CertificateKind::VocationalPractice => None,
        }
    }

    /// Whether this certificate qualifies its holder to teach `section`.
    ///
    /// ```
    /// use junheng_core::school::Section;
    /// use junheng_teachers::posts::CertificateKind;
    /// assert!(!CertificateKind::Primary.covers(Section::Junior, true));
    /// assert!(CertificateKind::Senior.covers(Section::Primary, true));
    /// assert!(!CertificateKind::Senior.covers(Section::Primary, false));
    /// ```
    pub fn covers(self, section: Section, higher_covers_lower: bool) -> bool {
        let needed = match section {
            Section::Primary => 1,
            Section::Junior => 2,
            Section::Senior => 3,
        };
        match self.level() {
            Some(l) if higher_covers_lower => l >= needed,
            Some(l) => l == needed,
            None => false,
        }
    }
}

/// One teacher's certificate, as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherCertificate {
    /// 教师编号 (the roster's).
    pub teacher: TeacherId,
    /// 资格种类.
    pub kind: CertificateKind,
    /// 任教学科 on the certificate.
    pub subject: String,
    /// 证书号码, when given.
    pub number: Option<String>,
}

/// 资格证 rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateSettings {
    /// A certificate covers its own level and every lower one (default true, 《教师资格条例》第五条);
    /// false: only its own level.
    pub higher_covers_lower: bool,
    /// Item 12 counts only certificates that cover the teacher's 学段 (default true); false: any
    /// certificate counts.
    pub item12_requires_coverage: bool,
    /// Item 12's required share (default 1.0 = 100 %, 政府保障 item 12).
    pub required_share: f64,
}

impl Default for CertificateSettings {
    fn default() -> Self {
        CertificateSettings {
            higher_covers_lower: true,
            item12_requires_coverage: true,
            required_share: 1.0,
        }
    }
}

/// Counts of a group of 专任教师.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// 专任教师.
    pub teachers: u32,
    /// Holding any certificate.
    pub holding: u32,
    /// Holding one that covers their 学段.
    pub covering: u32,
}

impl Tally {
    fn add(&mut self, holding: bool, covering: bool) {
        self.teachers += 1;
        self.holding += u32::from(holding);
        self.covering += u32::from(covering);
    }

    /// Share of teachers holding any certificate (`None` without teachers).
    pub fn holding_rate(&self) -> Option<f64> {
        (self.teachers > 0).then(|| f64::from(self.holding) / f64::from(self.teachers))
    }

    /// Share of teachers holding a covering certificate (`None` without teachers).
    pub fn covering_rate(&self) -> Option<f64> {
        (self.teachers > 0).then(|| f64::from(self.covering) / f64::from(self.teachers))
    }

    /// The rate item 12 counts under `settings`.
    pub fn item12_rate(&self, settings: &CertificateSettings) -> Option<f64> {
        if settings.item12_requires_coverage {
            self.covering_rate()
        } else {
            self.holding_rate()
        }
    }

    /// Whether item 12 is met (`true` without teachers: nothing to miss).
    pub fn item12_met(&self, settings: &CertificateSettings) -> bool {
        self.item12_rate(settings)
            .is_none_or(|r| r >= settings.required_share)
    }
}

/// One school and 学段's tally.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateRow {
    /// 学校标识码.
    pub school: SchoolCode,
    /// 学段 taught.
    pub section: Section,
    /// Its counts.
    pub tally: Tally,
}

/// Why a teacher is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// 无资格证.
    Missing,
    /// 资格证学段不符: holds certificates, none covers the 学段 taught.
    WrongSection,
}

impl GapKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            GapKind::Missing => "无教师资格证",
            GapKind::WrongSection => "资格证学段不符",
        }
    }
}

/// A teacher without a covering certificate. Names no birth year or sex.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// 教师编号.
    pub teacher: TeacherId,
    /// 学校标识码.
    pub school: SchoolCode,
    /// 任教学段.
    pub section: Section,
    /// 任教学科 (the roster's).
    pub subject: String,
    /// Why.
    pub kind: GapKind,
    /// The kinds the teacher holds (empty when [`GapKind::Missing`]).
    pub held: Vec<CertificateKind>,
}

/// The year's certificate figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateReport {
    /// Per school and 学段, by school then 学段.
    pub rows: Vec<CertificateRow>,
    /// Per 学段 over the district.
    pub sections: Vec<(Section, Tally)>,
    /// The district.
    pub district: Tally,
    /// Teachers without a covering certificate, by school, 学段 and teacher.
    pub gaps: Vec<Gap>,
}

/// Counts each 专任教师 of `roster` against `certs` (certificates of teachers not in the roster
/// are ignored; the import refuses them).
///
/// ```
/// use junheng_teachers::posts::{certificates, CertificateSettings};
/// let report = certificates(&[], &[], &CertificateSettings::default());
/// assert_eq!(report.district.teachers, 0);
/// ```
pub fn certificates(
    roster: &[Teacher],
    certs: &[TeacherCertificate],
    settings: &CertificateSettings,
) -> CertificateReport {
    let mut held: HashMap<&TeacherId, Vec<CertificateKind>> = HashMap::new();
    for c in certs {
        held.entry(&c.teacher).or_default().push(c.kind);
    }
    let mut rows: BTreeMap<(SchoolCode, Section), Tally> = BTreeMap::new();
    let mut sections: BTreeMap<Section, Tally> = BTreeMap::new();
    let mut district = Tally::default();
    let mut gaps = Vec::new();
    for t in roster {
        let mut kinds = held.get(&t.id).cloned().unwrap_or_default();
        kinds.sort();
        kinds.dedup();
        let holding = !kinds.is_empty();
        let covering = kinds
            .iter()
            .any(|k| k.covers(t.section, settings.higher_covers_lower));
        rows.entry((t.school.clone(), t.section))
            .or_default()
            .add(holding, covering);
        sections
            .entry(t.section)
            .or_default()
            .add(holding, covering);
        district.add(holding, covering);
        if !covering {
            gaps.push(Gap {
                teacher: t.id.clone(),
                school: t.school.clone(),
                section: t.section,
                subject: t.subject.clone(),
                kind: if holding {
                    GapKind::WrongSection
                } else {
                    GapKind::Missing
                },
                held: kinds,
            });
        }
    }
    gaps.sort_by(|a, b| {
        (&a.school, a.section, &a.teacher).cmp(&(&b.school, b.section, &b.teacher))
    });
    CertificateReport {
        rows: rows
            .into_iter()
            .map(|((school, section), tally)| CertificateRow {
                school,
                section,
                tally,
            })
            .collect(),
        sections: sections.into_iter().collect(),
        district,
        gaps,
    }
}
