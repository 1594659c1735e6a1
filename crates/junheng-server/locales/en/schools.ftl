# Interface texts: schools.
schools-every-value-of-the = Every value of the school's row in the statistics template; the indicator values above are computed from them.
schools-history = History
schools-how-the-shared-facilities = How the shared facilities are apportioned to this section
schools-imported-at = Imported at
schools-imported-by = Imported by
schools-only-the-schools-you = (only the schools you may see)
schools-raw-inputs = Raw inputs
schools-smallest-additions-that-make = Smallest additions that make it pass
schools-this-school = This school
schools-unit-facts = { $a ->
    [one] { $a } student
   *[other] { $a } students
} · { $b } met