//! Synthetic children for the demo and the benchmarks: deterministic (the demo's SplitMix64
//! stream), with common Chinese surnames and given names, national 学籍号 whose birth date fits
//! the grade (6 years old on 1 September of grade 1, a few a year older) and whose sex digit
//! fits the child, some temporary `L` numbers, and the district's mix of 随迁 (provinces weighted
//! as migration to the south-west runs), 留守, 残疾 with placements and family flags — more of
//! them in rural schools, where also more children board.
//!
//! `junheng students synth` (hidden; for `bench/students/`) writes a city of districts: each
//! district's statistics (`junheng demo generate`'s generator) and one registry CSV per school,
//! grade sizes from the statistics.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use clap::Args as ClapArgs;
use junheng_core::date::{civil_from_days, days_from_civil};
use junheng_core::demo::{DemoSpec, Rng, generate};
use junheng_core::school::{SchoolKind, SchoolRecord, UrbanRural};
use junheng_core::student::{Disability, Flags, Hukou, Placement, StudentNumber};
use junheng_store::NewStudent;

use crate::{Failure, Outcome};

/// Surnames with their weight (per mille of the population, roughly).
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72),
    ("李", 72),
    ("张", 68),
    ("刘", 54),
    ("陈", 45),
    ("杨", 31),
    ("黄", 23),
    ("赵", 20),
    ("吴", 20),
    ("周", 19),
    ("徐", 13),
    ("孙", 12),
    ("马", 12),
    ("朱", 11),
    ("胡", 11),
    ("郭", 10),
    ("何", 10),
    ("罗", 10),
    ("高", 10),
    ("林", 9),
    ("郑", 8),
    ("梁", 7),
    ("谢", 7),
    ("唐", 7),
    ("宋", 6),
    ("许", 6),
    ("邓", 6),
    ("冯", 6),
    ("韩", 6),
    ("曹", 5),
    ("曾", 5),
    ("彭", 5),
    ("肖", 5),
    ("蔡", 4),
    ("潘", 4),
    ("田", 4),
    ("董", 4),
    ("袁", 4),
    ("于", 4),
    ("余", 4),
    ("蒋", 4),
    ("叶", 4),
    ("杜", 3),
    ("苏", 3),
    ("魏", 3),
    ("程", 3),
    ("吕", 3),
    ("丁", 3),
    ("沈", 3),
    ("任", 3),
    ("姚", 3),
    ("卢", 3),
    ("钟", 3),
    ("姜", 3),
    ("崔", 3),
    ("谭", 3),
    ("廖", 3),
    ("范", 3),
    ("汪", 3),
    ("陆", 3),
    ("金", 2),
    ("石", 2),
    ("戴", 2),
    ("贾", 2),
    ("韦", 2),
    ("夏", 2),
    ("邱", 2),
    ("方", 2),
    ("侯", 2),
    ("邹", 2),
    ("熊", 2),
    ("孟", 2),
    ("秦", 2),
    ("白", 2),
    ("毛", 2),
    ("江", 2),
    ("闫", 2),
    ("薛", 2),
    ("尹", 2),
    ("付", 2),
    ("段", 2),
    ("雷", 2),
    ("黎", 2),
    ("龙", 2),
    ("陶", 2),
    ("向", 2),
    ("冉", 1),
    ("牟", 1),
    ("欧阳", 1),
    ("司马", 1),
];

/// Characters of boys' given names.
const BOYS: &[&str] = &[
    "浩", "宇", "轩", "子", "俊", "杰", "博", "文", "泽", "阳", "睿", "晨", "辰", "一", "明", "天",
    "思", "嘉", "鑫", "昊", "然", "鹏", "志", "强", "伟", "磊", "凯", "鸿", "皓", "铭", "瑞", "航",
    "家", "豪", "诚", "健", "翔", "宏", "涛", "帆", "峰", "毅", "锦", "亮", "洋", "俊", "奕", "霖",
    "煜", "烨", "恒", "旭", "钧", "骏", "景", "彬", "斌", "清", "哲", "远",
];

/// Characters of girls' given names.
const GIRLS: &[&str] = &[
    "欣", "怡", "雨", "梓", "涵", "思", "佳", "子", "诗", "琪", "雪", "婷", "悦", "可", "馨", "萱",
    "瑶", "彤", "语", "妍", "晨", "月", "静", "慧", "丽", "芳", "玲", "霞", "颖", "璐", "若", "依",
    "晴", "菲", "蕾", "心", "宁", "桐", "恬", "欢", "美", "秋", "嘉", "童", "然", "艺", "汐", "楠",
    "岚", "曦", "文", "雅", "淑", "倩", "露", "舒", "瑾", "婉", "琳", "茜",
];

/// 随迁 children's 户籍 provinces with their weight (a south-western city's intake).
const PROVINCES: &[(&str, u32)] = &[
    ("四川省", 30),
    ("贵州省", 20),
    ("湖南省", 12),
    ("湖北省", 8),
    ("云南省", 8),
    ("河南省", 7),
    ("广西壮族自治区", 5),
    ("陕西省", 4),
    ("江西省", 3),
    ("甘肃省", 3),
];

/// 残疾类别 with their weight among children with a disability.
const DISABILITIES: &[(Disability, u32)] = &[
    (Disability::Intellectual, 30),
    (Disability::Physical, 20),
    (Disability::Hearing, 12),
    (Disability::Multiple, 12),
    (Disability::Speech, 10),
    (Disability::Visual, 8),
    (Disability::Mental, 8),
];

fn weighted<'a, T>(rng: &mut Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut at = rng.int(0, total - 1);
    for (item, w) in items {
        if at < *w {
            return item;
        }
        at -= w;
    }
    &items[items.len() - 1].0
}

/// Where a school is, as the shares of its children depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    Urban,
    Town,
    Rural,
}

impl Setting {
    pub(crate) fn of(r: &SchoolRecord) -> Setting {
        match r.urban_rural {
            Some(UrbanRural::Urban) => Setting::Urban,
            Some(UrbanRural::Rural) => Setting::Rural,
            _ => Setting::Town,
        }
    }

    /// Share of 随迁, 留守 and 脱贫户 children.
    fn shares(self) -> (f64, f64, f64) {
        match self {
            Setting::Urban => (0.18, 0.04, 0.01),
            Setting::Town => (0.10, 0.15, 0.03),
            Setting::Rural => (0.03, 0.28, 0.07),
        }
    }
}

/// A child: what stays from year to year (the grade, class and school are the registry's).
#[derive(Clone)]
pub(crate) struct Child {
    pub number: StudentNumber,
    pub name: String,
    pub male: bool,
    /// 出生日期, `YYYY-MM-DD`.
    pub birth: String,
    pub hukou: Hukou,
    pub disability: Option<(Disability, Placement)>,
    /// The family flags (留守 … 困境); 寄宿 and 政府购买学位 are the year's.
    pub family: Flags,
}

impl Child {
    /// The child as a registry row of a school year.
    pub(crate) fn student(
        &self,
        grade: u8,
        class: &str,
        boarding: bool,
        purchased: bool,
    ) -> NewStudent {
        NewStudent {
            number: self.number.clone(),
            name: self.name.clone(),
            male: self.male,
            birth_date: self.birth.clone(),
            grade,
            class: class.to_owned(),
            hukou: self.hukou.clone(),
            disability: self.disability,
            flags: Flags {
                boarding,
                purchased_place: purchased,
                ..self.family
            },
        }
    }
}

/// A generator of children for one district.
pub(crate) struct Synth {
    pub rng: Rng,
    /// The district's 6-digit region, the first six digits of its children's ID numbers.
    region: String,
    /// Sequence numbers used per (birth day, sex).
    used: HashMap<(i64, bool), u16>,
    /// Temporary numbers issued.
    temporary: u32,
}

impl Synth {
    pub(crate) fn new(seed: u64, region: &str) -> Synth {
        Synth {
            rng: Rng::new(seed),
            region: region.to_owned(),
            used: HashMap::new(),
            temporary: 0,
        }
    }

    /// A name: a surname and one or two characters.
    pub(crate) fn name(&mut self, male: bool) -> String {
        let mut name = (*weighted(&mut self.rng, SURNAMES)).to_owned();
        let pool = if male { BOYS } else { GIRLS };
        name.push_str(self.rng.pick::<&str>(pool));
        if self.rng.chance(0.75) {
            name.push_str(self.rng.pick::<&str>(pool));
        }
        name
    }

    /// A birth day (days since 1970) for grade `grade` in school year `year`: 6 years old by
    /// 1 September of grade 1; one in seventy a year older.
    pub(crate) fn birth(&mut self, year: i32, grade: u8) -> i64 {
        let y = i64::from(year) - 6 - i64::from(grade);
        let from = days_from_civil(y, 9, 1);
        let to = days_from_civil(y + 1, 8, 31);
        let day = from + i64::from(self.rng.int(0, u32::try_from(to - from).unwrap_or(364)));
        if self.rng.chance(1.0 / 70.0) {
            day - 365
        } else {
            day
        }
    }

    /// A 学籍号: national (`G` + an ID number of the birth day and sex), or one in a hundred a
    /// temporary `L` number (also when a day's sequence numbers run out).
    pub(crate) fn number(&mut self, birth: i64, male: bool, year: i32) -> StudentNumber {
        let (y, m, d) = civil_from_days(birth);
        let day = format!("{y:04}-{m:02}-{d:02}");
        if !self.rng.chance(0.01) {
            let k = self.used.entry((birth, male)).or_insert(0);
            if *k < 500 {
                let seq = *k * 2 + u16::from(male);
                *k += 1;
                if let Some(n) = StudentNumber::national(&self.region, &day, seq) {
                    return n;
                }
            }
        }
        self.temporary += 1;
        StudentNumber::parse(&format!("L{}{year:04}{:06}", self.region, self.temporary))
            .expect("L + 16 digits is a temporary number")
    }

    /// A new child of grade `grade` in school year `year` at a school in `setting` (a special
    /// school's children all have a disability).
    pub(crate) fn child(&mut self, year: i32, grade: u8, setting: Setting, special: bool) -> Child {
        let male = self.rng.chance(0.52);
        let birth = self.birth(year, grade);
        let number = self.number(birth, male, year);
        let (y, m, d) = civil_from_days(birth);
        let (migrant, left_behind, poverty) = setting.shares();
        let hukou = if self.rng.chance(migrant) {
            Hukou::Migrant {
                province: (*weighted(&mut self.rng, PROVINCES)).to_owned(),
            }
        } else {
            Hukou::Local
        };
        let disability = if special || self.rng.chance(0.006) {
            let kind = *weighted(&mut self.rng, DISABILITIES);
            let placement = if special {
                Placement::SpecialClass
            } else {
                let home = if matches!(kind, Disability::Multiple | Disability::Intellectual) {
                    0.25
                } else {
                    0.08
                };
                if self.rng.chance(home) {
                    Placement::HomeTeaching
                } else if self.rng.chance(0.08) {
                    Placement::SpecialClass
                } else {
                    Placement::Regular
                }
            };
            Some((kind, placement))
        } else {
            None
        };
        let family = Flags {
            left_behind: !hukou.migrant() && self.rng.chance(left_behind),
            poverty: self.rng.chance(poverty),
            dibao: self.rng.chance(0.02),
            orphan: self.rng.chance(0.001),
            unsupported: self.rng.chance(0.002),
            hardship: self.rng.chance(0.005),
            ..Flags::default()
        };
        Child {
            name: self.name(male),
            number,
            male,
            birth: format!("{y:04}-{m:02}-{d:02}"),
            hukou,
            disability,
            family,
        }
    }

    /// Whether a child of `grade` boards at a school in `setting`.
    pub(crate) fn boards(&mut self, grade: u8, setting: Setting) -> bool {
        let p = match (setting, grade) {
            (Setting::Rural, 7..) => 0.45,
            (Setting::Rural, 4..) => 0.12,
            (Setting::Town, 7..) => 0.2,
            _ => 0.0,
        };
        p > 0.0 && self.rng.chance(p)
    }
}

/// The grade sizes of a school's statistics (index 0 = grade 1): each section's students over
/// its grades, within ±8 % of even, summing to the section's students.
pub(crate) fn grade_sizes(r: &SchoolRecord, rng: &mut Rng) -> [u32; 9] {
    let mut sizes = [0u32; 9];
    for (students, grades) in [
        (r.primary.students, 0..6usize),
        (r.junior.students, 6..9usize),
    ] {
        if students == 0 {
            continue;
        }
        let n = grades.len() as u32;
        let mut left = students;
        for (k, g) in grades.clone().enumerate() {
            let k = k as u32;
            let size = if k + 1 == n {
                left
            } else {
                let even = f64::from(students) / f64::from(n);
                (even * rng.range(0.92, 1.08)).round().min(f64::from(left)) as u32
            };
            sizes[g] = size;
            left -= size;
        }
    }
    sizes
}

/// Classes of a grade: the section's classes over its grades, at least one.
pub(crate) fn classes(r: &SchoolRecord, grade: u8) -> u32 {
    let (classes, grades) = if grade <= 6 {
        (r.primary.classes, 6)
    } else {
        (r.junior.classes, 3)
    };
    (classes / grades).max(1)
}

/// Whether a school is a 特殊教育学校.
pub(crate) fn special(r: &SchoolRecord) -> bool {
    r.kind == SchoolKind::Special
}

/// The registry CSV header (the template's columns, in order).
pub(crate) const CSV_HEADER: &str = "学籍号,姓名,性别,出生日期,学段,年级,班级,户籍,户籍所在省份,留守儿童,残疾类别,安置方式,脱贫户,低保,孤儿,事实无人抚养,困境儿童,寄宿,政府购买学位";

/// A child as a line of the registry CSV.
pub(crate) fn csv_line(s: &NewStudent) -> String {
    let yes = |b: bool| if b { "是" } else { "" };
    let f = s.flags;
    format!(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
        s.number.expose(),
        s.name,
        if s.male { "男" } else { "女" },
        s.birth_date,
        if s.grade <= 6 { "小学" } else { "初中" },
        s.grade,
        s.class,
        s.hukou.label(),
        s.hukou.province().unwrap_or(""),
        yes(f.left_behind),
        s.disability.map_or("", |(d, _)| d.label()),
        s.disability.map_or("", |(_, p)| p.label()),
        yes(f.poverty),
        yes(f.dibao),
        yes(f.orphan),
        yes(f.unsupported),
        yes(f.hardship),
        yes(f.boarding),
        yes(f.purchased_place),
    )
}

/// The registry of one school for a school year: every child, grade sizes from the statistics.
pub(crate) fn school_registry(
    synth: &mut Synth,
    r: &SchoolRecord,
    year: i32,
    public: bool,
) -> Vec<NewStudent> {
    let setting = Setting::of(r);
    let sizes = grade_sizes(r, &mut synth.rng);
    let mut out = Vec::with_capacity(sizes.iter().sum::<u32>() as usize);
    for (i, &n) in sizes.iter().enumerate() {
        let grade = i as u8 + 1;
        let classes = classes(r, grade);
        for k in 0..n {
            let child = synth.child(year, grade, setting, special(r));
            let boarding = synth.boards(grade, setting);
            let purchased = !public && child.hukou.migrant() && synth.rng.chance(0.6);
            let class = format!("{}班", k % classes + 1);
            out.push(child.student(grade, &class, boarding, purchased));
        }
    }
    out
}

#[derive(ClapArgs, Debug)]
pub struct SynthArgs {
    /// 区县数
    #[arg(long, default_value_t = 38, value_parser = clap::value_parser!(u32).range(1..=99))]
    pub districts: u32,
    /// 学生总数（平均分到各区县）
    #[arg(long, default_value_t = 3_500_000)]
    pub students: u64,
    /// 学年
    #[arg(long, default_value_t = 2024, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: i32,
    /// 随机种子
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// 输出目录：每个区县一个子目录（区县代码），内有 statistics.csv 和 registry/学校标识码.csv
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// The code of the `d`-th synthetic district (from 0).
fn district_code(d: u32) -> String {
    format!("51{:04}", 9001 + d)
}

pub fn run(args: &SynthArgs) -> Result<Outcome, Failure> {
    let fail = |e: std::io::Error| Failure::Output(e.into());
    let per = args.students / u64::from(args.districts);
    // Schools per district from the generator's mean school size, with room to spare: each
    // district keeps the first of its schools that hold its share of the children.
    let probe = generate(&DemoSpec {
        schools: 200,
        seed: args.seed,
        year: args.year,
    });
    let mean = probe
        .iter()
        .map(|r| u64::from(r.primary.students + r.junior.students))
        .sum::<u64>() as f64
        / probe.len() as f64;
    let schools = ((per as f64 / mean * 2.0).round() as usize).max(10);
    let mut total = 0u64;
    for d in 0..args.districts {
        let code = district_code(d);
        let dir = args.out.join(&code);
        std::fs::create_dir_all(dir.join("registry")).map_err(fail)?;
        let seed = args.seed.wrapping_add(u64::from(d) * 7919);
        let mut records = generate(&DemoSpec {
            schools,
            seed,
            year: args.year,
        });
        let mut held = 0u64;
        let keep = records
            .iter()
            .take_while(|r| {
                let before = held;
                held += u64::from(r.primary.students + r.junior.students);
                before < per
            })
            .count();
        records.truncate(keep.max(1));
        let mut stats = std::io::BufWriter::new(
            std::fs::File::create(dir.join("statistics.csv")).map_err(fail)?,
        );
        junheng_io::school::write_csv(&records, &mut stats).map_err(fail)?;
        stats.flush().map_err(fail)?;
        let mut synth = Synth::new(seed, &code);
        let mut children = 0u64;
        for r in &records {
            let students = school_registry(&mut synth, r, args.year, true);
            if students.is_empty() {
                continue;
            }
            let path = dir.join("registry").join(format!("{}.csv", r.code));
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(fail)?);
            writeln!(out, "{CSV_HEADER}").map_err(fail)?;
            for s in &students {
                writeln!(out, "{}", csv_line(s)).map_err(fail)?;
            }
            out.flush().map_err(fail)?;
            children += students.len() as u64;
        }
        total += children;
        println!("{code}\t合成区{:02}\t{}\t{children}", d + 1, records.len());
    }
    eprintln!(
        "已生成 {} 个区县、{total} 名学生的学籍文件 → {}",
        args.districts,
        args.out.display()
    );
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_of_their_grade_and_their_numbers_agree_with_them() {
        let mut s = Synth::new(7, "500112");
        let mut seen = std::collections::HashSet::new();
        let mut over = 0;
        for _ in 0..3000 {
            let c = s.child(2024, 1, Setting::Rural, false);
            assert!(seen.insert(c.number.clone()), "unique numbers");
            assert!(
                c.birth.as_str() >= "2016-09-01" && c.birth.as_str() <= "2018-08-31",
                "{}",
                c.birth
            );
            over += usize::from(c.birth.as_str() < "2017-09-01");
            if let Some(b) = c.number.birth_date() {
                assert_eq!(b, c.birth);
                assert_eq!(c.number.male(), Some(c.male));
            }
            assert!((2..=4).contains(&c.name.chars().count()));
        }
        // One in seventy is a year older than the grade.
        assert!((20..=70).contains(&over), "{over}");
    }

    #[test]
    fn a_csv_line_has_every_column() {
        let mut s = Synth::new(1, "500112");
        let c = s.child(2024, 7, Setting::Urban, false);
        let line = csv_line(&c.student(7, "3班", false, false));
        assert_eq!(line.split(',').count(), CSV_HEADER.split(',').count());
    }
}
