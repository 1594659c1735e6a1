//! The independent Python verifier (tools/lottery_verify.py) agrees with the engine.

use std::path::{Path, PathBuf};
use std::process::Command;

use junheng_lottery::synth::{SynthSpec, district};
use junheng_lottery::{AuditPack, LotteryKey, ZoneMode, derive_seed, draw, freeze, hex, verify};

use crate::common::{ceremony, sealed};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/lottery_verify.py")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("junheng-lottery-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the verifier on a pack (and optionally published inputs); returns (success, stdout).
fn python_verify(dir: &Path, pack: &AuditPack, published: Option<&[u8]>) -> (bool, String) {
    let pack_path = dir.join("pack.json");
    std::fs::write(&pack_path, pack.to_json()).unwrap();
    let mut cmd = Command::new("python3");
    cmd.arg(script()).arg(&pack_path);
    if let Some(bytes) = published {
        let inputs_path = dir.join("inputs.json");
        std::fs::write(&inputs_path, bytes).unwrap();
        cmd.arg("--inputs").arg(inputs_path);
    }
    let out = cmd.output().expect("python3 runs");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "verifier crashed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), stdout)
}

#[test]
fn python_self_test_matches_the_pinned_vectors() {
    let out = Command::new("python3")
        .arg(script())
        .arg("--self-test")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "自检通过");
}

#[test]
fn python_agrees_on_every_mechanism_and_detects_tampering() {
    let dir = temp_dir("agree");
    let modes = [
        None,
        Some(ZoneMode::SingleSchool),
        Some(ZoneMode::Sequential),
        Some(ZoneMode::DeferredAcceptance),
    ];
    for (i, mode) in modes.into_iter().enumerate() {
        for (applicants, ratio) in [(300, 0.9), (1200, 0.6)] {
            let spec = SynthSpec {
                applicants,
                schools: 14,
                schools_per_zone: 4,
                mode,
                seat_ratio: ratio,
                seed: i as u64,
                ..Default::default()
            };
            let registered = district(&spec);
            // Version 2 (sealed), and version 1 packs as made before it.
            for inputs in [sealed(&registered).inputs, registered] {
                let version = inputs.version();
                let pack = draw(&inputs, &ceremony()).unwrap();
                assert_eq!(verify(&pack), Ok(()));
                let (ok, out) =
                    python_verify(&dir, &pack, Some(&freeze(&inputs).unwrap().canonical));
                assert!(ok, "{version:?} {mode:?} {applicants}: {out}");
                assert!(
                    out.starts_with("核验通过")
                        && out.contains(&pack.results_digest)
                        && out.contains(&pack.algorithm),
                    "{out}"
                );

                // Tampered witness with matching seed: both reject the results.
                let mut p = pack.clone();
                p.witnesses[0].value.push('1');
                p.seed = hex(&derive_seed(&p.inputs_digest, &p.witnesses).unwrap());
                assert!(verify(&p).is_err());
                let (ok, out) = python_verify(&dir, &p, None);
                assert!(!ok && out.starts_with("核验失败：派位结果不符"), "{out}");

                // Tampered result.
                let mut p = pack.clone();
                let last = p
                    .results
                    .fallback
                    .pop()
                    .or_else(|| p.results.schools[0].admitted.pop())
                    .unwrap();
                let _ = last;
                assert!(verify(&p).is_err());
                let (ok, out) = python_verify(&dir, &p, None);
                assert!(!ok && out.contains("核验失败"), "{out}");
            }
        }
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn python_refuses_mixed_versions_and_registration_numbers_in_version_2() {
    let dir = temp_dir("versions");
    let registered = district(&SynthSpec {
        applicants: 120,
        schools: 6,
        ..Default::default()
    });
    let v2 = draw(&sealed(&registered).inputs, &ceremony()).unwrap();
    let v1 = draw(&registered, &ceremony()).unwrap();

    let mut p = v1.clone();
    p.format = v2.format.clone();
    p.algorithm = v2.algorithm.clone();
    assert!(verify(&p).is_err());
    let (ok, out) = python_verify(&dir, &p, None);
    assert!(!ok && out.contains("所附名单格式"), "{out}");

    let mut p = v2.clone();
    p.algorithm = v1.algorithm.clone();
    assert!(verify(&p).is_err());
    let (ok, out) = python_verify(&dir, &p, None);
    assert!(!ok && out.contains("算法版本"), "{out}");

    // A 报名号 put back into a version 2 pack: refused before anything repeats it.
    let mut p = v2.clone();
    p.inputs.applicants[0].id = registered.applicants[0].id.clone();
    assert!(verify(&p).is_err());
    let (ok, out) = python_verify(&dir, &p, None);
    assert!(!ok && out.contains("公示编号"), "{out}");
    assert!(!out.contains(&registered.applicants[0].id), "{out}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn python_derives_the_same_codes_from_a_key_file() {
    let dir = temp_dir("codes");
    let key = LotteryKey::from_bytes(core::array::from_fn(|i| (i as u8).wrapping_mul(73)));
    let key_path = dir.join("派位密钥.key");
    std::fs::write(&key_path, key.to_file()).unwrap();
    for registration in ["2025000001", "0", "报名-甲 乙", "A\u{3000}B", "=1+1"] {
        let out = Command::new("python3")
            .arg(script())
            .args([
                "--key",
                key_path.to_str().unwrap(),
                "--registration",
                registration,
            ])
            .output()
            .expect("python3 runs");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "{stdout}");
        assert_eq!(
            stdout,
            format!(
                "公示编号 {}\n回执校验码 {}\n密钥承诺值 {}\n",
                key.public_code(registration),
                key.check_code(registration),
                key.commitment()
            )
        );
    }
    // A key file with anything but the exact format is refused, as by the engine.
    std::fs::write(&key_path, key.to_file().replace('\n', "\r\n")).unwrap();
    let out = Command::new("python3")
        .arg(script())
        .args(["--key", key_path.to_str().unwrap(), "--registration", "1"])
        .output()
        .expect("python3 runs");
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn python_detects_tampered_seed_inputs_and_published_list() {
    let dir = temp_dir("tamper");
    let inputs = sealed(&district(&SynthSpec {
        applicants: 200,
        schools: 8,
        ..Default::default()
    }))
    .inputs;
    let pack = draw(&inputs, &ceremony()).unwrap();

    let mut p = pack.clone();
    p.witnesses[2].value = "0".into();
    let (ok, out) = python_verify(&dir, &p, None);
    assert!(!ok && out.contains("随机种子不符"), "{out}");

    let mut p = pack.clone();
    p.inputs.schools[0].capacity += 1;
    let (ok, out) = python_verify(&dir, &p, None);
    assert!(!ok && out.contains("报名名单摘要不符"), "{out}");

    let mut other = inputs.clone();
    other.applicants[0].preferences.reverse();
    other.applicants[0].tier += 1;
    let (ok, out) = python_verify(&dir, &pack, Some(&freeze(&other).unwrap().canonical));
    assert!(!ok && out.contains("公示名单"), "{out}");

    let mut p = pack.clone();
    p.results_digest = "f".repeat(64);
    let (ok, out) = python_verify(&dir, &p, None);
    assert!(!ok && out.contains("结果摘要不符"), "{out}");
    std::fs::remove_dir_all(dir).ok();
}
