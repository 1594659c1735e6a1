# Interface texts: audit.
audit-audit-log = 审计日志
audit-from = 起始日期
audit-many-entries-only-the = 记录较多，只列出最近的 5 000 条；请缩小日期范围或按操作人、操作筛选。
audit-times-are-beijing-time = 时间均为北京时间；选好条件后点“筛选”。
audit-to = 截止日期
audit-error-from-date = 起始日期应写作 2026-12-03 这样的日期，收到「{ $v }」
audit-error-to-date = 截止日期应写作 2026-12-03 这样的日期，收到「{ $v }」
audit-error-no-action = 没有名为「{ $v }」的操作

# The action kinds (the action filter offers these).
audit-kind-import-statistics = 导入统计数据
audit-kind-submission-create = 学校提交数据
audit-kind-submission-approve = 批准学校提交
audit-kind-submission-reject = 退回学校提交
audit-kind-roster-replace = 上传教师花名册
audit-kind-ledger-add = 添加交流记录
audit-kind-ledger-cancel = 撤销交流记录
audit-kind-group-save = 保存教育集团
audit-kind-group-member-add = 学校加入集团
audit-kind-group-member-end = 学校退出集团
audit-kind-group-import = 导入教育集团名册
audit-kind-zone-save = 保存学区
audit-kind-user-create = 创建用户
audit-kind-user-update = 修改用户
audit-kind-user-password = 设置密码
audit-kind-user-activate = 启用用户
audit-kind-user-deactivate = 停用用户
audit-kind-user-confirm = 确认授权
audit-kind-token-create = 创建 API 令牌
audit-kind-token-revoke = 撤销 API 令牌
audit-kind-lottery-create = 创建随机派位
audit-kind-lottery-draw = 随机派位
audit-kind-auth-login = 登录
audit-kind-auth-login-failed = 登录失败
audit-kind-auth-login-locked = 登录被锁定
audit-kind-auth-logout = 退出登录
audit-kind-report-xlsx = 下载评估报告
audit-kind-rotation-xlsx = 下载交流轮岗工作簿
audit-kind-city-xlsx = 下载各区县比较
audit-kind-packages-xlsx = 下载数据包清单
audit-kind-package-report = 生成上报数据包
audit-kind-package-receive = 接收数据包
audit-kind-district-key-register = 登记区县公钥
audit-kind-district-key-revoke = 停用区县公钥
audit-kind-district-create = 创建区县
audit-kind-district-update = 修改区县
audit-kind-creation-target = 设定创建目标
audit-kind-creation-step = 记录创建进程
audit-kind-ledger-cancel-batch = 撤销一批交流记录
audit-kind-user-lock = 锁定登录名
audit-kind-user-unlock = 解除锁定
audit-kind-map-boundary = 上传区县边界
audit-kind-lottery-receipts = 下载派位回执
audit-kind-submit-template = 下载预填模板
audit-kind-submissions-progress-xlsx = 下载收集进度

# The sentences of the entries: $who is the person (or 系统), the other variables what the entry
# stores; $user and $group are the references below.
audit-system = 系统
audit-ref-named = 「{ $name }」
audit-ref-number = （编号 { $id }）
audit-import-statistics = { $who } 导入了 { $year } 学年统计数据（第 { $version } 版，{ $rows } 所学校）
audit-import-statistics-restore = { $who } 把 { $year } 学年统计数据恢复为第 { $base } 版的内容，保存为第 { $version } 版（{ $rows } 所学校）
audit-import-statistics-merge = { $who } 导入了 { $year } 学年统计数据中文件所列的学校，保存为第 { $version } 版（{ $rows } 所学校）
audit-submission-create = { $who } 提交了学校 { $school } 的 { $year } 学年数据（提交编号 { $submission }）
audit-submission-approve = { $who } 批准了学校 { $school } 的数据提交（提交编号 { $submission }），保存为新版本
audit-submission-reject = { $who } 退回了学校 { $school } 的数据提交（提交编号 { $submission }）
audit-roster-replace = { $who } 上传了 { $year } 学年教师花名册（第 { $version } 版，{ $teachers } 名教师）
audit-roster-restore = { $who } 把 { $year } 学年教师花名册恢复为第 { $base } 版的内容，保存为第 { $version } 版（{ $teachers } 名教师）
audit-roster-merge = { $who } 上传了 { $year } 学年教师花名册中文件所列的学校，保存为第 { $version } 版（{ $teachers } 名教师）
audit-ledger-add = { $who } 向交流台账添加了 { $moves } 条交流记录
audit-ledger-cancel = { $who } 撤销了交流台账中编号 { $record } 的交流记录
audit-ledger-cancel-batch = { $who } 撤销了交流台账第 { $batch } 批的 { $moves } 条交流记录
audit-user-lock = { $who } 登录名{ $user }因多次输入错误被暂时锁定，至 { $until }
audit-user-unlock = { $who } 解除了用户{ $user }的登录锁定
audit-map-boundary = { $who } 上传了区县边界（{ $vertices } 个点，{ $townships } 个乡镇/街道）
audit-lottery-receipts = { $who } 下载了编号 { $lottery } 的随机派位的报名回执
audit-submit-template = { $who } 下载了学校 { $school } 的预填模板
audit-progress-xlsx = { $who } 下载了 { $year } 学年的收集进度（{ $schools } 所学校）
audit-progress-xlsx-detail = { $who } 下载了 { $year } 学年的收集进度（{ $detail }）
audit-group-save = { $who } 保存了教育集团{ $group }（类型：{ $kind }）
audit-group-member-add = { $who } 将学校 { $school } 加入教育集团{ $group }（自 { $date } 起）
audit-group-member-end = { $who } 使学校 { $school } 退出教育集团{ $group }（{ $date } 起）
audit-group-import = { $who } 导入了教育集团名册 { $file }：新建集团 { $created } 个，更新 { $updated } 个，新增成员关系 { $added } 条，退出 { $closed } 条
audit-zone-save = { $who } 保存了学区{ $zone }（学区长学校：{ $head }）
audit-user-create = { $who } 创建了用户{ $user }{ $via ->
    [sso] （统一身份认证）
   *[other] {""}
}{ $pending ->
    [yes] ，待另一位管理员确认
   *[other] {""}
}
audit-user-update = { $who } 修改了用户{ $user }的角色、范围或显示名{ $via ->
    [sso] （统一身份认证）
   *[other] {""}
}
audit-user-password = { $who } 设置了用户{ $user }的密码
audit-user-activate = { $who } 启用了用户{ $user }
audit-user-deactivate = { $who } 停用了用户{ $user }
audit-user-confirm = { $who } 确认了用户{ $user }的授权（申请人 { $requester }）
audit-token-create = { $who } 为用户{ $user }创建了 API 令牌
audit-token-revoke = { $who } 撤销了用户{ $user }的一个 API 令牌
audit-lottery-create = { $who } 创建了编号 { $lottery } 的随机派位并冻结名单
audit-lottery-draw = { $who } 完成了编号 { $lottery } 的随机派位
audit-login = { $who } 登录了系统{ $via ->
    [sso] （统一身份认证）
   *[other] {""}
}
audit-login-failed = { $who } 登录失败{ $via ->
    [sso] （统一身份认证）
   *[other] {""}
}
audit-login-locked = { $who } 登录被拒绝：多次输入错误，账户暂时锁定
audit-logout = { $who } 退出了登录
audit-report-xlsx = { $who } 下载了 { $year } 学年评估报告工作簿（规则 { $rulebook }）
audit-rotation-xlsx = { $who } 下载了 { $year } 学年交流轮岗工作簿
audit-city-xlsx = { $who } 下载了 { $year } 学年各区县比较工作簿
audit-packages-xlsx = { $who } 下载了已接收数据包清单
audit-package-report = { $who } 生成了 { $year } 学年上报数据包（序号 { $sequence }）
audit-package-receive = { $who } 接收了 { $year } 学年数据包（序号 { $sequence }），保存为新的统计数据版本
audit-district-key-register = { $who } 登记了区县公钥 { $key }
audit-district-key-revoke = { $who } 停用了区县公钥 { $key }（{ $reason }）
audit-district-create = { $who } 创建了区县 { $district }
audit-district-update = { $who } 修改了区县 { $district } 的代码或名称
audit-creation-target = { $who } 设定了创建优质均衡的目标：{ $detail }
audit-creation-step = { $who } 记录了创建进程：{ $detail }
audit-other = { $who } 执行了操作 { $action }（{ $target }）
audit-kind-supervision-assign = 指派责任督学
audit-kind-supervision-end = 结束督学分工
audit-kind-supervision-visit = 记录督导
audit-kind-supervision-link = 督导发现生成整改任务
audit-supervision-assign = { $who } 指派督学 { $supervisor } 负责{ $kind ->
    [group] 教育集团
   *[zone] 学区
}“{ $unit }”（自 { $since } 起）
audit-supervision-end = { $who } 结束了督学分工 #{ $assignment }（至 { $until }）
audit-supervision-visit = { $who } 记录了督学 { $supervisor } 对学校 { $school } 的督导（{ $date }，{ $findings } 条发现）
audit-supervision-link = { $who } 由督导发现 #{ $finding } 生成了整改任务 #{ $task }
audit-kind-pairing-add = 登记结对帮扶
audit-kind-pairing-activity = 记录结对帮扶活动
audit-kind-pairing-end = 结束结对帮扶
audit-kind-classroom-import = 导入三个课堂记录
audit-kind-classroom-add = 登记一节课
audit-pairing-add = { $who } 登记了结对帮扶 #{ $pairing }（受援学校 { $schools } 所）
audit-pairing-activity = { $who } 记录了结对帮扶 #{ $pairing } 的一次活动（{ $date }）
audit-pairing-end = { $who } 结束了结对帮扶 #{ $pairing }（{ $date }）
audit-classroom-import = { $who } 导入了三个课堂记录 { $file }（{ $sessions } 节课）
audit-classroom-add = { $who } 为学校 { $school } 登记了一节课（{ $date }）

## Tasks and documents (issue 12)
audit-kind-task-create = 创建任务
audit-kind-task-status = 任务状态变更
audit-kind-evidence-add = 上传佐证材料
audit-kind-evidence-download = 下载佐证材料
audit-task-create = { $who } 创建了任务 #{ $task }（负责：{ $owner }，期限 { $deadline }）
audit-task-status = { $who } 将任务 #{ $task } 从“{ $from }”改为“{ $to }”
audit-evidence-add = { $who } 上传了佐证材料 #{ $document }
audit-evidence-download = { $who } 下载了佐证材料 #{ $document }
audit-kind-review-score = 录入综合考核评分
audit-kind-review-finalise = 综合考核定稿
audit-review-score = { $who } 录入了 { $year } 年度综合考核 { $unit } 的“{ $item }”{ $scorer } 评分 { $score }（原为 { $was }）
audit-review-finalise = { $who } 定稿了 { $year } 年度综合考核（{ $results } 个结果，替换原定稿 { $replaced } 个）
