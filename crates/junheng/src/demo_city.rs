//! `junheng demo --city`: an invented city (山城市) of about a dozen districts, each with three
//! school years of statistics, rosters and a rotation ledger, creation targets and steps, a
//! 市级 account and one district administrator — served like the one-district demo, or only
//! built (`--build-only`, for benchmarks, also into PostgreSQL with `--database`).
//!
//! The districts, towns and schools are invented (see `junheng_core::demo`): nothing here is a
//! real district's data.

use junheng_core::creation::CreationStatus;
use junheng_core::demo::{DemoSpec, generate_years};
use junheng_core::school::{SchoolCode, SchoolRecord};
use junheng_io::package::{DistrictCode, DistrictSigningKey};
use junheng_store::{
    Actor, District, DistrictKind, NewDistrict, NewStep, NewUser, Role, Scope, Store,
};

use crate::Failure;
use crate::demo::DEMO;
use crate::platform::store_error;

/// The invented city and province of the demo.
pub const CITY: (&str, &str) = ("509900", "山城市");
/// The province of [`CITY`].
pub const PROVINCE: (&str, &str) = ("509000", "巴渝省");

/// Names of the demo districts, in order; past the list, 第 N 区.
const NAMES: &[&str] = &[
    "渝州区",
    "嘉陵区",
    "缙云区",
    "巴岳区",
    "歌乐区",
    "南泉区",
    "铁山县",
    "明月县",
    "华蓥县",
    "金佛县",
    "云雾县",
    "两江湾新区",
];

/// What the city demo builds.
#[derive(Debug, Clone, Copy)]
pub struct CitySpec {
    /// Districts.
    pub districts: usize,
    /// Schools of every district; `None`: 60 to 250, varying by district.
    pub schools: Option<usize>,
    /// The latest school year (three years end with it).
    pub year: i32,
    pub seed: u64,
}

/// The district code, name and kind of district `i`; the last of twelve is a 功能区 with a
/// code the city assigned.
fn identity(i: usize) -> (String, String, DistrictKind) {
    let name = NAMES
        .get(i)
        .map_or_else(|| format!("第{}区", i + 1), |n| (*n).to_owned());
    if name.ends_with("新区") {
        return ("SCLJ".into(), name, DistrictKind::Gongnengqu);
    }
    let kind = if name.ends_with('县') {
        DistrictKind::Xian
    } else {
        DistrictKind::Qu
    };
    (format!("5099{:02}", i + 1), name, kind)
}

/// The school code of a demo school in district `code`: the district's digits and the school's
/// number (a 功能区 without digits takes 509999).
fn school_code(district: &str, generated: &SchoolCode) -> SchoolCode {
    let digits = if district.bytes().all(|b| b.is_ascii_digit()) {
        district
    } else {
        "509999"
    };
    let tail = &generated.as_str()[6..];
    SchoolCode::parse(&format!("{digits}{tail}")).expect("6 + 4 digits")
}

/// The records of district `i`: the generator's, renamed into the district.
fn records(spec: &CitySpec, i: usize, code: &str, name: &str) -> Vec<SchoolRecord> {
    let schools = spec
        .schools
        .unwrap_or(60 + (spec.seed as usize + i * 47) % 191);
    let demo = DemoSpec {
        schools,
        seed: spec.seed + i as u64,
        year: spec.year,
    };
    let generated = junheng_core::demo::names::DISTRICTS[0];
    generate_years(&demo, 3)
        .into_iter()
        .map(|mut r| {
            r.code = school_code(code, &r.code);
            r.parent_code = r.parent_code.map(|p| school_code(code, &p));
            r.name = r.name.replace(generated, name);
            r.group = r.group.map(|g| g.replace(generated, name));
            r
        })
        .collect()
}

/// Creation target and steps of district `i`: the first three are recognised (target 2024),
/// one of the 2024 districts is late, the 2028 districts are on their way, the rest (2030)
/// have barely started.
fn creation(i: usize) -> (i32, Vec<(CreationStatus, &'static str)>) {
    use CreationStatus as S;
    match i % 6 {
        0 | 1 => (
            2024,
            vec![
                (S::SelfAssessed, "2022-06-30"),
                (S::CityProcess, "2023-04-15"),
                (S::CitySupervision, "2023-11-20"),
                (S::NationalRecognition, "2024-12-10"),
            ],
        ),
        2 => (
            2024,
            vec![
                (S::SelfAssessed, "2023-05-30"),
                (S::CityProcess, "2024-06-01"),
                (S::CitySupervision, "2025-10-28"),
            ],
        ),
        3 => (
            2028,
            vec![
                (S::SelfAssessed, "2025-06-30"),
                (S::CityProcess, "2026-05-20"),
            ],
        ),
        4 => (2028, vec![(S::SelfAssessed, "2026-06-30")]),
        _ => (2030, Vec::new()),
    }
}

/// The district whose data arrives as signed packages (数据上报): it runs Junheng on its own
/// laptop, keeps its rosters there, and reports each year upward.
const REPORTING: usize = 7;

/// District `d`'s three years made on a laptop of its own (statistics, rosters, ledger) and
/// reported to the city as three signed packages: its key registered by the city, each package
/// received like `junheng receive`. The city holds no roster of it. Returns the laptop's roster
/// rows and moves.
async fn reported(
    city: &Store,
    d: &District,
    records: &[SchoolRecord],
    spec: &CitySpec,
) -> Result<(usize, usize), Failure> {
    let system = Actor::system();
    let file = std::env::temp_dir().join(format!("junheng-demo-laptop-{}.db", std::process::id()));
    let remove = || {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = file.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    };
    remove();
    let laptop = Store::open(&format!("sqlite://{}", file.display()))
        .await
        .map_err(store_error)?;
    let result = async {
        let home = laptop.only_district().await.map_err(store_error)?;
        let named = NewDistrict {
            code: d.code.clone(),
            name: d.name.clone(),
            kind: d.kind,
            city: d.city.clone(),
            province: d.province.clone(),
        };
        laptop
            .update_district(home.id, &named, &system)
            .await
            .map_err(store_error)?;
        let home = laptop.only_district().await.map_err(store_error)?;
        let data = laptop.in_district(home.id);
        let source = junheng_store::ImportSource::new(
            format!("{}学校基本情况表.xlsx", d.name),
            format!("demo laptop {}", spec.seed).as_bytes(),
            "junheng demo --city 生成（区县本地）",
        );
        junheng_app::statistics::import(&data, records, None, &source, &DEMO, &system)
            .await
            .map_err(store_error)?;
        let counts =
            crate::demo::seed_rotation(&data, records, spec.seed + REPORTING as u64, &system)
                .await?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| Failure::Output(anyhow::anyhow!("无法取得随机数以生成密钥（{e}）")))?;
        let code = DistrictCode::parse(&d.code).map_err(Failure::Input)?;
        let key = DistrictSigningKey::from_seed(code, seed);
        junheng_app::packages::register_key(
            city,
            &d.code,
            key.public().to_text().as_bytes(),
            &Actor::new("市教委"),
        )
        .await
        .map_err(store_error)?;
        let rulebook = junheng_core::rulebook::Rulebook::builtin("cn-2017")
            .map_err(|e| Failure::Input(e.to_string()))?;
        for year in spec.year - 2..=spec.year {
            let made = junheng_app::packages::report_up(
                &data,
                &home,
                &key,
                year,
                &rulebook,
                None,
                "junheng demo --city",
                &Actor::new(format!("{}信息中心", d.name)),
            )
            .await
            .map_err(|e| Failure::Input(e.to_string()))?;
            junheng_app::packages::receive(
                city,
                &made.bytes,
                &format!("{}-{year}.jhpkg", d.name),
                None,
                &crate::limits(),
                &Actor::new("市教委"),
            )
            .await
            .map_err(|e| Failure::Input(e.to_string()))?;
        }
        Ok(counts)
    }
    .await;
    laptop.close().await;
    remove();
    result
}

/// The accounts the demo prints: (login, password) of the 市级 user and of the first
/// district's administrator.
pub struct Logins {
    pub city: (String, String),
    pub admin: (String, String, String),
}

fn password() -> String {
    junheng_server::new_secret()[..12].to_owned()
}

async fn user(
    store: &Store,
    name: &str,
    role: Role,
    scope: Scope,
    district: Option<&District>,
) -> Result<String, Failure> {
    let password = password();
    let hash = junheng_server::hash_password(&password)
        .map_err(|e| Failure::Output(anyhow::anyhow!(e)))?;
    let new = NewUser {
        name: name.into(),
        display_name: name.into(),
        role,
        scope,
        district: district.map(|d| d.id),
        password_hash: hash,
    };
    store
        .create_user(&new, &Actor::system())
        .await
        .map_err(store_error)?;
    Ok(password)
}

/// Builds the city into `store` (which must be empty), printing a line per district.
pub async fn build(store: &Store, spec: &CitySpec) -> Result<Logins, Failure> {
    let system = Actor::system();
    let city_actor = Actor::new("市教委");
    let mut first = None;
    let mut total = (0, 0);
    for i in 0..spec.districts {
        let (code, name, kind) = identity(i);
        let d = store
            .add_district(
                &NewDistrict {
                    code: code.clone(),
                    name: name.clone(),
                    kind,
                    city: (CITY.0.into(), CITY.1.into()),
                    province: (PROVINCE.0.into(), PROVINCE.1.into()),
                },
                &system,
            )
            .await
            .map_err(store_error)?;
        let records = records(spec, i, &code, &name);
        let (teachers, moves) = if i == REPORTING && spec.districts > REPORTING {
            reported(store, &d, &records, spec).await?
        } else {
            let here = store.in_district(d.id);
            let source = junheng_store::ImportSource::new(
                format!("{name}学校基本情况表.xlsx"),
                format!("demo city {} {i}", spec.seed).as_bytes(),
                "junheng demo --city 生成",
            );
            junheng_app::statistics::import(&here, &records, None, &source, &DEMO, &system)
                .await
                .map_err(store_error)?;
            crate::demo::seed_groups(&here, &records, &system).await?;
            crate::demo::seed_rotation(&here, &records, spec.seed + i as u64, &system).await?
        };
        // The map's outline of the district its schools were placed in.
        let outline = junheng_core::demo::boundary(spec.seed + i as u64).district;
        let outline = junheng_io::geojson::write_shape(&outline);
        junheng_app::map::set_boundary(
            &store.in_district(d.id),
            outline.as_bytes(),
            None,
            &format!("{name}边界.geojson"),
            &system,
        )
        .await
        .map_err(store_error)?;
        total.0 += teachers;
        total.1 += moves;
        let (target, steps) = creation(i);
        store
            .set_creation_target(d.id, target, &city_actor)
            .await
            .map_err(store_error)?;
        for (n, (status, on)) in steps.into_iter().enumerate() {
            let step = NewStep {
                status,
                reached_on: on.into(),
                document: format!("山城教督〔{}〕{}号", &on[..4], 10 + i * 4 + n),
                note: String::new(),
            };
            store
                .record_creation_step(d.id, &step, &city_actor)
                .await
                .map_err(store_error)?;
        }
        let schools = records.iter().filter(|r| r.year == spec.year).count();
        println!(
            "  {:>2}/{} {name}（{code}）：{schools} 所学校，三个学年，{teachers} 条花名册记录，目标 {target} 年{}",
            i + 1,
            spec.districts,
            if i == REPORTING && spec.districts > REPORTING {
                "；数据由区县本地生成，以三个签名数据包上报（花名册留在区县）"
            } else {
                ""
            }
        );
        if first.is_none() {
            first = Some(d);
        }
    }
    let first = first.ok_or_else(|| Failure::Input("--districts 至少为 1".into()))?;
    println!(
        "合计：{} 条花名册记录（教师 × 学年），{} 条交流轮岗台账记录",
        total.0, total.1
    );
    let city = user(store, "shiji", Role::City, Scope::City(CITY.0.into()), None).await?;
    let admin_name = "admin";
    let admin = user(
        store,
        admin_name,
        Role::Admin,
        Scope::District,
        Some(&first),
    )
    .await?;
    store.checkpoint().await.map_err(store_error)?;
    Ok(Logins {
        city: ("shiji".into(), city),
        admin: (admin_name.into(), admin, first.name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_have_distinct_codes_and_their_schools_carry_them() {
        let codes: std::collections::BTreeSet<String> = (0..41).map(|i| identity(i).0).collect();
        assert_eq!(codes.len(), 41);
        assert_eq!(identity(11).2, DistrictKind::Gongnengqu);
        let spec = CitySpec {
            districts: 2,
            schools: Some(12),
            year: 2024,
            seed: 7,
        };
        let r = records(&spec, 1, "509902", "嘉陵区");
        assert!(r.iter().all(|r| r.code.as_str().starts_with("509902")));
        assert!(
            r.iter().all(|r| !r.name.contains("渝州区")),
            "renamed into the district"
        );
        let sizes: Vec<usize> = (0..12)
            .map(|i| {
                let spec = CitySpec {
                    schools: None,
                    ..spec
                };
                records(&spec, i, "509901", "x").len() / 3
            })
            .collect();
        assert!(sizes.iter().all(|n| (60..=250).contains(n)), "{sizes:?}");
    }
}
