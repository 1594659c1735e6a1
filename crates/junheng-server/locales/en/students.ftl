## Students and the registry (issue 13)
students-title = Students and registry
students-no-keys = The keys of children's data are not configured, so no child can be imported or read by name: generate the two keys with junheng students keygen as the README explains (section "Protection at rest, keys and rotation"), set JUNHENG_STUDENT_SEAL_KEY and JUNHENG_STUDENT_PSEUDONYM_KEY (or the key files) and restart the server.
students-bad-year = The school year "{ $v }" should be a year from 2000 to 2100, e.g. 2024 (the school year 2024–2025)
students-year-missing = Enter the school year, e.g. 2024 (the school year 2024–2025)
students-bad-format = The download format should be xlsx, not "{ $v }"
students-bad-flag = "{ $v }" is not a flag to filter by; the flags: { $flags }
students-bad-input-name = The input "{ $v }" should be population (school-age population) or disabled (school-age children with one of the three disabilities)
students-bad-input-value = The value "{ $v }" should be a whole number, 0 or more
students-source-missing = Enter where the value comes from (e.g. the district statistics bureau's 2024 population sample)
students-bad-month = The month "{ $v }" should be written YYYY-MM, e.g. 2027-07
students-bad-public = The kind of school "{ $v }" should be public or private
students-school-missing = Choose a school
students-bad-school = The school code "{ $v }" should be 10 digits
students-no-school = The district has no school with the code "{ $v }"
students-retention-unconfirmed = Nothing was erased: tick the confirmation and type the month { $month } again
students-grade = Grade { $n }
students-grade-column = Grade
students-percent = %
## Overview
students-district-rates = District rates
students-school-rates = School rates
students-rates-more = Trends and each school's rates
students-counts-title = Students per school
students-counts-by-grade = Students per grade
students-district-total = Total
students-suppressed-note = Cells under { $n } children show "<{ $n }", and cells a total would give back show "*", so that no child can be singled out.
students-missing-schools = { $n ->
    [one] One school has no registry for this school year
   *[other] { $n } schools have no registry for this school year
}
students-no-registry = No registry has been imported yet.
students-no-registry-school = This school has no registry for the school year.
students-care-title = Your school's list
students-care-note = The list shows children's names; every view and download is recorded with who, when and which children.
students-template = Download the registry template
students-saved-input = The input is saved.
students-count-students = Students
students-count-migrant = Migrant children
students-count-disabled = With a disability
students-count-left-behind = Left-behind
students-count-boarding = Boarding
students-count-needy = In need
## Rates
students-rates-title = Student rates
students-rate = Rate
students-value = Value
students-floor = Required
students-verdict = Verdict
students-inputs = Numerator / denominator
students-numerator = Numerator
students-denominator = Denominator
students-definition = Definition
students-missing = Why not computed
students-capped = (capped at 100%)
students-rates-note = The rates come from each school's registry and its recorded changes; when data is missing the page says what is missing and never estimates.
students-attrition = Attrition by grade
students-trends = Over the years
students-trend-title = { $name } over the years
students-school-table = Rates per school
students-public = Kind of school
students-public-yes = Public
students-public-no = Private
## The list and a child's record
students-number = Student number
students-name = Name
students-sex = Sex
students-male = Male
students-female = Female
students-birth-month = Born
students-class = Class
students-hukou = Household registration
students-disability = Disability · placement
students-flags = Flags
students-flag = Filter by flag
students-reduced = (erased after the retention period)
students-named-note = This page shows children's names. Every view is recorded with who, when and which children, and shows in the child's record.
students-versions = Registry versions
students-version = Version
students-imported-by = Imported by
students-imported-at = Imported at
students-place = Latest registry
students-no-place = The district's registry does not list this child.
students-school = School
students-events = Registry changes
students-no-events = No change is recorded.
students-event-date = Date
students-event-kind = Change
students-event-place = From / to
students-event-days = Days absent
students-event-confirmed = Confirmed
students-event-note = Note
students-event-by = Recorded by
students-yes = yes
students-cases = Dropout cases
students-no-cases = No dropout case.
students-case = Case
students-case-state = State
students-case-opened = Opened
students-case-closed = Closed
students-access = Who read this record
students-access-at = When
students-access-who = Who
students-access-what = Where
## Import and inputs
students-import-title = Import a registry
students-import-intro = A file holds every child of one school in one school year and becomes that school's new version for the year; a file with any problem is not imported at all. Names and student numbers are stored encrypted.
students-import-button = Upload and import
students-import-done = Version { $a } of the registry is imported: { $b ->
    [one] one child
   *[other] { $b } children
}.
students-import-replaced = It replaces version { $a } ({ $b ->
    [one] one child
   *[other] { $b } children
}).
students-import-first = This is the first version for the school and year.
students-import-see = See the school
students-import-warnings = Notes
students-import-issues = { $n ->
    [one] The file has one problem; no child was imported:
   *[other] The file has { $n } problems; no child was imported:
}
students-import-again = Correct the file and upload it again
students-inputs-title = Inputs of the rates
students-inputs-intro = The enrolment rate needs the school-age population, the disabled children's enrolment rate the disabled persons' federation's count of school-age children with one of the three disabilities; each with its source. Entering one again replaces it.
students-input-name = Input
students-input-value = Value
students-input-source = Source
students-input-population = School-age population
students-input-disabled = School-age children with one of the three disabilities (federation's count)
students-input-save = Save the input
## Dynamic zero
students-zero-title = Dropout control: every case closed
students-zero-done = Zero: no case is open.
students-zero-open = Not zero: { $a ->
    [one] one case is open
   *[other] { $a } cases are open
} in { $b ->
    [one] one school
   *[other] { $b } schools
}.
students-zero-state = State
students-dropout-link = Dropout ledgers
## Retention
students-retention-title = Retention of children's data
students-retention-month = Month
students-retention-show = Show
students-retention-cutoff = Retention period { $a } months: the records of children who left (graduated, moved out, died) on or before { $b } and did not come back to the district's registry are reduced.
students-retention-count = { $n ->
    [one] One child's record would be reduced.
   *[other] { $n } children's records would be reduced.
}
students-retention-before = Reduced before: { $n }.
students-retention-what = What is erased
students-retention-erased = Erased: the name and student number; the class and the family-status flags in every registry version; the texts of their registry changes and dropout cases.
students-retention-kept = Kept: the child's id and pseudonym, sex, birth month, grade, household registration, disability and the dated changes; the counts of past years do not change.
students-retention-logs = The audit log and the reading log keep ids only, no names.
students-retention-backups = Backups taken before still hold the encrypted names and numbers (never the keys); handle old backups as their retention rules say.
students-retention-apply = Reduce the records
students-retention-confirm = I confirm erasing the above from { $n ->
    [one] this child's record
   *[other] these { $n } children's records
}; it cannot be undone
students-retention-retype = Type the month { $v } again to confirm
students-retention-button = Erase
students-retention-done = { $n ->
    [one] One child's record was reduced.
   *[other] { $n } children's records were reduced.
}
students-city-title = Student rates and dropout control
students-city-note = Each district's rates for this school year (green where they meet the inspection's requirement, red where not) and its open dropout cases; aggregates only, never a child's name. Open a district for the definitions and inputs.
