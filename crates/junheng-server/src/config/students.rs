//! The student keys of the settings: each from the environment (hex) or its file, both or
//! neither, and a retired sealing key during rotation.

use std::path::PathBuf;
use std::sync::Arc;

use junheng_store::{ProtectError, StudentKeys};

use super::{Settings, SettingsError};

fn refuse(e: ProtectError) -> SettingsError {
    SettingsError(format!("学生数据密钥有误：{e}"))
}

impl Settings {
    /// The student keys: each from the environment (`JUNHENG_STUDENT_SEAL_KEY`,
    /// `JUNHENG_STUDENT_PSEUDONYM_KEY`, hex) or its file; both or neither.
    pub(super) fn student_keys(
        &self,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Arc<StudentKeys>>, SettingsError> {
        // A key from its variable, else from its file, else none.
        let key = |name: &str, file: &Option<PathBuf>| match (var(name), file) {
            (Some(k), _) => Ok(Some(k)),
            (None, Some(p)) => StudentKeys::read_key(p).map(Some).map_err(refuse),
            (None, None) => Ok(None),
        };
        let seal = key("JUNHENG_STUDENT_SEAL_KEY", &self.student_seal_key_file)?;
        let pseudonym = key(
            "JUNHENG_STUDENT_PSEUDONYM_KEY",
            &self.student_pseudonym_key_file,
        )?;
        let keys = match (seal, pseudonym) {
            (None, None) => return Ok(None),
            (Some(s), Some(p)) => StudentKeys::from_hex(&s, &p).map_err(refuse)?,
            _ => {
                return Err(SettingsError(
                    "学生数据的两把密钥（加密密钥、假名密钥）须同时配置".into(),
                ));
            }
        };
        let keys = match &self.student_previous_seal_key_file {
            Some(p) => keys.with_previous_file(p).map_err(refuse)?,
            None => keys,
        };
        Ok(Some(Arc::new(keys)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Flags;
    use super::super::tests::env;
    use super::*;

    #[test]
    fn the_students_section_of_the_readme_is_read_and_a_broken_one_refused() {
        let readme = include_str!("../../../../README.md");
        let start = readme
            .find("[students]\nmin_cell")
            .expect("the README shows [students]");
        let end = start + readme[start..].find("```").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("junheng.toml");
        std::fs::write(&file, &readme[start..end]).unwrap();
        let loaded = Settings::load(Some(&file), &[], &Flags::default()).unwrap();
        assert_eq!(
            loaded.config.students,
            junheng_core::student::StudentSettings::default()
        );
        assert!(loaded.config.student_keys.is_none());
        std::fs::write(&file, "[students.dropout]\nsuspect_days = 0\n").unwrap();
        let e = Settings::load(Some(&file), &[], &Flags::default()).unwrap_err();
        assert!(e.0.contains("[students]"), "{}", e.0);
        // One key alone is refused; both from the environment are used.
        let (seal, pseudonym) = junheng_store::StudentKeys::generate();
        let one = env(&[("JUNHENG_STUDENT_SEAL_KEY", &seal)]);
        assert!(Settings::load(None, &one, &Flags::default()).is_err());
        let both = env(&[
            ("JUNHENG_STUDENT_SEAL_KEY", &seal),
            ("JUNHENG_STUDENT_PSEUDONYM_KEY", &pseudonym),
        ]);
        let loaded = Settings::load(None, &both, &Flags::default()).unwrap();
        assert!(loaded.config.student_keys.is_some());
    }
}
