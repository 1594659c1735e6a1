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
    })
}

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
        Ok(total)
    }

    /// A school other than `not` that teaches `grade` (not the special school).
    fn other_school(&mut self, not: usize, grade: u8) -> Option<usize> {
        let fits: Vec<usize> = (0..self.schools.len())
            .filter(|&s| {
                s != not
                    && !self.schools[s].special
                    && self.schools[s].sizes[usize::from(grade) - 1] > 0
            })
            .collect();
        (!fits.is_empty()).then(|| *self.synth.rng.pick(&fits))
    }

    /// What happens during school year `year` (dated in it): transfers, 休学 and 复学, 辍学,
    /// deaths, absences, and in June the 毕业 of grades 6 and 9; children who leave are gone
    /// from the next registry. In the last year no child arrives from outside (there is no
    /// later registry to list them).
    fn year_events(&mut self, year: i32, last: bool) {
        let present: Vec<usize> = (0..self.kids.len())
            .filter(|&i| !self.kids[i].gone)
            .collect();
        let mut dropouts = 0;
        let mut deaths = 0;
        for &i in &present {
            let (s, g) = (self.kids[i].school, self.kids[i].grade);
            if self.schools[s].special {
                continue;
            }
            let r = self.synth.rng.unit();
            if r < 0.012 {
                // 转学 within the district: 转出 here, 转入 there, the same child.
                if let Some(to) = self.other_school(s, g) {
                    let on = day_in(&mut self.synth.rng, year, 20, 280);
                    let (from_name, to_name) = (
                        self.schools[s].record.name.clone(),
                        self.schools[to].record.name.clone(),
                    );
                    let confirmed = self.synth.rng.chance(0.8);
                    self.event(i, s, EventKind::TransferOut, on);
                    if let Some(p) = self.pending.last_mut() {
                        p.place = to_name;
                        p.confirmed = confirmed;
                    }
                    let arrived = on + i64::from(self.synth.rng.int(0, 3));
                    self.event(i, to, EventKind::TransferIn, arrived);
                    if let Some(p) = self.pending.last_mut() {
                        p.place = from_name;
                    }
                    self.kids[i].school = to;
                }
            } else if r < 0.020 {
                // 转学 out of the district, confirmed by the receiving school.
                let on = day_in(&mut self.synth.rng, year, 20, 280);
                let place = match self.synth.rng.int(0, 3) {
                    0 => "四川省成都市某小学（随父母务工迁出）",
                    1 => "贵州省遵义市某学校（回户籍地就读）",
                    2 => "重庆市渝北区某学校",
                    _ => "广东省东莞市某学校（随父母务工迁出）",
                };
                self.event(i, s, EventKind::TransferOut, on);
                if let Some(p) = self.pending.last_mut() {
                    p.place = place.to_owned();
                    p.confirmed = true;
                }
                self.kids[i].gone = true;
            } else if r < 0.021 {
                // 休学 for illness, 复学 some months later.
                let on = day_in(&mut self.synth.rng, year, 30, 150);
                self.event(i, s, EventKind::Suspend, on);
                let back = on + i64::from(self.synth.rng.int(40, 120));
                self.event(i, s, EventKind::Resume, back);
            } else if r < 0.031 {
                // An absence of a day or three, verified back then.
                let on = day_in(&mut self.synth.rng, year, 10, 290);
                self.event(i, s, EventKind::Absence, on);
                if let Some(p) = self.pending.last_mut() {
                    p.days = self.synth.rng.int(1, 3);
                }
            } else if g >= 7 && dropouts < 4 && r < 0.0312 {
                dropouts += 1;
                let on = day_in(&mut self.synth.rng, year, 60, 260);
                self.event(i, s, EventKind::Dropout, on);
                self.kids[i].gone = true;
            } else if deaths < 3 && r > 0.99985 {
                deaths += 1;
                let on = day_in(&mut self.synth.rng, year, 10, 290);
                self.event(i, s, EventKind::Death, on);
                self.kids[i].gone = true;
            }
        }
        // Arrivals from outside the district during the year (listed from the next registry).
        if !last {
            for s in 0..self.schools.len() {
                if self.schools[s].special {
                    continue;
                }
                // Not grade 9: they would leave before any registry lists them.
                for g in 1..=8u8 {
                    let size = self.schools[s].sizes[usize::from(g) - 1];
                    let n =
                        (f64::from(size) * 0.008 * self.synth.rng.range(0.5, 1.5)).round() as u32;
                    for _ in 0..n {
                        let k = self.add_kid(s, g, year);
                        let on = day_in(&mut self.synth.rng, year, 20, 280);
                        let place = [
                            "四川省广安市某学校",
                            "贵州省毕节市某学校",
                            "湖南省怀化市某学校",
                        ][k % 3];
                        self.event(k, s, EventKind::TransferIn, on);
                        if let Some(p) = self.pending.last_mut() {
                            p.place = place.to_owned();
                        }
                    }
                }
            }
        }
        // June: a few junior pupils have left without a word before; the rest graduate.
        let june = days_from_civil(i64::from(year) + 1, 6, 28);
        for i in 0..self.kids.len() {
            let (s, g) = (self.kids[i].school, self.kids[i].grade);
            if self.kids[i].gone || !matches!(g, 6 | 9) {
                continue;
            }
            if g == 9 && !self.schools[s].special && self.synth.rng.chance(0.006) {
                self.kids[i].gone = true;
                self.kids[i].vanished = true;
                continue;
            }
            self.event(i, s, EventKind::Graduate, june);
        }
    }

    /// The next school year: grade 9 has left; the others move up a grade (a few leave without
    /// a record); grade 6 fills the junior schools of its 学区, then any with room; new grade-1
    /// classes and grade-7 arrivals enter (入学).
    fn advance(&mut self, year: i32) {
        let next = year + 1;
        let september = days_from_civil(i64::from(next), 9, 1);
        let mut leaving_primary: Vec<usize> = Vec::new();
        for i in 0..self.kids.len() {
            if self.kids[i].gone {
                continue;
            }
            let (s, g) = (self.kids[i].school, self.kids[i].grade);
            if g == 9 {
                self.kids[i].gone = true;
                continue;
            }
            let leaves = match g {
                7 | 8 => 0.013,
                _ => 0.002,
            };
            if !self.schools[s].special && self.synth.rng.chance(leaves) {
                self.kids[i].gone = true;
                self.kids[i].vanished = true;
                continue;
            }
            self.kids[i].grade = g + 1;
            if g == 6 && self.schools[s].sizes[6] == 0 {
                leaving_primary.push(i);
            }
        }
        // Room in each junior school's grade 7 (its statistics' size, give or take).
        let mut room: Vec<i64> = self.schools.iter().map(|s| i64::from(s.sizes[6])).collect();
        for k in self.kids.iter().filter(|k| !k.gone && k.grade == 7) {
            room[k.school] -= 1;
        }
        let zones: Vec<&str> = self
            .schools
            .iter()
            .map(|s| s.record.zone.as_deref().unwrap_or_default())
            .collect();
        for pass in 0..2 {
            for &i in &leaving_primary {
                let k = &self.kids[i];
                // Placed in the first pass.
                if k.gone || self.schools[k.school].sizes[6] > 0 {
                    continue;
                }
                let home = zones[k.school];
                let to = (0..self.schools.len())
                    .filter(|&s| {
                        room[s] > 0 && !self.schools[s].special && (pass == 1 || zones[s] == home)
                    })
                    .max_by_key(|&s| room[s]);
                if let Some(to) = to {
                    room[to] -= 1;
                    self.kids[i].school = to;
                }
            }
        }
        for &i in &leaving_primary {
            // Those for whom no junior school here has room went to one elsewhere.
            if self.schools[self.kids[i].school].sizes[6] == 0 {
                self.kids[i].gone = true;
            }
        }
        for (s, &left) in room.iter().enumerate() {
            // Grade-7 arrivals (from primary schools elsewhere) fill the rest.
            for _ in 0..left.max(0) {
                self.add_kid(s, 7, next);
            }
            let intake = f64::from(self.schools[s].sizes[0]) * self.synth.rng.range(0.95, 1.05);
            for _ in 0..intake.round() as u32 {
                self.add_kid(s, 1, next);
            }
        }
        for i in 0..self.kids.len() {
            let k = &self.kids[i];
            if !k.gone && (k.grade == 1 || k.grade == 7) {
                let s = k.school;
                self.event(i, s, EventKind::Enter, september);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_core::demo::{DemoSpec, generate_years};

    #[test]
    fn children_move_up_a_grade_graduate_and_are_replaced_by_a_new_intake() {
        let records = generate_years(
            &DemoSpec {
                schools: 30,
                seed: 5,
                year: 2024,
            },
            3,
        );
        let (seal, pseudonym) = StudentKeys::generate();
        let keys = StudentKeys::from_hex(&seal, &pseudonym).unwrap();
        let mut w = World::new(&records, 2024, 5, &keys);
        w.populate(2022);
        let registered = |w: &World| w.kids.iter().filter(|k| !k.gone).count();
        let first = registered(&w);
        let expected: u32 = w.schools.iter().flat_map(|s| s.sizes).sum();
        assert_eq!(first, expected as usize);
        let ninth: Vec<usize> = (0..w.kids.len())
            .filter(|&i| w.kids[i].grade == 9)
            .collect();
        let third: Vec<usize> = (0..w.kids.len())
            .filter(|&i| w.kids[i].grade == 3)
            .collect();
        w.year_events(2022, false);
        w.advance(2022);
        // Grade 9 has left; grade 3 is grade 4, the same children, but those who left.
        assert!(ninth.iter().all(|&i| w.kids[i].gone));
        let stayed = third.iter().filter(|&&i| !w.kids[i].gone).count();
        assert!(
            stayed * 100 >= third.len() * 95,
            "{stayed} of {}",
            third.len()
        );
        assert!(
            third
                .iter()
                .all(|&i| w.kids[i].gone || w.kids[i].grade == 4)
        );
        // About as many children as before (the statistics' sizes), a new grade 1.
        let now = registered(&w);
        assert!(now.abs_diff(first) * 20 < first, "{now} against {first}");
        assert!(w.kids.iter().any(|k| !k.gone && k.grade == 1));
        // Every grade 9 graduated in June, with an 毕业 of grade 9.
        let graduated = w
            .pending
            .iter()
            .filter(|p| p.kind == EventKind::Graduate && p.grade == 9)
            .count();
        assert!(
            graduated * 100 >= ninth.len() * 98,
            "{graduated} of {}",
            ninth.len()
        );
        // Children on the registry have distinct 学籍号.
        let mut numbers: Vec<&str> = w
            .kids
            .iter()
            .filter(|k| !k.gone)
            .map(|k| k.child.number.expose())
            .collect();
        let n = numbers.len();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), n);
    }
}
