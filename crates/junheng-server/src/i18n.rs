//! The English switch: Chinese by default; `/lang?to=en` (a cookie) shows the interface in
//! English. Domain data — school names, indicator names from the rulebooks, gap sentences, the
//! engine's explanations — stay in Chinese, as in the official rules they come from.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub(crate) const LANG_COOKIE: &str = "junheng_lang";

/// The interface language of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// From the request's cookie.
    pub fn of(headers: &HeaderMap) -> Self {
        let en = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|pair| pair.trim() == format!("{LANG_COOKIE}=en"));
        if en { Lang::En } else { Lang::Zh }
    }

    /// The text in this language: English when a translation exists, else the Chinese.
    pub fn t(self, zh: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => english(zh).unwrap_or(zh),
        }
    }

    /// The `lang` attribute of the page.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(&parts.headers))
    }
}

#[derive(Deserialize)]
pub(crate) struct Switch {
    to: String,
    next: Option<String>,
}

/// `/lang?to=en&next=/dashboard`: sets the language cookie and goes back (only to a local path,
/// see [`crate::views::LocalPath`]).
pub(crate) async fn switch(crate::params::Query(q): crate::params::Query<Switch>) -> Response {
    let value = if q.to == "en" { "en" } else { "zh" };
    let next = q
        .next
        .as_deref()
        .and_then(crate::views::LocalPath::parse)
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let mut response = Redirect::to(&next).into_response();
    let cookie = format!("{LANG_COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax");
    response.headers_mut().append(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    response
}

/// The English of every interface text.
fn english(zh: &str) -> Option<&'static str> {
    Some(match zh {
        "概览" => "Overview",
        "学校" => "Schools",
        "教育集团" => "Education groups",
        "地图" => "Map",
        "报告" => "Report",
        "审计" => "Audit",
        "导入数据" => "Import",
        "审核提交" => "Review submissions",
        "用户" => "Users",
        "提交本校数据" => "Submit school data",
        "公开结果" => "Published results",
        "随机派位" => "Enrollment lottery",
        "先用 junheng lottery freeze 生成并公布名单摘要，再在此上传名单文件和派位密钥文件，于现场由见证人输入随机值后派位。" => {
            "Freeze the applicant list with `junheng lottery freeze` and publish its digest; upload the list and the lottery key file here; at the ceremony the witnesses enter their values and the draw runs."
        }
        "名单只含公示编号；派位密钥保存在服务器上，仅用于家长凭报名号和回执校验码查询，不会公开。" => {
            "The list names applicants by public code only; the lottery key stays on the server, used only for parents' lookups with their application number and receipt check code, and is never published."
        }
        "派位密钥文件" => "Lottery key file",
        "旧格式名单：列出报名号，审计包和录取名单只向管理员显示，家长查询已停用。" => {
            "Old-format list naming application numbers: its audit pack and admission lists are shown to administrators only; parents' lookup is switched off."
        }
        "旧格式名单不能再派位：请用新版 junheng lottery freeze 重新冻结，重新公示后上传名单和派位密钥。" => {
            "An old-format list cannot be drawn: freeze it again with the current `junheng lottery freeze`, publish it again, then upload the list and its lottery key."
        }
        "录取（按顺序，公示编号）" => "Admitted (in order, public codes)",
        "这次派位使用旧格式名单（列出报名号），录取名单和审计包只向管理员显示；这里只公布各校人数。" => {
            "This lottery used an old-format list naming application numbers: admission lists and the audit pack are shown to administrators only; only the numbers per school are published here."
        }
        "录取人数" => "Admitted",
        "名单和结果只列公示编号；家长凭报名号和回执校验码在网上查询本人结果。" => {
            "The list and the results name applicants by public code only; parents look up their own outcome with their application number and receipt check code."
        }
        "这次派位使用旧格式名单（列出报名号），网上查询已停用；请向教育局咨询派位结果。" => {
            "This lottery used an old-format list naming application numbers: the online lookup is switched off; please ask the education bureau for the outcome."
        }
        "请输入报名号和回执上的 6 位回执校验码。公示名单和审计包中您的孩子以回执上的公示编号出现。" => {
            "Enter the application number and the 6-digit check code on your receipt. In the published list and audit pack your child appears under the public code on the receipt."
        }
        "回执校验码" => "Receipt check code",
        "查询表单已过期，请重新输入" => {
            "The lookup form has expired, please enter again"
        }
        "报名号或回执校验码不正确，或该报名号没有参加本次派位；请核对回执后重试" => {
            "Wrong application number or check code, or the application number is not in this lottery; please check your receipt and try again"
        }
        "名单文件（JSON）" => "Applicant list (JSON)",
        "上传名单" => "Upload list",
        "名称" => "Name",
        "名单摘要（SHA-256）" => "List digest (SHA-256)",
        "已派位" => "drawn",
        "待派位" => "not drawn",
        "名报名者" => "applicants",
        "所学校" => "schools",
        "名单摘要（SHA-256），派位前已公布：" => {
            "List digest (SHA-256), published before the ceremony:"
        }
        "随机种子" => "Seed",
        "结果摘要" => "Results digest",
        "见证人" => "Witnesses",
        "姓名" => "Name",
        "输入值" => "Value entered",
        "各校录取结果" => "Admissions per school",
        "计划数" => "Seats",
        "录取（按顺序）" => "Admitted (in order)",
        "候补" => "Waitlist",
        "未派中、转入公办兜底" => "Not placed, to the public fallback",
        "打印派位记录" => "Print the record",
        "下载审计包" => "Download the audit pack",
        "家长查询" => "Parents' lookup",
        "开始派位" => "Draw",
        "派位记录" => "Lottery record",
        "算法" => "Algorithm",
        "各学区派位方式" => "Mechanism per zone",
        "身份" => "Role",
        "签字" => "Signature",
        "任何人可用 junheng lottery verify 或 tools/lottery_verify.py 对审计包复核，结果应逐字节一致。" => {
            "Anyone can re-run the audit pack with `junheng lottery verify` or tools/lottery_verify.py and must get byte-identical results."
        }
        "派位结果查询" => "Lottery result lookup",
        "报名号" => "Application number",
        "查询" => "Look up",
        "管理员" => "administrator",
        "督学" => "supervisor",
        "集团负责人" => "group lead",
        "达标" => "passes",
        "未达标" => "fails",
        "不参评" => "not evaluated",
        "评估报告" => "Evaluation report",
        "审计日志" => "Audit log",
        "导入预览" => "Import preview",
        "登录" => "Log in",
        "退出" => "Log out",
        "· 全区均值（学生加权）" => "· district mean (student-weighted)",
        "· 均衡" => "· Junheng",
        "· 差异系数" => "· coefficient of variation",
        "· 数据第" => "· data version",
        "· 标准差" => "· standard deviation",
        "· 牵头校" => "· lead school",
        "。本页只公开全区汇总结果，不含任何学校的具体数据。" => {
            ". This page publishes district aggregates only, no school's own data."
        }
        "。点击圆点进入学校页面。" => ". Click a dot to open the school.",
        "上传并预览" => "Upload and preview",
        "上级学校：" => "Parent school:",
        "上限" => "Limit",
        "下载 Excel 工作簿" => "Download Excel workbook",
        "个" => "",
        "个 · 在校生" => "· students",
        "个单位不在您的查看范围内。" => "more units are outside your scope.",
        "个未达标单位不在您的查看范围内。" => {
            "more failing units are outside your scope."
        }
        "个问题，没有保存任何数据。请按下表修改文件后重新上传。" => {
            "problems; nothing was stored. Correct the file as listed and upload it again."
        }
        "义务教育优质均衡" => "quality-balanced compulsory education",
        "人 · 未达标单位" => "· failing units",
        "人 · 达标" => "· standards met",
        "代码" => "Code",
        "值" => "Value",
        "停用" => "inactive",
        "全区均值" => "District mean",
        "全部" => "All",
        "列" => "Column",
        "创建" => "Create",
        "创建时间" => "Created",
        "初始密码（至少 8 个字符）" => "Initial password (at least 8 characters)",
        "办学类型" => "School type",
        "加入" => "Joined",
        "占加权方差" => "Share of weighted variance",
        "历史" => "History",
        "发现" => "Found",
        "取消" => "Cancel",
        "变更" => "Changes",
        "另有" => "",
        "名称或学校标识码" => "name or school code",
        "启用" => "active",
        "在校生" => "Students",
        "均衡" => "Junheng",
        "均衡 Junheng · 数据仅限授权人员使用 ·" => {
            "Junheng · data for authorised staff only ·"
        }
        "如 import、auth" => "e.g. import, auth",
        "学区" => "Zone",
        "学区：" => "Zone:",
        "学年" => "School year",
        "学年 ·" => "school year ·",
        "学年 · 坐标系 WGS-84" => "school year · WGS-84 coordinates",
        "学年县域义务教育资源配置督导评估报告" => {
            "school year: district resource-allocation evaluation report"
        }
        "学年结论" => "school year verdict",
        "学年资源配置：" => "resource allocation:",
        "学年：" => "School year:",
        "学校名称" => "School name",
        "学校地图" => "Map of schools",
        "学校数" => "Schools",
        "学校标识码" => "School code",
        "学段" => "Section",
        "审核" => "Review",
        "审核学校提交" => "Review school submissions",
        "审核意见" => "Reviewer's note",
        "审核意见（可不填）" => "Note (optional)",
        "密码" => "Password",
        "对象" => "Target",
        "导入人" => "Imported by",
        "导入学校基本情况表" => "Import the school statistics template",
        "导入时间" => "Imported at",
        "尚未发布数据。" => "Nothing published yet.",
        "请选择区县。" => "Choose a district.",
        "区县" => "Districts",
        "优质均衡创建阶段" => "Quality-balance creation phases",
        "个区县" => "districts",
        "目标年份：2024 试点推进、2028 整体推进、2030 攻坚推进。状态依次为 未启动 → 自评 → 市级过程评估 → 市级督导评估 → 国家认定；每一步记录日期和文件，记录后不可修改。" => {
            "Target years: 2024 pilot, 2028 whole, 2030 final push. Statuses in order: not started → self-assessment → city process assessment → city supervision assessment → national recognition; each step is recorded with its date and document and cannot be changed afterwards."
        }
        "当前：" => "Now: ",
        "目标：" => "Target: ",
        "日期" => "Date",
        "记录" => "Record",
        "设定目标或记录一步" => "Set the target or record a step",
        "目标年份" => "Target year",
        "设定目标" => "Set target",
        "文号或标题" => "Document number or title",
        "各区县比较" => "District comparison",
        "个区县 ·" => "districts ·",
        "个达标 ·" => "passing ·",
        "个有数据" => "with data",
        "导出 Excel" => "Export Excel",
        "创建阶段" => "Creation phases",
        "点击区县名称进入该区县的页面（只读）。各行只汇总区县数据，不含学校或个人。" => {
            "Click a district's name to open its pages (read-only). Each row summarises the district: no school or person is shown."
        }
        "创建目标" => "Creation target",
        "历年趋势" => "Trend over the years",
        "小学差异系数/限值" => "Primary CV / limit",
        "初中差异系数/限值" => "Junior CV / limit",
        "未达标单位" => "Failing units",
        "数据版本" => "Data version",
        "创建状态" => "Creation status",
        "距目标" => "To target",
        "区" => "District",
        "县" => "County",
        "功能区" => "Functional zone",
        "备注" => "Note",
        "全市概览" => "City overview",
        "全省概览" => "Province overview",
        "未启动" => "Not started",
        "自评" => "Self-assessment",
        "市级过程评估" => "City process assessment",
        "市级督导评估" => "City supervision assessment",
        "国家认定" => "National recognition",
        "正在查看（只读）：" => "Viewing (read-only): ",
        "返回各区县比较" => "Back to the district comparison",
        "待确认" => "Awaiting confirmation",
        "申请人" => "Requested by",
        "确认授权" => "Confirm the grant",
        "班主任" => "Class teacher",
        "心理教师" => "Psychology teacher",
        "关爱专干" => "Care officer",
        "范围（集团名称、学校标识码或“学校标识码/班级”；管理员、督学留空）" => {
            "Scope (group name, school code or \"school code/class\"; empty for admins and supervisors)"
        }
        "班主任、心理教师、关爱专干可查看学生个人信息：创建或重新启用后，须由另一位管理员确认才能登录。" => {
            "Class teachers, psychology teachers and care officers can read children's personal records: after creation or reactivation another administrator must confirm the grant before they can log in."
        }
        "工作表" => "Sheet",
        "差异系数" => "Coefficient of variation",
        "差异系数的主要来源" => "Units driving the coefficient of variation",
        "已标注" => "Placed:",
        "成员校" => "Member schools",
        "所" => "schools",
        "所学校未填写经度、纬度" => "schools have no longitude/latitude",
        "所有评估单位均达到单位达标规则。" => "Every unit meets the unit rule.",
        "打印本页（Ctrl+P）即可另存为 PDF" => {
            "Print this page (Ctrl+P) to save it as PDF"
        }
        "指标" => "Indicator",
        "提交审核" => "Submit for review",
        "提交时间" => "Submitted at",
        "提示" => "Notes",
        "搜索" => "Search",
        "操作" => "Action",
        "操作人" => "Actor",
        "支持 .xlsx、.xls、.ods、.csv（UTF-8 或 GB18030）。上传后先预览并逐行列出所有问题，确认后才保存；同一学年再次导入会保存为新版本，旧版本保留可查。" => {
            "Accepts .xlsx, .xls, .ods and .csv (UTF-8 or GB18030). A preview lists every problem by row before anything is stored; confirming stores it. Importing a school year again stores a new version; old versions stay readable."
        }
        "改进后" => "After",
        "教育集团：" => "Education group:",
        "文件" => "File",
        "文件检查通过，尚未保存。确认后将作为新版本保存。" => {
            "The file passed every check and is not stored yet. Confirm to store it as a new version."
        }
        "新建用户" => "New user",
        "时间（UTC）" => "Time (UTC)",
        "显示名" => "Display name",
        "更早的记录" => "Older entries",
        "最小补足方案" => "Smallest additions that make it pass",
        "最少补充方案" => "Least total addition",
        "未达标单位（cn-2017）" => "Failing units (cn-2017)",
        "未达标的评估单位及补足方案" => "Failing units and what closes their gaps",
        "未达标评估单位及最小补足方案" => {
            "Failing units and the smallest additions that make them pass"
        }
        "本校" => "This school",
        "本校值" => "Value",
        "本校的提交" => "This school's submissions",
        "标准" => "Standard",
        "没有可查看的教育集团（导入数据时「教育集团」列中的名称会自动建立集团）。" => {
            "No education group to show (groups are created from the 教育集团 column on import)."
        }
        "没有学校提交。" => "No submissions.",
        "版" => "",
        "版本" => "Version",
        "牵头校" => "Lead school",
        "状态" => "Status",
        "现值" => "Now",
        "用学校基本情况表模板填写本校一行（可从「学校」页面核对现有数据），上传后由区教育局审核；通过后成为该学年的新版本，原数据保留可查。" => {
            "Fill in your school's row in the school statistics template and upload it; the district bureau reviews it. Once approved it becomes a new version of the school year; the old data stay readable."
        }
        "用户名" => "User name",
        "确认导入" => "Confirm import",
        "筛选" => "Filter",
        "类型" => "Type",
        "结论" => "Verdict",
        "结论：" => "Verdict:",
        "编号" => "No.",
        "范围" => "Scope",
        "范围（集团名称或学校标识码；管理员、督学留空）" => {
            "Scope (group name or school code; empty for administrators and supervisors)"
        }
        "行" => "Row",
        "规则：" => "Rulebook:",
        "角色" => "Role",
        "计算口径：" => "Policies:",
        "评估单位" => "Units",
        "评估规则：" => "Rulebook:",
        "说明" => "Detail",
        "请先" => "Please",
        "趋势" => "Trend",
        "达标单位" => "Units meeting",
        "达标项" => "Met",
        "还没有导入任何学年的数据。" => "No school year has been imported yet.",
        "退回" => "Reject",
        "通过" => "Approve",
        "部" => " section",
        "重新上传" => "Upload again",
        "问题与要求" => "Problem and what is expected",
        "集团" => "Group",
        "需增加" => "To add",
        "需要补足" => "What closes the gaps",
        "项" => "",
        "（上限" => "(limit",
        "（仅显示您有权查看的学校）" => "(only the schools you may see)",
        "，版本" => ", version",
        "我的账户" => "My account",
        "修改密码" => "Change password",
        "当前密码" => "Current password",
        "新密码（8 到 256 个字符）" => "New password (8 to 256 characters)",
        "再次输入新密码" => "New password again",
        "修改后，您在所有设备上的登录都会结束，请用新密码重新登录。" => {
            "Afterwards you are logged out on every device; log in again with the new password."
        }
        "API 令牌" => "API tokens",
        "最近使用" => "last used",
        "已撤销" => "revoked",
        "撤销令牌" => "Revoke",
        "新密码" => "New password",
        "设置新密码" => "Set new password",
        "请选择" => "Choose",
        "数据上报" => "Reporting upward",
        "区县用 junheng report-up 制作并签名的数据包在此接收：核验签名（须为该区县已登记且未吊销的公钥）、各部件摘要和序号后，存为该区县该学年统计数据的新版本。" => {
            "Receive here the packages districts make and sign with junheng report-up: once the signature (a key registered for the district and not revoked), every part's digest and the sequence number are checked, the package becomes the district's new statistics version of the year."
        }
        "数据包只含学校层面的统计和汇总数，不含任何个人信息。同一区县同一学年只接收序号更大的数据包（更正）。" => {
            "Packages hold school-level statistics and counts only, never personal data. For one district and year only a higher sequence number is accepted (a correction)."
        }
        "数据包文件（.jhpkg）" => "Package file (.jhpkg)",
        "接收数据包" => "Receive package",
        "已接收的数据包" => "Packages received",
        "序号" => "Sequence",
        "统计数据版本" => "Statistics version",
        "接收时间" => "Received at",
        "接收人" => "Received by",
        "密钥指纹" => "Key fingerprint",
        "当前" => "current",
        "已被更正取代" => "superseded by a correction",
        "尚未接收任何数据包" => "No package received yet",
        "区县公钥登记" => "District key registry",
        "公钥用 junheng district key add 登记，用 junheng district key revoke 吊销；登记新公钥即停用该区县原来的公钥。历史记录全部保留。" => {
            "Keys are registered with junheng district key add and revoked with junheng district key revoke; registering a new key retires the district's previous one. The whole history is kept."
        }
        "使用中" => "in use",
        "已停用" => "retired",
        "登记时间" => "Registered at",
        "登记人" => "Registered by",
        "停用时间" => "Retired at",
        "停用原因" => "Why",
        "尚未登记任何公钥" => "No key registered yet",
        "统一身份认证登录" => "Log in with the city's identity service",
        "无法通过统一身份认证登录" => "Cannot log in through the identity service",
        "统一身份认证的登录名：" => "Login name at the identity service: ",
        "本次没有登录，也没有建立任何会话。" => {
            "You are not logged in; no session was opened."
        }
        "返回登录页" => "Back to the login page",
        "（统一身份认证）" => "(identity service)",
        "您通过统一身份认证登录，本平台没有您的密码；如需修改密码，请在统一身份认证中修改。" => {
            "You log in through the identity service and have no password here; change your password at the identity service."
        }
        // Lists, audit, dashboard summary, error pages (issue 11, pages that read well).
        "任一列包含" => "Any column contains",
        "条" => "rows",
        "下载筛选结果：" => "Download the filtered rows: ",
        "没有符合条件的记录。" => "No row matches.",
        "关键指标" => "Key figures",
        "较" => "vs.",
        "返回概览" => "Back to the overview",
        "返回首页" => "Back to the home page",
        "或使用浏览器的“后退”回到上一页。" => {
            "or use the browser's Back button."
        }
        "起始日期" => "From",
        "截止日期" => "To",
        "时间均为北京时间；选好条件后点“筛选”。" => {
            "Times are Beijing time; choose the conditions, then click Filter."
        }
        "记录较多，只列出最近的 5 000 条；请缩小日期范围或按操作人、操作筛选。" => {
            "Many entries: only the newest 5 000 are listed; narrow the dates or filter by person or action."
        }
        "派位时间（北京时间）" => "Drawn at (Beijing time)",
        "时间" => "Time",
        "未达标评估单位" => "Failing units",
        "综合差异系数" => "Composite coefficient of variation",
        "最大差异系数" => "Largest coefficient of variation",
        "出错了" => "Something went wrong",
        "数据已变化" => "The data has changed",
        "请求方式有误" => "Wrong request method",
        "请求超时" => "Request timed out",
        "内容过大" => "Too large",
        "尝试次数过多" => "Too many attempts",
        "服务器正忙" => "Server busy",
        "需要登录" => "Login required",
        "没有权限" => "Not allowed",
        "未找到" => "Not found",
        "请求有误" => "Bad request",
        // Navigation groups and the map (issue 11: charts, screens, the map).
        "菜单" => "Menu",
        "城市" => "City",
        "评估" => "Evaluation",
        "招生" => "Enrolment",
        "管理" => "Administration",
        "全部学段" => "All sections",
        "小学" => "Primary",
        "初中" => "Junior secondary",
        "全部集团" => "All groups",
        "全部学区" => "All zones",
        "全部结论" => "All verdicts",
        "学年 · " => "school year · ",
        "坐标系 WGS-84" => "WGS-84 coordinates",
        "。鼠标指向圆点显示学校名称，点击进入学校页面。" => {
            ". Point at a dot to see the school's name; click it to open the school."
        }
        "区县边界：" => "District boundary: ",
        "尚未上传" => "not uploaded yet",
        "上传区县边界" => "Upload the district boundary",
        "GeoJSON 文件（WGS-84 经纬度）：区县边界为 Polygon 或 MultiPolygon；乡镇（街道）边界可选，为 FeatureCollection，每个乡镇一个要素，properties 中写 name。上传后替换当前边界，以前的边界保留在记录中。" => {
            "GeoJSON files (WGS-84 longitude/latitude): the district boundary is a Polygon or MultiPolygon; township boundaries are optional, a FeatureCollection with one feature per township and its name in properties.name. An upload replaces the current boundary; earlier ones stay on record."
        }
        "区县边界文件" => "District boundary file",
        "乡镇（街道）边界文件（可选）" => "Township boundaries file (optional)",
        "上传边界" => "Upload boundary",
        // 学校填报与收集进度.
        "最近一次提交已退回" => "Your latest submission was returned",
        "退回原因：" => "Reason: ",
        "请按原因修改后重新提交。" => "Correct it as asked and submit again.",
        "第一步：下载预填的模板" => "Step 1: download the pre-filled template",
        "平台上还没有本校的数据：下载空白的学校基本情况表模板，填写本校一行。" => {
            "The platform has no data of your school yet: download the blank statistics template and fill in your school's row."
        }
        "模板已填好本校现有的数据" => "The template holds your school's current data",
        "填报新学年时请同时修改「学年」一列。" => {
            "For a new school year, change the 学年 column too."
        }
        "下载本校预填模板（.xlsx）" => "Download the pre-filled template (.xlsx)",
        "第二步：修改后上传" => "Step 2: edit and upload",
        "上传后由区教育局审核；通过后成为该学年的新版本，原数据保留可查。" => {
            "The education bureau reviews the upload; once approved it becomes a new version of the school year, and the earlier data stays on record."
        }
        "文件中的问题" => "Problems in the file",
        "本校还没有提交过数据。" => "Your school has not submitted any data yet.",
        "新增学校（本学年还没有它的数据）" => {
            "New school (no data of it in this school year yet)"
        }
        "与现有数据相同" => "Same as the current data",
        "现有" => "Current",
        "提交" => "Submitted",
        "对本校结论的影响：" => "Effect on the school's verdict: ",
        "无变化" => "none",
        "查看收集进度" => "Collection progress",
        "待审核" => "Waiting for review",
        "没有待审核的提交。" => "No submissions wait for review.",
        "退回原因（必填，学校将看到）" => {
            "Reason for returning (required; the school sees it)"
        }
        "已处理" => "Decided",
        "还没有处理过的提交。" => "No submission has been decided yet.",
        "变更与影响" => "Changes and effect",
        "结果" => "Outcome",
        "只列出最近的" => "Showing the latest",
        "条。" => "only.",
        "收集进度" => "Collection progress",
        "状态：" => "Status: ",
        "数据项" => "Field",
        "导出 XLSX" => "Export XLSX",
        "全区" => "The district has",
        "所学校，已提交" => "schools; submitted:",
        "所。" => ".",
        "提交次数" => "Submissions",
        "审核时间" => "Decided at",
        "退回原因" => "Reason for returning",
        "共用设施如何分摊到本学段" => {
            "How the shared facilities are apportioned to this section"
        }
        "原始数据" => "Raw inputs",
        "学校基本情况表中本校一行的全部数据；上面的指标值由它们算出。" => {
            "Every value of the school's row in the statistics template; the indicator values above are computed from them."
        }
        "提交人" => "Submitted by",
        "审核人" => "Decided by",
        "最近提交编号" => "Latest submission no.",
        "最近提交时间" => "Latest submitted at",
        _ => {
            return crate::rotation::i18n::english(zh)
                .or_else(|| crate::users::i18n::english(zh))
                .or_else(|| crate::lottery::i18n::english(zh));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Chinese text of the templates has an English entry.
    #[test]
    fn every_template_text_is_translated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split("layout.t(\"").skip(1) {
                let zh = part.split("\")").next().unwrap();
                if english(zh).is_none() {
                    missing.push(zh.to_owned());
                }
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::of(&HeaderMap::new()), Lang::Zh);
        assert_eq!(Lang::Zh.t("概览"), "概览");
        assert_eq!(Lang::En.t("概览"), "Overview");
        assert_eq!(Lang::En.t("渝州区龙凤小学"), "渝州区龙凤小学");
    }
}
