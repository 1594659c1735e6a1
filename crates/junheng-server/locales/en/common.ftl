# Interface texts: common.
common-action = Action
common-all = All
common-all-versions = All versions
common-any-column-contains = Any column contains
common-backbone-required = Backbone required
common-backbone-rotated = Backbone rotated
common-cancel = Cancel
common-confirm-import = Confirm import
common-created = Created
common-current = current
common-districts = { $n ->
    [one] { $n } district
   *[other] { $n } districts
}
common-districts-2 = Districts
common-download-excel-workbook = Download Excel workbook
common-download-the-filtered-rows = Download the filtered rows:{" "}
common-education-groups = Education groups
common-eligible = Eligible
common-export-excel = Export Excel
common-fails = fails
common-file = File
common-filter = Filter
common-home-school = Home school
common-host-school = Host school
common-import = Import
common-import-issues = { $n ->
    [one] Found { $n } problem; nothing was saved. Correct the file as the table shows and upload it again.
   *[other] Found { $n } problems; nothing was saved. Correct the file as the table shows and upload it again.
}
common-import-the-school-statistics = Import the school statistics template
common-indicator = Indicator
common-ledger-saved = { $a ->
    [one] { $a } move
   *[other] { $a } moves
} written to the ledger, batch #{ $b }
common-limit = Limit
common-met = met
common-more-schools = { $n ->
    [one] { $n } more school is not listed.
   *[other] { $n } more schools are not listed.
}
common-moves = Moves
common-name = Name
common-next = Next
common-no = No.
common-no-teacher-roster-for = No teacher roster for this school year yet: the quota cannot be computed.
common-not-met = not met
common-note = Note
common-page-of = page { $a } of { $b }
common-passes = passes
common-people = { $n ->
    [one] { $n } person
   *[other] { $n } people
}
common-previous = Previous
common-published-results = Published results
common-reason = Reason
common-required = Required
common-revoked = revoked
common-roster-versions = Roster versions
common-rotated = Rotated
common-rulebook = Rulebook:
common-saved-version = Saved as version { $n }.
common-school-code = School code
common-school-name = School name
common-school-year = school year { $v }
common-school-year-2 = School year
common-school-year-3 = School year:
common-schools = { $n ->
    [one] { $n } school
   *[other] { $n } schools
}
common-schools-2 = Schools
common-schools-3 = Schools
common-scope = Scope
common-search = Search
common-section = Section
common-standard = Standard
common-status = Status
common-students = Students
common-target = Target:{" "}
common-teacher-id = Teacher id
common-teacher-rotation = Teacher rotation
common-teachers = Teachers
common-type = Type
common-upload-again = Upload again
common-upload-and-preview = Upload and preview
common-user-name = User name
common-verdict = Verdict
common-verdict-2 = Verdict:
common-version = Version
common-yes = yes
common-error-note-length = A note has at most { $n } characters
common-error-no-year = There is no data for school year { $v }
common-error-no-data = No school year's data has been imported yet
common-error-year = A school year is a four-digit year; received "{ $v }"
common-separator = ,{" "}
