//! `roster template|import` and `ledger template|import`.

use std::path::Path;

use junheng_core::school::school_year;
use junheng_rotation::reconcile;
use junheng_store::{Actor, District, Store};

use super::{ImportArgs, RosterImportArgs, actor, mismatch_table, statistics};
use crate::evaluate::read_checked;
use crate::platform::{file_name, runtime, store_error};
use crate::{Failure, Outcome};

/// Rows past which reading shows a progress bar.
const SHOW_PROGRESS_ABOVE: u64 = 20_000;

const NOTHING_WRITTEN: &str = "未写入任何数据";

/// The audit actor `--as` names.
async fn actor_of(store: &Store, district: &District, args: &ImportArgs) -> Result<Actor, Failure> {
    actor(store, district, args.login.as_deref()).await
}

/// Writes a template workbook; only to an .xlsx file.
pub fn template(output: &Path, bytes: fn() -> Vec<u8>) -> Result<Outcome, Failure> {
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
    std::fs::write(output, bytes())
        .map_err(|e| Failure::Output(anyhow::anyhow!("无法写入 {}：{e}", output.display())))?;
    eprintln!("已写出空白模板：{}", output.display());
    Ok(Outcome::Done)
}

/// Validates the whole file, replaces the roster of every year in it, then reconciles each year
/// with its statistics (differences are a warning, not a failure).
pub fn import_roster(roster_args: &RosterImportArgs) -> Result<Outcome, Failure> {
    let args = &roster_args.import;
    let options = roster_args.versions.options();
    let imported = read_checked(
        &args.file,
        SHOW_PROGRESS_ABOVE,
        |p: &Path, progress: &mut dyn FnMut(u64, u64)| {
            junheng_io::teacher::read_path_with(p, &crate::limits(), progress)
        },
        |r| &r.warnings,
        NOTHING_WRITTEN,
    )?;
    let by_year = junheng_app::rotation::by_year(imported.teachers.clone());
    if by_year.is_empty() {
        return Err(Failure::Input(format!(
            "{} 中没有任何教师，{NOTHING_WRITTEN}",
            args.file.display()
        )));
    }
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = actor_of(store, district, args).await?;
        let compared =
            junheng_app::rotation::compare_roster(data, imported.teachers.clone(), &options)
                .await
                .map_err(store_error)?;
        // Every year of the file in one transaction: all or none.
        let stored = junheng_app::rotation::import_roster(
            data,
            imported.teachers,
            &file_name(&args.file),
            &options,
            &actor,
        )
        .await
        .map_err(store_error)?;
        for (v, (_, cmp)) in stored.iter().zip(&compared) {
            println!(
                "已导入{} {} 学年教师花名册：{} 名教师，第 {} 版",
                district.name, v.year, v.teachers, v.version
            );
            println!("{}", crate::versions::changes(cmp, "名"));
        }
        for (&year, teachers) in &by_year {
            let Some(records) = statistics(data, year).await? else {
                println!(
                    "提示：还没有 {year} 学年的学校统计数据，未核对花名册（导入后可用 junheng rotation check 核对）"
                );
                continue;
            };
            let mismatches = reconcile(&records, teachers, year);
            if mismatches.is_empty() {
                println!("{} 学年花名册与学校统计数据一致", school_year(year));
            } else {
                println!(
                    "警告：{} 学年花名册与学校统计数据有 {} 处不一致（花名册已导入；请核对后重新导入其中之一）：",
                    school_year(year),
                    mismatches.len()
                );
                print!("{}", mismatch_table(&mismatches));
            }
        }
        Ok(Outcome::Done)
    }))
}

/// Validates the whole file and adds every move to the ledger, all or nothing.
pub fn import_ledger(args: &ImportArgs) -> Result<Outcome, Failure> {
    let imported = read_checked(
        &args.file,
        SHOW_PROGRESS_ABOVE,
        |p: &Path, progress: &mut dyn FnMut(u64, u64)| {
            junheng_io::rotation::read_ledger_path_with(p, &crate::limits(), progress)
        },
        |l| &l.warnings,
        NOTHING_WRITTEN,
    )?;
    let moves = imported.moves;
    if moves.is_empty() {
        return Err(Failure::Input(format!(
            "{} 中没有任何交流轮岗记录，{NOTHING_WRITTEN}",
            args.file.display()
        )));
    }
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = actor_of(store, district, args).await?;
        let note = format!("导入 {}", file_name(&args.file));
        junheng_app::rotation::import_ledger(data, &moves, &actor, Some(&note))
            .await
            .map_err(|e| Failure::Input(format!("台账未导入：{e}")))?;
        let first = moves.iter().map(|m| m.start_year).min().unwrap_or_default();
        let last = moves.iter().map(|m| m.start_year).max().unwrap_or_default();
        println!(
            "已导入交流轮岗台账：{} 条记录（开始学年 {first}–{last}）",
            moves.len()
        );
        Ok(Outcome::Done)
    }))
}
