//! End-to-end tests of the `junheng` binary on generated files, in every format.

mod demo;
mod evaluate;
mod limits;
mod lottery;
mod platform;
mod rotation;
mod rulebook;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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

/// A SQLite database URL in `dir`.
pub fn db_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// `junheng user add` with the password on stdin.
pub fn add_user(db: &str, args: &[&str], password: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(["user", "add", "--password-stdin", "--database", db])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refused command may exit before it reads the password: a closed pipe is not an error.
    let _ = child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes());
    child.wait_with_output().unwrap()
}
