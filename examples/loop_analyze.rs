//! Analyzes a file N times and times each stage (a profiling aid):
//! loop_analyze FILE N
use nianbao::analysis::{config::Config, rules, syntax};
use std::time::Instant;

fn main() {
    let mut a = std::env::args().skip(1);
    let path = a.next().expect("file");
    let n: u32 = a.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let text = std::fs::read_to_string(path).expect("read");
    let config = Config::default();
    let (mut t1, mut t2, mut t3) = (0u128, 0u128, 0u128);
    let mut findings = 0;
    for _ in 0..n {
        let s = Instant::now();
        let lines = syntax::line::classify_all(&text);
        let c = Instant::now();
        let index = nianbao::analysis::text::LineIndex::new(&text);
        let report = syntax::assemble(&lines, &|i, n| {
            let at = index.line_start(i);
            text.get(at..at + n).unwrap_or("").into()
        });
        let d = Instant::now();
        findings += rules::run(&report, &config).len();
        let e = Instant::now();
        t1 += (c - s).as_nanos();
        t2 += (d - c).as_nanos();
        t3 += (e - d).as_nanos();
    }
    let n = n as u128;
    eprintln!(
        "classify {:.1} µs, assemble {:.1} µs, rules {:.1} µs; {} findings",
        t1 as f64 / n as f64 / 1000.0,
        t2 as f64 / n as f64 / 1000.0,
        t3 as f64 / n as f64 / 1000.0,
        findings as u128 / n
    );
}
