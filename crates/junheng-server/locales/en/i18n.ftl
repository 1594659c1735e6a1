# Texts of the catalogue's own tests.
i18n-test-schools = { $n ->
    [one] { $n } school
   *[other] { $n } schools
}
