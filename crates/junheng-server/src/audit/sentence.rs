//! The audit log as Chinese sentences: who did what to what, one sentence per kind of action,
//! read from the stored action code, target (`statistics:2025`, `user:7` …) and detail
//! (`version=2 rows=120 …`). The codes are those of `junheng_store::action` and the server's
//! own (`auth.…`, the workbook downloads).

use std::collections::HashMap;

/// Every action kind: its code and its Chinese name (the action filter offers these).
pub(crate) const KINDS: &[(&str, &str)] = &[
    ("import.statistics", "导入统计数据"),
    ("submission.create", "学校提交数据"),
    ("submission.approve", "批准学校提交"),
    ("submission.reject", "退回学校提交"),
    ("roster.replace", "上传教师花名册"),
    ("ledger.add", "添加交流记录"),
    ("ledger.cancel", "撤销交流记录"),
    ("group.save", "保存教育集团"),
    ("group.member_add", "学校加入集团"),
    ("group.member_end", "学校退出集团"),
    ("user.create", "创建用户"),
    ("user.update", "修改用户"),
    ("user.password", "设置密码"),
    ("user.activate", "启用用户"),
    ("user.deactivate", "停用用户"),
    ("user.confirm", "确认授权"),
    ("token.create", "创建 API 令牌"),
    ("token.revoke", "撤销 API 令牌"),
    ("lottery.create", "创建随机派位"),
    ("lottery.draw", "随机派位"),
    ("auth.login", "登录"),
    ("auth.login_failed", "登录失败"),
    ("auth.login_locked", "登录被锁定"),
    ("auth.logout", "退出登录"),
    ("report.xlsx", "下载评估报告"),
    ("rotation.xlsx", "下载交流轮岗工作簿"),
    ("city.xlsx", "下载各区县比较"),
    ("packages.xlsx", "下载数据包清单"),
    ("package.report", "生成上报数据包"),
    ("package.receive", "接收数据包"),
    ("district_key.register", "登记区县公钥"),
    ("district_key.revoke", "停用区县公钥"),
    ("district.create", "创建区县"),
    ("district.update", "修改区县"),
    ("creation.target", "设定创建目标"),
    ("creation.step", "记录创建进程"),
    ("ledger.cancel_batch", "撤销一批交流记录"),
    ("user.lock", "锁定登录名"),
    ("user.unlock", "解除锁定"),
    ("map.boundary", "上传区县边界"),
    ("lottery.receipts", "下载派位回执"),
    ("submit.template", "下载预填模板"),
    ("submissions.progress.xlsx", "下载收集进度"),
];

/// The Chinese name of an action code (the code itself for one this version does not know).
pub(crate) fn kind_name(code: &str) -> String {
    KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, n)| (*n).to_owned())
}

/// The action code of a Chinese name of [`KINDS`].
pub(crate) fn kind_code(name: &str) -> Option<&'static str> {
    KINDS.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
}

/// Who is who: display names of users (by login and by id) and names of groups (by id).
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Login → display name.
    pub logins: HashMap<String, String>,
    /// User id → display name.
    pub users: HashMap<i64, String>,
    /// Group id → name.
    pub groups: HashMap<i64, String>,
}

impl Names {
    /// The person behind a login: the display name, `系统` for the program, else the login.
    pub(crate) fn who(&self, login: &str) -> String {
        if login == "system" {
            return "系统".to_owned();
        }
        self.logins
            .get(login)
            .cloned()
            .unwrap_or_else(|| login.to_owned())
    }

    fn user(&self, id: &str) -> String {
        id.parse()
            .ok()
            .and_then(|id: i64| self.users.get(&id))
            .map_or_else(|| format!("（编号 {id}）"), |n| format!("「{n}」"))
    }

    fn group(&self, id: &str) -> String {
        id.parse()
            .ok()
            .and_then(|id: i64| self.groups.get(&id).cloned())
            .map_or_else(|| format!("（编号 {id}）"), |n| format!("「{n}」"))
    }
}

/// `key=value` pairs of a detail (words without `=` are left out).
fn pairs(detail: &str) -> HashMap<&str, &str> {
    detail
        .split_whitespace()
        .filter_map(|w| w.split_once('='))
        .collect()
}

/// The sentence of one entry: `张三 导入了 2025 学年统计数据（第 2 版，120 所学校）`.
pub(crate) fn sentence(
    names: &Names,
    actor: &str,
    action: &str,
    target: &str,
    detail: &str,
) -> String {
    let who = names.who(actor);
    let (_, object) = target.split_once(':').unwrap_or(("", target));
    let d = pairs(detail);
    let get = |k: &str| d.get(k).copied().unwrap_or("");
    let via = |d: &str| {
        if d.contains("via=sso") {
            "（统一身份认证）"
        } else {
            ""
        }
    };
    let what = match action {
        "import.statistics" => match get("kind") {
            "restore" => format!(
                "把 {object} 学年统计数据恢复为第 {} 版的内容，保存为第 {} 版（{} 所学校）",
                get("based_on"),
                get("version"),
                get("rows")
            ),
            "merge" => format!(
                "导入了 {object} 学年统计数据中文件所列的学校，保存为第 {} 版（{} 所学校）",
                get("version"),
                get("rows")
            ),
            _ => format!(
                "导入了 {object} 学年统计数据（第 {} 版，{} 所学校）",
                get("version"),
                get("rows")
            ),
        },
        "submission.create" => format!(
            "提交了学校 {object} 的 {} 学年数据（提交编号 {}）",
            get("year"),
            get("submission")
        ),
        "submission.approve" => format!(
            "批准了学校 {object} 的数据提交（提交编号 {}），保存为新版本",
            get("submission")
        ),
        "submission.reject" => format!(
            "退回了学校 {object} 的数据提交（提交编号 {}）",
            get("submission")
        ),
        "roster.replace" => match get("kind") {
            "restore" => format!(
                "把 {object} 学年教师花名册恢复为第 {} 版的内容，保存为第 {} 版（{} 名教师）",
                get("based_on"),
                get("version"),
                get("teachers")
            ),
            "merge" => format!(
                "上传了 {object} 学年教师花名册中文件所列的学校，保存为第 {} 版（{} 名教师）",
                get("version"),
                get("teachers")
            ),
            _ => format!(
                "上传了 {object} 学年教师花名册（第 {} 版，{} 名教师）",
                get("version"),
                get("teachers")
            ),
        },
        "ledger.add" => format!("向交流台账添加了 {} 条交流记录", get("moves")),
        "ledger.cancel" => format!("撤销了交流台账中编号 {object} 的交流记录"),
        "ledger.cancel_batch" => {
            format!("撤销了交流台账第 {object} 批的 {} 条交流记录", get("moves"))
        }
        "user.lock" => format!(
            "登录名{}因多次输入错误被暂时锁定，至 {}",
            names.user(object),
            crate::views::time(get("until"))
        ),
        "user.unlock" => format!("解除了用户{}的登录锁定", names.user(object)),
        "map.boundary" => format!(
            "上传了区县边界（{} 个点，{} 个乡镇/街道）",
            get("vertices"),
            get("townships")
        ),
        "lottery.receipts" => format!("下载了编号 {object} 的随机派位的报名回执"),
        "submit.template" => format!("下载了学校 {object} 的预填模板"),
        "submissions.progress.xlsx" => format!("下载了 {object} 学年的收集进度（{detail}）"),
        "group.save" => format!(
            "保存了教育集团{}（类型：{}）",
            names.group(object),
            get("kind")
        ),
        "group.member_add" => format!(
            "将学校 {} 加入教育集团{}（自 {} 起）",
            get("school"),
            names.group(object),
            get("joined_on")
        ),
        "group.member_end" => format!(
            "使学校 {} 退出教育集团{}（{} 起）",
            get("school"),
            names.group(object),
            get("left_on")
        ),
        "user.create" => format!(
            "创建了用户{}{}{}",
            names.user(object),
            via(detail),
            if detail.contains("pending") {
                "，待另一位管理员确认"
            } else {
                ""
            }
        ),
        "user.update" => format!(
            "修改了用户{}的角色、范围或显示名{}",
            names.user(object),
            via(detail)
        ),
        "user.password" => format!("设置了用户{}的密码", names.user(object)),
        "user.activate" => format!("启用了用户{}", names.user(object)),
        "user.deactivate" => format!("停用了用户{}", names.user(object)),
        "user.confirm" => format!(
            "确认了用户{}的授权（申请人 {}）",
            names.user(object),
            names.who(get("requested_by"))
        ),
        "token.create" => format!("为用户{}创建了 API 令牌", names.user(object)),
        "token.revoke" => format!("撤销了用户{}的一个 API 令牌", names.user(object)),
        "lottery.create" => format!("创建了编号 {object} 的随机派位并冻结名单"),
        "lottery.draw" => format!("完成了编号 {object} 的随机派位"),
        "auth.login" => format!("登录了系统{}", via(detail)),
        "auth.login_failed" => format!("登录失败{}", via(detail)),
        "auth.login_locked" => "登录被拒绝：多次输入错误，账户暂时锁定".to_owned(),
        "auth.logout" => "退出了登录".to_owned(),
        "report.xlsx" => {
            let (year, rulebook) = target.split_once('/').unwrap_or((target, ""));
            format!("下载了 {year} 学年评估报告工作簿（规则 {rulebook}）")
        }
        "rotation.xlsx" => format!("下载了 {object} 学年交流轮岗工作簿"),
        "city.xlsx" => {
            let (year, _) = target.split_once('/').unwrap_or((target, ""));
            format!("下载了 {year} 学年各区县比较工作簿")
        }
        "packages.xlsx" => "下载了已接收数据包清单".to_owned(),
        "package.report" => {
            let (year, sequence) = object.split_once(':').unwrap_or((object, ""));
            format!("生成了 {year} 学年上报数据包（序号 {sequence}）")
        }
        "package.receive" => {
            let (year, sequence) = object.split_once(':').unwrap_or((object, ""));
            format!("接收了 {year} 学年数据包（序号 {sequence}），保存为新的统计数据版本")
        }
        "district_key.register" => format!("登记了区县公钥 {object}"),
        "district_key.revoke" => format!("停用了区县公钥 {object}（{detail}）"),
        "district.create" => format!("创建了区县 {object}"),
        "district.update" => format!("修改了区县 {object} 的代码或名称"),
        "creation.target" => format!("设定了创建优质均衡的目标：{detail}"),
        "creation.step" => format!("记录了创建进程：{detail}"),
        _ => format!("执行了操作 {action}（{target}）"),
    };
    format!("{who} {what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let mut n = Names::default();
        n.logins.insert("zhang".into(), "张三".into());
        n.users.insert(7, "李老师".into());
        n.groups.insert(3, "城区一集团".into());
        n
    }

    #[test]
    fn entries_read_as_sentences() {
        let n = names();
        assert_eq!(
            sentence(
                &n,
                "zhang",
                "import.statistics",
                "statistics:2025",
                "version=2 rows=120 sha256=ab groups_created=0 members_opened=0"
            ),
            "张三 导入了 2025 学年统计数据（第 2 版，120 所学校）"
        );
        assert_eq!(
            sentence(&n, "zhang", "user.deactivate", "user:7", ""),
            "张三 停用了用户「李老师」"
        );
        assert_eq!(
            sentence(
                &n,
                "zhang",
                "group.member_add",
                "group:3",
                "school=5001 joined_on=2024-09-01"
            ),
            "张三 将学校 5001 加入教育集团「城区一集团」（自 2024-09-01 起）"
        );
        assert_eq!(
            sentence(&n, "system", "district.create", "district:500112", ""),
            "系统 创建了区县 500112"
        );
        // An unknown user or action still reads, naming what is stored.
        assert_eq!(
            sentence(&n, "wang", "user.password", "user:9", ""),
            "wang 设置了用户（编号 9）的密码"
        );
        assert_eq!(
            sentence(&n, "wang", "future.thing", "x:1", ""),
            "wang 执行了操作 future.thing（x:1）"
        );
    }

    #[test]
    fn versions_say_how_they_were_made() {
        let n = names();
        let restore = sentence(
            &n,
            "zhang",
            "import.statistics",
            "year:2025",
            "version=4 rows=120 kind=restore based_on=2",
        );
        assert!(
            restore.contains("恢复为第 2 版的内容，保存为第 4 版"),
            "{restore}"
        );
        let merge = sentence(
            &n,
            "zhang",
            "roster.replace",
            "year:2025",
            "version=3 teachers=900 kind=merge based_on=2",
        );
        assert!(merge.contains("文件所列的学校，保存为第 3 版"), "{merge}");
        let lock = sentence(
            &n,
            "zhang",
            "user.lock",
            "user:1",
            "until=2026-12-03T06:05:00.000Z",
        );
        assert!(lock.ends_with("至 2026年12月3日 14:05"), "{lock}");
    }

    #[test]
    fn every_kind_has_a_sentence_of_its_own_and_a_unique_name() {
        let n = names();
        for (code, name) in KINDS {
            let s = sentence(&n, "zhang", code, "x:1", "");
            assert!(!s.contains("执行了操作"), "{code} has no sentence");
            assert_eq!(kind_code(name), Some(*code), "{name} names one kind");
        }
    }
}
