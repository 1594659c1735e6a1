# States other layers name in Chinese (src/i18n/labels.rs).
label-not-evaluated = 不参评
label-cannot-evaluate = 无法评估
label-returned = 已退回
label-not-submitted = 未提交
label-approved = 已通过
label-before-plan = 方案前
label-after-plan = 方案后
label-not-computable = 不可计算
label-no = 否
label-source-import = 导入
label-source-manual = 手工录入
label-source-plan = 交流方案
label-cancelled = 已撤销
label-still-rotating = 在岗交流中
label-in-force = 有效
label-restored = 恢复旧版本
label-school-submission = 学校提交
