//! After any sequence of edits, the language server's incrementally updated
//! document equals a full parse of its final text: the same classified lines,
//! the same findings.

use nianbao::analysis::analyze;
use nianbao::analysis::config::Config;
use nianbao::analysis::syntax::line::classify_all;
use nianbao::lsp::document::Document;
use proptest::prelude::*;

fn base_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    vec![
        nianbao::analysis::template::sample(),
        std::fs::read_to_string(format!("{dir}/corpus/dazhou-city-hrss-2023.md")).unwrap(),
        std::fs::read_to_string(format!("{dir}/layouts/pipe-per-line.txt")).unwrap(),
        std::fs::read_to_string(format!("{dir}/layouts/crlf-bom.txt"))
            .unwrap()
            .replace('\u{feff}', ""),
    ]
}

/// An edit: where (as fractions of the document, so it always lands inside),
/// how much to delete, and what to insert.
#[derive(Clone, Debug)]
struct EditOp {
    at: f64,
    delete: usize,
    insert: String,
}

fn edit_op() -> impl Strategy<Value = EditOp> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just(" |".to_string()),
        Just("0".to_string()),
        Just("17".to_string()),
        Just("（一）予以公开".to_string()),
        Just("三、收到和处理政府信息公开申请情况\n".to_string()),
        Just("四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\n".to_string()),
        Just("𠀀😀".to_string()),
        Just("".to_string()),
    ];
    (0.0f64..1.0, 0usize..40, prop::collection::vec(piece, 0..4)).prop_map(|(at, delete, p)| {
        EditOp {
            at,
            delete,
            insert: p.concat(),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full(which in 0usize..4, ops in prop::collection::vec(edit_op(), 1..25)) {
        let base = &base_texts()[which];
        let mut doc = Document::new(base, 1);
        let config = Config::default();
        for (k, op) in ops.iter().enumerate() {
            let n = doc.rope().len_chars();
            let start = ((n as f64) * op.at) as usize;
            doc.edit(start, (start + op.delete).min(n), &op.insert);
            doc.version = k as i32 + 2;
            let text = doc.text();
            let full_lines = classify_all(&text);
            prop_assert_eq!(doc.lines(), full_lines.as_slice());
            // The document's own analysis: its lines, and its rope for the
            // words before a claim whose sentence began on the line before.
            let inc = doc.analysis(&config);
            let full = analyze(&text, &config);
            prop_assert_eq!(&inc.findings, &full.findings);
            prop_assert_eq!(&inc.report.claims, &full.report.claims);
        }
    }
}
