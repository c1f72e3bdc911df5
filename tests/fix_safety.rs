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

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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

// --- Races and kills, on a 500 kB report ----------------------------------------

/// A 500 kB report with a wrong total (one fix), and the file `--fix` makes of
/// it (from a real, uninterrupted run), and how long that run took.
struct Big {
    old: Vec<u8>,
    new: Vec<u8>,
    took: Duration,
}

fn big() -> Big {
    let old = nianbao::analysis::template::synthetic(500_000)
        .replacen(
            "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
            "（一）予以公开\t6\t1\t0\t0\t0\t0\t8",
            1,
        )
        .into_bytes();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.txt");
    std::fs::write(&p, &old).unwrap();
    let t = Instant::now();
    let o = fix(&p);
    let took = t.elapsed();
    assert!(text(&o).contains("已修复 1 处"), "{}", text(&o));
    let new = std::fs::read(&p).unwrap();
    assert_ne!(new, old);
    Big { old, new, took }
}

/// A small deterministic PRNG (xorshift64*), so that a failure reproduces.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// The temporary files of nianbao in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    temps_of(dir, ".nianbao-")
}

/// The files in `dir` whose name starts with `prefix`.
fn temps_of(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// Waits until `child` has created its temporary file in `dir` (true), or
/// has ended (false). Polls without sleeping: the file exists for about a
/// millisecond.
fn wait_for_temp(child: &mut std::process::Child, dir: &Path) -> bool {
    let own = format!(".nianbao-{}-", child.id());
    loop {
        if !temps_of(dir, &own).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
    }
}

fn spin(d: Duration) {
    let t = Instant::now();
    while t.elapsed() < d {}
}

fn spawn_fix(p: &Path) -> std::process::Child {
    nianbao()
        .args(["check", "--fix"])
        .arg(p)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How another program saves the file.
#[derive(Clone, Copy, Debug)]
enum Save {
    /// A new file renamed over the old one (most editors' safe save).
    Rename,
    /// Truncated and rewritten in place.
    InPlace,
}

/// Another process (this test) saves `content` to `p` the way `how` says.
/// The rename's new file is written beforehand, so that at the moment of the
/// race only the rename is left.
struct Saver {
    staged: PathBuf,
    how: Save,
}

impl Saver {
    fn new(dir: &Path, content: &[u8], how: Save) -> Saver {
        let staged = dir.join("editor-save.swp");
        if let Save::Rename = how {
            std::fs::write(&staged, content).unwrap();
        }
        Saver { staged, how }
    }
    fn save(&self, p: &Path, content: &[u8]) {
        match self.how {
            Save::Rename => std::fs::rename(&self.staged, p).unwrap(),
            Save::InPlace => std::fs::write(p, content).unwrap(),
        }
    }
}

#[test]
fn a_file_saved_by_someone_else_during_fix_is_never_overwritten() {
    let b = big();
    let mut rng = Rng(0x853C_49E6_748F_EA9B);
    let (mut refused, mut fixed_theirs, mut after_ours) = (0, 0, 0);
    for trial in 0..16 {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.txt");
        std::fs::write(&p, &b.old).unwrap();
        // Their version: the report with a paragraph added at the end.
        let theirs = [&b.old[..], format!("\n第{trial}次修改。\n").as_bytes()].concat();
        let theirs_fixed = {
            let t = String::from_utf8(theirs.clone()).unwrap();
            nianbao::cli::check::fix_text(&t, &Default::default())
                .0
                .into_bytes()
        };
        let how = if trial % 2 == 0 {
            Save::Rename
        } else {
            Save::InPlace
        };
        let saver = Saver::new(dir.path(), &theirs, how);
        let mut child = spawn_fix(&p);
        // Half of the saves at a random moment of the run, half while
        // nianbao writes its temporary file (just before its rename).
        if trial % 4 < 2 {
            spin(Duration::from_micros(
                rng.below(b.took.as_micros() as u64 * 3 / 2),
            ));
        } else {
            wait_for_temp(&mut child, dir.path());
        }
        saver.save(&p, &theirs);
        let o = child.wait_with_output().unwrap();
        let after = std::fs::read(&p).unwrap();
        let said_changed = text(&o).contains("文件在检查期间被修改");
        if after == theirs && said_changed {
            refused += 1;
            assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        } else if after == theirs_fixed {
            // nianbao read their version (the save came first) and fixed it.
            fixed_theirs += 1;
        } else if after == theirs {
            // The save came after nianbao's rename (or found nothing to fix).
            after_ours += 1;
        } else {
            panic!(
                "trial {trial} ({how:?}): their save was lost: the file is {} ({} bytes); nianbao said: {}",
                if after == b.new {
                    "nianbao's fix of the old text"
                } else {
                    "something else"
                },
                after.len(),
                text(&o)
            );
        }
        assert!(
            temps(dir.path()).is_empty(),
            "trial {trial}: temporary file left"
        );
    }
    eprintln!(
        "refused {refused}, fixed their version {fixed_theirs}, saved after nianbao {after_ours}"
    );
    assert!(
        refused >= 4,
        "the race was not hit: refused {refused} times"
    );
}

#[test]
fn readers_see_the_old_or_the_new_file_never_a_part() {
    let b = big();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.txt");
    for _ in 0..3 {
        std::fs::write(&p, &b.old).unwrap();
        let mut child = spawn_fix(&p);
        let (mut olds, mut news) = (0, 0);
        while child.try_wait().unwrap().is_none() {
            let now = std::fs::read(&p).unwrap();
            if now == b.old {
                olds += 1;
            } else if now == b.new {
                news += 1;
            } else {
                panic!("a reader saw {} bytes, neither version", now.len());
            }
        }
        assert!(olds > 0, "{olds} {news}");
        assert_eq!(std::fs::read(&p).unwrap(), b.new);
    }
}

#[test]
fn a_fix_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let b = big();
    let mut rng = Rng(0xDA94_2042_E4DD_58B5);
    let (mut old, mut new, mut mid_write) = (0, 0, 0);
    let mut killed = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.txt");
    for trial in 0..16 {
        std::fs::write(&p, &b.old).unwrap();
        let mut child = spawn_fix(&p);
        // Half at a random moment of the run; a quarter as soon as the
        // temporary file appears (while it is written and flushed); a quarter
        // up to 20 ms later (around the rename).
        match trial % 4 {
            0 | 1 => spin(Duration::from_micros(
                rng.below(b.took.as_micros() as u64 * 2),
            )),
            2 => {
                wait_for_temp(&mut child, dir.path());
            }
            _ => {
                if wait_for_temp(&mut child, dir.path()) {
                    spin(Duration::from_micros(rng.below(20_000)));
                }
            }
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let after = std::fs::read(&p).unwrap();
        if after == b.old {
            old += 1;
        } else if after == b.new {
            new += 1;
        } else {
            panic!(
                "trial {trial}: a killed --fix left {} bytes, neither version",
                after.len()
            );
        }
        // Only the documented temporary files may be left: .nianbao-<pid>-*.tmp
        // of killed processes (a run that did not get to write leaves those
        // of earlier ones).
        let fresh = format!(".nianbao-{}-", child.id());
        killed.push(fresh.clone());
        let left = temps(dir.path());
        assert!(
            left.iter()
                .all(|n| killed.iter().any(|k| n.starts_with(k)) && n.ends_with(".tmp")),
            "trial {trial}: {left:?}"
        );
        if left.iter().any(|n| n.starts_with(&fresh)) {
            mid_write += 1;
        }
        let others: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "report.txt" && !n.starts_with(".nianbao-"))
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }
    eprintln!("old {old}, new {new}, killed while writing {mid_write}");
    assert!(old >= 1 && new >= 1, "old {old}, new {new}");
    assert!(mid_write >= 1, "no kill hit the write");
    // A check of the folder does not read the leftovers as reports ...
    let o = nianbao()
        .args(["check", "--quiet"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!text(&o).contains(".nianbao-"), "{}", text(&o));
    // ... and the next --fix that writes there removes them.
    std::fs::write(&p, &b.old).unwrap();
    fix(&p);
    assert_eq!(std::fs::read(&p).unwrap(), b.new);
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
}
