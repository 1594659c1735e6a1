# Interface texts: report.
report-evaluation-report = 评估报告
report-failing-units-and-the = 未达标评估单位及最小补足方案
report-met = 达标项
report-print-this-page-ctrl = 打印本页（Ctrl+P）即可另存为 PDF
report-title-year = { $v } 学年县域义务教育资源配置督导评估报告
report-what-closes-the-gaps = 需要补足
