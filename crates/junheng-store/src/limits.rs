//! The longest text the store accepts in each free-text field (in characters, after the trimming
//! the field gets), and the two ways it enforces them: a write with a longer value is refused
//! with [`StoreError::Invalid`] naming the field and its limit; the audit log instead cuts what
//! is too long and marks the cut, so that recording a login (or a failed one) never fails.
//!
//! The server bounds its form fields before calling the store; these limits are the store's own
//! defence, so that no caller can write a 10 MB row. The table of every field is in the crate
//! documentation.

use std::borrow::Cow;

use crate::{Actor, StoreError};

/// Longest user name (login) and audit actor. User names are 1 to 64 characters.
pub const MAX_USER_NAME: usize = 64;
/// Longest name shown for a user (a person's name).
pub const MAX_DISPLAY_NAME: usize = 64;
/// Longest stored password hash (an argon2 PHC string is about 100 characters).
pub const MAX_PASSWORD_HASH: usize = 256;
/// Longest issuer address of an identity-service user (统一身份认证).
pub const MAX_SSO_ISSUER: usize = 255;
/// Longest subject (`sub`) of an identity-service user; OpenID Connect allows 255 ASCII
/// characters.
pub const MAX_SSO_SUBJECT: usize = 255;
/// Longest session or API token hash, and longest CSRF token.
pub const MAX_TOKEN_HASH: usize = 200;
/// Longest API token name (what the token is for).
pub const MAX_TOKEN_NAME: usize = 100;
/// Longest name of a district (区县).
pub const MAX_DISTRICT_NAME: usize = 64;
/// Longest name of an education group (教育集团), wherever it is written: a group, a group
/// lead's scope, the 教育集团 column of a school record.
pub const MAX_GROUP_NAME: usize = 100;
/// Characters in a class's name (`Scope::Class`), e.g. 七年级3班.
pub const MAX_CLASS_NAME: usize = 32;
/// Characters in a city's or province's code.
pub const MAX_REGION_CODE: usize = 20;
/// Longest type of an education group (紧密型, 联盟型…).
pub const MAX_GROUP_KIND: usize = 50;
/// Longest school name (学校名称) and school zone (学区) of a school record.
pub const MAX_SCHOOL_TEXT: usize = 100;
/// Longest name of an imported file.
pub const MAX_FILE_NAME: usize = 255;
/// Longest note: of an import, of a review decision, of a ledger write, and a ledger
/// cancellation reason.
pub const MAX_NOTE: usize = 500;
/// Longest lottery title.
pub const MAX_LOTTERY_TITLE: usize = 100;
/// Longest lottery digest (a SHA-256 in hex is 64).
pub const MAX_DIGEST: usize = 128;
/// Longest 学科 of a roster teacher.
pub const MAX_SUBJECT: usize = 50;
/// Longest title (slot) of a document of evidence, e.g. 集团章程.
pub const MAX_EVIDENCE_TITLE: usize = 100;
/// Longest note of a document of evidence.
pub const MAX_EVIDENCE_NOTE: usize = 500;
/// Most bytes of one document of evidence the store takes (the upload's own limit, 20 MiB by
/// default, is `junheng_io::evidence`'s; this is the store's defence).
pub const MAX_EVIDENCE_BYTES: usize = 100 << 20;
/// Longest title of a task (任务名称).
pub const MAX_TASK_TITLE: usize = 100;
/// Longest detail of a task (任务说明: what is to be done, how it is accepted).
pub const MAX_TASK_DETAIL: usize = 2000;
/// Longest note of a task's status change (提交说明, 退回原因, 撤销原因, 验收意见, and the
/// re-check's text recorded with a closing).
pub const MAX_TASK_NOTE: usize = 500;
/// Longest name of a 责任部门 (department) owning a task or named by a duty.
pub const MAX_DEPARTMENT: usize = 50;
/// Longest name of a partner outside the district, of an expert team (结对帮扶) or of an outside
/// giver of a 三个课堂 session.
pub const MAX_PARTNER_NAME: usize = 100;
/// Longest 区县 or 省 of a partner outside the district.
pub const MAX_PARTNER_PLACE: usize = 100;
/// Most helped schools of one pairing.
pub const MAX_PAIRING_SCHOOLS: usize = 1000;
/// Most teachers of an expert team.
pub const MAX_TEAM_TEACHERS: u32 = 100_000;
/// Most hours of one pairing activity.
pub const MAX_ACTIVITY_HOURS: f64 = 1000.0;
/// Most participants of one pairing activity.
pub const MAX_PARTICIPANTS: u32 = 100_000;
/// Most minutes of one 三个课堂 session.
pub const MAX_SESSION_MINUTES: u32 = 600;
/// Most sessions one 三个课堂 file may write.
pub const MAX_SESSIONS_PER_IMPORT: usize = 200_000;
/// Longest summary (督导情况) of a supervisor's visit.
pub const MAX_VISIT_SUMMARY: usize = 2000;
/// Longest text of one finding (督导发现) of a visit.
pub const MAX_FINDING_TEXT: usize = 500;
/// Most findings of one visit.
pub const MAX_VISIT_FINDINGS: usize = 50;
/// Longest audit target kept; longer ones are cut.
pub const MAX_AUDIT_TARGET: usize = 200;
/// Longest audit detail kept; longer ones are cut.
pub const MAX_AUDIT_DETAIL: usize = 500;

/// What ends a value the audit log had to cut.
pub const CUT_MARK: char = '…';

/// Refuses `text` when it is longer than `max` characters or holds a NUL character (which
/// PostgreSQL cannot store). `field` is the field's Chinese name.
pub(crate) fn check_len(text: &str, field: &str, max: usize) -> Result<(), StoreError> {
    if text.chars().count() > max {
        return Err(too_long(field, max));
    }
    if text.contains('\0') {
        return Err(StoreError::Invalid(format!("{field}不能包含空字符（\\0）")));
    }
    Ok(())
}

/// Refuses an empty `text` as well as what [`check_len`] refuses.
pub(crate) fn check_required(text: &str, field: &str, max: usize) -> Result<(), StoreError> {
    if text.is_empty() {
        return Err(StoreError::Invalid(format!(
            "{field}不能为空，且不超过 {max} 个字符"
        )));
    }
    check_len(text, field, max)
}

/// The refusal of a value longer than `max`.
pub(crate) fn too_long(field: &str, max: usize) -> StoreError {
    StoreError::Invalid(format!("{field}不能超过 {max} 个字符"))
}

/// Refuses an actor whose name is empty, longer than a user name or holds a NUL character: the
/// name is stored beside the data it wrote.
pub(crate) fn check_actor(actor: &Actor) -> Result<(), StoreError> {
    check_required(&actor.name, "操作人", MAX_USER_NAME)
}

/// `text` cut to at most `max` characters, the last being [`CUT_MARK`] when it was cut; NUL
/// characters become U+FFFD. Borrowed when nothing changes.
pub(crate) fn cut(text: &str, max: usize) -> Cow<'_, str> {
    let fits = text.chars().nth(max).is_none();
    if fits && !text.contains('\0') {
        return Cow::Borrowed(text);
    }
    let clean = |c: char| if c == '\0' { '\u{FFFD}' } else { c };
    if fits {
        return Cow::Owned(text.chars().map(clean).collect());
    }
    let mut out: String = text
        .chars()
        .take(max.saturating_sub(1))
        .map(clean)
        .collect();
    if max > 0 {
        out.push(CUT_MARK);
    }
    Cow::Owned(out)
}

/// Whether `text` could be a stored key of at most `max` characters; a lookup by anything else
/// finds nothing without asking the database (which would refuse a NUL character).
pub(crate) fn could_be_key(text: &str, max: usize) -> bool {
    !text.contains('\0') && text.chars().nth(max).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_marks_the_cut_and_keeps_what_fits() {
        assert!(matches!(cut("dux", 3), Cow::Borrowed("dux")));
        assert_eq!(cut("abcd", 3), "ab…");
        assert_eq!(cut("张三李四王五", 4).chars().count(), 4);
        assert_eq!(cut("张三李四王五", 4), "张三李…");
        assert_eq!(cut("a\0b", 10), "a\u{FFFD}b");
        assert_eq!(cut("", 0), "");
        assert_eq!(cut("x", 0), "");
        let long = "名".repeat(10_000_000);
        assert_eq!(cut(&long, MAX_USER_NAME).chars().count(), MAX_USER_NAME);
    }

    #[test]
    fn checks_name_the_field_and_its_limit() {
        check_len(&"字".repeat(50), "学科", 50).unwrap();
        let err = check_len(&"字".repeat(51), "学科", 50).unwrap_err();
        assert_eq!(err.code(), "store.invalid");
        assert_eq!(err.to_string(), "学科不能超过 50 个字符");
        let err = check_len("a\0", "备注", 500).unwrap_err();
        assert!(err.to_string().contains("备注"), "{err}");
        let err = check_required("", "派位名称", 100).unwrap_err();
        assert!(err.to_string().contains("100"), "{err}");
        assert!(check_actor(&Actor::new("dux")).is_ok());
        assert!(check_actor(&Actor::new("")).is_err());
        assert!(check_actor(&Actor::new("x".repeat(65))).is_err());
        assert!(could_be_key("dux", 64) && !could_be_key("d\0x", 64));
        assert!(!could_be_key(&"x".repeat(65), 64));
    }
}
