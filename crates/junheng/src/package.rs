//! Reporting upward (数据上报) on the command line: `junheng keys` (a district's signing key and
//! the public key the city registers), `junheng package inspect` (verify and show a package),
//! `junheng report-up` (a district's year as a signed package), and on the city's side
//! `junheng district key add|revoke|list` and `junheng receive`.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use junheng_io::package::{
    DistrictCode, DistrictPublicKey, DistrictSigningKey, Manifest, Package, PublicKeyRecord,
    SECRET_KEY_FORMAT, Timestamp, read_package,
};

use junheng_app::packages::{self, PackageFailure};

use crate::accounts::ActorArg;
use crate::platform::{Database, DistrictDatabase, runtime, store_error};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum KeysAction {
    /// 生成区县签名密钥：写出私钥文件（权限 0600，已存在则拒绝覆盖，从不显示），并输出交市级登记的公钥
    Init {
        /// 本区县的行政区划代码（6 位数字，如 500112）
        #[arg(long)]
        district: String,
        /// 写出的私钥文件；保密，仅本区县保存和备份
        #[arg(short, long)]
        output: PathBuf,
        /// 同时把公钥写到此文件（交市级教育局登记）
        #[arg(long)]
        public_out: Option<PathBuf>,
    },
    /// 显示私钥文件或公钥文件的区县代码、指纹和公钥（从不显示私钥）
    Show {
        /// 私钥文件或公钥文件
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum PackageAction {
    /// 核验并显示数据包（退出码：0 核验通过，1 被改动、未签名或密钥不符，2 无法读取）
    Inspect {
        /// 数据包（.jhpkg）
        file: PathBuf,
        /// 区县的公钥文件：核验签名（不给出时只核对各部件摘要，签名不核验）
        #[arg(long)]
        key: Option<PathBuf>,
    },
}

pub fn keys(action: &KeysAction) -> Result<Outcome, Failure> {
    match action {
        KeysAction::Init {
            district,
            output,
            public_out,
        } => init(district, output, public_out.as_deref()),
        KeysAction::Show { file } => show(file),
    }
}

pub fn package(action: &PackageAction) -> Result<Outcome, Failure> {
    match action {
        PackageAction::Inspect { file, key } => inspect(file, key.as_deref()),
    }
}

fn refuse_existing(path: &Path, what: &str) -> Result<(), Failure> {
    if path.exists() {
        return Err(Failure::Input(format!(
            "{} 已存在：{what}不会被覆盖（覆盖私钥会使已在市级登记的公钥失效）；请换一个文件名。更换密钥时写到新文件，再把新公钥交市级登记",
            path.display()
        )));
    }
    Ok(())
}

/// Creates a file that does not exist yet, readable by its owner only.
fn create_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(content)?;
    file.sync_all()
}

fn init(district: &str, output: &Path, public_out: Option<&Path>) -> Result<Outcome, Failure> {
    let district = DistrictCode::parse(district).map_err(Failure::Input)?;
    refuse_existing(output, "私钥文件")?;
    if let Some(path) = public_out {
        refuse_existing(path, "公钥文件")?;
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| {
        Failure::Output(anyhow::anyhow!("无法从操作系统取得随机数以生成密钥（{e}）"))
    })?;
    let key = DistrictSigningKey::from_seed(district, seed);
    seed.fill(0);
    let written = |path: &Path, e: std::io::Error| {
        Failure::Output(anyhow::Error::from(e).context(format!("无法写入 {}", path.display())))
    };
    create_private(output, key.to_file().as_bytes()).map_err(|e| written(output, e))?;
    let public = key.public();
    if let Some(path) = public_out {
        let result = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(format!("{}\n", public.to_text()).as_bytes()));
        if let Err(e) = result {
            // Nothing half-made: a private key whose public key was not written is removed.
            let _ = std::fs::remove_file(output);
            return Err(written(path, e));
        }
    }
    eprintln!(
        "已生成区县 {} 的签名私钥：{}（权限 0600）。请妥善保管并备份，不要外传；丢失或泄露时重新生成并请市级吊销旧公钥",
        public.district(),
        output.display()
    );
    eprintln!("公钥指纹：{}", public.fingerprint());
    match public_out {
        Some(path) => eprintln!("公钥已写入 {}；请交市级教育局登记：", path.display()),
        None => eprintln!("请把下面一行公钥交市级教育局登记："),
    }
    println!("{}", public.to_text());
    Ok(Outcome::Done)
}

fn show(file: &Path) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(file)?;
    let bad =
        |e: junheng_io::package::KeyFileError| Failure::Input(format!("{}：{e}", file.display()));
    let (public, kind) = if bytes.starts_with(SECRET_KEY_FORMAT.as_bytes()) {
        let key = DistrictSigningKey::parse_file(&bytes).map_err(bad)?;
        (key.public(), "私钥文件（只显示其公钥）")
    } else {
        (DistrictPublicKey::parse(&bytes).map_err(bad)?, "公钥")
    };
    println!("类型：{kind}");
    println!("区县代码：{}", public.district());
    println!("指纹：{}", public.fingerprint());
    println!("公钥：{}", public.to_text());
    Ok(Outcome::Done)
}

/// The manifest as people read it, with each part's size and digest.
pub fn show_manifest(m: &Manifest) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: String| out.push_str(&format!("{label}：{value}\n"));
    line("格式", m.format.clone());
    line("区县", format!("{} {}", m.district.code, m.district.name));
    line("学年", junheng_core::school::school_year(m.school_year));
    line("序号", m.sequence.to_string());
    line("统计数据版本", m.statistics_version.to_string());
    line("生成时间", m.created_at.to_string());
    line("生成程序", m.producer.clone());
    line("签名密钥指纹", m.signing_key.clone());
    let mut t = Table::new(&[
        ("部件", Align::Left),
        ("字节", Align::Right),
        ("SHA-256", Align::Left),
    ]);
    for p in &m.parts {
        t.row(vec![p.name.clone(), p.size.to_string(), p.sha256.clone()]);
    }
    out.push_str(&t.render(""));
    out
}

/// What a verified package holds, in one line.
fn show_contents(package: &Package) -> String {
    let c = &package.contents;
    let moves: u64 = c.ledger.rows.iter().map(|r| u64::from(r.moves)).sum();
    let rulebook = serde_json::from_str::<serde_json::Value>(&c.evaluation)
        .ok()
        .and_then(|v| {
            v.get("rulebook")
                .and_then(|r| r.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let unresolved = if c.ledger.unresolved > 0 {
        format!(
            "（另有 {} 条无法与花名册对应，未计入）",
            c.ledger.unresolved
        )
    } else {
        String::new()
    };
    format!(
        "内容：学校 {} 所；花名册计数 {} 行；交流轮岗 {} 组共 {moves} 人次{unresolved}；评估规则 {rulebook}",
        c.statistics.len(),
        c.roster.len(),
        c.ledger.rows.len(),
    )
}

/// A refusal: exit 1 (printed) when the package was tampered with, unsigned or foreign, exit 2
/// when it is not a readable package.
pub fn refused(file: &Path, e: &junheng_io::package::PackageError) -> Result<Outcome, Failure> {
    if e.is_refusal() {
        println!("核验未通过：{e}（{}）", e.code());
        Ok(Outcome::Fail)
    } else {
        Err(Failure::Input(format!(
            "{}：{e}（{}）",
            file.display(),
            e.code()
        )))
    }
}

fn inspect(file: &Path, key: Option<&Path>) -> Result<Outcome, Failure> {
    let public = match key {
        Some(path) => Some(
            DistrictPublicKey::parse(&crate::read_input(path)?)
                .map_err(|e| Failure::Input(format!("{}：{e}", path.display())))?,
        ),
        None => None,
    };
    let bytes = crate::read_input(file)?;
    let unverified = match read_package(&bytes, &crate::limits()) {
        Ok(read) => read,
        Err(e) => return refused(file, &e),
    };
    print!("{}", show_manifest(unverified.manifest()));
    let Some(public) = public else {
        println!("各部件的大小和摘要与清单一致。");
        println!("签名未核验：未给出公钥（--key 区县公钥文件）；接收前须用市级登记的公钥核验。");
        return Ok(Outcome::Pass);
    };
    let now = Timestamp::parse(&junheng_store::rfc3339(std::time::SystemTime::now()))
        .expect("the store's timestamps parse");
    // The key given counts as registered since ever and never revoked.
    let record = PublicKeyRecord {
        key: public,
        registered_at: Timestamp::parse("1970-01-01T00:00:00.000Z").expect("a valid time"),
        revoked_at: None,
    };
    match unverified.verify_against(std::slice::from_ref(&record), &now) {
        Ok(package) => {
            println!("{}", show_contents(&package));
            println!(
                "核验通过：签名有效（区县 {} 的密钥，指纹 {}），各部件摘要一致，不含个人层面的数据。",
                record.district(),
                record.fingerprint()
            );
            Ok(Outcome::Pass)
        }
        Err(e) => refused(file, &e),
    }
}

/// `junheng report-up`: a district's school year as a signed package.
#[derive(clap::Args, Debug)]
pub struct ReportUpArgs {
    /// 上报的学年（如 2024）
    #[arg(long)]
    pub year: i32,
    /// 写出的数据包（如 渝北区-2024.jhpkg；已存在则拒绝覆盖）
    #[arg(short, long)]
    pub output: PathBuf,
    /// 本区县的签名私钥文件（junheng keys init 生成）
    #[arg(long)]
    pub key: PathBuf,
    /// 评估规则：内置规则名或规则文件（与 evaluate 相同）
    #[arg(long, default_value = "cn-2017")]
    pub rulebook: String,
    /// 数据包中的区县名称（默认取数据库中的区县名称）
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub actor: ActorArg,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

/// `junheng receive`: a package from a district, verified and stored.
#[derive(clap::Args, Debug)]
pub struct ReceiveArgs {
    /// 区县上报的数据包（.jhpkg）
    pub file: PathBuf,
    #[command(flatten)]
    pub actor: ActorArg,
    #[command(flatten)]
    pub db: Database,
}

#[derive(Subcommand, Debug)]
pub enum DistrictKeyAction {
    /// 登记区县公钥；该区县正在使用的公钥随之停用（更换密钥即登记新公钥）
    Add {
        /// 区县代码
        code: String,
        /// 区县交来的公钥文件（junheng keys init 输出的一行）
        #[arg(long)]
        key: PathBuf,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 吊销区县公钥：此后用它签名的数据包一律拒收
    Revoke {
        /// 区县代码
        code: String,
        /// 要吊销的公钥指纹（16 位十六进制）
        #[arg(long)]
        fingerprint: String,
        /// 吊销原因（如 私钥泄露、笔记本遗失）
        #[arg(long)]
        why: String,
        #[command(flatten)]
        actor: ActorArg,
        #[command(flatten)]
        db: Database,
    },
    /// 列出登记的公钥及其历史（给出区县代码则只列该区县）
    List {
        /// 区县代码
        code: Option<String>,
        #[command(flatten)]
        db: Database,
    },
}

fn signing_key(path: &Path) -> Result<DistrictSigningKey, Failure> {
    let bytes = crate::read_input(path)?;
    DistrictSigningKey::parse_file(&bytes)
        .map_err(|e| Failure::Input(format!("{}：{e}", path.display())))
}

fn app_failure(e: PackageFailure) -> Failure {
    Failure::Input(format!("{e}（{}）", e.code()))
}

pub fn report_up(args: &ReportUpArgs) -> Result<Outcome, Failure> {
    refuse_existing(&args.output, "数据包")?;
    let key = signing_key(&args.key)?;
    let rulebook = crate::evaluate::load_rulebook(&args.rulebook)?;
    let producer = format!("junheng {}", env!("CARGO_PKG_VERSION"));
    let reported = runtime()?.block_on(args.db.with_district(async |_, district, data| {
        packages::report_up(
            data,
            district,
            &key,
            args.year,
            &rulebook,
            args.name.as_deref(),
            &producer,
            &args.actor.actor(),
        )
        .await
        .map_err(app_failure)
    }))?;
    let write = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.output)
        .and_then(|mut f| {
            f.write_all(&reported.bytes)?;
            f.sync_all()
        });
    if let Err(e) = write {
        return Err(Failure::Output(anyhow::Error::from(e).context(format!(
            "无法写入 {}（第 {} 号已记入数据库，重新制作时序号顺延）",
            args.output.display(),
            reported.manifest.sequence
        ))));
    }
    print!("{}", show_manifest(&reported.manifest));
    println!(
        "内容：学校 {} 所；花名册计数 {} 行；交流轮岗 {} 组",
        reported.schools, reported.roster_rows, reported.ledger_rows
    );
    eprintln!(
        "已写出数据包：{}（{} 学年第 {} 号，已签名）。请交市级教育局接收（junheng receive）",
        args.output.display(),
        reported.manifest.school_year,
        reported.manifest.sequence
    );
    Ok(Outcome::Done)
}

pub fn receive(args: &ReceiveArgs) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(&args.file)?;
    let name = crate::platform::file_name(&args.file);
    let result = runtime()?.block_on(args.db.with_store(async |store| {
        Ok(packages::receive(
            store,
            &bytes,
            &name,
            None,
            &crate::limits(),
            &args.actor.actor(),
        )
        .await)
    }))?;
    match result {
        Ok(r) => {
            let p = &r.package;
            println!(
                "已接收：{} {} {} 学年第 {} 号数据包（密钥 {}），学校 {} 所，存为该学年统计数据第 {} 版",
                r.district.code,
                r.district.name,
                p.year,
                p.sequence,
                p.fingerprint,
                r.import.rows,
                r.import.version
            );
            Ok(Outcome::Done)
        }
        Err(PackageFailure::Package(e)) if e.is_refusal() => {
            eprintln!("拒收：{e}（{}）。未写入任何数据", e.code());
            Ok(Outcome::Fail)
        }
        Err(e) => Err(Failure::Input(format!(
            "{}：未接收，未写入任何数据。{e}（{}）",
            args.file.display(),
            e.code()
        ))),
    }
}

pub fn district_key(action: &DistrictKeyAction) -> Result<Outcome, Failure> {
    match action {
        DistrictKeyAction::Add {
            code,
            key,
            actor,
            db,
        } => {
            let bytes = crate::read_input(key)?;
            runtime()?.block_on(db.with_store(async |store| {
                let (d, k) = packages::register_key(store, code, &bytes, &actor.actor())
                    .await
                    .map_err(store_error)?;
                println!(
                    "已登记 {} {} 的公钥，指纹 {}；此前使用的公钥（如有）已停用",
                    d.code, d.name, k.fingerprint
                );
                Ok(Outcome::Done)
            }))
        }
        DistrictKeyAction::Revoke {
            code,
            fingerprint,
            why,
            actor,
            db,
        } => runtime()?.block_on(db.with_store(async |store| {
            let (d, k) = packages::revoke_key(store, code, fingerprint, why, &actor.actor())
                .await
                .map_err(store_error)?;
            println!(
                "已吊销 {} {} 的公钥 {}：此后用它签名的数据包一律拒收",
                d.code, d.name, k.fingerprint
            );
            Ok(Outcome::Done)
        })),
        DistrictKeyAction::List { code, db } => runtime()?.block_on(db.with_store(async |store| {
            let keys = packages::keys(store, code.as_deref())
                .await
                .map_err(store_error)?;
            let mut t = Table::new(&[
                ("区县", Align::Left),
                ("指纹", Align::Left),
                ("状态", Align::Left),
                ("登记时间", Align::Left),
                ("登记人", Align::Left),
                ("停用时间", Align::Left),
                ("停用原因", Align::Left),
            ]);
            if keys.is_empty() {
                println!("没有登记的公钥");
                return Ok(Outcome::Done);
            }
            for (d, k) in keys {
                t.row(vec![
                    format!("{} {}", d.code, d.name),
                    k.fingerprint.clone(),
                    if k.in_use() { "使用中" } else { "已停用" }.to_owned(),
                    k.registered_at.clone(),
                    k.registered_by.clone(),
                    k.revoked_at.clone().unwrap_or_default(),
                    k.revoke_reason.clone().unwrap_or_default(),
                ]);
            }
            print!("{}", t.render(""));
            Ok(Outcome::Done)
        })),
    }
}
