//! `docs/rules.md` is generated from the rules' documentation and must be up to
//! date (rewrite it with `NIANBAO_BLESS=1 cargo test --test docs`).

#[test]
fn rules_reference_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let generated = nianbao::cli::rules_cmd::markdown();
    if std::env::var_os("NIANBAO_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is out of date: run NIANBAO_BLESS=1 cargo test --test docs"
    );
}
