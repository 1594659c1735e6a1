//! End-to-end tests of the `junheng` binary on generated files, in every format.

mod demo;
mod evaluate;
mod lottery;
mod platform;
mod rulebook;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the real binary.
pub fn junheng(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the junheng binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Generates a demo district file with the binary and returns its path.
pub fn demo_file(dir: &Path, name: &str, schools: u32, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let o = junheng(&[
        "demo",
        "generate",
        "--schools",
        &schools.to_string(),
        "--seed",
        &seed.to_string(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    path
}

pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}
