//! The forecast's tables as a workbook in Chinese (the server's download and the command
//! line's `junheng forecast export`): the back-test and ratios, the years of the unit, its 学区
//! (the district's) and its schools.

use junheng_core::school::Section;
use junheng_io::export::{Cell as X, Table};

use super::run::{Forecast, UnitForecast, UnitYear};

/// The largest netted seat gap of a unit's years (中) and the largest class gap, each with its
/// year (`None` where there is none).
pub type Peak = (Option<(f64, i32)>, Option<(u32, i32)>);

/// The largest netted seat gap and class gap of a unit's years (中), each with its year.
pub fn peak(years: &[UnitYear]) -> Peak {
    let seats = years
        .iter()
        .filter(|y| y.seats_short() >= 0.5)
        .map(|y| (y.seats_short(), y.year))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let classes = years
        .iter()
        .filter(|y| y.classes_short() > 0)
        .map(|y| (y.classes_short(), y.year))
        .max_by_key(|c| c.0);
    (seats, classes)
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn year(v: Option<i32>) -> X {
    v.map_or(X::Empty, |y| X::Integer(i64::from(y)))
}

/// The back-test and the ratios of each unit.
fn backtest(units: &[&UnitForecast]) -> Table {
    let mut rows = Vec::new();
    for u in units {
        let Some(m) = &u.model else {
            rows.push(vec![
                X::text(&u.name),
                X::text(u.error.clone().unwrap_or_default()),
            ]);
            continue;
        };
        for b in &m.back_test {
            let section = if b.section == Section::Primary {
                "小学"
            } else {
                "初中"
            };
            let mut row = vec![
                X::text(&u.name),
                X::text(section),
                b.mape.map_or(X::Empty, |v| X::Decimal(v, 1)),
                X::Integer(b.tests.len() as i64),
                X::Decimal(m.calibration.entry.first().copied().unwrap_or(0.0), 3),
            ];
            row.extend(m.calibration.progression.iter().map(|p| X::Decimal(*p, 3)));
            rows.push(row);
        }
    }
    let mut h = headers(&["单位", "学段", "MAPE（%）", "对比次数", "入学系数 k"]);
    h.extend((1..9).map(|g| format!("升级比例 {g}→{}", g + 1)));
    Table {
        sheet: "回测与系数",
        headers: h,
        rows,
    }
}

/// The years of a unit.
fn years(unit: &UnitForecast) -> Table {
    let rows = unit
        .years
        .iter()
        .map(|y| {
            let s = y.supply;
            vec![
                X::Integer(i64::from(y.year)),
                X::Decimal(y.demand[2][0], 0),
                X::Decimal(y.demand[1][0], 0),
                X::Decimal(y.demand[0][0], 0),
                X::Decimal(y.demand[2][1], 0),
                X::Decimal(y.demand[1][1], 0),
                X::Decimal(y.demand[0][1], 0),
                s.map_or(X::Empty, |s| X::Decimal(s.seats[0], 0)),
                s.map_or(X::Empty, |s| X::Decimal(s.seats[1], 0)),
                s.map_or(X::Empty, |s| {
                    X::Integer(i64::from(s.added_classes[0] + s.added_classes[1]))
                }),
                y.short.map_or(X::Empty, |v| X::Decimal(v[0], 0)),
                y.short.map_or(X::Empty, |v| X::Decimal(v[1], 0)),
                X::Integer(i64::from(y.classes_short())),
            ]
        })
        .collect();
    Table {
        sheet: "逐年需求与供给",
        headers: headers(&[
            "学年",
            "小学需求（低）",
            "小学需求（中）",
            "小学需求（高）",
            "初中需求（低）",
            "初中需求（中）",
            "初中需求（高）",
            "小学学位供给",
            "初中学位供给",
            "项目新增班数",
            "小学学位缺口（中，年级间抵补）",
            "初中学位缺口（中，年级间抵补）",
            "班级缺口（中，不抵补）",
        ]),
        rows,
    }
}

/// 学区 or schools: demand (中) per year, the first years over, the largest gaps.
fn units(sheet: &'static str, f: &Forecast, list: &[(&UnitForecast, String, String)]) -> Table {
    let heads: Vec<i32> = (f.base_year.unwrap_or(0) + 1..=f.settings.model.horizon).collect();
    let mut h = headers(&["名称", "学校标识码", "学区"]);
    h.extend(heads.iter().map(|y| format!("{y} 需求（中）")));
    h.extend(
        [
            "首个超出年份（中）",
            "首个超出年份（高）",
            "最大学位缺口（中）",
            "最大班级缺口（中）",
            "说明",
        ]
        .map(str::to_owned),
    );
    let rows = list
        .iter()
        .map(|(u, code, zone)| {
            let (seats, classes) = peak(&u.years);
            let mut row = vec![X::text(&u.name), X::text(code), X::text(zone)];
            row.extend(heads.iter().map(|y| {
                u.years
                    .iter()
                    .find(|uy| uy.year == *y)
                    .map_or(X::Empty, |uy| X::Decimal(uy.demand_total(1), 0))
            }));
            row.extend([
                year(u.first_over),
                year(u.first_over_high),
                X::Decimal(seats.map_or(0.0, |s| s.0), 0),
                X::Integer(classes.map_or(0, |c| i64::from(c.0))),
                X::text(u.error.clone().unwrap_or_default()),
            ]);
            row
        })
        .collect();
    Table {
        sheet,
        headers: h,
        rows,
    }
}

/// The sheets of `unit` (the district's, or the 学区 `zone`'s) of forecast `f`: the back-test
/// (with every 学区's for the district), the years, the 学区 (district only), the schools.
pub fn sheets(f: &Forecast, unit: &UnitForecast, zone: Option<&str>) -> Vec<Table> {
    let mut tested = vec![unit];
    if zone.is_none() {
        tested.extend(f.zones.iter());
    }
    let mut sheets = vec![backtest(&tested), years(unit)];
    if zone.is_none() {
        let list: Vec<_> = f
            .zones
            .iter()
            .map(|z| (z, String::new(), z.name.clone()))
            .collect();
        sheets.push(units("各学区", f, &list));
    }
    let list: Vec<_> = f
        .schools_of(zone)
        .map(|s| {
            (
                &s.unit,
                s.code.to_string(),
                s.zone.clone().unwrap_or_default(),
            )
        })
        .collect();
    sheets.push(units("各学校", f, &list));
    sheets
}
