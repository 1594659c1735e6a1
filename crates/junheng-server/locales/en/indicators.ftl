# Interface texts: indicators.
indicators-after = After
indicators-cv = coefficient of variation
indicators-hidden = { $n ->
    [one] { $n } more unit is outside what you may view.
   *[other] { $n } more units are outside what you may view.
}
indicators-least-total-addition = Least total addition
indicators-limit = limit
indicators-mean = district mean (weighted by students)
indicators-now = Now
indicators-sd = standard deviation
indicators-share-of-weighted-variance = Share of weighted variance
indicators-standard = Standard
indicators-to-add = To add
indicators-units-driving-the-coefficient = Units driving the coefficient of variation
indicators-value = Value
