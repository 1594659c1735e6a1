# Backbone pipeline, honours and ethics, the teacher's record (issue 17)
nav-teachers-pipeline = Backbone pipeline
nav-teachers-honours = Honours and ethics
tp-title = Backbone pipeline
tp-bad-year = The school year "{ $v }" should be a four-digit year from 2000 to 2100, e.g. 2024
tp-no-roster = No teacher roster yet: import one on the rotation page first.
tp-rule = Backbone teachers are district level and above (city, special-grade, master and subject leaders included); target: { $v } of teachers.
tp-no-previous = No roster of the previous school year: gains and losses cannot be computed.
tp-summary = District and urban/rural
tp-thin = Thin spots: rural schools without a backbone teacher in a subject they teach
tp-thin-none = No thin spots.
tp-schools = Schools
tp-school-code = School code
tp-school-name = School name
tp-area = Urban/rural
tp-subject = Subject
tp-teachers = Teachers
tp-backbone = Backbone
tp-share = Backbone share (%)
tp-stage-candidate = Candidates
tp-stage-district = District
tp-stage-city = City
tp-stage-top = Special grade, masters, leaders
tp-gained = Gained
tp-lost = Lost
tp-promoted = Promoted
tp-rotated-in = Moved in
tp-joined = Joined
tp-demoted = Demoted or expired
tp-rotated-out = Moved out
tp-left = Left
th-title = Honours and ethics
th-level-national = National
th-level-province = Province
th-level-city = City
th-level-district = District
th-level-school = School
th-per-100 = Awards per 100 teachers
th-ethics = Ethics review
th-missing = Not reviewed
th-failing = Failing
th-choose-kind = Choose the kind of file: awards, ethics or titles
th-choose-file = Choose a file to import
th-import-title = Import honours and ethics records
th-import-issues = { $n ->
    [one] The file has one problem; nothing was imported:
   *[other] The file has { $n } problems; nothing was imported:
}
th-upload-again = Correct it and upload again
th-bad-batch = The batch number should be a number
th-confirm-withdraw = Tick the confirmation before withdrawing
th-imported = { $n ->
    [one] One record imported.
   *[other] { $n } records imported.
}
th-withdrawn = The batch was withdrawn.
th-failing-schools = { $n ->
    [one] One school has a failing ethics review.
   *[other] { $n } schools have a failing ethics review.
}
th-schools = Per school
th-awards = Awards
th-no-awards = No awards in this school year.
th-kind = Kind
th-level = Level
th-award = Award
th-no-ethics = No ethics reviews in this school year.
th-ethics-level = Result
th-keep = Import and withdraw
th-kind-file = Kind
th-kind-awards = Awards
th-kind-ethics = Ethics reviews
th-kind-titles = Backbone titles
th-file = File
th-replace = Replace stored ethics results (can be withdrawn)
th-import = Import
th-templates = templates
th-import-rule = A file is imported whole or not at all; teacher ids must be in a roster, and records imported before are pointed out.
th-records = Records
th-withdraw-confirm = Confirm withdrawal
th-withdraw = Withdraw
tr-title = Teacher's record
tr-teacher = Teacher id
tr-roster = Roster history
tr-year = School year
tr-section = Stage
tr-rank = Professional title
tr-backbone = Backbone level
tr-stage = Pipeline stage
tr-moves = Rotation
tr-titles = Titles
tr-none = None
tr-training = Continuing education
tr-training-records = All training records ({ $n })
tr-certificates = Teaching certificates
tr-no-certificate = The school year's certificate register lists no certificate for this teacher
tr-studios = Master-teacher studios
tr-pairs = Mentoring pairs
audit-kind-honours-import = Honours records imported
audit-kind-honours-withdraw = Honours records withdrawn
audit-kind-teachers-record-read = Teacher's record read
audit-honours-import = { $who } imported { $kind } records { $file } ({ $records })
audit-honours-withdraw = { $who } withdrew a batch of { $kind } records ({ $records })
audit-teachers-record-read = { $who } read a teacher's record ({ $sections })
