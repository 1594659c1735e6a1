//! The verifiable enrollment lottery (随机派位 / 电脑派位).
//!
//! Oversubscribed schools — 公民同招 private schools, 多校划片 public zones — admit by lottery.
//! This crate is the pure engine: it takes in-memory [`Inputs`] and returns results and an
//! [`AuditPack`]; it performs no I/O, reads no clock and uses no external random generator.
//!
//! The ceremony:
//!
//! 1. [`seal`] the bureau's inputs with a fresh [`LotteryKey`]: every 报名号 becomes an opaque
//!    公示编号, and each family gets a receipt (回执: 报名号, 公示编号, 回执校验码);
//! 2. [`freeze`] the sealed inputs and publish their canonical form and digest — no personal
//!    data in them;
//! 3. at the ceremony each witness (人大代表, 公证员, 家长代表 …) enters a value; [`draw`] derives
//!    the seed from the digest and the values, draws every zone and returns the [`AuditPack`];
//! 4. anyone re-runs the pack with [`verify`] or with the independent Python verifier
//!    `tools/lottery_verify.py` (standard library only); a family finds its outcome under its
//!    公示编号, or asks the bureau's lookup with its 报名号 and 回执校验码 ([`LotteryKey::open_receipt`]).
//!
//! Before the ceremony, [`simulate`] gives every applicant, (zone, tier) group and school its
//! admission probability.
//!
//! ```
//! use junheng_lottery::{draw, freeze, seal, synth, verify, LotteryKey, Witness};
//! let inputs = synth::district(&synth::SynthSpec { applicants: 500, schools: 12, ..Default::default() });
//! let key = LotteryKey::from_bytes([42; 32]); // in practice 32 bytes from the OS generator
//! let sealed = seal(&inputs, &key).unwrap(); // print sealed.receipts for the families
//! let frozen = freeze(&sealed.inputs).unwrap(); // publish frozen.canonical and frozen.digest
//! let witness = |role: &str, value: &str| Witness { role: role.into(), name: String::new(), value: value.into() };
//! let pack = draw(&sealed.inputs, &[witness("人大代表", "2718"), witness("公证员", "8281"), witness("家长代表", "8459")]).unwrap();
//! assert_eq!(pack.inputs_digest, frozen.digest);
//! assert_eq!(verify(&pack), Ok(()));
//! ```
//!
//! # Specification (`junheng-lottery-draw/2`)
//!
//! Everything below is normative; `tools/lottery_verify.py` implements it independently and the
//! test suite checks that both agree. Version 2 differs from version 1 (below, historical) only
//! in how applicants are named in the published material and in the format tags: the digest,
//! seed, stream, tie-break, mechanisms and results rules are those of version 1.
//!
//! ## Lottery key and 公示编号
//!
//! The bureau draws a 32-byte lottery key `K` from a cryptographic generator and keeps it
//! private. For a 报名号 `r` (its UTF-8 bytes, exactly as in the bureau's table):
//!
//! * 公示编号 = the first 60 bits of `HMAC-SHA256(K, "junheng-lottery-public-code/2" ‖ 0x00 ‖ r)`
//!   (the first 8 bytes read big-endian, shifted right by 4), written as 12 characters of the
//!   Crockford base32 alphabet `0123456789ABCDEFGHJKMNPQRSTVWXYZ`, most significant first;
//! * 回执校验码 = the first 8 bytes of `HMAC-SHA256(K, "junheng-lottery-receipt-check/2" ‖ 0x00 ‖ r)`
//!   read big-endian, modulo 10⁶, written with 6 decimal digits (leading zeros kept);
//! * key commitment = `lowercase_hex(SHA-256("junheng-lottery-key-commitment/2" ‖ 0x00 ‖ K))`.
//!
//! The key file is exactly `junheng-lottery-key/2` LF `lowercase_hex(K)` LF (87 bytes). Without
//! `K` a 公示编号 cannot be linked to a 报名号, nor a 报名号 enumerated into a code; with `K`
//! and the 报名 table anyone (a notary) can check every code. Two 报名号 of one lottery must not
//! share a 公示编号 (the bureau re-freezes with a new key in that ≈ 10⁻⁶ case).
//!
//! ## Canonical inputs and digest
//!
//! The canonical form is compact JSON — no whitespace, object keys sorted by code point,
//! non-ASCII characters written as UTF-8 (not `\u` escapes), integers in decimal — exactly what
//! Python's `json.dumps(x, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` writes,
//! of this object:
//!
//! ```text
//! {"applicants":[{"category":C|null,"id":CODE,"preferences":[SCHOOL…],"sibling":CODE|null,"tier":N,"zone":Z}…],
//!  "format":"junheng-lottery-inputs/2",
//!  "key_commitment":HEX,
//!  "schools":[{"capacity":N,"id":ID,"name":S,"quotas":[{"category":C,"seats":N}…],"zone":Z}…],
//!  "title":S,
//!  "zones":[{"id":ID,"mode":"single_school"|"sequential"|"deferred_acceptance","name":S}…]}
//! ```
//!
//! `id` and `sibling` of an applicant are 公示编号 (12 characters of the alphabet above) — never
//! a 报名号; `tier` is the priority number only (0 = highest), never its label (随迁子女 …);
//! `key_commitment` is 64 lowercase hex digits. School ids and names, zones, seats and quota
//! categories are published as given. `applicants`, `schools` and `zones` are sorted by `id`,
//! `quotas` by `category` (byte order of UTF-8 = code point order); `preferences` keep the
//! applicant's order. Absent optional fields are `null` (`category`, `sibling`) or empty
//! (`name`, `title`, `quotas`). Text may not contain control characters (U+0000–U+001F,
//! U+007F), so only `"` and `\` are ever escaped. `digest = lowercase_hex(SHA-256(canonical))`.
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
//! The mechanisms keep their version `/1` in both draw versions: they did not change.
//! Unplaced applicants form the 公办兜底 fallback list.
//!
//! ## Results and digest
//!
//! [`DrawResults::canonical`] is compact sorted-key JSON as above of
//! `{"applicants":[{"id","rank","round","school","seat"}…],"fallback":[ID…],"format":"junheng-lottery-results/2","schools":[{"admitted","capacity","id","remaining","waitlist"}…]}`:
//! every applicant id is the 公示编号 of the inputs; applicants and schools sorted by `id`;
//! `round` = preference position (1-based) of the school placed at (`null` if unplaced);
//! `seat` = the reserved category held or `null`; `admitted` in `(round, tier, rank)` order for
//! `single_school`/`sequential`, `(tier, rank)` for `deferred_acceptance`; `waitlist` =
//! applicants who listed the school but are placed neither there nor at an earlier preference,
//! by `(preference position, tier, rank)` for `sequential` and `(tier, rank)` otherwise;
//! `fallback` = unplaced by `(tier, rank)`.
//! `results_digest = lowercase_hex(SHA-256(canonical results))`.
//!
//! ## Files (written by the CLI; this crate only makes the bytes)
//!
//! * Inputs: JSON of [`Inputs`] (`format`, `title`, `zones`, `schools`, `applicants`,
//!   `key_commitment`; optional fields may be omitted; unknown fields are refused). The
//!   published file is [`Frozen::canonical`], which reads back as the same inputs.
//! * Key file: see above; private.
//! * Audit pack: JSON of [`AuditPack`] ([`AuditPack::to_json`]): `format`
//!   (`junheng-lottery-audit/2`), `algorithm` (`junheng-lottery-draw/2`), `engine`, `title`,
//!   `mechanisms` (`[{"zone","mechanism":"deferred_acceptance/1"}…]` sorted by zone),
//!   `inputs_digest`, `witnesses` (`[{"role","name","value"}…]` in seed order), `seed` (hex),
//!   `results_digest`, `results` (as in the canonical results, without `format`) and `inputs`
//!   (the frozen inputs). [`verify`] and `python3 tools/lottery_verify.py PACK [--inputs
//!   PUBLISHED]` check, in order: format, algorithm and inputs format of one version; the
//!   inputs digest; the seed; the mechanisms; the re-run results, byte for byte; the results
//!   digest.
//!
//! # Version 1 (`junheng-lottery-draw/1`, historical)
//!
//! Packs of version 1 (`junheng-lottery-audit/1`, inputs `junheng-lottery-inputs/1`, results
//! `junheng-lottery-results/1`) name applicants by their 报名号 and carry no key commitment:
//! the canonical inputs are the object above without `key_commitment`, with
//! `"format":"junheng-lottery-inputs/1"` and any non-empty text as applicant `id` and `sibling`;
//! the results carry `"format":"junheng-lottery-results/1"`. Everything else is as specified
//! above. They are still verified by [`verify`] and the Python verifier; the command line and
//! the server no longer make them, because they publish personal data.

#![warn(missing_docs)]

mod audit;
mod canonical;
mod compile;
mod engine;
mod key;
mod model;
mod results;
mod simulate;
mod stream;
pub mod synth;
mod version;

pub use audit::{
    ALGORITHM, AuditPack, DrawError, PACK_FORMAT, VerifyError, ZoneMechanism, draw, draw_with_seed,
    verify, verify_against,
};
pub use canonical::{Frozen, INPUTS_FORMAT, freeze};
pub use key::{
    CHECK_CODE_LEN, CHECK_CODE_TAG, CODE_ALPHABET, COMMITMENT_TAG, KEY_FILE_FORMAT, KeyFileError,
    LotteryKey, PUBLIC_CODE_LEN, PUBLIC_CODE_TAG, Receipt, Sealed, is_public_code, seal,
};
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
pub use version::Version;
