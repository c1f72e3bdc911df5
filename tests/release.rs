//! What the release ships, tried here:
//! - the Linux wheel (maturin, `bindings = "bin"`): built, installed with pip
//!   in a fresh virtual environment, and its `nianbao` put through
//!   `scripts/smoke-test.sh` (check, --fix on .docx, lsp…);
//! - `.github/workflows/release.yml` passes actionlint (with shellcheck on
//!   its scripts when shellcheck is installed) and builds every target;
//! - the Windows-only code type-checks (`--cfg nianbao_windows_check`; no
//!   Windows toolchain here, the release workflow compiles it for real).
//!
//! maturin and actionlint come from `scripts/install-test-tools.sh` (run by
//! `./scripts/test-all.sh`). Under `CI=true` a missing tool fails the test
//! that needs it; elsewhere that test is skipped with a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    nianbao::cli::progress::in_ci(std::env::var_os("CI").as_deref())
}

/// A tool of `.tools/py/bin`, or `None` after saying what is skipped (a
/// failure under CI).
fn tool(name: &str) -> Option<PathBuf> {
    let p = root().join(".tools/py/bin").join(name);
    if p.is_file() {
        return Some(p);
    }
    assert!(
        !in_ci(),
        "{name} is required under CI (scripts/install-test-tools.sh installs it)"
    );
    eprintln!("SKIPPED: {name} is not installed (scripts/install-test-tools.sh)");
    None
}

fn show(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn workflow() -> PathBuf {
    root().join(".github/workflows/release.yml")
}

#[test]
fn the_release_workflow_passes_actionlint_and_covers_every_target() {
    let Some(actionlint) = tool("actionlint") else {
        return;
    };
    let o = Command::new(&actionlint)
        .arg(workflow())
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", show(&o));
    // actionlint does find mistakes in such a file.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yml");
    let text = std::fs::read_to_string(workflow()).unwrap();
    std::fs::write(
        &bad,
        text.replace("${{ matrix.target }}", "${{ matrix.targte }}"),
    )
    .unwrap();
    let o = Command::new(&actionlint).arg(&bad).output().unwrap();
    assert!(!o.status.success(), "a misspelt matrix key must fail");
    // Every platform: a binary, a wheel, a .vsix; and the GNU check.
    for target in [
        "x86_64-pc-windows-msvc",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
    ] {
        assert!(text.contains(&format!("target: {target}")), "{target}");
    }
    for vscode in [
        "win32-x64",
        "darwin-arm64",
        "darwin-x64",
        "linux-x64",
        "linux-arm64",
    ] {
        assert!(text.contains(&format!("vscode: {vscode}")), "{vscode}");
    }
    assert!(text.contains("cargo check --locked --target x86_64-pc-windows-gnu"));
    assert!(text.contains("scripts/smoke-test.sh"));
    assert!(text.contains("gh release create"));
}

#[test]
fn windows_code_type_checks() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let o = Command::new(cargo)
        .args(["check", "--locked", "--lib", "--quiet", "--target-dir"])
        .arg(root().join("target/windows-check"))
        .env("RUSTFLAGS", "--cfg nianbao_windows_check -D warnings")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", show(&o));
}

/// The python3 that makes the fresh virtual environment.
fn python3() -> PathBuf {
    std::env::var_os("NIANBAO_PYTHON3")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"))
}

fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{cmd:?}: {}", show(&o));
    o
}

#[test]
fn the_linux_wheel_installs_nianbao_in_a_fresh_environment() {
    let Some(maturin) = tool("maturin") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let wheels = dir.path().join("wheels");
    // The release profile's own target folder: the test binaries' build
    // (debug) does not hold it.
    run(Command::new(&maturin)
        .args(["build", "--release", "--locked", "--quiet", "--out"])
        .arg(&wheels)
        .current_dir(root()));
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("a wheel");
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        name.starts_with(&format!("nianbao-{version}-py3-none-")) && name.contains("linux"),
        "{name}"
    );
    let venv = dir.path().join("venv");
    run(Command::new(python3()).args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/python"))
        .args(["-m", "pip", "install", "--no-index", "--quiet"])
        .arg(&wheel));
    let nianbao = venv.join("bin/nianbao");
    let o = run(Command::new(&nianbao).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("nianbao {version}")
    );
    // On PATH as pip puts it, from any folder.
    let path = format!(
        "{}:{}",
        venv.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let report = root().join("tests/fixtures/corpus/xinxiang-city-hrss-2023.txt");
    let o = Command::new("nianbao")
        .arg("check")
        .arg(&report)
        .env("PATH", &path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(
        show(&o).contains("共检查 1 个文件：0 个错误，1 个警告"),
        "{}",
        show(&o)
    );
    smoke(&nianbao);
}

/// `scripts/smoke-test.sh` with `nianbao`.
fn smoke(nianbao: &Path) {
    let o = Command::new("bash")
        .arg(root().join("scripts/smoke-test.sh"))
        .arg(nianbao)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", show(&o));
    assert!(show(&o).contains(" passed, 0 failed"), "{}", show(&o));
}
