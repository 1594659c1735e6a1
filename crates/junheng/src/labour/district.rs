//! `junheng labour bases import|list|template|withdraw` and `junheng five
//! import|show|template|targets|withdraw`: labour bases, alliances and visits, and 五育 coverage,
//! through the same operations as `/labour/bases` and `/five` (`junheng_app::labour`). The
//! command line's operator holds the database: every write is allowed, recorded under `--as`
//! (default `system`).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::labour::five::{set_targets, view as five_view};
use junheng_app::labour::{Sight, bases::view as bases_view, batches, import, read, withdraw};
use junheng_app::pairings::Caller;
use junheng_core::school::school_year;
use junheng_io::labour::{Kind, write_template};
use junheng_labour::Share;

use crate::pairing::refused;
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum BasesAction {
    /// 导入基地（bases）、联盟（alliances）或基地活动记录（visits），全部写入或全部不写入
    Import(ImportArgs),
    /// 列出某学年各基地的使用率、各联盟的覆盖与全区汇总
    List(ShowArgs),
    /// 写出模板（.xlsx）：bases、alliances 或 visits
    Template(TemplateArgs),
    /// 撤回一批记录（仍被活动记录或联盟引用的基地不能撤回）
    Withdraw(WithdrawArgs),
}

#[derive(Subcommand, Debug)]
pub enum FiveAction {
    /// 导入大课间（breaks）、美育实践（arts）、特色学校（specialties）、校园足球（football）或研学（trips）记录
    Import(ImportArgs),
    /// 列出某学年各校与全区的五育覆盖及是否达到本区目标
    Show(ShowArgs),
    /// 写出模板（.xlsx）：breaks、arts、specialties、football 或 trips
    Template(TemplateArgs),
    /// 查看或修改本区目标（百分数，最多一位小数；0 表示不设目标），修改记入审计日志
    Targets(TargetsArgs),
    /// 撤回一批记录
    Withdraw(WithdrawArgs),
}

#[derive(ClapArgs, Debug)]
pub struct ImportArgs {
    /// 记录种类（见 template）
    pub kind: String,
    /// 文件（.xlsx、.xls、.ods 或 .csv）
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct ShowArgs {
    /// 学年（默认：最新的有记录的学年）
    #[arg(long)]
    pub year: Option<i32>,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DistrictDatabase,
}

#[derive(ClapArgs, Debug)]
pub struct TemplateArgs {
    /// 模板种类
    pub kind: String,
    /// 输出文件（.xlsx）
    pub output: PathBuf,
}

#[derive(ClapArgs, Debug)]
pub struct WithdrawArgs {
    /// 批次编号（见 list / show）
    pub id: i64,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct TargetsArgs {
    /// 大课间开展率目标（%）
    #[arg(long)]
    pub breaks: Option<f64>,
    /// 美育实践覆盖率目标（%）
    #[arg(long)]
    pub arts: Option<f64>,
    /// 特色学校占比目标（%）
    #[arg(long)]
    pub specialty: Option<f64>,
    /// 校园足球特色学校占比目标（%）
    #[arg(long)]
    pub football: Option<f64>,
    /// 研学参与率目标（%）
    #[arg(long)]
    pub trips: Option<f64>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn bases(action: &BasesAction) -> Result<Outcome, Failure> {
    match action {
        BasesAction::Import(a) => import_file(a, &Kind::BASES),
        BasesAction::List(a) => list_bases(a),
        BasesAction::Template(a) => template(a, &Kind::BASES),
        BasesAction::Withdraw(a) => withdraw_batch(a, &Kind::BASES),
    }
}

pub fn five(action: &FiveAction) -> Result<Outcome, Failure> {
    match action {
        FiveAction::Import(a) => import_file(a, &Kind::FIVE),
        FiveAction::Show(a) => show_five(a),
        FiveAction::Template(a) => template(a, &Kind::FIVE),
        FiveAction::Targets(a) => targets(a),
        FiveAction::Withdraw(a) => withdraw_batch(a, &Kind::FIVE),
    }
}

fn kind_of(word: &str, kinds: &[Kind]) -> Result<Kind, Failure> {
    Kind::from_id(word)
        .filter(|k| kinds.contains(k))
        .ok_or_else(|| {
            let ids: Vec<&str> = kinds.iter().map(|k| k.id()).collect();
            Failure::Input(format!("记录种类“{word}”应为 {} 之一", ids.join("、")))
        })
}

/// The template writer of a kind.
fn writer(kind: Kind) -> fn() -> Vec<u8> {
    match kind {
        Kind::Bases => || write_template(Kind::Bases),
        Kind::Alliances => || write_template(Kind::Alliances),
        Kind::Visits => || write_template(Kind::Visits),
        Kind::Breaks => || write_template(Kind::Breaks),
        Kind::Arts => || write_template(Kind::Arts),
        Kind::Specialties => || write_template(Kind::Specialties),
        Kind::Football => || write_template(Kind::Football),
        Kind::Trips => || write_template(Kind::Trips),
        Kind::Lessons => || write_template(Kind::Lessons),
        Kind::Weeks => || write_template(Kind::Weeks),
    }
}

fn template(args: &TemplateArgs, kinds: &[Kind]) -> Result<Outcome, Failure> {
    let kind = kind_of(&args.kind, kinds)?;
    write_kind(kind, &args.output)
}

/// Writes the template of a kind to `output`.
pub(super) fn write_kind(kind: Kind, output: &std::path::Path) -> Result<Outcome, Failure> {
    crate::rotation::template(output, writer(kind))
}

fn import_file(args: &ImportArgs, kinds: &[Kind]) -> Result<Outcome, Failure> {
    let kind = kind_of(&args.kind, kinds)?;
    import_kind(kind, &args.file, &args.db, args.login.as_deref())
}

/// Imports a file of a kind (all or nothing) as the operator acting as `login`.
pub(super) fn import_kind(
    kind: Kind,
    path: &std::path::Path,
    db: &DistrictDatabase,
    login: Option<&str>,
) -> Result<Outcome, Failure> {
    let bytes = crate::read_input(path)?;
    let name = crate::platform::file_name(path);
    let file = read(kind, &bytes, &name).map_err(refused)?;
    let sha256 = junheng_app::classroom::digest(&bytes);
    store_kind(kind, &file, &sha256, db, login)
}

/// Writes a read file (or an entry) of a kind as the operator acting as `login`.
pub(super) fn store_kind(
    kind: Kind,
    file: &junheng_io::labour::LabourFile,
    sha256: &str,
    db: &DistrictDatabase,
    login: Option<&str>,
) -> Result<Outcome, Failure> {
    let name = file.file.clone();
    runtime()?.block_on(db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, login).await?;
        let done = import(data, &Caller::Operator(&actor), file, sha256)
            .await
            .map_err(refused)?;
        for w in &done.warnings {
            eprintln!("提示：{w}");
        }
        println!(
            "已导入{}的{}记录 {}：{} 条（批次 {}）",
            district.name,
            kind.label(),
            name,
            done.batch.records,
            done.batch.id
        );
        Ok(Outcome::Done)
    }))
}

pub(super) fn withdraw_batch(args: &WithdrawArgs, kinds: &[Kind]) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let op = Caller::Operator(&actor);
        let mine = batches(data, &op, kinds).await.map_err(store_error)?;
        if !mine.iter().any(|b| b.id == args.id) {
            return Err(Failure::Input(format!(
                "{}没有这一类的批次 {}",
                district.name, args.id
            )));
        }
        let gone = withdraw(data, &op, args.id).await.map_err(refused)?;
        println!(
            "已撤回{}的批次 {}（{}，{} 条）",
            district.name, gone.id, gone.file_name, gone.records
        );
        Ok(Outcome::Done)
    }))
}

fn shown(s: Share) -> String {
    s.value().map_or_else(
        || "—".into(),
        |v| format!("{}/{} ({:.1}%)", s.part, s.whole, v * 100.0),
    )
}

fn print_batches(list: &[junheng_store::labour::LabourBatch]) {
    println!("批次：");
    for b in list {
        println!(
            "  {}\t{}\t{}\t{} 条\t{}",
            b.id, b.kind, b.file_name, b.records, b.imported_by
        );
    }
}

fn list_bases(args: &ShowArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let op = Caller::Operator(&actor);
        let v = bases_view(data, &Sight::district(), args.year)
            .await
            .map_err(store_error)?;
        let list = batches(data, &op, &Kind::BASES)
            .await
            .map_err(store_error)?;
        if args.json {
            return crate::text::print_json(&serde_json::json!({ "view": v, "batches": list }));
        }
        let year = v.year.map_or_else(|| "（无活动记录）".into(), school_year);
        println!(
            "{} {year} 劳动基地（开放日 {} 天）",
            district.name, v.open_days
        );
        println!("基地\t类别\t容量\t活动\t人次\t使用率\t超容量天数");
        for l in &v.bases {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                l.base.name,
                l.base.kind,
                l.base.capacity,
                l.used.visits,
                l.used.students,
                shown(l.used.use_rate),
                l.used.over_capacity.len()
            );
        }
        for a in &v.alliances {
            println!(
                "联盟 {}：成员 {} 所，有活动 {}，人次 {}，联盟外 {}",
                a.alliance.name,
                a.alliance.schools.len(),
                shown(a.reach.schools),
                a.reach.students,
                a.reach.guests
            );
        }
        let d = &v.district;
        println!(
            "全区：有活动的学校 {}，使用率 {}，活动 {} 次，{} 人次，超容量 {} 天",
            shown(d.schools_visiting),
            shown(d.use_rate),
            d.visits,
            d.students,
            d.over_capacity
        );
        print_batches(&list);
        Ok(Outcome::Done)
    }))
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "未设目标",
    }
}

fn show_five(args: &ShowArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let op = Caller::Operator(&actor);
        let found = five_view(data, &Sight::district(), args.year)
            .await
            .map_err(refused)?;
        let list = batches(data, &op, &Kind::FIVE).await.map_err(store_error)?;
        let Some(v) = found else {
            return Err(Failure::Input(format!(
                "{}还没有大课间或美育记录",
                district.name
            )));
        };
        if args.json {
            return crate::text::print_json(&serde_json::json!({ "view": v, "batches": list }));
        }
        let r = &v.report;
        println!("{} {} 学年 五育覆盖", district.name, school_year(r.year));
        println!("学校标识码\t大课间\t达标\t美育\t达标\t特色\t足球\t研学\t参与率");
        for s in &r.schools {
            let kinds: Vec<String> = s
                .specialties
                .iter()
                .map(|(k, l)| format!("{k}·{l}"))
                .collect();
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                s.school,
                shown(s.breaks),
                verdict(s.met.breaks),
                shown(s.arts),
                verdict(s.met.arts),
                kinds.join("、"),
                s.football.map_or("", |l| l.label()),
                s.trips,
                shown(s.trip_participation)
            );
        }
        let d = &r.district;
        println!(
            "全区：大课间 {}（{}），美育 {}（{}），特色学校 {}（{}），校园足球 {}（{}），研学参与 {}（{}）",
            shown(d.breaks),
            verdict(d.met.breaks),
            shown(d.arts),
            verdict(d.met.arts),
            shown(d.specialty_schools),
            verdict(d.met.specialty),
            shown(d.football_schools),
            verdict(d.met.football),
            shown(d.trip_participation),
            verdict(d.met.trips)
        );
        print_batches(&list);
        Ok(Outcome::Done)
    }))
}

/// A percentage as per mille, at most one decimal.
fn per_mille(name: &str, v: f64) -> Result<u32, Failure> {
    let tenths = (v * 10.0).round();
    if !(0.0..=1000.0).contains(&tenths) || (v * 10.0 - tenths).abs() > 1e-9 {
        return Err(Failure::Input(format!(
            "--{name} {v} 应为 0 至 100 之间的百分数，最多一位小数"
        )));
    }
    Ok(tenths as u32)
}

fn targets(args: &TargetsArgs) -> Result<Outcome, Failure> {
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let mut t = data.five_targets().await.map_err(store_error)?;
        let given = [
            ("breaks", args.breaks, &mut t.breaks_per_mille),
            ("arts", args.arts, &mut t.arts_per_mille),
            ("specialty", args.specialty, &mut t.specialty_per_mille),
            ("football", args.football, &mut t.football_per_mille),
            ("trips", args.trips, &mut t.trips_per_mille),
        ];
        let mut changed = false;
        for (name, value, slot) in given {
            if let Some(v) = value {
                *slot = per_mille(name, v)?;
                changed = true;
            }
        }
        if changed {
            let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
            set_targets(data, &Caller::Operator(&actor), &t)
                .await
                .map_err(refused)?;
        }
        let pct = |v: u32| {
            if v == 0 {
                "不设".to_owned()
            } else {
                format!("{:.1}%", f64::from(v) / 10.0)
            }
        };
        println!(
            "{}的五育目标{}：大课间 {}，美育 {}，特色学校 {}，校园足球 {}，研学参与 {}",
            district.name,
            if changed { "已更新" } else { "" },
            pct(t.breaks_per_mille),
            pct(t.arts_per_mille),
            pct(t.specialty_per_mille),
            pct(t.football_per_mille),
            pct(t.trips_per_mille)
        );
        Ok(Outcome::Done)
    }))
}
