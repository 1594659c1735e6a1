//! The tiles and fixed tables of `GET /health` (and its workbook's sheets), made from the
//! scoped selection: 体质健康 by grade and sex and across rounds, 视力 by grade and the targets,
//! 心理 by grade.

use super::Cell;
use super::Table;
use super::scoped::{FitnessView, MentalLine, MentalView, Myopia, Rates, VisionView};

/// A figure at the top of a section.
pub(crate) struct Tile {
    /// Its label (a catalogue key).
    pub label: &'static str,
    /// The figure, or a catalogue key (未评分).
    pub value: String,
    /// `id` of the value.
    pub id: &'static str,
    /// `fail` when below a target, or empty.
    pub class: &'static str,
}

fn tile(label: &'static str, value: impl Into<String>, id: &'static str) -> Tile {
    Tile {
        label,
        value: value.into(),
        id,
        class: "",
    }
}

/// A rate as a tile shows it (its label says %): `96.4`, 未评分, or `*`.
fn rate_text(status: &str, v: Option<f64>) -> String {
    match (status, v) {
        ("rated", Some(v)) => format!("{v:.1}"),
        ("unscored", _) => "health-unscored".to_owned(),
        ("none", _) => "—".to_owned(),
        _ => "*".to_owned(),
    }
}

pub(super) fn fitness_tiles(f: &FitnessView) -> Vec<Tile> {
    let t = &f.total;
    let mut tiles = vec![
        tile("health-col-tested", t.tested.clone(), "fitness-tested"),
        tile(
            "health-col-pass-rate",
            rate_text(t.status, t.pass),
            "fitness-pass",
        ),
        tile(
            "health-col-good-rate",
            rate_text(t.status, t.good),
            "fitness-good",
        ),
        tile(
            "health-col-excellent-rate",
            rate_text(t.status, t.excellent),
            "fitness-excellent",
        ),
        tile("health-col-exempt", t.exempt.clone(), "fitness-exempt"),
        tile(
            "health-col-unscored",
            t.unscored.clone(),
            "fitness-unscored",
        ),
    ];
    if f.schools.len() > 1 {
        let mut below = tile("health-schools-below", f.below.to_string(), "fitness-below");
        if f.below > 0 {
            below.class = "fail";
        }
        tiles.push(below);
    }
    tiles
}

pub(super) fn vision_tiles(v: &VisionView) -> Vec<Tile> {
    let m = &v.total;
    let mut tiles = vec![
        tile("health-col-screened", m.screened.clone(), "vision-screened"),
        tile(
            "health-col-myopia-rate",
            rate_text(m.status, m.rate),
            "vision-rate",
        ),
        tile("health-col-mild", m.degrees[0].clone(), "vision-mild"),
        tile(
            "health-col-moderate",
            m.degrees[1].clone(),
            "vision-moderate",
        ),
        tile("health-col-high", m.degrees[2].clone(), "vision-high"),
        tile(
            "health-col-unrefracted",
            m.unrefracted.clone(),
            "vision-unrefracted",
        ),
    ];
    if let Some(t) = v.targets.last() {
        let mut gap = tile(
            "health-target-gap",
            format!("{:+.1}", t.gap_points),
            "vision-gap",
        );
        if t.gap_points > 0.0 {
            gap.class = "fail";
        }
        tiles.push(gap);
    }
    tiles
}

/// A rate as a table shows it.
fn rate_cell(status: &str, v: Option<f64>) -> Cell {
    match (status, v) {
        ("rated", Some(v)) => Cell::num(format!("{v:.1}")),
        ("unscored", _) => Cell::label("health-unscored"),
        ("none", _) => Cell::text(""),
        _ => Cell::num("*"),
    }
}

fn rates_cells(r: &Rates) -> Vec<Cell> {
    vec![
        Cell::num(r.tested.clone()),
        rate_cell(r.status, r.pass),
        rate_cell(r.status, r.good),
        rate_cell(r.status, r.excellent),
        Cell::num(r.unscored.clone()),
    ]
}

fn myopia_cells(m: &Myopia) -> Vec<Cell> {
    let mut cells = vec![Cell::num(m.screened.clone()), rate_cell(m.status, m.rate)];
    cells.extend(m.degrees.iter().map(|d| Cell::num(d.clone())));
    cells.push(Cell::num(m.unrefracted.clone()));
    cells
}

fn grade_cell(grade: u8) -> Cell {
    if grade == 0 {
        Cell::label("health-total")
    } else {
        Cell::text(junheng_app::students::who::grade_label(grade))
    }
}

const RATE_HEADERS: [&str; 5] = [
    "health-col-tested",
    "health-col-pass-rate",
    "health-col-good-rate",
    "health-col-excellent-rate",
    "health-col-unscored",
];

const MYOPIA_HEADERS: [&str; 6] = [
    "health-col-screened",
    "health-col-myopia-rate",
    "health-col-mild",
    "health-col-moderate",
    "health-col-high",
    "health-col-unrefracted",
];

pub(super) fn fitness_tables(f: &FitnessView) -> Vec<Table> {
    let mut groups = vec!["health-col-grade", "health-col-sex"];
    groups.extend(RATE_HEADERS);
    let mut trend = vec!["health-col-round", "health-col-date"];
    trend.extend(RATE_HEADERS);
    let mut urban = vec!["urban-category"];
    urban.extend(RATE_HEADERS);
    vec![
        Table {
            id: "fitness-groups",
            title: "health-fitness-groups-title",
            sheet: "体质健康-年级性别",
            headers: groups,
            rows: f
                .groups
                .iter()
                .map(|g| {
                    let mut row = vec![
                        grade_cell(g.grade),
                        Cell::label(if g.male {
                            "students-male"
                        } else {
                            "students-female"
                        }),
                    ];
                    row.extend(rates_cells(&g.rates));
                    row
                })
                .collect(),
        },
        Table {
            id: "fitness-items",
            title: "health-fitness-items-title",
            sheet: "体质健康-单项",
            headers: vec![
                "health-col-item",
                "health-col-item-scored",
                "health-col-pass-rate",
                "health-col-good-rate",
            ],
            rows: f
                .items
                .iter()
                .map(|i| {
                    vec![
                        Cell::label(super::item_key(i.item)),
                        Cell::text(i.scored.clone()),
                        rate_cell(i.status, i.pass),
                        rate_cell(i.status, i.good),
                    ]
                })
                .collect(),
        },
        Table {
            id: "fitness-urban",
            title: "health-fitness-urban-title",
            sheet: "体质健康-城乡",
            headers: urban,
            rows: f
                .urban
                .iter()
                .map(|u| {
                    let mut row = vec![Cell::label(crate::urban::category_key(u.category))];
                    row.extend(rates_cells(&u.rates));
                    row
                })
                .collect(),
        },
        Table {
            id: "fitness-trend",
            title: "health-fitness-trend-title",
            sheet: "体质健康-历次",
            headers: trend,
            rows: f
                .trend
                .iter()
                .map(|t| {
                    let mut row = vec![
                        Cell::text(t.round.name.clone())
                            .link(format!("/health/fitness/{}", t.round.id)),
                        Cell::text(t.round.on_date.clone()),
                    ];
                    row.extend(rates_cells(&t.rates));
                    row
                })
                .collect(),
        },
    ]
}

pub(super) fn vision_tables(v: &VisionView) -> Vec<Table> {
    let mut grades = vec!["health-col-grade"];
    grades.extend(MYOPIA_HEADERS);
    let mut rows: Vec<Vec<Cell>> = v
        .grades
        .iter()
        .map(|(g, m)| {
            let mut row = vec![grade_cell(*g)];
            row.extend(myopia_cells(m));
            row
        })
        .collect();
    if !rows.is_empty() {
        let mut total = vec![grade_cell(0)];
        total.extend(myopia_cells(&v.total));
        rows.push(total);
    }
    let mut tables = vec![Table {
        id: "vision-grades",
        title: "health-vision-grades-title",
        sheet: "视力-年级",
        headers: grades,
        rows,
    }];
    if !v.targets.is_empty() {
        tables.push(Table {
            id: "vision-targets",
            title: "health-vision-targets-title",
            sheet: "近视防控目标",
            headers: vec![
                "health-col-year",
                "health-col-baseline",
                "health-col-target",
                "health-col-myopia-rate",
                "health-col-gap",
            ],
            rows: v
                .targets
                .iter()
                .map(|t| {
                    vec![
                        Cell::text(junheng_core::school::school_year(t.year)),
                        Cell::text(format!(
                            "{}：{:.1}",
                            junheng_core::school::school_year(t.baseline_year),
                            t.baseline
                        )),
                        Cell::num(format!("{:.1}", t.target)),
                        Cell::num(format!("{:.1}", t.rate)),
                        Cell::num(format!("{:+.1}", t.gap_points)).class(if t.gap_points > 0.0 {
                            "fail"
                        } else {
                            "pass"
                        }),
                    ]
                })
                .collect(),
        });
    }
    tables
}

fn mental_row(l: &MentalLine) -> Vec<Cell> {
    let mut row = vec![
        grade_cell(l.grade),
        Cell::num(l.listed.clone()),
        Cell::num(l.screened.clone()),
    ];
    row.extend(l.tiers.iter().map(|t| Cell::num(t.clone())));
    row.push(Cell::num(l.unscreened.clone()));
    row.push(Cell::num(l.same_day.clone()));
    row
}

pub(super) fn mental_tables(m: &MentalView) -> Vec<Table> {
    if m.round.is_none() {
        return Vec::new();
    }
    let mut rows: Vec<Vec<Cell>> = m.grades.iter().map(mental_row).collect();
    rows.extend(m.total.iter().map(mental_row));
    vec![Table {
        id: "mental-grades",
        title: "health-mental-grades-title",
        sheet: "心理-年级",
        headers: vec![
            "health-col-grade",
            "health-col-listed",
            "health-col-mental-screened",
            "health-tier-general",
            "health-tier-attention",
            "health-tier-priority",
            "health-col-unscreened",
            "health-col-same-day",
        ],
        rows,
    }]
}
