# Interface texts: the evaluation's pages (overview, schools, indicators, groups, map, report)
# and the city's. Data in them (names, units, sections, the engine's sentences) stay Chinese.

## Shared words.
pages-clause-separator = {"; "}
pages-name-unit = { $name } ({ $unit })
pages-word-space = {" "}

## Overview (dashboard).
dashboard-no-rulebook = There is no rulebook named "{ $id }"; available: { $ids }
dashboard-composite = Composite coefficient of variation { $cv } (limit { $limit }): { $verdict }
dashboard-section-cvs = { $section }: coefficient of variation of each indicator
dashboard-computing = Data version { $new } is being evaluated: version { $shown } is shown until it is done. Please reload later.
dashboard-no-data-for-year = No data for school year { $year }
dashboard-no-data-yet = No school year has been imported yet
dashboard-no-such-district = There is no such district
dashboard-trend-title = Failing units per school year
dashboard-trend-unit = units
dashboard-please-import = {" "}Please { $link } first.
dashboard-import-link = import the school statistics template
dashboard-reason-failing-units = { $section }: { $n } of { $all } { $all ->
    [one] unit
   *[other] units
} { $n ->
    [one] fails
   *[other] fail
} the unit rule
dashboard-reason-composite = { $section }: the composite coefficient of variation { $cv } is above the limit { $limit }
dashboard-reason-composite-unknown = { $section }: the composite coefficient of variation cannot be computed
dashboard-reason-indicator = { $section }, { $indicator }: the coefficient of variation { $cv } is above the limit { $limit }
dashboard-reason-indicator-unknown = { $section }, { $indicator }: the coefficient of variation cannot be computed
dashboard-sentence-passes = Passes: every unit of { $sections } meets the unit rule, and every coefficient of variation is within its limit.
dashboard-sentence-fails = Fails: { $reasons }.
dashboard-failing-units = Failing units
dashboard-composite-cv = Composite CV
dashboard-largest-cv = Largest CV
dashboard-tile-of-section = { $section }: { $figure }
dashboard-unchanged = unchanged

## Schools.
schools-code-empty = The school code is empty: { $code }
schools-code-scientific = The school code is written in scientific notation: { $code }
schools-code-not-ten-digits = A school code has 10 digits: { $code }
schools-no-school-in-year = There is no school { $code } in school year { $year }
schools-facility-share = facilities apportioned { $share }% to this section
schools-apportioning-section = { $section }: { $n ->
    [one] { $n } student
   *[other] { $n } students
}, weight { $weight }
schools-apportioning-formula = The sections share buildings and equipment, apportioned by students times weight ({ $sections }): the share of { $section } = { $own } ÷ ({ $all }) = { $share }%
schools-apportioning-amount = { $field } { $whole } { $unit } × { $share }% = { $part } { $unit }
schools-zone-is = Zone:{" "}
schools-group-is = Education group:{" "}
schools-parent-is = Parent school:{" "}

## Indicators.
indicators-no-section = There is no section { $v }
indicators-no-indicator = There is no indicator { $v }
indicators-below-mean = below the mean
indicators-above-mean = above the mean
indicators-plan = Raise { $n ->
    [one] the unit
   *[other] the { $n } units
} below { $floor } to { $floor }: { $amount } { $unit } in all; the coefficient of variation falls from { $from } to { $to } (target ≤ { $target })
indicators-plan-closest = Raise { $n ->
    [one] the unit
   *[other] the { $n } units
} below { $floor } to { $floor }: { $amount } { $unit } in all; the coefficient of variation falls from { $from } to { $to } (target ≤ { $target }); whole-number additions cannot reach the target exactly, so this is the closest plan

## Map.
map-saved = Saved the district boundary ({ $points ->
    [one] { $points } point
   *[other] { $points } points
}, { $townships ->
    [one] { $townships } township
   *[other] { $townships } townships
}); the map is drawn on it
map-boundary-title = District boundary
map-schools-title = Schools in school year { $v } (green passes, red fails)
map-boundary-info = { $file } ({ $points ->
    [one] { $points } point
   *[other] { $points } points
}, { $townships ->
    [one] { $townships } township
   *[other] { $townships } townships
}, uploaded by { $by })
map-unreadable-form = The uploaded form cannot be read: choose the files and upload them again
map-choose-boundary-file = Choose the district boundary file (GeoJSON, .geojson or .json)
map-not-saved = The boundary was not saved: { $why }

## Groups.
groups-no-group = There is no education group "{ $v }"
groups-no-data-this-year = no data this school year

## Report.
report-rulebook-is = Rulebook: { $name } ({ $id }, version { $version })
report-policies-is = Policies:{" "}
report-verdict-is = Verdict:{" "}

## District comparison, creation phases (city).
city-bad-sort = Cannot sort by "{ $v }"; available: { $keys }
city-no-district-has-year = No district has data for school year { $year }
city-no-data-for-year = No data for school year { $year }
city-no-district-in-scope = There is no district { $v } in your region
city-kind-qu = district
city-kind-xian = county
city-kind-gongnengqu = functional zone
city-status-not-started = not started
city-status-self-assessed = self-assessment
city-status-city-process = city process assessment
city-status-city-supervision = city supervision assessment
city-status-national-recognition = national recognition
city-phase-pilot = pilot
city-phase-whole = whole
city-phase-final = final push
city-target-phase = { $year } ({ $phase })
city-not-set = not set
city-progress-recognised = nationally recognised
city-progress-no-target = no target year; { $steps ->
    [one] { $steps } step
   *[other] { $steps } steps
} to go
city-progress-overdue = { $years ->
    [one] { $years } year
   *[other] { $years } years
} overdue; { $steps ->
    [one] { $steps } step
   *[other] { $steps } steps
} to go
city-progress-this-year = the target is this year; { $steps ->
    [one] { $steps } step
   *[other] { $steps } steps
} to go
city-progress-left = { $years ->
    [one] { $years } year
   *[other] { $years } years
} to the target; { $steps ->
    [one] { $steps } step
   *[other] { $steps } steps
} to go
city-section-cv-over = { $cv } / { $limit }, { $n } over the limit
city-no-roster = no roster
city-rotation = { $rotated }/{ $required } ({ $share })
city-fresh = version { $version } · { $time }
city-fresh-package = version { $version } · { $time } · package no. { $package }
city-column-district = District
city-column-verdict = Verdict
city-column-primary-cv = Primary CV / limit
city-column-junior-cv = Junior secondary CV / limit
city-column-failing = Failing units
city-column-rotation = Teacher rotation
city-column-freshness = Data version
city-column-status = Creation status
city-column-target = To the target
city-trend-failing = { $n ->
    [one] { $n } unit fails
   *[other] { $n } units fail
}
city-trend-bad-data = data in error
city-done-target = Set the creation target of { $district } to { $year }
city-done-step = Recorded for { $district }: { $status }
city-bad-target-year = The target year "{ $v }" is wrong: it is 2024, 2028 or 2030
city-bad-status = The status "{ $v }" is wrong: it is self-assessment, city process assessment, city supervision assessment or national recognition
