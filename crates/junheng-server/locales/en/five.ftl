# Labour bases and alliances, the five domains (issue 18)
five-nav-group = Five domains
five-nav = Five-domain coverage
lb-nav = Labour bases and alliances
lb-title = Labour bases and alliances
lb-base = Base
lb-kind = Kind
lb-capacity = Daily capacity
lb-host = Host school
lb-visits = Visits
lb-students = Student visits
lb-days = Days used
lb-use = Use rate (%)
lb-over = Days over capacity
lb-bases-visited = Bases visited
lb-alliances = Alliances
lb-alliance = Alliance
lb-members = Member schools
lb-shared = Shared bases
lb-reach = Members with a visit
lb-guests = Student visits from outside
lb-bad-by = The view should be base, school, alliance or visit
lb-over-warned = { $n ->
    [one] Saved; on one day a base had more students than its capacity: please check.
   *[other] Saved; on { $n } days a base had more students than its capacity: please check.
}
lb-district = District
lb-schools-visiting = Schools with a base visit
lb-rule = Use rate = students counted up to capacity each day ÷ (capacity × open days); open days are the Mondays to Fridays of the school year (1 September to 31 August): { $n } days.
lb-by-base = By base
lb-by-school = By school
lb-by-visit = Visits
lb-day = Day
lb-note = Note
lb-by-alliance = By alliance
five-title = Five-domain coverage
five-import-title = Import five-domain and labour base records
five-import-issues = { $n ->
    [one] There is one problem; nothing was written:
   *[other] There are { $n } problems; nothing was written:
}
five-upload-again = Correct and submit again
five-choose-kind = Choose the kind of records
five-choose-file = Choose a file to import
five-bad-batch = The batch number should be a number
five-confirm-withdraw = Tick the confirmation before withdrawing
five-no-batch = There is no such batch
five-enter = Enter one record:
five-save = Save
five-import-rule = A file is imported whole or not at all; school codes must be schools of the district and bases must be recorded. A school account enters its own school's records only.
five-breaks-days = Break days
five-breaks = Big-break rate (%)
five-breaks-met = Big break met
five-arts = Arts practice coverage (%)
five-arts-met = Arts met
five-specialties = Specialty schools
five-football = Campus football
five-trips = Study trips
five-trip-share = Study-trip participation (%)
five-trips-met = Trips met
five-met = Met
five-not-met = Not met
five-no-target = No target
five-none = No big-break or arts record in this school year yet: import or enter some.
five-share = Actual
five-target = Target
five-verdict = Met?
five-by-kind = Specialty schools by kind
five-rule = Big break, arts and study trips are pooled over schools; specialty and football schools are counted as schools. These are school-level figures about no child, so no small cells are hidden.
five-targets = District targets
five-targets-rule = Targets are percentages with at most one decimal; empty means no target. Changes are written to the audit log.
five-targets-set = The district's targets were saved.
five-bad-target = The target “{ $v }” should be a percentage from 0 to 100 (at most one decimal), or empty for no target
audit-kind-labour-import = Five-domain or labour base records imported
audit-kind-labour-withdraw = Five-domain or labour base records withdrawn
audit-kind-five-targets = Five-domain targets changed
audit-labour-import = { $who } imported { $kind } records { $file } ({ $records })
audit-labour-withdraw = { $who } withdrew a batch of { $kind } records ({ $records })
audit-five-targets = { $who } changed the five-domain targets (per mille: break/arts/specialty/football/trips) from { $from } to { $to }
