//! `junheng training add` (one record, checked by the ledger's row rules and written as a batch of
//! its own, withdrawn like a file) and `junheng training teacher` (one teacher's progress in the
//! current and the previous cycle and every record, the read audited), through the page's use
//! cases (`junheng_app::teachers::training::{add, teacher}`).

use junheng_app::pairings::{Caller, Refused};
use junheng_app::teachers::training::{TeacherDetail, add as add_record, teacher as detail_of};
use junheng_io::school::ImportFailure;
use junheng_io::teachers::training::{columns as c, read_entry};
use junheng_rotation::TeacherId;
use junheng_store::StoreError;
use junheng_teachers::training::{Level, Progress, TrainingRules};

use super::training::{AddArgs, TeacherArgs, as_of, percent};
use crate::pairing::refused;
use crate::platform::{runtime, store_error};
use crate::{Failure, Outcome};

/// The option of a field, for messages.
fn flag(field: &str) -> &'static str {
    match field {
        c::TEACHER => "--teacher",
        c::COURSE => "--course",
        c::LEVEL => "--level",
        c::START => "--start",
        c::END => "--end",
        c::HOURS => "--hours",
        c::CERTIFICATE => "--certificate",
        _ => "",
    }
}

/// Every problem of an entry, one a line, each naming its option and what it expects.
fn problems(f: &ImportFailure) -> Failure {
    let lines: Vec<String> = f
        .issues
        .iter()
        .map(|i| {
            let field = i.column.as_deref().unwrap_or_default();
            let value = i
                .value
                .as_ref()
                .map_or(String::new(), |v| format!("（给出的是「{v}」）"));
            format!("  {} {field}：{}{value}", flag(field), i.message)
        })
        .collect();
    Failure::Input(format!("未录入：\n{}", lines.join("\n")))
}

pub(super) fn add(args: &AddArgs) -> Result<Outcome, Failure> {
    let fields = [
        (c::TEACHER, args.teacher.as_str()),
        (c::COURSE, &args.course),
        (c::LEVEL, &args.level),
        (c::START, &args.start),
        (c::END, &args.end),
        (c::HOURS, &args.hours),
        (c::CERTIFICATE, args.certificate.as_deref().unwrap_or("")),
    ];
    let record = read_entry(&fields).map_err(|f| problems(&f))?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let done = add_record(data, &Caller::Operator(&actor), args.year, &record)
            .await
            .map_err(|e| match e {
                Refused::Problems(f) => problems(&f),
                e => refused(e),
            })?;
        match done.batch {
            Some(b) => println!(
                "已录入{}的 1 条培训记录：{} {}（{}，{} 至 {}，{} 学时），批次 {}；撤回：junheng training withdraw {} --confirm",
                district.name,
                record.teacher,
                record.course,
                record.level,
                record.start,
                record.end,
                record.hours,
                b.id,
                b.id
            ),
            None => println!(
                "这条记录（同一教师、同一培训项目、同一开始日期）已在{}的台账中，未重复录入",
                district.name
            ),
        }
        Ok(Outcome::Done)
    }))
}

/// A cycle's progress in one line, then its 学时 by level.
fn print_cycle(label: &str, p: &Progress, ended: bool) {
    let state = if p.completed {
        "已完成"
    } else if ended {
        "未完成"
    } else if p.behind {
        "进度落后"
    } else {
        "进度正常"
    };
    let share = (p.required.hundredths() > 0)
        .then(|| p.done.hundredths() as f64 / p.required.hundredths() as f64);
    println!(
        "{label} {}：已完成 {} 学时（{}），应达 {} 学时，要求 {} 学时 —— {state}",
        p.cycle.label(),
        p.done,
        percent(share),
        p.expected,
        p.required
    );
    let levels: Vec<String> = Level::ALL
        .iter()
        .zip(p.by_level)
        .zip(p.level_records)
        .map(|((l, h), n)| format!("{} {h} 学时（{n} 条）", l.label()))
        .collect();
    println!("  {}", levels.join("；"));
}

fn print(district: &str, d: &TeacherDetail) {
    let c = &d.current;
    let school = d
        .school_name
        .as_ref()
        .map_or_else(|| c.school.to_string(), |n| format!("{n}（{}）", c.school));
    println!(
        "{district} 教师 {} 的继续教育（{school}；{} 为止）",
        c.teacher, d.as_of
    );
    print_cycle("当前周期", c, false);
    print_cycle("上一周期", &d.previous, d.previous.cycle.ended(d.as_of));
    println!("培训记录：{} 条", d.records.len());
    for r in &d.records {
        println!(
            "  {} 至 {}\t{}\t{} 学时\t{}\t{}\t{}",
            r.start,
            r.end,
            r.level,
            r.hours,
            r.course,
            r.certificate.as_deref().unwrap_or("—"),
            r.source.label()
        );
    }
}

pub(super) fn teacher(args: &TeacherArgs) -> Result<Outcome, Failure> {
    let id = TeacherId::parse(&args.teacher).map_err(|e| Failure::Input(e.to_string()))?;
    let day = as_of(args.as_of.as_deref())?;
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, None).await?;
        let rules = TrainingRules::default();
        let d = detail_of(
            data,
            &Caller::Operator(&actor),
            None,
            &rules,
            &id,
            day,
            "cli",
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => {
                Failure::Input(format!("{}的教师花名册中没有教师编号 {id}", district.name))
            }
            e => store_error(e),
        })?;
        if args.json {
            crate::text::print_json(&d)?;
        } else {
            print(&district.name, &d);
        }
        Ok(Outcome::Done)
    }))
}
