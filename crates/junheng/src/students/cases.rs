//! 控辍保学 from the command line: `students event`, `absence`, `refresh`, `watch`, `compare`
//! and `report monthly|quarterly`.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::pairings::Caller;
use junheng_app::students::cases::{record_absence, refresh as refresh_cases, watch_list};
use junheng_app::students::roster::{case_names, record_events};
use junheng_app::students::who::grade_label;
use junheng_core::student::StudentNumber;
use junheng_io::student::lists::ListKind;
use junheng_store::{DistrictStore, EventKind, NewStudentEvent};

use super::{KeyArgs, SettingsArgs, refused, school_code, today, write_private};
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

/// Who writes: the operator, recorded as `--as`.
#[derive(ClapArgs, Debug)]
pub struct Writer {
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct EventArgs {
    /// 学生：关注名单中的学生编号，或学籍号（需要密钥）
    #[arg(long, value_name = "ID")]
    pub student: String,
    /// 发生变动的学校的学校标识码
    #[arg(long, value_name = "CODE")]
    pub school: String,
    /// 变动类型：入学、转入、转出、休学、复学、辍学、死亡、毕业
    #[arg(long)]
    pub kind: String,
    /// 日期（YYYY-MM-DD）
    #[arg(long)]
    pub date: String,
    /// 学生当时的年级（1–9）
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=9))]
    pub grade: u8,
    /// 转入、转出的另一方（学校或地方）
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub place: String,
    /// 转出已由转入学校确认
    #[arg(long)]
    pub confirmed: bool,
    /// 备注
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct AbsenceArgs {
    /// 学生：关注名单中的学生编号，或学籍号（需要密钥）
    #[arg(long, value_name = "ID")]
    pub student: String,
    /// 学校标识码
    #[arg(long, value_name = "CODE")]
    pub school: String,
    /// 学生的年级（1–9）
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=9))]
    pub grade: u8,
    /// 缺勤开始日期（YYYY-MM-DD）
    #[arg(long)]
    pub date: String,
    /// 无故缺勤天数（1–365）
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub days: u32,
    /// 备注
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct RefreshArgs {
    /// 按这一天升级（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct WatchArgs {
    /// 只列这所学校的个案（学校标识码）
    #[arg(long, value_name = "CODE")]
    pub school: Option<String>,
    /// 按这一天计算（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// 显示学生姓名和部分学籍号（需要密钥；每次查看都会记录）
    #[arg(long, conflicts_with = "json")]
    pub names: bool,
    /// 以 JSON 输出（不含姓名）
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct CompareArgs {
    /// 名单类型：hukou（户籍适龄儿童）、poverty（脱贫户适龄子女）、attendance（在校学生）
    #[arg(long)]
    pub kind: String,
    /// 与哪一学年的学籍比对
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 名单文件（.xlsx、.xls、.ods 或 .csv；列：学籍号、姓名、出生日期、乡镇（街道）、备注）
    pub file: PathBuf,
    /// 比对结果（.xlsx；含姓名，仅所有者可读）
    #[arg(long, value_name = "RESULT.xlsx")]
    pub out: PathBuf,
    /// 比对日期（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(Subcommand, Debug)]
pub enum ReportAction {
    /// 学校控辍保学月报（学校一月一报告；含姓名，仅所有者可读）
    Monthly(MonthlyArgs),
    /// 区县控辍保学季度复核（县区一季度一复核；按学校，不含姓名）
    Quarterly(QuarterlyArgs),
}

#[derive(ClapArgs, Debug)]
pub struct MonthlyArgs {
    /// 学校标识码
    #[arg(long, value_name = "CODE")]
    pub school: String,
    /// 月份（YYYY-MM）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 输出文件（.xlsx）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// 区县自己的报表样式（.xlsx，单元格中写 {{字段}} 占位符）；默认内置样式
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// 报表日期（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct QuarterlyArgs {
    /// 年份（公历）
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 季度（1–4）
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub quarter: u8,
    /// 输出文件（.xlsx）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// 区县自己的报表样式（.xlsx，单元格中写 {{字段}} 占位符）；默认内置样式
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// 报表日期（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

/// The child `--student` names: an id as the watch list shows it, or a 学籍号 (keyed by its
/// pseudonym, which needs the keys).
async fn student(data: &DistrictStore, keys: &KeyArgs, text: &str) -> Result<i64, Failure> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>() {
        return Ok(id);
    }
    let number = StudentNumber::parse(text).map_err(|e| {
        Failure::Input(format!(
            "--student 应为学生编号（关注名单中的编号）或学籍号：{e}"
        ))
    })?;
    let keys = keys.require()?;
    data.student_id(&keys.pseudonym(&number))
        .await
        .map_err(store_error)?
        .ok_or_else(|| Failure::Input(format!("本区县学籍中没有学籍号 {} 的学生", number.masked())))
}

fn check_day(day: &str) -> Result<String, Failure> {
    today(Some(day))
}

pub fn event(args: &EventArgs) -> Result<Outcome, Failure> {
    let kind = EventKind::parse(args.kind.trim()).ok_or_else(|| {
        Failure::Input(format!(
            "变动类型“{}”应为 入学、转入、转出、休学、复学、辍学、死亡 或 毕业",
            args.kind
        ))
    })?;
    if kind == EventKind::Absence {
        return Err(Failure::Input(
            "无故缺勤请用 junheng students absence 登记（会开立缺勤待核个案）".into(),
        ));
    }
    let school = school_code(&args.school)?;
    let date = check_day(&args.date)?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let id = student(data, &args.keys, &args.student).await?;
        let event = NewStudentEvent {
            student: id,
            school: school.clone(),
            kind,
            on_date: date.clone(),
            grade: args.grade,
            other_place: args.place.trim().to_owned(),
            confirmed: args.confirmed,
            days: 0,
            note: args.note.trim().to_owned(),
        };
        record_events(data, &Caller::Operator(&actor), &[event])
            .await
            .map_err(refused)?;
        println!(
            "已登记学生 {id} 于 {date} 在 {school} {}{}{}",
            grade_label(args.grade),
            kind.label(),
            if args.place.trim().is_empty() {
                String::new()
            } else {
                format!("（{}）", args.place.trim())
            }
        );
        Ok(Outcome::Done)
    }))
}

pub fn absence(args: &AbsenceArgs) -> Result<Outcome, Failure> {
    let school = school_code(&args.school)?;
    let date = check_day(&args.date)?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let id = student(data, &args.keys, &args.student).await?;
        let case = record_absence(
            data,
            &Caller::Operator(&actor),
            id,
            &school,
            args.grade,
            &date,
            args.days,
            args.note.trim(),
        )
        .await
        .map_err(refused)?;
        let (c, ..) = data.dropout_case(case).await.map_err(store_error)?;
        println!(
            "已登记学生 {id} 自 {date} 起无故缺勤 {} 天；个案 {case}：{}（自 {}）",
            args.days,
            c.state.text(),
            c.state_since
        );
        Ok(Outcome::Done)
    }))
}

pub fn refresh(args: &RefreshArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    let today = today(args.today.as_deref())?;
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let done = refresh_cases(data, &today, &settings.dropout)
            .await
            .map_err(refused)?;
        println!(
            "{}按 {today} 的日历：升级个案 {} 次；为超过 {} 天未见转入的转出新开疑似失学个案 {} 个",
            district.name, done.escalated, settings.dropout.transfer_days, done.opened
        );
        Ok(Outcome::Done)
    }))
}

pub fn watch(args: &WatchArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    let today = today(args.today.as_deref())?;
    let school = args.school.as_deref().map(school_code).transpose()?;
    // Fail closed before anything is read.
    let keys = if args.names {
        Some(args.keys.require()?)
    } else {
        None
    };
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let caller = Caller::Operator(&actor);
        let list = watch_list(
            data,
            school.as_ref(),
            &today,
            &settings.dropout,
            &settings.risk,
        )
        .await
        .map_err(refused)?;
        if args.json {
            let text =
                serde_json::to_string_pretty(&list).map_err(|e| Failure::Output(e.into()))?;
            println!("{text}");
            return Ok(Outcome::Done);
        }
        let names = match &keys {
            Some(keys) if !list.is_empty() => {
                let cases: Vec<_> = list.iter().map(|w| &w.case).collect();
                case_names(data, Some(keys), &caller, &cases, "命令行")
                    .await
                    .map_err(refused)?
            }
            _ => Default::default(),
        };
        println!(
            "{}控辍保学关注名单（{today}{}）：未销号个案 {} 个，超时 {} 个{}",
            district.name,
            school
                .as_ref()
                .map_or_else(String::new, |s| format!("，学校 {s}")),
            list.len(),
            list.iter().filter(|w| w.breach.is_some()).count(),
            if args.names {
                "；姓名的查看已记录"
            } else {
                "（不显示姓名；--names 显示）"
            }
        );
        if list.is_empty() {
            return Ok(Outcome::Done);
        }
        let mut headers = vec![("个案", Align::Right), ("学生编号", Align::Right)];
        if args.names {
            headers.extend([("姓名", Align::Left), ("学籍号", Align::Left)]);
        }
        headers.extend([
            ("学校", Align::Left),
            ("年级", Align::Left),
            ("班级", Align::Left),
            ("状态", Align::Left),
            ("天数", Align::Right),
            ("风险", Align::Left),
            ("劝返", Align::Right),
            ("包保责任人", Align::Left),
            ("超时", Align::Left),
            ("下一步", Align::Left),
        ]);
        let mut t = Table::new(&headers);
        for w in &list {
            let mut row = vec![w.case.id.to_string(), w.case.student.to_string()];
            if args.names {
                let n = names.get(&w.case.student);
                row.push(n.map(|n| n.name.clone()).unwrap_or_default());
                row.push(n.map(|n| n.number_masked.clone()).unwrap_or_default());
            }
            row.extend([
                w.case.school.to_string(),
                grade_label(w.grade).to_owned(),
                w.class.clone(),
                w.case.state.text(),
                w.days_in_state.to_string(),
                format!("{} {}", w.risk.level.label(), w.risk.score),
                w.attempts.to_string(),
                w.case.owner.clone(),
                w.breach.clone().unwrap_or_default(),
                w.next_action.to_owned(),
            ]);
            t.row(row);
        }
        print!("{}", t.render(""));
        Ok(Outcome::Done)
    }))
}

pub fn compare(args: &CompareArgs) -> Result<Outcome, Failure> {
    let kind = ListKind::from_id(args.kind.trim()).ok_or_else(|| {
        Failure::Input(format!(
            "名单类型“{}”应为 hukou（户籍适龄儿童）、poverty（脱贫户适龄子女）或 attendance（在校学生）",
            args.kind
        ))
    })?;
    let keys = args.keys.require()?;
    let today = today(args.today.as_deref())?;
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let c = junheng_app::students::compare::compare(
            data,
            Some(&keys),
            &Caller::Operator(&actor),
            kind,
            args.year,
            &bytes,
            &name,
            &crate::limits(),
            &today,
        )
        .await
        .map_err(refused)?;
        write_private(&args.out, &c.workbook)?;
        println!(
            "{}：{}与 {} 学年学籍比对：名单 {} 人，一致 {} 人，需核查 {} 条 → {}（含姓名，仅所有者可读）",
            district.name,
            kind.label(),
            junheng_core::school::school_year(args.year),
            c.listed,
            c.matched,
            c.mismatches.len(),
            args.out.display()
        );
        Ok(Outcome::Done)
    }))
}

pub fn report(action: &ReportAction) -> Result<Outcome, Failure> {
    match action {
        ReportAction::Monthly(args) => monthly(args),
        ReportAction::Quarterly(args) => quarterly(args),
    }
}

fn template(path: Option<&PathBuf>) -> Result<Option<Vec<u8>>, Failure> {
    path.map(|p| crate::read_input(p)).transpose()
}

fn monthly(args: &MonthlyArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    let today = today(args.today.as_deref())?;
    let school = school_code(&args.school)?;
    let keys = args.keys.require()?;
    let layout = template(args.template.as_ref())?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let names = junheng_app::students::rates::school_names(data)
            .await
            .map_err(store_error)?;
        let school_name = names
            .get(&school)
            .cloned()
            .unwrap_or_else(|| school.to_string());
        let r = junheng_app::students::reports::monthly(
            data,
            Some(&keys),
            &Caller::Operator(&actor),
            &school,
            &school_name,
            args.month.trim(),
            &today,
            &settings,
        )
        .await
        .map_err(refused)?;
        let bytes = junheng_io::student::report::write_monthly_with(&r, layout.as_deref())
            .map_err(|e| Failure::Input(format!("报表样式有误：{e}")))?;
        write_private(&args.out, &bytes)?;
        println!(
            "已写出{school_name} {} 控辍保学月报：个案 {} 个 → {}（含姓名，仅所有者可读）",
            r.month,
            r.cases.len(),
            args.out.display()
        );
        Ok(Outcome::Done)
    }))
}

fn quarterly(args: &QuarterlyArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    let today = today(args.today.as_deref())?;
    let layout = template(args.template.as_ref())?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let names = junheng_app::students::rates::school_names(data)
            .await
            .map_err(store_error)?;
        let r = junheng_app::students::reports::quarterly(
            data,
            &Caller::Operator(&actor),
            &district.name,
            args.year,
            args.quarter,
            &today,
            &settings,
            &names,
        )
        .await
        .map_err(refused)?;
        let bytes = junheng_io::student::report::write_quarterly_with(&r, layout.as_deref())
            .map_err(|e| Failure::Input(format!("报表样式有误：{e}")))?;
        std::fs::write(&args.out, bytes).map_err(|e| {
            Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", args.out.display()))
        })?;
        let zero = r.schools.iter().filter(|s| s.zero).count();
        println!(
            "已写出{} {} 控辍保学复核：{} 所学校，其中动态清零 {} 所 → {}",
            district.name,
            r.quarter,
            r.schools.len(),
            zero,
            args.out.display()
        );
        Ok(Outcome::Done)
    }))
}
