//! Times the analysis of a file's text or of generated stress inputs:
//! `cargo run --release --example time_text -- FILE|junk|synthetic`.
fn main() {
    let arg = std::env::args()
        .nth(1)
        .expect("usage: time_text FILE|junk|synthetic");
    let text = match arg.as_str() {
        "junk" => (0..200_000u32)
            .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('\0'))
            .collect(),
        "synthetic" => nianbao::analysis::template::synthetic(5_000_000),
        "synthetic1" => nianbao::analysis::template::synthetic(1_000_000),
        path => std::fs::read_to_string(path).expect("a UTF-8 file"),
    };
    if std::env::var_os("GEN_ONLY").is_some() {
        println!("{} bytes generated", text.len());
        return;
    }
    let t = std::time::Instant::now();
    let a = nianbao::analysis::analyze(&text, &nianbao::analysis::config::Config::default());
    println!(
        "{} bytes, {} findings, {} claims in {:?}",
        text.len(),
        a.findings.len(),
        a.report.claims.len(),
        t.elapsed()
    );
}
