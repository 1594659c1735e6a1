# Interface texts: dashboard.
dashboard-coefficient-of-variation = Coefficient of variation
dashboard-data-version = data version { $n }
dashboard-district-mean = District mean
dashboard-every-unit-meets-the = Every unit meets the unit rule.
dashboard-failing-units-and-what = Failing units and what closes their gaps
dashboard-hidden-failing = { $n ->
    [one] { $n } more failing unit is outside what you may view.
   *[other] { $n } more failing units are outside what you may view.
}
dashboard-key-figures = Key figures
dashboard-no-school-year-has = No school year has been imported yet.
dashboard-overview = Overview
dashboard-sections-facts = { $a ->
    [one] { $a } unit
   *[other] { $a } units
} · { $b } students · { $c } failing
dashboard-title = School year { $v }, resource allocation:{" "}
dashboard-trend = Trend
dashboard-units-meeting = Units meeting
dashboard-vs = vs.
