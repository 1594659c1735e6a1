# Texts of the catalogue's own tests.
i18n-test-schools = { $n } 所学校
