//! `students import`, `students template`, `students list-template`.

use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use junheng_app::classroom::digest;
use junheng_app::pairings::Caller;
use junheng_app::students::Refused;
use junheng_app::students::import::{Imported, Read, import_reads, read};
use junheng_core::school::SchoolCode;
use junheng_io::student::StudentFile;

use super::{KeyArgs, refused, school_code};
use crate::platform::{DistrictDatabase, file_name, runtime};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 学籍文件（.xlsx、.xls、.ods 或 .csv，UTF-8 或 GB18030）；不给 --school 时可给多个文件，每个文件名以学校标识码开头（如 5001120001.csv）
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// 学校标识码（须在本区县的学校统计数据中）；不给时取自文件名
    #[arg(long, value_name = "CODE")]
    pub school: Option<String>,
    /// 学年（2024 表示 2024–2025 学年）
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 民办学校（默认公办）
    #[arg(long)]
    pub private: bool,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct OutArgs {
    /// 输出文件（.xlsx）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn template(args: &OutArgs) -> Result<Outcome, Failure> {
    write_template(
        &args.out,
        &junheng_io::student::write_template(),
        "学籍模板",
    )
}

pub fn list_template(args: &OutArgs) -> Result<Outcome, Failure> {
    write_template(
        &args.out,
        &junheng_io::student::lists::write_list_template(),
        "四查三比对名单模板",
    )
}

/// Writes a template workbook; only to an .xlsx file.
fn write_template(output: &Path, bytes: &[u8], what: &str) -> Result<Outcome, Failure> {
    let xlsx = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !xlsx {
        return Err(Failure::Input(format!(
            "模板文件 {} 的扩展名应为 .xlsx",
            output.display()
        )));
    }
    std::fs::write(output, bytes)
        .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", output.display())))?;
    println!("已写出{what}：{}", output.display());
    Ok(Outcome::Done)
}

/// The school a file is for: `--school`, else the 10 digits its name starts with.
fn school_of(args: &ImportArgs, path: &Path) -> Result<SchoolCode, Failure> {
    if let Some(code) = &args.school {
        return school_code(code);
    }
    let name = file_name(path);
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    SchoolCode::parse(&digits).map_err(|_| {
        Failure::Input(format!(
            "文件名 {name} 不以学校标识码开头：请用 --school 给出学校标识码，或把文件命名为 学校标识码.csv"
        ))
    })
}

/// A file to import: its school, its name, and what reading it gave.
struct Pending {
    school: SchoolCode,
    name: String,
    read: Option<(StudentFile, String)>,
}

/// A file's problems, each on a line under its name.
fn problems_text(name: &str, e: Refused) -> String {
    match e {
        Refused::Problems(f) => {
            let lines: Vec<String> = f.issues.iter().map(|i| i.to_string()).collect();
            format!("{name}：{} 个问题\n{}", f.issue_count(), lines.join("\n"))
        }
        e => format!("{name}：{e}"),
    }
}

/// Reads and checks every file before anything is written: each file read once, on the
/// machine's cores (files being independent); the problems of every file, each located.
fn check_all(args: &ImportArgs) -> Result<Vec<Pending>, Failure> {
    if args.school.is_some() && args.files.len() > 1 {
        return Err(Failure::Input(
            "--school 只对应一个文件；导入多所学校时不给 --school，每个文件名以学校标识码开头"
                .into(),
        ));
    }
    let mut pending = Vec::with_capacity(args.files.len());
    let mut seen = std::collections::HashSet::new();
    for path in &args.files {
        let school = school_of(args, path)?;
        if !seen.insert(school.clone()) {
            return Err(Failure::Input(format!(
                "学校 {school} 有多个文件：每所学校每学年导入一个文件"
            )));
        }
        pending.push((
            crate::read_input(path)?,
            Pending {
                school,
                name: file_name(path),
                read: None,
            },
        ));
    }
    let limits = crate::limits();
    // Files are independent: read on the machine's cores; each outcome is the file and its
    // SHA-256, or why it was refused.
    let outcomes = junheng_core::parallel::each(&pending, |(bytes, p)| {
        read(bytes, &p.name, &limits).map(|file| (file, digest(bytes)))
    });
    let one = pending.len() == 1;
    let mut failures = Vec::new();
    for (i, outcome) in outcomes.into_iter().enumerate() {
        match outcome {
            Ok(read) => pending[i].1.read = Some(read),
            // One file: its problems as a single file's are told.
            Err(e) if one => return Err(refused(e)),
            Err(e) => failures.push((i, problems_text(&pending[i].1.name, e))),
        }
    }
    if failures.is_empty() {
        return Ok(pending.into_iter().map(|(_, p)| p).collect());
    }
    failures.sort();
    let text: Vec<String> = failures.into_iter().map(|(_, t)| t).collect();
    Err(Failure::Input(format!(
        "导入失败，未写入任何数据：{} 个文件有问题。\n{}",
        text.len(),
        text.join("\n")
    )))
}

pub fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let keys = args.keys.require()?;
    let mut pending = check_all(args)?;
    let public = !args.private;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let caller = Caller::Operator(&actor);
        let count = pending.len();
        let reads: Vec<(SchoolCode, Read<'_>)> = pending
            .iter_mut()
            .map(|p| {
                let (file, sha256) = p.read.take().expect("every file was read");
                let read = Read {
                    file,
                    name: &p.name,
                    sha256,
                };
                (p.school.clone(), read)
            })
            .collect();
        // Every file in one transaction: all of them or none.
        let done: Vec<Imported> =
            import_reads(data, Some(&keys), &caller, args.year, public, reads)
                .await
                .map_err(|e| match e {
                    Refused::Problems(_) => refused(e),
                    e => Failure::Input(format!("导入失败，未写入任何数据：{e}")),
                })?;
        let (files, children) = (done.len(), done.iter().map(|d| d.import.students).sum::<u64>());
        for done in &done {
            for w in &done.warnings {
                eprintln!("警告：{w}");
            }
            if count <= 20 {
                let total = done.import.counts.total(None);
                println!(
                    "已导入{} {} {} 学年学籍（{}）第 {} 版：{} 名学生（男 {}，随迁 {}，残疾 {}，留守 {}，寄宿 {}）{}",
                    district.name,
                    done.import.school,
                    junheng_core::school::school_year(args.year),
                    if public { "公办" } else { "民办" },
                    done.import.version,
                    done.import.students,
                    total.male,
                    total.migrant,
                    total.disabled,
                    total.left_behind,
                    total.boarding,
                    done.replaced
                        .map_or_else(String::new, |n| format!("；替换上一版（{n} 名学生）"))
                );
            }
        }
        if count > 1 {
            println!(
                "合计：{}导入 {files} 所学校 {} 学年学籍，{children} 名学生",
                district.name,
                junheng_core::school::school_year(args.year)
            );
        }
        Ok(Outcome::Done)
    }))
}
