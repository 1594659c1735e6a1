//! The demo district mid-campaign for the 督导评估 (issue 19): most attested items stated with
//! their documents (布局规划, 四统一, the veto list …), 学校章程 on file for all but two schools,
//! 作业负担 still undecided, the 有编不补 risk of the posts demo left to be checked, and no official
//! 认可度 yet (the national survey comes later); the verdict of the latest year and the one
//! before kept, so the history has two years. On its 创建路径 the district aims at 2028 (整体推进)
//! and has recorded its 自评; the city's steps are still to come.

use junheng_app::evidence::{Caller, Upload, attach};
use junheng_app::inspection::{Settings, attest, evidence_key, resources, status};
use junheng_core::record::{RecordKind, RecordRef};
use junheng_core::rulebook::Rulebook;
use junheng_core::school::{SchoolKind, SchoolRecord};
use junheng_store::{Actor, DistrictId, DistrictStore, Store};
use junheng_teachers::training::Day;

use crate::Failure;
use crate::demo_reviews::pdf;
use crate::platform::store_error;

/// The items the demo bureau has stated, with the title of the document it attached.
const STATED: &[(&str, &str, &str)] = &[
    (
        "layout_plan",
        "县域义务教育学校布局规划",
        "2021—2030 年布局规划经区政府常务会议通过",
    ),
    (
        "four_unified",
        "生均公用经费基准定额文件",
        "城乡学校执行同一建设、编制、经费、装备标准",
    ),
    (
        "teacher_pay",
        "绩效工资总量核定文件",
        "绩效工资总量已按规定足额核定",
    ),
    (
        "posts_allocation",
        "县管校聘实施方案",
        "编制岗位由区教委统筹分配",
    ),
    (
        "migrant_children",
        "留守儿童关爱保护工作方案",
        "留守儿童关爱体系已建立",
    ),
    (
        "charters_it",
        "学校信息化建设情况",
        "各校管理与教学信息化已实现",
    ),
    (
        "it_use",
        "信息技术应用能力提升工程报告",
        "教师信息技术应用能力提升工程 2.0 已完成",
    ),
    (
        "moral_culture",
        "德育工作评估结果",
        "各校德育与校园文化评估均为良好以上",
    ),
    (
        "curriculum",
        "课程设置与课表",
        "国家课程开齐开足，综合实践活动每周一次",
    ),
    (
        "exam_admission",
        "义务教育招生入学工作方案",
        "公办民办同招，超额随机派位",
    ),
    ("school_choice", "招生入学情况说明", "未发现违规择校"),
    ("key_schools", "情况说明", "未设置重点学校"),
    ("key_classes", "均衡编班方案", "各校均衡编班"),
    (
        "safety_incident",
        "情况说明",
        "无重大安全责任事故和严重违纪违规事件",
    ),
    ("falsification", "数据真实性承诺书", "区政府承诺数据真实"),
];

async fn document(
    data: &DistrictStore,
    actor: &Actor,
    record: RecordRef,
    title: &str,
) -> Result<(), Failure> {
    let bytes = pdf(&format!("Junheng demo evidence {} {title}", record.key));
    let file = junheng_io::evidence::check(bytes, &format!("{title}.pdf"))
        .map_err(|e| Failure::Input(e.to_string()))?;
    let upload = Upload {
        record: &record,
        title,
        note: "演示佐证材料",
    };
    attach(data, &Caller::Operator(actor), &upload, &file)
        .await
        .map_err(|e| Failure::Input(e.to_string()))?;
    Ok(())
}

/// Seeds the statements, documents and the kept verdicts of the two latest years.
pub(crate) async fn seed(
    data: &DistrictStore,
    records: &[SchoolRecord],
    consolidation: junheng_core::student::ConsolidationVariant,
    actor: &Actor,
) -> Result<(), Failure> {
    let Some(year) = records.iter().map(|r| r.year).max() else {
        return Ok(());
    };
    let rulebook = Rulebook::builtin("cn-2017").map_err(|e| Failure::Input(e.to_string()))?;
    for (item, title, note) in STATED {
        let record = RecordRef::new(RecordKind::SupervisionItem, &evidence_key(year, item))
            .map_err(|e| Failure::Input(e.to_string()))?;
        document(data, actor, record, title).await?;
        attest(data, year, &rulebook, item, true, note, actor)
            .await
            .map_err(store_error)?;
    }
    // 学校章程 on file for every school of the year but the last two.
    let schools: Vec<&SchoolRecord> = records
        .iter()
        .filter(|r| r.year == year && r.kind != SchoolKind::TeachingPoint)
        .collect();
    for s in schools.iter().take(schools.len().saturating_sub(2)) {
        let record = RecordRef::new(RecordKind::School, s.code.as_str())
            .map_err(|e| Failure::Input(e.to_string()))?;
        document(data, actor, record, "学校章程").await?;
    }
    let settings = Settings {
        consolidation,
        ..Settings::default()
    };
    let today = Day::parse(&junheng_app::tasks::beijing_today())
        .ok_or_else(|| Failure::Input("无法确定今天的日期".into()))?;
    for y in [year - 1, year] {
        if !records.iter().any(|r| r.year == y) {
            continue;
        }
        let res = resources(data, y, &rulebook).await.map_err(store_error)?;
        status(data, y, &rulebook, &settings, today, res)
            .await
            .map_err(store_error)?;
    }
    Ok(())
}

/// The demo district's 创建路径: the target year 2028 (整体推进, as a single-district operator
/// sets it) and the 自评 it recorded in the spring after school year `year` began.
pub(crate) async fn seed_path(
    store: &Store,
    district: DistrictId,
    year: i32,
    actor: &Actor,
) -> Result<(), Failure> {
    store
        .set_creation_target(district, 2028, actor)
        .await
        .map_err(store_error)?;
    junheng_app::inspection::path::record_self_assessment(
        store,
        district,
        &format!("{}-05-20", year + 1),
        &format!(
            "区教委关于义务教育优质均衡发展自评情况的报告（{}年）",
            year + 1
        ),
        "自评报告已报市教委，等待市级过程评估",
        actor,
    )
    .await
    .map_err(store_error)?;
    Ok(())
}
