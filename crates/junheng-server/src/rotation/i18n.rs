//! The English of the rotation, plan and bundled-evaluation interface texts (see `crate::i18n`).

/// The English of a rotation interface text.
pub(crate) fn english(zh: &str) -> Option<&'static str> {
    Some(match zh {
        "交流轮岗" => "Teacher rotation",
        "交流方案" => "Rotation plan",
        "差异系数：前后对比" => "Coefficient of variation: before and after",
        "之前" => "Before",
        "之后" => "After",
        "数值有变化的学校" => "Schools whose values change",
        "变化" => "Changes",
        "捆绑评价" => "Bundled evaluation",
        "学年 · 集团作为一个评估单位" => "school year · the group as one unit",
        "集团值" => "Group value",
        "达到标准" => "Meets standard",
        "集团内差异系数" => "CV inside the group",
        "在上限内" => "Within limit",
        "全区值" => "District value",
        "全区差异系数" => "District CV",
        "成员单位" => "Member unit",
        "本学年没有可评估的成员校。" => {
            "No member school is evaluated this school year."
        }
        "未参加评估的成员校：" => "Member schools not evaluated:",
        "符合条件" => "Eligible",
        "已交流" => "Rotated",
        "应交流" => "Required",
        "骨干已交流" => "Backbone rotated",
        "骨干应交流" => "Backbone required",
        "达到" => "met",
        "未达到" => "not met",
        "本学年还没有教师花名册，配额无法计算。" => {
            "No teacher roster for this school year yet: the quota cannot be computed."
        }
        "教师编号" => "Teacher id",
        "调出学校" => "Home school",
        "调入学校" => "Host school",
        "为本集团生成交流方案" => "Plan rotations for this group",
        "本集团待交流教师" => "This group's eligible teachers",
        "全区" => "Whole district",
        "最多交流人数" => "At most (teachers)",
        "按配额" => "by quota",
        "最远距离（公里）" => "Farthest distance (km)",
        "不限" => "no limit",
        "生成方案" => "Make the plan",
        "方案是怎样算出来的" => "How the plan is made",
        "目标：" => "Objective: ",
        "每个学段取教师类指标中「差异系数 ÷ 上限」最大的一项，方案使各学段这一比值之和尽量小；其次使所有教师类指标比值的平方和尽量小，在最差指标无法再降时继续缩小其他指标的差异。" => {
            "for each section, the largest ratio CV ÷ limit among the teacher indicators; the plan minimises the sum of these over the sections, then the sum of squares of all teacher indicators' ratios, so that other indicators keep narrowing once the worst cannot move."
        }
        "约束：" => "Constraints: ",
        "只交流符合条件且本学年尚未交流的教师，每人至多一次，在本学段内调往有该学段的另一所学校（指定集团时限于集团内，指定距离时限于两校距离以内，缺经纬度的学校不检查距离）。每所学校保留其开设的每个学科至少一名教师、原有体育艺术教师时至少保留一名；达标的评估单位交流后不得变为未达标，未达标的单位不调出教师；任何教师类指标的差异系数都不得变大。在最多交流人数以内必须达到范围内的交流比例（交流人数、骨干比例）。" => {
            "only eligible teachers not yet rotating this year move, each at most once, within their section to another school with that section (inside the group when one is chosen; within the distance when one is set, unchecked for schools without coordinates). Every school keeps at least one teacher of each subject it teaches and one PE/arts teacher if it had one; no passing unit may fail after the moves, failing units give no teachers away, and no teacher indicator's CV may widen. Within the maximum number of moves the scope's quota (rotations, backbone share) must be met."
        }
        "算法：" => "Algorithm: ",
        "贪心下降：每一步精确计算每个可行交流对目标的影响，选改善最大的一项，同时为完成配额留出名额；然后用对目标影响最小（通常为中性、距离最近）的交流补足配额。结果相同时依次按距离、教师编号和学校顺序选取，所以相同的数据总是得到相同的方案。" => {
            "greedy descent: each step scores every feasible move exactly and takes the best one, keeping room for the quota; then the quota is filled with the least harmful (usually neutral, nearest) moves. Ties break by distance, then teacher id and school order, so the same data always give the same plan."
        }
        "方案" => "Plan",
        "交流期限" => "Term",
        "可交流教师" => "Candidates",
        "人" => "teachers",
        "下载 JSON" => "Download JSON",
        "最大的差异系数 ÷ 上限：之前" => "Largest CV ÷ limit: before",
        "交流名单" => "Moves",
        "学科" => "Subject",
        "学历" => "Degree",
        "骨干级别" => "Backbone level",
        "体育艺术" => "PE/arts",
        "本校任教年数" => "Years at school",
        "距离（公里）" => "Distance (km)",
        "是" => "yes",
        "备注" => "Note",
        "采纳方案，写入台账" => "Accept the plan into the ledger",
        "还没有导入任何学年的学校统计数据或教师花名册。" => {
            "No school statistics or teacher roster imported yet."
        }
        "台账对评估结果的影响" => "The ledger's effect on the evaluation",
        "规则" => "Rules",
        "交流规则：" => "Rotation rules: ",
        "本学年没有学校统计数据：教育集团未知，只按学校统计。" => {
            "No school statistics for this school year: groups are unknown, quotas are per school only."
        }
        "交流配额" => "Rotation quota",
        "交流比例" => "Share rotated",
        "骨干比例" => "Backbone share",
        "符合条件、本学年尚未交流的教师" => {
            "Eligible teachers not rotating this year"
        }
        "本校任教起始年" => "At school since",
        "第" => "Page",
        "页" => "",
        "上一页" => "Previous",
        "下一页" => "Next",
        "本学年交流轮岗台账" => "Rotation ledger of the school year",
        "来源" => "Source",
        "录入" => "Entered",
        "撤销" => "Cancel",
        "撤销原因" => "reason",
        "手工录入一条交流" => "Enter a move by hand",
        "起始学年" => "First year",
        "结束学年" => "Last year",
        "导入" => "Import",
        "支持 .xlsx、.xls、.ods、.csv。上传后先预览并逐行列出所有问题，确认后才保存。花名册保存为新版本（可整体替换或只更新文件中的学校，删除较多时须勾选确认）；台账逐条追加，与已有记录时间重叠的交流会被拒绝。" => {
            "Accepts .xlsx, .xls, .ods and .csv. A preview lists every problem by row before anything is stored; confirming stores it. A roster is saved as a new version (replacing the year or updating the listed schools; large removals must be confirmed); ledger moves are added, and a move overlapping a recorded one is refused."
        }
        "教师花名册" => "Teacher roster",
        "下载花名册模板" => "Download the roster template",
        "交流轮岗台账" => "Rotation ledger",
        "下载台账模板" => "Download the ledger template",
        "交流轮岗的效果" => "Effect of the rotations",
        "比较学校统计数据原样的评估结果，与按台账把本学年交流教师计入调入学校后的评估结果。" => {
            "Compares the evaluation of the statistics as reported with the evaluation after this year's rotating teachers are counted at their host schools, as the ledger says."
        }
        "计入台账的交流：" => "Moves applied:",
        "未能计入的交流" => "Moves not applied",
        "台账中本学年的交流全部计入。" => {
            "Every move of the school year was applied."
        }
        "原因" => "Reason",
        "教师花名册导入" => "Roster import",
        "交流轮岗台账导入" => "Ledger import",
        "文件检查通过，尚未保存。" => {
            "The file passed every check and is not stored yet."
        }
        "教师数" => "Teachers",
        "交流人数" => "Moves",
        "确认后，各学年的花名册保存为新版本（旧版本保留可查）。" => {
            "Confirming saves each school year's roster as a new version (old versions stay readable)."
        }
        "确认后，这些交流追加到台账；与已有记录时间重叠的交流会使整个文件被拒绝。" => {
            "Confirming adds these moves to the ledger; a move overlapping a recorded one refuses the whole file."
        }
        "已保存。" => "Stored.",
        "查看交流轮岗" => "Open teacher rotation",
        "花名册与学校统计数据核对" => "Roster against the school statistics",
        "本学年没有学校统计数据，无法核对。" => {
            "No school statistics for this school year: nothing to check against."
        }
        "花名册与学校统计数据一致。" => {
            "The roster agrees with the school statistics."
        }
        "项人数与学校统计数据不一致：" => "counts differ from the school statistics:",
        "项目" => "Count",
        "花名册人数" => "Roster",
        "统计表人数" => "Statistics",
        "录入时间" => "Entered at",
        "录入人" => "Entered by",
        _ => return crate::versions::i18n::english(zh),
    })
}
