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

/// Runs the binary and checks it succeeded; its stdout.
fn ok(args: &[&str]) -> String {
    let o = junheng(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// (packages received, statistics versions of 2024) in the city's database.
fn received(city: &str) -> (usize, usize) {
    crate::with_store(city, async |store| {
        let d = store.district_by_code("500112").await.unwrap().unwrap();
        (
            store.received_packages(None).await.unwrap().len(),
            store
                .in_district(d.id)
                .imports(Some(2024))
                .await
                .unwrap()
                .len(),
        )
    })
}

/// A district reports a year upward (its roster and ledger counted), the city registers its key
/// and receives the package into its own database; the same package again, a tampered one, one
/// signed with a revoked key and one of a district the city does not have are refused and write
/// nothing; a correction supersedes.
#[test]
fn report_up_then_receive_at_the_city() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let district_db = crate::db_url(d, "district.db");
    let city_db = crate::db_url(d, "city.db");
    let file = crate::demo_file(d, "2024.csv", 20, 5);
    ok(&["import", p(&file), "--database", &district_db]);
    // The laptop's district keeps 本区县 000000: the package takes the key's code.
    crate::with_store(&district_db, async |store| {
        let data = store.in_district(store.only_district().await.unwrap().id);
        let records = data.statistics(2024, None).await.unwrap();
        let roster = junheng_rotation::synth::roster(&records, 5);
        let ledger = junheng_rotation::synth::ledger(&records, &roster, &[2024], 0.3, 5);
        let actor = junheng_store::Actor::new("区县");
        data.replace_roster(2024, &roster, &actor).await.unwrap();
        data.add_moves(&ledger, junheng_store::MoveSource::Import, &actor, None)
            .await
            .unwrap();
    });
    let key = d.join("渝北区.key");
    let public = d.join("渝北区.pub");
    ok(&[
        "keys",
        "init",
        "--district",
        "500112",
        "-o",
        p(&key),
        "--public-out",
        p(&public),
    ]);
    let report = |n: u32| {
        let out = d.join(format!("渝北区-2024-{n}.jhpkg"));
        let o = junheng(&[
            "report-up",
            "--year",
            "2024",
            "-o",
            p(&out),
            "--key",
            p(&key),
            "--name",
            "渝北区",
            "--database",
            &district_db,
            "--actor",
            "区县",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains(&format!("序号：{n}")), "{}", stdout(&o));
        out
    };
    let first = report(1);
    let second = report(2);
    // An existing file is never overwritten.
    let o = junheng(&[
        "report-up",
        "--year",
        "2024",
        "-o",
        p(&first),
        "--key",
        p(&key),
        "--database",
        &district_db,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    ok(&[
        "district",
        "add",
        "--code",
        "500112",
        "--name",
        "渝北区",
        "--city",
        "500100:重庆市",
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    // Before its key is registered, the district's package is refused.
    let o = junheng(&[
        "receive",
        p(&first),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("package.unknown_key"), "{}", stderr(&o));
    ok(&[
        "district",
        "key",
        "add",
        "500112",
        "--key",
        p(&public),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    let out = ok(&[
        "receive",
        p(&first),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    assert!(out.contains("500112 渝北区 2024 学年第 1 号"), "{out}");
    assert_eq!(received(&city_db), (1, 1));
    crate::with_store(&city_db, async |store| {
        let d = store.district_by_code("500112").await.unwrap().unwrap();
        let latest = store
            .in_district(d.id)
            .latest_package(2024)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(latest.package.received_by, "市教委");
        assert!(!latest.parts.roster.is_empty(), "roster counts arrive");
        assert!(
            !latest.parts.ledger.rows.is_empty(),
            "the ledger counted arrives"
        );
        let imports = store.in_district(d.id).imports(Some(2024)).await.unwrap();
        assert!(
            imports[0].note.contains("上报包 第 1 号"),
            "{}",
            imports[0].note
        );
        assert_eq!(imports[0].rows, 20);
    });

    // The same package again: refused, nothing written.
    let o = junheng(&[
        "receive",
        p(&first),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("package.sequence_not_newer"),
        "{}",
        stderr(&o)
    );
    assert_eq!(received(&city_db), (1, 1));

    // One byte changed: refused as tampered, nothing written.
    let mut bytes = std::fs::read(&second).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    let tampered = d.join("tampered.jhpkg");
    std::fs::write(&tampered, bytes).unwrap();
    let o = junheng(&[
        "receive",
        p(&tampered),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("拒收"), "{}", stderr(&o));
    assert_eq!(received(&city_db), (1, 1));

    // The correction supersedes.
    ok(&[
        "receive",
        p(&second),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    assert_eq!(received(&city_db), (2, 2));

    // A district the city does not have.
    let (other_key, _) = init(d, "500106", "沙坪坝区.key");
    let foreign = package(d, &other_key);
    let o = junheng(&[
        "receive",
        p(&foreign),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("本数据库中没有这个区县"),
        "{}",
        stderr(&o)
    );

    // Revoked: the next package is refused.
    let fingerprint = DistrictPublicKey::parse(&std::fs::read(&public).unwrap())
        .unwrap()
        .fingerprint();
    ok(&[
        "district",
        "key",
        "revoke",
        "500112",
        "--fingerprint",
        &fingerprint,
        "--why",
        "笔记本遗失",
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    let third = report(3);
    let o = junheng(&[
        "receive",
        p(&third),
        "--database",
        &city_db,
        "--actor",
        "市教委",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("package.key_revoked"), "{}", stderr(&o));
    assert_eq!(received(&city_db), (2, 2));
    let list = ok(&["district", "key", "list", "500112", "--database", &city_db]);
    assert!(
        list.contains(&fingerprint) && list.contains("笔记本遗失"),
        "{list}"
    );
}
