//! Fieldless enums of a capability's words — the Chinese label that files and pages write, the
//! aliases a bureau's files use, and (optionally) a stable identifier that is stored — generated
//! once for every engine crate by [`words!`](crate::words!).

/// Generates, for a fieldless enum: `ALL` (in the order given), `label` (the Chinese word),
/// `parse` (the word or an alias, after trimming spaces and 全角 spaces), `expected` (the words,
/// for messages) and `Display` (the label). With identifiers (`Variant => "id", "词" | "别名";`)
/// it also generates `id` and `from_id`.
///
/// ```
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// enum Place { Home, School }
/// junheng_core::words!(Place {
///     Home => "home", "家庭" | "家里";
///     School => "school", "校内";
/// });
/// assert_eq!(Place::parse(" 家里 "), Some(Place::Home));
/// assert_eq!(Place::from_id("school"), Some(Place::School));
/// assert_eq!((Place::Home.id(), Place::Home.to_string()), ("home", "家庭".to_owned()));
/// assert_eq!(Place::expected(), "家庭、校内");
///
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// enum Sex { Male, Female }
/// junheng_core::words!(Sex { Male => "男", Female => "女" });
/// assert_eq!(Sex::ALL, &[Sex::Male, Sex::Female]);
/// ```
#[macro_export]
macro_rules! words {
    ($ty:ident { $($variant:ident => $id:literal, $label:literal $(| $alias:literal)*);+ $(;)? }) => {
        $crate::words!(@common $ty { $($variant => $label $(| $alias)*),+ });

        impl $ty {
            /// The stable identifier, as stored (and in JSON and URLs).
            pub fn id(self) -> &'static str {
                match self { $($ty::$variant => $id),+ }
            }

            /// The value of a stable identifier.
            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == id)
            }
        }
    };
    ($ty:ident { $($variant:ident => $label:literal $(| $alias:literal)*),+ $(,)? }) => {
        $crate::words!(@common $ty { $($variant => $label $(| $alias)*),+ });
    };
    (@common $ty:ident { $($variant:ident => $label:literal $(| $alias:literal)*),+ }) => {
        impl $ty {
            /// Every value, in the order of the official texts and templates.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The Chinese word.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }

            /// Parses the Chinese word (or an accepted alias), after trimming.
            pub fn parse(text: &str) -> Option<Self> {
                match text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}') {
                    $($label $(| $alias)* => Some($ty::$variant),)+
                    _ => None,
                }
            }

            /// The accepted words, for messages.
            pub fn expected() -> String {
                [$($label),+].join("、")
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
