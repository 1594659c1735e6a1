# Interface texts: lottery (the ceremony, the record, the parents' lookup, the web build).
lottery-role-deputy = People's Congress deputy
lottery-role-notary = Notary
lottery-role-parent = Parents' representative
lottery-upload-choose-both = Choose both files written by `junheng lottery freeze`: the applicant list (JSON) and the lottery key file
lottery-build-choose-tables = Choose the three tables: zones, seat plan and applications (.xlsx, .xls, .ods or .csv)
lottery-build-problems = { $n ->
    [one] The tables have { $n } problem; nothing was frozen or saved:
   *[other] The tables have { $n } problems; nothing was frozen or saved:
}
lottery-build-refused = { $problem }. Nothing was frozen or saved.
lottery-receipts-choose-table = Choose the application table this lottery was frozen from
lottery-receipts-problems = { $n ->
    [one] The application table has { $n } problem; no receipts were made:
   *[other] The application table has { $n } problems; no receipts were made:
}
lottery-school-code = { $school } ({ $code })
lottery-mode-single-school = Single-school lottery
lottery-mode-sequential = Sequential choices
lottery-mode-deferred-acceptance = Parallel choices
lottery-zone-mechanism = { $zone } ({ $code }): { $mode } ({ $mechanism })
lottery-zone-mechanism-code = { $code }: { $mode } ({ $mechanism })
lottery-zone-mechanism-unknown = { $code }: { $mechanism }
lottery-drawn-at-by = { $time } ({ $by })
lottery-seed-label = Seed:{" "}
lottery-results-digest-label = Results digest:{" "}
lottery-fallback-count = Not placed, to the public fallback: { $n }
lottery-lookup-numbers = Publication code { $a } · Lottery number { $b }
lottery-lookup-placed = Admitted: { $school }
lottery-lookup-choice = Admitted as choice { $n }
lottery-lookup-choice-round = Admitted as choice { $n } (sequential round { $n })
lottery-lookup-choice-seat = Admitted as choice { $n }, on a reserved seat ({ $seat })
lottery-lookup-choice-round-seat = Admitted as choice { $n } (sequential round { $n }), on a reserved seat ({ $seat })
lottery-lookup-waitlist = Choice { $choice }, { $school }: number { $position } of { $length } on the waitlist
lottery-lookup-not-found = The application number or the receipt check code is wrong, or this application number did not take part in this lottery; please check the receipt and try again
lottery-lookup-too-many = Too many lookups: at most { $limit } per network in { $window ->
    [one] { $window } minute
   *[other] { $window } minutes
}. Please try again in { $wait ->
    [one] { $wait } minute
   *[other] { $wait } minutes
}
