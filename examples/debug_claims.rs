//! Prints the narrative claims of a report with what they map to and the value
//! the tables give: `cargo run --example debug_claims FILE`.

use nianbao::analysis::config::Config;
use nianbao::analysis::{analyze, query};

fn main() {
    let path = std::env::args().nth(1).expect("usage: debug_claims FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let a = analyze(&text, &Config::default());
    for c in &a.report.claims {
        let expected = c
            .target
            .and_then(|t| query::expected(&a.report, t, nianbao::analysis::config::Lang::Zh));
        println!(
            "{:>6} {:?} exact={} {:?} {:?} {:?} neg={} | {} | table: {:?}",
            c.value,
            c.unit,
            c.exact,
            c.target,
            c.scope,
            c.role,
            c.negation,
            &text[c.extent().start..c.extent().end],
            expected.map(|e| e.value)
        );
    }
    for y in &a.report.years {
        println!(
            "year {} {:?} | {}",
            y.year,
            y.kind,
            &text[y.span.start..y.span.end]
        );
    }
}
