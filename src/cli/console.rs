//! The terminal nianbao prints to. Chinese text needs nothing anywhere: on
//! Windows, Rust's standard output writes to a console through the
//! wide-character API (`WriteConsoleW`), whatever the console's code page,
//! and output redirected to a file or pipe is UTF-8, as on other systems.
//! Colours need the console to interpret ANSI sequences: on Windows that is
//! its virtual terminal mode (Windows 10 and later), switched on here; a
//! console without it gets no colours.

/// Whether standard output shows ANSI colours (asked once).
pub fn colors_work() -> bool {
    static WORKS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WORKS.get_or_init(enable_colors)
}

#[cfg(not(windows))]
fn enable_colors() -> bool {
    true
}

#[cfg(windows)]
fn enable_colors() -> bool {
    windows::enable_virtual_terminal()
}

/// Compiled on Windows; type-checked elsewhere with
/// `--cfg nianbao_windows_check` (tests/release.rs).
#[cfg(any(windows, nianbao_windows_check))]
#[cfg_attr(not(windows), allow(dead_code))]
mod windows {
    use std::ffi::c_void;

    const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;
    const ENABLE_VIRTUAL_TERMINAL_PROCESSING: u32 = 0x4;
    const INVALID_HANDLE_VALUE: isize = -1;

    #[cfg_attr(windows, link(name = "kernel32"))]
    unsafe extern "system" {
        fn GetStdHandle(which: u32) -> *mut c_void;
        fn GetConsoleMode(console: *mut c_void, mode: *mut u32) -> i32;
        fn SetConsoleMode(console: *mut c_void, mode: u32) -> i32;
    }

    /// Switches standard output's console to virtual terminal mode; false
    /// when it is not a console or the console cannot.
    pub fn enable_virtual_terminal() -> bool {
        // SAFETY: GetStdHandle takes a constant and returns a handle (or
        // null / INVALID_HANDLE_VALUE, checked before use).
        let h = unsafe { GetStdHandle(STD_OUTPUT_HANDLE) };
        if h.is_null() || h as isize == INVALID_HANDLE_VALUE {
            return false;
        }
        let mut mode = 0u32;
        // SAFETY: `h` is a valid handle and `mode` a valid out-pointer.
        if unsafe { GetConsoleMode(h, &mut mode) } == 0 {
            return false;
        }
        if mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
            return true;
        }
        // SAFETY: as above; the mode only adds a documented flag.
        unsafe { SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 }
    }
}
