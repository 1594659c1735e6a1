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

# Seats (issue 16)
audit-kind-seats-classes-import = Class table imported
audit-kind-seats-classes-withdraw = Class table withdrawn
audit-kind-seats-zoning-import = Catchment, entrant or quota file imported
audit-kind-seats-zoning-withdraw = Catchment, entrant or quota file withdrawn
audit-kind-seats-births = Births imported
audit-kind-seats-zones = Area-to-zone map imported
audit-kind-seats-enrolment = Enrolment by grade imported
audit-kind-seats-capacity = Approved capacity imported
audit-kind-seat-project-add = Building project recorded
audit-kind-seat-project-update = Building project changed
audit-kind-seat-project-delete = Building project deleted
audit-kind-seat-project-import = Building projects ledger imported
audit-seats-classes-import = { $who } imported the class table { $file } of school year { $year } ({ $classes ->
    [one] one class
   *[other] { $classes } classes
})
audit-seats-classes-withdraw = { $who } withdrew the class table of school year { $year } ({ $classes ->
    [one] one class
   *[other] { $classes } classes
})
audit-seats-zoning-import = { $who } imported { $file } of school year { $year } ({ $rows ->
    [one] one row
   *[other] { $rows } rows
})
audit-seats-zoning-withdraw = { $who } withdrew a catchment, entrant or quota file of school year { $year } ({ $rows ->
    [one] one row
   *[other] { $rows } rows
})
audit-seats-births = { $who } imported births ({ $years }, { $rows ->
    [one] one row
   *[other] { $rows } rows
})
audit-seats-zones = { $who } imported the area-to-zone map ({ $rows ->
    [one] one row
   *[other] { $rows } rows
})
audit-seats-enrolment = { $who } imported enrolment by grade ({ $years }, { $rows ->
    [one] one row
   *[other] { $rows } rows
})
audit-seats-capacity = { $who } imported approved capacity ({ $years }, { $rows ->
    [one] one row
   *[other] { $rows } rows
})
audit-seat-project-add = { $who } recorded building project #{ $project } (school { $school })
audit-seat-project-update = { $who } changed building project #{ $project } (school { $school })
audit-seat-project-delete = { $who } deleted building project #{ $project }
audit-seat-project-import = { $who } imported the building projects ledger { $file } ({ $added } added, { $replaced } replaced)
