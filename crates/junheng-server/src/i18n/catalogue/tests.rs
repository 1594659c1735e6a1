//! The catalogue is complete: both languages parse, define the same keys with the same
//! variables, English has no Chinese, and every key the code and templates use exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::*;

/// Key → the variables its message uses, of one language.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (file, text) in sources(lang) {
        let mut key = None;
        for line in text.lines() {
            if line.starts_with(|c: char| c.is_ascii_lowercase()) {
                let k = line
                    .split_once('=')
                    .expect("key = text")
                    .0
                    .trim()
                    .to_owned();
                assert!(
                    is_key(&k),
                    "{file}: {k} is not a key (lowercase words joined by -)"
                );
                assert!(!out.contains_key(&k), "{file}: {k} defined twice");
                out.insert(k.clone(), BTreeSet::new());
                key = Some(k);
            }
            let Some(k) = &key else { continue };
            for part in line.split("{ $").skip(1).chain(line.split("{$").skip(1)) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                out.get_mut(k).unwrap().insert(name);
            }
        }
    }
    out
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

#[test]
fn both_languages_have_the_same_keys_and_variables() {
    let zh = messages(Lang::Zh);
    let en = messages(Lang::En);
    let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(only_zh.is_empty(), "without English: {only_zh:?}");
    assert!(only_en.is_empty(), "without Chinese: {only_en:?}");
    for (k, vars) in &zh {
        assert_eq!(vars, &en[k], "{k}: the languages use different variables");
    }
    // Loading formats every message: a parse error or a duplicate panics here.
    for k in zh.keys().take(1) {
        let _ = plain(Lang::Zh, Box::leak(k.clone().into_boxed_str()));
        let _ = plain(Lang::En, Box::leak(k.clone().into_boxed_str()));
    }
}

#[test]
fn english_has_no_chinese() {
    for (file, text) in sources(Lang::En) {
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#'))
        {
            assert!(
                !line.chars().any(is_chinese),
                "locales/en/{file}:{}: {line}",
                i + 1
            );
        }
    }
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|x| x == ext) {
            out.push(path);
        }
    }
}

/// The keys a source or template text asks for: the first string literal after `.t(`, `.t_n(`,
/// `.t_v(`, `.t2(`, `.t3(`, `.tf(`, `msg!(`, `Layout::new(` or `tr!(… ,`, when it is a key.
pub(crate) fn keys_used(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let markers = [
        ".t(\"",
        ".t_n(\"",
        ".t_v(\"",
        ".t2(\"",
        ".t3(\"",
        ".tf(\"",
        "key(\"",
        "msg!(\"",
        "Layout::new(\"",
        "Layout::anonymous(\"",
    ];
    for marker in markers {
        for part in text.split(marker).skip(1) {
            let lit = part.split('"').next().unwrap_or_default();
            if is_key(lit) && lit.contains('-') {
                out.push(lit.to_owned());
            }
        }
    }
    for part in text.split("tr!(").skip(1) {
        if let Some(lit) = part.split('"').nth(1).filter(|l| is_key(l)) {
            out.push(lit.to_owned());
        }
    }
    out
}

#[test]
fn every_key_used_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("src"), "rs", &mut paths);
    files(&root.join("templates"), "html", &mut paths);
    let zh = messages(Lang::Zh);
    let mut missing = BTreeSet::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        for key in keys_used(&text) {
            if !zh.contains_key(&key) {
                missing.insert(format!("{}: {key}", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "keys without texts: {missing:#?}");
}

#[test]
fn variables_and_plurals() {
    let en = format(Lang::En, "i18n-test-schools", &[("n", Arg::from(1))]);
    assert_eq!(en, "1 school");
    let en = format(Lang::En, "i18n-test-schools", &[("n", Arg::from(12))]);
    assert_eq!(en, "12 schools");
    let zh = format(Lang::Zh, "i18n-test-schools", &[("n", Arg::from(12))]);
    assert_eq!(zh, "12 所学校");
    assert_eq!(format(Lang::Zh, "no-such-key", &[]), "no-such-key");
    assert!(is_key("nav-overview") && !is_key("概览") && !is_key("Nav"));
}

/// No text of the catalogue is left behind by the code: every key appears, as a string, in the
/// sources or templates.
#[test]
fn every_key_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("src"), "rs", &mut paths);
    files(&root.join("templates"), "html", &mut paths);
    let text: String = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let unused: Vec<String> = messages(Lang::Zh)
        .into_keys()
        .filter(|k| !text.contains(&format!("\"{k}\"")))
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}
