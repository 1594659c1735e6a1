//! `exam create`, `list`, `template`, `import` and `withdraw`.

use std::path::PathBuf;

use clap::Args as ClapArgs;
use junheng_app::exams::import::{ExamIn, FileIn, create as create_exam, import_school, papers_of};
use junheng_app::exams::whole::import_exam_file;
use junheng_app::exams::{Refused, import::withdraw as withdraw_file};
use junheng_app::pairings::Caller;
use junheng_core::exam::Tenths;
use junheng_store::{ExamKind, ExamScope};

use super::{SettingsArgs, Writer, exam_named};
use crate::platform::{file_name, runtime, store_error};
use crate::students::{KeyArgs, refused, school_code, today};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct CreateArgs {
    /// 考试名称（如 2025学年八年级上期期末），本区县内唯一
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// 学年（2025 表示 2025–2026 学年）：学生按这一学年的学籍核对
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 考试日期（第一天，YYYY-MM-DD）
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// 年级（1–9）
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=9))]
    pub grade: u8,
    /// 类型：期末、统考、联考、监测（或 final、unified、joint、monitoring）
    #[arg(long, default_value = "期末")]
    pub kind: String,
    /// 范围：校内、区县、联考、全市（或 school、district、joint、city）
    #[arg(long, default_value = "区县")]
    pub scope: String,
    /// 科目和满分，如 --subject 语文:150 --subject 数学:150（可多次给出，按给出的顺序）
    #[arg(long = "subject", required = true, value_name = "科目:满分")]
    pub subjects: Vec<String>,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct TemplateArgs {
    /// 考试名称
    #[arg(long, value_name = "NAME")]
    pub exam: String,
    /// 输出文件（.xlsx）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 成绩文件：一所学校的成绩模板（.xlsx、.xls、.ods 或 .csv，UTF-8 或 GB18030，须给 --school），或整场考试的成绩长表（.csv 或 .parquet，不给 --school）
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 考试名称
    #[arg(long, value_name = "NAME")]
    pub exam: String,
    /// 学校标识码（导入一所学校的成绩模板时）；不给时文件为整场考试的成绩长表，各校一并导入
    #[arg(long, value_name = "CODE")]
    pub school: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 考试名称
    #[arg(long, value_name = "NAME")]
    pub exam: String,
    /// 学校标识码
    #[arg(long, value_name = "CODE")]
    pub school: String,
    /// 确认撤回（不给时只说明将撤回哪一版）
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub writer: Writer,
}

/// `科目:满分` (a full mark with at most one decimal).
fn subject(text: &str) -> Result<(String, Tenths), Failure> {
    let (name, full) = text.rsplit_once([':', '：']).ok_or_else(|| {
        Failure::Input(format!("--subject “{text}” 应写作 科目:满分，如 语文:150"))
    })?;
    let full = Tenths::parse(full).ok_or_else(|| {
        Failure::Input(format!(
            "--subject “{text}” 的满分应为数字，如 150 或 100.5"
        ))
    })?;
    Ok((name.trim().to_owned(), full))
}

pub fn create(args: &CreateArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    let date = today(Some(&args.date))?;
    let kind = ExamKind::parse(&args.kind).ok_or_else(|| {
        Failure::Input(format!(
            "--kind “{}” 应为 期末、统考、联考 或 监测",
            args.kind
        ))
    })?;
    let scope = ExamScope::parse(&args.scope).ok_or_else(|| {
        Failure::Input(format!(
            "--scope “{}” 应为 校内、区县、联考 或 全市",
            args.scope
        ))
    })?;
    let subjects = args
        .subjects
        .iter()
        .map(|s| subject(s))
        .collect::<Result<Vec<_>, _>>()?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let exam = ExamIn {
            name: &args.name,
            year: args.year,
            on_date: &date,
            grade: args.grade,
            kind,
            scope,
            subjects,
        };
        let e = create_exam(data, &Caller::Operator(&actor), &settings, &exam)
            .await
            .map_err(refused)?;
        let papers = papers_of(&e).map_err(refused)?;
        println!(
            "考试「{}」：{} 学年 {} 年级，{}，{}{}",
            e.name,
            e.year,
            e.grade,
            e.on_date,
            e.kind.label(),
            e.scope.label()
        );
        for p in papers {
            println!(
                "  {} 满分 {}：优秀 ≥ {}，良好 ≥ {}，及格 ≥ {}，低分 < {}",
                p.subject, p.full, p.lines.excellent, p.lines.good, p.lines.pass, p.lines.low
            );
        }
        Ok(Outcome::Done)
    }))
}

pub fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.writer.db.with_district(async |_, _, data| {
        let exams = data.exams().await.map_err(store_error)?;
        if exams.is_empty() {
            println!("还没有建立任何考试（用 junheng exam create 新建）");
        }
        for e in exams {
            let files = data.exam_files(e.id, false).await.map_err(store_error)?;
            let students: u64 = files.iter().map(|f| f.students).sum();
            println!(
                "{}\t{}\t{} 年级\t{}\t{} 所学校\t{students} 名学生",
                e.name,
                e.on_date,
                e.grade,
                e.kind.label(),
                files.len()
            );
        }
        Ok(Outcome::Done)
    }))
}

pub fn template(args: &TemplateArgs) -> Result<Outcome, Failure> {
    let xlsx = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return Err(Failure::Input(format!(
            "模板文件 {} 的扩展名应为 .xlsx",
            args.out.display()
        )));
    }
    let papers = runtime()?.block_on(args.writer.db.with_district(async |_, _, data| {
        let e = exam_named(data, &args.exam).await?;
        papers_of(&e).map_err(refused)
    }))?;
    std::fs::write(&args.out, junheng_io::exam::write_exam_template(&papers))
        .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", args.out.display())))?;
    println!(
        "已写出「{}」的成绩模板：{}",
        args.exam.trim(),
        args.out.display()
    );
    Ok(Outcome::Done)
}

pub fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let keys = args.keys.require()?;
    let school = args.school.as_deref().map(school_code).transpose()?;
    // A school's file is read whole; a whole exam's long file is streamed from its path.
    let bytes = match school {
        Some(_) => crate::read_input(&args.file)?,
        None => Vec::new(),
    };
    let name = file_name(&args.file);
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let e = exam_named(data, &args.exam).await?;
        let caller = Caller::Operator(&actor);
        let done = match &school {
            Some(school) => {
                let file = FileIn {
                    school,
                    name: &name,
                    bytes: &bytes,
                };
                import_school(data, &caller, Some(&keys), e.id, file).await
            }
            None => import_exam_file(data, &caller, Some(&keys), e.id, &args.file, &name).await,
        }
        .map_err(|e| match e {
            Refused::Problems(_) => refused(e),
            e => Failure::Input(format!("导入失败，未写入任何数据：{e}")),
        })?;
        for warning in &done.warnings {
            eprintln!("警告：{warning}");
        }
        for f in &done.files {
            let missing = done
                .missing
                .iter()
                .find(|(s, _)| *s == f.school)
                .map_or(0, |(_, n)| *n);
            println!(
                "已导入 {} {name} →「{}」第 {} 版：应考 {} 名，成绩 {} 条{}",
                f.school,
                e.name,
                f.version,
                f.students,
                f.sittings,
                if missing > 0 {
                    format!("；学籍中另有 {missing} 名学生没有成绩行，计为缺考")
                } else {
                    String::new()
                }
            );
        }
        Ok(Outcome::Done)
    }))
}

pub fn withdraw(args: &WithdrawArgs) -> Result<Outcome, Failure> {
    let school = school_code(&args.school)?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let e = exam_named(data, &args.exam).await?;
        let files = data.exam_files(e.id, true).await.map_err(store_error)?;
        let mine: Vec<_> = files.iter().filter(|f| f.school == school).collect();
        let Some(latest) = mine.last() else {
            return Err(Failure::Input(format!(
                "「{}」中没有学校 {school} 的成绩",
                e.name
            )));
        };
        if !args.yes {
            println!(
                "将撤回 {school} 在「{}」中的第 {} 版（{}，{} 名学生）；{}。确认请加 --yes",
                e.name,
                latest.version,
                latest.file_name,
                latest.students,
                if mine.len() > 1 {
                    format!("第 {} 版将重新生效", mine[mine.len() - 2].version)
                } else {
                    "该校将没有成绩".to_owned()
                }
            );
            return Ok(Outcome::Done);
        }
        let gone = withdraw_file(data, &Caller::Operator(&actor), e.id, &school)
            .await
            .map_err(refused)?;
        println!("已撤回 {school} 在「{}」中的第 {} 版", e.name, gone.version);
        Ok(Outcome::Done)
    }))
}
