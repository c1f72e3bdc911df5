//! PDF reading: milliseconds per report for the real published PDF and the
//! PDFs made from the corpus reports (read + lay out, and read + lay out +
//! lint), beside the lint of the same report's text. Run with
//! `cargo bench --bench pdf`; `bench/pdf_memory.sh` gives the peak memory of
//! `nianbao check` on the same files.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nianbao::analysis::{analyze, config::Config};
/// A PDF read within the default input limits.
fn convert(bytes: &[u8]) -> Result<nianbao::input::Document, nianbao::input::InputError> {
    nianbao::input::pdf::convert(bytes, &nianbao::input::Limits::DEFAULT)
}
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = vec![(
        "real hongze-district-gov-2024".to_string(),
        std::fs::read(root.join("tests/real/hongze-district-gov-2024.pdf")).unwrap(),
    )];
    for name in [
        "xinxiang-city-hrss-2023.libreoffice",
        "xinxiang-city-hrss-2023.typst",
    ] {
        let p = root.join(format!("tests/fixtures/pdf/{name}.pdf"));
        v.push((name.to_string(), std::fs::read(p).unwrap()));
    }
    v
}

fn bench(c: &mut Criterion) {
    let config = Config::default();
    let mut g = c.benchmark_group("pdf");
    g.warm_up_time(Duration::from_millis(500));
    g.sample_size(50);
    for (name, bytes) in inputs() {
        let text = convert(&bytes).unwrap().text;
        g.bench_with_input(BenchmarkId::new("read", &name), &bytes, |b, x| {
            b.iter(|| convert(black_box(x)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("read+lint", &name), &bytes, |b, x| {
            b.iter(|| analyze(&convert(black_box(x)).unwrap().text, &config))
        });
        g.bench_with_input(
            BenchmarkId::new("lint of its text", &name),
            &text,
            |b, t| b.iter(|| analyze(black_box(t), &config)),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
