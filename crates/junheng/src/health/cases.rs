//! `health pack load`, `health cases`, `health case` and `health erase`.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use junheng_app::health::cases::{Entry, NoteKind, list as case_list, record};
use junheng_app::pairings::Caller;
use junheng_app::students::who::grade_label;
use junheng_core::health::mental::Tier;

use super::{SettingsArgs, Writer};
use crate::platform::{runtime, store_error};
use crate::students::{KeyArgs, refused, today};
use crate::text::{Align, Table};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum PackAction {
    /// 载入评分表：目录中的每个 .csv 文件（文件名为项目，如 standing_long_jump_cm.csv），先校验再保存，并重算各轮次的计数
    Load(PackArgs),
}

#[derive(ClapArgs, Debug)]
pub struct PackArgs {
    /// 评分表目录
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// 评分表版本（显示在每个成绩旁，如 “国家学生体质健康标准（2014年修订）初中评分表 · 区教育局核定 2025”）
    #[arg(long, value_name = "TEXT")]
    pub version: String,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct CasesArgs {
    /// 也列出已结案的个案
    #[arg(long)]
    pub all: bool,
    /// 显示学生姓名和部分学籍号（每次查看都会记录）
    #[arg(long)]
    pub names: bool,
    /// 按这一天判断是否超期（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct CaseArgs {
    /// 个案编号（health cases 列出的编号）
    #[arg(value_name = "ID")]
    pub id: i64,
    /// 记录类型：review 复核面谈、plan 一生一策、referral 转介、step 危机干预步骤、follow_up 跟踪回访、close 结案
    #[arg(long)]
    pub kind: String,
    /// 做了什么、谈了什么或决定了什么（1 到 1000 字）
    #[arg(long)]
    pub text: String,
    /// 复核面谈的结论：一般、关注、重点 或 危机（危机只能由复核面谈设定）
    #[arg(long)]
    pub tier: Option<String>,
    /// 转介到的医疗机构
    #[arg(long, value_name = "HOSPITAL")]
    pub to: Option<String>,
    /// 日期（YYYY-MM-DD，默认今天）
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

#[derive(ClapArgs, Debug)]
pub struct EraseArgs {
    /// 删除在这一天或之前离校（毕业、转出、死亡）的学生的健康数据（YYYY-MM-DD，默认今天）；有未结案心理个案的学生不删除
    #[arg(long, value_name = "DATE")]
    pub left_before: Option<String>,
    /// 执行删除（健康记录和已结案的心理个案，所有版本，不可撤销）；须同时给 --yes
    #[arg(long)]
    pub apply: bool,
    /// 确认执行删除
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub writer: Writer,
}

pub fn pack(action: &PackAction) -> Result<Outcome, Failure> {
    let PackAction::Load(args) = action;
    let keys = args.keys.require()?;
    let entries = std::fs::read_dir(&args.dir)
        .map_err(|e| Failure::Input(format!("无法读取评分表目录 {}：{e}", args.dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Failure::Input(format!(
            "评分表目录 {} 中没有 .csv 文件",
            args.dir.display()
        )));
    }
    let mut files = Vec::with_capacity(paths.len());
    for p in &paths {
        let bytes = crate::read_input(p)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Failure::Input(format!("评分表 {} 应为 UTF-8 编码的 CSV", p.display())))?;
        files.push((crate::platform::file_name(p), text));
    }
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let (pack, rescored) = junheng_app::health::packs::load(
            data,
            Some(&keys),
            &Caller::Operator(&actor),
            &args.version,
            &files,
        )
        .await
        .map_err(|e| Failure::Input(format!("评分表未载入：{e}")))?;
        println!(
            "已为{}载入评分表「{}」（{} 个文件）；按新评分表重算了 {rescored} 个体质健康文件的计数",
            district.name,
            pack.version,
            pack.files.len()
        );
        Ok(Outcome::Done)
    }))
}

/// A tier from its Chinese name.
fn tier(text: &str) -> Result<Tier, Failure> {
    [Tier::General, Tier::Attention, Tier::Priority, Tier::Crisis]
        .into_iter()
        .find(|t| t.label() == text.trim())
        .ok_or_else(|| Failure::Input(format!("级别“{text}”应为 一般、关注、重点 或 危机")))
}

pub fn list(args: &CasesArgs) -> Result<Outcome, Failure> {
    let keys = args.keys.require()?;
    let today = today(args.today.as_deref())?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let what = "命令行 junheng health cases";
        let lines = case_list(data, Some(&keys), &Caller::Operator(&actor), !args.all, &today, what)
            .await
            .map_err(refused)?;
        let names = if args.names && !lines.is_empty() {
            let mut ids: Vec<i64> = lines.iter().map(|l| l.case.student).collect();
            ids.sort_unstable();
            ids.dedup();
            let mut named = std::collections::HashMap::new();
            for chunk in ids.chunks(1000) {
                for n in data
                    .named_students(&keys, chunk, &actor, what)
                    .await
                    .map_err(store_error)?
                {
                    named.insert(n.id, n);
                }
            }
            named
        } else {
            Default::default()
        };
        let overdue = lines.iter().filter(|l| l.overdue).count();
        let mut tiers = [0usize; 4];
        for l in lines.iter().filter(|l| l.case.closed_on.is_none()) {
            tiers[l.content.tier as usize] += 1;
        }
        println!(
            "{}心理个案（{today}）：{} {} 个，其中超期 {overdue} 个；未结案的按级别：一般 {}、关注 {}、重点 {}、危机 {}{}",
            district.name,
            if args.all { "全部" } else { "未结案" },
            lines.len(),
            tiers[0],
            tiers[1],
            tiers[2],
            tiers[3],
            if args.names {
                "；姓名的查看已记录"
            } else {
                "（不显示姓名；--names 显示）"
            }
        );
        if lines.is_empty() {
            return Ok(Outcome::Done);
        }
        let mut headers = vec![("个案", Align::Right), ("学生编号", Align::Right)];
        if args.names {
            headers.extend([("姓名", Align::Left), ("学籍号", Align::Left)]);
        }
        headers.extend([
            ("学校", Align::Left),
            ("年级班级", Align::Left),
            ("级别", Align::Left),
            ("开立", Align::Left),
            ("到期", Align::Left),
            ("超期", Align::Left),
            ("下一步", Align::Left),
        ]);
        let mut t = Table::new(&headers);
        for l in &lines {
            let mut row = vec![l.case.id.to_string(), l.case.student.to_string()];
            if args.names {
                let n = names.get(&l.case.student);
                row.push(n.map(|n| n.name.clone()).unwrap_or_default());
                row.push(n.map(|n| n.number_masked.clone()).unwrap_or_default());
            }
            let c = &l.content;
            let mut level = c.tier.label().to_owned();
            if c.same_day_review {
                level.push_str("（待当日复核）");
            }
            if let Some(step) = c.step {
                level.push_str(&format!("（干预已完成 {step} 步）"));
            }
            if c.referral.is_some() {
                level.push_str("（已转介）");
            }
            row.extend([
                l.case.school.to_string(),
                format!("{}{}", grade_label(l.grade), l.class),
                level,
                l.case.opened_on.clone(),
                l.case
                    .closed_on
                    .as_ref()
                    .map_or_else(|| l.case.due_on.clone(), |d| format!("已结案 {d}")),
                if l.overdue { "超期" } else { "" }.to_owned(),
                if l.case.closed_on.is_some() {
                    String::new()
                } else {
                    c.action().to_owned()
                },
            ]);
            t.row(row);
        }
        super::emit(&t.render(""))?;
        Ok(Outcome::Done)
    }))
}

pub fn case(args: &CaseArgs) -> Result<Outcome, Failure> {
    let kind = NoteKind::parse(args.kind.trim()).ok_or_else(|| {
        Failure::Input(format!(
            "记录类型“{}”应为 review（复核面谈）、plan（一生一策）、referral（转介）、step（危机干预步骤）、follow_up（跟踪回访）或 close（结案）",
            args.kind
        ))
    })?;
    let tier = args.tier.as_deref().map(tier).transpose()?;
    if kind == NoteKind::Review && tier.is_none() {
        return Err(Failure::Input(
            "复核面谈须用 --tier 写明结论：一般、关注、重点或危机".into(),
        ));
    }
    if kind != NoteKind::Review && tier.is_some() {
        return Err(Failure::Input(
            "--tier 只用于复核面谈（--kind review）：级别只由复核面谈设定".into(),
        ));
    }
    let keys = args.keys.require()?;
    let settings = args.settings.load()?;
    let date = today(args.date.as_deref())?;
    let entry = Entry {
        kind,
        text: args.text.clone(),
        tier,
        referral_to: args.to.clone(),
        on_date: date.clone(),
    };
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let caller = Caller::Operator(&actor);
        record(
            data,
            Some(&keys),
            &caller,
            args.id,
            &entry,
            &settings.mental,
        )
        .await
        .map_err(refused)?;
        let (c, notes) = data
            .mental_case(&keys, args.id, &actor, "命令行 junheng health case")
            .await
            .map_err(store_error)?;
        let content =
            junheng_app::health::cases::CaseContent::decode(&c.content).map_err(refused)?;
        println!(
            "已在心理个案 {} 记录{}（{date}）：级别 {}{}，{}；共 {} 条记录",
            c.id,
            kind.label(),
            content.tier.label(),
            content.step.map_or_else(String::new, |s| {
                let steps = &settings.mental.crisis_steps;
                match steps.get(s) {
                    Some(next) => {
                        format!("，危机干预已完成 {s}/{} 步，下一步：{next}", steps.len())
                    }
                    None => format!("，危机干预 {} 步已全部完成", steps.len()),
                }
            }),
            match &c.closed_on {
                Some(d) => format!("已于 {d} 结案"),
                None => format!("下一步到期 {}", c.due_on),
            },
            notes.len()
        );
        Ok(Outcome::Done)
    }))
}

pub fn erase(args: &EraseArgs) -> Result<Outcome, Failure> {
    if args.apply && !args.yes {
        return Err(Failure::Input(
            "删除会去掉这些学生的全部健康记录和已结案的心理个案，不可撤销；确认请同时给 --apply --yes（先不加 --apply 查看将删除多少）"
                .into(),
        ));
    }
    let left_before = today(args.left_before.as_deref())?;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let e = junheng_app::health::erase(
            data,
            &junheng_app::pairings::Caller::Operator(&actor),
            &left_before,
            args.apply,
        )
        .await
        .map_err(|e| Failure::Input(e.to_string()))?;
        println!(
            "{}：在 {left_before} 或之前离校（毕业、转出、死亡，此后未再入学）且没有未结案心理个案的学生",
            district.name
        );
        if args.apply {
            println!(
                "已删除 {} 名学生的健康数据：健康记录 {} 条（所有轮次、所有版本），已结案心理个案 {} 个；各文件的计数（不含姓名）保留",
                e.students, e.records, e.cases
            );
        } else {
            println!(
                "将删除 {} 名学生的健康数据：健康记录 {} 条（所有轮次、所有版本），已结案心理个案 {} 个；执行请加 --apply --yes",
                e.students, e.records, e.cases
            );
        }
        Ok(Outcome::Done)
    }))
}
