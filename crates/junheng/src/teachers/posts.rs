//! `junheng posts status|import-certificates|import-staffing|withdraw|approved|move|cancel-move|
//! pay|template` (资格证, 编制 and 岗位, teachers' pay): through the same operations as the web
//! pages (`junheng_app::teachers::posts`). The command line's operator holds the database: every
//! write is allowed, recorded under `--as` (default `system`). `status` exits 1 when item 8, 10
//! or 12 fails or a school is warned of 有编不补.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use junheng_app::pairings::Caller;
use junheng_app::teachers::posts::{self as app, PostsStatus};
use junheng_core::school::{SchoolCode, school_year};
use junheng_store::teachers::posts::PostFileKind;
use junheng_teachers::posts::{Approved, PayYear, PostDate, PostMove, Settings};

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum PostsAction {
    /// 某学年的资格证持证率（政府保障第 12 项）、编制表（超编、缺编、编外占比）、有编不补预警、区管校聘核定总额（第 10 项）与教师工资（第 8 项）
    Status(StatusArgs),
    /// 导入某学年的教师资格证表（全部写入或全部不写入；教师须在该学年名册中）
    ImportCertificates(ImportArgs),
    /// 导入某学年的编制表（核定编制、在编教职工、编外教师；学校须在该学年统计数据中）
    ImportStaffing(ImportArgs),
    /// 撤回某学年当前的教师资格证表或编制表（恢复上一次导入的表）
    Withdraw(WithdrawArgs),
    /// 录入某学年区县核定的编制总额（和岗位总额）
    Approved(ApprovedArgs),
    /// 登记一次学校间的编制调整（区管校聘；只可撤销，不可修改）
    Move(MoveArgs),
    /// 撤销一次编制调整
    CancelMove(CancelArgs),
    /// 录入某年教师与当地公务员的年平均工资（元）
    Pay(PayArgs),
    /// 写出教师资格证表或编制表的空白模板（.xlsx）
    Template {
        /// 哪一种表
        #[arg(value_enum)]
        kind: FileKind,
        /// 输出文件（.xlsx）
        output: PathBuf,
    },
}

/// The two files.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileKind {
    /// 教师资格证表
    Certificates,
    /// 编制表
    Staffing,
}

impl FileKind {
    fn store(self) -> PostFileKind {
        match self {
            FileKind::Certificates => PostFileKind::Certificates,
            FileKind::Staffing => PostFileKind::Staffing,
        }
    }
}

#[derive(ClapArgs, Debug)]
pub struct StatusArgs {
    /// 学年（默认：最新的有统计数据的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

/// The operator of a write.
#[derive(ClapArgs, Debug)]
pub struct Operator {
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    /// 学年，例如 2024 表示 2024–2025 学年
    #[arg(long)]
    pub year: i32,
    /// 该学年已有该表时替换它（替换后可用 withdraw 撤回）
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub op: Operator,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 哪一种表
    #[arg(value_enum)]
    pub kind: FileKind,
    /// 学年
    #[arg(long)]
    pub year: i32,
    #[command(flatten)]
    pub op: Operator,
}

#[derive(ClapArgs, Debug)]
pub struct ApprovedArgs {
    /// 学年
    #[arg(long)]
    pub year: i32,
    /// 核定编制总额
    #[arg(long)]
    pub posts: u32,
    /// 岗位总额（可不填）
    #[arg(long)]
    pub positions: Option<u32>,
    #[command(flatten)]
    pub op: Operator,
}

#[derive(ClapArgs, Debug)]
pub struct MoveArgs {
    /// 调出学校的学校标识码
    #[arg(long)]
    pub from: String,
    /// 调入学校的学校标识码
    #[arg(long)]
    pub to: String,
    /// 调整的编制数
    #[arg(long)]
    pub count: u32,
    /// 调整日期 YYYY-MM-DD（决定所属学年）
    #[arg(long)]
    pub date: String,
    /// 调整原因
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub op: Operator,
}

#[derive(ClapArgs, Debug)]
pub struct CancelArgs {
    /// 编制调整的编号（status 中列出）
    pub id: i64,
    #[command(flatten)]
    pub op: Operator,
}

#[derive(ClapArgs, Debug)]
pub struct PayArgs {
    /// 年度
    #[arg(long)]
    pub year: i32,
    /// 教师年平均工资（元）
    #[arg(long)]
    pub teachers: u64,
    /// 当地公务员年平均工资（元）
    #[arg(long)]
    pub civil_servants: u64,
    #[command(flatten)]
    pub op: Operator,
}

pub fn run(action: &PostsAction) -> Result<Outcome, Failure> {
    match action {
        PostsAction::Status(args) => status(args),
        PostsAction::ImportCertificates(args) => import(args, FileKind::Certificates),
        PostsAction::ImportStaffing(args) => import(args, FileKind::Staffing),
        PostsAction::Withdraw(args) => write(&args.op, async |data, caller| {
            let gone = app::withdraw(data, caller, args.kind.store(), args.year).await?;
            Ok(format!(
                "已撤回 {} 学年的{} {}（{} 行）",
                school_year(args.year),
                label(args.kind),
                gone.file_name,
                gone.rows
            ))
        }),
        PostsAction::Approved(args) => write(&args.op, async |data, caller| {
            let a = Approved {
                year: args.year,
                posts: args.posts,
                positions: args.positions,
            };
            app::set_approved(data, caller, &a).await?;
            Ok(format!(
                "已录入 {} 学年核定编制总额 {}",
                school_year(args.year),
                args.posts
            ))
        }),
        PostsAction::Move(args) => {
            let code = |t: &str| {
                SchoolCode::parse(t)
                    .map_err(|_| Failure::Input(format!("学校标识码 {t} 应为 10 位数字")))
            };
            let m = PostMove {
                from: code(&args.from)?,
                to: code(&args.to)?,
                count: args.count,
                date: PostDate::parse(&args.date).ok_or_else(|| {
                    Failure::Input(format!("日期 {} 应为 YYYY-MM-DD 的真实日期", args.date))
                })?,
                reason: args.reason.clone(),
                cancelled: false,
            };
            write(&args.op, async |data, caller| {
                let id = app::record_move(data, caller, &m).await?;
                Ok(format!(
                    "已登记编制调整 {id}：{} → {}，{} 个编制",
                    m.from, m.to, m.count
                ))
            })
        }
        PostsAction::CancelMove(args) => write(&args.op, async |data, caller| {
            app::cancel_move(data, caller, args.id).await?;
            Ok(format!("已撤销编制调整 {}", args.id))
        }),
        PostsAction::Pay(args) => write(&args.op, async |data, caller| {
            let p = PayYear {
                year: args.year,
                teachers: args.teachers,
                civil_servants: args.civil_servants,
            };
            app::set_pay(data, caller, &p).await?;
            Ok(format!("已录入 {} 年教师与公务员平均工资", args.year))
        }),
        PostsAction::Template { kind, output } => crate::rotation::template(
            output,
            match kind {
                FileKind::Certificates => junheng_io::teachers::posts::certificates::write_template,
                FileKind::Staffing => junheng_io::teachers::posts::staffing::write_template,
            },
        ),
    }
}

fn label(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Certificates => "教师资格证表",
        FileKind::Staffing => "编制表",
    }
}

/// Runs one write as the operator and prints what it says.
fn write(
    op: &Operator,
    act: impl AsyncFnOnce(
        &junheng_store::DistrictStore,
        &Caller<'_>,
    ) -> Result<String, junheng_app::pairings::Refused>,
) -> Result<Outcome, Failure> {
    runtime()?.block_on(op.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, op.login.as_deref()).await?;
        let said = act(data, &Caller::Operator(&actor))
            .await
            .map_err(refused)?;
        println!("{}：{said}", district.name);
        Ok(Outcome::Done)
    }))
}

fn import(args: &ImportArgs, kind: FileKind) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let sha256 = junheng_app::classroom::digest(&bytes);
    let limits = crate::limits();
    match kind {
        FileKind::Certificates => {
            let file = app::read_certificates(&bytes, &name, &limits).map_err(refused)?;
            write(&args.op, async |data, caller| {
                let done =
                    app::import_certificates(data, caller, args.year, &file, &sha256, args.replace)
                        .await?;
                Ok(imported(args.year, kind, &name, done.rows))
            })
        }
        FileKind::Staffing => {
            let file = app::read_staffing(&bytes, &name, &limits).map_err(refused)?;
            write(&args.op, async |data, caller| {
                let done =
                    app::import_staffing(data, caller, args.year, &file, &sha256, args.replace)
                        .await?;
                Ok(imported(args.year, kind, &name, done.rows))
            })
        }
    }
}

fn imported(year: i32, kind: FileKind, name: &str, rows: u64) -> String {
    format!(
        "已导入 {} 学年的{} {name}：{rows} 行",
        school_year(year),
        label(kind)
    )
}

fn yes(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "未接入",
    }
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".into(), |r| format!("{:.1}%", r * 100.0))
}

/// Whether every item is met and no school is warned.
fn passes(s: &PostsStatus) -> bool {
    s.item12() != Some(false)
        && s.approved.met != Some(false)
        && s.item8().is_none_or(|p| p.met)
        && s.warned().next().is_none()
}

fn print(district: &str, s: &PostsStatus) {
    println!(
        "{district} {} 学年 资格证、编制与教师工资",
        school_year(s.year)
    );
    match &s.certificates {
        Some(r) => {
            println!(
                "专任教师持证上岗（第 12 项）：{}（持证率 {}，学段相符 {}；{} 人中 {} 人无证或学段不符）",
                yes(s.item12()),
                percent(r.district.holding_rate()),
                percent(r.district.covering_rate()),
                r.district.teachers,
                r.gaps.len()
            );
            for g in &r.gaps {
                println!(
                    "  {}\t{}\t{}\t{}\t{}",
                    g.school,
                    s.name(&g.school),
                    g.teacher.as_str(),
                    g.section.label(),
                    g.kind.label()
                );
            }
        }
        None => {
            println!("专任教师持证上岗（第 12 项）：未接入（该学年没有教师资格证表或教师名册）")
        }
    }
    let a = &s.approved;
    match &a.approved {
        Some(t) => println!(
            "编制总额（第 10 项）：{}（核定总额 {}，学校核定编制合计 {}）",
            yes(a.met),
            t.posts,
            a.allocated
        ),
        None => println!("编制总额（第 10 项）：未接入（该学年没有录入核定总额）"),
    }
    if s.staffing.is_empty() {
        println!("编制表：未接入（该学年没有导入编制表）");
    } else {
        println!(
            "学校标识码\t学校名称\t核定编制\t在编\t编外\t按师生比应配\t与核定比\t按师生比\t有编不补"
        );
        for r in &s.staffing {
            let st = &r.staffing;
            let ratio = if st.under_ratio {
                "缺编"
            } else if st.over_ratio {
                "超编"
            } else {
                "—"
            };
            let warn: Vec<&str> = st.warnings.iter().map(|w| w.reason.label()).collect();
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{:+}\t{ratio}\t{}",
                st.input.school,
                r.school_name,
                st.input.approved,
                st.input.on_post,
                st.input.outside,
                st.required_posts()
                    .map_or("未接入".into(), |p| p.to_string()),
                st.against_approved,
                if warn.is_empty() {
                    "—".into()
                } else {
                    warn.join("、")
                }
            );
        }
    }
    for m in &s.moves {
        println!(
            "编制调整 {}：{} {} → {} {} 个（{}）{}",
            m.id,
            m.by_move.date,
            m.by_move.from,
            m.by_move.to,
            m.by_move.count,
            m.by_move.reason,
            if m.by_move.cancelled {
                " 已撤销"
            } else {
                ""
            }
        );
    }
    if s.pay.is_empty() {
        println!("教师工资（第 8 项）：未接入（没有录入工资）");
    }
    for p in &s.pay {
        println!(
            "教师工资（第 8 项）{} 年：{}（教师 {} 元，公务员 {} 元，比值 {}）",
            p.pay.year,
            if p.met { "达标" } else { "未达标" },
            p.pay.teachers,
            p.pay.civil_servants,
            p.ratio.map_or("—".into(), |r| format!("{r:.3}"))
        );
    }
}

fn status(args: &StatusArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let year = crate::seats::year_or_latest(data, district, args.year).await?;
        let found = app::status(data, year, &Settings::default())
            .await
            .map_err(crate::platform::store_error)?;
        let pass = passes(&found);
        if args.json {
            crate::text::print_json(&found)?;
        } else {
            print(&district.name, &found);
        }
        Ok(if pass { Outcome::Pass } else { Outcome::Fail })
    }))
}
