//! The fuzz harness's seed corpus (`fuzz.rs` mutates it): a valid file of every importer, made
//! by the project's writers and the fixtures, and the structured bombs of `bombs.rs`, each with
//! the importer that reads it.

use junheng_io::{classroom, group, health, rotation, school, student, teacher};

use crate::bombs;
use crate::survey_seeds;

/// Which importer reads a case.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reader {
    School,
    Roster,
    Ledger,
    Lottery,
    Group,
    Classroom,
    Students,
    List,
    Fitness,
    Vision,
    Mental,
    Scale,
    // Issue 19: the 问卷星 export reader (as the built-in questionnaire's 家长) and the
    // evidence checker (its refusal read as one issue).
    Survey,
    Evidence,
}

pub(crate) struct Seed {
    pub name: &'static str,
    pub reader: Reader,
    pub bytes: Vec<u8>,
}

fn fixture(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures");
    std::fs::read(dir.join(name)).unwrap()
}

pub(crate) const ZONES: &str =
    "学区代码,学区名称,派位方式\nZ1,第一学区,平行志愿\nZ2,第二学区,单校派位\n";
pub(crate) const SEATS: &str = "学校代码,学校名称,学区代码,计划数,类别,类别计划数\nS1,一小,Z1,2,直升,1\nS2,二小,Z1,1,,\nS3,三小,Z2,1,,\n";
pub(crate) const SESSIONS: &str = "课堂类型,授课学校标识码,授课单位,接收学校标识码,学科,日期,时长（分钟）,备注\n专递课堂,5001120001,,5001120031,音乐,2024-09-10,40,\n名校网络课堂,,巴蜀小学,5001120032,科学,2024年9月11日,45,第二节\n";
pub(crate) const STUDENTS: &str = "学籍号,姓名,性别,出生日期,学段,年级,班级,户籍,户籍所在省份,留守儿童,残疾类别,安置方式,脱贫户,低保,孤儿,事实无人抚养,困境儿童,寄宿,政府购买学位\nG500112201609010015,张三,男,2016-09-01,小学,2,1班,本地,,,,,,,,,,,\nG500112201505200025,李四,女,2015-05-20,小学,3,2班,随迁,四川,是,视力,随班就读,是,,,,,是,\n";
pub(crate) const LIST: &str = "学籍号,姓名,出生日期,乡镇（街道）,备注\nG500112201609010015,张三,2016-09-01,双河街道,\nG500112201505200025,李四,,,转入\n";
pub(crate) const FITNESS: &str = "学籍号,年级,班级,性别,身高(cm),体重(kg),肺活量(ml),50米跑(秒),坐位体前屈(cm),一分钟跳绳(次),一分钟仰卧起坐(次),50米×8往返跑,立定跳远(cm),引体向上(次),1000米跑/800米跑,测试状态,补测\nG500112201609010015,2,1班,男,125.4,24.6,1180,11.2,-1.5,105,,,,,,,\nG500112201111110035,7,3班,男,158.3,48,2650,8.4,6,,,,205,6,4'05\",,\nG500112201609010015,2,1班,男,125.4,24.6,1180,11.2,9.5,110,,,,,,正常,是\n";
pub(crate) const VISION: &str = "学籍号,年级,班级,性别,右眼裸眼视力,左眼裸眼视力,右眼球镜,右眼柱镜,左眼球镜,左眼柱镜,戴镜,筛查日期\nG500112201609010015,2,1班,男,5.0,4.9,,,,,,\nG500112201505200025,4,2班,女,4.8,4.7,-1.25,-0.50,-0.75,0,是,2024-09-10\n";
pub(crate) const MENTAL: &str = "学籍号,年级,班级,监护人同意,PHQ9_1,PHQ9_2,PHQ9_3,PHQ9_4,PHQ9_5,PHQ9_6,PHQ9_7,PHQ9_8,PHQ9_9,GAD7_1,GAD7_2,GAD7_3,GAD7_4,GAD7_5,GAD7_6,GAD7_7\nG500112201111110035,7,3班,是,0,1,2,3,0,1,2,3,0,,,,,,,\nL5001122024000123,8,1班,,,,,,,,,,,1,1,0,0,1,0,0\n";
pub(crate) const APPLICANTS: &str = "报名号,学区代码,优先级,志愿1,志愿2,同胞报名号,类别\nA1,Z1,三对口,S1,S2,A2,直升\nA2,Z1,1,S2,S1,A1,\nA3,Z2,其他,S3,,,\n";

/// The 集团类型 vocabulary group files are read against.
pub(crate) fn group_kinds() -> Vec<String> {
    ["紧密型", "联盟型", "名校+新校"]
        .iter()
        .map(|k| (*k).to_owned())
        .collect()
}

/// A group file of two groups and three memberships (one school moving between them).
fn group_file() -> Vec<u8> {
    use junheng_core::group::{GroupStatus, LegalForm};
    use junheng_core::school::SchoolCode;
    let code = |c: &str| SchoolCode::parse(c).unwrap();
    let groups = [
        group::GroupLine {
            row: 2,
            name: "巴蜀小学教育集团".into(),
            kind: "紧密型".into(),
            status: GroupStatus::Formal,
            founded_on: Some("2019-09-01".into()),
            legal_form: LegalForm::Multiple,
            lead_school: Some(code("5001120001")),
            note: "含两个校区".into(),
        },
        group::GroupLine {
            row: 3,
            name: "人民路小学集团".into(),
            kind: String::new(),
            status: GroupStatus::Cultivating,
            founded_on: None,
            legal_form: LegalForm::Unknown,
            lead_school: None,
            note: String::new(),
        },
    ];
    let member =
        |row, group: &str, school: &str, joined: &str, left: Option<&str>| group::MemberLine {
            row,
            group: group.into(),
            school: code(school),
            joined_on: joined.into(),
            left_on: left.map(Into::into),
        };
    let members = [
        member(2, "巴蜀小学教育集团", "5001120001", "2019-09-01", None),
        member(
            3,
            "巴蜀小学教育集团",
            "5001120002",
            "2019-09-01",
            Some("2022-09-01"),
        ),
        member(4, "人民路小学集团", "5001120002", "2022-09-01", None),
    ];
    group::write_groups(&groups, &members, &group_kinds())
}

pub(crate) fn seeds() -> Vec<Seed> {
    let records = junheng_core::demo::generate(&junheng_core::demo::DemoSpec {
        schools: 30,
        seed: 3,
        year: 2024,
    });
    let mut csv = Vec::new();
    school::write_csv(&records, &mut csv).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.xlsx");
    school::write_xlsx(&records, &path).unwrap();
    let xlsx = std::fs::read(&path).unwrap();
    let roster = teacher::read_bytes(&teacher::write_template(), "t.xlsx").unwrap();
    let mut roster_csv = Vec::new();
    teacher::write_csv(&roster.teachers, &mut roster_csv).unwrap();
    let ledger = rotation::read_ledger_bytes(&rotation::write_ledger_template(), "l.xlsx").unwrap();
    let mut ledger_csv = Vec::new();
    rotation::write_ledger_csv(&ledger.moves, &mut ledger_csv).unwrap();
    let seed = |name, reader, bytes| Seed {
        name,
        reader,
        bytes,
    };
    vec![
        seed("学校.csv", Reader::School, csv),
        seed("学校.xlsx", Reader::School, xlsx.clone()),
        seed("学校.xlsm", Reader::School, xlsx),
        seed("学校.xls", Reader::School, fixture("template.xls")),
        seed("学校.ods", Reader::School, fixture("template.ods")),
        seed("花名册.csv", Reader::Roster, roster_csv),
        seed("花名册.xlsx", Reader::Roster, teacher::write_template()),
        seed("花名册.ods", Reader::Roster, fixture("roster.ods")),
        seed("台账.csv", Reader::Ledger, ledger_csv),
        seed(
            "台账.xlsx",
            Reader::Ledger,
            rotation::write_ledger_template(),
        ),
        seed("报名.csv", Reader::Lottery, APPLICANTS.as_bytes().to_vec()),
        seed("集团.xlsx", Reader::Group, group_file()),
        seed("集团.xlsm", Reader::Group, group_file()),
        seed("课堂.xlsx", Reader::Classroom, classroom::write_template()),
        seed("课堂.csv", Reader::Classroom, SESSIONS.as_bytes().to_vec()),
        seed("学籍.xlsx", Reader::Students, student::write_template()),
        seed("学籍.csv", Reader::Students, STUDENTS.as_bytes().to_vec()),
        seed(
            "名单.xlsx",
            Reader::List,
            student::lists::write_list_template(),
        ),
        seed("名单.csv", Reader::List, LIST.as_bytes().to_vec()),
        seed(
            "体质.xlsx",
            Reader::Fitness,
            health::write_fitness_template(),
        ),
        seed("体质.csv", Reader::Fitness, FITNESS.as_bytes().to_vec()),
        seed("视力.xlsx", Reader::Vision, health::write_vision_template()),
        seed("视力.csv", Reader::Vision, VISION.as_bytes().to_vec()),
        seed("心理.xlsx", Reader::Mental, health::write_mental_template()),
        seed("心理.csv", Reader::Mental, MENTAL.as_bytes().to_vec()),
        seed("量表.xlsx", Reader::Scale, health::write_scale_template()),
        // Issue 19: an export of parents' answers and documents of evidence.
        seed("问卷.xlsx", Reader::Survey, survey_seeds::export()),
        seed(
            "问卷.csv",
            Reader::Survey,
            survey_seeds::CSV.as_bytes().to_vec(),
        ),
        seed("章程.pdf", Reader::Evidence, survey_seeds::PDF.to_vec()),
        seed("材料.xlsx", Reader::Evidence, classroom::write_template()),
    ]
}

/// The structured bombs, each under the name (and so the format) it is read as.
pub(crate) fn bombs() -> Vec<Seed> {
    let mut tiny_rows = b"a\n".repeat(1_000_000);
    tiny_rows.splice(0..0, b"x\n".iter().copied());
    let mut bad_utf8 = "学年,学校标识码,学校名称,办学类型\n2024,5001120001,实验小学,小学\n"
        .as_bytes()
        .to_vec();
    let n = bad_utf8.len();
    bad_utf8[n - 3] = 0xC0;
    let controls =
        "学年,学校标识码,学校名称,办学类型\n2024,5001120001,\"实验\0\u{7}\n小学\",小学\n";
    let formulas = "学年,学校标识码,学校名称,办学类型\n2024,=1+2,@SUM(A1),-小学\n";
    let long: String = "长".repeat(20_000);
    let sst_cells: Vec<(u16, u16, u32)> = (0..20_000).map(|r| (r as u16, 0, 0)).collect();
    let seed = |name, reader, bytes| Seed {
        name,
        reader,
        bytes,
    };
    vec![
        seed("膨胀.xlsx", Reader::School, bombs::inflated_cell(16 << 20)),
        seed(
            "谎报.xlsx",
            Reader::Roster,
            bombs::lie_about_sizes(bombs::inflated_cell(12 << 20), 10),
        ),
        seed("远角.xlsx", Reader::School, bombs::far_corner()),
        seed(
            "重复.ods",
            Reader::Ledger,
            bombs::ods_repeats(1_000_000, 16_384),
        ),
        seed(
            "共享.xls",
            Reader::School,
            bombs::xls_with_strings(&[&long], &sst_cells),
        ),
        seed("宽.csv", Reader::Roster, bombs::wide_csv(100_000)),
        seed("宽表头.csv", Reader::Lottery, bombs::wide_csv(100_000)),
        seed("小行.csv", Reader::Ledger, tiny_rows),
        seed("编码.csv", Reader::School, bad_utf8),
        seed("控制.csv", Reader::School, controls.as_bytes().to_vec()),
        seed("公式.csv", Reader::Lottery, formulas.as_bytes().to_vec()),
        seed(
            "集团膨胀.xlsx",
            Reader::Group,
            bombs::inflated_cell(16 << 20),
        ),
        seed("集团远角.xlsx", Reader::Group, bombs::far_corner()),
        seed("课堂远角.xlsx", Reader::Classroom, bombs::far_corner()),
        seed("学籍远角.xlsx", Reader::Students, bombs::far_corner()),
        seed("学籍宽.csv", Reader::Students, bombs::wide_csv(100_000)),
        seed("体质远角.xlsx", Reader::Fitness, bombs::far_corner()),
        seed("视力宽.csv", Reader::Vision, bombs::wide_csv(100_000)),
        seed(
            "心理膨胀.xlsx",
            Reader::Mental,
            bombs::inflated_cell(16 << 20),
        ),
    ]
}
