//! `junheng keys init|show` and `junheng package inspect`: key files (mode 0600, never
//! overwritten, never printed), and packages verified, tampered with, unsigned or foreign.

use std::io::{Cursor, Read, Write};
use std::path::Path;

use junheng_io::package::{
    DistrictPublicKey, DistrictSigningKey, PackageContents, Timestamp, write_package,
};

use crate::{junheng, p, stderr, stdout};

/// `keys init` into `dir`: the private key file's path and the public key printed.
fn init(dir: &Path, district: &str, name: &str) -> (std::path::PathBuf, DistrictPublicKey) {
    let key = dir.join(name);
    let o = junheng(&["keys", "init", "--district", district, "-o", p(&key)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = DistrictPublicKey::parse(stdout(&o).as_bytes()).unwrap();
    (key, public)
}

/// A small package of 500112, signed with the key file at `key`.
fn package(dir: &Path, key: &Path) -> std::path::PathBuf {
    let signer = DistrictSigningKey::parse_file(&std::fs::read(key).unwrap()).unwrap();
    let csv = "学年,学校标识码,学校名称,办学类型,小学在校生数,小学专任教师数\n\
               2024,5001120001,实验小学,小学,812,40\n2024,5001120002,人和小学,小学,420,25\n";
    let statistics = junheng_io::school::read_bytes(csv.as_bytes(), "x.csv")
        .unwrap()
        .records;
    let evaluation = junheng_core::evaluate::evaluate(
        &statistics,
        &junheng_core::rulebook::Rulebook::builtin("cn-2017").unwrap(),
    )
    .unwrap();
    let evaluation = serde_json::to_string(&evaluation).unwrap();
    let contents = PackageContents {
        district: signer.district().clone(),
        district_name: "渝北区".into(),
        school_year: 2024,
        sequence: 3,
        created_at: Timestamp::parse("2025-03-01T08:30:00.000Z").unwrap(),
        producer: "junheng test".into(),
        statistics_version: 2,
        statistics,
        roster: vec![],
        ledger: Default::default(),
        evaluation,
    };
    let path = dir.join("渝北区-2024.jhpkg");
    std::fs::write(&path, write_package(&contents, &signer).unwrap()).unwrap();
    path
}

#[test]
fn keys_init_writes_a_private_file_once_and_prints_only_the_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let public_out = dir.path().join("公钥.txt");
    let key = dir.path().join("区县.key");
    let o = junheng(&[
        "keys",
        "init",
        "--district",
        "500112",
        "-o",
        p(&key),
        "--public-out",
        p(&public_out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let secret = std::fs::read(&key).unwrap();
    let signer = DistrictSigningKey::parse_file(&secret).unwrap();
    let public = DistrictPublicKey::parse(&std::fs::read(&public_out).unwrap()).unwrap();
    assert_eq!(signer.public(), public);
    assert_eq!(stdout(&o).trim_end(), public.to_text());
    assert!(stderr(&o).contains(&public.fingerprint()), "{}", stderr(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The seed is on line 3 of the file: never on the screen.
    let seed = String::from_utf8(secret.clone())
        .unwrap()
        .lines()
        .nth(2)
        .unwrap()
        .to_owned();
    assert_eq!(seed.len(), 64);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!all.contains(&seed[..16]));

    // Never overwritten: neither key file, and nothing is written when either exists.
    let again = junheng(&["keys", "init", "--district", "500112", "-o", p(&key)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("已存在"), "{}", stderr(&again));
    assert_eq!(std::fs::read(&key).unwrap(), secret);
    let fresh = dir.path().join("新.key");
    let o = junheng(&[
        "keys",
        "init",
        "--district",
        "500112",
        "-o",
        p(&fresh),
        "--public-out",
        p(&public_out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!fresh.exists());
    // Rotation is a new file: another key.
    let (_, rotated) = init(dir.path(), "500112", "新.key");
    assert_ne!(rotated.fingerprint(), public.fingerprint());

    for bad in ["000000", "50011", "渝北区"] {
        let o = junheng(&[
            "keys",
            "init",
            "--district",
            bad,
            "-o",
            p(&dir.path().join("x.key")),
        ]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("区县代码"), "{}", stderr(&o));
    }
    assert!(!dir.path().join("x.key").exists());

    // show: the same fingerprint and public key from either file, never the seed.
    for file in [&key, &public_out] {
        let o = junheng(&["keys", "show", p(file)]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains(&format!("指纹：{}", public.fingerprint())),
            "{out}"
        );
        assert!(out.contains(&public.to_text()), "{out}");
        assert!(!out.contains(&seed[..16]));
    }
    // A broken key file: exit 2, located.
    let broken = dir.path().join("坏.key");
    let mut text = secret.clone();
    text[40] = b'G';
    std::fs::write(&broken, &text).unwrap();
    let o = junheng(&["keys", "show", p(&broken)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第 3 行第 4 列"), "{}", stderr(&o));
    assert!(!stderr(&o).contains(&seed[..16]));
}

#[test]
fn package_inspect_verifies_and_exits_0_1_2() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = init(dir.path(), "500112", "渝北区.key");
    let public = dir.path().join("渝北区.pub");
    let o = junheng(&["keys", "show", p(&key)]);
    let line = stdout(&o)
        .lines()
        .find_map(|l| l.strip_prefix("公钥："))
        .unwrap()
        .to_owned();
    std::fs::write(&public, format!("{line}\n")).unwrap();
    let file = package(dir.path(), &key);

    let o = junheng(&["package", "inspect", p(&file), "--key", p(&public)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "核验通过",
        "区县：500112 渝北区",
        "学年：2024–2025",
        "序号：3",
        "学校 2 所",
        "statistics.csv",
    ] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
    // Without a key: the digests only, and it says so.
    let o = junheng(&["package", "inspect", p(&file)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("签名未核验"), "{}", stdout(&o));

    // Another district's key: refused, exit 1.
    let (_, other) = init(dir.path(), "500113", "江北区.key");
    let other_pub = dir.path().join("江北区.pub");
    std::fs::write(&other_pub, other.to_text()).unwrap();
    let o = junheng(&["package", "inspect", p(&file), "--key", p(&other_pub)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("package.unknown_key"), "{}", stdout(&o));

    // One byte of the statistics changed: exit 1, with or without a key.
    let bytes = std::fs::read(&file).unwrap();
    let at = bytes
        .windows(6)
        .position(|w| w == "实验".as_bytes())
        .unwrap()
        + 1;
    let mut tampered = bytes.clone();
    tampered[at] ^= 1;
    let tampered_file = dir.path().join("改动.jhpkg");
    std::fs::write(&tampered_file, &tampered).unwrap();
    for args in [
        vec![p(&tampered_file)],
        vec![p(&tampered_file), "--key", p(&public)],
    ] {
        let mut all = vec!["package", "inspect"];
        all.extend(args);
        let o = junheng(&all);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stdout(&o).contains("package.digest_mismatch"),
            "{}",
            stdout(&o)
        );
    }

    // The signature removed (re-zipped without it): unsigned, exit 1.
    let unsigned = dir.path().join("无签名.jhpkg");
    std::fs::write(&unsigned, rezip_without(&bytes, "signature")).unwrap();
    let o = junheng(&["package", "inspect", p(&unsigned)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("没有签名"), "{}", stdout(&o));

    // Not a package, cut short, or a bad key file: exit 2.
    let cut = dir.path().join("截断.jhpkg");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    for (args, says) in [
        (vec![p(&key)], "package.unreadable"),
        (vec![p(&cut)], "package.unreadable"),
        (vec![p(&file), "--key", p(&key)], "不是公钥"),
        (vec![p(&dir.path().join("没有.jhpkg"))], "无法读取"),
    ] {
        let mut all = vec!["package", "inspect"];
        all.extend(args);
        let o = junheng(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(says), "{says}: {}", stderr(&o));
    }
}

/// The package's entries but `name`, stored again by a general ZIP writer.
fn rezip_without(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let entry = f.name().unwrap().into_owned();
        if entry == name {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        w.start_file(entry, options).unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}
