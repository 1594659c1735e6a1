//! The English of the versions interface texts: comparisons, confirmations, versions pages,
//! plan acceptance and ledger batches (see `crate::i18n`).

/// The English of a versions interface text.
pub(crate) fn english(zh: &str) -> Option<&'static str> {
    Some(match zh {
        "与当前版本对比" => "Compared with the current version",
        "当前版本：" => "Current version: ",
        "文件列出的学校：" => "Schools in the file: ",
        "这个文件只含当前版本的部分学校。整体替换会删除文件中没有的学校的全部记录；只更新文件中的学校则保留它们。" => {
            "This file holds only some of the current version's schools. Replacing the year removes every record of the schools not in the file; updating the listed schools keeps them."
        }
        "保存方式" => "How to save",
        "当前" => "Current",
        "保存后" => "After saving",
        "新增" => "Added",
        "删除" => "Removed",
        "修改" => "Changed",
        "删除比例" => "Share removed",
        "整校删除" => "Whole school removed",
        "整体替换" => "Replace the year",
        "只更新文件中的学校" => "Update the listed schools",
        "整体替换时各校的变化" => "Changes per school when replacing the year",
        "另有" => "Another",
        "所学校未列出。" => "schools are not listed.",
        "只更新文件中的学校（其他学校沿用当前版本）" => {
            "Update only the schools in the file (the other schools keep the current version)"
        }
        "整体替换该学年（文件中没有的学校将被删除）" => {
            "Replace the whole year (schools not in the file are removed)"
        }
        "新版本删除的记录达到" => "When the new version removes",
        "或删除整所学校时，必须勾选确认才会保存。" => {
            "of the records or more, or a whole school, it is saved only after you tick the confirmation."
        }
        "我确认删除上表中“删除”的记录" => {
            "I confirm removing the records counted as removed above"
        }
        "教师花名册版本" => "Roster versions",
        "学校统计数据版本" => "Statistics versions",
        "已保存为第" => "Saved as version",
        "版。" => ".",
        "导入花名册" => "Import a roster",
        "每次导入、按校更新或恢复都保存为新版本，旧版本不会被覆盖。变化是与前一版本相比。恢复旧版本会把它另存为一个新版本。" => {
            "Every import, update of listed schools or restore is saved as a new version; no version is overwritten. Changes are against the version before. Restoring an old version saves it again as a new version."
        }
        "本学年还没有任何版本。" => "This school year has no version yet.",
        "版本" => "Version",
        "方式" => "How",
        "来源文件" => "Source file",
        "操作人" => "By",
        "时间（北京时间）" => "Time (Beijing)",
        "变化的学校" => "Schools changed",
        "恢复" => "Restore",
        "我确认恢复此版本为新版本" => {
            "I confirm restoring this version as a new version"
        }
        "查看所有版本" => "All versions",
        "确认采纳交流方案" => "Confirm accepting the rotation plan",
        "以下交流将作为一批写入台账。写入后可在台账中整批撤销。" => {
            "These moves will be written to the ledger as one batch. The batch can be cancelled in one step from the ledger."
        }
        "交流人数" => "Moves",
        "涉及教师" => "Teachers",
        "调出学校数" => "Schools sending",
        "调入学校数" => "Schools receiving",
        "我确认将以上交流写入台账" => "I confirm writing these moves to the ledger",
        "确认写入台账" => "Write to the ledger",
        "返回交流方案" => "Back to the plan",
        "已写入台账：" => "Written to the ledger:",
        "条交流，批次" => "moves, batch",
        "批次" => "Batch",
        "撤销整批" => "Cancel the batch",
        "撤销这一批的全部交流" => "Cancel every move of this batch",
        "状态" => "Status",
        "有效" => "Active",
        "已撤销" => "Cancelled",
        "在岗交流中" => "Rotating (began earlier)",
        "本学年开始" => "Begins this year",
        "无名册" => "No roster",
        "配额" => "Quotas",
        "待交流教师" => "Teachers to rotate",
        "台账" => "Ledger",
        "未达到配额的范围" => "Scopes that miss their quota",
        "所有范围都达到了配额。" => "Every scope meets its quota.",
        "没有教师花名册的范围：" => "Scopes without a roster:",
        "包括已撤销" => "Include cancelled",
        "骨干" => "backbone",
        "版与前一版本相比的变化" => "against the version before, per school",
        "前一版本" => "Version before",
        "本版本" => "This version",
        "个范围，见“配额”。" => "more scopes, see Quotas.",
        "撤销人" => "Cancelled by",
        "撤销时间" => "Cancelled at",
        _ => return None,
    })
}
