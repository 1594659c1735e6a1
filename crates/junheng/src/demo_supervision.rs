//! The demo's 责任督学, made deterministically from the demo records (the same records give the
//! same supervisors, assignments, visits and findings): two supervisors per 学区 of the latest
//! school year (`duxue01`, `duxue02` for the first 学区 by name, and so on), each assigned to
//! their 学区 from the start of that school year; and a visit to the first school (by code) of
//! each of the first three 学区, with two findings each, raised as 整改 tasks through the
//! use-case layer as on the web.
//!
//! The visits are dated back from the day the demo runs, so that the tasks stand as a bureau
//! would see them that day: the oldest visit's tasks were due a month and a half ago — one
//! closed by its supervisor after the school submitted it, the other still open and **overdue**
//! (the only overdue task); the second visit's are being worked on (one started, one submitted
//! for acceptance); the latest visit's are open and not yet due.

use junheng_app::supervision::{self as app, AssignInput, Caller, Standing, VisitInput};
use junheng_app::tasks::{self, Action, add_days, beijing_today};
use junheng_core::school::SchoolRecord;
use junheng_store::{Actor, DistrictStore, NewUser, Role, Scope, Store, Task};

use crate::Failure;
use crate::platform::store_error;

/// Supervisors the demo gives each 学区.
const PER_ZONE: usize = 2;

/// (days before today of the visit, days after the visit its tasks are due, summary, findings)
/// of the demo's visits, oldest first.
const VISITS: [(i64, i64, &str, &str); 3] = [
    (
        75,
        30,
        "随堂听课两节，查看功能室、实验室使用记录和校园安全台账",
        "严重：实验室危化品存放未双人双锁\n功能室使用记录不全，部分功能室长期闲置",
    ),
    (
        20,
        30,
        "检查作业管理和课后服务，与教师代表座谈",
        "较重：作业公示不及时，个别班级作业量偏多\n课后服务缺少科技、艺术类项目",
    ),
    (
        5,
        30,
        "查看图书室、心理辅导室，抽查学籍和控辍保学台账",
        "图书更新不足，近三年新增图书偏少\n较重：心理辅导室未按要求配备专职教师",
    ),
];

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("生成演示责任督学数据失败：{e}"))
}

/// The 学区 of the latest school year's records, by name, each with its schools by code.
fn zones(records: &[SchoolRecord]) -> Vec<(String, Vec<&SchoolRecord>)> {
    let Some(latest) = records.iter().map(|r| r.year).max() else {
        return Vec::new();
    };
    let mut zones: Vec<(String, Vec<&SchoolRecord>)> = Vec::new();
    let mut year: Vec<&SchoolRecord> = records.iter().filter(|r| r.year == latest).collect();
    year.sort_by(|a, b| a.code.cmp(&b.code));
    for r in year {
        let Some(zone) = r.zone.as_deref().map(str::trim).filter(|z| !z.is_empty()) else {
            continue;
        };
        match zones.iter_mut().find(|(z, _)| z == zone) {
            Some((_, schools)) => schools.push(r),
            None => zones.push((zone.to_owned(), vec![r])),
        }
    }
    zones.sort_by(|a, b| a.0.cmp(&b.0));
    zones
}

/// Seeds the demo's supervisors (one password for all, printed), their assignments, visits and
/// the visits' tasks; returns the number of supervisors and of visits.
pub(crate) async fn seed(
    store: &Store,
    data: &DistrictStore,
    records: &[SchoolRecord],
) -> Result<(usize, usize), Failure> {
    let zones = zones(records);
    if zones.is_empty() {
        return Ok((0, 0));
    }
    let latest = records.iter().map(|r| r.year).max().unwrap_or_default();
    let district = store.only_district().await.map_err(store_error)?;
    let system = Actor::system();
    let password = junheng_server::new_secret()[..12].to_owned();
    let hash = junheng_server::hash_password(&password).map_err(failed)?;
    let admin = Caller::operator(&Actor::new("admin"));
    let since = format!("{latest}-09-01");
    let mut logins: Vec<Vec<String>> = Vec::new();
    for (z, (zone, _)) in zones.iter().enumerate() {
        let mut mine = Vec::new();
        for k in 0..PER_ZONE {
            let n = z * PER_ZONE + k + 1;
            let login = format!("duxue{n:02}");
            let user = NewUser {
                name: login.clone(),
                display_name: format!("{zone}督学{}", ["甲", "乙"].get(k).copied().unwrap_or("丙")),
                role: Role::Supervisor,
                scope: Scope::District,
                district: Some(district.id),
                password_hash: hash.clone(),
            };
            store
                .create_user(&user, &system)
                .await
                .map_err(store_error)?;
            app::assign(
                data,
                &admin,
                &AssignInput {
                    supervisor: &login,
                    unit_kind: "zone",
                    unit: zone,
                    since: &since,
                },
            )
            .await
            .map_err(failed)?;
            mine.push(login);
        }
        logins.push(mine);
    }
    let today = beijing_today();
    let mut visits = 0;
    for (i, ((_, schools), (ago, due, summary, findings))) in zones.iter().zip(VISITS).enumerate() {
        let Some(school) = schools.first() else {
            continue;
        };
        let supervisor = logins[i][0].clone();
        let caller = Caller {
            login: supervisor.clone(),
            standing: Standing::Supervisor,
        };
        let visited_on = add_days(&today, -ago).unwrap_or_else(|| today.clone());
        let deadline = add_days(&visited_on, due).unwrap_or_else(|| visited_on.clone());
        let recorded = app::record_visit(
            data,
            &caller,
            &VisitInput {
                school: school.code.as_str(),
                visited_on: &visited_on,
                supervisor: "",
                summary,
                findings,
                deadline: &deadline,
            },
            &today,
            app::DEFAULT_DEADLINE_DAYS,
        )
        .await
        .map_err(failed)?;
        visits += 1;
        work(data, &recorded.tasks, i, &school.code, &supervisor).await?;
    }
    println!(
        "责任督学账号（每个学区 {PER_ZONE} 位）：duxue01–duxue{:02}　密码：{password}",
        zones.len() * PER_ZONE
    );
    Ok((zones.len() * PER_ZONE, visits))
}

/// Moves the tasks of the demo's visit `visit` as its school and supervisor would have: the
/// first visit's first task closed, the second visit's tasks started and submitted.
async fn work(
    data: &DistrictStore,
    raised: &[Task],
    visit: usize,
    school: &junheng_core::school::SchoolCode,
    supervisor: &str,
) -> Result<(), Failure> {
    let by_school = tasks::Who {
        login: format!("school{}", &school.as_str()[5..]),
        standing: tasks::Standing::School(school.clone()),
    };
    let by_supervisor = tasks::Who {
        login: supervisor.to_owned(),
        standing: tasks::Standing::Supervisor,
    };
    let steps: &[(usize, &tasks::Who, Action, &str)] = match visit {
        0 => &[
            (0, &by_school, Action::Start, ""),
            (
                0,
                &by_school,
                Action::Submit,
                "危化品已按双人双锁存放，台账已补齐",
            ),
            (0, &by_supervisor, Action::Close, "现场复核通过"),
        ],
        1 => &[
            (0, &by_school, Action::Start, ""),
            (1, &by_school, Action::Start, ""),
            (
                1,
                &by_school,
                Action::Submit,
                "已增设科技社团和合唱课后服务项目",
            ),
        ],
        _ => &[],
    };
    for (n, who, action, note) in steps {
        let Some(task) = raised.get(*n) else {
            continue;
        };
        tasks::act(data, who, task.id, *action, note, true)
            .await
            .map_err(failed)?;
    }
    Ok(())
}
