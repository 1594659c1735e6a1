# Interface texts: charts (src/charts). Data in them (names, units, sections) stay Chinese.
charts-data-table = Data table
charts-not-computable = not computable
charts-indicator = Indicator
charts-cv = Coefficient of variation
charts-limit = Limit
charts-verdict = Verdict
charts-passes = passes
charts-fails = fails
charts-cv-tip = { $name }: coefficient of variation { $cv }, limit { $limit }
charts-limit-tip = { $name }: limit { $limit }
charts-cv-axis = CV (no unit; lower is more balanced)
charts-within-limit = Within the limit (passes)
charts-over-limit = Above the limit (fails)
charts-standard-value = Standard { $v }
charts-mean-value = Mean { $v }
charts-own = Your school
charts-own-named = { $name } (your school)
charts-other-school = (another school)
charts-value = Value
charts-value-unit = Value ({ $unit })
charts-units-ascending = { $n ->
    [one] The unit ({ $n } in all)
   *[other] Units from lowest to highest ({ $n } in all)
}
charts-unit = Unit
charts-meets-standard = Meets the standard
charts-meets-yes = yes
charts-meets-no = no
charts-meets-standard-legend = Meets the standard
charts-misses-standard = Misses the standard
charts-standard = Standard
charts-weighted-mean = District mean (weighted by students)
charts-map-empty = No school has a longitude and latitude, and no district boundary is uploaded
charts-site = { $code } { $name } ({ $verdict })
charts-school-code = School code
charts-school-name = School name
charts-longitude = Longitude
charts-latitude = Latitude
charts-passing-schools = Schools that pass
charts-failing-schools = Schools that fail
charts-district-boundary = District boundary
charts-township-boundaries = Township boundaries
charts-trend-tip = School year { $year }: { $v } { $unit }
charts-limit-value = Limit { $v }
charts-unit-axis = Unit: { $unit }
charts-school-year = School year
charts-title-unit = { $title } ({ $unit })
