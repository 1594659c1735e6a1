# Interface texts: indicators.
indicators-after = 改进后
indicators-cv = 差异系数
indicators-hidden = 另有 { $n } 个单位不在您的查看范围内。
indicators-least-total-addition = 最少补充方案
indicators-limit = 上限
indicators-mean = 全区均值（学生加权）
indicators-now = 现值
indicators-sd = 标准差
indicators-share-of-weighted-variance = 占加权方差
indicators-standard = 标准
indicators-to-add = 需增加
indicators-units-driving-the-coefficient = 差异系数的主要来源
indicators-value = 本校值
