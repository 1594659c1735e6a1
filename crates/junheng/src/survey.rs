//! `junheng survey list|create|codes|import|results`: 社会认可度自测 (issue 19) through the same
//! operations as `/survey` (`junheng_app::survey`). The command line's operator holds the
//! database: every write is allowed, recorded under `--as` (default `system`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::Caller;
use junheng_app::survey::codes::issue;
use junheng_app::survey::results::{tables, view};
use junheng_app::survey::{Draft, create as create_survey, import, list as surveys, set_status};
use junheng_core::survey::Weighting;
use junheng_labour::calendar::Day;
use junheng_store::survey::SurveyStatus;

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum SurveyAction {
    /// 列出本区县的自测问卷
    List {
        #[command(flatten)]
        db: DistrictDatabase,
    },
    /// 新建自测问卷（内置问卷，或 --questionnaire 本区县自己的问卷 TOML），可 --open 立即开放
    Create(CreateArgs),
    /// 开放或结束问卷
    Status(StatusArgs),
    /// 发放一批一次性问卷码：写出 CSV（链接、问卷码；只此一次，系统只保存摘要）
    Codes(CodesArgs),
    /// 导入问卷星导出的答卷（一类调查对象；提交时间、IP、来源等列不保存），全部或全不
    Import(ImportArgs),
    /// 问卷结果：总体认可度与 85%、分对象（答卷数、认可度、95% 区间）；--xlsx 写出工作簿，--json 输出 JSON
    Results(ResultsArgs),
}

#[derive(ClapArgs, Debug)]
pub struct CreateArgs {
    /// 问卷名称
    #[arg(long)]
    pub title: String,
    /// 学年（如 2026 表示 2026–2027学年）
    #[arg(long)]
    pub year: i32,
    /// 开始日期 YYYY-MM-DD
    #[arg(long)]
    pub opens: String,
    /// 截止日期 YYYY-MM-DD
    #[arg(long)]
    pub closes: String,
    /// 总体认可度的计算：equal（各类对象等权，默认）或 sample（按样本量加权）
    #[arg(long, default_value = "equal")]
    pub weighting: String,
    /// 最小显示样本量（默认 10）
    #[arg(long, default_value_t = 10)]
    pub min_cell: u32,
    /// 本区县自己的问卷（TOML，与内置问卷格式相同）
    #[arg(long, value_name = "FILE")]
    pub questionnaire: Option<PathBuf>,
    /// 建好后立即开放
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct StatusArgs {
    /// 问卷编号
    pub survey: i64,
    /// open（开放）或 closed（结束）
    pub to: String,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct CodesArgs {
    /// 问卷编号
    pub survey: i64,
    /// 调查对象：student、parent、teacher、principal、deputy、cppcc、public（内置问卷）
    #[arg(long)]
    pub group: String,
    /// 学校标识码（可选）
    #[arg(long)]
    pub school: Option<String>,
    /// 数量
    #[arg(long)]
    pub count: u32,
    /// 链接的网址前缀，如 https://jy.example.gov.cn
    #[arg(long)]
    pub base: String,
    /// 输出文件（.csv）
    pub output: PathBuf,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 问卷编号
    pub survey: i64,
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 调查对象
    #[arg(long)]
    pub group: String,
    /// 学校标识码（可选）
    #[arg(long)]
    pub school: Option<String>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ResultsArgs {
    /// 问卷编号
    pub survey: i64,
    /// 以 JSON 输出（与 /api/v1/survey/{id} 相同）
    #[arg(long)]
    pub json: bool,
    /// 另写出结果工作簿（.xlsx）
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

fn day(text: &str) -> Result<Day, Failure> {
    Day::parse(text.trim()).ok_or_else(|| Failure::Input(format!("日期“{text}”应为 YYYY-MM-DD")))
}

fn today() -> Day {
    Day::parse(&junheng_app::tasks::beijing_today())
        .unwrap_or_else(|| Day::new(2026, 1, 1).expect("a day"))
}

pub fn run(action: &SurveyAction) -> Result<Outcome, Failure> {
    match action {
        SurveyAction::List { db } => list(db),
        SurveyAction::Create(a) => create(a),
        SurveyAction::Status(a) => status(a),
        SurveyAction::Codes(a) => codes(a),
        SurveyAction::Import(a) => import_file(a),
        SurveyAction::Results(a) => results(a),
    }
}

fn list(db: &DistrictDatabase) -> Result<Outcome, Failure> {
    runtime()?.block_on(db.with_district(async |_, district, data| {
        let actor = junheng_store::Actor::system();
        let all = surveys(data, &Caller::Operator(&actor))
            .await
            .map_err(refused)?;
        println!("{}：{} 份自测问卷", district.name, all.len());
        for s in all {
            println!(
                "{}\t{}学年\t{}\t{} 至 {}\t{}\t有效答卷 {}",
                s.id,
                s.year,
                s.title,
                s.opens_on,
                s.closes_on,
                junheng_app::survey::status_label(s.status),
                s.responses
            );
        }
        Ok(Outcome::Done)
    }))
}

fn create(a: &CreateArgs) -> Result<Outcome, Failure> {
    let own = a
        .questionnaire
        .as_ref()
        .map(|p| {
            String::from_utf8(crate::read_input(p)?)
                .map_err(|_| Failure::Input("问卷文件应为 UTF-8 编码的 TOML".into()))
        })
        .transpose()?;
    let weighting = Weighting::parse(&a.weighting)
        .ok_or_else(|| Failure::Input(format!("计算方式“{}”应为 equal 或 sample", a.weighting)))?;
    let (opens_on, closes_on) = (day(&a.opens)?, day(&a.closes)?);
    runtime()?.block_on(a.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, a.login.as_deref()).await?;
        let who = Caller::Operator(&actor);
        let id = create_survey(
            data,
            &who,
            &Draft {
                year: a.year,
                title: &a.title,
                questionnaire: own.as_deref(),
                weighting,
                min_cell: a.min_cell,
                opens_on,
                closes_on,
            },
        )
        .await
        .map_err(refused)?;
        if a.open {
            set_status(data, &who, id, SurveyStatus::Open)
                .await
                .map_err(refused)?;
        }
        println!("已新建{}的自测问卷 {id}：{}", district.name, a.title.trim());
        Ok(Outcome::Done)
    }))
}

fn status(a: &StatusArgs) -> Result<Outcome, Failure> {
    let to = match a.to.trim() {
        "open" => SurveyStatus::Open,
        "closed" => SurveyStatus::Closed,
        other => return Err(Failure::Input(format!("状态“{other}”应为 open 或 closed"))),
    };
    runtime()?.block_on(a.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, a.login.as_deref()).await?;
        set_status(data, &Caller::Operator(&actor), a.survey, to)
            .await
            .map_err(refused)?;
        println!(
            "问卷 {} 已{}",
            a.survey,
            junheng_app::survey::status_label(to)
        );
        Ok(Outcome::Done)
    }))
}

fn codes(a: &CodesArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(a.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, a.login.as_deref()).await?;
        let batch = issue(
            data,
            &Caller::Operator(&actor),
            a.survey,
            &a.group,
            a.school.as_deref(),
            a.count,
            |b| getrandom::fill(b).expect("the operating system provides random bytes"),
        )
        .await
        .map_err(refused)?;
        let base = a.base.trim_end_matches('/');
        let mut out = String::from("\u{feff}链接,问卷码\r\n");
        for s in &batch.slips {
            out.push_str(&format!("{base}/s/{},{}\r\n", s.token, s.short));
        }
        std::fs::write(&a.output, out)
            .map_err(|e| Failure::Input(format!("无法写出 {}：{e}", a.output.display())))?;
        println!(
            "已为“{}”发放 {} 个问卷码，写入 {}（只此一次：系统只保存摘要）",
            batch.group,
            batch.slips.len(),
            a.output.display()
        );
        Ok(Outcome::Done)
    }))
}

fn import_file(a: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&a.file)?;
    let name = crate::platform::file_name(&a.file);
    runtime()?.block_on(a.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, a.login.as_deref()).await?;
        let done = import::import(
            data,
            &Caller::Operator(&actor),
            a.survey,
            &a.group,
            a.school.as_deref(),
            &bytes,
            &name,
            today(),
        )
        .await
        .map_err(refused)?;
        for w in &done.warnings {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入 {name}：{} 份答卷（导入编号 {}）",
            done.responses, done.id
        );
        Ok(Outcome::Done)
    }))
}

fn results(a: &ResultsArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(a.db.with_district(async |_, _, data| {
        let actor = junheng_store::Actor::system();
        let r = view(data, &Caller::Operator(&actor), a.survey)
            .await
            .map_err(refused)?;
        if let Some(path) = &a.xlsx {
            let bytes = junheng_io::export::write_xlsx(&tables(&r))
                .map_err(|e| Failure::Input(format!("无法生成工作簿：{e}")))?;
            std::fs::write(path, bytes)
                .map_err(|e| Failure::Input(format!("无法写出 {}：{e}", path.display())))?;
        }
        if a.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&r).map_err(|e| Failure::Input(e.to_string()))?
            );
            return Ok(Outcome::Done);
        }
        let pct =
            |p: Option<f64>| p.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0));
        let res = &r.results;
        println!(
            "{}（{}学年）：有效答卷 {}，总体认可度 {}，{}",
            r.info.title,
            r.info.year,
            res.respondents,
            pct(res.overall),
            match res.meets {
                Some(true) => "达到 85%",
                Some(false) => "未达到 85%",
                None => "尚无答卷",
            }
        );
        for g in &res.groups {
            let shown = if g.shown {
                let i = g.interval.map_or_else(String::new, |i| {
                    format!("（95% 区间 {}–{}）", pct(Some(i.low)), pct(Some(i.high)))
                });
                format!("{}{i}", pct(g.rate))
            } else {
                format!("样本不足 {}，不显示", res.settings.min_cell)
            };
            println!("  {}\t答卷 {}\t{shown}", g.name, g.respondents);
        }
        Ok(if res.meets == Some(false) {
            Outcome::Fail
        } else {
            Outcome::Done
        })
    }))
}
