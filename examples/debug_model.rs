//! Prints what the parser made of a report: sections, the tables' rows and
//! cells, unreadable tables and the text's extent (a debugging aid).
use nianbao::analysis::format::{T2Row, T3Row};
use nianbao::analysis::syntax::parse;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).expect("read");
    let r = parse(&text);
    let line = |s: usize| r.lines.line_of(s) + 1;
    for s in &r.sections {
        println!("section {:?} line {}", s.id, line(s.line.start));
    }
    let cells = |cs: &[nianbao::analysis::model::Cell]| {
        cs.iter()
            .map(|c| format!("{:?}", c.value))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(t) = &r.t2 {
        println!(
            "t2 line {} unreadable {:?}",
            line(t.span.start),
            t.unreadable
        );
        for id in T2Row::ALL {
            if let Some(row) = t.row(id) {
                println!(
                    "  {:?} line {}: {}",
                    id,
                    line(row.label.start),
                    cells(&row.cells)
                );
            }
        }
    }
    if let Some(t) = &r.t3 {
        println!(
            "t3 line {} unreadable {:?}",
            line(t.span.start),
            t.unreadable
        );
        for id in T3Row::ALL {
            if let Some(row) = t.row(id) {
                println!(
                    "  {:?} line {}: {}",
                    id,
                    line(row.label.start),
                    cells(&row.cells)
                );
            }
        }
    }
    if let Some(t) = &r.t4 {
        println!(
            "t4 line {} unreadable {:?}: {}",
            line(t.span.start),
            t.unreadable,
            cells(&t.cells)
        );
    }
    println!(
        "extent: starts_late {} cut {:?}",
        r.extent.starts_late,
        r.extent.cut.as_ref().map(|c| (line(c.at.start), c.table))
    );
}
