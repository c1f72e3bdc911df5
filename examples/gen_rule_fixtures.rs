//! Writes tests/fixtures/rules/<id>.txt: the sample report with the rule's bad
//! example substituted (or the bad example alone when it is not a fragment of
//! the sample). Run once when adding a rule; the fixtures are then checked in.
fn main() {
    let base = nianbao::analysis::template::sample();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rules");
    for r in nianbao::analysis::rules::RULES {
        let m = &r.meta;
        let text = if base.contains(m.good) {
            base.replacen(m.good, m.bad, 1)
        } else {
            m.bad.to_string()
        };
        let path = format!("{dir}/{}.txt", m.id);
        if !std::path::Path::new(&path).exists() {
            std::fs::write(&path, text).unwrap();
            println!("wrote {path}");
        }
    }
}
