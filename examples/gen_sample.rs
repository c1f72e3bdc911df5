//! Prints generated reports:
//!   gen_sample            the sample report (tab tables)
//!   gen_sample md         the sample report (Markdown)
//!   gen_sample synthetic N   a synthetic report of about N bytes (benchmarks)
//!   gen_sample previous   the sample body's report of the year before
use nianbao::analysis::template::{Figures, Layout, Prose, report, sample_previous, synthetic};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = match args.first().map(String::as_str) {
        Some("md") => report(
            "示例市示例局",
            2023,
            Layout::Markdown,
            &Figures::sample(),
            Prose::Sample,
        ),
        Some("previous") => sample_previous(),
        Some("synthetic") => synthetic(
            args.get(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(1_000_000),
        ),
        _ => report(
            "示例市示例局",
            2023,
            Layout::Text,
            &Figures::sample(),
            Prose::Sample,
        ),
    };
    print!("{out}");
}
