//! The English of the account, bulk-account, lockout and inbox interface texts (see
//! `crate::i18n`).

/// The English of an account interface text.
pub(crate) fn english(zh: &str) -> Option<&'static str> {
    Some(match zh {
        "← 全部用户" => "← All users",
        "一次性密码" => "One-time password",
        "一次性密码只显示这一次：请现在用浏览器的打印功能打印本页（每所学校一张），裁开后分发给各校。" => {
            "The one-time passwords are shown this once: print this page now with the browser's print function (one slip per school), cut it and hand each school its slip."
        }
        "已创建的学校账号" => "School accounts created",
        "事项" => "Item",
        "保存" => "Save",
        "修改角色和范围" => "Change role and scope",
        "内容" => "Details",
        "分钟" => "minutes",
        "到时后可再次登录。如忘记密码，请联系管理员重置为一次性密码；管理员也可在「用户」页面提前解除锁定。" => {
            "You can log in again after that time. If you forgot your password, ask an administrator to reset it to a one-time password; an administrator can also end the lock earlier on the Users page."
        }
        "剩余时间" => "Time left",
        "去处理" => "Open",
        "只为下列学校标识码创建（每行一个）" => {
            "Only for these school codes (one per line)"
        }
        "只显示这一次：请抄下交给本人。本人用它登录后须立即修改密码；该用户原有的登录已全部结束。" => {
            "Shown this once: copy it and hand it to the user in person. They must change it right after logging in with it; all their sessions have ended."
        }
        "学校数据的学年" => "School year of the statistics",
        "每所学校一个「学校」账号，登录名为学校标识码，并生成一次性密码，首次登录须修改。" => {
            "One School account per school, the school code as login name, with a one-time password to be changed at the first login."
        }
        "学校账号单" => "School account slips",
        "将创建的账号" => "Accounts to create",
        "已有学校账号的学校会跳过并列出。下一步先预览，确认后才创建。" => {
            "Schools that already have an account are skipped and listed. The next step is a preview; nothing is created before you confirm."
        }
        "已锁定" => "Locked",
        "待办" => "Inbox",
        "待办事项" => "What waits for you",
        "待改密码" => "Must change password",
        "您当前所在的网络地址" => "The network address you are using",
        "您正在使用管理员设置的一次性密码：首次登录须修改密码。请先设置您自己的新密码，修改后再用新密码登录。" => {
            "You are using a one-time password set by an administrator: you must change it at the first login. Set your own new password first, then log in with it."
        }
        "批量创建学校账号" => "Create school accounts in bulk",
        "改为班主任、心理教师或关爱专干时，须由另一位管理员确认后才能登录；角色或范围改变后，该用户须重新登录。" => {
            "A change to class teacher, psychology teacher or care officer must be confirmed by another administrator before the user can log in; after a change of role or scope the user logs in again."
        }
        "暂停的登录名" => "Paused login name",
        "暂停的网络地址" => "Paused network address",
        "本区县最新学校数据中的全部学校" => {
            "Every school of the district's latest statistics"
        }
        "没有 API 令牌" => "No API tokens",
        "没有需要创建的账号。" => "No account to create.",
        "用途" => "Purpose",
        "登录名" => "Login name",
        "登录失败次数过多，为防止密码被猜测，登录已暂时暂停。" => {
            "Too many failed logins: to protect the password from guessing, logging in is paused for a while."
        }
        "登录失败次数过多，锁定至（北京时间）" => {
            "Locked after too many failed logins until (Beijing time)"
        }
        "登录已暂停" => "Login paused",
        "目前没有等待您处理的事项。" => "Nothing waits for you now.",
        "确认创建并生成账号单" => "Confirm, create and print the slips",
        "编辑" => "Edit",
        "网址" => "Address",
        "自动解除时间（北京时间）" => "Ends at (Beijing time)",
        "解除锁定" => "Unlock",
        "请选择角色" => "Choose a role",
        "跳过的学校" => "Schools skipped",
        "原因" => "Reason",
        "重置为一次性密码" => "Reset to a one-time password",
        "须修改一次性密码" => "Must change the one-time password",
        "预览" => "Preview",
        "首次登录须修改密码" => "Change the password at the first login",
        "待审核的提交" => "Submission to review",
        "被锁定的登录名" => "Locked login name",
        "被退回的提交" => "Returned submission",
        "学校标识码" => "School code",
        "自己的角色和范围须由另一位管理员修改。" => {
            "Another administrator changes your own role and scope."
        }
        _ => return None,
    })
}
