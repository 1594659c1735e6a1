//! What the district's dated records share — pairings ([`crate::pairings`]) and 责任督学
//! ([`crate::supervision`]): checking a day, ending a period that runs, and reading parent rows
//! with their child rows (a pairing's schools, a visit's findings).

use std::collections::HashMap;

use crate::StoreError;
use crate::time::is_date;

/// Refuses `text` unless it is a real day written `YYYY-MM-DD`: the refusal is what `say`
/// makes of the first 20 characters of it.
pub(crate) fn check_day(text: &str, say: impl FnOnce(&str) -> String) -> Result<(), StoreError> {
    if is_date(text) {
        Ok(())
    } else {
        let shown: String = text.chars().take(20).collect();
        Err(StoreError::Invalid(say(&shown)))
    }
}

/// The first day of a period about to be ended, from its `(first, last)` days as read:
/// [`StoreError::NotFound`] naming `what` (`该结对帮扶`) when nothing was read,
/// [`StoreError::Conflict`] when it has a last day already.
pub(crate) fn still_running(
    found: Option<(String, Option<String>)>,
    what: &'static str,
) -> Result<String, StoreError> {
    let Some((first, last)) = found else {
        return Err(StoreError::NotFound(what));
    };
    match last {
        Some(last) => Err(StoreError::Conflict(format!("{what}已于 {last} 结束"))),
        None => Ok(first),
    }
}

/// Each parent row built with its children: `children` are `(parent id, child)` pairs in the
/// order they were read, `id` gives a parent's id, `build` makes the record of a parent and
/// its children (none for a parent without any).
pub(crate) fn with_children<R, C, T>(
    parents: Vec<R>,
    children: impl IntoIterator<Item = (i64, C)>,
    id: impl Fn(&R) -> i64,
    build: impl Fn(R, Vec<C>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut by_parent: HashMap<i64, Vec<C>> = HashMap::new();
    for (parent, child) in children {
        by_parent.entry(parent).or_default().push(child);
    }
    parents
        .into_iter()
        .map(|r| {
            let mine = by_parent.remove(&id(&r)).unwrap_or_default();
            build(r, mine)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_periods_and_children() {
        assert!(check_day("2024-02-29", |_| unreachable!()).is_ok());
        let e = check_day("2024-02-30 and a long tail", |s| format!("«{s}»")).unwrap_err();
        assert_eq!(e.to_string(), "«2024-02-30 and a lon»");
        assert_eq!(
            still_running(Some(("2024-09-01".into(), None)), "该结对帮扶").unwrap(),
            "2024-09-01"
        );
        let ended = Some(("2024-09-01".into(), Some("2025-01-31".into())));
        let e = still_running(ended, "该结对帮扶").unwrap_err();
        assert_eq!(e.to_string(), "该结对帮扶已于 2025-01-31 结束");
        assert!(matches!(
            still_running(None, "该结对帮扶"),
            Err(StoreError::NotFound("该结对帮扶"))
        ));
        let built = with_children(
            vec![2_i64, 1, 3],
            [(1, 'a'), (2, 'b'), (1, 'c')],
            |p| *p,
            |p, c| Ok((p, c.into_iter().collect::<String>())),
        )
        .unwrap();
        assert_eq!(
            built,
            [
                (2, "b".to_owned()),
                (1, "ac".to_owned()),
                (3, String::new())
            ]
        );
    }
}
