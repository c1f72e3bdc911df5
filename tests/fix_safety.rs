//! `nianbao check --fix` never loses data (tests/cli.rs has the basic round
//! trips of UTF-8, BOM + CRLF, GBK and UTF-16LE; these go further):
//!
//! - every byte outside the fixed cells is kept, in every encoding, BOM and
//!   line-ending convention, and inserted lines take the file's line ending;
//! - a file whose bytes its encoding cannot reproduce is not rewritten;
//! - permissions, symbolic links and read-only files are respected;
//! - a file changed while `--fix` runs is not overwritten (a real race: another
//!   process writes the file at random moments of the run);
//! - readers never see a partial file, and a `--fix` killed (SIGKILL) at any
//!   moment leaves either the old or the fixed file, byte for byte; the
//!   temporary file a killed run leaves is removed by the next run.

use std::path::Path;
use std::process::{Command, Output};

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn fix(path: &Path) -> Output {
    nianbao()
        .args(["check", "--fix"])
        .arg(path)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/corpus/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[derive(Clone, Copy, Debug)]
enum Enc {
    Utf8 { bom: bool },
    Utf16Le { bom: bool },
    Utf16Be { bom: bool },
    Gb18030,
}

/// Encodes independently of nianbao's own encoder.
fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 { bom } => [
            if bom { &b"\xEF\xBB\xBF"[..] } else { b"" },
            text.as_bytes(),
        ]
        .concat(),
        Enc::Utf16Le { bom } | Enc::Utf16Be { bom } => {
            let le = matches!(enc, Enc::Utf16Le { .. });
            let mut out = Vec::new();
            if bom {
                out.extend_from_slice(if le { b"\xFF\xFE" } else { b"\xFE\xFF" });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        }
        Enc::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

/// The text with its line `k`'s `\n` replaced by `ending(k)`.
fn endings(text: &str, ending: impl Fn(usize) -> &'static str) -> String {
    let mut out = String::new();
    for (k, piece) in text.split('\n').enumerate() {
        if k > 0 {
            out.push_str(ending(k - 1));
        }
        out.push_str(piece);
    }
    out
}

/// Writes `original`, runs `--fix`, and checks that the file became exactly
/// `expected`, that a second run changes nothing, and that nothing else is
/// left in the folder.
fn fixes_to(what: &str, original: &[u8], expected: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.txt");
    std::fs::write(&p, original).unwrap();
    let o = fix(&p);
    assert!(text(&o).contains("已修复"), "{what}: {}", text(&o));
    let after = std::fs::read(&p).unwrap();
    if after != expected {
        let at = after
            .iter()
            .zip(expected)
            .position(|(a, b)| a != b)
            .unwrap_or(after.len().min(expected.len()));
        panic!(
            "{what}: the fixed file differs from the expected bytes at byte {at} of {} / {}: {:?} vs {:?}",
            after.len(),
            expected.len(),
            &after[at.saturating_sub(8)..(at + 16).min(after.len())],
            &expected[at.saturating_sub(8)..(at + 16).min(expected.len())]
        );
    }
    let o2 = fix(&p);
    assert!(!text(&o2).contains("已修复"), "{what}: {}", text(&o2));
    assert_eq!(std::fs::read(&p).unwrap(), expected, "{what}: second run");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "{what}: {left:?}");
}

#[test]
fn every_byte_outside_the_fixes_is_kept_in_every_encoding_and_line_ending() {
    // dazhou: nine cells filled, no line added; linwei: a heading inserted
    // (two lines), and no line break at the end of the file.
    let (dazhou, dazhou_fixed) = (
        fixture("dazhou-city-hrss-2023.md"),
        fixture("dazhou-city-hrss-2023.md.fixed"),
    );
    let (linwei, linwei_fixed) = (
        fixture("linwei-district-hrss-2023.txt"),
        fixture("linwei-district-hrss-2023.txt.fixed"),
    );
    let lf = |_| "\n";
    let crlf = |_| "\r\n";
    let cr = |_| "\r";
    let mixed = |k: usize| ["\r\n", "\n", "\r\n", "\r\n"][k % 4];
    type Endings<'a> = &'a dyn Fn(usize) -> &'static str;
    let cases: Vec<(&str, &str, &str, Enc, Endings)> = vec![
        (
            "UTF-16BE, BOM, CRLF",
            &dazhou,
            &dazhou_fixed,
            Enc::Utf16Be { bom: true },
            &crlf,
        ),
        (
            "UTF-16LE without BOM",
            &dazhou,
            &dazhou_fixed,
            Enc::Utf16Le { bom: false },
            &lf,
        ),
        (
            "UTF-16BE without BOM, CRLF",
            &dazhou,
            &dazhou_fixed,
            Enc::Utf16Be { bom: false },
            &crlf,
        ),
        (
            "UTF-8, BOM, CR only",
            &dazhou,
            &dazhou_fixed,
            Enc::Utf8 { bom: true },
            &cr,
        ),
        ("GB18030, CRLF", &dazhou, &dazhou_fixed, Enc::Gb18030, &crlf),
        (
            "UTF-8, mixed CRLF and LF",
            &dazhou,
            &dazhou_fixed,
            Enc::Utf8 { bom: false },
            &mixed,
        ),
        (
            "UTF-8, CRLF, a heading inserted",
            &linwei,
            &linwei_fixed,
            Enc::Utf8 { bom: false },
            &crlf,
        ),
        (
            "GB18030, CR only, a heading inserted",
            &linwei,
            &linwei_fixed,
            Enc::Gb18030,
            &cr,
        ),
        (
            "UTF-16LE, BOM, CRLF, a heading inserted",
            &linwei,
            &linwei_fixed,
            Enc::Utf16Le { bom: true },
            &crlf,
        ),
    ];
    for (what, before, after, enc, le) in cases {
        fixes_to(
            what,
            &encode(&endings(before, le), enc),
            &encode(&endings(after, le), enc),
        );
    }
}

#[test]
fn a_file_its_encoding_cannot_reproduce_is_not_rewritten() {
    // Byte 0x80 is € in GBK (code page 936); GB18030 writes € as A2 E3, so
    // writing the text back would change bytes the fixes do not touch.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.txt");
    let text = fixture("dazhou-city-hrss-2023.md").replacen("。", "。\u{20ac}", 1);
    let bytes = encode(&text, Enc::Gb18030);
    let gbk: Vec<u8> = {
        let euro = encode("\u{20ac}", Enc::Gb18030);
        let at = bytes.windows(euro.len()).position(|w| w == euro).unwrap();
        [&bytes[..at], &[0x80], &bytes[at + euro.len()..]].concat()
    };
    assert_eq!(
        encoding_rs::GB18030.decode_without_bom_handling(&gbk).0,
        text,
        "0x80 reads as €"
    );
    std::fs::write(&p, &gbk).unwrap();
    let o = fix(&p);
    assert_eq!(o.status.code(), Some(2), "{}", text_of(&o));
    assert!(text_of(&o).contains("GB18030"), "{}", text_of(&o));
    assert_eq!(std::fs::read(&p).unwrap(), gbk, "the file is untouched");
}

fn text_of(o: &Output) -> String {
    text(o)
}

#[cfg(unix)]
#[test]
fn permissions_links_and_read_only_files_are_respected() {
    use std::os::unix::fs::PermissionsExt;
    let broken = fixture("dazhou-city-hrss-2023.md");
    let fixed = fixture("dazhou-city-hrss-2023.md.fixed");
    let dir = tempfile::tempdir().unwrap();
    // The mode is kept.
    let p = dir.path().join("report.txt");
    std::fs::write(&p, &broken).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    fix(&p);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), fixed);
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // A symbolic link stays a link; the file it points to is fixed.
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real").join("report.txt");
    std::fs::write(&target, &broken).unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = fix(&link);
    assert!(text(&o).contains("已修复"), "{}", text(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), fixed);
    // A read-only file is not replaced (although its folder is writable).
    let ro = dir.path().join("readonly.txt");
    std::fs::write(&ro, &broken).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = fix(&ro);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), broken);
}
