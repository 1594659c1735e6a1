# Interface texts: supervisors (responsible inspectors), visits, findings and their tasks.
supervision-title = School supervisors
supervision-visit-title = Supervision visit
supervision-today-is = today is { $v } (Beijing time)
supervision-definition = Supervisors are assigned to school zones and education groups. After visiting a school they record what they saw and what they found; each finding becomes a rectification task owned by the visited school, and tasks past their deadline are flagged.
supervision-assignments = Assignments
supervision-no-assignments = No supervisor has been assigned yet.
supervision-no-supervisors = The district has no active supervisor account yet: first create users with the supervisor role under Users.
supervision-col-id = No.
supervision-col-visited-on = Visit date
supervision-col-school = School
supervision-col-zone = School zone
supervision-col-group = Education group
supervision-col-supervisor = Supervisor
supervision-col-findings = Findings
supervision-col-done = Tasks done
supervision-col-overdue = Tasks overdue
supervision-col-summary = Summary
supervision-col-unit-kind = Unit type
supervision-col-unit = Unit
supervision-col-since = From
supervision-col-until = Until
supervision-col-end = End assignment
supervision-col-severity = Severity
supervision-col-finding = Finding
supervision-col-deadline = Deadline
supervision-col-task = Rectification task
supervision-col-status = Task status
supervision-col-due = Due state
supervision-running = ongoing
supervision-end = End
supervision-assign = Assign
supervision-unit-zone = School zone
supervision-unit-group = Education group
supervision-severity-general = Minor
supervision-severity-serious = Serious
supervision-severity-severe = Severe
supervision-record = Record a visit
supervision-recorded-as-you = Recorded under your own name (supervisor).
supervision-field-summary = Summary of the visit
supervision-field-findings = Findings (one per line)
supervision-findings-hint = Write one finding per line; each becomes a rectification task. A line may start with the Chinese name of its severity (serious or severe, as a visit's page shows them in Chinese) and a colon; without it the finding is minor.
supervision-field-deadline = Rectification deadline
supervision-deadline-hint = { $n ->
    [one] Left empty: { $n } day after the visit.
   *[other] Left empty: { $n } days after the visit.
}
supervision-record-button = Save the visit and raise its tasks
supervision-visits = Visits
supervision-overdue-count = { $n ->
    [one] { $n } rectification task is overdue
   *[other] { $n } rectification tasks are overdue
}
supervision-from = From
supervision-to = To
supervision-recorded-by = Recorded by
supervision-findings = Findings and rectification
supervision-no-findings = No finding was recorded on this visit.
supervision-no-task = No task raised yet
supervision-missing-tasks = { $n ->
    [one] { $n } finding has no rectification task yet.
   *[other] { $n } findings have no rectification task yet.
}
supervision-complete = Raise the missing tasks
supervision-back = Back to school supervisors
