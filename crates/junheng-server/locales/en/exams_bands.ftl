# Interface texts: the three lines of quality (issue 15 item 5).
exams-bands-title = Quality lines
exams-bands-intro = Each school's (and education group's) quality score in the chosen exams (the composite of the total as a share of its weights, 0–100), placed against the district's development, basic and warning lines; a school at or below the warning line in consecutive exams is escalated (notice → interview and support plan → dedicated inspection). The line rules are local settings, not national rules; the page compares schools and is for the district's administrators and inspectors only, never public.
exams-bands-choose = Choose the exams
exams-bands-choose-note = They are the periods, by date; by default every exam of the latest exam's grade.
exams-bands-show = Show the lines
exams-bands-empty = No exam chosen to compare.
exams-bands-rules = Line rules and values per exam
exams-bands-rules-note = The rules come from the setting [quality.bands].
exams-bands-lower-better = For this measure lower is better.
exams-bands-steps = Consecutive exams at or below the warning line, and what follows:
exams-bands-development = Development line
exams-bands-basic = Basic line
exams-bands-warning = Warning line
exams-bands-placed = Schools with scores
exams-bands-missing = Schools not connected
exams-bands-schools = Schools
exams-bands-groups = Education groups
exams-bands-groups-note = A group's quality score is its member schools' scores weighted by the students who sat.
exams-bands-legend = Each cell is the quality score and its place; "Not connected" means the school has no scores in that exam (never counted as 0).
exams-bands-school = School
exams-bands-group = Education group
exams-bands-score = Quality score
exams-bands-band = Place
exams-bands-escalation = Latest escalation
exams-bands-runs = Consecutive exams at the warning line
exams-bands-band-development = At the development line
exams-bands-band-basic = At the basic line
exams-bands-band-below-basic = Below the basic line
exams-bands-band-warning = At the warning line
exams-bands-no-value = Not connected
exams-bands-level-notice = Notice
exams-bands-level-interview = Interview and support plan
exams-bands-level-inspection = Dedicated inspection
exams-bands-rule-absolute = fixed at { $v }
exams-bands-rule-percentile = percentile { $v } of the district's schools
exams-bands-rule-median = median of the district's schools
exams-bands-rule-mean-sd = mean of the district's schools minus { $v } SD
exams-bands-rule-self = mean of the school's previous { $a } exams minus { $b }
exams-bands-rule-fallback = (schools without earlier scores: { $v })
exams-bands-step = { $a } consecutive: { $b }
exams-bands-none-escalated = No school is escalated in the latest exam.
exams-bands-raise-title = Raise tasks for the escalated schools
exams-bands-raise-note = { $n ->
    [one] One school is escalated in the latest exam. A task can be raised for it (the school works on it, the inspectorate closes it); a school with an unfinished task gets no second one.
   *[other] { $n } schools are escalated in the latest exam. A task can be raised for each (the school works on it, the inspectorate closes it); a school with an unfinished task gets no second one.
}
exams-bands-days = Deadline (days from today, 1–365)
exams-bands-raise-preview = See the tasks to raise
exams-bands-latest = Latest exam:
exams-bands-task = Task
exams-bands-has-task = Already has an unfinished task:
exams-bands-will-raise = A task will be raised
exams-bands-confirm-what = { $a ->
    [one] One task will be raised, due { $b }.
   *[other] { $a } tasks will be raised, one per school, due { $b }.
}
exams-bands-confirm = Raise the tasks
exams-bands-nothing-new = Every one of these schools already has an unfinished task: none will be raised.
exams-bands-made = { $n ->
    [one] One task raised.
   *[other] { $n } tasks raised.
}
exams-bands-deadline = due
exams-bands-to-tasks = All tasks
exams-bands-back = Back to the quality lines
exams-bands-too-many = At most { $n } exams can be compared at once.
exams-bands-bad-days = The deadline must be 1 to 365 days; got "{ $v }".
