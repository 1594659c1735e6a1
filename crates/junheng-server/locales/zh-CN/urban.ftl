# Interface texts: urban (城乡差异: every indicator split by 城乡分类).
urban-title = 城乡差异
urban-category = 城乡分类
urban-category-urban = 城区
urban-category-town = 镇区
urban-category-rural = 乡村
urban-category-unclassified = 未分类
urban-district = 全区
urban-units = 评估单位
urban-mean = 均值（学生加权）
urban-ratio = 乡村 ÷ 城区
urban-ratio-is = 乡村均值 ÷ 城区均值 = { $v }
urban-no-ratio = 缺少城区或乡村评估单位（或城区均值为 0），无法计算乡村与城区均值之比。
urban-note = 各类别的均值和差异系数按在校生加权，算法与全区相同；并入本校评估的教学点随本校的城乡分类；没有填写城乡分类的单位列为“未分类”。
urban-trend = 历年城乡差异
urban-trend-note = 每个学年取页面所示的数据版本（最新版本计算完成后即为最新版本），按本页的评估规则计算。
urban-ratio-chart = { $name }：乡村均值 ÷ 城区均值
urban-card-note = 各学段乡村与城区学生加权均值之比偏离 1 最多的指标（小于 1 表示乡村低于城区）。
urban-card-none = 缺少城区或乡村评估单位，无法比较。
urban-rural-mean = 乡村均值
urban-urban-mean = 城区均值
urban-report-ratios = 历年乡村均值 ÷ 城区均值
urban-distance = 与城区比较（本校为{ $category }学校）：{ $indicator }本校 { $value }，本区县城区学校均值 { $mean }（按在校生加权），相差 { $difference }，为城区均值的 { $percent }。
urban-distance-no-ratio = 与城区比较（本校为{ $category }学校）：{ $indicator }本校 { $value }，本区县城区学校均值 { $mean }（按在校生加权），相差 { $difference }。
