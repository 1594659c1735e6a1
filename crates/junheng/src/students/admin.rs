//! `students reseal` (key rotation) and `retention report` (the retention period).

use std::path::PathBuf;

use clap::Args as ClapArgs;
use junheng_app::pairings::Caller;

use super::{KeyArgs, SettingsArgs, refused};
use crate::platform::{DistrictDatabase, runtime, store_error};
use crate::{Failure, Outcome};

#[derive(ClapArgs, Debug)]
pub struct ResealArgs {
    /// 新密钥目录（含新的 seal.key 和原来的 pseudonym.key）
    #[arg(long, value_name = "DIR", required = true)]
    pub keys: PathBuf,
    /// 旧加密密钥文件（仅所有者可读）
    #[arg(long, value_name = "OLD.key")]
    pub previous: PathBuf,
    /// 数据库；不给 --district 时处理数据库中的每个区县
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

#[derive(ClapArgs, Debug)]
pub struct RetentionArgs {
    /// 执行精简的月份（YYYY-MM）：离校满保留期限（默认 36 个月）的学生
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 执行精简（删除姓名、学籍号、班级、家庭情况和备注，不可撤销）；须同时给 --yes
    #[arg(long)]
    pub apply: bool,
    /// 确认执行精简
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

pub fn reseal(args: &ResealArgs) -> Result<Outcome, Failure> {
    let keys = KeyArgs {
        keys: Some(args.keys.clone()),
    }
    .require()?
    .with_previous_file(&args.previous)
    .map_err(|e| Failure::Input(format!("旧加密密钥有误：{e}")))?;
    runtime()?.block_on(args.db.db.with_store(async |store| {
        let districts = match &args.db.district {
            Some(code) => vec![store.district_for(Some(code)).await.map_err(store_error)?],
            None => store.districts().await.map_err(store_error)?,
        };
        let mut total = 0;
        for district in &districts {
            let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
            let data = store.in_district(district.id);
            let done = data
                .reseal_students(&keys, &actor)
                .await
                .map_err(|e| Failure::Input(format!("{}：{e}（此前的区县已完成）", district.name)))?;
            println!("{}：重新加密 {done} 名学生的姓名和学籍号", district.name);
            total += done;
        }
        println!(
            "已用新加密密钥（{keys:?}）重新加密 {total} 名学生；确认服务器改用新密钥后，可删除旧密钥 {}",
            args.previous.display()
        );
        Ok(Outcome::Done)
    }))
}

pub fn retention(args: &RetentionArgs) -> Result<Outcome, Failure> {
    let settings = args.settings.load()?;
    if args.apply && !args.yes {
        return Err(Failure::Input(
            "精简会删除这些学生的姓名、学籍号、班级、家庭情况和备注，不可撤销；确认请同时给 --apply --yes（先不加 --apply 查看将精简多少）"
                .into(),
        ));
    }
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let (cutoff, reduced) = junheng_app::students::roster::retention(
            data,
            &Caller::Operator(&actor),
            args.month.trim(),
            &settings,
            args.apply,
        )
        .await
        .map_err(refused)?;
        println!(
            "{} {} 的保留期限：{} 个月，截止日期 {cutoff}（在此日或之前离校——毕业、转出、死亡——且此后未再入学、没有未销号个案的学生）",
            district.name,
            args.month.trim(),
            settings.retention_months
        );
        if args.apply {
            println!(
                "已精简 {} 名学生的记录（此前已精简 {} 名）：姓名、学籍号、班级、家庭情况和备注已删除，统计所需的数据保留",
                reduced.students, reduced.reduced_before
            );
        } else {
            println!(
                "将精简 {} 名学生的记录（此前已精简 {} 名）；执行请加 --apply --yes",
                reduced.students, reduced.reduced_before
            );
        }
        Ok(Outcome::Done)
    }))
}
