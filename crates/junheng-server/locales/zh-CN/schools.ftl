# Interface texts: schools.
schools-every-value-of-the = 学校基本情况表中本校一行的全部数据；上面的指标值由它们算出。
schools-history = 历史
schools-how-the-shared-facilities = 共用设施如何分摊到本学段
schools-imported-at = 导入时间
schools-imported-by = 导入人
schools-only-the-schools-you = （仅显示您有权查看的学校）
schools-raw-inputs = 原始数据
schools-smallest-additions-that-make = 最小补足方案
schools-this-school = 本校
schools-unit-facts = 在校生 { $a } 人 · 达标 { $b } 项