//! The audit log as sentences in the viewer's language: who did what to what, one message of the
//! catalogue (`locales/*/audit.ftl`) per kind of action, read from the stored action code,
//! target (`statistics:2025`, `user:7` …) and detail (`version=2 rows=120 …`). The codes are
//! those of `junheng_store::action` and the server's own (`auth.…`, the workbook downloads).
//!
//! What the entry stores — names of people and groups, school codes, stored texts — is data:
//! a [`Sentence`] knows which of its pieces are data, so that an English page can mark them.
//!
//! Most actions' sentences are a table (`table`): a message and where each of its variables
//! comes from; [`sentence`] writes out the few others. `kinds` lists the actions for the
//! filter.

mod board;
mod inspection;
mod kinds;
mod labour;
mod survey;
mod table;
mod teachers;

use std::collections::HashMap;

use crate::i18n::{Arg, Lang};
use crate::tr;
pub(crate) use kinds::{KINDS, any_kind, kind_code, kind_name};
use table::Var;

/// Where a piece of data begins and ends in a sentence's text (private-use characters, taken
/// out of the data itself).
const OPEN: char = '\u{e000}';
const CLOSE: char = '\u{e001}';

/// `value` marked as data.
fn data(value: &str) -> String {
    let value: String = value
        .chars()
        .filter(|c| *c != OPEN && *c != CLOSE)
        .collect();
    format!("{OPEN}{value}{CLOSE}")
}

/// A stored count as a message's variable: a number (English chooses its plural form by it), or
/// the text as data when it is not one.
fn number(value: &str) -> Arg {
    value
        .parse::<i64>()
        .map_or_else(|_| Arg::Text(data(value)), Arg::from)
}

/// A sentence of the log, its data marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence(String);

impl Sentence {
    /// The text, as a cell, the search and a download read it.
    pub(crate) fn text(&self) -> String {
        self.0
            .chars()
            .filter(|c| *c != OPEN && *c != CLOSE)
            .collect()
    }

    /// The pieces of the text in order: (text, whether it is data).
    pub(crate) fn pieces(&self) -> Vec<(String, bool)> {
        // Data is marked OPEN … CLOSE, never nested: every second piece is data.
        self.0
            .split([OPEN, CLOSE])
            .enumerate()
            .filter(|(_, p)| !p.is_empty())
            .map(|(i, p)| (p.to_owned(), i % 2 == 1))
            .collect()
    }
}

/// Who is who: display names of users (by login and by id) and names of groups (by id).
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Login → display name.
    pub logins: HashMap<String, String>,
    /// User id → display name.
    pub users: HashMap<i64, String>,
    /// Group id → name.
    pub groups: HashMap<i64, String>,
}

impl Names {
    /// The person behind a login: the display name, the program (`system`) by its name in
    /// `lang`, else the login.
    fn who(&self, lang: Lang, login: &str) -> String {
        if login == "system" {
            return lang.t("audit-system").to_owned();
        }
        data(self.logins.get(login).map_or(login, String::as_str))
    }

    /// A user by id: by name, or by number when the name is not known.
    fn user(&self, lang: Lang, id: &str) -> String {
        let name = id.parse().ok().and_then(|id: i64| self.users.get(&id));
        reference(lang, id, name)
    }

    /// A group by id: by name, or by number when the name is not known.
    fn group(&self, lang: Lang, id: &str) -> String {
        let name = id.parse().ok().and_then(|id: i64| self.groups.get(&id));
        reference(lang, id, name)
    }
}

/// A user or group in a sentence: `「李老师」`, or `（编号 9）` when its name is not known.
fn reference(lang: Lang, id: &str, name: Option<&String>) -> String {
    match name {
        Some(name) => tr!(lang, "audit-ref-named", name = data(name)),
        None => tr!(lang, "audit-ref-number", id = data(id)),
    }
}

/// A task's state by its stored id (`in_progress`), in `lang`; an unknown id as data.
fn task_status(lang: Lang, id: &str) -> String {
    match lang.lookup(&format!("tasks-status-{}", id.replace('_', "-"))) {
        Some(text) => text.to_owned(),
        None => data(id),
    }
}

/// `key=value` pairs of a detail (words without `=` are left out).
fn pairs(detail: &str) -> HashMap<&str, &str> {
    detail
        .split_whitespace()
        .filter_map(|w| w.split_once('='))
        .collect()
}

/// What the variables of an entry's sentence are read from.
struct Entry<'a> {
    lang: Lang,
    names: &'a Names,
    target: &'a str,
    /// The target without its kind (`2025` of `statistics:2025`).
    object: &'a str,
    detail: &'a str,
    /// The `key=value` pairs of the detail.
    pairs: HashMap<&'a str, &'a str>,
}

impl Entry<'_> {
    /// The value of `key` in the detail (empty without it).
    fn get(&self, key: &str) -> &str {
        self.pairs.get(key).copied().unwrap_or("")
    }

    /// A variable of the sentence.
    fn arg(&self, var: Var) -> Arg {
        /// The part of `whole` before (`0`) or after (`1`) its first `sep`.
        fn part(whole: &str, sep: char, i: usize) -> &str {
            let (before, after) = whole.split_once(sep).unwrap_or((whole, ""));
            if i == 0 { before } else { after }
        }
        let (lang, names) = (self.lang, self.names);
        Arg::from(match var {
            Var::Object => data(self.object),
            Var::Text(key) => data(self.get(key)),
            Var::Count(key) => return number(self.get(key)),
            Var::Time(key) => crate::views::time(self.get(key)),
            Var::Person(key) => names.who(lang, self.get(key)),
            Var::Status(key) => task_status(lang, self.get(key)),
            Var::User => names.user(lang, self.object),
            Var::Group => names.group(lang, self.object),
            Var::Detail => data(self.detail),
            Var::Flag(word, yes, no) => {
                (if self.detail.contains(word) { yes } else { no }).to_owned()
            }
            Var::TargetPart(sep, i) => data(part(self.target, sep, i)),
            Var::ObjectPart(sep, i) => data(part(self.object, sep, i)),
        })
    }
}

/// The sentence of one entry in `lang`: `张三 导入了 2025 学年统计数据（第 2 版，120 所学校）`.
pub(crate) fn sentence(
    lang: Lang,
    names: &Names,
    actor: &str,
    action: &str,
    target: &str,
    detail: &str,
) -> Sentence {
    let who = names.who(lang, actor);
    let (_, object) = target.split_once(':').unwrap_or(("", target));
    let entry = Entry {
        lang,
        names,
        target,
        object,
        detail,
        pairs: pairs(detail),
    };
    if let Some(said) = table::said(action, entry.get("kind")) {
        let mut args = vec![("who", Arg::from(&who))];
        args.extend(said.vars.iter().map(|&(name, var)| (name, entry.arg(var))));
        return Sentence(lang.tf(said.key, &args));
    }
    let obj = data(object);
    let said = match action {
        // The detail says `120 所学校` (a count of the download's rows).
        "submissions.progress.xlsx" => match detail
            .strip_suffix(" 所学校")
            .and_then(|n| n.trim().parse::<i64>().ok())
        {
            Some(schools) => tr!(
                lang,
                "audit-progress-xlsx",
                who = &who,
                year = &obj,
                schools = schools
            ),
            None => tr!(
                lang,
                "audit-progress-xlsx-detail",
                who = &who,
                year = &obj,
                detail = data(detail)
            ),
        },
        "supervision.assign" => {
            let unit = entry.get("unit");
            let (kind, unit) = unit.split_once(':').unwrap_or(("", unit));
            tr!(
                lang,
                "audit-supervision-assign",
                who = &who,
                supervisor = names.who(lang, entry.get("supervisor")),
                kind = if kind == "group" { "group" } else { "zone" },
                unit = data(unit),
                since = data(entry.get("since"))
            )
        }
        _ => tr!(
            lang,
            "audit-other",
            who = &who,
            action = data(action),
            target = data(target)
        ),
    };
    Sentence(said)
}

#[cfg(test)]
mod tests;
