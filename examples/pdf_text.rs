//! Prints the report text nianbao reads from a PDF (or any document), with
//! each line's place: `cargo run --release --example pdf_text -- report.pdf`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_text FILE [--places]");
        std::process::exit(2);
    };
    let places = std::env::args().any(|a| a == "--places");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let doc = match nianbao::input::pdf::convert(&bytes, &nianbao::input::Limits::DEFAULT) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {}", e.message(nianbao::analysis::config::Lang::Zh));
            std::process::exit(1)
        }
    };
    let mut offset = 0;
    for line in doc.text.split_inclusive('\n') {
        if places {
            let place = doc
                .map
                .describe(offset, None, nianbao::analysis::config::Lang::Zh);
            print!("{place:<36} | ");
        }
        print!("{line}");
        offset += line.len();
    }
}
