//! `junheng evidence add|list|get`: documents of evidence (佐证材料) attached to a record of a
//! district, through the same operations as the web pages (`junheng_app::evidence`): the file is
//! checked by content, a new upload of the same record and title is its next version, every
//! download is audited. The command line's operator may attach to and read every record.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::evidence::{self as app, Caller, Upload};
use junheng_core::record::RecordRef;
use junheng_io::evidence::DEFAULT_MAX_BYTES;
use junheng_store::Evidence;

use crate::platform::{DistrictDatabase, file_name, runtime};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum EvidenceAction {
    /// 上传一份佐证材料：挂到一条记录（学校、教育集团、督导发现、任务……）的某个材料名称下；同名再次上传即为新版本
    Add(AddArgs),
    /// 列出佐证材料：一条记录的全部版本，或全区县的全部材料
    List(ListArgs),
    /// 取出一份佐证材料（按编号），写入文件；每次取出都记入审计日志
    Get(GetArgs),
}

/// The record a document belongs to.
#[derive(ClapArgs, Debug)]
pub struct RecordArgs {
    /// 记录类型：school、group、zone、finding、supervision_item、teacher、task、gap、warning、pairing、review
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// 记录标识：学校标识码、集团名称、记录编号……
    #[arg(long, value_name = "KEY")]
    pub key: String,
}

#[derive(ClapArgs, Debug)]
pub struct AddArgs {
    /// 材料文件：PDF、PNG、JPEG、WebP、.docx、.xlsx、.pptx、.doc、.xls、.odt、.ods、.odp
    pub file: PathBuf,
    #[command(flatten)]
    pub record: RecordArgs,
    /// 材料名称，如 集团章程、三年发展规划、考核奖励办法
    #[arg(long, value_name = "TITLE")]
    pub title: String,
    /// 备注
    #[arg(long, default_value = "")]
    pub note: String,
    /// 文件大小上限（MB，默认 20）
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_BYTES >> 20,
          value_parser = clap::value_parser!(u64).range(1..=100))]
    pub max_mb: u64,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ListArgs {
    /// 记录类型（与 --key 一起给出；都不给出则列出全区县的材料）
    #[arg(long, value_name = "KIND", requires = "key")]
    pub kind: Option<String>,
    /// 记录标识
    #[arg(long, value_name = "KEY", requires = "kind")]
    pub key: Option<String>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct GetArgs {
    /// 材料编号（evidence list 的第一列）
    pub id: i64,
    /// 写入的文件（默认：当前目录下该材料的文件名；已存在的文件不会被覆盖）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

fn record(kind: &str, key: &str) -> Result<RecordRef, Failure> {
    RecordRef::parse(kind, key).map_err(|e| Failure::Input(e.to_string()))
}

fn refused(e: app::Refused) -> Failure {
    Failure::Input(format!("佐证材料：{e}"))
}

pub fn run(action: &EvidenceAction) -> Result<Outcome, Failure> {
    match action {
        EvidenceAction::Add(args) => add(args),
        EvidenceAction::List(args) => list(args),
        EvidenceAction::Get(args) => get(args),
    }
}

fn add(args: &AddArgs) -> Result<Outcome, Failure> {
    let record = record(&args.record.kind, &args.record.key)?;
    let max = args.max_mb << 20;
    let path = &args.file;
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max => {
            return Err(Failure::Input(format!(
                "{} 超过 {} MB 的上限：请压缩图片或拆分文档后再上传",
                path.display(),
                args.max_mb
            )));
        }
        Ok(_) => {}
        Err(e) => return Err(Failure::Input(format!("无法读取 {}：{e}", path.display()))),
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Input(format!("无法读取 {}：{e}", path.display())))?;
    let name = file_name(path);
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let upload = Upload {
            record: &record,
            title: &args.title,
            note: &args.note,
        };
        let stored = app::attach_file(data, &Caller::Operator(&actor), &upload, &name, bytes, max)
            .await
            .map_err(refused)?;
        println!(
            "已保存佐证材料 #{}：{} “{}” 第 {} 版，{}（{} 字节，SHA-256 {}）",
            stored.id,
            stored.record,
            stored.title,
            stored.version,
            stored.file_name,
            stored.size,
            stored.sha256
        );
        Ok(Outcome::Done)
    }))
}

fn list(args: &ListArgs) -> Result<Outcome, Failure> {
    let record = match (&args.kind, &args.key) {
        (Some(kind), Some(key)) => Some(record(kind, key)?),
        _ => None,
    };
    runtime()?.block_on(args.db.with_district(async |_store, district, data| {
        let operator = junheng_store::Actor::system();
        let caller = Caller::Operator(&operator);
        let documents = match &record {
            Some(r) => app::documents(data, &caller, r, true).await,
            None => app::visible(data, &caller).await,
        }
        .map_err(refused)?;
        if args.json {
            let text =
                serde_json::to_string_pretty(&documents).map_err(|e| Failure::Output(e.into()))?;
            println!("{text}");
            return Ok(Outcome::Done);
        }
        if documents.is_empty() {
            println!("{}没有佐证材料", district.name);
            return Ok(Outcome::Done);
        }
        println!("{}", table(&documents));
        Ok(Outcome::Done)
    }))
}

fn table(documents: &[Evidence]) -> String {
    let mut t = Table::new(&[
        ("编号", Align::Right),
        ("记录", Align::Left),
        ("材料名称", Align::Left),
        ("版本", Align::Right),
        ("文件", Align::Left),
        ("字节", Align::Right),
        ("上传人", Align::Left),
        ("上传时间", Align::Left),
    ]);
    for e in documents {
        t.row(vec![
            e.id.to_string(),
            format!("{} {}", e.record.kind.label(), e.record.key),
            e.title.clone(),
            e.version.to_string(),
            e.file_name.clone(),
            e.size.to_string(),
            e.uploaded_by.clone(),
            junheng_core::date::beijing_text(&e.uploaded_at),
        ]);
    }
    t.render("")
}

fn get(args: &GetArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let caller = Caller::Operator(&actor);
        // The file name is known, and checked, before the bytes are read (and the read audited).
        let described = app::describe(data, &caller, args.id)
            .await
            .map_err(refused)?;
        let path = args
            .output
            .clone()
            .unwrap_or_else(|| PathBuf::from(&described.file_name));
        if path.exists() {
            return Err(Failure::Input(format!(
                "{} 已存在：请用 -o 指定另一个文件名",
                path.display()
            )));
        }
        let (document, bytes) = app::open(data, &caller, args.id).await.map_err(refused)?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Failure::Input(format!("无法创建 {}：{e}", path.display())))?;
        file.write_all(&bytes)
            .and_then(|()| file.flush())
            .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", path.display())))?;
        println!(
            "已取出佐证材料 #{}（{} “{}” 第 {} 版，{} 字节）到 {}",
            document.id,
            document.record,
            document.title,
            document.version,
            bytes.len(),
            path.display()
        );
        Ok(Outcome::Done)
    }))
}
