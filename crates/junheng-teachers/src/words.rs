//! Fieldless enums of template words: stable identifiers (stored) and Chinese labels (files,
//! pages), generated once for every capability of this crate.

/// Generates `ALL`, `id`, `from_id`, `label`, `parse` and `expected` for a fieldless enum.
macro_rules! words {
    ($ty:ident { $($variant:ident => $id:literal, $label:literal $(| $alias:literal)*);+ $(;)? }) => {
        impl $ty {
            /// Every value, in the template's order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// Stable identifier (stored, URLs, JSON).
            pub fn id(self) -> &'static str {
                match self { $($ty::$variant => $id),+ }
            }

            /// The value of a stable identifier.
            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == id)
            }

            /// The template's Chinese word.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }

            /// Parses the template's word (or an accepted alias), after trimming.
            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
                match t {
                    $($label $(| $alias)* => Some($ty::$variant),)+
                    _ => None,
                }
            }

            /// The accepted words, for error messages.
            pub fn expected() -> String {
                [$($label),+].join("、")
            }
        }
    };
}
pub(crate) use words;

/// Whether `date` (`YYYY-MM-DD`) falls in a period from `start` to `end` (both included; no end:
/// still running).
pub fn on(date: &str, start: &str, end: Option<&str>) -> bool {
    start <= date && end.is_none_or(|e| e >= date)
}
