//! The demo's students (issue 13): three school years of the demo district's registry, made
//! deterministically from the statistics and the seed, and written through the store and the use
//! cases like any district's — with the keys the demo generates into its data directory.
//!
//! * **The registry**: every school's 小学 and 初中 sections get children grade by grade as the
//!   statistics count them (about 100 000 for the default 160 schools); names from common
//!   surnames and given names; national 学籍号 whose birth date fits the grade (6 on 1 September
//!   of grade 1, one in seventy a year older) and some temporary `L` numbers; 随迁 about 15 %
//!   (四川, 贵州, 湖南 …), 留守 about 8 %, 残疾 0.6 % with their placements (the special school's
//!   children all), family flags, 寄宿 in rural schools; two urban primary schools are 民办 with
//!   政府购买学位 for most of their 随迁 children.
//! * **The flows**: each year the children move up a grade (the same child, the same pseudonym);
//!   小学 and 初中 graduate in June (毕业); primary graduates fill the junior schools of their
//!   学区 (the rest go to junior schools elsewhere); new grade-1 classes and grade-7 arrivals enter
//!   (入学); children transfer between schools (转出 and 转入, matched) and out of and into the
//!   district; a few 休学 and 复学, a handful 辍学 and die; absences; and, as everywhere, a few
//!   leave without any record — what the 巩固率 (about 97 %) measures and 四查三比对 finds.
//! * **控辍保学** ([`cases`]): four dozen cases dated back from the day the demo runs, in every
//!   state, with 劝返 attempts, owners and plans, and the calendar's escalation.
//! * **Inputs**: 适龄人口 and the 残联's count for each year (入学率 ≈ 99 %, 残疾儿童少年入学率 ≈ 96 %).
//! * **Accounts**: a 关爱专干 of the school with the most cases, a 班主任 of a class with one, a
//!   district 控辍保学专干 — each confirmed by a second administrator, as sensitive grants are.

mod cases;
mod flows;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use junheng_app::pairings::Caller;
use junheng_app::students::cases::{day_number, day_text};
use junheng_core::date::days_from_civil;
use junheng_core::school::{SchoolCode, SchoolKind, SchoolRecord};
use junheng_store::{Actor, DistrictStore, EventKind, NewStudentEvent, Store, StudentKeys};

use crate::Failure;
use crate::platform::store_error;
use crate::students::synth::{Child, Setting, Synth, classes, grade_sizes, special};

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("生成演示学生数据失败：{e}"))
}

/// A school of the latest year, as the demo's children see it.
pub(crate) struct School<'a> {
    pub record: &'a SchoolRecord,
    pub setting: Setting,
    pub special: bool,
    /// 公办 (else 民办).
    pub public: bool,
    /// The grade sizes the statistics give (index 0 = grade 1).
    pub sizes: [u32; 9],
}

/// A child of the demo over the years.
pub(crate) struct Kid {
    pub child: Child,
    pub pseudonym: String,
    /// The school (index into the schools).
    pub school: usize,
    pub grade: u8,
    /// The class of the latest registry that lists the child.
    pub class: String,
    /// No longer on the district's registry (graduated, moved away, died, dropped out …).
    pub gone: bool,
    /// In a 政府购买学位 (at a 民办 school).
    pub purchased: bool,
    /// Left without any record (for 四查三比对's sample list).
    pub vanished: bool,
}

/// An event before the child's id is known.
struct Pending {
    kid: usize,
    school: usize,
    kind: EventKind,
    on: i64,
    grade: u8,
    place: String,
    confirmed: bool,
    days: u32,
}

/// What the demo's students are, for the lines it prints.
pub(crate) struct Seeded {
    pub years: Vec<i32>,
    pub per_year: Vec<u64>,
    pub events: u64,
    pub cases: usize,
    pub open: usize,
    pub keys_dir: PathBuf,
    pub list_file: Option<PathBuf>,
    pub logins: Vec<(String, String)>,
    pub password: String,
    pub seconds: f64,
    /// Seconds of each part: registry, events, inputs, cases.
    pub phases: [f64; 4],
    /// The registries of the last two school years, for the health demo (oldest first).
    pub pupils: Vec<(i32, Vec<Pupil>)>,
    /// The class of the demo's 班主任: school, grade, class.
    pub class_teacher: Option<(SchoolCode, u8, String)>,
}

/// A child on a school year's registry, as the health demo's files list them.
pub(crate) struct Pupil {
    pub number: junheng_core::student::StudentNumber,
    pub male: bool,
    pub school: SchoolCode,
    pub setting: Setting,
    /// At a 特殊教育学校.
    pub special: bool,
    pub grade: u8,
    pub class: String,
}

/// The directory of the demo's student keys, beside its database file.
pub(crate) fn keys_dir(db_file: &Path) -> PathBuf {
    let stem = db_file.file_stem().map_or_else(
        || "junheng-demo".into(),
        |s| s.to_string_lossy().into_owned(),
    );
    db_file.with_file_name(format!("{stem}-keys"))
}

/// New keys for a new demo database: the demo's key directory (owner-only) emptied of the
/// previous run's keys, two new keys written.
pub(crate) fn fresh_keys(db_file: &Path) -> Result<(StudentKeys, PathBuf), Failure> {
    let dir = keys_dir(db_file);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Output(anyhow::anyhow!("无法创建 {}：{e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Failure::Output(anyhow::anyhow!("{}：{e}", dir.display())))?;
    }
    for f in ["seal.key", "pseudonym.key"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let (keys, ..) = crate::students::generate_into(&dir)?;
    Ok((keys, dir))
}

/// The demo's lines about its students: what was made, the keys, the sample list, the accounts.
pub(crate) fn print(s: &Seeded, db_file: &Path) {
    let (Some(first), Some(last)) = (s.years.first(), s.years.last()) else {
        return;
    };
    let counts: Vec<String> = s.per_year.iter().map(u64::to_string).collect();
    println!(
        "学生：{first}–{last} 三个学年学籍（各学年 {} 名学生），学籍变动 {} 条，控辍保学个案 {} 个（未销号 {} 个）；生成用时 {:.1} 秒（学籍 {:.1}、学籍变动 {:.1}、输入项 {:.1}、个案 {:.1}）",
        counts.join(" / "),
        s.events,
        s.cases,
        s.open,
        s.seconds,
        s.phases[0],
        s.phases[1],
        s.phases[2],
        s.phases[3]
    );
    println!(
        "学生数据密钥（仅所有者可读，服务已使用）：{}；命令行加 --keys {} --database sqlite://{}",
        s.keys_dir.display(),
        s.keys_dir.display(),
        db_file.display()
    );
    if let Some(list) = &s.list_file {
        println!(
            "四查三比对示例名单：{}（junheng students compare --kind hukou --year {last} 名单 --out 比对结果.xlsx）",
            list.display()
        );
    }
    let logins: Vec<String> = s
        .logins
        .iter()
        .map(|(login, what)| format!("{login}（{what}）"))
        .collect();
    println!("学生账号：{}　密码：{}", logins.join("、"), s.password);
}

/// A day of school year `year` between `from` and `to` days after 1 September.
fn day_in(rng: &mut junheng_core::demo::Rng, year: i32, from: u32, to: u32) -> i64 {
    days_from_civil(i64::from(year), 9, 1) + i64::from(rng.int(from, to))
}

/// Seeds the demo's students into `data` (see the module documentation); returns what it made.
pub(crate) async fn seed(
    store: &Store,
    data: &DistrictStore,
    records: &[SchoolRecord],
    seed: u64,
    keys: &StudentKeys,
    keys_dir: PathBuf,
) -> Result<Seeded, Failure> {
    let started = std::time::Instant::now();
    let mut years: Vec<i32> = records.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let years: Vec<i32> = years.iter().rev().take(3).rev().copied().collect();
    let Some(&latest) = years.last() else {
        return Err(failed("没有学校统计数据"));
    };
    let today_text = junheng_app::tasks::beijing_today();
    let today = day_number(&today_text).ok_or_else(|| failed("今天的日期"))?;
    let mut w = World::new(records, latest, seed, keys);
    let system = Actor::system();
    let mut per_year = Vec::new();
    for (i, &y) in years.iter().enumerate() {
        if i == 0 {
            w.populate(y);
        }
        per_year.push(w.import(data, y, &system).await?);
        w.year_events(y, i + 1 == years.len());
        if i + 1 < years.len() {
            w.advance(y);
        }
    }
    let mut phases = [started.elapsed().as_secs_f64(), 0.0, 0.0, 0.0];
    let lap = std::time::Instant::now();
    let events = w.write_events(data, today, &system).await?;
    phases[1] = lap.elapsed().as_secs_f64();
    let lap = std::time::Instant::now();
    w.inputs(data, &years, &system).await?;
    phases[2] = lap.elapsed().as_secs_f64();
    let lap = std::time::Instant::now();
    let district = store.only_district().await.map_err(store_error)?;
    let made = cases::seed(store, data, &mut w, district.id, &today_text).await?;
    let list_file = w.hukou_list(&keys_dir, latest)?;
    phases[3] = lap.elapsed().as_secs_f64();
    let pupils = w.pupils(2);
    Ok(Seeded {
        years,
        per_year,
        events,
        cases: made.cases,
        open: made.open,
        keys_dir,
        list_file,
        logins: made.logins,
        password: made.password,
        seconds: started.elapsed().as_secs_f64(),
        phases,
        pupils,
        class_teacher: made.class_teacher,
    })
}

/// A year's registry: (child, school, grade, class).
type Roster = Vec<(usize, usize, u8, String)>;

/// The demo's children and everything that happens to them.
pub(crate) struct World<'a> {
    pub schools: Vec<School<'a>>,
    pub kids: Vec<Kid>,
    pub synth: Synth,
    keys: &'a StudentKeys,
    /// Child id by pseudonym, as the store gave them.
    pub ids: HashMap<String, i64>,
    pending: Vec<Pending>,
    seed: u64,
    /// Each imported year's registry: (child, school, grade, class).
    rosters: Vec<(i32, Roster)>,
}

impl<'a> World<'a> {
    fn new(
        records: &'a [SchoolRecord],
        latest: i32,
        seed: u64,
        keys: &'a StudentKeys,
    ) -> World<'a> {
        let mut synth = Synth::new(seed ^ 0x5354_5544_454e_5453, "500112");
        let mut latest_records: Vec<&SchoolRecord> =
            records.iter().filter(|r| r.year == latest).collect();
        latest_records.sort_by(|a, b| a.code.cmp(&b.code));
        // Two urban primary schools are 民办.
        let private: Vec<&SchoolCode> = latest_records
            .iter()
            .filter(|r| r.kind == SchoolKind::Primary && Setting::of(r) == Setting::Urban)
            .map(|r| &r.code)
            .skip(2)
            .step_by(4)
            .take(2)
            .collect();
        let schools = latest_records
            .iter()
            .map(|r| School {
                record: r,
                setting: Setting::of(r),
                special: special(r),
                public: !private.contains(&&r.code),
                sizes: grade_sizes(r, &mut synth.rng),
            })
            .collect();
        World {
            schools,
            kids: Vec::new(),
            synth,
            keys,
            ids: HashMap::new(),
            pending: Vec::new(),
            seed,
            rosters: Vec::new(),
        }
    }

    /// A new child of grade `grade` at school `s` in school year `year`.
    fn add_kid(&mut self, s: usize, grade: u8, year: i32) -> usize {
        let school = &self.schools[s];
        let (setting, special, public) = (school.setting, school.special, school.public);
        let mut child = self.synth.child(year, grade, setting, special);
        let mut purchased = false;
        if !public {
            // A 民办 school in the city takes many 随迁 children, most in purchased places.
            if !child.hukou.migrant() && self.synth.rng.chance(0.3) {
                child.hukou = junheng_core::student::Hukou::Migrant {
                    province: ["四川省", "贵州省", "湖南省"][self.kids.len() % 3].to_owned(),
                };
                child.family.left_behind = false;
            }
            purchased = child.hukou.migrant() && self.synth.rng.chance(0.6);
        }
        let pseudonym = self.keys.pseudonym(&child.number);
        self.kids.push(Kid {
            child,
            pseudonym,
            school: s,
            grade,
            class: String::new(),
            gone: false,
            purchased,
            vanished: false,
        });
        self.kids.len() - 1
    }

    fn event(&mut self, kid: usize, school: usize, kind: EventKind, on: i64) {
        let grade = self.kids[kid].grade;
        self.pending.push(Pending {
            kid,
            school,
            kind,
            on,
            grade,
            place: String::new(),
            confirmed: false,
            days: 0,
        });
    }

    /// The first year's children, grade by grade as the statistics count them, with the 入学 of
    /// grades 1 and 7.
    fn populate(&mut self, year: i32) {
        for s in 0..self.schools.len() {
            for g in 1..=9u8 {
                for _ in 0..self.schools[s].sizes[usize::from(g) - 1] {
                    let k = self.add_kid(s, g, year);
                    if g == 1 || g == 7 {
                        self.event(
                            k,
                            s,
                            EventKind::Enter,
                            days_from_civil(i64::from(year), 9, 1),
                        );
                    }
                }
            }
        }
    }

    /// Imports the registry of `year`: each school's present children, in classes; learns the
    /// children's ids. Returns the children registered.
    async fn import(
        &mut self,
        data: &DistrictStore,
        year: i32,
        actor: &Actor,
    ) -> Result<u64, Failure> {
        let mut by_school: Vec<Vec<usize>> = vec![Vec::new(); self.schools.len()];
        for (i, k) in self.kids.iter().enumerate() {
            if !k.gone {
                by_school[k.school].push(i);
            }
        }
        let mut total = 0;
        let mut roster = Vec::new();
        for (s, kids) in by_school.iter().enumerate() {
            if kids.is_empty() {
                continue;
            }
            let school = &self.schools[s];
            let mut in_grade = [0u32; 9];
            let mut students = Vec::with_capacity(kids.len());
            for &i in kids {
                let g = self.kids[i].grade;
                let n = &mut in_grade[usize::from(g) - 1];
                let class = format!("{}班", *n % classes(school.record, g) + 1);
                *n += 1;
                let boarding = self.synth.boards(g, school.setting);
                let kid = &mut self.kids[i];
                // A purchased place is a 民办 school's: a child who moved on has none.
                let purchased = kid.purchased && !school.public;
                students.push(kid.child.student(g, &class, boarding, purchased));
                roster.push((i, s, g, class.clone()));
                kid.class = class;
            }
            let name = format!("{}-{}学年学籍.xlsx", school.record.code, year);
            let digest = junheng_app::classroom::digest(
                format!("junheng demo {} {} {year}", self.seed, school.record.code).as_bytes(),
            );
            data.import_students(
                self.keys,
                &school.record.code,
                year,
                school.public,
                &students,
                &name,
                &digest,
                actor,
            )
            .await
            .map_err(store_error)?;
            total += students.len() as u64;
        }
        for (p, (id, ..)) in data.registry_keys(year).await.map_err(store_error)? {
            self.ids.insert(p, id);
        }
        self.rosters.push((year, roster));
        Ok(total)
    }

    /// The registries of the last `years` school years imported, oldest first.
    fn pupils(&mut self, years: usize) -> Vec<(i32, Vec<Pupil>)> {
        let from = self.rosters.len().saturating_sub(years);
        self.rosters
            .drain(..)
            .skip(from)
            .map(|(year, roster)| {
                let pupils = roster
                    .into_iter()
                    .map(|(k, s, grade, class)| {
                        let school = &self.schools[s];
                        Pupil {
                            number: self.kids[k].child.number.clone(),
                            male: self.kids[k].child.male,
                            school: school.record.code.clone(),
                            setting: school.setting,
                            special: school.special,
                            grade,
                            class,
                        }
                    })
                    .collect();
                (year, pupils)
            })
            .collect()
    }

    /// Writes the events of every year (those not after today) through the use case.
    async fn write_events(
        &mut self,
        data: &DistrictStore,
        today: i64,
        actor: &Actor,
    ) -> Result<u64, Failure> {
        let mut events = Vec::with_capacity(self.pending.len());
        for p in self.pending.drain(..) {
            if p.on > today {
                continue;
            }
            let Some(&id) = self.ids.get(&self.kids[p.kid].pseudonym) else {
                continue;
            };
            events.push(NewStudentEvent {
                student: id,
                school: self.schools[p.school].record.code.clone(),
                kind: p.kind,
                on_date: day_text(p.on),
                grade: p.grade,
                other_place: p.place,
                confirmed: p.confirmed,
                days: p.days,
                note: String::new(),
            });
        }
        let caller = Caller::Operator(actor);
        let mut written = 0;
        for chunk in events.chunks(100_000) {
            written += junheng_app::students::roster::record_events(data, &caller, chunk)
                .await
                .map_err(failed)?;
        }
        Ok(written)
    }

    /// 适龄人口 and the 残联's count for each year, so that 入学率 is about 99 % and 残疾儿童少年
    /// 入学率 about 96 %.
    async fn inputs(
        &mut self,
        data: &DistrictStore,
        years: &[i32],
        actor: &Actor,
    ) -> Result<(), Failure> {
        let caller = Caller::Operator(actor);
        for &y in years {
            let total = data
                .current_registries(y, None)
                .await
                .map_err(store_error)?
                .iter()
                .fold(junheng_store::RegistryCounts::default(), |t, f| {
                    t.plus(&f.counts)
                })
                .total(None);
            let population =
                (total.students as f64 / self.synth.rng.range(0.986, 0.994)).round() as u64;
            let disabled =
                (total.disabled as f64 / self.synth.rng.range(0.955, 0.968)).round() as u64;
            for (name, value, source) in [
                (
                    "population",
                    population,
                    format!("区公安分局 {y} 年 8 月户籍适龄人口统计"),
                ),
                (
                    "disabled",
                    disabled,
                    format!("区残联 {y} 年适龄三类残疾儿童少年实名登记"),
                ),
            ] {
                junheng_app::students::roster::set_input(data, &caller, y, name, value, &source)
                    .await
                    .map_err(failed)?;
            }
        }
        Ok(())
    }

    /// A sample 户籍适龄儿童名单 (公安) for 四查三比对, beside the keys: the local children of
    /// two schools' latest registry and a dozen who left without any record — the comparison
    /// finds those. A named list (of invented children): readable by its owner only.
    fn hukou_list(&mut self, keys_dir: &Path, latest: i32) -> Result<Option<PathBuf>, Failure> {
        let Some(first) = self
            .schools
            .iter()
            .position(|s| !s.special && s.sizes[0] > 0 && s.setting == Setting::Town)
        else {
            return Ok(None);
        };
        let mut lines = vec!["学籍号,姓名,出生日期,乡镇（街道）,备注".to_owned()];
        let township = |s: &School| {
            let zone = s.record.zone.clone().unwrap_or_default();
            format!("{}镇", zone.trim_end_matches("学区"))
        };
        for k in self
            .kids
            .iter()
            .filter(|k| !k.gone && k.school == first && !k.child.hukou.migrant())
        {
            lines.push(format!(
                "{},{},{},{},",
                k.child.number.expose(),
                k.child.name,
                k.child.birth,
                township(&self.schools[k.school])
            ));
        }
        for k in self
            .kids
            .iter()
            .filter(|k| k.vanished && !k.child.hukou.migrant())
            .take(12)
        {
            lines.push(format!(
                "{},{},{},{},父母在外务工",
                k.child.number.expose(),
                k.child.name,
                k.child.birth,
                township(&self.schools[k.school])
            ));
        }
        let path = keys_dir.with_file_name(format!(
            "{}-户籍适龄儿童名单-{latest}.csv",
            keys_dir.file_name().map_or_else(String::new, |n| n
                .to_string_lossy()
                .trim_end_matches("-keys")
                .to_owned())
        ));
        crate::students::write_private(&path, format!("{}\n", lines.join("\n")).as_bytes())?;
        Ok(Some(path))
    }
}
