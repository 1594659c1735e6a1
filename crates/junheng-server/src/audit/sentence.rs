//! The audit log as sentences in the viewer's language: who did what to what, one message of the
//! catalogue (`locales/*/audit.ftl`) per kind of action, read from the stored action code,
//! target (`statistics:2025`, `user:7` …) and detail (`version=2 rows=120 …`). The codes are
//! those of `junheng_store::action` and the server's own (`auth.…`, the workbook downloads).
//!
//! What the entry stores — names of people and groups, school codes, stored texts — is data:
//! a [`Sentence`] knows which of its pieces are data, so that an English page can mark them.

use std::collections::HashMap;

use crate::i18n::{Arg, Lang};
use crate::tr;

/// Every action kind: its code and the catalogue key of its name (the action filter offers
/// these names).
pub(crate) const KINDS: &[(&str, &str)] = &[
    ("import.statistics", "audit-kind-import-statistics"),
    ("submission.create", "audit-kind-submission-create"),
    ("submission.approve", "audit-kind-submission-approve"),
    ("submission.reject", "audit-kind-submission-reject"),
    ("roster.replace", "audit-kind-roster-replace"),
    ("ledger.add", "audit-kind-ledger-add"),
    ("ledger.cancel", "audit-kind-ledger-cancel"),
    ("group.save", "audit-kind-group-save"),
    ("group.member_add", "audit-kind-group-member-add"),
    ("group.member_end", "audit-kind-group-member-end"),
    ("group.import", "audit-kind-group-import"),
    ("zone.save", "audit-kind-zone-save"),
    ("task.create", "audit-kind-task-create"),
    ("task.status", "audit-kind-task-status"),
    ("evidence.add", "audit-kind-evidence-add"),
    ("evidence.download", "audit-kind-evidence-download"),
    ("pairing.add", "audit-kind-pairing-add"),
    ("pairing.activity", "audit-kind-pairing-activity"),
    ("pairing.end", "audit-kind-pairing-end"),
    ("classroom.import", "audit-kind-classroom-import"),
    ("classroom.add", "audit-kind-classroom-add"),
    ("supervision.assign", "audit-kind-supervision-assign"),
    ("supervision.end", "audit-kind-supervision-end"),
    ("supervision.visit", "audit-kind-supervision-visit"),
    ("supervision.link", "audit-kind-supervision-link"),
    ("user.create", "audit-kind-user-create"),
    ("user.update", "audit-kind-user-update"),
    ("user.password", "audit-kind-user-password"),
    ("user.activate", "audit-kind-user-activate"),
    ("user.deactivate", "audit-kind-user-deactivate"),
    ("user.confirm", "audit-kind-user-confirm"),
    ("token.create", "audit-kind-token-create"),
    ("token.revoke", "audit-kind-token-revoke"),
    ("lottery.create", "audit-kind-lottery-create"),
    ("lottery.draw", "audit-kind-lottery-draw"),
    ("auth.login", "audit-kind-auth-login"),
    ("auth.login_failed", "audit-kind-auth-login-failed"),
    ("auth.login_locked", "audit-kind-auth-login-locked"),
    ("auth.logout", "audit-kind-auth-logout"),
    ("report.xlsx", "audit-kind-report-xlsx"),
    ("rotation.xlsx", "audit-kind-rotation-xlsx"),
    ("city.xlsx", "audit-kind-city-xlsx"),
    ("packages.xlsx", "audit-kind-packages-xlsx"),
    ("package.report", "audit-kind-package-report"),
    ("package.receive", "audit-kind-package-receive"),
    ("district_key.register", "audit-kind-district-key-register"),
    ("district_key.revoke", "audit-kind-district-key-revoke"),
    ("district.create", "audit-kind-district-create"),
    ("district.update", "audit-kind-district-update"),
    ("creation.target", "audit-kind-creation-target"),
    ("creation.step", "audit-kind-creation-step"),
    ("ledger.cancel_batch", "audit-kind-ledger-cancel-batch"),
    ("user.lock", "audit-kind-user-lock"),
    ("user.unlock", "audit-kind-user-unlock"),
    ("map.boundary", "audit-kind-map-boundary"),
    ("lottery.receipts", "audit-kind-lottery-receipts"),
    ("submit.template", "audit-kind-submit-template"),
    (
        "submissions.progress.xlsx",
        "audit-kind-submissions-progress-xlsx",
    ),
];

/// The name of an action code in `lang` (the code itself for one this version does not know).
pub(crate) fn kind_name(lang: Lang, code: &str) -> String {
    KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |&(_, key)| lang.t(key).to_owned())
}

/// The action code of a name of [`KINDS`] in `lang`.
pub(crate) fn kind_code(lang: Lang, name: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|&&(_, key)| lang.t(key) == name)
        .map(|&(c, _)| c)
}

/// The action code of a code, or of a name in either language (a link made on a page of the
/// other language).
pub(crate) fn any_kind(text: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(c, _)| *c == text)
        .map(|&(c, _)| c)
        .or_else(|| kind_code(Lang::Zh, text))
        .or_else(|| kind_code(Lang::En, text))
}

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
    let d = pairs(detail);
    let get = |k: &str| d.get(k).copied().unwrap_or("");
    let text = |k: &str| data(get(k));
    let num = |k: &str| number(get(k));
    let obj = data(object);
    let user = || names.user(lang, object);
    let group = || names.group(lang, object);
    // Signed in through the district's single sign-on.
    let via = if detail.contains("via=sso") {
        "sso"
    } else {
        ""
    };
    let said = match action {
        "import.statistics" => match get("kind") {
            "restore" => tr!(
                lang,
                "audit-import-statistics-restore",
                who = &who,
                year = &obj,
                base = text("based_on"),
                version = text("version"),
                rows = num("rows")
            ),
            "merge" => tr!(
                lang,
                "audit-import-statistics-merge",
                who = &who,
                year = &obj,
                version = text("version"),
                rows = num("rows")
            ),
            _ => tr!(
                lang,
                "audit-import-statistics",
                who = &who,
                year = &obj,
                version = text("version"),
                rows = num("rows")
            ),
        },
        "submission.create" => tr!(
            lang,
            "audit-submission-create",
            who = &who,
            school = &obj,
            year = text("year"),
            submission = text("submission")
        ),
        "submission.approve" => tr!(
            lang,
            "audit-submission-approve",
            who = &who,
            school = &obj,
            submission = text("submission")
        ),
        "submission.reject" => tr!(
            lang,
            "audit-submission-reject",
            who = &who,
            school = &obj,
            submission = text("submission")
        ),
        "roster.replace" => match get("kind") {
            "restore" => tr!(
                lang,
                "audit-roster-restore",
                who = &who,
                year = &obj,
                base = text("based_on"),
                version = text("version"),
                teachers = num("teachers")
            ),
            "merge" => tr!(
                lang,
                "audit-roster-merge",
                who = &who,
                year = &obj,
                version = text("version"),
                teachers = num("teachers")
            ),
            _ => tr!(
                lang,
                "audit-roster-replace",
                who = &who,
                year = &obj,
                version = text("version"),
                teachers = num("teachers")
            ),
        },
        "ledger.add" => tr!(lang, "audit-ledger-add", who = &who, moves = num("moves")),
        "ledger.cancel" => tr!(lang, "audit-ledger-cancel", who = &who, record = &obj),
        "ledger.cancel_batch" => tr!(
            lang,
            "audit-ledger-cancel-batch",
            who = &who,
            batch = &obj,
            moves = num("moves")
        ),
        "user.lock" => tr!(
            lang,
            "audit-user-lock",
            who = &who,
            user = user(),
            until = crate::views::time(get("until"))
        ),
        "user.unlock" => tr!(lang, "audit-user-unlock", who = &who, user = user()),
        "map.boundary" => tr!(
            lang,
            "audit-map-boundary",
            who = &who,
            vertices = num("vertices"),
            townships = num("townships")
        ),
        "lottery.receipts" => tr!(lang, "audit-lottery-receipts", who = &who, lottery = &obj),
        "submit.template" => tr!(lang, "audit-submit-template", who = &who, school = &obj),
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
        "group.save" => tr!(
            lang,
            "audit-group-save",
            who = &who,
            group = group(),
            kind = text("kind")
        ),
        "group.member_add" => tr!(
            lang,
            "audit-group-member-add",
            who = &who,
            school = text("school"),
            group = group(),
            date = text("joined_on")
        ),
        "group.import" => tr!(
            lang,
            "audit-group-import",
            who = &who,
            file = text("file"),
            created = text("created"),
            updated = text("updated"),
            added = text("added"),
            closed = text("closed")
        ),
        "zone.save" => tr!(
            lang,
            "audit-zone-save",
            who = &who,
            zone = text("name"),
            head = text("head")
        ),
        "supervision.assign" => {
            let (kind, unit) = get("unit").split_once(':').unwrap_or(("", get("unit")));
            tr!(
                lang,
                "audit-supervision-assign",
                who = &who,
                supervisor = names.who(lang, get("supervisor")),
                kind = if kind == "group" { "group" } else { "zone" },
                unit = data(unit),
                since = text("since")
            )
        }
        "supervision.end" => tr!(
            lang,
            "audit-supervision-end",
            who = &who,
            assignment = &obj,
            until = text("until")
        ),
        "task.create" => tr!(
            lang,
            "audit-task-create",
            who = &who,
            task = &obj,
            owner = text("owner"),
            deadline = text("deadline")
        ),
        "task.status" => tr!(
            lang,
            "audit-task-status",
            who = &who,
            task = &obj,
            from = task_status(lang, get("from")),
            to = task_status(lang, get("to"))
        ),
        "evidence.add" => tr!(lang, "audit-evidence-add", who = &who, document = &obj),
        "evidence.download" => {
            tr!(lang, "audit-evidence-download", who = &who, document = &obj)
        }
        "supervision.visit" => tr!(
            lang,
            "audit-supervision-visit",
            who = &who,
            supervisor = names.who(lang, get("supervisor")),
            school = text("school"),
            date = text("date"),
            findings = num("findings")
        ),
        "supervision.link" => tr!(
            lang,
            "audit-supervision-link",
            who = &who,
            finding = &obj,
            task = text("task")
        ),
        "group.member_end" => tr!(
            lang,
            "audit-group-member-end",
            who = &who,
            school = text("school"),
            group = group(),
            date = text("left_on")
        ),
        "pairing.add" => tr!(
            lang,
            "audit-pairing-add",
            who = &who,
            pairing = &obj,
            schools = num("schools")
        ),
        "pairing.activity" => tr!(
            lang,
            "audit-pairing-activity",
            who = &who,
            pairing = &obj,
            date = text("date")
        ),
        "pairing.end" => tr!(
            lang,
            "audit-pairing-end",
            who = &who,
            pairing = &obj,
            date = text("ended_on")
        ),
        "classroom.import" => tr!(
            lang,
            "audit-classroom-import",
            who = &who,
            file = text("file"),
            sessions = num("sessions")
        ),
        "classroom.add" => tr!(
            lang,
            "audit-classroom-add",
            who = &who,
            school = text("receiver"),
            date = text("date")
        ),
        "user.create" => tr!(
            lang,
            "audit-user-create",
            who = &who,
            user = user(),
            via = via,
            pending = if detail.contains("pending") {
                "yes"
            } else {
                "no"
            }
        ),
        "user.update" => tr!(
            lang,
            "audit-user-update",
            who = &who,
            user = user(),
            via = via
        ),
        "user.password" => tr!(lang, "audit-user-password", who = &who, user = user()),
        "user.activate" => tr!(lang, "audit-user-activate", who = &who, user = user()),
        "user.deactivate" => tr!(lang, "audit-user-deactivate", who = &who, user = user()),
        "user.confirm" => tr!(
            lang,
            "audit-user-confirm",
            who = &who,
            user = user(),
            requester = names.who(lang, get("requested_by"))
        ),
        "token.create" => tr!(lang, "audit-token-create", who = &who, user = user()),
        "token.revoke" => tr!(lang, "audit-token-revoke", who = &who, user = user()),
        "lottery.create" => tr!(lang, "audit-lottery-create", who = &who, lottery = &obj),
        "lottery.draw" => tr!(lang, "audit-lottery-draw", who = &who, lottery = &obj),
        "auth.login" => tr!(lang, "audit-login", who = &who, via = via),
        "auth.login_failed" => tr!(lang, "audit-login-failed", who = &who, via = via),
        "auth.login_locked" => tr!(lang, "audit-login-locked", who = &who),
        "auth.logout" => tr!(lang, "audit-logout", who = &who),
        "report.xlsx" => {
            let (year, rulebook) = target.split_once('/').unwrap_or((target, ""));
            tr!(
                lang,
                "audit-report-xlsx",
                who = &who,
                year = data(year),
                rulebook = data(rulebook)
            )
        }
        "rotation.xlsx" => tr!(lang, "audit-rotation-xlsx", who = &who, year = &obj),
        "city.xlsx" => {
            let (year, _) = target.split_once('/').unwrap_or((target, ""));
            tr!(lang, "audit-city-xlsx", who = &who, year = data(year))
        }
        "packages.xlsx" => tr!(lang, "audit-packages-xlsx", who = &who),
        "package.report" => {
            let (year, sequence) = object.split_once(':').unwrap_or((object, ""));
            tr!(
                lang,
                "audit-package-report",
                who = &who,
                year = data(year),
                sequence = data(sequence)
            )
        }
        "package.receive" => {
            let (year, sequence) = object.split_once(':').unwrap_or((object, ""));
            tr!(
                lang,
                "audit-package-receive",
                who = &who,
                year = data(year),
                sequence = data(sequence)
            )
        }
        "district_key.register" => {
            tr!(lang, "audit-district-key-register", who = &who, key = &obj)
        }
        "district_key.revoke" => tr!(
            lang,
            "audit-district-key-revoke",
            who = &who,
            key = &obj,
            reason = data(detail)
        ),
        "district.create" => tr!(lang, "audit-district-create", who = &who, district = &obj),
        "district.update" => tr!(lang, "audit-district-update", who = &who, district = &obj),
        "creation.target" => tr!(
            lang,
            "audit-creation-target",
            who = &who,
            detail = data(detail)
        ),
        "creation.step" => tr!(
            lang,
            "audit-creation-step",
            who = &who,
            detail = data(detail)
        ),
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
mod tests {
    use super::*;

    fn names() -> Names {
        let mut n = Names::default();
        n.logins.insert("zhang".into(), "张三".into());
        n.users.insert(7, "李老师".into());
        n.groups.insert(3, "城区一集团".into());
        n
    }

    /// The Chinese sentence, as the page and the downloads read it.
    fn zh(n: &Names, actor: &str, action: &str, target: &str, detail: &str) -> String {
        sentence(Lang::Zh, n, actor, action, target, detail).text()
    }

    fn is_cjk(c: char) -> bool {
        matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
    }

    #[test]
    fn entries_read_as_sentences() {
        let n = names();
        assert_eq!(
            zh(
                &n,
                "zhang",
                "import.statistics",
                "statistics:2025",
                "version=2 rows=120 sha256=ab groups_created=0 members_opened=0"
            ),
            "张三 导入了 2025 学年统计数据（第 2 版，120 所学校）"
        );
        assert_eq!(
            zh(&n, "zhang", "user.deactivate", "user:7", ""),
            "张三 停用了用户「李老师」"
        );
        assert_eq!(
            zh(
                &n,
                "zhang",
                "group.member_add",
                "group:3",
                "school=5001 joined_on=2024-09-01"
            ),
            "张三 将学校 5001 加入教育集团「城区一集团」（自 2024-09-01 起）"
        );
        assert_eq!(
            zh(&n, "system", "district.create", "district:500112", ""),
            "系统 创建了区县 500112"
        );
        assert_eq!(
            zh(&n, "zhang", "user.create", "user:7", "via=sso pending"),
            "张三 创建了用户「李老师」（统一身份认证），待另一位管理员确认"
        );
        assert_eq!(
            zh(&n, "zhang", "auth.login", "user:7", ""),
            "张三 登录了系统"
        );
        assert_eq!(
            zh(
                &n,
                "zhang",
                "submissions.progress.xlsx",
                "year:2024",
                "60 所学校"
            ),
            "张三 下载了 2024 学年的收集进度（60 所学校）"
        );
        // An unknown user or action still reads, naming what is stored.
        assert_eq!(
            zh(&n, "wang", "user.password", "user:9", ""),
            "wang 设置了用户（编号 9）的密码"
        );
        assert_eq!(
            zh(&n, "wang", "future.thing", "x:1", ""),
            "wang 执行了操作 future.thing（x:1）"
        );
    }

    #[test]
    fn english_sentences_count_in_english() {
        let n = names();
        let en = |actor: &str, action: &str, target: &str, detail: &str| {
            sentence(Lang::En, &n, actor, action, target, detail).text()
        };
        assert_eq!(
            en(
                "system",
                "import.statistics",
                "statistics:2025",
                "version=2 rows=120"
            ),
            "System imported the 2025 school-year statistics (version 2, 120 schools)"
        );
        assert_eq!(
            en("system", "ledger.add", "ledger:1", "moves=1"),
            "System added 1 rotation record to the rotation ledger"
        );
        assert_eq!(
            en("wang", "user.create", "user:9", "via=sso"),
            "wang created user no. 9 (single sign-on)"
        );
        let lock = en(
            "system",
            "user.lock",
            "user:7",
            "until=2026-12-03T06:05:00.000Z",
        );
        assert!(lock.ends_with("until 2026-12-03 14:05"), "{lock}");
        // The names are data, marked as such.
        let s = sentence(Lang::En, &n, "zhang", "user.deactivate", "user:7", "");
        assert_eq!(
            s.pieces(),
            vec![
                ("张三".to_owned(), true),
                (" deactivated user “".to_owned(), false),
                ("李老师".to_owned(), true),
                ("”".to_owned(), false),
            ]
        );
    }

    #[test]
    fn versions_say_how_they_were_made() {
        let n = names();
        let restore = zh(
            &n,
            "zhang",
            "import.statistics",
            "year:2025",
            "version=4 rows=120 kind=restore based_on=2",
        );
        assert!(
            restore.contains("恢复为第 2 版的内容，保存为第 4 版"),
            "{restore}"
        );
        let merge = zh(
            &n,
            "zhang",
            "roster.replace",
            "year:2025",
            "version=3 teachers=900 kind=merge based_on=2",
        );
        assert!(merge.contains("文件所列的学校，保存为第 3 版"), "{merge}");
        let lock = zh(
            &n,
            "zhang",
            "user.lock",
            "user:1",
            "until=2026-12-03T06:05:00.000Z",
        );
        assert!(lock.ends_with("至 2026-12-03 14:05"), "{lock}");
    }

    #[test]
    fn every_kind_has_a_sentence_of_its_own_and_a_unique_name() {
        let n = names();
        for lang in [Lang::Zh, Lang::En] {
            for &(code, key) in KINDS {
                assert!(lang.lookup(key).is_some(), "{key} is not in the catalogue");
                let s = sentence(lang, &n, "zhang", code, "x:1", "").text();
                assert!(!s.contains(code), "{code} has no sentence: {s}");
                let name = kind_name(lang, code);
                assert_eq!(kind_code(lang, &name), Some(code), "{name} names one kind");
                assert_eq!(any_kind(&name), Some(code));
                assert_eq!(any_kind(code), Some(code));
            }
        }
        assert_eq!(kind_name(Lang::En, "future.thing"), "future.thing");
    }

    #[test]
    fn english_sentences_have_no_chinese_but_data() {
        let n = names();
        let details = [
            "",
            "version=2 rows=1 teachers=2 moves=1 vertices=1 townships=2 school=5001 \
             joined_on=2024-09-01 left_on=2025-01-01 requested_by=system year=2025 \
             submission=4 until=2026-12-03T06:05:00.000Z via=sso pending",
            "version=3 rows=120 teachers=1 kind=restore based_on=2",
            "version=3 rows=120 teachers=1 kind=merge based_on=2 requested_by=zhang",
            "60 所学校",
        ];
        let targets = [
            "user:7",
            "user:9",
            "group:3",
            "year:2025",
            "package:2025:3",
            "2025/a",
        ];
        for &(code, key) in KINDS {
            assert!(!Lang::En.t(key).chars().any(is_cjk), "{key}");
            for actor in ["system", "zhang"] {
                for target in targets {
                    for detail in details {
                        let s = sentence(Lang::En, &n, actor, code, target, detail);
                        for (piece, data) in s.pieces() {
                            assert!(data || !piece.chars().any(is_cjk), "{code}: {piece}");
                        }
                        // Without Chinese data, no Chinese at all.
                        if actor == "system" && target == "user:9" && detail.is_ascii() {
                            let none = Names::default();
                            let text =
                                sentence(Lang::En, &none, actor, code, target, detail).text();
                            assert!(!text.chars().any(is_cjk), "{code}: {text}");
                        }
                    }
                }
            }
        }
    }
}
