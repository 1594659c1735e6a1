# Interface texts: the evaluation's pages (概览, 学校, 指标, 集团, 地图, 报告) and the city's.
# Data in them (names, units, sections, the engine's sentences) stay Chinese.

## Shared words.
pages-clause-separator = ；
pages-name-unit = { $name }（{ $unit }）
pages-word-space = {""}

## 概览 (dashboard).
dashboard-no-rulebook = 没有名为「{ $id }」的评估规则；可用：{ $ids }
dashboard-composite = 综合差异系数 { $cv }（上限 { $limit }）：{ $verdict }
dashboard-section-cvs = { $section }各指标差异系数
dashboard-computing = 第 { $new } 版数据正在计算，计算完成前显示第 { $shown } 版；请稍后刷新
dashboard-no-data-for-year = 没有 { $year } 学年的数据
dashboard-no-data-yet = 还没有导入任何学年的数据
dashboard-no-such-district = 没有这个区县
dashboard-trend-title = 各学年未达标评估单位数
dashboard-trend-unit = 个
dashboard-please-import = 请先{ $link }。
dashboard-import-link = 导入学校基本情况表
dashboard-reason-failing-units = { $section } { $n } 个评估单位（共 { $all } 个）未达到单位达标规则
dashboard-reason-composite = { $section }综合差异系数 { $cv } 超过上限 { $limit }
dashboard-reason-composite-unknown = { $section }综合差异系数不可计算
dashboard-reason-indicator = { $section }「{ $indicator }」差异系数 { $cv } 超过上限 { $limit }
dashboard-reason-indicator-unknown = { $section }「{ $indicator }」差异系数不可计算
dashboard-sentence-passes = 达标：{ $sections }每个评估单位都达到单位达标规则，差异系数都在上限以内。
dashboard-sentence-fails = 未达标：{ $reasons }。
dashboard-failing-units = 未达标评估单位
dashboard-composite-cv = 综合差异系数
dashboard-largest-cv = 最大差异系数
dashboard-tile-of-section = { $section }{ $figure }
dashboard-unchanged = 持平

## 学校 (schools).
schools-code-empty = 学校标识码为空：{ $code }
schools-code-scientific = 学校标识码被写成了科学计数法：{ $code }
schools-code-not-ten-digits = 学校标识码应为 10 位数字：{ $code }
schools-no-school-in-year = { $year } 学年没有学校 { $code }
schools-facility-share = 设施按 { $share }% 分摊到本学段
schools-apportioning-section = { $section }在校生 { $n } 人、权重 { $weight }
schools-apportioning-formula = 各学段共用校舍与设备，按在校生数加权分摊（{ $sections }）：{ $section }部份额 = { $own } ÷ ({ $all }) = { $share }%
schools-apportioning-amount = { $field } { $whole }{ $unit } × { $share }% = { $part }{ $unit }
schools-zone-is = 学区：
schools-group-is = 教育集团：
schools-parent-is = 上级学校：

## 指标 (indicators).
indicators-no-section = 没有学段 { $v }
indicators-no-indicator = 没有指标 { $v }
indicators-below-mean = 偏低
indicators-above-mean = 偏高
indicators-plan = 把低于 { $floor } 的 { $n } 个单位提高到 { $floor }，共需增加 { $amount } { $unit }，差异系数由 { $from } 降到 { $to }（目标 ≤ { $target }）
indicators-plan-closest = 把低于 { $floor } 的 { $n } 个单位提高到 { $floor }，共需增加 { $amount } { $unit }，差异系数由 { $from } 降到 { $to }（目标 ≤ { $target }）；按整数补充无法精确达到目标，此为最接近的方案

## 地图 (map).
map-saved = 已保存区县边界（{ $points } 个点，{ $townships } 个乡镇/街道），地图已按新边界绘制
map-boundary-title = 区县边界
map-schools-title = { $v } 学年学校分布（绿色达标，红色未达标）
map-boundary-info = { $file }（{ $points } 个点，{ $townships } 个乡镇/街道，由 { $by } 上传）
map-unreadable-form = 上传的表单无法读取，请重新选择文件上传
map-choose-boundary-file = 请选择区县边界文件（GeoJSON，.geojson 或 .json）
map-not-saved = 边界未保存：{ $why }

## 教育集团 (groups).
groups-no-group = 没有教育集团「{ $v }」
groups-no-data-this-year = 无本学年数据

## 评估报告 (report).
report-rulebook-is = 评估规则：{ $name }（{ $id }，版本 { $version }）
report-policies-is = 计算口径：
report-verdict-is = 结论：

## 各区县比较, 创建阶段 (city).
city-bad-sort = 无法按「{ $v }」排序；可用：{ $keys }
city-no-district-has-year = 没有区县有 { $year } 学年的数据
city-no-data-for-year = 没有 { $year } 学年的数据
city-no-district-in-scope = 您的范围内没有区县 { $v }
city-kind-qu = 区
city-kind-xian = 县
city-kind-gongnengqu = 功能区
city-status-not-started = 未启动
city-status-self-assessed = 自评
city-status-city-process = 市级过程评估
city-status-city-supervision = 市级督导评估
city-status-national-recognition = 国家认定
city-phase-pilot = 试点推进
city-phase-whole = 整体推进
city-phase-final = 攻坚推进
city-target-phase = { $year }（{ $phase }）
city-not-set = 未设定
city-progress-recognised = 已通过国家认定
city-progress-no-target = 未设目标年份，尚差 { $steps } 步
city-progress-overdue = 已逾期 { $years } 年，尚差 { $steps } 步
city-progress-this-year = 目标为本年，尚差 { $steps } 步
city-progress-left = 距目标 { $years } 年，尚差 { $steps } 步
city-section-cv-over = { $cv } / { $limit }，{ $n } 项超标
city-no-roster = 无花名册
city-rotation = { $rotated }/{ $required }（{ $share }）
city-fresh = 第 { $version } 版 · { $time }
city-fresh-package = 第 { $version } 版 · { $time } · 上报包 第 { $package } 号
city-column-district = 区县
city-column-verdict = 结论
city-column-primary-cv = 小学差异系数/限值
city-column-junior-cv = 初中差异系数/限值
city-column-failing = 未达标单位
city-column-rotation = 交流轮岗
city-column-freshness = 数据版本
city-column-status = 创建状态
city-column-target = 距目标
city-trend-failing = { $n } 个单位未达标
city-trend-bad-data = 数据有误
city-done-target = 已将{ $district }的创建目标设为 { $year } 年
city-done-step = 已记录{ $district }：{ $status }
city-bad-target-year = 目标年份「{ $v }」有误：应为 2024、2028 或 2030
city-bad-status = 状态「{ $v }」有误：应为 自评、市级过程评估、市级督导评估 或 国家认定
