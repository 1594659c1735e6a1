# States other layers name in Chinese (src/i18n/labels.rs).
label-not-evaluated = not evaluated
label-cannot-evaluate = cannot be evaluated
label-returned = Returned
label-not-submitted = Not submitted
label-approved = Approved
label-before-plan = Before the plan
label-after-plan = After the plan
label-not-computable = not computable
label-no = No
label-source-import = Import
label-source-manual = Entered by hand
label-source-plan = Rotation plan
label-cancelled = Cancelled
label-still-rotating = Still rotating
label-in-force = In force
label-restored = Restored an earlier version
label-school-submission = School submission
