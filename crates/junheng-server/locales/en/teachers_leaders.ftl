leaders-title = Principals and vice-principals
nav-leaders = Principal rotation
leaders-school-code = School code
leaders-school-name = School
leaders-post = Post
leaders-since = In post at the school since
leaders-years = Years at the school
leaders-standing = Standing
leaders-rotated-in = Rotated in this year
leaders-due = Due to rotate
leaders-not-due = Within term
leaders-file = Current list:
leaders-terms = { $n ->
    [one] { $n } term
   *[other] { $n } terms
}
leaders-serving = { $n } serving this year
leaders-due-count = { $n } due to rotate
leaders-rotated-count = { $n } rotated in this year
leaders-not-connected = Not connected: no list of leaders' terms imported yet.
leaders-list = Serving principals and vice-principals
leaders-keep = Import the list of leaders' terms
leaders-replace = Replace the current list (it can be withdrawn)
leaders-import = Import
leaders-template = Download the template
leaders-withdraw-confirm = Confirm withdrawing the current list (the previous one comes back)
leaders-withdraw = Withdraw
leaders-imported = { $n ->
    [one] { $n } term imported.
   *[other] { $n } terms imported.
}
leaders-withdrawn = The current list was withdrawn.
leaders-choose-file = Choose the file of leaders' terms to import
leaders-confirm-withdraw = Tick the confirmation before withdrawing the list
leaders-import-title = Import the list of leaders' terms
audit-kind-leaders-import = List of leaders' terms imported
audit-kind-leaders-withdraw = List of leaders' terms withdrawn
audit-leaders-import = { $who } imported the list of leaders' terms { $file } ({ $terms ->
    [one] { $terms } term
   *[other] { $terms } terms
})
audit-leaders-withdraw = { $who } withdrew the list of leaders' terms ({ $terms ->
    [one] { $terms } term
   *[other] { $terms } terms
})
