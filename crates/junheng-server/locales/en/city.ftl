# Interface texts: city.
city-back-to-the-district = Back to the district comparison
city-click-a-districts-name = Click a district's name to open its pages (read-only). Each row summarises the district: no school or person is shown.
city-creation-phases = Creation phases
city-creation-target = Creation target
city-date = Date
city-district-comparison = District comparison
city-document-number-or-title = Document number or title
city-now = Now:{" "}
city-quality-balance-creation-phases = Quality-balance creation phases
city-record = Record
city-set-target = Set target
city-set-the-target-or = Set the target or record a step
city-summary = { $a ->
    [one] { $a } district
   *[other] { $a } districts
} · { $b } passing · { $c } with data
city-target-year = Target year
city-target-years-2024-pilot = Target years: 2024 pilot, 2028 whole, 2030 final push. Statuses in order: not started → self-assessment → city process assessment → city supervision assessment → national recognition; each step is recorded with its date and document and cannot be changed afterwards.
city-trend-over-the-years = Trend over the years
## Group coverage (each district and the city, issue 12)
city-coverage-title = Group coverage
city-coverage-school-rate = School participation
city-coverage-student-rate = Student coverage (share of students in groups)
city-coverage-overall = Overall
city-coverage-primary = Primary
city-coverage-junior = Junior secondary
city-coverage-total = total
city-coverage-no-data = No data
city-coverage-membership = Whether a school is in a group is read from each district's group registry on 1 September of the school year.
city-coverage-total-note = The total divides the districts' summed counts (schools in groups, schools, students in groups, students); it is not a mean of their rates. A district without statistics for the year shows "No data" and is left out of the total.
city-coverage-target = City target: both rates at least { $percent }% (overall rates that reach it are green, those below it red). This is a local practice quoted by some cities' work reports, not a national standard.
city-inspection = Inspection
city-inspection-none = not computed yet
city-path = Tasks and deadline
city-tasks-line = { $open } open tasks, { $overdue } overdue
city-days-no-target = no target year
city-days-today = the target's deadline is today
city-days-past = { $days } days past the deadline
city-days-left = { $days } days to the deadline
