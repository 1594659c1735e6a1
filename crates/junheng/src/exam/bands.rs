//! `exam bands`: the 三线 board of quality over a sequence of exams (the lines and escalation of
//! `[quality.bands]` in `--settings`), and the escalations raised as tasks owned by the schools.

use clap::Args as ClapArgs;
use junheng_app::exams::bands::{board, raise};
use junheng_app::pairings::Caller;
use junheng_app::tasks::Who;

use super::{SettingsArgs, Writer, exam_named};
use crate::platform::runtime;
use crate::students::{KeyArgs, refused};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct BandsArgs {
    /// 考试名称（按日期排成各期；同一批学生的连续几次期末考试，可多次给出）
    #[arg(long = "exam", required = true, value_name = "NAME")]
    pub exams: Vec<String>,
    /// 为最近一期达到升级条件的学校各建一项整改任务（已有未完成任务的不重复建）
    #[arg(long)]
    pub raise: bool,
    /// 任务期限：今天起的天数
    #[arg(long, default_value_t = 30)]
    pub days: i64,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub writer: Writer,
}

pub fn bands(args: &BandsArgs) -> Result<Outcome, Failure> {
    let keys = args.keys.require()?;
    let settings = args.settings.load()?;
    let policy = &settings.bands;
    let w = &args.writer;
    runtime()?.block_on(w.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, w.login.as_deref()).await?;
        let mut ids = Vec::with_capacity(args.exams.len());
        for name in &args.exams {
            ids.push(exam_named(data, name).await?.id);
        }
        let b = board(data, &Caller::Operator(&actor), Some(&keys), &ids, &settings, policy)
            .await
            .map_err(refused)?;
        for p in &b.periods {
            println!(
                "「{}」：发展线以上 {} 所，基本线以上 {} 所，基本线以下 {} 所，警戒线及以下 {} 所，未接入 {} 所",
                p.exam.name,
                p.schools.count(junheng_core::bands::Band::Development),
                p.schools.count(junheng_core::bands::Band::Basic),
                p.schools.count(junheng_core::bands::Band::BelowBasic),
                p.schools.count(junheng_core::bands::Band::Warning),
                p.schools.without_value()
            );
        }
        for (code, name, level, runs) in b.escalated() {
            println!("{code}\t{name}\t连续 {runs} 次处于警戒线及以下\t{}", level.label());
        }
        if args.raise {
            let made = raise(data, &Who::operator(&actor), &b, args.days)
                .await
                .map_err(refused)?;
            println!("已建整改任务 {} 项", made.len());
        }
        Ok(Outcome::Done)
    }))
}
