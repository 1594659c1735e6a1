//! End-to-end tests of the `junheng` binary on generated files, in every format.

mod account_verbs;
mod accounts;
mod board;
mod demo;
mod districts;
mod evaluate;
mod evidence;
mod exams;
mod five;
mod health;
mod inspection;
mod labour;
mod leaders;
mod limits;
mod lottery;
mod package;
mod pairing;
mod platform;
mod review;
mod rotation;
mod rulebook;
mod seats_forecast;
mod students;
mod survey;
mod tasks;
mod teachers_honours;
mod teachers_posts;
mod teachers_studios;
mod teachers_training;
mod versions;

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

/// Runs `junheng COMMAND ARGS… --database DB`.
pub fn on_database(db: &str, command: &str, args: &[&str]) -> Output {
    let mut all = vec![command];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database", db]);
    junheng(&all)
}

/// The standard output of a command that succeeded and printed every one of `phrases`.
pub fn printed(o: &Output, phrases: &[&str]) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    let text = stdout(o);
    for phrase in phrases {
        assert!(text.contains(phrase), "missing {phrase}:\n{text}");
    }
    text
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
    let mut all = vec!["user", "add", "--password-stdin", "--database", db];
    all.extend_from_slice(args);
    with_stdin(&all, &format!("{password}\n"))
}

/// Runs the real binary with `input` on its standard input.
pub fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refused command may exit before it reads the password: a closed pipe is not an error.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

/// A copy of the SQLite file `db_file` of `dir` alone, without its `-wal` file, as a URL.
pub fn copy_alone(dir: &std::path::Path, db_file: &str) -> String {
    let copies = dir.join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    let copy = copies.join(format!(
        "copy-{}",
        std::fs::read_dir(&copies).unwrap().count()
    ));
    std::fs::copy(dir.join(db_file), &copy).unwrap();
    format!("sqlite://{}", copy.display())
}

/// Opens a database with the store, as the server would, and runs `f` on it.
pub fn with_store<T>(url: &str, f: impl AsyncFnOnce(&junheng_store::Store) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = junheng_store::Store::open(url).await.unwrap();
        let out = f(&store).await;
        store.close().await;
        out
    })
}
