//! `junheng rulebook`: the built-in rulebooks, to read or to copy into a provincial file.

use clap::{Args as ClapArgs, Subcommand};
use junheng_core::rulebook::Rulebook;

use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Subcommand, Debug)]
pub enum Action {
    /// 列出内置规则
    List,
    /// 打印内置规则的 TOML 原文（可复制后用 extends 改写为省级细则）
    Show {
        /// 规则 id，例如 cn-2017
        id: String,
    },
}

pub fn run(args: &Args) -> Result<Outcome, Failure> {
    match &args.action {
        Action::List => {
            let mut t = Table::new(&[
                ("id", Align::Left),
                ("版本", Align::Left),
                ("名称", Align::Left),
            ]);
            for id in Rulebook::builtin_ids() {
                let rb = Rulebook::builtin(id).map_err(|e| Failure::Input(e.to_string()))?;
                t.row(vec![rb.id, rb.version, rb.name]);
            }
            print!("{}", t.render(""));
        }
        Action::Show { id } => match Rulebook::builtin_source(id) {
            Some(text) => print!("{text}"),
            None => {
                let ids: Vec<&str> = Rulebook::builtin_ids().collect();
                return Err(Failure::Input(format!(
                    "没有名为「{id}」的内置规则；可用：{}",
                    ids.join("、")
                )));
            }
        },
    }
    Ok(Outcome::Done)
}
