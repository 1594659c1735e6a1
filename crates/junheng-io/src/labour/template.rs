//! The templates' columns: header, required, type, what it holds, an example.

use super::Kind;
use super::columns::*;
use crate::table::{Column, col};

const SCHOOL_COL: Column = col(
    SCHOOL,
    true,
    "文本",
    "10 位学校标识码（文本格式）",
    "5001130001",
);
const YEAR_COL: Column = col(YEAR, true, "整数", "2025 表示 2025–2026 学年", "2025");
const LEVEL_COL: Column = col(LEVEL, true, "文本", "国家级、省级、市级、区级", "市级");
const SINCE_COL: Column = col(SINCE, true, "整数", "认定的学年，自该学年起计入", "2023");
const UNTIL_COL: Column = col(UNTIL, false, "整数", "最后有效的学年；仍有效则留空", "");

const BASE_COLUMNS: &[Column] = &[
    col(
        BASE,
        true,
        "文本",
        "基地名称，全区唯一，最多 60 个字",
        "巴南区蚕桑劳动教育基地",
    ),
    col(KIND, true, "文本", "校内、社区、农场、企业", "农场"),
    col(
        CAPACITY,
        true,
        "整数",
        "每天最多接待的学生人数（1 至 100000）",
        "120",
    ),
    col(
        HOST,
        false,
        "文本",
        "校内基地所属学校的学校标识码；校外基地留空",
        "",
    ),
];
const ALLIANCE_COLUMNS: &[Column] = &[
    col(
        ALLIANCE,
        true,
        "文本",
        "联盟名称，全区唯一，最多 60 个字",
        "巴南区劳动教育第一联盟",
    ),
    col(
        MEMBERS,
        true,
        "文本",
        "成员学校的学校标识码，用「、」分隔",
        "5001130001、5001130002",
    ),
    col(
        SHARED,
        false,
        "文本",
        "联盟共享的基地名称（须已导入），用「、」分隔",
        "巴南区蚕桑劳动教育基地",
    ),
];
const VISIT_COLUMNS: &[Column] = &[
    col(
        BASE,
        true,
        "文本",
        "基地名称（须已导入）",
        "巴南区蚕桑劳动教育基地",
    ),
    SCHOOL_COL,
    col(DAY, true, "日期", "活动日期，YYYY-MM-DD", "2025-10-15"),
    col(
        STUDENTS,
        true,
        "整数",
        "参加活动的学生人数（1 至 100000）",
        "45",
    ),
    col(
        NOTE,
        false,
        "文本",
        "活动内容，最多 200 个字；不要填写学生姓名",
        "采桑养蚕",
    ),
];
const BREAK_COLUMNS: &[Column] = &[
    SCHOOL_COL,
    YEAR_COL,
    col(SEMESTER, true, "文本", "第一学期或第二学期", "第一学期"),
    col(
        DAYS_HELD,
        true,
        "整数",
        "本学期开展阳光体育大课间的天数",
        "88",
    ),
    col(
        SCHOOL_DAYS,
        true,
        "整数",
        "本学期在校上课天数（不少于开展天数）",
        "90",
    ),
];
const ARTS_COLUMNS: &[Column] = &[
    SCHOOL_COL,
    YEAR_COL,
    col(
        REACHED,
        true,
        "整数",
        "本学年参加过美育实践活动的学生数",
        "1180",
    ),
    col(
        ENROLLED,
        true,
        "整数",
        "在校学生数（不少于参加人数）",
        "1250",
    ),
];
const SPECIALTY_COLUMNS: &[Column] = &[
    SCHOOL_COL,
    col(KIND, true, "文本", "体育、艺术、科技、劳动", "艺术"),
    LEVEL_COL,
    SINCE_COL,
    UNTIL_COL,
];
const FOOTBALL_COLUMNS: &[Column] = &[SCHOOL_COL, LEVEL_COL, SINCE_COL, UNTIL_COL];
const TRIP_COLUMNS: &[Column] = &[
    SCHOOL_COL,
    col(LEFT, true, "日期", "出发日期，YYYY-MM-DD", "2025-11-06"),
    col(
        DESTINATION,
        true,
        "文本",
        "研学目的地，最多 60 个字",
        "重庆自然博物馆",
    ),
    col(PARTICIPANTS, true, "整数", "实际参加的学生数", "230"),
    col(
        INVITED,
        true,
        "整数",
        "应参加（组织年级）的学生数，不少于参加人数",
        "240",
    ),
];

const LESSON_COLUMNS: &[Column] = &[
    SCHOOL_COL,
    col(GRADE, true, "整数", "1 到 9", "3"),
    col(
        CLASS,
        true,
        "文本",
        "学籍中的班级（如 1班），最多 20 个字",
        "1班",
    ),
    col(
        WEEK,
        true,
        "日期",
        "该周任一天，YYYY-MM-DD（按周一计），不晚于本周",
        "2025-09-01",
    ),
    col(
        LESSONS,
        true,
        "整数",
        "该周实际上的劳动课课时（0 到 20）",
        "1",
    ),
];
const WEEK_COLUMNS: &[Column] = &[
    SCHOOL_COL,
    col(
        FIRST_DAY,
        true,
        "日期",
        "劳动周第一天，YYYY-MM-DD",
        "2025-11-03",
    ),
    col(
        LAST_DAY,
        true,
        "日期",
        "劳动周最后一天，同一学年内，最多 14 天",
        "2025-11-07",
    ),
];

pub(super) fn of(kind: Kind) -> &'static [Column] {
    match kind {
        Kind::Bases => BASE_COLUMNS,
        Kind::Alliances => ALLIANCE_COLUMNS,
        Kind::Visits => VISIT_COLUMNS,
        Kind::Breaks => BREAK_COLUMNS,
        Kind::Arts => ARTS_COLUMNS,
        Kind::Specialties => SPECIALTY_COLUMNS,
        Kind::Football => FOOTBALL_COLUMNS,
        Kind::Trips => TRIP_COLUMNS,
        Kind::Lessons => LESSON_COLUMNS,
        Kind::Weeks => WEEK_COLUMNS,
    }
}
