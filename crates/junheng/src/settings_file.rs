//! `--settings FILE`: one section of the server's settings file (its keys without the section's
//! name, e.g. the contents of `[labour]`), read, checked like the server checks it at load, or
//! the defaults without a file. One reader for every capability's section.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::Failure;

/// The section read from `path` (`what` names it in messages, e.g. "劳动教育设置") and checked
/// by `check`, or `T::default()` without a path.
pub fn load<T: DeserializeOwned + Default>(
    path: Option<&Path>,
    what: &str,
    check: impl FnOnce(&T) -> Result<(), String>,
) -> Result<T, Failure> {
    let Some(path) = path else {
        return Ok(T::default());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("无法读取{what} {}：{e}", path.display())))?;
    let settings: T = toml::from_str(&text)
        .map_err(|e| Failure::Input(format!("{what} {} 有误：{e}", path.display())))?;
    check(&settings).map_err(|e| Failure::Input(format!("{what} {} 有误：{e}", path.display())))?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_labour::settings::LabourSettings;

    fn check(s: &LabourSettings) -> Result<(), String> {
        s.validate().map_err(|e| e[0].to_string())
    }

    #[test]
    fn a_file_is_read_and_checked_and_no_file_is_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let Ok(none) = load::<LabourSettings>(None, "劳动教育设置", check) else {
            panic!("no file is the defaults");
        };
        assert_eq!(none, LabourSettings::default());
        let good = dir.path().join("good.toml");
        std::fs::write(&good, "[review]\npublicity_working_days = 7\n").unwrap();
        let Ok(s) = load::<LabourSettings>(Some(&good), "劳动教育设置", check) else {
            panic!("a good file is read");
        };
        assert_eq!(s.review.publicity_working_days, 7);
        // Below the national minimum: refused with the file and the key named.
        let low = dir.path().join("low.toml");
        std::fs::write(&low, "[compliance]\nweekly_minutes = 150\n").unwrap();
        let Err(Failure::Input(m)) = load::<LabourSettings>(Some(&low), "劳动教育设置", check)
        else {
            panic!("a lowered national minimum is refused");
        };
        assert!(
            m.contains("low.toml") && m.contains("weekly_minutes"),
            "{m}"
        );
        // An unknown key: refused.
        std::fs::write(&low, "spot_check = 1\n").unwrap();
        assert!(load::<LabourSettings>(Some(&low), "劳动教育设置", check).is_err());
    }
}
