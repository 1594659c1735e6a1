//! `junheng review show|score|finalise`: the annual 综合考核 through the same operations as the
//! web pages (`junheng_app::reviews`). The rubric, the 捆绑 composite, the 三线 and the
//! 集而不团 warning come from `--settings FILE` (a TOML file with the fields of the server's
//! `[review]` section) or the built-in defaults; the resource items from the year's evaluation
//! (`--rulebook`, default cn-2017).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::evidence::Caller;
use junheng_app::reviews::{Entry, Year};
use junheng_core::review::{ReviewSettings, Scorer};
use junheng_core::rulebook::Rulebook;
use junheng_store::{DistrictStore, ReviewUnit};

use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum ReviewAction {
    /// 显示某学年（默认最新学年）的综合考核：每校总分、每个集团的捆绑综合得分 G、三线定位、“集而不团”预警
    Show(ShowArgs),
    /// 填写一项评分（自评、他评或区县评价，0–100）；同一评分主体再次填写会替换原分数并记入审计日志
    Score(ScoreArgs),
    /// 定稿某学年的考核结果（以后年度的三线历史、上年得分和差距基准只读定稿结果）；重新定稿需 --confirm
    Finalise(FinaliseArgs),
}

/// What every review command shares: the year, the settings, the rulebook and the database.
#[derive(ClapArgs, Debug)]
pub struct Common {
    /// 学年（默认最新学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 考核设置文件（TOML：rubric、composite、bands、cohesion，同服务器设置的 [review] 部分；默认内置方案）
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// 质量监测设置文件（TOML，同服务器设置的 [quality] 部分；默认内置设置）：考核的教育质量项取各校当年考试的质量得分
    #[arg(long, value_name = "FILE")]
    pub quality_settings: Option<PathBuf>,
    /// 学生数据密钥（成绩密封保存：没有密钥时教育质量项为未接入）
    #[command(flatten)]
    pub keys: crate::students::KeyArgs,
    /// 资源配置评估所用的规则集（默认 cn-2017）
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    pub common: Common,
    /// 以 JSON 输出（与 GET /api/v1/reviews 的学校和集团内容相同）
    #[arg(long)]
    pub json: bool,
}

#[derive(ClapArgs, Debug)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub common: Common,
    /// 考核对象：school:学校标识码 或 group:集团名称
    #[arg(long, value_name = "KIND:KEY")]
    pub unit: String,
    /// 考核项标识（见 junheng review show 的考核方案，例如 management）
    #[arg(long)]
    pub item: String,
    /// 评分主体：self（自评）、peer（他评）或 district（区县评价）
    #[arg(long)]
    pub scorer: String,
    /// 得分（0–100）
    #[arg(long)]
    pub score: f64,
    /// 评分说明
    #[arg(long, default_value = "")]
    pub note: String,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct FinaliseArgs {
    #[command(flatten)]
    pub common: Common,
    /// 确认替换该学年已定稿的结果
    #[arg(long)]
    pub confirm: bool,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn run(action: &ReviewAction) -> Result<Outcome, Failure> {
    match action {
        ReviewAction::Show(args) => show(args),
        ReviewAction::Score(args) => score(args),
        ReviewAction::Finalise(args) => finalise(args),
    }
}

/// The settings of `--settings`, checked, or the defaults.
fn settings(path: Option<&PathBuf>) -> Result<ReviewSettings, Failure> {
    crate::settings_file::load(
        path.map(PathBuf::as_path),
        "考核设置",
        |s: &ReviewSettings| s.validate().map_err(|e| e.to_string()),
    )
}

/// The year asked for (or the latest with statistics), computed.
async fn computed(
    data: &DistrictStore,
    common: &Common,
    settings: &ReviewSettings,
) -> Result<Year, Failure> {
    let year = match common.year {
        Some(y) => y,
        None => data
            .years()
            .await
            .map_err(store_error)?
            .iter()
            .map(|y| y.year)
            .max()
            .ok_or_else(|| Failure::Input("该区县还没有任何学年的学校统计数据".into()))?,
    };
    let records = data.statistics(year, None).await.map_err(store_error)?;
    if records.is_empty() {
        return Err(Failure::Input(format!("{year} 学年没有学校统计数据")));
    }
    let rulebook =
        Rulebook::builtin(&common.rulebook).map_err(|e| Failure::Input(e.to_string()))?;
    let evaluation = junheng_core::evaluate::evaluate(&records, &rulebook).ok();
    let keys = common.keys.load()?;
    let quality_settings = crate::exam::SettingsArgs {
        settings: common.quality_settings.clone(),
    }
    .load()?;
    let quality = junheng_app::reviews::QualitySource {
        keys: keys.as_ref(),
        settings: &quality_settings,
    };
    junheng_app::reviews::year(
        data,
        settings,
        &quality,
        year,
        &records,
        evaluation.as_ref(),
    )
    .await
    .map_err(|e| Failure::Input(e.to_string()))
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "未接入".to_owned(), |v| format!("{v:.1}"))
}

fn show(args: &ShowArgs) -> Result<Outcome, Failure> {
    let settings = settings(args.common.settings.as_ref())?;
    runtime()?.block_on(
        args.common
            .db
            .with_district(async |_store, district, data| {
                let y = computed(data, &args.common, &settings).await?;
                let review = &y.review;
                if args.json {
                    let text = serde_json::to_string_pretty(review)
                        .map_err(|e| Failure::Output(e.into()))?;
                    println!("{text}");
                    return Ok(Outcome::Done);
                }
                println!(
                    "{} {} 年度综合考核（{}）",
                    district.name,
                    junheng_core::school::school_year(review.year),
                    y.finalised.as_ref().map_or_else(
                        || "草稿，未定稿".to_owned(),
                        |f| format!("已定稿：{} {}", f.by, f.at)
                    )
                );
                if y.changed_since {
                    println!("注意：定稿后又有评分改动，需重新定稿才会计入历史。");
                }
                let mut t = Table::new(&[
                    ("学校", Align::Left),
                    ("学校标识码", Align::Left),
                    ("考核总分", Align::Right),
                    ("三线定位", Align::Left),
                    ("连续警戒年数", Align::Right),
                    ("未接入项", Align::Left),
                ]);
                for s in &review.schools {
                    let (band, years, _) = band_of(&review.school_bands, &s.code);
                    t.row(vec![
                        s.name.clone(),
                        s.code.to_string(),
                        num(s.review.total),
                        band,
                        years.to_string(),
                        s.review.unconnected.join("、"),
                    ]);
                }
                print!("{}", t.render(""));
                let mut g = Table::new(&[
                    ("教育集团", Align::Left),
                    ("成员校", Align::Right),
                    ("集团自身得分", Align::Right),
                    ("捆绑综合得分 G", Align::Right),
                    ("三线定位", Align::Left),
                    ("集而不团预警", Align::Right),
                ]);
                for gr in &review.groups {
                    let (band, _, _) = band_of(&review.group_bands, &gr.name);
                    g.row(vec![
                        gr.name.clone(),
                        gr.members.len().to_string(),
                        num(gr.review.total),
                        num(gr.composite.value),
                        band,
                        gr.cohesion.warnings.len().to_string(),
                    ]);
                }
                print!("{}", g.render(""));
                for gr in &review.groups {
                    for w in &gr.cohesion.warnings {
                        println!("预警：{}", w.sentence);
                    }
                }
                Ok(Outcome::Done)
            }),
    )
}

/// A unit's band (Chinese), its years at the 警戒线 and its escalation.
fn band_of<K: Ord>(
    bands: &junheng_core::bands::Placement<K>,
    key: &K,
) -> (String, u32, Option<junheng_core::bands::EscalationLevel>) {
    let (band, years, escalation) = junheng_app::reviews::placed(bands, key);
    (
        band.map_or_else(|| "未定位（未接入）".to_owned(), |b| b.label().to_owned()),
        years,
        escalation,
    )
}

fn score(args: &ScoreArgs) -> Result<Outcome, Failure> {
    let settings = settings(args.common.settings.as_ref())?;
    let unit = args
        .unit
        .split_once(':')
        .and_then(|(kind, key)| ReviewUnit::parse(kind, key))
        .ok_or_else(|| {
            Failure::Input(format!(
                "--unit “{}”应写作 school:学校标识码 或 group:集团名称",
                args.unit
            ))
        })?;
    let scorer = Scorer::from_id(args.scorer.trim()).ok_or_else(|| {
        Failure::Input(format!(
            "--scorer “{}”应为 self（自评）、peer（他评）或 district（区县评价）",
            args.scorer
        ))
    })?;
    runtime()?.block_on(args.common.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let y = computed(data, &args.common, &settings).await?;
        let entry = Entry {
            unit: &unit,
            item: args.item.trim(),
            scorer,
            score: args.score,
            note: &args.note,
        };
        let was = junheng_app::reviews::enter(
            data,
            &Caller::Operator(&actor),
            &settings,
            &y.review,
            &entry,
        )
        .await
        .map_err(|e| Failure::Input(format!("评分未保存：{e}")))?;
        println!(
            "已保存 {} 年度 {unit} 的“{}”{}：{}{}",
            y.review.year,
            entry.item,
            scorer.label(),
            args.score,
            was.map_or_else(String::new, |w| format!("（原为 {w}）"))
        );
        Ok(Outcome::Done)
    }))
}

fn finalise(args: &FinaliseArgs) -> Result<Outcome, Failure> {
    let settings = settings(args.common.settings.as_ref())?;
    runtime()?.block_on(args.common.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let y = computed(data, &args.common, &settings).await?;
        if y.finalised.is_some() && !args.confirm {
            return Err(Failure::Input(format!(
                "{} 年度已定稿；重新定稿会替换原结果，确认请加 --confirm",
                y.review.year
            )));
        }
        let replaced = junheng_app::reviews::finalise(data, &Caller::Operator(&actor), &y.review)
            .await
            .map_err(|e| Failure::Input(format!("未定稿：{e}")))?;
        println!(
            "已定稿{} {} 年度综合考核：学校 {} 所，教育集团 {} 个{}",
            district.name,
            y.review.year,
            y.review.schools.len(),
            y.review.groups.len(),
            if replaced > 0 {
                format!("（替换原定稿结果 {replaced} 条）")
            } else {
                String::new()
            }
        );
        Ok(Outcome::Done)
    }))
}
