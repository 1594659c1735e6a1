//! Fieldless enums of the capability's words: a stable identifier (stored, JSON, URLs) and the
//! Chinese label (pages, files), generated once for every such enum of this crate.

/// Generates `ALL`, `id`, `from_id`, `label`, `parse` and `Display` (the label) for a fieldless
/// enum whose serde names are its ids.
macro_rules! words {
    ($ty:ident { $($variant:ident => $id:literal, $label:literal $(| $alias:literal)*);+ $(;)? }) => {
        impl $ty {
            /// Every value, in the order of the official texts.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable identifier, as stored.
            pub fn id(self) -> &'static str {
                match self { $($ty::$variant => $id),+ }
            }

            /// The value of a stable identifier.
            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == id)
            }

            /// The Chinese word.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }

            /// Parses the Chinese word (or an accepted alias) after trimming.
            pub fn parse(text: &str) -> Option<Self> {
                match text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}') {
                    $($label $(| $alias)* => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use words;
