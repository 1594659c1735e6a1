# Labour education (issue 18): labour lists
nav-labour-lists = Labour lists
labour-lists-title = Labour lists
labour-lists-rule = The district's list sets the labour items of each band of grades; a school's list may add items, strengthen district items or leave out optional district items, but never lower the curriculum's or the district's requirement (a mandatory item may not be dropped, made optional, done less often or for fewer minutes). Each import is a new version; old versions are kept; withdrawing restores the previous version.
labour-district-list = District list
labour-no-district-list = The district's labour list has not been imported yet.
labour-school-lists = Schools' lists
labour-no-school-lists = No school has imported a list of its own (schools without one follow the district's list).
labour-version = Version
labour-items = Items
labour-check = Check
labour-check-ok = Meets the requirements
labour-effective-list = The list this school follows (district list + school changes)
labour-school-problems = This school's list does not meet the current district list; correct it and import it again:
labour-versions = Versions
labour-no-versions = No versions yet.
labour-by = Imported by, at
labour-state = State
labour-withdrawn = Withdrawn
labour-keep = Import and withdraw
labour-school-optional = School code (empty for the district's list)
labour-import = Import list
labour-template = Download the labour list template (.xlsx)
labour-withdraw-confirm = Confirm withdrawing the current version (the previous one is restored)
labour-withdraw = Withdraw current version
labour-code = Code
labour-group = Task group
labour-grades = Grade or band
labour-place = Place
labour-content = Content
labour-frequency = Frequency
labour-minutes = Minutes each
labour-mandatory = Mandatory/optional
labour-safety = Safety note
labour-origin = Origin
labour-required = Mandatory
labour-optional = Optional
labour-origin-district = District
labour-origin-changed = District (strengthened)
labour-origin-school = School
labour-lists-imported = The list was imported as the new current version.
labour-lists-withdrawn = The current version was withdrawn; the previous version is current again.
labour-import-title = Import labour list
labour-import-issues = { $n ->
    [one] The file has { $n } problem; nothing was imported:
   *[other] The file has { $n } problems; nothing was imported:
}
labour-upload-again = Correct and upload again
labour-bad-school = School code “{ $v }” should be 10 digits
labour-choose-file = Choose the file to import
labour-confirm-withdraw = Tick “confirm” before withdrawing
audit-kind-labour-list-import = Labour list imported
audit-kind-labour-list-withdraw = Labour list withdrawn
audit-labour-list-import = { $who } imported labour list ({ $school }) version { $version } { $file } ({ $items } items)
audit-labour-list-withdraw = { $who } withdrew labour list ({ $school }) version { $version }
# The class teacher's page
nav-labour-class = Labour records (class)
labour-class-title = Class labour records
labour-class = Class
labour-open-class = Open
labour-prev-week = Previous week
labour-next-week = Next week
labour-enter = Enter (one item, many children)
labour-no-items = The school's labour list has no item for this grade.
labour-day = Date
labour-item = Labour item
labour-minutes-done = Minutes
labour-evidence = Evidence as text (at most 500 characters, no photos)
labour-reporter = Reported by
labour-children = Children
labour-save-records = Save records
labour-week-records = This week's records and spot check
labour-spot-population = { $n ->
    [one] One home record this week,
   *[other] { $n } home records this week,
}
labour-spot-sampled = { $n ->
    [one] one to spot-check (marked).
   *[other] { $n } to spot-check (marked).
}
labour-no-records = No records this week yet.
labour-sampled = Spot check
labour-pass = Pass
labour-fail = Fail
labour-ratings = This term's ratings (ability, habit, quality, 1–5 stars)
labour-ratings-rule = Only children with all three filled in are saved; a new rating supersedes the earlier one, which is kept.
labour-child = Child
labour-ability = Ability
labour-habit = Habit
labour-quality = Quality
labour-save-ratings = Save ratings
labour-status-pending = Pending
labour-status-parent = Confirmed by a parent
labour-status-teacher = Verified by a teacher
labour-status-rejected = Rejected
labour-entered = Records saved.
labour-decided = Decision saved.
labour-rated = Ratings saved.
labour-no-keys = The student data keys are not configured, so children's names cannot be shown (see the README on student data keys).
labour-bad-day = Date “{ $v }” should be written YYYY-MM-DD, e.g. 2025-10-15
labour-choose-item = Choose a labour item
labour-bad-minutes = Minutes should be a whole number from 1 to 600
labour-choose-reporter = Choose who reports
labour-choose-students = Choose at least one child
labour-bad-record = Choose the record and the decision
labour-no-ratings = No rating with all three filled in
audit-kind-labour-records-add = Labour records entered
audit-kind-labour-verify = Labour record checked
audit-kind-labour-rate = Labour ratings entered
audit-labour-records-add = { $who } entered { $records } labour records for { $class }
audit-labour-verify = { $who } checked a labour record ({ $decision })
audit-labour-rate = { $who } entered { $ratings } labour ratings
labour-import-records = Import records from a file (by student number, all or nothing)
labour-records-template = Download the labour records template (.xlsx)
labour-import-records-title = Import labour records
# Parent confirmation (one-time links)
labour-print-slips = Print this week's parent slips
labour-slips-title = Parent confirmation slips
labour-slips-count = { $n ->
    [one] One home record this week waits for a parent; it has a one-time link.
   *[other] { $n } home records this week wait for a parent; each has a one-time link.
}
labour-print = Print
labour-slip-head = Home labour confirmation (parents: open the link below to confirm or say it is wrong)
labour-slip-link = Link
labour-slip-rule = The link works once, until
labour-parent-title = Home labour confirmation
labour-parent-rule = Please check this piece of home labour. The page does not show the child's name; the link stops working once you answer.
labour-parent-confirm = Confirm
labour-parent-dispute = Something is wrong
labour-parent-confirmed = Confirmed, thank you!
labour-parent-disputed = Recorded as wrong; the teacher will check.
labour-parent-gone = This link is not valid, was used already or has expired. Please ask the class teacher.
labour-parent-choose = Choose “Confirm” or “Something is wrong”
labour-parent-too-many = Too many attempts; try again in { $wait } minutes
audit-kind-labour-links-issue = Parent links issued
audit-kind-labour-parent-answer = Parent answered a link
audit-labour-links-issue = { $who } issued { $links } parent links
audit-labour-parent-answer = A parent answered a one-time link ({ $decision })
# The labour passport
labour-passport-title = Labour passport
labour-points = Points this term
labour-term-grade = Term grade
labour-badges = Badges and progress
labour-timeline = Labour records
