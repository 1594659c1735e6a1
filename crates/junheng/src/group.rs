//! `junheng group import|list|coverage`: the education-group registry (教育集团名册) through the
//! same operations as the web pages (`junheng_app::groups`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};

use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum GroupAction {
    /// 导入教育集团名册（“集团”“成员”两张表；全部写入或全部不写入）
    Import(ImportArgs),
    /// 列出教育集团：类型、状态、成立日期、牵头校和某学年（默认最新学年）9 月 1 日的成员数；--xlsx 写出名册
    List(ListArgs),
    /// 集团化办学覆盖率：学校参与率、学生受益率，总体、分学段、分城乡、分学区
    Coverage(CoverageArgs),
}

/// The group types a deployment allows: `--kinds 紧密型,联盟型` or the built-in vocabulary.
#[derive(ClapArgs, Debug)]
pub struct Kinds {
    /// 允许的集团类型，以逗号分隔（默认：紧密型、融合型、领办型、联盟型、法人统筹型、品牌引领型、项目驱动型、名校+新校）
    #[arg(long, value_name = "类型,…", value_delimiter = ',')]
    pub kinds: Vec<String>,
}

impl Kinds {
    fn list(&self) -> Vec<String> {
        if self.kinds.is_empty() {
            junheng_app::groups::default_kinds()
        } else {
            self.kinds.iter().map(|k| k.trim().to_owned()).collect()
        }
    }
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 教育集团名册文件（.xlsx）
    pub file: PathBuf,
    #[command(flatten)]
    pub kinds: Kinds,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    /// 学年（默认最新学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 把名册（全部集团与成员关系）写到此 .xlsx 文件
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    #[command(flatten)]
    pub kinds: Kinds,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct CoverageArgs {
    /// 学年（默认最新学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

fn input(e: junheng_store::StoreError) -> Failure {
    Failure::Input(e.to_string())
}

async fn year_or_latest(
    data: &junheng_store::DistrictStore,
    year: Option<i32>,
) -> Result<Option<i32>, Failure> {
    if year.is_some() {
        return Ok(year);
    }
    Ok(data
        .years()
        .await
        .map_err(input)?
        .iter()
        .map(|y| y.year)
        .max())
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

pub fn run(action: &GroupAction) -> Result<Outcome, Failure> {
    match action {
        GroupAction::Import(args) => import(args),
        GroupAction::List(args) => list(args),
        GroupAction::Coverage(args) => coverage(args),
    }
}

fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Failure::Input(format!("无法读取 {}：{e}", args.file.display())))?;
    let name = args
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let file = junheng_app::groups::read(&bytes, &name, &args.kinds.list()).map_err(input)?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = junheng_app::groups::import(data, &file, &name, &actor)
            .await
            .map_err(|e| Failure::Input(format!("名册未导入：{e}")))?;
        println!(
            "已导入{}的教育集团名册：新建集团 {} 个，更新 {} 个，新增成员关系 {} 条，退出 {} 条",
            district.name,
            done.groups_created,
            done.groups_updated,
            done.members_added,
            done.members_closed
        );
        Ok(Outcome::Done)
    }))
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let year = year_or_latest(data, args.year).await?;
        let date = year.map(junheng_store::membership_date);
        let details = data.group_details().await.map_err(input)?;
        println!(
            "{}的教育集团（{}）",
            district.name,
            date.as_deref()
                .map_or("无统计数据，按当前有效成员".to_owned(), |d| format!(
                    "成员按 {d}"
                ))
        );
        println!("集团名称\t类型\t状态\t成立日期\t法人形式\t牵头校\t成员数");
        for d in &details {
            let members = match &date {
                Some(date) => d.members_on(date).len(),
                None => d.members.iter().filter(|m| m.left_on.is_none()).count(),
            };
            let g = &d.group;
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{members}",
                g.name,
                g.kind,
                g.status.label(),
                g.founded_on.as_deref().unwrap_or(""),
                g.legal_form.label(),
                g.lead_school.as_ref().map_or("", |c| c.as_str()),
            );
        }
        if let Some(path) = &args.xlsx {
            let bytes = junheng_app::groups::workbook(data, &args.kinds.list())
                .await
                .map_err(input)?;
            std::fs::write(path, bytes).map_err(|e| Failure::Output(e.into()))?;
            println!("名册已写到 {}", path.display());
        }
        Ok(Outcome::Done)
    }))
}

fn coverage(args: &CoverageArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let Some(year) = year_or_latest(data, args.year).await? else {
            return Err(Failure::Input(format!(
                "{}还没有任何学年的学校统计数据",
                district.name
            )));
        };
        let c = junheng_app::groups::coverage_of(data, year)
            .await
            .map_err(input)?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&c).map_err(|e| Failure::Output(e.into()))?
            );
            return Ok(Outcome::Done);
        }
        println!(
            "{} {} 学年集团化办学覆盖率（成员按 {}）",
            district.name,
            junheng_core::school::school_year(year),
            junheng_store::membership_date(year)
        );
        println!("口径\t范围\t参与学校/学校\t学校参与率\t受益学生/学生\t学生受益率");
        let line = |by: &str, part: &str, r: &junheng_core::coverage::CoverageRates| {
            println!(
                "{by}\t{part}\t{}/{}\t{}\t{}/{}\t{}",
                r.schools.numerator,
                r.schools.denominator,
                percent(r.schools.value),
                r.students.numerator,
                r.students.denominator,
                percent(r.students.value)
            );
        };
        line("总体", "全区县", &c.overall);
        for s in &c.sections {
            line("学段", s.label, &s.rates);
        }
        for s in &c.urban_rural {
            line("城乡分类", s.label, &s.rates);
        }
        for z in &c.zones {
            line("学区", &z.label, &z.rates);
        }
        println!("{}", junheng_core::coverage::SCHOOL_RATE_DEFINITION);
        println!("{}", junheng_core::coverage::STUDENT_RATE_DEFINITION);
        Ok(Outcome::Done)
    }))
}
