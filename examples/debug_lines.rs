//! Prints how each line of a file is classified (a debugging aid).
use nianbao::analysis::syntax::line::{LineKind, classify_all};
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).expect("read");
    for (i, l) in classify_all(&text).iter().enumerate() {
        let k = match &l.kind {
            LineKind::Text(t) => format!(
                "Text sep={:?} prose={} hint={} cells={}",
                t.sep,
                t.prose,
                t.table_hint,
                t.cells.len()
            ),
            other => format!("{other:?}").chars().take(80).collect(),
        };
        println!("{:4} {}", i + 1, k);
    }
}
