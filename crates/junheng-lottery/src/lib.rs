//! The verifiable enrollment lottery (随机派位 / 电脑派位).
//!
//! Oversubscribed schools — 公民同招 private schools, 多校划片 public zones — admit by lottery.
//! This crate is the pure engine: it takes in-memory [`Inputs`] and returns results and an
//! [`AuditPack`]; it performs no I/O, reads no clock and uses no external random generator.
//!
//! The ceremony:
//!
//! 1. [`freeze`] the inputs and publish their canonical form and digest;
//! 2. at the ceremony each witness (人大代表, 公证员, 家长代表 …) enters a value; [`draw`] derives
//!    the seed from the digest and the values, draws every zone and returns the [`AuditPack`];
//! 3. anyone re-runs the pack with [`verify`] or with the independent Python verifier
//!    `tools/lottery_verify.py` (standard library only).
//!
//! Before the ceremony, [`simulate`] gives every applicant, (zone, tier) group and school its
//! admission probability.
//!
//! ```
//! use junheng_lottery::{draw, freeze, synth, verify, Witness};
//! let inputs = synth::district(&synth::SynthSpec { applicants: 500, schools: 12, ..Default::default() });
//! let frozen = freeze(&inputs).unwrap(); // publish frozen.canonical and frozen.digest
//! let witness = |role: &str, value: &str| Witness { role: role.into(), name: String::new(), value: value.into() };
//! let pack = draw(&inputs, &[witness("人大代表", "2718"), witness("公证员", "8281"), witness("家长代表", "8459")]).unwrap();
//! assert_eq!(pack.inputs_digest, frozen.digest);
//! assert_eq!(verify(&pack), Ok(()));
//! ```
//!
//! # Specification (`junheng-lottery-draw/1`)
//!
//! Everything below is normative; `tools/lottery_verify.py` implements it independently and the
//! test suite checks that both agree.
//!
//! ## Canonical inputs and digest
//!
//! The canonical form is compact JSON — no whitespace, object keys sorted by code point,
//! non-ASCII characters written as UTF-8 (not `\u` escapes), integers in decimal — exactly what
//! Python's `json.dumps(x, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` writes,
//! of this object:
//!
//! ```text
//! {"applicants":[{"category":C|null,"id":ID,"preferences":[SCHOOL…],"sibling":ID|null,"tier":N,"zone":Z}…],
//!  "format":"junheng-lottery-inputs/1",
//!  "schools":[{"capacity":N,"id":ID,"name":S,"quotas":[{"category":C,"seats":N}…],"zone":Z}…],
//!  "title":S,
//!  "zones":[{"id":ID,"mode":"single_school"|"sequential"|"deferred_acceptance","name":S}…]}
//! ```
//!
//! `applicants`, `schools` and `zones` are sorted by `id`, `quotas` by `category` (byte order of
//! UTF-8 = code point order); `preferences` keep the applicant's order. Absent optional fields are
//! `null` (`category`, `sibling`) or empty (`name`, `title`, `quotas`). Text may not contain
//! control characters (U+0000–U+001F, U+007F), so only `"` and `\` are ever escaped.
//! `digest = lowercase_hex(SHA-256(canonical))`.
//!
//! ## Seed
//!
//! `seed = SHA-256(digest ‖ 0x00 ‖ v₁ ‖ 0x00 ‖ v₂ ‖ … ‖ 0x00 ‖ vₖ)`, where `digest` is the 64
//! ASCII hex characters and `vᵢ` the UTF-8 bytes of witness value i, in the order listed, each
//! trimmed of U+0009–U+000D, U+0020, U+00A0 and U+3000 at both ends. At least one witness; no
//! value may be empty after trimming or contain a control character. Roles and names are
//! recorded but do not enter the seed.
//!
//! ## Stream
//!
//! `block_i = SHA-256(seed ‖ u64_be(i))` for `i = 0, 1, …`; each 32-byte block is four
//! big-endian `u64` words, consumed in order. `uniform(n)` (n ≥ 1): take the next word `w`;
//! if `2^64 mod n ≠ 0` and `w ≥ 2^64 − (2^64 mod n)`, take another; return `w mod n`.
//! `shuffle(a)`: for `i = len−1` down to `1`, `j = uniform(i+1)`, swap `a[i]` and `a[j]`.
//! See [`Stream`]; the test vectors are pinned in the test suite and in the Python verifier.
//!
//! ## Single tie-break (随机号)
//!
//! Applicants are sorted by `id`. Sibling links (either direction, transitively) form lottery
//! units; a unit's members are in `id` order and units are ordered by their first member. The
//! array of units is shuffled once with the seed's stream; listing the members of the shuffled
//! units in order gives each applicant a rank 1, 2, … n (siblings consecutive). Every school
//! ranks applicants by `(tier, rank)`, smaller first (tier 0 = highest priority).
//!
//! ## Mechanisms (per zone; zones never interact)
//!
//! A preference always names a school of the applicant's own zone. "Priority order" below
//! means ascending `(tier, rank)`. A school may reserve seats for categories (`quotas`);
//! reserved seats are *soft*: the category's applicants get them first, seats they leave go to
//! everybody.
//!
//! * `sequential/1` (顺序志愿, Boston). Each school starts with `capacity` seats and `seats`
//!   reserved seats per quota. Round k = 1, 2, …: the *round's applicants* are the unplaced
//!   applicants with a k-th preference. Pass A: in priority order, a round's applicant whose
//!   category has a reserved seat left at their k-th school, while that school has a seat left,
//!   takes it (both counters −1; `seat` = the category). Pass B: in priority order, every
//!   round's applicant still unplaced takes a seat at their k-th school if one is left
//!   (general seat). Placements are final; the rounds end when no applicant is left.
//! * `single_school/1` (单校派位): every applicant lists exactly one school; this is round 1 of
//!   `sequential`.
//! * `deferred_acceptance/1` (student-proposing deferred acceptance, Gale–Shapley with the
//!   single tie-break). A school's *choice* among a set of candidates: for each quota, its
//!   category's best candidates up to `seats` (reserved seats); then the best of the other
//!   candidates up to `capacity` minus the reserved seats so taken (general seats). Applicants
//!   propose in preference order; each school holds its choice among held applicants and the
//!   proposer and rejects the rest, who propose to their next preference. The result is the
//!   student-optimal stable matching — the same whatever the proposal order (the textbook form
//!   where all free applicants propose at once gives the same matching; the Python verifier
//!   uses that form, the engine a heap per school). `seat` = the category if the final choice
//!   gives the applicant a reserved seat.
//!
//! Unplaced applicants form the 公办兜底 fallback list.
//!
//! ## Results and digest
//!
//! [`DrawResults::canonical`] is compact sorted-key JSON as above of
//! `{"applicants":[{"id","rank","round","school","seat"}…],"fallback":[ID…],"format":"junheng-lottery-results/1","schools":[{"admitted","capacity","id","remaining","waitlist"}…]}`:
//! applicants and schools sorted by `id`; `round` = preference position (1-based) of the school
//! placed at (`null` if unplaced); `seat` = the reserved category held or `null`; `admitted` in
//! `(round, tier, rank)` order for `single_school`/`sequential`, `(tier, rank)` for
//! `deferred_acceptance`; `waitlist` = applicants who listed the school but are placed neither
//! there nor at an earlier preference, by `(preference position, tier, rank)` for `sequential`
//! and `(tier, rank)` otherwise; `fallback` = unplaced by `(tier, rank)`.
//! `results_digest = lowercase_hex(SHA-256(canonical results))`.
//!
//! ## Files (written by the CLI; this crate only makes the bytes)
//!
//! * Inputs: JSON of [`Inputs`] (`title`, `zones`, `schools`, `applicants`; optional fields may
//!   be omitted; unknown fields are refused). The published file is [`Frozen::canonical`],
//!   which reads back as the same inputs.
//! * Audit pack: JSON of [`AuditPack`] ([`AuditPack::to_json`]): `format`
//!   (`junheng-lottery-audit/1`), `algorithm` (`junheng-lottery-draw/1`), `engine`, `title`,
//!   `mechanisms` (`[{"zone","mechanism":"deferred_acceptance/1"}…]` sorted by zone),
//!   `inputs_digest`, `witnesses` (`[{"role","name","value"}…]` in seed order), `seed` (hex),
//!   `results_digest`, `results` (as in the canonical results, without `format`) and `inputs`
//!   (the frozen inputs). [`verify`] and `python3 tools/lottery_verify.py PACK [--inputs
//!   PUBLISHED]` check, in order: format and algorithm; the inputs digest; the seed; the
//!   mechanisms; the re-run results, byte for byte; the results digest.

#![warn(missing_docs)]

mod audit;
mod canonical;
mod compile;
mod engine;
mod model;
mod results;
mod simulate;
mod stream;
pub mod synth;

pub use audit::{
    ALGORITHM, AuditPack, DrawError, PACK_FORMAT, VerifyError, ZoneMechanism, draw, draw_with_seed,
    verify, verify_against,
};
pub use canonical::{Frozen, INPUTS_FORMAT, freeze};
pub use model::{Applicant, InputError, Inputs, Quota, School, Zone, ZoneMode};
pub use results::{ApplicantResult, DrawResults, RESULTS_FORMAT, SchoolResult};
pub use simulate::{
    ApplicantProbability, GroupProbability, Probabilities, SchoolProbability, TierProbability,
    simulate,
};
pub use stream::{
    Stream, WITNESS_TRIM, Witness, WitnessError, derive_seed, hex, normalize_witness_value,
    parse_hex32, sha256_hex, simulation_seed,
};
