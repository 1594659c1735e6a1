//! `junheng`: the command line of 均衡 Junheng.

mod accounts;
mod board;
mod demo;
mod demo_board;
mod demo_city;
mod demo_exams;
mod demo_five;
mod demo_health;
mod demo_inspection;
mod demo_labour;
mod demo_leaders;
mod demo_pairings;
mod demo_reviews;
mod demo_seats;
mod demo_seats_forecast;
mod demo_seats_projects;
mod demo_seats_zoning;
mod demo_students;
mod demo_supervision;
mod demo_survey;
mod demo_teachers_honours;
mod demo_teachers_posts;
mod demo_teachers_studios;
mod demo_teachers_training;
mod districts;
mod evaluate;
mod evidence;
mod exam;
mod group;
mod health;
mod inspection;
mod labour;
mod lottery;
mod map;
mod package;
mod pairing;
mod platform;
mod review;
mod rotation;
mod rulebook;
mod seats;
mod seats_forecast;
mod seats_projects;
mod seats_zoning;
mod settings_file;
mod students;
mod supervision;
mod survey;
mod task;
mod teachers;
mod template;
mod text;
mod versions;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 均衡 Junheng：县域义务教育优质均衡的测算、规划与佐证
#[derive(Parser, Debug)]
#[command(name = "junheng", version, about, long_about = None)]
struct Cli {
    /// 读取的每个输入文件的大小上限（MB，默认 64）；同时按比例放宽行数、单元格数等读取上限
    #[arg(long, global = true, value_name = "MB", default_value_t = 64,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    max_input_mb: u64,
    #[command(subcommand)]
    command: Command,
}

/// The read limits of this run, from `--max-input-mb` (set once, before any command runs).
static LIMITS: std::sync::OnceLock<junheng_io::Limits> = std::sync::OnceLock::new();

/// The limits every input file of this run is read within.
pub fn limits() -> junheng_io::Limits {
    *LIMITS.get_or_init(junheng_io::Limits::default)
}

/// The hint added to a refusal of a file over the size cap: the flag that raises it.
pub fn size_hint() -> String {
    format!(
        "可用全局选项 --max-input-mb 调高上限（当前 {} MB）",
        limits().max_input_bytes >> 20
    )
}

/// Reads an input file within the size cap; bad input (naming the file, the cap and the flag)
/// when it cannot be read or is larger.
pub fn read_input(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    junheng_io::read_input(path, &limits()).map_err(|e| {
        let hint = match e {
            junheng_io::InputError::TooLarge { .. } => format!("；{}", size_hint()),
            junheng_io::InputError::Io(_) => String::new(),
        };
        Failure::Input(format!("{}：{e}{hint}", path.display()))
    })
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 按评估规则评估一个学年的学校数据（退出码：0 达标，1 未达标，2 输入有误）
    Evaluate(evaluate::Args),
    /// 演示：生成演示区县数据库并启动服务；`demo report` 打印终端报告，`demo generate` 生成数据文件
    Demo(demo::Args),
    /// 启动 Web 服务
    Serve(platform::ServeArgs),
    /// 导入学校基本情况表到数据库（与 evaluate 相同的校验，全有或全无；每次导入为新版本）
    Import(platform::ImportArgs),
    /// 用户管理：新建、列出、修改、停用、启用、重设为一次性密码、解锁、批量创建学校账号
    User {
        #[command(subcommand)]
        action: accounts::UserAction,
    },
    /// API 令牌：生成、列出、撤销
    Token {
        #[command(subcommand)]
        action: accounts::TokenAction,
    },
    /// 备份数据库到文件（可跨 SQLite / PostgreSQL 恢复）
    Backup(platform::BackupArgs),
    /// 从备份文件恢复到空数据库
    Restore(platform::RestoreArgs),
    /// 查看内置评估规则
    Rulebook(rulebook::Args),
    /// 学校基本情况表模板：列出各列，或写出空白模板
    Template(template::Args),
    /// 随机派位：模板、冻结名单、派位、核验、模拟
    Lottery {
        #[command(subcommand)]
        action: lottery::Action,
    },
    /// 教师花名册：模板、导入（导入后与学校统计数据核对）
    Roster {
        #[command(subcommand)]
        action: rotation::RosterAction,
    },
    /// 交流轮岗台账：模板、导入
    Ledger {
        #[command(subcommand)]
        action: rotation::LedgerAction,
    },
    /// 教师交流轮岗：核查一个学年的交流比例、待交流教师和台账的影响
    Rotation {
        #[command(subcommand)]
        action: rotation::RotationAction,
    },
    /// 区县：列出、新增、修改（一个部署可容纳一个市或省的全部区县）
    District {
        #[command(subcommand)]
        action: districts::DistrictAction,
    },
    /// 市级：各区县比较、创建目标、创建步骤
    City {
        #[command(subcommand)]
        action: districts::CityAction,
    },
    /// 规划：教师交流轮岗方案
    Plan {
        #[command(subcommand)]
        action: rotation::PlanAction,
    },
    /// 数据上报的区县签名密钥：生成、显示
    Keys {
        #[command(subcommand)]
        action: package::KeysAction,
    },
    /// 数据上报的数据包：核验并显示
    Package {
        #[command(subcommand)]
        action: package::PackageAction,
    },
    /// 数据上报：把一个学年的数据制成签名数据包（统计数据、花名册计数、台账计数、评估结果）
    ReportUp(package::ReportUpArgs),
    /// 教育集团：导入名册、列出、覆盖率（学校参与率、学生受益率）
    Group {
        #[command(subcommand)]
        action: group::GroupAction,
    },
    /// 地图：上传区县边界（GeoJSON）
    Map {
        #[command(subcommand)]
        action: map::MapAction,
    },
    /// 佐证材料：上传、列出、取出挂在学校、教育集团、督导发现、任务等记录上的文件
    Evidence {
        #[command(subcommand)]
        action: evidence::EvidenceAction,
    },
    /// 一校一案建设项目：台账的列出、导入、模板、导出，项目模拟（建成后能否达标）与规划（最省钱的达标组合）
    Projects {
        #[command(subcommand)]
        action: seats_projects::ProjectsAction,
    },
    /// 学位预测：模板、导入出生人口/学区对应/在校生/核定规模、回测、预测、导出
    Forecast {
        #[command(subcommand)]
        action: seats_forecast::ForecastAction,
    },
    /// 结对帮扶：列出、登记
    Pairing {
        #[command(subcommand)]
        action: pairing::PairingAction,
    },
    /// 三个课堂：导入课堂记录、按学校和学科统计接收课时与覆盖比例、写出模板
    Classroom {
        #[command(subcommand)]
        action: pairing::ClassroomAction,
    },
    /// 资格证、编制与岗位（区管校聘）、教师工资：政府保障第 8、10、12 项与有编不补预警
    Posts {
        #[command(subcommand)]
        action: teachers::posts::PostsAction,
    },
    /// 骨干梯队：各校与城乡的骨干人数、占比（目标 1/4）、较上一学年的增减（晋升、调入、新入职、降级、调出、离开）与乡村学科薄弱点
    Pipeline(teachers::pipeline::PipelineArgs),
    /// 社会认可度自测：新建、开放与结束问卷，发放一次性问卷码，导入问卷星答卷，查看结果
    Survey {
        #[command(subcommand)]
        action: survey::SurveyAction,
    },
    /// 督导评估：四个方面与一票否决的结论、差距清单，指标认定与数据录入（status、attest、withdraw、input、withdraw-input）
    Inspection {
        #[command(subcommand)]
        action: inspection::InspectionAction,
    },
    /// 挂图作战：按负责方与期限的整改任务、从差距清单生成任务、预算、整改计划、责任清单
    Board {
        #[command(subcommand)]
        action: board::BoardAction,
    },
    /// 劳动教育：劳动清单（区级与校本，版本、撤回、模板）、班级劳动记录、劳动基地与联盟
    Labour {
        #[command(subcommand)]
        action: labour::LabourAction,
    },
    /// 教师荣誉与师德：导入获奖、师德考核、骨干称号，撤回、模板、列出各校汇总
    Honours {
        #[command(subcommand)]
        action: teachers::honours::HonoursAction,
    },
    /// 五育覆盖：大课间、美育实践、特色学校、校园足球、研学的导入、查看、模板与本区目标
    Five {
        #[command(subcommand)]
        action: labour::FiveAction,
    },
    /// 学位：音乐美术专用教室、学校规模、班额三项政府保障指标，班级规模表的导入、撤回与模板
    Seats {
        #[command(subcommand)]
        action: seats::SeatsAction,
    },
    /// 校长、副校长任职：按任期规则（同一学校任满两届应交流）列出在任者，导入、撤回任职表，写出模板
    Leaders {
        #[command(subcommand)]
        action: teachers::leaders::LeadersAction,
    },
    /// 名师工作室、领雁工程、学科工作室、学科中心组：导入名册与成果、列出（成员、成果、对乡村学校的辐射）、模板、撤回
    Studios {
        #[command(subcommand)]
        action: teachers::studios::StudiosAction,
    },
    /// 师徒结对：导入、列出（结对范围、师傅带徒上限与资格、新教师覆盖；有问题时退出码为 1）、结束、撤回、模板
    Mentors {
        #[command(subcommand)]
        action: teachers::mentors::MentorsAction,
    },
    /// 继续教育：培训台账的导入、撤回与模板，各校培训经费，完成率与政府保障第 9 项、教育质量第 4 项
    Training {
        #[command(subcommand)]
        action: teachers::training::TrainingAction,
    },
    /// 责任督学：指派督学负责学区或教育集团，记录督导及发现的问题（每条发现生成整改任务），列出督导记录
    Supervision {
        #[command(subcommand)]
        action: supervision::SupervisionAction,
    },
    /// 年度综合考核：显示（总分、捆绑综合得分 G、三线、“集而不团”预警）、填写评分、定稿
    Review {
        #[command(subcommand)]
        action: review::ReviewAction,
    },
    /// 市级接收区县上报的数据包：核验签名和摘要后存为该区县的新版本（退出码：0 已接收，1 拒收，2 有误）
    Receive(package::ReceiveArgs),
    /// 学生与控辍保学：密钥、学籍导入、比率、学籍变动、个案、关注名单、四查三比对、四个一报表
    Students {
        #[command(subcommand)]
        action: students::StudentsAction,
    },
    /// 质量监测：考试、成绩导入（按学籍核对）、一分四率、标准分、比值赋分、校际差异率本地估算、增值评价、国家监测结果
    Exam {
        #[command(subcommand)]
        action: exam::ExamAction,
    },
    /// 学生健康：体质健康测试、视力筛查、心理测评的模板、导入、统计、评分表、心理个案、离校学生数据删除
    Health {
        #[command(subcommand)]
        action: health::HealthAction,
    },
    /// 学生数据的保留期限：查看或执行离校学生记录的精简
    Retention {
        #[command(subcommand)]
        action: students::RetentionAction,
    },
    /// 任务（整改）：列出、新建、验收关闭（关闭时复查来源）
    Task {
        #[command(subcommand)]
        action: task::TaskAction,
    },
}

/// What a successful command concluded.
pub enum Outcome {
    /// The district passes (exit 0).
    Pass,
    /// The district fails (exit 1).
    Fail,
    /// A command without a verdict finished (exit 0).
    Done,
}

/// Why a command failed (exit 2).
pub enum Failure {
    /// Bad input: the message says what and where, in Chinese.
    Input(String),
    /// Writing the output failed.
    Output(anyhow::Error),
}

/// Colours only for a terminal, and never when NO_COLOR is set.
pub fn color_enabled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = LIMITS.set(junheng_io::Limits::for_max_input(cli.max_input_mb << 20));
    let result = match &cli.command {
        Command::Evaluate(args) => evaluate::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Serve(args) => platform::serve(args),
        Command::Import(args) => platform::import(args),
        Command::User { action } => accounts::user(action),
        Command::Token { action } => accounts::token(action),
        Command::Backup(args) => platform::backup(args),
        Command::Restore(args) => platform::restore(args),
        Command::Rulebook(args) => rulebook::run(args),
        Command::Template(args) => template::run(args),
        Command::Lottery { action } => lottery::run(action),
        Command::Roster { action } => rotation::roster(action),
        Command::Ledger { action } => rotation::ledger(action),
        Command::Rotation { action } => rotation::rotation(action),
        Command::Plan { action } => rotation::plan(action),
        Command::District { action } => districts::district(action),
        Command::City { action } => districts::city_command(action),
        Command::Keys { action } => package::keys(action),
        Command::Package { action } => package::package(action),
        Command::ReportUp(args) => package::report_up(args),
        Command::Receive(args) => package::receive(args),
        Command::Map { action } => map::run(action),
        Command::Projects { action } => seats_projects::run(action),
        Command::Forecast { action } => seats_forecast::run(action),
        Command::Pairing { action } => pairing::pairing(action),
        Command::Classroom { action } => pairing::classroom(action),
        Command::Posts { action } => teachers::posts::run(action),
        Command::Seats { action } => seats::run(action),
        Command::Leaders { action } => teachers::leaders::run(action),
        Command::Pipeline(args) => teachers::pipeline::run(args),
        Command::Honours { action } => teachers::honours::run(action),
        Command::Survey { action } => survey::run(action),
        Command::Inspection { action } => inspection::run(action),
        Command::Labour { action } => labour::run(action),
        Command::Five { action } => labour::five(action),
        Command::Training { action } => teachers::training::run(action),
        Command::Students { action } => students::run(action),
        Command::Health { action } => health::run(action),
        Command::Exam { action } => exam::run(action),
        Command::Retention { action } => students::retention(action),
        Command::Task { action } => task::run(action),
        Command::Board { action } => board::run(action),
        Command::Evidence { action } => evidence::run(action),
        Command::Group { action } => group::run(action),
        Command::Supervision { action } => supervision::run(action),
        Command::Studios { action } => teachers::studios::run(action),
        Command::Mentors { action } => teachers::mentors::run(action),
        Command::Review { action } => review::run(action),
    };
    match result {
        Ok(Outcome::Pass | Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Fail) => ExitCode::from(1),
        Err(Failure::Input(message)) => {
            eprintln!("错误：{message}");
            ExitCode::from(2)
        }
        Err(Failure::Output(error)) => {
            eprintln!("错误：{error:#}");
            ExitCode::from(2)
        }
    }
}
