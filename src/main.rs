mod alloc {
    //! The process's allocator: mimalloc for `check`, `report` and the other
    //! one-shot commands, glibc's (the system's) for `nianbao lsp`.
    //!
    //! A batch makes and frees many small blocks per line and cell; mimalloc's
    //! per-thread free lists serve them in some 20% less CPU than glibc's
    //! malloc (`check --format json` over 5,000 real-sized reports, one core).
    //! The language server keeps the system allocator, whose memory it tunes
    //! and returns (`lsp::tune_allocator`, `malloc_trim` after a large check).
    //!
    //! The choice is made once, at the start of `main`, before any thread is
    //! spawned; blocks allocated before it (by the runtime, the arguments)
    //! came from the system allocator and are freed there: each free asks
    //! mimalloc whether it owns the block, which it answers from its map of
    //! segments without touching the block.
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::ffi::c_void;
    use std::sync::atomic::{AtomicBool, Ordering};

    use mimalloc::MiMalloc;

    unsafe extern "C" {
        fn mi_is_in_heap_region(p: *const c_void) -> bool;
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }

    /// `mi_option_purge_delay` (the same in mimalloc v2 and v3; tests/batch.rs
    /// counts it out of the vendored mimalloc.h): how long freed memory waits
    /// before it is returned to the system.
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

    /// Set once, before other threads exist; never cleared, so while it is
    /// false no block of mimalloc's exists.
    static USE_MIMALLOC: AtomicBool = AtomicBool::new(false);

    pub fn use_mimalloc() {
        // A batch frees and makes again the same few megabytes per window:
        // returned to the system after mimalloc's default 10 ms, they came
        // back as fresh pages, each faulted in and zeroed by the kernel
        // (150,000 page faults and some 5% of the CPU on 20,000 reports).
        // A one-shot command keeps them until it exits; its peak is the same.
        // SAFETY: sets an option; valid at any time.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
        USE_MIMALLOC.store(true, Ordering::Relaxed);
    }

    pub struct Switch;

    fn mimalloc_owns(ptr: *mut u8) -> bool {
        // SAFETY: a lookup in mimalloc's segment map; `ptr` is not read.
        USE_MIMALLOC.load(Ordering::Relaxed) && unsafe { mi_is_in_heap_region(ptr.cast()) }
    }

    // SAFETY: every block is freed and reallocated by the allocator that made
    // it (`mimalloc_owns`), both of which are sound `GlobalAlloc`s.
    unsafe impl GlobalAlloc for Switch {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if USE_MIMALLOC.load(Ordering::Relaxed) {
                unsafe { MiMalloc.alloc(layout) }
            } else {
                unsafe { System.alloc(layout) }
            }
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if USE_MIMALLOC.load(Ordering::Relaxed) {
                unsafe { MiMalloc.alloc_zeroed(layout) }
            } else {
                unsafe { System.alloc_zeroed(layout) }
            }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if mimalloc_owns(ptr) {
                unsafe { MiMalloc.dealloc(ptr, layout) }
            } else {
                unsafe { System.dealloc(ptr, layout) }
            }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if mimalloc_owns(ptr) {
                unsafe { MiMalloc.realloc(ptr, layout, new_size) }
            } else {
                unsafe { System.realloc(ptr, layout, new_size) }
            }
        }
    }
}

#[global_allocator]
static GLOBAL: alloc::Switch = alloc::Switch;

fn main() {
    // `nianbao lsp` (the subcommand is the first argument: there are no
    // global options).
    if std::env::args_os().nth(1).is_none_or(|a| a != "lsp") {
        alloc::use_mimalloc();
    }
    std::process::exit(nianbao::cli::run());
}
