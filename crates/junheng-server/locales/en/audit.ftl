# Interface texts: audit.
audit-audit-log = Audit log
audit-from = From
audit-many-entries-only-the = Many entries: only the newest 5 000 are listed; narrow the dates or filter by person or action.
audit-times-are-beijing-time = Times are Beijing time; choose the conditions, then click Filter.
audit-to = To
audit-error-from-date = The start date should be written like 2026-12-03; received “{ $v }”
audit-error-to-date = The end date should be written like 2026-12-03; received “{ $v }”
audit-error-no-action = There is no action named “{ $v }”

# The action kinds (the action filter offers these).
audit-kind-import-statistics = Import statistics
audit-kind-submission-create = School submits data
audit-kind-submission-approve = Approve a school submission
audit-kind-submission-reject = Return a school submission
audit-kind-roster-replace = Upload the teacher roster
audit-kind-ledger-add = Add rotation records
audit-kind-ledger-cancel = Cancel a rotation record
audit-kind-group-save = Save an education group
audit-kind-group-member-add = School joins a group
audit-kind-group-member-end = School leaves a group
audit-kind-group-import = Group file imported
audit-kind-zone-save = Zone saved
audit-kind-user-create = Create a user
audit-kind-user-update = Change a user
audit-kind-user-password = Set a password
audit-kind-user-activate = Activate a user
audit-kind-user-deactivate = Deactivate a user
audit-kind-user-confirm = Confirm an authorization
audit-kind-token-create = Create an API token
audit-kind-token-revoke = Revoke an API token
audit-kind-lottery-create = Create a lottery
audit-kind-lottery-draw = Draw a lottery
audit-kind-auth-login = Log in
audit-kind-auth-login-failed = Failed login
audit-kind-auth-login-locked = Login locked
audit-kind-auth-logout = Log out
audit-kind-report-xlsx = Download the evaluation report
audit-kind-rotation-xlsx = Download the rotation workbook
audit-kind-city-xlsx = Download the district comparison
audit-kind-packages-xlsx = Download the package list
audit-kind-package-report = Create a report package
audit-kind-package-receive = Receive a package
audit-kind-district-key-register = Register a district key
audit-kind-district-key-revoke = Retire a district key
audit-kind-district-create = Create a district
audit-kind-district-update = Change a district
audit-kind-creation-target = Set the creation target
audit-kind-creation-step = Record a creation step
audit-kind-ledger-cancel-batch = Cancel a batch of rotation records
audit-kind-user-lock = Lock a login name
audit-kind-user-unlock = Unlock a login name
audit-kind-map-boundary = Upload the district boundary
audit-kind-lottery-receipts = Download lottery receipts
audit-kind-submit-template = Download the pre-filled template
audit-kind-submissions-progress-xlsx = Download the collection progress

# The sentences of the entries: $who is the person (or System), the other variables what the
# entry stores; $user and $group are the references below.
audit-system = System
audit-ref-named = “{ $name }”
audit-ref-number = no. { $id }
audit-import-statistics = { $who } imported the { $year } school-year statistics (version { $version }, { $rows ->
    [one] { $rows } school
   *[other] { $rows } schools
})
audit-import-statistics-restore = { $who } restored the { $year } school-year statistics to the content of version { $base }, saved as version { $version } ({ $rows ->
    [one] { $rows } school
   *[other] { $rows } schools
})
audit-import-statistics-merge = { $who } imported the schools listed in the file into the { $year } school-year statistics, saved as version { $version } ({ $rows ->
    [one] { $rows } school
   *[other] { $rows } schools
})
audit-submission-create = { $who } submitted the { $year } school-year data of school { $school } (submission no. { $submission })
audit-submission-approve = { $who } approved the data submission of school { $school } (submission no. { $submission }), saved as a new version
audit-submission-reject = { $who } returned the data submission of school { $school } (submission no. { $submission })
audit-roster-replace = { $who } uploaded the { $year } school-year teacher roster (version { $version }, { $teachers ->
    [one] { $teachers } teacher
   *[other] { $teachers } teachers
})
audit-roster-restore = { $who } restored the { $year } school-year teacher roster to the content of version { $base }, saved as version { $version } ({ $teachers ->
    [one] { $teachers } teacher
   *[other] { $teachers } teachers
})
audit-roster-merge = { $who } uploaded the schools listed in the file into the { $year } school-year teacher roster, saved as version { $version } ({ $teachers ->
    [one] { $teachers } teacher
   *[other] { $teachers } teachers
})
audit-ledger-add = { $who } added { $moves ->
    [one] { $moves } rotation record
   *[other] { $moves } rotation records
} to the rotation ledger
audit-ledger-cancel = { $who } cancelled rotation record no. { $record } of the rotation ledger
audit-ledger-cancel-batch = { $who } cancelled batch { $batch } of the rotation ledger ({ $moves ->
    [one] { $moves } rotation record
   *[other] { $moves } rotation records
})
audit-user-lock = { $who }: login name { $user } was locked for a while after repeated wrong entries, until { $until }
audit-user-unlock = { $who } lifted the login lock of user { $user }
audit-map-boundary = { $who } uploaded the district boundary ({ $vertices ->
    [one] { $vertices } point
   *[other] { $vertices } points
}, { $townships ->
    [one] { $townships } township or subdistrict
   *[other] { $townships } townships or subdistricts
})
audit-lottery-receipts = { $who } downloaded the application receipts of lottery no. { $lottery }
audit-submit-template = { $who } downloaded the pre-filled template of school { $school }
audit-progress-xlsx = { $who } downloaded the collection progress of the { $year } school year ({ $schools ->
    [one] { $schools } school
   *[other] { $schools } schools
})
audit-progress-xlsx-detail = { $who } downloaded the collection progress of the { $year } school year ({ $detail })
audit-group-save = { $who } saved education group { $group } (type: { $kind })
audit-group-member-add = { $who } added school { $school } to education group { $group } (from { $date })
audit-group-member-end = { $who } took school { $school } out of education group { $group } (from { $date })
audit-group-import = { $who } imported the group file { $file }: { $created } groups created, { $updated } updated, { $added } memberships added, { $closed } closed
audit-zone-save = { $who } saved zone { $zone } (head school: { $head })
audit-user-create = { $who } created user { $user }{ $via ->
    [sso] {" "}(single sign-on)
   *[other] {""}
}{ $pending ->
    [yes] , to be confirmed by another administrator
   *[other] {""}
}
audit-user-update = { $who } changed the role, scope or display name of user { $user }{ $via ->
    [sso] {" "}(single sign-on)
   *[other] {""}
}
audit-user-password = { $who } set the password of user { $user }
audit-user-activate = { $who } activated user { $user }
audit-user-deactivate = { $who } deactivated user { $user }
audit-user-confirm = { $who } confirmed the authorization of user { $user } (requested by { $requester })
audit-token-create = { $who } created an API token for user { $user }
audit-token-revoke = { $who } revoked an API token of user { $user }
audit-lottery-create = { $who } created lottery no. { $lottery } and froze its list
audit-lottery-draw = { $who } drew lottery no. { $lottery }
audit-login = { $who } logged in{ $via ->
    [sso] {" "}(single sign-on)
   *[other] {""}
}
audit-login-failed = { $who } failed to log in{ $via ->
    [sso] {" "}(single sign-on)
   *[other] {""}
}
audit-login-locked = { $who }: login refused after repeated wrong entries; the account is locked for a while
audit-logout = { $who } logged out
audit-report-xlsx = { $who } downloaded the { $year } school-year evaluation report workbook (rulebook { $rulebook })
audit-rotation-xlsx = { $who } downloaded the { $year } school-year teacher rotation workbook
audit-city-xlsx = { $who } downloaded the { $year } school-year district comparison workbook
audit-packages-xlsx = { $who } downloaded the list of received packages
audit-package-report = { $who } created the { $year } school-year report package (sequence { $sequence })
audit-package-receive = { $who } received the { $year } school-year package (sequence { $sequence }), saved as a new statistics version
audit-district-key-register = { $who } registered district key { $key }
audit-district-key-revoke = { $who } retired district key { $key } ({ $reason })
audit-district-create = { $who } created district { $district }
audit-district-update = { $who } changed the code or name of district { $district }
audit-creation-target = { $who } set the quality-balance creation target: { $detail }
audit-creation-step = { $who } recorded a creation step: { $detail }
audit-other = { $who } performed action { $action } ({ $target })
audit-kind-supervision-assign = Supervisor assigned
audit-kind-supervision-end = Supervisor assignment ended
audit-kind-supervision-visit = Supervision visit recorded
audit-kind-supervision-link = Task raised from a finding
audit-supervision-assign = { $who } assigned supervisor { $supervisor } to { $kind ->
    [group] education group
   *[zone] school zone
} “{ $unit }” (from { $since })
audit-supervision-end = { $who } ended supervisor assignment no. { $assignment } (last day { $until })
audit-supervision-visit = { $who } recorded supervisor { $supervisor }’s visit to school { $school } ({ $date }, { $findings ->
    [one] { $findings } finding
   *[other] { $findings } findings
})
audit-supervision-link = { $who } raised rectification task no. { $task } from finding no. { $finding }
audit-kind-pairing-add = Pairing recorded
audit-kind-pairing-activity = Pairing activity recorded
audit-kind-pairing-end = Pairing ended
audit-kind-classroom-import = Lessons of the three classrooms imported
audit-kind-classroom-add = Lesson recorded
audit-pairing-add = { $who } recorded pairing #{ $pairing } ({ $schools ->
    [one] one helped school
   *[other] { $schools } helped schools
})
audit-pairing-activity = { $who } recorded an activity of pairing #{ $pairing } ({ $date })
audit-pairing-end = { $who } ended pairing #{ $pairing } ({ $date })
audit-classroom-import = { $who } imported the lessons file { $file } ({ $sessions ->
    [one] one lesson
   *[other] { $sessions } lessons
})
audit-classroom-add = { $who } recorded a lesson received by school { $school } ({ $date })

## Tasks and documents (issue 12)
audit-kind-task-create = Task created
audit-kind-task-status = Task state changed
audit-kind-evidence-add = Document uploaded
audit-kind-evidence-download = Document downloaded
audit-task-create = { $who } created task #{ $task } (owner: { $owner }, due { $deadline })
audit-task-status = { $who } changed task #{ $task } from "{ $from }" to "{ $to }"
audit-evidence-add = { $who } uploaded document #{ $document }
audit-evidence-download = { $who } downloaded document #{ $document }
audit-kind-review-score = Review score entered
audit-kind-review-finalise = Review year finalised
audit-review-score = { $who } entered the { $year } review score of { $unit }, item { $item }, scorer { $scorer }: { $score } (was { $was })
audit-review-finalise = { $who } finalised the { $year } review ({ $results } results, { $replaced } finalised ones replaced)
