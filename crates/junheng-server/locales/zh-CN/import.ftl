# Interface texts: import.
import-accepts-xlsx-xls-ods = 支持 .xlsx、.xls、.ods、.csv（UTF-8 或 GB18030）。上传后先预览并逐行列出所有问题，确认后才保存；同一学年再次导入会保存为新版本，旧版本保留可查。
import-code = 代码
import-column = 列
import-failing-units-cn-2017 = 未达标单位（cn-2017）
import-import-preview = 导入预览
import-notes = 提示
import-problem-and-what-is = 问题与要求
import-row = 行
import-sheet = 工作表
import-the-file-passed-every = 文件检查通过，尚未保存。确认后将作为新版本保存。
import-units = 评估单位
import-value = 值
