//! `user bulk`: every school's account at once. Without `--yes` it lists what it would create
//! and skip; with it, it creates the accounts and prints the slips (CSV or printable text) with
//! each school's one-time password — printed once, stored only as a hash.

use std::path::Path;

use junheng_app::Authority;
use junheng_app::users::bulk::{self, BulkPlan};
use junheng_server::{hash_password, one_time_password};

use super::ActorArg;
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::{Failure, Outcome};

/// The note every slip carries.
const FIRST_LOGIN: &str = "首次登录须修改密码";

fn print_plan(plan: &BulkPlan) {
    println!(
        "{} 学年学校数据：将创建 {} 个学校账号，跳过 {} 所学校",
        plan.year,
        plan.create.len(),
        plan.skipped.len()
    );
    for a in &plan.create {
        println!("创建\t{}\t{}", a.code, a.school);
    }
}

fn print_skipped(plan: &BulkPlan) {
    for s in &plan.skipped {
        eprintln!("跳过\t{}\t{}\t{}", s.code, s.school, s.reason);
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

pub(super) fn bulk(
    codes_file: Option<&Path>,
    site: &str,
    format: &str,
    yes: bool,
    actor: &ActorArg,
    db: &DistrictDatabase,
) -> Result<Outcome, Failure> {
    if !matches!(format, "csv" | "text") {
        return Err(Failure::Input("--format 应为 csv 或 text".into()));
    }
    let site = site.trim();
    if site.is_empty() {
        return Err(Failure::Input(
            "--site 不能为空：请填写各校登录的平台网址".into(),
        ));
    }
    let codes = match codes_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| Failure::Input(format!("无法读取 {}：{e}", path.display())))?
                .lines()
                .map(|l| l.trim().trim_start_matches('\u{feff}').to_owned())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>(),
        ),
        None => None,
    };
    runtime()?.block_on(db.with_district(async |store, district, _| {
        let plan = bulk::plan(store, district, codes.as_deref())
            .await
            .map_err(store_error)?;
        print_skipped(&plan);
        if !yes {
            print_plan(&plan);
            println!("以上为预览，未创建任何账号；确认无误后加 --yes 再运行一次");
            return Ok(Outcome::Done);
        }
        let mut accounts = Vec::with_capacity(plan.create.len());
        let mut passwords = Vec::with_capacity(plan.create.len());
        for account in plan.create {
            let password = one_time_password();
            let hash =
                hash_password(&password).map_err(|e| Failure::Output(anyhow::anyhow!(e)))?;
            passwords.push(password);
            accounts.push((account, hash));
        }
        bulk::create_all(
            store,
            Authority::Operator,
            district,
            &accounts,
            &actor.actor(),
        )
        .await
        .map_err(store_error)?;
        if format == "csv" {
            println!("学校标识码,学校名称,登录名,一次性密码,网址,提示");
        }
        for ((account, _), password) in accounts.iter().zip(&passwords) {
            let (code, school) = (account.code.as_str(), account.school.as_str());
            if format == "csv" {
                println!(
                    "{code},{},{code},{password},{},{FIRST_LOGIN}",
                    csv(school),
                    csv(site)
                );
            } else {
                println!(
                    "{school}\n  网址：{site}\n  登录名：{code}\n  一次性密码：{password}\n  {FIRST_LOGIN}\n{}",
                    "-".repeat(40)
                );
            }
        }
        eprintln!(
            "已创建 {} 个学校账号；一次性密码只输出这一次，请妥善保存并分发",
            accounts.len()
        );
        Ok(Outcome::Done)
    }))
}
