//! The claim mapping: from the claims the identity service vouches for to a login name, a role,
//! a district code and a scope in words, or the reason why not. Pure: whether the deployment
//! holds that district, school, group or region is checked by the use-case layer
//! (`junheng_app::external`).

use junheng_store::Role;
use serde_json::{Map, Value};

use crate::error::Message;
use crate::i18n::Lang;
use crate::msg;

/// Which claims carry what, as configured (`[sso]` in the settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimMapping {
    /// Claim of the login name (`preferred_username`).
    pub login: String,
    /// Claim of the name shown (`name`).
    pub display_name: String,
    /// Claim whose values map to a role (`roles`).
    pub role: String,
    /// Claim value → role.
    pub roles: Vec<(String, Role)>,
    /// Claim of a district user's district code (区县代码); `None`: the deployment's only
    /// district.
    pub district: Option<String>,
    /// Claim of a city or province user's region code (市、省的行政区划代码).
    pub region: Option<String>,
    /// Claim of the school code (学校标识码) of school, class-teacher, psych-teacher and
    /// care-officer users.
    pub school: Option<String>,
    /// Claim of a class teacher's class (班级名称).
    pub class: Option<String>,
    /// Claim of a subject teacher's 教师编号.
    pub teacher: Option<String>,
    /// Claim of a group lead's 教育集团 name.
    pub group: Option<String>,
    /// Claim of a zone lead's 学区 name.
    pub zone: Option<String>,
    /// Claim of a 责任部门 user's department name.
    pub department: Option<String>,
}

impl ClaimMapping {
    /// Every claim the mapping reads.
    pub(crate) fn names(&self) -> impl Iterator<Item = &String> {
        [&self.login, &self.display_name, &self.role]
            .into_iter()
            .chain(
                [
                    &self.district,
                    &self.region,
                    &self.school,
                    &self.class,
                    &self.teacher,
                    &self.group,
                    &self.zone,
                    &self.department,
                ]
                .into_iter()
                .flatten(),
            )
    }

    /// The claim a role's scope needs besides the district, if any, and what it holds (for the
    /// settings' messages, in Chinese like the rest of them): the region for city and province
    /// users, the group for group leads, the school for the school roles (and the class for
    /// class teachers, see [`ClaimMapping::class`]).
    pub fn scope_claim(&self, role: Role) -> Option<(&Option<String>, &'static str)> {
        let (claim, what) = self.scope_needs(role)?;
        let text = match what {
            "region" => "所属市或省的行政区划代码",
            "group" => "所负责的教育集团名称",
            "zone" => "所负责的学区名称",
            "department" => "所属责任部门的名称",
            _ => "所在学校的学校标识码",
        };
        Some((claim, text))
    }

    /// [`ClaimMapping::scope_claim`] with what the claim holds as the variant of
    /// `sso-refusal-no-scope`: `region`, `group` or `school`.
    fn scope_needs(&self, role: Role) -> Option<(&Option<String>, &'static str)> {
        match role {
            Role::Province | Role::City => Some((&self.region, "region")),
            Role::Admin | Role::Supervisor | Role::DropoutOfficer | Role::CrisisTeam => None,
            Role::GroupLead => Some((&self.group, "group")),
            Role::ZoneLead => Some((&self.zone, "zone")),
            Role::Department => Some((&self.department, "department")),
            Role::School
            | Role::ClassTeacher
            | Role::SubjectTeacher
            | Role::PsychTeacher
            | Role::CareOfficer
            | Role::SchoolDoctor => Some((&self.school, "school")),
        }
    }
}

/// The claims of one login: the ID token's, completed by the UserInfo response.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Claims(pub Map<String, Value>);

impl Claims {
    /// The claim `name`: the claim of that exact name, else, for a dotted name, the path into
    /// nested objects (`realm_access.roles`).
    pub fn get(&self, name: &str) -> Option<&Value> {
        if let Some(v) = self.0.get(name) {
            return Some(v);
        }
        let mut parts = name.split('.');
        let mut value = self.0.get(parts.next()?)?;
        for part in parts {
            value = value.as_object()?.get(part)?;
        }
        Some(value)
    }

    /// A claim as one text: a string or a number, trimmed, not empty.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(one_text)
    }

    /// A claim as texts: one text, or each text of a list.
    pub fn texts(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            Some(Value::Array(items)) => items.iter().filter_map(one_text).collect(),
            Some(v) => one_text(v).into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// Fills in the claims this one lacks from `other` (the UserInfo response).
    pub fn complete_with(&mut self, other: Map<String, Value>) {
        for (k, v) in other {
            self.0.entry(k).or_insert(v);
        }
    }
}

fn one_text(v: &Value) -> Option<String> {
    let text = match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A login the mapping accepts; the use-case layer checks it against the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mapped {
    /// The login name for a new row.
    pub login: String,
    /// The name shown.
    pub display_name: String,
    pub role: Role,
    /// The district code of a district role, when the mapping names a district claim.
    pub district: Option<String>,
    /// The scope in words (`junheng_app::users::UserInput::scope`).
    pub scope: String,
}

/// Why the platform will not let this person in. Each says what is missing and whom to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No login name claim.
    NoLogin { claim: String },
    /// The role claim is missing, or none of its values is in the table.
    NoRole { claim: String, values: Vec<String> },
    /// A district role without the district claim.
    NoDistrict { claim: String },
    /// A claim the role's scope needs is missing (`what` it should hold: `region`, `group`,
    /// `school` or `class`, the variants of `sso-refusal-no-scope`).
    NoScope { claim: String, what: &'static str },
    /// A district this platform does not hold.
    UnknownDistrict { code: String },
    /// No district claim is configured and the platform holds several districts.
    WhichDistrict,
    /// A city or province this platform holds no district of.
    UnknownRegion { code: String },
    /// The scope or the login name is refused (the use-case layer's reason).
    NotAccepted { reason: String, scope: String },
    /// Another user (local, or another identity) has the login name.
    NameTaken { name: String },
    /// Deactivated by an administrator of this platform.
    Inactive,
    /// A grant that reads named children, waiting for an administrator's confirmation.
    Pending,
}

impl Refusal {
    /// Stable code, for the audit log (`reason=…`) and the page.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NoLogin { .. } => "no_login",
            Refusal::NoRole { .. } => "no_role",
            Refusal::NoDistrict { .. } => "no_district",
            Refusal::NoScope { .. } => "no_scope",
            Refusal::UnknownDistrict { .. } => "unknown_district",
            Refusal::WhichDistrict => "which_district",
            Refusal::UnknownRegion { .. } => "unknown_region",
            Refusal::NotAccepted { .. } => "not_accepted",
            Refusal::NameTaken { .. } => "name_taken",
            Refusal::Inactive => "inactive",
            Refusal::Pending => "pending",
        }
    }

    /// What is missing, said in the viewer's language (`lang` joins the values of a list).
    pub fn message(&self, lang: Lang) -> Message {
        let cut = |t: &str| crate::views::cut(t);
        match self {
            Refusal::NoLogin { claim } => msg!("sso-refusal-no-login", claim = claim),
            Refusal::NoRole { claim, values } if values.is_empty() => {
                msg!("sso-refusal-no-role", claim = claim)
            }
            Refusal::NoRole { claim, values } => msg!(
                "sso-refusal-unmapped-role",
                claim = claim,
                values = cut(&values.join(lang.t("common-separator")))
            ),
            Refusal::NoDistrict { claim } => msg!("sso-refusal-no-district", claim = claim),
            Refusal::NoScope { claim, what } => {
                msg!("sso-refusal-no-scope", claim = claim, what = *what)
            }
            Refusal::UnknownDistrict { code } => {
                msg!("sso-refusal-unknown-district", code = cut(code))
            }
            Refusal::WhichDistrict => msg!("sso-refusal-which-district"),
            Refusal::UnknownRegion { code } => {
                msg!("sso-refusal-unknown-region", code = cut(code))
            }
            Refusal::NotAccepted { reason, .. } => {
                msg!("sso-refusal-not-accepted", reason = reason)
            }
            Refusal::NameTaken { name } => msg!("sso-refusal-name-taken", name = cut(name)),
            Refusal::Inactive => msg!("sso-refusal-inactive"),
            Refusal::Pending => msg!("sso-refusal-pending"),
        }
    }

    /// The catalogue key of whom to ask.
    pub fn ask(&self) -> &'static str {
        match self {
            Refusal::NoLogin { .. }
            | Refusal::NoRole { .. }
            | Refusal::NoDistrict { .. }
            | Refusal::NoScope { .. } => "sso-ask-identity",
            Refusal::UnknownDistrict { .. }
            | Refusal::WhichDistrict
            | Refusal::UnknownRegion { .. }
            | Refusal::NotAccepted { .. }
            | Refusal::NameTaken { .. }
            | Refusal::Inactive
            | Refusal::Pending => "sso-ask-platform",
        }
    }

    /// What the audit entry adds to `reason=…` (codes and claim values, never a person's name).
    pub fn detail(&self) -> String {
        match self {
            Refusal::NoRole { values, .. } if !values.is_empty() => {
                format!(" roles={}", values.join(","))
            }
            Refusal::NoScope { claim, .. } => format!(" claim={claim}"),
            Refusal::UnknownDistrict { code } => format!(" district={code}"),
            Refusal::UnknownRegion { code } => format!(" region={code}"),
            Refusal::NotAccepted { scope, .. } if !scope.is_empty() => format!(" scope={scope}"),
            _ => String::new(),
        }
    }
}

/// Maps the claims: the login name, the widest role any value of the role claim maps to, the
/// district code of a district role, and the scope that role needs in words (a region code, a
/// group name, a school code, `school/class`) from its claims.
pub(crate) fn map(claims: &Claims, mapping: &ClaimMapping) -> Result<Mapped, Refusal> {
    let login = claims
        .text(&mapping.login)
        .ok_or_else(|| Refusal::NoLogin {
            claim: mapping.login.clone(),
        })?;
    let display_name = claims
        .text(&mapping.display_name)
        .unwrap_or_else(|| login.clone());
    let values = claims.texts(&mapping.role);
    let role = Role::ALL.into_iter().find(|role| {
        mapping
            .roles
            .iter()
            .any(|(value, r)| r == role && values.contains(value))
    });
    let Some(role) = role else {
        return Err(Refusal::NoRole {
            claim: mapping.role.clone(),
            values,
        });
    };
    let district = match &mapping.district {
        Some(claim) if role.in_district() => {
            Some(claims.text(claim).ok_or_else(|| Refusal::NoDistrict {
                claim: claim.clone(),
            })?)
        }
        _ => None,
    };
    // The settings refuse a table mapping to a role whose claims are not named.
    let required = |claim: &Option<String>, what: &'static str| {
        let claim = claim.clone().unwrap_or_default();
        claims.text(&claim).ok_or(Refusal::NoScope { claim, what })
    };
    let mut scope = match mapping.scope_needs(role) {
        Some((claim, what)) => required(claim, what)?,
        None => String::new(),
    };
    if role == Role::ClassTeacher {
        let class = required(&mapping.class, "class")?;
        scope = format!("{scope}/{class}");
    }
    if role == Role::SubjectTeacher {
        let teacher = required(&mapping.teacher, "teacher")?;
        scope = format!("{scope}/{teacher}");
    }
    Ok(Mapped {
        login,
        display_name,
        role,
        district,
        scope,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping() -> ClaimMapping {
        ClaimMapping {
            login: "preferred_username".into(),
            display_name: "name".into(),
            role: "groups".into(),
            roles: vec![
                ("shi".into(), Role::City),
                ("jyj-admin".into(), Role::Admin),
                ("dudao".into(), Role::Supervisor),
                ("xiaozhang".into(), Role::School),
                ("jituan".into(), Role::GroupLead),
                ("banzhuren".into(), Role::ClassTeacher),
                ("renke".into(), Role::SubjectTeacher),
            ],
            district: Some("district_code".into()),
            region: Some("region_code".into()),
            school: Some("school_code".into()),
            class: Some("class".into()),
            teacher: Some("teacher_no".into()),
            group: Some("realm.group".into()),
            zone: Some("zone".into()),
            department: Some("department".into()),
        }
    }

    fn claims(v: Value) -> Claims {
        Claims(v.as_object().unwrap().clone())
    }

    #[test]
    fn claims_map_to_a_role_and_its_scope() {
        let c = claims(json!({
            "preferred_username": "wang.xz", "name": "王校长",
            "groups": ["teachers", "xiaozhang"], "district_code": 500112,
            "school_code": "5001120001",
        }));
        let m = map(&c, &mapping()).unwrap();
        assert_eq!(m.login, "wang.xz");
        assert_eq!(m.display_name, "王校长");
        assert_eq!(m.role, Role::School);
        assert_eq!(m.scope, "5001120001");
        assert_eq!(m.district.as_deref(), Some("500112"), "numbers are texts");
        // A value is matched whole.
        let c = claims(json!({
            "preferred_username": "li", "groups": "jituan dudao",
            "district_code": "500112", "realm": {"group": "第一集团"},
        }));
        assert_eq!(
            map(&c, &mapping()).unwrap_err(),
            Refusal::NoRole {
                claim: "groups".into(),
                values: vec!["jituan dudao".into()]
            }
        );
        // Several mapped values: the widest role; nested claims by path.
        let c = claims(json!({
            "preferred_username": "li", "groups": ["jituan", "dudao"],
            "district_code": "500112", "realm": {"group": "第一集团"},
        }));
        let m = map(&c, &mapping()).unwrap();
        assert_eq!((m.role, m.scope.as_str()), (Role::Supervisor, ""));
        assert_eq!(m.display_name, "li", "no name claim: the login name");
        let c = claims(json!({
            "preferred_username": "li", "groups": ["jituan"],
            "district_code": "500112", "realm": {"group": "第一集团"},
        }));
        assert_eq!(map(&c, &mapping()).unwrap().scope, "第一集团");
        let c = claims(json!({
            "preferred_username": "bz", "groups": ["banzhuren"],
            "district_code": "500112", "school_code": "5001120001", "class": "七年级3班",
        }));
        assert_eq!(map(&c, &mapping()).unwrap().scope, "5001120001/七年级3班");
        let c = claims(json!({
            "preferred_username": "rk", "groups": ["renke"],
            "district_code": "500112", "school_code": "5001120001",
        }));
        assert_eq!(
            map(&c, &mapping()).unwrap_err(),
            Refusal::NoScope {
                claim: "teacher_no".into(),
                what: "teacher"
            }
        );
        let c = claims(json!({
            "preferred_username": "rk", "groups": ["renke"],
            "district_code": "500112", "school_code": "5001120001", "teacher_no": "T01",
        }));
        assert_eq!(map(&c, &mapping()).unwrap().scope, "5001120001/T01");
        // A city user: the region code, no district.
        let c = claims(json!({
            "preferred_username": "shi", "groups": ["shi", "dudao"], "region_code": "500100",
        }));
        let m = map(&c, &mapping()).unwrap();
        assert_eq!(
            (m.role, m.scope.as_str(), m.district),
            (Role::City, "500100", None)
        );
    }

    #[test]
    fn what_is_missing_is_named() {
        let base = json!({
            "preferred_username": "x", "groups": ["xiaozhang"],
            "district_code": "500112", "school_code": "5001120001",
        });
        let without = |key: &str| {
            let mut v = base.clone();
            v.as_object_mut().unwrap().remove(key);
            map(&claims(v), &mapping()).unwrap_err()
        };
        assert_eq!(without("preferred_username").code(), "no_login");
        assert_eq!(without("groups").code(), "no_role");
        assert_eq!(without("district_code").code(), "no_district");
        let e = without("school_code");
        assert_eq!(e.code(), "no_scope");
        let zh = |e: &Refusal| e.message(Lang::Zh).text(Lang::Zh);
        let en = |e: &Refusal| e.message(Lang::En).text(Lang::En);
        assert_eq!(
            zh(&e),
            "您的角色需要所在学校的学校标识码，但身份信息中没有（声明 school_code）。"
        );
        let text = en(&e);
        assert!(text.contains("code of your school"), "{text}");
        assert!(Lang::Zh.t(e.ask()).contains("统一身份认证"));
        assert!(Lang::En.t(e.ask()).contains("identity service"));
        assert_eq!(e.detail(), " claim=school_code");
        let mut unmapped = base.clone();
        unmapped["groups"] = json!(["teachers", "教师"]);
        let e = map(&claims(unmapped), &mapping()).unwrap_err();
        let text = zh(&e);
        assert!(text.contains("（声明 groups：teachers、教师）"), "{text}");
        let text = en(&e);
        assert!(text.contains("(claim groups: teachers, 教师)"), "{text}");
        assert_eq!(e.detail(), " roles=teachers,教师");
        assert!(Lang::Zh.t(Refusal::Inactive.ask()).contains("平台管理员"));
        let class = Refusal::NoScope {
            claim: "class".into(),
            what: "class",
        };
        assert!(zh(&class).contains("需要所任班级的名称"), "{}", zh(&class));
        // Without a district claim in the mapping, none is asked for.
        let m = ClaimMapping {
            district: None,
            ..mapping()
        };
        let mut v = base.clone();
        v.as_object_mut().unwrap().remove("district_code");
        assert_eq!(map(&claims(v), &m).unwrap().district, None);
    }

    #[test]
    fn userinfo_completes_the_id_token() {
        let mut c = claims(json!({"sub": "1", "name": "甲"}));
        c.complete_with(
            json!({"sub": "2", "name": "乙", "groups": ["dudao"]})
                .as_object()
                .unwrap()
                .clone(),
        );
        assert_eq!(c.text("sub").as_deref(), Some("1"), "the ID token wins");
        assert_eq!(c.texts("groups"), ["dudao"]);
    }
}
