## 学区 (issue 12)
zones-title = 学区
zones-zone = 学区
zones-head-school = 学区长学校
zones-definition = 某学年学区的学校以该学年学校统计数据的“学区”列为准；学区覆盖率为学区内学校中加入教育集团的比例。
zones-none = 还没有学区：学校统计数据的“学区”列为空，也没有登记学区。
zones-saved = 学区档案已保存。
zones-record = 学区档案
zones-edit = 修改学区档案
zones-schools = 学区内的学校
zones-no-schools = 本学年没有学校属于该学区。
zones-bundled = 学区捆绑评价（学区作为一个整体）
zones-value = 学区值
zones-cv = 学区内差异系数
zones-no-zone = 没有名为“{ $v }”的学区
