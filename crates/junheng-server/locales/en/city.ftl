# Interface texts: city.
city-back-to-the-district = Back to the district comparison
city-click-a-districts-name = Click a district's name to open its pages (read-only). Each row summarises the district: no school or person is shown.
city-creation-phases = Creation phases
city-creation-target = Creation target
city-date = Date
city-district-comparison = District comparison
city-document-number-or-title = Document number or title
city-now = Now:{" "}
city-quality-balance-creation-phases = Quality-balance creation phases
city-record = Record
city-set-target = Set target
city-set-the-target-or = Set the target or record a step
city-summary = { $a ->
    [one] { $a } district
   *[other] { $a } districts
} · { $b } passing · { $c } with data
city-target-year = Target year
city-target-years-2024-pilot = Target years: 2024 pilot, 2028 whole, 2030 final push. Statuses in order: not started → self-assessment → city process assessment → city supervision assessment → national recognition; each step is recorded with its date and document and cannot be changed afterwards.
city-trend-over-the-years = Trend over the years
