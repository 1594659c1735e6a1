//! Shared view helpers: the page layout, rendering, number formats.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use junheng_store::{Capability, Role, User};

use crate::access::Viewer;
use crate::error::AppError;
use crate::i18n::Lang;

/// What every page's frame needs: title, navigation for the user's role, the CSRF token, the
/// interface language.
pub struct Layout {
    /// Page title.
    pub title: String,
    /// Whether the title is data (a school's or group's name, in Chinese) rather than an
    /// interface text.
    pub title_data: bool,
    /// Logged-in user's display name, empty when anonymous.
    pub user: String,
    /// Login name, empty when anonymous.
    pub login: String,
    /// Role label.
    pub role: String,
    /// The district the page shows, and whether the viewer only looks into it from the city
    /// or province (read-only); empty for a page of no district.
    pub district: String,
    /// Whether the viewer is a city or province user (the header links back to the city page).
    pub regional: bool,
    /// CSRF token for the logout form and page forms.
    pub csrf: String,
    /// Navigation: groups of (href, label), in the page's language.
    pub nav: Vec<NavGroup>,
    /// Interface language.
    pub lang: Lang,
    /// This page's path, for the language switch to come back to.
    pub path: String,
    /// Whether the header shows the inbox (administrators and school users of a district).
    pub has_inbox: bool,
    /// The number of things waiting in it.
    pub inbox: i64,
}

impl Layout {
    /// The frame for a logged-in user.
    pub fn new(title: impl Into<String>, viewer: &Viewer) -> Self {
        let lang = viewer.lang;
        let (title, title_data) = titled(lang, title.into());
        Self {
            title,
            title_data,
            user: display_name(&viewer.user),
            login: viewer.user.name.clone(),
            role: lang.t(crate::i18n::role(viewer.user.role)).to_owned(),
            district: viewer
                .district
                .as_ref()
                .map_or(String::new(), |d| d.name.clone()),
            regional: !viewer.user.role.in_district(),
            csrf: viewer.csrf.clone(),
            nav: nav(viewer)
                .into_iter()
                .filter(|g| !g.entries.is_empty())
                .map(|g| NavGroup {
                    label: lang.t(g.label),
                    entries: g
                        .entries
                        .into_iter()
                        .map(|(href, label)| (href, lang.t(label)))
                        .collect(),
                })
                .collect(),
            lang,
            path: viewer.path.clone(),
            has_inbox: viewer.inbox.is_some(),
            inbox: viewer.inbox.map_or(0, |i| i.total()),
        }
    }

    /// The frame of the login and public pages.
    pub fn anonymous(title: impl Into<String>, lang: Lang, path: &str) -> Self {
        let (title, title_data) = titled(lang, title.into());
        Self {
            title,
            title_data,
            user: String::new(),
            login: String::new(),
            role: String::new(),
            district: String::new(),
            regional: false,
            csrf: String::new(),
            nav: Vec::new(),
            lang,
            path: path.to_owned(),
            has_inbox: false,
            inbox: 0,
        }
    }

    /// Whether the navigation offers `href` (the viewer's role may use it).
    pub fn links_to(&self, href: &str) -> bool {
        self.nav
            .iter()
            .flat_map(|g| &g.entries)
            .any(|(h, _)| *h == href)
    }

    /// A text of the interface in the page's language (see [`Lang::t`]).
    pub fn t(&self, key: &'static str) -> &'static str {
        self.lang.t(key)
    }

    /// A text whose one variable is `$n`.
    pub fn t_n(&self, key: &str, n: impl Into<crate::i18n::Arg>) -> String {
        self.lang.t_n(key, n)
    }

    /// A text whose one variable is `$v`.
    pub fn t_v(&self, key: &str, v: impl std::fmt::Display) -> String {
        self.lang.t_v(key, v)
    }

    /// A value that may be an interface text's key (a list's label): its text in the page's
    /// language; any other value (data) as it is.
    pub fn label(&self, value: &str) -> String {
        self.lang.lookup(value).unwrap_or(value).to_owned()
    }

    /// Whether `value` is Chinese data (the page marks it `lang="zh-CN"`).
    pub fn chinese(&self, value: &str) -> bool {
        self.lang.lookup(value).is_none() && value.chars().any(is_chinese)
    }

    /// A text whose two variables are `$a` and `$b`.
    pub fn t2(
        &self,
        key: &str,
        a: impl Into<crate::i18n::Arg>,
        b: impl Into<crate::i18n::Arg>,
    ) -> String {
        self.lang.tf(key, &[("a", a.into()), ("b", b.into())])
    }

    /// A text whose three variables are `$a`, `$b` and `$c`.
    pub fn t3(
        &self,
        key: &str,
        a: impl Into<crate::i18n::Arg>,
        b: impl Into<crate::i18n::Arg>,
        c: impl Into<crate::i18n::Arg>,
    ) -> String {
        self.lang
            .tf(key, &[("a", a.into()), ("b", b.into()), ("c", c.into())])
    }
}

/// Whether `c` is written in Chinese: CJK ideographs, CJK punctuation, full-width forms.
pub fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// A page title given as a catalogue key becomes its text; any other title is data (a name).
fn titled(lang: Lang, title: String) -> (String, bool) {
    match lang.lookup(&title) {
        Some(text) => (text.to_owned(), false),
        None => (title, true),
    }
}

fn display_name(user: &User) -> String {
    if user.display_name.is_empty() {
        user.name.clone()
    } else {
        user.display_name.clone()
    }
}

/// A group of the navigation (评估, 交流轮岗, 招生, 管理, 城市) and its entries, as catalogue keys.
pub struct NavGroup {
    /// The group's name.
    pub label: &'static str,
    /// Its entries: (href, label).
    pub entries: Vec<(&'static str, &'static str)>,
}

/// The navigation of a viewer, grouped: the capabilities of their role decide every entry
/// (groups left empty are dropped).
fn nav(viewer: &Viewer) -> Vec<NavGroup> {
    let role = viewer.user.role;
    let can = |c| role.grants(c);
    let group = |label, entries| NavGroup { label, entries };
    let mut groups = Vec::new();
    if can(Capability::CompareDistricts) {
        let overview = if role == Role::Province {
            "nav-province-overview"
        } else {
            "nav-city-overview"
        };
        groups.push(group(
            "nav-group-city",
            vec![("/city", overview), ("/city/phases", "nav-city-phases")],
        ));
        if viewer.district.is_none() {
            return groups;
        }
    }
    let mut evaluate = vec![
        ("/dashboard", "nav-overview"),
        ("/schools", "nav-schools"),
        ("/groups", "nav-groups"),
        ("/map", "nav-map"),
        ("/pairings", "nav-pairings"),
        ("/classroom", "nav-classroom"),
        ("/reviews", "nav-reviews"),
    ];
    if can(Capability::ReadDistrict) {
        evaluate.push(("/report", "nav-report"));
        // 督导评估 (issue 19): the verdict on all four parts, for the district's readers.
        evaluate.push(("/inspection", "nav-inspection"));
    }
    // 质量监测 (issue 15): for the roles that see any exam figure.
    if crate::exams::sees_any(&viewer.user) {
        evaluate.push(("/exams", "nav-exams"));
    }
    // 社会认可度自测 (issue 19): the district's readers.
    if crate::survey::sees_any(viewer) {
        evaluate.push(("/survey", "nav-survey"));
    }
    // Tasks (整改): everyone of the district sees those of their scope.
    evaluate.push(("/tasks", "tasks-tasks"));
    // 挂图作战 (issue 19): the board of the viewer's own tasks (all of them for district-wide roles).
    evaluate.push(("/board", "board-title"));
    // 责任督学: everyone of the district sees the visits of their scope.
    evaluate.push(("/supervision", "supervision-title"));
    // 教师 (issues 5, 17): rotation and its planner, then what a 人事科 and a 教师发展中心 keep.
    let mut teachers = vec![("/rotation", "nav-rotation")];
    if can(Capability::PlanRotation) {
        teachers.push(("/plan", "nav-plan"));
    }
    teachers.push(("/teachers/leaders", "nav-leaders"));
    // 骨干梯队 for whoever sees schools; awards and 师德 only under a HonoursPass.
    if !matches!(viewer.sees(), crate::access::Sees::Nothing) {
        teachers.push(("/teachers/pipeline", "nav-teachers-pipeline"));
    }
    let caller = junheng_app::pairings::Caller::User(&viewer.user);
    if junheng_app::teachers::honours::HonoursPass::of(&caller).is_some() {
        teachers.push(("/teachers/honours", "nav-teachers-honours"));
    }
    teachers.extend([
        ("/teachers/studios", "nav-teachers-studios"),
        ("/teachers/mentors", "nav-teachers-mentors"),
    ]);
    // 继续教育 (issue 17): the district's rates, or a school's own teachers.
    if matches!(
        viewer.sees(),
        crate::access::Sees::District | crate::access::Sees::School(_)
    ) {
        teachers.push(("/teachers/training", "nav-teachers-training"));
    }
    teachers.push(("/teachers/posts", "nav-posts"));
    // 劳动基地 and 五育 (issue 18): school-level figures for every member of the district.
    let five = vec![("/five", "five-nav"), ("/labour/bases", "lb-nav")];
    // 学位 (issue 16): every school's data, for the district's readers.
    let mut seats = Vec::new();
    if can(Capability::ReadDistrict) {
        seats.extend([
            ("/seats", "nav-seats"),
            ("/seats/zoning", "nav-seats-zoning"),
            ("/seats/forecast", "seats-forecast-nav"),
            ("/seats/projects", "nav-seat-projects"),
        ]);
    }
    let mut enrolment = Vec::new();
    let mut manage = Vec::new();
    if can(Capability::AdministerDistrict) {
        enrolment.push(("/lottery", "nav-lottery"));
        manage.extend([
            ("/import", "nav-import"),
            ("/submissions", "nav-submissions"),
            ("/users", "nav-users"),
        ]);
    }
    if can(Capability::ReadDistrict) {
        manage.push(("/audit", "nav-audit"));
    }
    if can(Capability::SubmitSchool) {
        manage.push(("/submit", "nav-submit"));
    }
    // Students (issue 13): what each role sees there is junheng_app::students::who's; group
    // and 学区 leads see no student data.
    let mut students = Vec::new();
    if !matches!(role, Role::GroupLead | Role::ZoneLead) {
        students.push(("/students", "nav-students"));
    }
    if can(Capability::ReadDistrict)
        || can(Capability::ManageDropoutCases)
        || role == Role::PsychTeacher
    {
        students.push(("/students/dropout", "nav-dropout"));
    }
    // Student health (issue 14): for the roles that see anything of it, or import it.
    if crate::health::sees_any(&viewer.user) {
        students.push(("/health", "nav-health"));
    }
    // 劳动教育 (issue 18): under a LabourPass.
    if crate::labour::sees_any(viewer) {
        students.push(("/labour/lists", "nav-labour-lists"));
        students.push(("/labour/compliance", "nav-labour-compliance"));
        students.push(("/labour/stars", "nav-labour-stars"));
    }
    // The class teacher's page: a 班主任's own class, a school's account picks one.
    if matches!(role, Role::ClassTeacher | Role::School) {
        students.push(("/labour/class", "nav-labour-class"));
    }
    // 区/校/班 三级考评 (issue 18 item 3): the class summary for a 班主任 and a school's account;
    // the review for a school's account and the district's roles.
    if matches!(role, Role::ClassTeacher | Role::School) {
        students.push(("/labour/class/summary", "nav-labour-summary"));
    }
    if crate::labour::sees_any(viewer) && role != Role::ClassTeacher {
        students.push(("/labour/review", "nav-labour-review"));
    }
    groups.extend([
        group("nav-group-evaluate", evaluate),
        group("nav-group-students", students),
        group("nav-group-teachers", teachers),
        group("five-nav-group", five),
        group("nav-group-seats", seats),
        group("nav-group-enrolment", enrolment),
        group("nav-group-manage", manage),
    ]);
    groups
}

/// Renders a template as an HTML response; a template error is a server error.
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}

/// Longest piece of a request's own text (a path segment, a search) echoed in a message.
const ECHO: usize = 40;

/// `text` cut to a few dozen characters for a message (never echo a request in full).
pub fn cut(text: &str) -> String {
    let mut cut: String = text.chars().take(ECHO).collect();
    if text.chars().count() > ECHO {
        cut.push('…');
    }
    cut
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    crate::charts::escape(text)
}

/// An indicator value for display: 2 decimals (engines keep full precision).
pub fn value(v: f64) -> String {
    format!("{v:.2}")
}

/// A 差异系数 for display: 3 decimals, or 不可计算.
pub fn cv(v: Option<f64>) -> String {
    v.map_or_else(|| "不可计算".to_owned(), |v| format!("{v:.3}"))
}

/// A threshold as rulebooks write it: 1.0, 0.9, 2000.
pub fn threshold(v: f64) -> String {
    if v.fract() == 0.0 && v < 100.0 {
        format!("{v:.1}")
    } else {
        v.to_string()
    }
}

/// The catalogue key of 达标 / 未达标.
pub fn verdict_key(passes: bool) -> &'static str {
    if passes {
        "common-passes"
    } else {
        "common-fails"
    }
}

/// A 差异系数 for a page: 3 decimals, or the key of 不可计算 (the page shows values through
/// [`Layout::label`]).
pub fn cv_or_key(v: Option<f64>) -> String {
    v.map_or_else(|| "label-not-computable".to_owned(), |v| format!("{v:.3}"))
}

/// Characters left as they are in a path segment or a query value: the unreserved ones.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes text for a URL path segment (`/` included) or a query value.
pub fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}

/// [`urlencode`], for a query value.
pub fn query_value(text: &str) -> String {
    urlencode(text)
}

/// A path on this server to send a browser to after a step (`next=`): it starts with one `/`,
/// holds no backslash, no control character and no whitespace — browsers drop tabs and line
/// breaks from URLs, so `/\t/evil.example` would become `//evil.example`, another site — and is
/// at most 2 000 bytes. Non-ASCII characters are percent-encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// The path, if `text` is a safe local path.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() <= 2000
            && text.starts_with('/')
            && !text[1..].starts_with(['/', '\\'])
            && !text
                .chars()
                .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
        ok.then(|| {
            let encoded: String = text
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        urlencode(&c.to_string())
                    }
                })
                .collect();
            LocalPath(encoded)
        })
    }

    /// [`LocalPath::parse`], or `/dashboard`.
    pub fn or_dashboard(text: Option<&str>) -> Self {
        text.and_then(Self::parse)
            .unwrap_or_else(|| LocalPath("/dashboard".to_owned()))
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The media type of .xlsx workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A stored UTC time (or date) as users read it: Beijing time in the form 2026-12-03 14:05 (read alike in both languages),
/// `2026-12-03 14:05` ([`junheng_core::date::beijing`]); empty stays empty, and text of
/// another form is shown as it is. Every page and export shows times through this.
pub fn time(text: &str) -> String {
    junheng_core::date::beijing_text(text)
}

/// The `Content-Disposition` of a download named `name` (Chinese allowed): RFC 6266 with the
/// RFC 5987 `filename*=UTF-8''…` that browsers use, and an ASCII `filename="…"` for the rest —
/// the name's ASCII letters, digits and `-_.`, prefixed `junheng` when the rest was not ASCII.
pub fn content_disposition(name: &str) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut ascii: String = stem.chars().filter(|c| keep(*c)).collect();
    let ascii_ext: String = ext.chars().filter(|c| keep(*c)).collect();
    if ascii.len() != stem.len() {
        ascii = format!("junheng-{}", ascii.trim_matches(['-', '_', '.']))
            .trim_end_matches('-')
            .to_owned();
    }
    if !ascii_ext.is_empty() {
        ascii = format!("{ascii}.{ascii_ext}");
    }
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencode(name)
    )
}

/// A file to download, named `name` (Chinese allowed, see [`content_disposition`]). Every
/// download of the server goes through this.
pub fn download(
    content_type: &'static str,
    name: &str,
    bytes: impl Into<axum::body::Body>,
) -> Response {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, content_disposition(name)),
        ],
        bytes.into(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_only_a_local_path() {
        let ok = |t: &str| LocalPath::parse(t).map(|p| p.0);
        assert_eq!(
            ok("/schools/1?year=2024").as_deref(),
            Some("/schools/1?year=2024")
        );
        assert_eq!(
            ok("/groups/城区").as_deref(),
            Some("/groups/%E5%9F%8E%E5%8C%BA")
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\r\n/x",
            "/\0",
            "https://evil.example",
            "evil",
            "/a b",
            "",
        ] {
            assert_eq!(ok(bad), None, "{bad:?}");
        }
        assert_eq!(LocalPath::or_dashboard(Some("//x")).as_str(), "/dashboard");
    }

    #[test]
    fn downloads_carry_a_chinese_name_and_an_ascii_fallback() {
        assert_eq!(
            content_disposition("学校名单-2024.xlsx"),
            "attachment; filename=\"junheng-2024.xlsx\"; \
             filename*=UTF-8''%E5%AD%A6%E6%A0%A1%E5%90%8D%E5%8D%95-2024.xlsx"
        );
        assert_eq!(
            content_disposition("rotation-2024.xlsx"),
            "attachment; filename=\"rotation-2024.xlsx\"; filename*=UTF-8''rotation-2024.xlsx"
        );
        assert_eq!(
            content_disposition("审计日志.csv"),
            "attachment; filename=\"junheng.csv\"; \
             filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.csv"
        );
        // Quotes and separators never reach the header.
        assert!(
            content_disposition("a\"; b.xlsx")
                .starts_with("attachment; filename=\"junheng-ab.xlsx\"")
        );
    }

    #[test]
    fn times_are_beijing_time_or_left_as_they_are() {
        assert_eq!(time("2026-12-03T06:05:00.000Z"), "2026-12-03 14:05");
        assert_eq!(time(""), "");
        assert_eq!(time("第 3 版"), "第 3 版");
    }

    #[test]
    fn segments_encode_slashes() {
        assert_eq!(
            urlencode("城区/一集团 A&B"),
            "%E5%9F%8E%E5%8C%BA%2F%E4%B8%80%E9%9B%86%E5%9B%A2%20A%26B"
        );
        assert_eq!(urlencode("a-b_c.d~"), "a-b_c.d~");
    }
}
