//! `health rates fitness|vision|mental`: a round's figures from the counts each school's latest
//! file keeps — no sealed record is opened.

use std::collections::{BTreeMap, HashMap};

use clap::{Args as ClapArgs, ValueEnum};
use junheng_app::health::{fitness, mental, vision};
use junheng_app::students::rates::school_names;
use junheng_app::students::who::grade_label;
use junheng_core::health::settings::HealthSettings;
use junheng_core::health::vision::VisionCounts;
use junheng_core::school::{SchoolCode, school_year};
use junheng_core::student::{Cell, DEFAULT_MIN_CELL, suppress};
use junheng_store::{DistrictStore, HealthFile, HealthRound, StoreError};
use serde_json::{Value, json};

use super::{Kind, SettingsArgs, percent, round_named};
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::students::school_code;
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct RatesArgs {
    /// 数据类型：fitness 体质健康测试、vision 视力筛查、mental 心理测评
    #[arg(value_enum)]
    pub kind: Kind,
    /// 轮次名称
    #[arg(long, value_name = "NAME")]
    pub round: String,
    /// 只看这所学校（学校标识码；心理测评不按学校统计）
    #[arg(long, value_name = "CODE")]
    pub school: Option<String>,
    /// 输出格式：text（表格）或 json
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// 表格
    Text,
    /// JSON
    Json,
}

pub fn rates(args: &RatesArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    let school = args.school.as_deref().map(school_code).transpose()?;
    if args.kind.health() == junheng_store::HealthKind::Mental && school.is_some() {
        return Err(Failure::Input(
            "心理测评结果只按年级统计全区县，不按学校显示，也不对学校排名：请去掉 --school".into(),
        ));
    }
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let round = round_named(data, args.kind.health(), &args.round).await?;
        let title = format!(
            "{}「{}」（{} 学年，{}）",
            district.name,
            round.name,
            school_year(round.year),
            round.on_date
        );
        match args.kind {
            Kind::Fitness => {
                fitness_rates(
                    data,
                    &round,
                    school.as_ref(),
                    &settings,
                    args.format,
                    &title,
                )
                .await
            }
            Kind::Vision => {
                vision_rates(
                    data,
                    &round,
                    school.as_ref(),
                    &settings,
                    args.format,
                    &title,
                )
                .await
            }
            Kind::Mental | Kind::Scale => mental_rates(data, &round, args.format, &title).await,
        }
    }))
}

fn corrupt(_: serde_json::Error) -> Failure {
    store_error(StoreError::Corrupt {
        table: "health_files",
        column: "counts",
    })
}

/// The latest file of each school of `round` (of `school` only, when given), with its school's
/// name.
async fn files_of(
    data: &DistrictStore,
    round: &HealthRound,
    school: Option<&SchoolCode>,
) -> Result<(Vec<HealthFile>, HashMap<SchoolCode, String>), Failure> {
    let files: Vec<HealthFile> = data
        .health_files(round.id, false)
        .await
        .map_err(store_error)?
        .into_iter()
        .filter(|f| school.is_none_or(|s| &f.school == s))
        .collect();
    if let (Some(s), true) = (school, files.is_empty()) {
        return Err(Failure::Input(format!(
            "学校 {s} 在「{}」中没有导入文件",
            round.name
        )));
    }
    let names = school_names(data).await.map_err(store_error)?;
    Ok((files, names))
}

fn sex_label(male: bool) -> &'static str {
    if male { "男" } else { "女" }
}

/// A tally's rates as JSON.
fn tally_json(t: &fitness::Tally) -> Value {
    json!({
        "students": t.students,
        "exempt": t.exempt,
        "tested": t.students - t.exempt,
        "scored": t.scored,
        "unscored": t.unscored,
        "incomplete": t.incomplete,
        "levels": { "fail": t.levels[0], "pass": t.levels[1], "good": t.levels[2], "excellent": t.levels[3] },
        "pass_rate": t.pass_rate(),
        "good_rate": t.good_rate(),
        "excellent_rate": t.excellent_rate(),
    })
}

/// What a school's tally falls short of.
fn below(t: &fitness::Tally, s: &HealthSettings) -> Vec<&'static str> {
    let mut out = Vec::new();
    if t.good_rate()
        .is_some_and(|r| r < s.fitness.good_rate_target)
    {
        out.push("优良率低于目标");
    }
    if t.pass_rate()
        .is_some_and(|r| r < s.fitness.pass_rate_target)
    {
        out.push("合格率低于目标");
    }
    out
}

fn rate_cells(t: &fitness::Tally) -> [String; 3] {
    let p = |r| percent(r, "未评分");
    [p(t.pass_rate()), p(t.good_rate()), p(t.excellent_rate())]
}

async fn fitness_rates(
    data: &DistrictStore,
    round: &HealthRound,
    school: Option<&SchoolCode>,
    settings: &HealthSettings,
    format: Format,
    title: &str,
) -> Result<Outcome, Failure> {
    let (files, names) = files_of(data, round, school).await?;
    let mut schools: Vec<(SchoolCode, fitness::Counts)> = Vec::with_capacity(files.len());
    for f in &files {
        let c: fitness::Counts = serde_json::from_str(&f.counts).map_err(corrupt)?;
        schools.push((f.school.clone(), c));
    }
    let mut total = fitness::Tally::default();
    let mut by: BTreeMap<(u8, bool), fitness::Tally> = BTreeMap::new();
    for (_, c) in &schools {
        for ((g, _, m), t) in &c.groups {
            total.merge(t);
            by.entry((*g, *m)).or_default().merge(t);
        }
    }
    let mut packs: Vec<&str> = schools.iter().map(|(_, c)| c.pack.as_str()).collect();
    packs.sort_unstable();
    packs.dedup();
    let target = settings.fitness;
    let school_tally = |c: &fitness::Counts| c.tally(|_, _, _| true);
    if format == Format::Json {
        return crate::text::print_json(&json!({
            "round": round,
            "packs": packs,
            "targets": { "good_rate": target.good_rate_target, "pass_rate": target.pass_rate_target },
            "total": tally_json(&total),
            "by_grade_sex": by.iter().map(|((g, m), t)| json!({
                "grade": g, "sex": sex_label(*m), "tally": tally_json(t),
            })).collect::<Vec<_>>(),
            "schools": schools.iter().map(|(s, c)| {
                let t = school_tally(c);
                json!({
                    "school": s, "name": names.get(s), "tally": tally_json(&t),
                    "below": below(&t, settings),
                })
            }).collect::<Vec<_>>(),
        }));
    }
    println!(
        "{title}体质健康统计：{} 所学校；评分表：{}",
        schools.len(),
        if packs.is_empty() {
            "—".to_owned()
        } else {
            packs.join("；")
        }
    );
    println!(
        "目标：优良率 ≥ {:.0}%，合格率 ≥ {:.0}%；合格率、优良率、优秀率 = 学年总分 ≥ 60、≥ 80、≥ 90 的人数 ÷ 评分人数（免予执行、暂缓执行的学生不计入）",
        target.good_rate_target * 100.0,
        target.pass_rate_target * 100.0
    );
    match school {
        Some(s) => println!("【学校 {s} {}】", names.get(s).map_or("", String::as_str)),
        None => println!("【区县】"),
    }
    let [pass, good, excellent] = rate_cells(&total);
    println!(
        "  名单 {} 人，免测（免予执行、暂缓执行）{} 人，测试 {} 人：评分 {} 人，未评分 {} 人（评分表中没有这一年级或项目的评分表），缺项 {} 人",
        total.students,
        total.exempt,
        total.students - total.exempt,
        total.scored,
        total.unscored,
        total.incomplete
    );
    println!("  合格率 {pass}，优良率 {good}，优秀率 {excellent}");
    let mut t = Table::new(&[
        ("年级", Align::Left),
        ("性别", Align::Left),
        ("名单", Align::Right),
        ("免测", Align::Right),
        ("测试", Align::Right),
        ("评分", Align::Right),
        ("未评分", Align::Right),
        ("合格率", Align::Right),
        ("优良率", Align::Right),
        ("优秀率", Align::Right),
    ]);
    for ((g, m), v) in &by {
        let [pass, good, excellent] = rate_cells(v);
        t.row(vec![
            grade_label(*g).to_owned(),
            sex_label(*m).to_owned(),
            v.students.to_string(),
            v.exempt.to_string(),
            (v.students - v.exempt).to_string(),
            v.scored.to_string(),
            v.unscored.to_string(),
            pass,
            good,
            excellent,
        ]);
    }
    println!("  按年级和性别：");
    super::emit(&t.render("  "))?;
    if school.is_some() {
        let t = school_tally(&schools[0].1);
        let marks = below(&t, settings);
        if !marks.is_empty() {
            println!("  ▲ {}", marks.join("、"));
        }
        return Ok(Outcome::Done);
    }
    let mut t = Table::new(&[
        ("学校标识码", Align::Left),
        ("学校", Align::Left),
        ("名单", Align::Right),
        ("免测", Align::Right),
        ("评分", Align::Right),
        ("未评分", Align::Right),
        ("合格率", Align::Right),
        ("优良率", Align::Right),
        ("优秀率", Align::Right),
        ("低于目标", Align::Left),
    ]);
    let mut short = 0;
    for (s, c) in &schools {
        let v = school_tally(c);
        let [pass, good, excellent] = rate_cells(&v);
        let marks = below(&v, settings);
        short += usize::from(!marks.is_empty());
        t.row(vec![
            s.to_string(),
            names.get(s).cloned().unwrap_or_default(),
            v.students.to_string(),
            v.exempt.to_string(),
            v.scored.to_string(),
            v.unscored.to_string(),
            pass,
            good,
            excellent,
            if marks.is_empty() {
                String::new()
            } else {
                format!("▲ {}", marks.join("、"))
            },
        ]);
    }
    println!("【各校】（低于目标的学校 {short} 所，标 ▲）");
    super::emit(&t.render("  "))?;
    Ok(Outcome::Done)
}

fn vision_json(c: &VisionCounts) -> Value {
    json!({
        "screened": c.screened,
        "myopic": c.myopic_total(),
        "mild": c.myopic[0], "moderate": c.myopic[1], "high": c.myopic[2],
        "unrefracted": c.unrefracted,
        "reduced": c.reduced,
        "rate": c.rate(),
    })
}

fn vision_row(first: Vec<String>, c: &VisionCounts) -> Vec<String> {
    let mut row = first;
    row.extend([
        c.screened.to_string(),
        c.myopic_total().to_string(),
        percent(c.rate(), "—"),
        c.myopic[0].to_string(),
        c.myopic[1].to_string(),
        c.myopic[2].to_string(),
        c.unrefracted.to_string(),
    ]);
    row
}

const VISION_COLUMNS: [(&str, Align); 7] = [
    ("受检", Align::Right),
    ("近视", Align::Right),
    ("近视率", Align::Right),
    ("轻度", Align::Right),
    ("中度", Align::Right),
    ("高度", Align::Right),
    ("视力不良未验光", Align::Right),
];

async fn vision_rates(
    data: &DistrictStore,
    round: &HealthRound,
    school: Option<&SchoolCode>,
    settings: &HealthSettings,
    format: Format,
    title: &str,
) -> Result<Outcome, Failure> {
    let (files, names) = files_of(data, round, school).await?;
    let mut schools: Vec<(SchoolCode, vision::Counts)> = Vec::with_capacity(files.len());
    for f in &files {
        let c: vision::Counts = serde_json::from_str(&f.counts).map_err(corrupt)?;
        schools.push((f.school.clone(), c));
    }
    let mut total = VisionCounts::default();
    let mut by_grade: BTreeMap<u8, VisionCounts> = BTreeMap::new();
    for (_, c) in &schools {
        for ((g, _, _), v) in &c.groups {
            total.merge(v);
            by_grade.entry(*g).or_default().merge(v);
        }
    }
    let targets = if school.is_none() {
        vision::targets(data, &settings.vision)
            .await
            .map_err(crate::students::refused)?
    } else {
        Vec::new()
    };
    if format == Format::Json {
        return crate::text::print_json(&json!({
            "round": round,
            "total": vision_json(&total),
            "by_grade": by_grade.iter().map(|(g, c)| json!({"grade": g, "counts": vision_json(c)})).collect::<Vec<_>>(),
            "schools": schools.iter().map(|(s, c)| json!({
                "school": s, "name": names.get(s), "counts": vision_json(&c.tally(|_, _, _| true)),
            })).collect::<Vec<_>>(),
            "targets": targets,
        }));
    }
    println!(
        "{title}视力筛查统计：{} 所学校；近视率 = 筛查性近视人数 ÷ 受检人数（WS/T 663-2020：裸眼视力 < 5.0 且等效球镜 ≤ -0.50 D）",
        schools.len()
    );
    match school {
        Some(s) => println!("【学校 {s} {}】", names.get(s).map_or("", String::as_str)),
        None => println!("【区县】"),
    }
    println!(
        "  受检 {} 人，筛查性近视 {} 人（轻度 {}、中度 {}、高度 {}），近视率 {}；视力不良未验光 {} 人，视力不良（非近视）{} 人",
        total.screened,
        total.myopic_total(),
        total.myopic[0],
        total.myopic[1],
        total.myopic[2],
        percent(total.rate(), "—"),
        total.unrefracted,
        total.reduced
    );
    let mut headers = vec![("年级", Align::Left)];
    headers.extend(VISION_COLUMNS);
    let mut t = Table::new(&headers);
    for (g, c) in &by_grade {
        t.row(vision_row(vec![grade_label(*g).to_owned()], c));
    }
    println!("  按年级：");
    super::emit(&t.render("  "))?;
    if school.is_some() {
        return Ok(Outcome::Done);
    }
    let mut headers = vec![("学校标识码", Align::Left), ("学校", Align::Left)];
    headers.extend(VISION_COLUMNS);
    let mut t = Table::new(&headers);
    for (s, c) in &schools {
        let first = vec![s.to_string(), names.get(s).cloned().unwrap_or_default()];
        t.row(vision_row(first, &c.tally(|_, _, _| true)));
    }
    println!("【各校】");
    super::emit(&t.render("  "))?;
    println!(
        "【近视率年度目标】（每年降低 {} 个百分点；各学年取最后一轮筛查）",
        settings.vision.points_per_year
    );
    if targets.is_empty() {
        println!("  还没有基线：基线学年尚无筛查数据");
    }
    for t in &targets {
        println!(
            "  {} 学年：实测 {:.1}%，目标 {:.1}%（基线 {} 学年 {:.1}%），差距 {:+.1} 个百分点{}",
            school_year(t.year),
            t.rate * 100.0,
            t.target * 100.0,
            school_year(t.baseline.0),
            t.baseline.1 * 100.0,
            t.gap_points,
            if t.gap_points > 0.0 {
                "（未达到目标）"
            } else {
                "（已达到目标）"
            }
        );
    }
    Ok(Outcome::Done)
}

/// The tier columns of the 心理 table: parts of each grade's list.
const MENTAL_COLUMNS: [&str; 5] = ["一般", "关注", "重点", "未获同意", "其他未测评"];

async fn mental_rates(
    data: &DistrictStore,
    round: &HealthRound,
    format: Format,
    title: &str,
) -> Result<Outcome, Failure> {
    let counts = mental::district_counts(data, round)
        .await
        .map_err(crate::students::refused)?;
    let k = DEFAULT_MIN_CELL;
    let grades: Vec<u8> = counts.grades.keys().copied().collect();
    let rows: Vec<Vec<u64>> = counts
        .grades
        .values()
        .map(|t| {
            let other = t.students.saturating_sub(t.screened + t.no_consent);
            vec![t.tiers[0], t.tiers[1], t.tiers[2], t.no_consent, other]
        })
        .collect();
    let same_day: Vec<Vec<u64>> = counts.grades.values().map(|t| vec![t.same_day]).collect();
    let table = suppress(&rows, k);
    let reviews = suppress(&same_day, k);
    if format == Format::Json {
        return crate::text::print_json(&json!({
            "round": round,
            "min_cell": k,
            "grades": grades,
            "columns": MENTAL_COLUMNS,
            "table": table,
            "same_day_review": reviews,
        }));
    }
    println!(
        "{title}心理测评统计（全区县按年级，不按学校；少于 {k} 人的格子显示为 <{k}，为免由合计推出而隐藏的格子显示为 *）"
    );
    if grades.is_empty() {
        println!("  这一轮还没有导入任何学校的文件");
        return Ok(Outcome::Done);
    }
    let mut headers = vec![("年级", Align::Left), ("名单", Align::Right)];
    headers.extend(MENTAL_COLUMNS.map(|c| (c, Align::Right)));
    headers.push(("当日复核", Align::Right));
    let mut t = Table::new(&headers);
    let text = |c: &Cell| c.text(k);
    for (i, g) in grades.iter().enumerate() {
        let mut row = vec![grade_label(*g).to_owned(), text(&table.row_totals[i])];
        row.extend(table.cells[i].iter().map(text));
        row.push(text(&reviews.cells[i][0]));
        t.row(row);
    }
    let mut row = vec!["合计".to_owned(), text(&table.total)];
    row.extend(table.column_totals.iter().map(text));
    row.push(text(&reviews.total));
    t.row(row);
    super::emit(&t.render("  "))?;
    println!(
        "  一般、关注、重点为测评提示的级别（不是诊断）；当日复核：PHQ-9 第 9 题作答大于 0，须当日由心理教师面谈"
    );
    Ok(Outcome::Done)
}
