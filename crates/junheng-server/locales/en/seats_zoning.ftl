# Seats: catchments and admission (issue 16)
nav-seats-zoning = Catchments and admission
zoning-title = Catchments, nearby enrolment and high-school quotas
zoning-to-sizes = School and class size
zoning-from-sizes = Catchments, nearby enrolment and quotas
zoning-nearby = Nearby enrolment by catchment
zoning-nearby-rule = Share of the entrants of urban and town public day schools (boarding schools excluded) admitted within their catchment; at least { $n }%
zoning-nearby-ratio = (admitted within the catchment / entrants)
zoning-nearby-missing = The year does not have both a catchment file and an entrants file, so nearby enrolment cannot be computed (not connected).
zoning-no-entrants = No entrants
zoning-eligible = { $n ->
    [one] One school counted
   *[other] { $n } schools counted
}
zoning-below-count = { $n } below the standard
zoning-excluded = Not counted
zoning-excluded-rural = { $n } rural
zoning-excluded-unclassified = { $n } without an urban/rural class
zoning-excluded-private = { $n } private
zoning-excluded-boarding = { $n } boarding
zoning-outside = { $n } entrants live outside every catchment
zoning-setting = Urban/rural
zoning-nearby-pupils = Within catchment
zoning-entrants = Entrants
zoning-share = Share
zoning-quota = High-school places allotted to junior schools
zoning-quota-rule = Places of the quality high schools allotted to junior schools, as a share of their plans, at least { $n }%, tilted toward rural junior schools
zoning-quota-ratio = (allotted places / enrolment plans)
zoning-quota-missing = The year has no quota file (not connected).
zoning-high-school = High school
zoning-plan = Enrolment plan
zoning-allotted = Places allotted
zoning-juniors = Junior schools
zoning-graduates = Graduates
zoning-per-hundred = Places per 100 graduates
zoning-tilt = Tilt toward rural junior schools
zoning-tilt-yes = Rural junior schools get at least as many places per graduate as urban and town ones
zoning-tilt-no = Rural junior schools get fewer places per graduate than urban and town ones
zoning-tilt-unknown = Cannot compare (no rural, or no urban and town, junior schools)
zoning-map = Catchments
zoning-map-missing = The year has no catchment file yet.
zoning-section = Section
zoning-primary = Primary
zoning-junior = Junior
zoning-place = Place (street · community)
zoning-mode = Zoning
zoning-single = Single-school zone
zoning-multi = Multi-school zone
zoning-lottery-zone = Lottery zone
zoning-schools = Schools
zoning-keep = Import the catchment, entrants and quota files
zoning-import-rule = Each file is imported whole or not at all; every problem is listed with its sheet, row, column and value. Schools must be in the year's statistics. The entrants file keeps only counts per school and home place, never a pupil's details.
zoning-file-catchments = Catchment file
zoning-file-entrants = Entrants file
zoning-file-quotas = Quota file
zoning-current = Current file
zoning-no-file = Not imported for this year.
zoning-replace = The year has such a file; replace it (it can be withdrawn afterwards)
zoning-withdraw-confirm = Withdraw this year's current file (the previous one comes back)
zoning-withdraw = Withdraw
zoning-imported = { $n ->
    [one] One row imported.
   *[other] { $n } rows imported.
}
zoning-withdrawn = The file was withdrawn.
zoning-import-title = Import a catchment or admission file
zoning-choose-file = Choose the file to import
zoning-confirm-withdraw = Tick the confirmation before withdrawing
zoning-bad-kind = The file kind "{ $v }" should be catchments, entrants or quotas
