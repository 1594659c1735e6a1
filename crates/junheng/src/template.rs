//! `junheng template`: the school statistics template, described or written empty.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args as ClapArgs;
use junheng_io::school::{COLUMNS, write_csv, write_xlsx};

use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// 写出空白模板（.xlsx 或 .csv）；不给出时在终端列出模板各列
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<Outcome, Failure> {
    let Some(path) = &args.output else {
        let mut t = Table::new(&[
            ("列名", Align::Left),
            ("字段", Align::Left),
            ("必填", Align::Left),
            ("类型", Align::Left),
            ("说明", Align::Left),
        ]);
        for c in COLUMNS {
            let required = if c.required { "是" } else { "" };
            t.row(vec![
                c.header.into(),
                c.field.into(),
                required.into(),
                c.kind.into(),
                c.note.into(),
            ]);
        }
        print!("{}", t.render(""));
        return Ok(Outcome::Done);
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let written = match extension.as_deref() {
        Some("xlsx") => write_xlsx(&[], path).map_err(anyhow::Error::from),
        Some("csv") => std::fs::File::create(path)
            .map_err(anyhow::Error::from)
            .and_then(|mut f| write_csv(&[], &mut f).map_err(anyhow::Error::from)),
        _ => {
            return Err(Failure::Input(format!(
                "模板文件 {} 的扩展名应为 .xlsx 或 .csv",
                path.display()
            )));
        }
    };
    written
        .with_context(|| format!("无法写入 {}", path.display()))
        .map_err(Failure::Output)?;
    eprintln!("已写出空白模板：{}", path.display());
    Ok(Outcome::Done)
}
