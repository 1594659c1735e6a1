//! `junheng students keygen`: the two keys that protect children's data
//! (`junheng_store::StudentKeys`), written as two files only their owner may read, never into
//! the database. Importing students (issue 13) needs them.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;

use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct KeygenArgs {
    /// 写入密钥的目录（应在数据库和备份之外，例如 /etc/junheng/keys）
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
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

pub fn keygen(args: &KeygenArgs) -> Result<Outcome, Failure> {
    if !args.dir.is_dir() {
        return Err(Failure::Input(format!(
            "{} 不是已有的目录",
            args.dir.display()
        )));
    }
    let (keys, seal_path, pseudonym_path) = generate_into(&args.dir)?;
    println!(
        "已生成学生数据密钥（{keys:?}）：\n  加密密钥 {}\n  假名密钥 {}\n两把密钥仅所有者可读；请另行安全备份，切勿放入数据库备份。丢失加密密钥，学生姓名和学籍号将无法解开。",
        seal_path.display(),
        pseudonym_path.display()
    );
    Ok(Outcome::Done)
}

/// Writes two new keys into `dir` as `seal.key` and `pseudonym.key` (owner-only; an existing
/// file is refused, nothing overwritten) and reads them back through the loader the server
/// uses; returns the keys and the two paths.
pub(crate) fn generate_into(
    dir: &Path,
) -> Result<(junheng_store::StudentKeys, PathBuf, PathBuf), Failure> {
    let (seal_path, pseudonym_path) = (dir.join(SEAL_FILE), dir.join(PSEUDONYM_FILE));
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
    Ok((keys, seal_path, pseudonym_path))
}

/// The sealing key's file in a keys directory.
pub(crate) const SEAL_FILE: &str = "seal.key";
/// The pseudonym key's file in a keys directory.
pub(crate) const PSEUDONYM_FILE: &str = "pseudonym.key";
