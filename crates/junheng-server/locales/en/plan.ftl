# Interface texts: plan.
plan-accept-the-plan-into = Accept the plan into the ledger
plan-after = After
plan-algorithm = Algorithm:{" "}
plan-at-most-teachers = At most (teachers)
plan-back-to-the-plan = Back to the plan
plan-before = Before
plan-by-quota = by quota
plan-candidates = { $n ->
    [one] { $n } teacher may rotate
   *[other] { $n } teachers may rotate
}
plan-changes = Changes
plan-coefficient-of-variation-before = Coefficient of variation: before and after
plan-confirm-accepting-the-rotation = Confirm accepting the rotation plan
plan-constraints = Constraints:{" "}
plan-download-json = Download JSON
plan-farthest-distance-km = Farthest distance (km)
plan-for-each-section-the = for each section, the largest ratio CV ÷ limit among the teacher indicators; the plan minimises the sum of these over the sections, then the sum of squares of all teacher indicators' ratios, so that other indicators keep narrowing once the worst cannot move.
plan-greedy-descent-each-step = greedy descent: each step scores every feasible move exactly and takes the best one, keeping room for the quota; then the quota is filled with the least harmful (usually neutral, nearest) moves. Ties break by distance, then teacher id and school order, so the same data always give the same plan.
plan-how-the-plan-is = How the plan is made
plan-i-confirm-writing-these = I confirm writing these moves to the ledger
plan-largest-cv-limit-before = Largest CV ÷ limit: before
plan-make-the-plan = Make the plan
plan-moves = Moves
plan-no-limit = no limit
plan-only-eligible-teachers-not = only eligible teachers not yet rotating this year move, each at most once, within their section to another school with that section (inside the group when one is chosen; within the distance when one is set, unchecked for schools without coordinates). Every school keeps at least one teacher of each subject it teaches and one PE/arts teacher if it had one; no passing unit may fail after the moves, failing units give no teachers away, and no teacher indicator's CV may widen. Within the maximum number of moves the scope's quota (rotations, backbone share) must be met.
plan-plan = Plan
plan-rotation-plan = Rotation plan
plan-rotation-rules = Rotation rules:{" "}
plan-schools-receiving = Schools receiving
plan-schools-sending = Schools sending
plan-schools-whose-values-change = Schools whose values change
plan-teachers = Teachers
plan-term = Term
plan-the-district-has = The district has
plan-these-moves-will-be = These moves will be written to the ledger as one batch. The batch can be cancelled in one step from the ledger.
plan-write-to-the-ledger = Write to the ledger
plan-error-year = Please give the school year (year)
plan-error-year-value = Wrong school year "{ $v }": expected four digits, such as 2024
plan-error-max-moves = Wrong most moves "{ $v }": expected a whole number from 0 to 100000
plan-error-max-km = Wrong farthest distance "{ $v }": expected a number of kilometres above 0
plan-error-changed = The plan has changed: since the page was shown, the roster, the ledger or the school statistics changed, and the plan computed again with the same options differs from the one on the page. Please reload the rotation plan page, check the new plan and accept it then.
plan-error-empty = The plan moves no teacher: there is nothing to write to the ledger
