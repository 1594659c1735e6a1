# Seats (issue 16)
nav-group-seats = Seats
nav-seats = Sizes and classes
seats-title = School size, class size and arts rooms
seats-no-data = There are no school statistics yet.
seats-bad-year = The school year "{ $v }" should be a four-digit year from 2000 to 2100, e.g. 2024
seats-choose-year = Choose the school year
seats-choose-file = Choose the class table to import
seats-confirm-withdraw = Tick the confirmation before withdrawing the class table
seats-item-rooms = Music and art rooms
seats-item-school-size = School size
seats-item-class-size = Class size
seats-met = Met
seats-not-met = Not met
seats-not-connected = Not connected
seats-no-classes = The year has no class table and the registry has no classes, so class size cannot be assessed (not connected); import a class table.
seats-assessed = { $n ->
    [one] One school assessed
   *[other] { $n } schools assessed
}
seats-failing = { $n } failing
seats-school-code = School code
seats-school-name = School
seats-remedy = Gap and what closes it
seats-large-classes = Classes above the standard size
seats-grade = Grade
seats-class = Class
seats-pupils = Pupils
seats-limit = Standard size
seats-band = Band
seats-band-over = Above the standard
seats-band-large = Large class (56+)
seats-band-very-large = Very large class (66+)
seats-classes = { $n ->
    [one] One class
   *[other] { $n } classes
}
seats-over = { $n } above the standard
seats-large = { $n } large
seats-very-large = { $n } very large
seats-keep = Import a class table
seats-year = School year
seats-file = File
seats-replace = Replace the year's class table if it has one (it can be withdrawn afterwards)
seats-import = Import
seats-template = Download the template
seats-import-rule = One row per class; the whole file is imported or nothing is, and every problem is listed with its sheet, row, column, value and what is expected. Schools must be in the year's statistics.
seats-withdraw-confirm = Confirm withdrawing the year's current class table (the previous one comes back; without one, the registry's classes are used)
seats-withdraw = Withdraw the class table
seats-imported = { $n ->
    [one] One class imported.
   *[other] { $n } classes imported.
}
seats-withdrawn = The class table was withdrawn.
seats-import-title = Import a class table
seats-import-issues = { $n ->
    [one] The file has one problem; nothing was imported:
   *[other] The file has { $n } problems; nothing was imported:
}
seats-upload-again = Correct the file and upload it again
