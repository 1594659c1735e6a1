//! The interface texts by stable key: `locales/zh-CN/*.ftl` and `locales/en/*.ftl`, in Project
//! Fluent's format, compiled into the binary (the build script lists the files). A key names one
//! message in both languages; a sentence with numbers or names is one message with variables
//! (`{ $n }`), never glued from pieces, and English plurals are Fluent selectors.
//!
//! Keys are lowercase ASCII words joined by `-`, prefixed by their area (`nav-overview`,
//! `users-reset-title`); the codes of errors and import problems are keys too, with `.` and `_`
//! written as `-` (`import.not_a_number` → `import-not-a-number`).

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// A value put into a message's variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number (Fluent selects plural forms by it).
    Num(f64),
    /// A text, shown as given.
    Text(String),
}

macro_rules! from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
                Arg::Num(n as f64)
            }
        }
        // Templates pass their fields by reference (and bindings by reference to those).
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Self {
                Arg::from(*n)
            }
        }
        impl From<&&$t> for Arg {
            fn from(n: &&$t) -> Self {
                Arg::from(**n)
            }
        }
    )*};
}
from_number!(i32, i64, u32, u64, usize, f64);

impl From<&&str> for Arg {
    fn from(s: &&str) -> Self {
        Arg::Text((*s).to_owned())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

/// One language's messages.
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    /// Every message formatted without variables, for [`Lang::t`].
    plain: HashMap<String, &'static str>,
}

fn load(tag: &str, sources: &[(&str, &str)]) -> Catalogue {
    let id: unic_langid::LanguageIdentifier = tag.parse().expect("language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The texts go into HTML: no Unicode isolation marks around variables.
    bundle.set_use_isolating(false);
    for (name, text) in sources {
        let resource = FluentResource::try_new((*text).to_owned())
            .unwrap_or_else(|(_, e)| panic!("locales/{tag}/{name}: {e:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("locales/{tag}/{name}: {e:?}"));
    }
    let mut plain = HashMap::new();
    for (_, text) in sources {
        for key in keys_of(text) {
            let mut errors = Vec::new();
            let message = bundle.get_message(&key).expect("parsed message");
            if let Some(pattern) = message.value() {
                let value = bundle.format_pattern(pattern, None, &mut errors);
                // Messages with variables are formatted by `tf`; leaking the rest once is
                // bounded by the catalogue's size.
                plain.insert(key, &*Box::leak(value.into_owned().into_boxed_str()));
            }
        }
    }
    Catalogue { bundle, plain }
}

/// The message keys a `.ftl` text defines (terms `-x` and attributes are not keys).
fn keys_of(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .collect()
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    static EN: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::Zh => ZH.get_or_init(|| load("zh-CN", files::ZH)),
        Lang::En => EN.get_or_init(|| load("en", files::EN)),
    }
}

/// Whether `text` has the form of a key (lowercase ASCII words joined by `-`).
#[cfg(test)]
fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The message `key` without variables; the key itself if the catalogue lacks it (a test keeps
/// every key used in the code present in both languages).
pub(crate) fn plain(lang: Lang, key: &'static str) -> &'static str {
    lookup(lang, key).unwrap_or(key)
}

/// The message `key` without variables, if the catalogue has it.
pub(crate) fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    catalogue(lang).plain.get(key).copied()
}

/// The message `key` with its variables.
pub(crate) fn format(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let bundle = &catalogue(lang).bundle;
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Num(n) => FluentValue::from(*n),
            Arg::Text(s) => FluentValue::from(s.clone()),
        };
        fluent.set(*name, value);
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent), &mut errors)
        .into_owned()
}

/// Every file of a language: (file name, text).
#[cfg(test)]
fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Zh => files::ZH,
        Lang::En => files::EN,
    }
}

#[cfg(test)]
mod tests;
