//! The integration suite, as one test binary (one link instead of a dozen): the real binary and
//! the library's stages on the bundled guide and the fixtures. Each module is one concern; the
//! shared helpers are in `common`.

mod common;

/// Bytes allocated on each thread, counted for `scaling` (its work includes what it
/// allocates, so a copy made per page or per line shows as work that grows too fast).
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static ALLOCATED: Cell<u64> = const { Cell::new(0) };
    }

    pub struct Counting;

    fn count(bytes: usize) {
        // (`try_with`: nothing to count while the thread's storage is being torn down)
        let _ = ALLOCATED.try_with(|c| c.set(c.get() + bytes as u64));
    }

    // SAFETY: every call is passed on to the system allocator unchanged.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            count(layout.size());
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            count(layout.size());
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            count(new_size);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// Bytes allocated on this thread since the last call.
    pub fn take() -> u64 {
        ALLOCATED.with(|c| c.replace(0))
    }
}

#[global_allocator]
static COUNTING: counting::Counting = counting::Counting;
/// The fuzz targets' bodies, replayed on stable by `fuzz_regressions` and used by
/// `random_manuscripts` for its checks.
#[path = "../../fuzz/harness.rs"]
mod harness;

mod authors;
mod booklet;
mod cli;
mod conformance;
mod fallback_fonts;
mod fillable;
mod fuzz_regressions;
mod golden;
mod hardening_files;
mod hardening_input;
mod hardening_output;
mod layout_habits;
mod lint;
mod night_reading;
mod page_numbers;
mod pdf_engine;
mod pdf_tools;
mod print_editions;
mod random_manuscripts;
mod scaling;
mod seed_kept;
mod tagged_pdf;
mod workflow;
