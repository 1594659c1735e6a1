//! The district's own instruments, read from the files `[[health.mental.instruments]]` names:
//! each definition and norm table checked when the settings are loaded (by the server at start,
//! by a command before it reads any answer), so a wrong file stops there with its name.

use junheng_core::health::instrument::Loaded;
use junheng_core::health::settings::InstrumentFiles;

/// Most bytes of a definition or a norm table.
const MAX_FILE: u64 = 4 << 20;

fn read(path: &str, what: &str) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("无法读取{what} {path}：{e}"))?;
    if meta.len() > MAX_FILE {
        return Err(format!("{what} {path} 超过 {} MB", MAX_FILE >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取{what} {path}：{e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{what} {path} 不是 UTF-8 文本"))
}

/// Reads and checks every instrument; two with one id are refused.
pub fn load(files: &[InstrumentFiles]) -> Result<Vec<Loaded>, String> {
    let mut out: Vec<Loaded> = Vec::with_capacity(files.len());
    for f in files {
        let spec = read(&f.spec_file, "量表定义")?;
        let norms = f
            .norms_file
            .as_deref()
            .map(|p| read(p, "常模表"))
            .transpose()?;
        let loaded =
            Loaded::parse(&spec, norms.as_deref()).map_err(|e| format!("{}：{e}", f.spec_file))?;
        if out.iter().any(|o| o.spec.id == loaded.spec.id) {
            return Err(format!("量表标识 {} 出现了两次", loaded.spec.id));
        }
        out.push(loaded);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_and_norms_are_read_checked_and_named_when_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("mht.toml");
        std::fs::write(
            &spec,
            "id = \"MHT\"\nname = \"MHT\"\nitems = 2\nanswers = [0, 1]\ngrades = [4, 12]\n\
             scales = [{ name = \"甲\", items = [1, 2] }]\n",
        )
        .unwrap();
        let norms = dir.path().join("norms.csv");
        std::fs::write(&norms, "scale,raw,norm\n甲,2,9\n").unwrap();
        let files = |n: Option<&std::path::Path>| InstrumentFiles {
            spec_file: spec.display().to_string(),
            norms_file: n.map(|p| p.display().to_string()),
        };
        let loaded = load(&[files(Some(&norms))]).unwrap();
        assert_eq!(loaded[0].spec.id, "MHT");
        assert!(loaded[0].norms.is_some());
        assert!(
            load(&[files(None), files(None)])
                .unwrap_err()
                .contains("两次")
        );
        let missing = InstrumentFiles {
            spec_file: "/nonexistent/x.toml".into(),
            norms_file: None,
        };
        assert!(
            load(&[missing])
                .unwrap_err()
                .contains("/nonexistent/x.toml")
        );
        std::fs::write(&norms, "raw,norm\n").unwrap();
        assert!(
            load(&[files(Some(&norms))])
                .unwrap_err()
                .contains("scale,raw,norm")
        );
    }
}
