//! `junheng students keygen`: the two keys that protect children's data
//! (`junheng_store::StudentKeys`), written as two files only their owner may read, never into
//! the database. Importing students (issue 13) needs them.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};

use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum StudentsAction {
    /// 生成保护学生数据的两把密钥（加密密钥 seal.key、假名密钥 pseudonym.key），写入 --dir 目录，仅所有者可读；已存在时不覆盖
    Keygen(KeygenArgs),
}

#[derive(ClapArgs, Debug)]
pub struct KeygenArgs {
    /// 写入密钥的目录（应在数据库和备份之外，例如 /etc/junheng/keys）
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(action: &StudentsAction) -> Result<Outcome, Failure> {
    match action {
        StudentsAction::Keygen(args) => keygen(args),
    }
}

/// Writes `text` to a new file readable by its owner only; refuses an existing file.
fn write_new(path: &Path, text: &str) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::Input(format!(
                "{} 已存在，未覆盖：更换密钥请按 README“学生数据的密钥”中的轮换步骤进行",
                path.display()
            ))
        } else {
            Failure::Input(format!("无法写入 {}：{e}", path.display()))
        }
    })?;
    file.write_all(format!("{text}\n").as_bytes())
        .map_err(|e| Failure::Output(e.into()))
}

fn keygen(args: &KeygenArgs) -> Result<Outcome, Failure> {
    if !args.dir.is_dir() {
        return Err(Failure::Input(format!(
            "{} 不是已有的目录",
            args.dir.display()
        )));
    }
    let (seal_path, pseudonym_path) = (args.dir.join("seal.key"), args.dir.join("pseudonym.key"));
    for p in [&seal_path, &pseudonym_path] {
        if p.exists() {
            return Err(Failure::Input(format!(
                "{} 已存在，未覆盖：更换密钥请按 README“学生数据的密钥”中的轮换步骤进行",
                p.display()
            )));
        }
    }
    let (seal, pseudonym) = junheng_store::StudentKeys::generate();
    write_new(&seal_path, &seal)?;
    write_new(&pseudonym_path, &pseudonym)?;
    // Read back through the loader the server will use: the files are usable as written.
    let keys = junheng_store::StudentKeys::from_files(&seal_path, &pseudonym_path)
        .map_err(|e| Failure::Input(e.to_string()))?;
    println!(
        "已生成学生数据密钥（{keys:?}）：\n  加密密钥 {}\n  假名密钥 {}\n两把密钥仅所有者可读；请另行安全备份，切勿放入数据库备份。丢失加密密钥，学生姓名和学籍号将无法解开。",
        seal_path.display(),
        pseudonym_path.display()
    );
    Ok(Outcome::Done)
}
