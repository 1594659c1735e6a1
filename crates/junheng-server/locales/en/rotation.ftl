# Interface texts: rotation.
rotation-accepts-xlsx-xls-ods = Accepts .xlsx, .xls, .ods and .csv. A preview lists every problem by row before anything is stored; confirming stores it. A roster is saved as a new version (replacing the year or updating the listed schools; large removals must be confirmed); ledger moves are added, and a move overlapping a recorded one is refused.
rotation-active = Active
rotation-at-school-since = At school since
rotation-backbone = backbone
rotation-backbone-level = Backbone level
rotation-backbone-share = Backbone share
rotation-batch = Batch
rotation-cancel = Cancel
rotation-cancel-every-move-of = Cancel every move of this batch
rotation-cancel-the-batch = Cancel the batch
rotation-compares-the-evaluation-of = Compares the evaluation of the statistics as reported with the evaluation after this year's rotating teachers are counted at their host schools, as the ledger says.
rotation-confirming-adds-these-moves = Confirming adds these moves to the ledger; a move overlapping a recorded one refuses the whole file.
rotation-confirming-saves-each-school = Confirming saves each school year's roster as a new version (old versions stay readable).
rotation-count = Count
rotation-download-the-ledger-template = Download the ledger template
rotation-download-the-roster-template = Download the roster template
rotation-effect-of-the-rotations = Effect of the rotations
rotation-eligible-teachers-not-rotating = Eligible teachers not rotating this year
rotation-enter-a-move-by = Enter a move by hand
rotation-entered = Entered
rotation-every-move-of-the = Every move of the school year was applied.
rotation-every-scope-meets-its = Every scope meets its quota.
rotation-first-year = First year
rotation-import = Import
rotation-last-year = Last year
rotation-ledger = Ledger
rotation-ledger-import = Ledger import
rotation-more-missing = { $n ->
    [one] { $n } more scope: see "Quotas".
   *[other] { $n } more scopes: see "Quotas".
}
rotation-moves-applied = Moves applied:
rotation-moves-not-applied = Moves not applied
rotation-no-roster = No roster
rotation-no-school-statistics-for = No school statistics for this school year: nothing to check against.
rotation-no-school-statistics-for-this = No school statistics for this school year: groups are unknown, quotas are per school only.
rotation-no-school-statistics-or = No school statistics or teacher roster imported yet.
rotation-open-teacher-rotation = Open teacher rotation
rotation-pe-arts = PE/arts
rotation-quotas = Quotas
rotation-reason = reason
rotation-roster = Roster
rotation-roster-against-the-school = Roster against the school statistics
rotation-roster-import = Roster import
rotation-rotation-ledger = Rotation ledger
rotation-rotation-ledger-of-the = Rotation ledger of the school year
rotation-rotation-quota = Rotation quota
rotation-scopes-that-miss-their = Scopes that miss their quota
rotation-scopes-without-a-roster = Scopes without a roster:
rotation-share-rotated = Share rotated
rotation-source = Source
rotation-statistics = Statistics
rotation-stored = Stored.
rotation-subject = Subject
rotation-teacher-roster = Teacher roster
rotation-teachers-to-rotate = Teachers to rotate
rotation-the-file-passed-every = The file passed every check and is not stored yet.
rotation-the-ledgers-effect-on = The ledger's effect on the evaluation
rotation-the-roster-agrees-with = The roster agrees with the school statistics.
rotation-upload-mismatches = { $n ->
    [one] { $n } count differs from the school statistics:
   *[other] { $n } counts differ from the school statistics:
}
rotation-years-at-school = Years at school
rotation-error-teacher-id = Wrong teacher number: { $v }
rotation-error-reason = Please give the reason for the cancellation
rotation-error-reason-length = A reason has at most { $n } characters
rotation-error-school-code = Wrong school code: { $v }
rotation-error-no-roster = There is no teacher roster for school year { $v }
rotation-error-nothing = No school year's data or teacher roster has been imported yet
rotation-error-start-year = Wrong start year "{ $v }": expected a four-digit year, such as 2024
rotation-error-end-year = Wrong end year "{ $v }": expected a four-digit year, such as 2024
rotation-error-from-school = Wrong home school code "{ $v }": { $e }
rotation-error-to-school = Wrong host school code "{ $v }": { $e }
rotation-error-kind = Wrong kind "{ $v }": expected { $e }
rotation-scope-district = Whole district
rotation-scope-group = Education group
rotation-scope-school = School
rotation-error-no-statistics = There are no school statistics for { $v }; please import them first
rotation-move-scopes = Moves starting this year by scope:
rotation-special-teachers = { $n ->
    [one] { $n } teacher at special-education schools:
   *[other] { $n } teachers at special-education schools:
}
