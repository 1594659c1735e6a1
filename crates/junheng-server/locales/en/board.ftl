board-title = Rectification board
board-overdue = Overdue
board-target = Creation target:
board-path = Path to recognition
board-later = Later
board-done-raised = Tasks were raised from the gap list; gaps that already have an unfinished task were not raised again.
board-done-budget = The budget was saved.
board-done-plan = The plan was created.
board-total = Tasks
board-done = Done
board-soon = Due soon
board-budget = Budget (yuan)
board-budget-done = of which done tasks: { $v } yuan
board-download = Download the board (Excel)
board-duties-title = Duty list
board-raise-title = Raise tasks from the gap list
board-grid = By owner and deadline
board-none = There are no tasks in your scope yet.
board-progress = Progress
board-overdue-n = { $n ->
    [one] { $n } overdue
   *[other] { $n } overdue
}
board-parts = Progress by part
board-part = Part
board-plans = Plans (per school, per group, special)
board-plans-none = No plans yet.
board-plan = Plan
board-kind = Kind
board-funders = By source of funds
board-set-budget = Set a task's budget
board-amount = Amount (yuan)
board-funded-by = Source of funds
board-save = Save
board-new-plan = New plan
board-kind-special = Special
board-kind-school = One school, one plan
board-kind-group = One group, one plan
board-plan-tasks = Task numbers (comma-separated)
board-raise-new = { $n ->
    [one] { $n } task will be created
   *[other] { $n } tasks will be created
}
board-fallback = Department for the other gaps
board-preview = Preview again
board-existing = Existing task
board-will-create = New
board-raise-confirm = { $n ->
    [one] Confirm creating { $n } task (a school's gaps go to the school, an item with a lead department to that department)
   *[other] Confirm creating { $n } tasks (a school's gaps go to the school, an item with a lead department to that department)
}
board-plan-title = Plan
board-duties-none = The duty list is empty.
board-department = Department
board-lead = Lead/support
board-duty = Duty
board-lead-yes = Lead
board-lead-no = Support
board-duty-added = The duty was recorded.
board-duty-withdrawn = The duty was withdrawn.
board-confirm = Tick the confirmation before raising the tasks.
board-bad-kind = Unknown plan kind or owner kind.
board-bad-task = Task number “{ $v }” is not valid: write numbers separated by commas.
board-bad-item = There is no item “{ $v }”.
audit-kind-board-budget = Task budget set
audit-kind-board-plan = Plan
audit-kind-board-duty = Duty list
audit-kind-board-duty-withdraw = Duty withdrawn
audit-kind-board-xlsx = Board downloaded
audit-board-budget = { $who } set the budget of task #{ $task }: { $fen } fen
audit-board-plan = { $who } created or extended plan #{ $plan }
audit-board-duty = { $who } recorded the duty of { $department } on item { $item }
audit-board-duty-withdraw = { $who } withdrew the duty of { $department } on item { $item }
audit-board-xlsx = { $who } downloaded the rectification board ({ $day })
