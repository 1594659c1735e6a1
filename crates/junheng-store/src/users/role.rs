//! The permission model: a permission is a [`Role`] × a [`Capability`] × a [`Scope`]. A role
//! grants capabilities ([`Role::grants`]); a user holds one role over one scope
//! ([`Role::accepts`]); a request is allowed when the user's role grants the capability it needs
//! and what it touches lies inside the user's scope. Later capabilities are added here, not as
//! new ad-hoc roles.

use std::fmt;

use junheng_core::school::SchoolCode;
use serde::Serialize;

/// What a user may do, inside their scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Read a district's aggregate and school-level data (never named persons).
    ReadDistrict,
    /// Plan teacher rotation over the schools in scope.
    PlanRotation,
    /// Submit the scope's own school record.
    SubmitSchool,
    /// Write a district's data and settings: imports, users, decisions, lotteries.
    AdministerDistrict,
    /// Compare the districts of a city or province side by side.
    CompareDistricts,
    /// Set a city's (or province's) settings: creation-phase targets and statuses.
    SetCityTargets,
    /// Register district keys and receive their reported-up packages.
    ReceivePackages,
    /// Read named children's records (a class's or a school's pupils).
    ReadNamedChildren,
    /// Keep 控辍保学 cases: open, move and close them, record 劝返, read the named children of
    /// the cases and ledgers in scope.
    ManageDropoutCases,
    /// Read and import the named 体质健康 and 视力筛查 records of the children in scope.
    ReadHealthRecords,
    /// Keep 心理 screening and follow-up: read the answers and scores, open and keep cases.
    KeepMentalCases,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Capability; 11] = [
        Capability::ReadDistrict,
        Capability::PlanRotation,
        Capability::SubmitSchool,
        Capability::AdministerDistrict,
        Capability::CompareDistricts,
        Capability::SetCityTargets,
        Capability::ReceivePackages,
        Capability::ReadNamedChildren,
        Capability::ManageDropoutCases,
        Capability::ReadHealthRecords,
        Capability::KeepMentalCases,
    ];

    /// Stable identifier.
    pub fn id(self) -> &'static str {
        match self {
            Capability::ReadDistrict => "read_district",
            Capability::PlanRotation => "plan_rotation",
            Capability::SubmitSchool => "submit_school",
            Capability::AdministerDistrict => "administer_district",
            Capability::CompareDistricts => "compare_districts",
            Capability::SetCityTargets => "set_city_targets",
            Capability::ReceivePackages => "receive_packages",
            Capability::ReadNamedChildren => "read_named_children",
            Capability::ManageDropoutCases => "manage_dropout_cases",
            Capability::ReadHealthRecords => "read_health_records",
            Capability::KeepMentalCases => "keep_mental_cases",
        }
    }

    /// Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Capability::ReadDistrict => "查看区县汇总数据",
            Capability::PlanRotation => "编制交流轮岗方案",
            Capability::SubmitSchool => "填报本校数据",
            Capability::AdministerDistrict => "管理区县数据与账号",
            Capability::CompareDistricts => "比较各区县",
            Capability::SetCityTargets => "设定创建目标与进度",
            Capability::ReceivePackages => "接收区县上报数据包",
            Capability::ReadNamedChildren => "查看学生个人信息",
            Capability::ManageDropoutCases => "办理控辍保学个案",
            Capability::ReadHealthRecords => "查看学生体质与视力记录",
            Capability::KeepMentalCases => "办理心理测评与个案",
        }
    }
}

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 省级: reads and compares every district of a province.
    Province,
    /// 市级: reads and compares every district of a city; sets its phase targets, receives its
    /// districts' packages.
    City,
    /// 管理员: a district's users, settings and every write.
    Admin,
    /// 督学: reads and evaluates the whole district.
    Supervisor,
    /// 集团负责人: one education group.
    GroupLead,
    /// 学区负责人: one 学区 (zone).
    ZoneLead,
    /// 学校: one school's own data.
    School,
    /// 班主任: one class's pupils.
    ClassTeacher,
    /// 任课教师: the figures of the classes they teach, in the subjects they teach (no named
    /// child).
    SubjectTeacher,
    /// 心理教师: one school's pupils, for psychological care.
    PsychTeacher,
    /// 关爱专干: one school's pupils, for dropout prevention and care of left-behind children.
    CareOfficer,
    /// 控辍保学专干: the district's 控辍保学 cases and ledgers (named children of the cases only),
    /// and the district's aggregates.
    DropoutOfficer,
    /// 校医: one school's 体质健康 and 视力筛查 records, named (report cards, referrals).
    SchoolDoctor,
    /// 心理危机干预小组: the district's 心理 cases, answers and scores.
    CrisisTeam,
    /// 责任部门: a department of the district's government (财政局, 人社局, 规划自然资源局 …) or of
    /// the bureau, named by its scope — the 督导评估 tasks it owns and the duties (责任清单) naming
    /// it, nothing else of the district.
    Department,
}

impl Role {
    /// Every role, widest first.
    pub const ALL: [Role; 15] = [
        Role::Province,
        Role::City,
        Role::Admin,
        Role::Supervisor,
        Role::GroupLead,
        Role::ZoneLead,
        Role::School,
        Role::ClassTeacher,
        Role::SubjectTeacher,
        Role::PsychTeacher,
        Role::CareOfficer,
        Role::DropoutOfficer,
        Role::SchoolDoctor,
        Role::CrisisTeam,
        Role::Department,
    ];

    /// Stable identifier: `province`, `city`, `admin`, `supervisor`, `group_lead`, `zone_lead`, `school`,
    /// `class_teacher`, `subject_teacher`, `psych_teacher`, `care_officer`, `dropout_officer`, `school_doctor`,
    /// `crisis_team`, `department`.
    pub fn id(self) -> &'static str {
        match self {
            Role::Province => "province",
            Role::City => "city",
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::GroupLead => "group_lead",
            Role::ZoneLead => "zone_lead",
            Role::School => "school",
            Role::ClassTeacher => "class_teacher",
            Role::SubjectTeacher => "subject_teacher",
            Role::PsychTeacher => "psych_teacher",
            Role::CareOfficer => "care_officer",
            Role::DropoutOfficer => "dropout_officer",
            Role::SchoolDoctor => "school_doctor",
            Role::CrisisTeam => "crisis_team",
            Role::Department => "department",
        }
    }

    /// Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Role::Province => "省级",
            Role::City => "市级",
            Role::Admin => "管理员",
            Role::Supervisor => "督学",
            Role::GroupLead => "集团负责人",
            Role::ZoneLead => "学区负责人",
            Role::School => "学校",
            Role::ClassTeacher => "班主任",
            Role::SubjectTeacher => "任课教师",
            Role::PsychTeacher => "心理教师",
            Role::CareOfficer => "关爱专干",
            Role::DropoutOfficer => "控辍保学专干",
            Role::SchoolDoctor => "校医",
            Role::CrisisTeam => "心理危机干预小组",
            Role::Department => "责任部门",
        }
    }

    /// Parses an [`Role::id`].
    pub fn parse(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Whether this role grants `capability`.
    ///
    /// ```
    /// use junheng_store::{Capability, Role};
    /// assert!(Role::City.grants(Capability::CompareDistricts));
    /// assert!(!Role::City.grants(Capability::AdministerDistrict));
    /// assert!(!Role::Admin.grants(Capability::ReadNamedChildren));
    /// ```
    pub fn grants(self, capability: Capability) -> bool {
        use Capability as C;
        match self {
            Role::Province | Role::City => matches!(
                capability,
                C::ReadDistrict | C::CompareDistricts | C::SetCityTargets | C::ReceivePackages
            ),
            Role::Admin => matches!(
                capability,
                C::ReadDistrict | C::PlanRotation | C::AdministerDistrict
            ),
            Role::Supervisor => matches!(capability, C::ReadDistrict | C::PlanRotation),
            Role::GroupLead => capability == C::PlanRotation,
            // A zone lead reads their 学区's schools on the member pages; rotation is planned
            // by district and group, so a zone lead plans nothing.
            Role::ZoneLead => false,
            Role::School => capability == C::SubmitSchool,
            // A 班主任 reads their class's children, with their 体质 and 视力 report cards (the
            // 心理 tier and action of their class come with the 心理 pages' own rule).
            Role::ClassTeacher => matches!(capability, C::ReadNamedChildren | C::ReadHealthRecords),
            // A 任课教师 reads their own classes' figures on the exam pages' own rule.
            Role::SubjectTeacher => false,
            Role::PsychTeacher => matches!(capability, C::ReadNamedChildren | C::KeepMentalCases),
            Role::CareOfficer => matches!(capability, C::ReadNamedChildren | C::ManageDropoutCases),
            Role::DropoutOfficer => matches!(capability, C::ReadDistrict | C::ManageDropoutCases),
            Role::SchoolDoctor => capability == C::ReadHealthRecords,
            Role::CrisisTeam => capability == C::KeepMentalCases,
            // A 责任部门 works on its own tasks and reads its own duties, on the board's own rule.
            Role::Department => false,
        }
    }

    /// Every capability this role grants.
    pub fn capabilities(self) -> impl Iterator<Item = Capability> {
        Capability::ALL.into_iter().filter(move |c| self.grants(*c))
    }

    /// Whether granting this role gives access to named children: such a grant takes effect
    /// only once a second administrator confirms it.
    pub fn is_sensitive(self) -> bool {
        self.grants(Capability::ReadNamedChildren)
            || self.grants(Capability::ManageDropoutCases)
            || self.grants(Capability::ReadHealthRecords)
            || self.grants(Capability::KeepMentalCases)
    }

    /// Whether a user of this role belongs to one district (every role but city and province).
    pub fn in_district(self) -> bool {
        !matches!(self, Role::Province | Role::City)
    }

    /// Whether a user of this role may have `scope`.
    ///
    /// ```
    /// use junheng_store::{Role, Scope};
    /// assert!(Role::GroupLead.accepts(&Scope::Group("沙坪坝区第一教育集团".into())));
    /// assert!(!Role::Supervisor.accepts(&Scope::Group("沙坪坝区第一教育集团".into())));
    /// assert!(Role::City.accepts(&Scope::City("500100".into())));
    /// ```
    pub fn accepts(self, scope: &Scope) -> bool {
        matches!(
            (self, scope),
            (Role::Province, Scope::Province(_))
                | (Role::City, Scope::City(_))
                | (
                    Role::Admin | Role::Supervisor | Role::DropoutOfficer | Role::CrisisTeam,
                    Scope::District
                )
                | (Role::GroupLead, Scope::Group(_))
                | (Role::ZoneLead, Scope::Zone(_))
                | (
                    Role::School | Role::PsychTeacher | Role::CareOfficer | Role::SchoolDoctor,
                    Scope::School(_)
                )
                | (Role::ClassTeacher, Scope::Class { .. })
                | (Role::SubjectTeacher, Scope::Teacher { .. })
                | (Role::Department, Scope::Department(_))
        )
    }

    /// What the scope of this role must be, in words (for error messages).
    pub fn expected_scope(self) -> &'static str {
        match self {
            Role::Province => "一个省（--province 代码）",
            Role::City => "一个市（--city 代码）",
            Role::Admin | Role::Supervisor | Role::DropoutOfficer | Role::CrisisTeam => "全区县",
            Role::GroupLead => "一个教育集团",
            Role::ZoneLead => "一个学区",
            Role::School | Role::PsychTeacher | Role::CareOfficer | Role::SchoolDoctor => {
                "一所学校"
            }
            Role::ClassTeacher => "一所学校的一个班级",
            Role::SubjectTeacher => "一所学校的一位教师（教师编号）",
            Role::Department => "一个责任部门（部门名称，如 区财政局）",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The data a user's role applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Scope {
    /// Every district of a province, by the province's code.
    Province(String),
    /// Every district of a city, by the city's code.
    City(String),
    /// The user's whole district.
    District,
    /// One education group of the district, by name.
    Group(String),
    /// One 学区 of the district, by name (the statistics' 学区 column).
    Zone(String),
    /// One school.
    School(SchoolCode),
    /// One class of a school.
    Class {
        /// The school.
        school: SchoolCode,
        /// The class, as the school names it (e.g. 七年级3班).
        class: String,
    },
    /// One teacher of a school, by 教师编号 (as the roster and the score files write it).
    Teacher {
        /// The school.
        school: SchoolCode,
        /// The 教师编号.
        teacher: String,
    },
    /// One 责任部门, by its name as the tasks and the 责任清单 write it (e.g. 区财政局).
    Department(String),
}

impl Scope {
    pub(crate) fn kind_id(&self) -> &'static str {
        match self {
            Scope::Province(_) => "province",
            Scope::City(_) => "city",
            Scope::District => "district",
            Scope::Group(_) => "group",
            Scope::Zone(_) => "zone",
            Scope::School(_) => "school",
            Scope::Class { .. } => "class",
            Scope::Teacher { .. } => "teacher",
            Scope::Department(_) => "department",
        }
    }

    /// The reference stored beside the kind: a code, a name, or `school/class` — the scope as
    /// the forms and the command line write it (empty for a district).
    pub fn reference(&self) -> String {
        match self {
            Scope::District => String::new(),
            Scope::Province(code) | Scope::City(code) => code.clone(),
            Scope::Group(name) | Scope::Zone(name) | Scope::Department(name) => name.clone(),
            Scope::School(code) => code.as_str().to_owned(),
            Scope::Class { school, class } => format!("{}/{class}", school.as_str()),
            Scope::Teacher { school, teacher } => format!("{}/{teacher}", school.as_str()),
        }
    }

    /// The school this scope is inside, if it is a school's, a class's or a teacher's.
    pub fn school(&self) -> Option<&SchoolCode> {
        match self {
            Scope::School(code)
            | Scope::Class { school: code, .. }
            | Scope::Teacher { school: code, .. } => Some(code),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::District => f.write_str("district"),
            other => write!(f, "{}:{}", other.kind_id(), other.reference()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pupil_roles_are_sensitive_and_no_district_role_compares_districts() {
        let sensitive: Vec<Role> = Role::ALL.into_iter().filter(|r| r.is_sensitive()).collect();
        assert_eq!(
            sensitive,
            [
                Role::ClassTeacher,
                Role::PsychTeacher,
                Role::CareOfficer,
                Role::DropoutOfficer,
                Role::SchoolDoctor,
                Role::CrisisTeam
            ]
        );
        for role in Role::ALL.into_iter().filter(|r| r.in_district()) {
            assert!(!role.grants(Capability::CompareDistricts), "{role:?}");
            assert!(!role.grants(Capability::ReceivePackages), "{role:?}");
        }
        for role in [Role::City, Role::Province] {
            assert!(!role.grants(Capability::AdministerDistrict));
            assert!(!role.grants(Capability::ReadNamedChildren));
            assert!(!role.grants(Capability::ManageDropoutCases));
        }
    }

    #[test]
    fn every_role_accepts_exactly_one_kind_of_scope() {
        let school = SchoolCode::parse("5001060001").unwrap();
        let scopes = [
            Scope::Province("500000".into()),
            Scope::City("500100".into()),
            Scope::District,
            Scope::Group("一集团".into()),
            Scope::Zone("玉林学区".into()),
            Scope::School(school.clone()),
            Scope::Class {
                school: school.clone(),
                class: "七年级3班".into(),
            },
            Scope::Teacher {
                school,
                teacher: "T5001060001A003".into(),
            },
            Scope::Department("区财政局".into()),
        ];
        for role in Role::ALL {
            let kinds = scopes.iter().filter(|s| role.accepts(s)).count();
            assert_eq!(kinds, 1, "{role:?}");
            assert_eq!(Role::parse(role.id()), Some(role));
        }
    }
}
