//! Fuzz target `docx`: see `docx_reader` in tests/support/fuzz_checks.rs for the
//! input format and the property checked.
#![no_main]

#[path = "../../tests/support/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::docx_reader(data));
