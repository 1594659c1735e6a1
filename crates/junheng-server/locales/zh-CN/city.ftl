# Interface texts: city.
city-back-to-the-district = 返回各区县比较
city-click-a-districts-name = 点击区县名称进入该区县的页面（只读）。各行只汇总区县数据，不含学校或个人。
city-creation-phases = 创建阶段
city-creation-target = 创建目标
city-date = 日期
city-district-comparison = 各区县比较
city-document-number-or-title = 文号或标题
city-now = 当前：
city-quality-balance-creation-phases = 优质均衡创建阶段
city-record = 记录
city-set-target = 设定目标
city-set-the-target-or = 设定目标或记录一步
city-summary = { $a } 个区县 · { $b } 个达标 · { $c } 个有数据
city-target-year = 目标年份
city-target-years-2024-pilot = 目标年份：2024 试点推进、2028 整体推进、2030 攻坚推进。状态依次为 未启动 → 自评 → 市级过程评估 → 市级督导评估 → 国家认定；每一步记录日期和文件，记录后不可修改。
city-trend-over-the-years = 历年趋势
## 集团化办学覆盖率（各区县与全市，issue 12）
city-coverage-title = 集团化办学覆盖率
city-coverage-school-rate = 学校参与率
city-coverage-student-rate = 学生受益率（优质资源覆盖率）
city-coverage-overall = 总体
city-coverage-primary = 小学
city-coverage-junior = 初中
city-coverage-total = 合计
city-coverage-no-data = 无数据
city-coverage-membership = 学校是否在集团中，以各区县集团名册中该学年 9 月 1 日的成员关系为准。
city-coverage-total-note = 合计 = 各区县的参与学校数、学校数、受益学生数、学生数分别相加后相除，不是各区县比率的平均；没有该学年数据的区县显示“无数据”，不计入合计。
city-coverage-target = 市级目标：学校参与率、学生受益率均不低于 { $percent }%（总体达到的标为绿色，未达到的标为红色）。这是部分市的工作报告采用的地方做法，不是国家标准。
city-inspection = 督导评估
city-inspection-none = 尚未计算
city-path = 整改任务与期限
city-tasks-line = 未完成任务 { $open } 项，逾期 { $overdue } 项
city-days-no-target = 未设目标年份
city-days-today = 目标期限为今天
city-days-past = 已逾期 { $days } 天
city-days-left = 距目标期限还有 { $days } 天
