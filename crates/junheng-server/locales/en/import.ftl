# Interface texts: import.
import-accepts-xlsx-xls-ods = Accepts .xlsx, .xls, .ods and .csv (UTF-8 or GB18030). A preview lists every problem by row before anything is stored; confirming stores it. Importing a school year again stores a new version; old versions stay readable.
import-code = Code
import-column = Column
import-failing-units-cn-2017 = Failing units (cn-2017)
import-import-preview = Import preview
import-notes = Notes
import-problem-and-what-is = Problem and what is expected
import-row = Row
import-sheet = Sheet
import-the-file-passed-every = The file passed every check and is not stored yet. Confirm to store it as a new version.
import-units = Units
import-value = Value
