//! Parse + lint throughput: each corpus report, and synthetic reports of 1 MB
//! and 10 MB. Run with `cargo bench --bench parse`; criterion prints the median
//! time and throughput (MB/s) per input.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use nianbao::analysis::{analyze, config::Config};
use std::hint::black_box;
use std::time::Duration;

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    let config = Config::default();
    let mut g = c.benchmark_group("parse+lint");
    g.warm_up_time(Duration::from_millis(500));
    for (name, text) in corpus() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("corpus", name), &text, |b, t| {
            b.iter(|| analyze(black_box(t), &config))
        });
    }
    for (name, size) in [("1MB", 1_000_000), ("10MB", 10_000_000)] {
        let text = nianbao::analysis::template::synthetic(size);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(if size > 5_000_000 { 10 } else { 30 });
        g.bench_with_input(BenchmarkId::new("synthetic", name), &text, |b, t| {
            b.iter(|| analyze(black_box(t), &config))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
