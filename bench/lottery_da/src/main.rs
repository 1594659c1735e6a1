//! Generates one deferred-acceptance instance with `junheng_lottery::synth`, times the engine's
//! draw on it (in process, best of 5) and writes the instance and the matching as JSON for
//! bench/lottery_compare.py.
//!
//! Usage: lottery-da-bench APPLICANTS SCHOOLS OUT_DIR

use std::time::Instant;

use junheng_lottery::{LotteryKey, Version, ZoneMode, draw_with_seed, freeze, seal, synth};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let applicants: usize = args[1].parse().expect("APPLICANTS");
    let schools: usize = args[2].parse().expect("SCHOOLS");
    let out = std::path::Path::new(&args[3]);
    let inputs = synth::district(&synth::SynthSpec {
        applicants,
        schools,
        schools_per_zone: schools, // one zone: the whole instance is one DA market
        mode: Some(ZoneMode::DeferredAcceptance),
        preferences: 10,
        seat_ratio: 0.9,
        quotas: false,
        siblings: false,
        seed: 7,
    });
    // Published lotteries are sealed: applicants by 公示编号 (version 2).
    let inputs = seal(&inputs, &LotteryKey::from_bytes([7; 32]))
        .expect("valid instance")
        .inputs;
    let frozen = freeze(&inputs).expect("valid instance");
    let seed = [42u8; 32];
    let mut best = f64::INFINITY;
    let mut results = None;
    for _ in 0..5 {
        let start = Instant::now();
        let r = draw_with_seed(&inputs, &seed).expect("draw");
        best = best.min(start.elapsed().as_secs_f64());
        results = Some(r);
    }
    let results = results.expect("ran");
    std::fs::write(out.join("inputs.json"), &frozen.canonical).expect("write inputs");
    std::fs::write(out.join("results.json"), results.canonical(Version::V2)).expect("write results");
    println!("{best}");
}
