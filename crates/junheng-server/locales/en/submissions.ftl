# Interface texts: submissions.
submissions-approve = Approve
submissions-changes = Changes
submissions-changes-and-effect = Changes and effect
submissions-collection-progress = Collection progress
submissions-collection-progress-2 = Collection progress
submissions-correct-it-as-asked = Correct it as asked and submit again.
submissions-current = Current
submissions-decided = Decided
submissions-district-key-registry = District key registry
submissions-download-the-pre-filled = Download the pre-filled template (.xlsx)
submissions-effect-on-the-schools = Effect on the school's verdict:{" "}
submissions-export-xlsx = Export XLSX
submissions-field = Field
submissions-for-a-new-school = For a new school year, change the school year column too.
submissions-in-use = in use
submissions-key-fingerprint = Key fingerprint
submissions-keys-are-registered-with = Keys are registered with junheng district key add and revoked with junheng district key revoke; registering a new key retires the district's previous one. The whole history is kept.
submissions-new-school-no-data = New school (no data of it in this school year yet)
submissions-no-key-registered-yet = No key registered yet
submissions-no-package-received-yet = No package received yet
submissions-no-submission-has-been = No submission has been decided yet.
submissions-no-submissions-wait-for = No submissions wait for review.
submissions-none = none
submissions-note-optional = Note (optional)
submissions-only-latest = Only the latest { $n } are listed.
submissions-package-file-jhpkg = Package file (.jhpkg)
submissions-packages-hold-school-level = Packages hold school-level statistics and counts only, never personal data. For one district and year only a higher sequence number is accepted (a correction).
submissions-packages-received = Packages received
submissions-prefilled = The template holds your school's current data (school year { $v }).
submissions-problems-in-the-file = Problems in the file
submissions-progress-summary = { $b } of the district's { $a ->
    [one] { $a } school
   *[other] { $a } schools
} have submitted.
submissions-reason = Reason:{" "}
submissions-reason-for-returning-required = Reason for returning (required; the school sees it)
submissions-receive-here-the-packages = Receive here the packages districts make and sign with junheng report-up: once the signature (a key registered for the district and not revoked), every part's digest and the sequence number are checked, the package becomes the district's new statistics version of the year.
submissions-receive-package = Receive package
submissions-received-at = Received at
submissions-received-by = Received by
submissions-registered-at = Registered at
submissions-registered-by = Registered by
submissions-reject = Reject
submissions-reporting-upward = Reporting upward
submissions-retired = retired
submissions-retired-at = Retired at
submissions-review-school-submissions = Review school submissions
submissions-reviewers-note = Reviewer's note
submissions-same-as-the-current = Same as the current data
submissions-sequence = Sequence
submissions-statistics-version = Statistics version
submissions-status = Status:{" "}
submissions-step-1-download-the = Step 1: download the pre-filled template
submissions-step-2-edit-and = Step 2: edit and upload
submissions-submit-for-review = Submit for review
submissions-submit-school-data = Submit school data
submissions-submitted = Submitted
submissions-submitted-at = Submitted at
submissions-superseded-by-a-correction = superseded by a correction
submissions-the-education-bureau-reviews = The education bureau reviews the upload; once approved it becomes a new version of the school year, and the earlier data stays on record.
submissions-the-platform-has-no = The platform has no data of your school yet: download the blank statistics template and fill in your school's row.
submissions-this-schools-submissions = This school's submissions
submissions-waiting-for-review = Waiting for review
submissions-why = Why
submissions-your-latest-submission-was = Your latest submission was returned
submissions-your-school-has-not = Your school has not submitted any data yet.
submissions-file-problems = { $n ->
    [one] The file has { $n } problem and was not submitted. Correct it as the table shows and upload it again.
   *[other] The file has { $n } problems and was not submitted. Correct them as the table shows and upload it again.
}
submissions-submitted-as = Submitted (number { $n }); waiting for the district education bureau's review
submissions-choose-file = Please choose a file
submissions-error-stage = The status is one of not_submitted, pending, returned or approved; received "{ $v }"
