//! Sentences in both languages, their data marked; the names of the kinds.

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
            "labour.review_step",
            "labour_review:5001/2025-first",
            "school=5001 term=2025-first event=publicise step=开始公示 day=2026-01-08"
        ),
        "张三 对学校 5001 的 2025-first 劳动考评执行了 开始公示（2026-01-08）"
    );
    assert_eq!(
        zh(
            &n,
            "zhang",
            "labour.audit",
            "labour_review:5001/2025-first",
            "school=5001 term=2025-first student=42 outcome=mismatch result=不符合"
        ),
        "张三 记录了学校 5001 2025-first 抽查学生 42 的结果：不符合"
    );
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
            "review.score",
            "review:2025:school:5001120001",
            "item=management scorer=self score=85.5 was=90"
        ),
        "张三 录入了 2025 年度综合考核 school:5001120001 的“management”self 评分 85.5（原为 90）"
    );
    assert_eq!(
        zh(
            &n,
            "zhang",
            "review.finalise",
            "review:2025",
            "results=44 replaced=0"
        ),
        "张三 定稿了 2025 年度综合考核（44 个结果，替换原定稿 0 个）"
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
                        let text = sentence(Lang::En, &none, actor, code, target, detail).text();
                        assert!(!text.chars().any(is_cjk), "{code}: {text}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_read_of_a_teachers_training_names_the_teacher_and_how() {
    let n = names();
    assert_eq!(
        zh(
            &n,
            "zhang",
            "training.teacher_read",
            "teacher:T0001",
            "via=xlsx"
        ),
        "张三 查看了教师 T0001 的继续教育进度与记录（方式：xlsx）"
    );
}
