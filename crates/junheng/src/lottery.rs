//! `junheng lottery`: the verifiable enrollment lottery (随机派位) — templates, freeze, draw,
//! verify, simulate.
//!
//! `freeze` seals the bureau's tables with a lottery key: what it publishes (the frozen inputs,
//! then the audit pack) names applicants only by their 公示编号; the key and the receipts
//! (报名号, 公示编号, 回执校验码) stay with the bureau.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use junheng_io::lottery::engine::{
    self, AuditPack, Inputs, LotteryKey, Probabilities, Version, Witness, freeze, simulation_seed,
};
use junheng_io::lottery::{
    APPLICANT_COLUMNS, ImportFailure, Names, ReadOptions, SEAT_COLUMNS, ZONE_COLUMNS, check_names,
    names_from_key, read_inputs, read_key, read_pack, read_paths_with, read_receipts,
    read_registrations, write_probabilities, write_receipts, write_results, write_template,
};

use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum Action {
    /// 派位模板（学区、学位计划、报名）：列出各列，或写出空白模板到目录
    Template {
        /// 写出空白模板的目录（各表的 .xlsx 和 .csv）
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 冻结报名名单：校验三张表，用派位密钥把报名号换成公示编号，写出可公示的规范名单（打印其
    /// SHA-256 摘要）、保密的密钥文件和交给各家庭的回执表
    Freeze(FreezeArgs),
    /// 派位：由名单摘要和见证人输入值生成随机种子，写出审计包（及结果表）
    Draw(DrawArgs),
    /// 核验审计包（新格式 /2 及旧格式 /1）：重新派位并逐字节比对（退出码：0 核验通过，1 不符，2 文件有误）
    Verify(VerifyArgs),
    /// 模拟多次派位，给出各学校、各学区优先级组的录取概率
    Simulate(SimulateArgs),
}

#[derive(ClapArgs, Debug)]
pub struct FreezeArgs {
    /// 学区表（.xlsx .xls .ods .csv）
    #[arg(long)]
    zones: PathBuf,
    /// 学位计划表
    #[arg(long)]
    seats: PathBuf,
    /// 报名表（报名号不得含身份证号，不能以 = + - @ 开头）
    #[arg(long)]
    applicants: PathBuf,
    /// 派位名称，记入名单，如「2025年某区小学一年级多校划片派位」
    #[arg(long, default_value = "")]
    title: String,
    /// 优先级标签，依次对应 0、1、2……（数字始终可用；公示名单只含数字）
    #[arg(long, value_delimiter = ',', default_value = "三对口,随迁子女,其他")]
    tiers: Vec<String>,
    /// 写出的规范名单（JSON，可公示：只含公示编号，不含报名号）
    #[arg(short, long)]
    output: PathBuf,
    /// 新生成的派位密钥写到此文件（权限 0600，已存在则拒绝覆盖）；保密，不得公开
    #[arg(
        long,
        required_unless_present = "key_file",
        conflicts_with = "key_file"
    )]
    key_out: Option<PathBuf>,
    /// 沿用已有的派位密钥文件（而不新生成）
    #[arg(long)]
    key_file: Option<PathBuf>,
    /// 写出的回执表（.xlsx 或 .csv：报名号、公示编号、回执校验码……）；交各家庭，不得公开
    #[arg(long)]
    receipts: PathBuf,
}

#[derive(ClapArgs, Debug)]
pub struct DrawArgs {
    /// 冻结的名单（freeze 写出的 JSON）
    frozen: PathBuf,
    /// 见证人及其输入值「角色:姓名:值」或「角色:值」，按输入顺序进入种子；可重复
    #[arg(long = "witness", required = true)]
    witnesses: Vec<String>,
    /// 公示的名单摘要：与名单不符时拒绝派位
    #[arg(long)]
    expect_digest: Option<String>,
    /// 写出的审计包（JSON，可公示）
    #[arg(short, long)]
    output: PathBuf,
    /// 同时写出结果表（.xlsx：录取结果、候补、公办兜底；或 .csv）；默认只列公示编号
    #[arg(long)]
    results: Option<PathBuf>,
    /// 本次 freeze 写出的回执表：结果表中同时列出报名号（教育局自存，不得公开）
    #[arg(long, requires = "results", conflicts_with = "key_file")]
    receipts: Option<PathBuf>,
    /// 派位密钥文件，与 --applicants 一起代替 --receipts
    #[arg(long, requires_all = ["results", "applicants"])]
    key_file: Option<PathBuf>,
    /// 报名表（与 --key-file 一起：由报名号重新计算公示编号）
    #[arg(long, requires = "key_file")]
    applicants: Option<PathBuf>,
}

#[derive(ClapArgs, Debug)]
pub struct VerifyArgs {
    /// 审计包（JSON）
    pack: PathBuf,
    /// 派位前公示的名单：核对审计包所附名单与之一致
    #[arg(long)]
    inputs: Option<PathBuf>,
}

#[derive(ClapArgs, Debug)]
pub struct SimulateArgs {
    /// 冻结的名单（JSON）
    frozen: PathBuf,
    /// 模拟次数
    #[arg(long, default_value_t = 1000)]
    draws: u32,
    /// 模拟种子文字（基准种子 = SHA-256(文字)；每 1000 次为一批，第 k 批的种子由基准种子和 k 导出）
    #[arg(long)]
    seed: String,
    /// 写出概率表（.xlsx：学校、学区优先级、报名者；或 .csv）
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(action: &Action) -> Result<Outcome, Failure> {
    match action {
        Action::Template { output } => template(output.as_deref()),
        Action::Freeze(args) => freeze_files(args),
        Action::Draw(args) => draw(args),
        Action::Verify(args) => verify(args),
        Action::Simulate(args) => simulate(args),
    }
}

fn output_error(path: &Path) -> impl FnOnce(anyhow::Error) -> Failure + '_ {
    move |e| Failure::Output(e.context(format!("无法写入 {}", path.display())))
}

/// A file read within the input cap (`--max-input-mb`).
fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    crate::read_input(path)
}

/// A file of the lottery read with `read` (strict UTF-8); errors name the file.
fn read_file<T>(
    path: &Path,
    read: fn(&[u8]) -> Result<T, junheng_io::lottery::FileError>,
) -> Result<T, Failure> {
    read(&read_bytes(path)?).map_err(|e| Failure::Input(format!("{}：{e}", path.display())))
}

/// Frozen inputs: version 2 (公示编号) required unless `old` is allowed.
fn read_frozen(path: &Path, old: bool) -> Result<Inputs, Failure> {
    let inputs = read_file(path, read_inputs)?;
    if inputs.version() == Version::V1 && !old {
        return Err(Failure::Input(format!(
            "{} 是旧格式名单（{}），直接列出报名号等个人信息，不能再用于派位；请用本版本的 \
             junheng lottery freeze 重新冻结（报名号换成公示编号），并重新公示名单和摘要",
            path.display(),
            Version::V1.inputs_format()
        )));
    }
    Ok(inputs)
}

fn table_failure(what: &str, f: &ImportFailure) -> Failure {
    for w in &f.warnings {
        eprintln!("提示：{w}");
    }
    let hint = if f.issues.iter().any(|i| i.code.ends_with(".file_too_large")) {
        format!("\n{}", crate::size_hint())
    } else {
        String::new()
    };
    Failure::Input(format!("{what}有 {} 个问题：\n{f}{hint}", f.issue_count()))
}

fn template(output: Option<&Path>) -> Result<Outcome, Failure> {
    let Some(dir) = output else {
        for (name, columns) in [
            ("学区", ZONE_COLUMNS),
            ("学位计划", SEAT_COLUMNS),
            ("报名", APPLICANT_COLUMNS),
        ] {
            println!("【{name}】");
            let mut t = Table::new(&[
                ("列名", Align::Left),
                ("必填", Align::Left),
                ("类型", Align::Left),
                ("示例", Align::Left),
                ("说明", Align::Left),
            ]);
            for c in columns {
                let required = if c.required { "是" } else { "" };
                t.row(vec![
                    c.header.into(),
                    required.into(),
                    c.kind.into(),
                    c.example.into(),
                    c.note.into(),
                ]);
            }
            println!("{}", t.render("  "));
        }
        return Ok(Outcome::Done);
    };
    let written = write_template(dir)
        .map_err(anyhow::Error::from)
        .map_err(output_error(dir))?;
    for path in written {
        eprintln!("已写出空白模板：{}", path.display());
    }
    Ok(Outcome::Done)
}

/// 32 bytes from the operating system's generator.
fn new_key() -> Result<LotteryKey, Failure> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        Failure::Output(anyhow::anyhow!(
            "无法从操作系统取得随机数以生成派位密钥（{e}）"
        ))
    })?;
    Ok(LotteryKey::from_bytes(bytes))
}

/// Creates the key file: never over an existing file, readable by its owner only.
fn write_key_file(path: &Path, key: &LotteryKey) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(key.to_file().as_bytes())?;
    file.sync_all()
}

fn freeze_files(args: &FreezeArgs) -> Result<Outcome, Failure> {
    let options = ReadOptions {
        title: args.title.clone(),
        tiers: args.tiers.iter().map(|t| t.trim().to_owned()).collect(),
    };
    let loaded = read_paths_with(
        &args.zones,
        &args.seats,
        &args.applicants,
        &options,
        &crate::limits(),
    )
    .map_err(|f| table_failure("名单", &f))
    .map_err(|f| match f {
        Failure::Input(m) => Failure::Input(format!("{m}\n未冻结，未写出任何文件。")),
        other => other,
    })?;
    for w in &loaded.warnings {
        eprintln!("提示：{w}");
    }
    let (key, new_key_path) = match (&args.key_file, &args.key_out) {
        (Some(path), _) => (read_file(path, read_key)?, None),
        (None, Some(path)) => {
            if path.exists() {
                return Err(Failure::Input(format!(
                    "{} 已存在：派位密钥文件不会被覆盖（覆盖会使已公示名单的公示编号无法再查询）；\
                     请换一个文件名，或用 --key-file 沿用它",
                    path.display()
                )));
            }
            (new_key()?, Some(path))
        }
        (None, None) => unreachable!("clap requires --key-out or --key-file"),
    };
    let (sealed, frozen) =
        junheng_app::lottery::seal_and_freeze(&loaded.inputs, &key).map_err(Failure::Input)?;
    if let Some(path) = new_key_path {
        write_key_file(path, &key)
            .map_err(anyhow::Error::from)
            .map_err(output_error(path))?;
    }
    let outputs = std::fs::write(&args.output, &frozen.canonical)
        .map_err(anyhow::Error::from)
        .map_err(output_error(&args.output))
        .and_then(|()| {
            write_receipts(
                &loaded.inputs,
                &sealed.receipts,
                &options.tiers,
                &args.receipts,
            )
            .map_err(anyhow::Error::from)
            .map_err(output_error(&args.receipts))
        });
    if let Err(e) = outputs {
        // Nothing half-written: a key without its published list is of no use.
        for path in [Some(&args.output), Some(&args.receipts), new_key_path]
            .into_iter()
            .flatten()
        {
            let _ = std::fs::remove_file(path);
        }
        return Err(e);
    }
    let i = &loaded.inputs;
    println!(
        "名单已冻结：{}（只含公示编号，可公示）",
        args.output.display()
    );
    println!(
        "学区 {} 个，学校 {} 所，报名 {} 人",
        i.zones.len(),
        i.schools.len(),
        i.applicants.len()
    );
    println!("名单摘要（SHA-256）：{}", frozen.digest);
    match (new_key_path, &args.key_file) {
        (Some(path), _) => println!("派位密钥（新生成）：{}", path.display()),
        (None, Some(path)) => println!("派位密钥（沿用）：{}", path.display()),
        (None, None) => {}
    }
    println!(
        "回执表：{}（含报名号和回执校验码，逐户交给家庭，不得公开）",
        args.receipts.display()
    );
    println!(
        "请在派位前公示名单文件和摘要；派位密钥请离线保管，不得公开，家长查询派位结果需要它。"
    );
    Ok(Outcome::Done)
}

/// `角色:姓名:值` or `角色:值` (ASCII or full-width colons).
fn parse_witness(text: &str) -> Result<Witness, Failure> {
    let parts: Vec<&str> = text.splitn(3, [':', '：']).collect();
    let (role, name, value) = match parts.as_slice() {
        [role, value] => (*role, "", *value),
        [role, name, value] => (*role, *name, *value),
        _ => {
            return Err(Failure::Input(format!(
                "见证人「{text}」应写作「角色:姓名:值」或「角色:值」，如「人大代表:张三:4711」"
            )));
        }
    };
    Ok(Witness {
        role: role.trim().to_owned(),
        name: name.trim().to_owned(),
        value: value.to_owned(),
    })
}

/// 公示编号 → 报名号 for the bureau's results workbook: from the receipts, or from the key and
/// the 报名 table; checked against the inputs.
fn names(args: &DrawArgs, inputs: &Inputs) -> Result<Option<Names>, Failure> {
    let names = match (&args.receipts, &args.key_file, &args.applicants) {
        (Some(path), _, _) => read_receipts(path).map_err(|f| table_failure("回执表", &f))?,
        (None, Some(key_path), Some(table)) => {
            let key = read_file(key_path, read_key)?;
            if inputs.key_commitment.as_deref() != Some(key.commitment().as_str()) {
                return Err(Failure::Input(format!(
                    "{} 不是冻结 {} 时所用的派位密钥",
                    key_path.display(),
                    args.frozen.display()
                )));
            }
            let registrations =
                read_registrations(table).map_err(|f| table_failure("报名表", &f))?;
            names_from_key(&key, &registrations)
        }
        _ => return Ok(None),
    };
    check_names(&names, inputs).map_err(Failure::Input)?;
    Ok(Some(names))
}

fn draw(args: &DrawArgs) -> Result<Outcome, Failure> {
    let inputs = read_frozen(&args.frozen, false)?;
    let frozen = freeze(&inputs).map_err(|e| Failure::Input(format!("名单有误：{e}")))?;
    if let Some(expected) = &args.expect_digest
        && !expected.trim().eq_ignore_ascii_case(&frozen.digest)
    {
        return Err(Failure::Input(format!(
            "名单摘要不符：公示摘要为 {}，{} 的摘要为 {}——名单在公示后被改动，拒绝派位",
            expected.trim(),
            args.frozen.display(),
            frozen.digest
        )));
    }
    let witnesses = args
        .witnesses
        .iter()
        .map(|w| parse_witness(w))
        .collect::<Result<Vec<_>, _>>()?;
    let names = names(args, &inputs)?;
    let pack = engine::draw(&inputs, &witnesses).map_err(|e| Failure::Input(e.to_string()))?;
    std::fs::write(&args.output, pack.to_json())
        .map_err(anyhow::Error::from)
        .map_err(output_error(&args.output))?;
    if let Some(path) = &args.results {
        write_results(&inputs, &pack.results, names.as_ref(), path)
            .map_err(anyhow::Error::from)
            .map_err(output_error(path))?;
        let whose = if names.is_some() {
            "列出报名号，教育局自存，不得公开"
        } else {
            "只列公示编号"
        };
        println!("结果表：{}（{whose}）", path.display());
    }
    let placed = pack.results.placed();
    println!(
        "审计包：{}（{}，可公示）",
        args.output.display(),
        pack.algorithm
    );
    println!("名单摘要：{}", pack.inputs_digest);
    println!("随机种子：{}", pack.seed);
    println!("结果摘要：{}", pack.results_digest);
    println!(
        "报名 {} 人，录取 {placed} 人，公办兜底 {} 人",
        pack.results.applicants.len(),
        pack.results.fallback.len()
    );
    Ok(Outcome::Done)
}

fn verify(args: &VerifyArgs) -> Result<Outcome, Failure> {
    let pack: AuditPack = read_file(&args.pack, read_pack)?;
    let result = match &args.inputs {
        Some(path) => engine::verify_against(&pack, &read_frozen(path, true)?),
        None => engine::verify(&pack),
    };
    match result {
        Ok(()) => {
            println!("核验通过");
            println!(
                "算法 {}，名单摘要 {}，随机种子 {}，结果摘要 {}；见证人 {} 位，报名 {} 人，录取 {} 人",
                pack.algorithm,
                pack.inputs_digest,
                pack.seed,
                pack.results_digest,
                pack.witnesses.len(),
                pack.results.applicants.len(),
                pack.results.placed()
            );
            Ok(Outcome::Pass)
        }
        Err(e) => {
            println!("核验失败：{e}");
            Ok(Outcome::Fail)
        }
    }
}

/// Draws per block; block k uses base seed `simulation_seed(SHA-256(TEXT), k)`.
const BLOCK: u32 = 1000;

fn simulate(args: &SimulateArgs) -> Result<Outcome, Failure> {
    if args.draws == 0 {
        return Err(Failure::Input("模拟次数应至少为 1".into()));
    }
    let inputs = read_frozen(&args.frozen, true)?;
    freeze(&inputs).map_err(|e| Failure::Input(format!("名单有误：{e}")))?;
    let base = engine::parse_hex32(&engine::sha256_hex(args.seed.as_bytes())).expect("hex");
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let blocks = args.draws.div_ceil(BLOCK);
    let bar =
        ProgressBar::with_draw_target(Some(u64::from(args.draws)), ProgressDrawTarget::hidden());
    if blocks > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("模拟派位 {bar:40} {pos}/{len} 次（{eta}）")
                .expect("template"),
        );
    }
    let mut total: Option<Probabilities> = None;
    for k in 0..blocks {
        let n = BLOCK.min(args.draws - k * BLOCK);
        let p = engine::simulate(&inputs, n, &simulation_seed(&base, u64::from(k)), threads)
            .map_err(|e| Failure::Input(e.to_string()))?;
        total = Some(match total {
            None => p,
            Some(t) => merge(t, &p),
        });
        bar.inc(u64::from(n));
    }
    bar.finish_and_clear();
    let p = total.expect("at least one block");
    print_probabilities(&inputs, &p);
    if let Some(path) = &args.output {
        write_probabilities(&p, inputs.version(), path)
            .map_err(anyhow::Error::from)
            .map_err(output_error(path))?;
        println!("概率表：{}", path.display());
    }
    Ok(Outcome::Done)
}

/// Combines two simulations of the same inputs: every figure is a mean over draws.
fn merge(mut a: Probabilities, b: &Probabilities) -> Probabilities {
    let (wa, wb) = (f64::from(a.draws), f64::from(b.draws));
    let mix = |x: &mut f64, y: f64| *x = (*x * wa + y * wb) / (wa + wb);
    for (x, y) in a.applicants.iter_mut().zip(&b.applicants) {
        mix(&mut x.placed, y.placed);
        mix(&mut x.first_choice, y.first_choice);
    }
    for (x, y) in a.groups.iter_mut().zip(&b.groups) {
        mix(&mut x.placed, y.placed);
        mix(&mut x.first_choice, y.first_choice);
    }
    for (x, y) in a.schools.iter_mut().zip(&b.schools) {
        mix(&mut x.first_choice, y.first_choice);
        mix(&mut x.mean_admitted, y.mean_admitted);
        mix(&mut x.full, y.full);
        for (s, t) in x.by_tier.iter_mut().zip(&y.by_tier) {
            mix(&mut s.probability, t.probability);
        }
    }
    a.draws += b.draws;
    a
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn print_probabilities(inputs: &Inputs, p: &Probabilities) {
    println!("模拟派位 {} 次", p.draws);
    println!("\n【各学校】");
    let mut t = Table::new(&[
        ("学校代码", Align::Left),
        ("学校名称", Align::Left),
        ("学区", Align::Left),
        ("计划数", Align::Right),
        ("第一志愿人数", Align::Right),
        ("第一志愿录取概率", Align::Right),
        ("各优先级", Align::Left),
        ("满额概率", Align::Right),
    ]);
    for s in &p.schools {
        let name = inputs
            .schools
            .iter()
            .find(|x| x.id == s.id)
            .map_or("", |x| x.name.as_str());
        let tiers: Vec<String> = s
            .by_tier
            .iter()
            .map(|b| format!("{}:{}", b.tier, pct(b.probability)))
            .collect();
        t.row(vec![
            s.id.clone(),
            name.into(),
            s.zone.clone(),
            s.capacity.to_string(),
            s.first_choice_applicants.to_string(),
            pct(s.first_choice),
            tiers.join(" "),
            pct(s.full),
        ]);
    }
    print!("{}", t.render("  "));
    println!("\n【各学区、各优先级】（优先级 0 最优先）");
    let mut t = Table::new(&[
        ("学区", Align::Left),
        ("优先级", Align::Right),
        ("人数", Align::Right),
        ("录取概率", Align::Right),
        ("第一志愿录取概率", Align::Right),
    ]);
    for g in &p.groups {
        t.row(vec![
            g.zone.clone(),
            g.tier.to_string(),
            g.applicants.to_string(),
            pct(g.placed),
            pct(g.first_choice),
        ]);
    }
    print!("{}", t.render("  "));
}
