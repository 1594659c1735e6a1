//! `health template` and `health import`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;
use junheng_app::health::import::{FileIn, round};
use junheng_app::health::{Imported, Refused, fitness, mental, vision};
use junheng_app::pairings::Caller;
use junheng_core::school::{SchoolCode, school_year};
use junheng_io::health::Issue;
use junheng_store::HealthKind;

use super::{Kind, SettingsArgs, Writer};
use crate::platform::{file_name, runtime};
use crate::students::{KeyArgs, school_code, today};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct TemplateArgs {
    /// 模板类型：fitness 体质健康测试、vision 视力筛查、mental 心理测评
    #[arg(value_enum)]
    pub kind: Kind,
    /// 输出文件（.xlsx）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 数据类型：fitness 体质健康测试、vision 视力筛查、mental 心理测评
    #[arg(value_enum)]
    pub kind: Kind,
    /// 数据文件（.xlsx、.xls、.ods 或 .csv，UTF-8 或 GB18030）；不给 --school 时可给多个文件，每个文件名以学校标识码开头（如 5001120001.csv）
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// 轮次名称（如 2024学年体质健康测试）；没有这个轮次时新建
    #[arg(long, value_name = "NAME")]
    pub round: String,
    /// 轮次所属学年（2024 表示 2024–2025 学年）：学生按这一学年的学籍核对
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 轮次日期（第一天，YYYY-MM-DD）
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// 学校标识码（须在本区县的学校统计数据中）；不给时取自文件名
    #[arg(long, value_name = "CODE")]
    pub school: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

pub fn template(args: &TemplateArgs) -> Result<Outcome, Failure> {
    let (bytes, what) = match args.kind {
        Kind::Fitness => (
            junheng_io::health::write_fitness_template(),
            "体质健康测试模板",
        ),
        Kind::Vision => (junheng_io::health::write_vision_template(), "视力筛查模板"),
        Kind::Mental => (junheng_io::health::write_mental_template(), "心理测评模板"),
        Kind::Scale => (junheng_io::health::write_scale_template(), "量表测评模板"),
    };
    let output = &args.out;
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

/// A file to import: its school, its name, its bytes.
struct Pending {
    school: SchoolCode,
    name: String,
    bytes: Vec<u8>,
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

/// Every file read into memory, each school once.
fn pending(args: &ImportArgs) -> Result<Vec<Pending>, Failure> {
    if args.school.is_some() && args.files.len() > 1 {
        return Err(Failure::Input(
            "--school 只对应一个文件；导入多所学校时不给 --school，每个文件名以学校标识码开头"
                .into(),
        ));
    }
    let mut out: Vec<Pending> = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let school = school_of(args, path)?;
        if out.iter().any(|p| p.school == school) {
            return Err(Failure::Input(format!(
                "学校 {school} 有多个文件：每所学校每轮导入一个文件"
            )));
        }
        out.push(Pending {
            bytes: crate::read_input(path)?,
            name: file_name(path),
            school,
        });
    }
    Ok(out)
}

/// Every file's format problems (each file read on the machine's cores), by file name.
fn format_problems(kind: Kind, files: &[&Pending]) -> BTreeMap<String, Vec<Issue>> {
    let limits = crate::limits();
    let found = junheng_core::parallel::each(files, |f| {
        let read = match kind {
            Kind::Fitness => {
                junheng_io::health::read_fitness_with(&f.bytes, &f.name, &limits).map(|_| ())
            }
            Kind::Vision => {
                junheng_io::health::read_vision_with(&f.bytes, &f.name, &limits).map(|_| ())
            }
            Kind::Mental => {
                junheng_io::health::read_mental_with(&f.bytes, &f.name, &limits).map(|_| ())
            }
            Kind::Scale => {
                junheng_io::health::read_scale_with(&f.bytes, &f.name, &limits).map(|_| ())
            }
        };
        read.err().map(|e| e.issues)
    });
    files
        .iter()
        .zip(found)
        .filter_map(|(f, issues)| issues.map(|i| (f.name.clone(), i)))
        .collect()
}

/// The problems of every file, each on a line under its file's name.
fn problems_failure(problems: BTreeMap<String, Vec<Issue>>) -> Failure {
    let count: usize = problems.values().map(Vec::len).sum();
    let mut text = format!(
        "导入失败，未写入任何数据：{} 个文件共 {count} 个问题",
        problems.len()
    );
    for (name, issues) in &problems {
        text.push_str(&format!("\n{name}：{} 个问题", issues.len()));
        for i in issues {
            text.push('\n');
            text.push_str(&i.to_string());
        }
    }
    Failure::Input(text)
}

/// A refusal of several files: the located problems of the file that stopped the import, with
/// those every other file's reading finds.
fn refused_files(kind: Kind, files: &[Pending], e: Refused) -> Failure {
    match e {
        Refused::Problems(f) => {
            let mut problems: BTreeMap<String, Vec<Issue>> = BTreeMap::new();
            for issue in f.issues {
                problems.entry(issue.file.clone()).or_default().push(issue);
            }
            let others: Vec<&Pending> = files
                .iter()
                .filter(|p| !problems.contains_key(&p.name))
                .collect();
            problems.extend(format_problems(kind, &others));
            problems_failure(problems)
        }
        e => Failure::Input(format!("导入失败，未写入任何数据：{e}")),
    }
}

/// A line of what a file's import did.
fn report(kind: HealthKind, round: &str, name: &str, done: &Imported) {
    for w in &done.warnings {
        eprintln!("警告：{w}");
    }
    let f = &done.file;
    let mut parts = vec![format!("{} 名学生", f.records)];
    if let Some(n) = done.replaced {
        parts.push(format!("替换上一版（{n} 名学生）"));
    }
    if !done.warnings.is_empty() {
        parts.push(format!("警告 {} 条", done.warnings.len()));
    }
    if kind == HealthKind::Mental {
        parts.push(format!("开立或提升心理个案 {} 个", done.cases));
    }
    println!(
        "已导入 {} {name} →「{round}」第 {} 版：{}",
        f.school,
        f.version,
        parts.join("；")
    );
}

pub fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let keys = args.keys.require()?;
    let settings = args.settings.load()?;
    let date = today(Some(&args.date))?;
    let name = args.round.trim().to_owned();
    if name.is_empty() {
        return Err(Failure::Input("--round 轮次名称不能为空".into()));
    }
    let files = pending(args)?;
    let kind = args.kind.health();
    let limits = crate::limits();
    // The district's instruments, checked before any file is read.
    let instruments = junheng_app::health::instruments::load(&settings.mental.instruments)
        .map_err(|e| Failure::Input(format!("健康设置的量表有误：{e}")))?;
    // 心理测评 files are imported one by one: every file's format is checked first.
    if args.kind.health() == HealthKind::Mental {
        let all: Vec<&Pending> = files.iter().collect();
        let problems = format_problems(args.kind, &all);
        if !problems.is_empty() {
            return Err(problems_failure(problems));
        }
    }
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let caller = Caller::Operator(&actor);
        let existed = data
            .health_rounds(kind)
            .await
            .map_err(crate::platform::store_error)?
            .iter()
            .any(|r| r.name == name);
        // A refusal after a new round was made says so: the round stays, without any file.
        let made = |f: Failure| match f {
            Failure::Input(text) if !existed => Failure::Input(format!(
                "{text}\n（已建立轮次「{name}」，其中还没有任何文件；改正后用同一名称重新导入）"
            )),
            f => f,
        };
        let r = round(data, &caller, kind, &name, args.year, &date)
            .await
            .map_err(|e| Failure::Input(format!("导入失败，未写入任何数据：{e}")))?;
        if r.year != args.year {
            return Err(Failure::Input(format!(
                "「{name}」是 {} 学年的{}，不是 {} 学年的：请核对 --year，或换一个轮次名称",
                school_year(r.year),
                kind.label(),
                school_year(args.year)
            )));
        }
        let done: Vec<(String, Imported)> = match args.kind {
            Kind::Fitness | Kind::Vision => {
                let inputs: Vec<FileIn<'_>> = files
                    .iter()
                    .map(|f| FileIn {
                        school: &f.school,
                        name: &f.name,
                        bytes: &f.bytes,
                    })
                    .collect();
                // Every file in one transaction: all of them or none.
                let imported = if args.kind == Kind::Fitness {
                    fitness::import_files(data, Some(&keys), &caller, &r, &inputs, &limits).await
                } else {
                    vision::import_files(data, Some(&keys), &caller, &r, &inputs, &limits).await
                };
                let imported = imported.map_err(|e| made(refused_files(args.kind, &files, e)))?;
                files.iter().map(|f| f.name.clone()).zip(imported).collect()
            }
            Kind::Mental | Kind::Scale => {
                let today = junheng_app::tasks::beijing_today();
                let mut done = Vec::with_capacity(files.len());
                for f in &files {
                    let one = if args.kind == Kind::Scale {
                        mental::import_scale(
                            data,
                            Some(&keys),
                            &caller,
                            &r,
                            &f.school,
                            &f.bytes,
                            &f.name,
                            &limits,
                            &settings.mental,
                            &instruments,
                            &today,
                        )
                        .await
                    } else {
                        mental::import(
                            data,
                            Some(&keys),
                            &caller,
                            &r,
                            &f.school,
                            &f.bytes,
                            &f.name,
                            &limits,
                            &settings.mental,
                            &today,
                        )
                        .await
                    };
                    match one {
                        Ok(d) => {
                            report(kind, &r.name, &f.name, &d);
                            done.push((f.name.clone(), d));
                        }
                        Err(e) => {
                            let before = if done.is_empty() {
                                "未写入任何数据".to_owned()
                            } else {
                                format!(
                                    "此前的 {} 个文件已导入，这个及之后的文件未导入",
                                    done.len()
                                )
                            };
                            let failure = match refused_files(args.kind, &files[..0], e) {
                                Failure::Input(text) => Failure::Input(format!(
                                    "{}：{}",
                                    f.name,
                                    text.replacen("未写入任何数据", &before, 1)
                                )),
                                other => other,
                            };
                            return Err(if done.is_empty() {
                                made(failure)
                            } else {
                                failure
                            });
                        }
                    }
                }
                done
            }
        };
        if args.kind.health() != HealthKind::Mental {
            for (file, d) in &done {
                report(kind, &r.name, file, d);
            }
        }
        if done.len() > 1 {
            let records: u64 = done.iter().map(|(_, d)| d.file.records).sum();
            let cases: usize = done.iter().map(|(_, d)| d.cases).sum();
            println!(
                "合计：{}导入 {} 个文件到「{}」（{} 学年{}），{records} 名学生{}",
                district.name,
                done.len(),
                r.name,
                school_year(r.year),
                kind.label(),
                if kind == HealthKind::Mental {
                    format!("，开立或提升心理个案 {cases} 个")
                } else {
                    String::new()
                }
            );
        }
        Ok(Outcome::Done)
    }))
}
