# Interface texts: dashboard.
dashboard-coefficient-of-variation = 差异系数
dashboard-data-version = 数据第 { $n } 版
dashboard-district-mean = 全区均值
dashboard-every-unit-meets-the = 所有评估单位均达到单位达标规则。
dashboard-failing-units-and-what = 未达标的评估单位及补足方案
dashboard-hidden-failing = 另有 { $n } 个未达标单位不在您的查看范围内。
dashboard-key-figures = 关键指标
dashboard-no-school-year-has = 还没有导入任何学年的数据。
dashboard-overview = 概览
dashboard-sections-facts = 评估单位 { $a } 个 · 在校生 { $b } 人 · 未达标单位 { $c } 个
dashboard-title = { $v } 学年资源配置：
dashboard-trend = 趋势
dashboard-units-meeting = 达标单位
dashboard-vs = 较
