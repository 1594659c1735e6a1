//! `GET /students/school/{code}?year=&grade=&class=&flag=&q=&format=`: a school's children.
//!
//! * The school's care roles (关爱专干, 心理教师; a 班主任 their class) read the named list:
//!   masked 学籍号, name, sex, birth month, grade, class, 户籍, 残疾 and 安置, the flags — sorted,
//!   filtered and downloaded (`format=xlsx|csv`) as every list is. Each page and each file is a
//!   named read the store records (`junheng_app::students::roster::roster`, what = the page or
//!   the file's name); a file is also in the audit log as an export.
//! * The roles that see counts (the school account its own school, the district's roles every
//!   school) read the counts by grade and category, suppressed, and the registry's versions —
//!   never a name.
//! * Anyone else is refused.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_app::students::roster::{Named, roster};
use junheng_app::students::who::Sight;
use junheng_core::school::{SchoolCode, school_year};
use junheng_core::student::Flags;
use junheng_store::{AuditEntry, StudentImport};

use super::counts::CountTable;
use super::rates::public_key;
use super::{Reach, caller, param, refusal, school_code, sight_of, year_chips, year_of};
use crate::access::{Member, Viewer};
use crate::dashboard::YearChip;
use crate::error::AppError;
use crate::list::{Column, List, ListView, Row, Value};
use crate::params::{Path, Query};
use crate::state::{AppState, Here};
use crate::views::{Layout, render};

/// The columns of the named list.
const COLUMNS: &[Column] = &[
    Column::plain("number", "students-number"),
    Column::plain("name", "students-name"),
    Column::choice("sex", "students-sex"),
    Column::plain("birth", "students-birth-month"),
    Column::choice("grade", "students-grade-column"),
    Column::choice("class", "students-class"),
    Column::choice("hukou", "students-hukou"),
    Column::plain("disability", "students-disability"),
    Column::plain("flags", "students-flags"),
];

/// 本地, or 随迁（四川省）.
pub(crate) fn hukou_text(migrant_from: Option<&str>) -> String {
    match migrant_from {
        None => "本地".to_owned(),
        Some(p) => format!("随迁（{p}）"),
    }
}

/// 视力残疾 · 随班就读, or empty.
pub(crate) fn disability_text(
    d: Option<(
        junheng_core::student::Disability,
        junheng_core::student::Placement,
    )>,
) -> String {
    d.map_or_else(String::new, |(d, p)| {
        format!("{} · {}", d.label(), p.label())
    })
}

/// The flags that are set, 留守儿童、寄宿.
pub(crate) fn flags_text(flags: Flags) -> String {
    flags.labels().join("、")
}

fn row(n: &Named) -> Row {
    let e = &n.entry;
    let (number, name) = if n.named.reduced {
        (Value::Empty, Value::Label("students-reduced"))
    } else {
        (
            Value::text(&n.named.number_masked),
            Value::text(&n.named.name),
        )
    };
    Row::new(vec![
        number,
        name,
        Value::Label(if e.male {
            "students-male"
        } else {
            "students-female"
        }),
        Value::text(&e.birth_month),
        Value::Int(i64::from(e.grade)),
        Value::maybe(Some(e.class.clone())),
        Value::text(hukou_text(e.migrant_from.as_deref())),
        Value::maybe(Some(disability_text(e.disability))),
        Value::maybe(Some(flags_text(e.flags))),
    ])
    .link(format!("/students/child/{}", e.student))
}

/// A version of the school's registry, as the page lists it.
struct VersionRow {
    year: String,
    version: u32,
    public: &'static str,
    file_name: String,
    students: u64,
    by: String,
    at: String,
}

impl VersionRow {
    fn of(i: &StudentImport) -> Self {
        VersionRow {
            year: school_year(i.year),
            version: i.version,
            public: public_key(i.public),
            file_name: i.file_name.clone(),
            students: i.students,
            by: i.imported_by.clone(),
            at: crate::views::time(&i.imported_at),
        }
    }
}

#[derive(Template)]
#[template(path = "students_school.html")]
struct SchoolPage {
    layout: Layout,
    years: Vec<YearChip>,
    code: String,
    name: String,
    year_label: String,
    has_data: bool,
    /// The named list (care roles), or none.
    list: Option<ListView>,
    /// The flags to filter the list by, and whether each is chosen.
    flags: Vec<(&'static str, bool)>,
    /// Whose list it is: the school's or a class's (data).
    class: String,
    /// The counts by grade (aggregate roles), or none.
    counts: Option<CountTable>,
    versions: Vec<VersionRow>,
}

/// `GET /students/school/{code}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Member,
    Path(code): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let here = state.here(viewer.district()?);
    let sight = sight_of(&viewer);
    if sight == Sight::Nothing {
        return Err(AppError::Forbidden);
    }
    let code = school_code(&code)?;
    let year = year_of(param(&pairs, "year"))?;
    let named = match &sight {
        Sight::Everything => true,
        Sight::School { school, .. } => *school == code,
        _ => false,
    };
    // Without names, the counts of a school within reach; refused before anything is read.
    if !named && !Reach::of(&sight).is_some_and(|r| r.holds(&code)) {
        return Err(AppError::Forbidden);
    }
    let imports = here.store.student_imports(Some(&code)).await?;
    let mut years: Vec<i32> = imports.iter().map(|i| i.year).collect();
    years.dedup();
    let year = year.or_else(|| years.first().copied());
    let names = junheng_app::students::rates::school_names(&here.store).await?;
    if named {
        let name = names
            .get(&code)
            .cloned()
            .unwrap_or_else(|| code.to_string());
        return named_list(&here, &viewer, &sight, &code, name, &years, year, pairs).await;
    }
    let name = names.get(&code).cloned().ok_or_else(|| {
        AppError::not_found(crate::msg!("students-no-school", v = code.to_string()))
    })?;
    let current = imports
        .iter()
        .filter(|i| Some(i.year) == year)
        .max_by_key(|i| i.version);
    let counts = current
        .map(|i| CountTable::by_grade(viewer.lang, &i.counts, here.config.students.min_cell));
    Ok(render(&SchoolPage {
        layout: Layout::new(name.clone(), &viewer),
        years: year_chips(&years, year, |y| {
            format!("/students/school/{code}?year={y}")
        }),
        code: code.to_string(),
        name,
        year_label: year.map_or_else(String::new, school_year),
        has_data: current.is_some(),
        list: None,
        flags: Vec::new(),
        class: String::new(),
        counts,
        versions: imports.iter().map(VersionRow::of).collect(),
    }))
}

/// The named list of `code` in `year` for a care role: the page, or with `format=` its file.
#[allow(clippy::too_many_arguments)]
async fn named_list(
    here: &Here,
    viewer: &Viewer,
    sight: &Sight,
    code: &SchoolCode,
    name: String,
    years: &[i32],
    year: Option<i32>,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let format = param(&pairs, "format").map(|f| f.trim().to_owned());
    let flag = param(&pairs, "flag").unwrap_or_default().trim().to_owned();
    if !flag.is_empty() && !Flags::LABELS.contains(&flag.as_str()) {
        return Err(AppError::bad_request(crate::msg!(
            "students-bad-flag",
            v = crate::views::cut(&flag),
            flags = Flags::LABELS.join("、")
        )));
    }
    let list = List::new(COLUMNS, pairs, &["year", "flag"])?.with_inputs(&["flag"]);
    let file = format!("学生名单-{code}-{}", year.unwrap_or_default());
    let what = match format.as_deref() {
        Some(ext @ ("xlsx" | "csv")) => format!("{file}.{ext}"),
        _ => super::what(viewer),
    };
    let children = match year {
        Some(y) => roster(
            &here.store,
            here.config.student_keys.as_deref(),
            &caller(viewer),
            code,
            y,
            &what,
        )
        .await
        .map_err(refusal)?,
        None => Vec::new(),
    };
    let rows: Vec<Row> = children
        .iter()
        .filter(|n| flag.is_empty() || n.entry.flags.labels().contains(&flag.as_str()))
        .map(row)
        .collect();
    if list.is_download() {
        here.audit(AuditEntry {
            district: None,
            actor: viewer.user.name.clone(),
            action: if format.as_deref() == Some("csv") {
                "students.roster.csv"
            } else {
                "students.roster.xlsx"
            },
            target: format!("school:{code}:{}", year.unwrap_or_default()),
            detail: format!("students={}", children.len()),
        })
        .await?;
    }
    let class = match sight {
        Sight::School {
            class: Some(class), ..
        } => class.clone(),
        _ => String::new(),
    };
    list.respond(&rows, &file, "学生名单", |list| {
        render(&SchoolPage {
            layout: Layout::new(name.clone(), viewer),
            years: year_chips(years, year, |y| format!("/students/school/{code}?year={y}")),
            code: code.to_string(),
            name,
            year_label: year.map_or_else(String::new, school_year),
            has_data: !children.is_empty(),
            list: Some(list),
            flags: Flags::LABELS.into_iter().map(|f| (f, f == flag)).collect(),
            class,
            counts: None,
            versions: Vec::new(),
        })
    })
}
