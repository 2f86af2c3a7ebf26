//! The wasm engine's allocator: Rust's own (dlmalloc) with linear memory grown in chunks.
//!
//! Rust's default wasm allocator grows linear memory by what one request needs, 64 KiB at a time for
//! small ones, and V8 (Node 20) pays for each `memory.grow` in proportion to the memory's size (about
//! 1 ms at 64 MiB, 7 ms at 256 MiB, measured). A `generate` after an edit of a 1,000-table schema grew
//! its memory thousands of times: 2.4 s of its 5 s of CPU. Growing by at least an eighth of the current
//! size (and at least 1 MiB) makes growth geometric, a few dozen calls. Pages that are never touched
//! cost no resident memory.

use core::arch::wasm32;
use core::ptr;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

const PAGE: usize = 65536;
const MIN_GROWTH: usize = 1 << 20;

struct GrowInChunks;

// SAFETY: regions come from `memory.grow` only and are never returned (wasm memory cannot shrink),
// as in Rust's own wasm allocator.
unsafe impl dlmalloc::Allocator for GrowInChunks {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let current = wasm32::memory_size(0) * PAGE;
        let wanted = size.max(current / 8).max(MIN_GROWTH);
        // Near the 4 GiB limit the chunk may not fit where the request alone still does.
        for bytes in [wanted, size] {
            let pages = bytes.div_ceil(PAGE);
            let prev = wasm32::memory_grow(0, pages);
            if prev != usize::MAX {
                let base = prev * PAGE;
                let len = pages * PAGE;
                // A region ending at the very top of the address space must not reach it (as dlmalloc's own).
                let len = if base.wrapping_add(len) == 0 {
                    len - 16
                } else {
                    len
                };
                return (base as *mut u8, len, 0);
            }
        }
        (ptr::null_mut(), 0, 0)
    }
    fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
        ptr::null_mut()
    }
    fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
        false
    }
    fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
        false
    }
    fn can_release_part(&self, _flags: u32) -> bool {
        false
    }
    fn allocates_zeros(&self) -> bool {
        true
    }
    fn page_size(&self) -> usize {
        PAGE
    }
}

struct Engine(UnsafeCell<dlmalloc::Dlmalloc<GrowInChunks>>);

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for Engine {}

#[global_allocator]
static ALLOCATOR: Engine = Engine(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(
    GrowInChunks,
)));

// SAFETY: every call forwards to dlmalloc with the layout it was given; one thread (above).
unsafe impl GlobalAlloc for Engine {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).malloc(layout.size(), layout.align())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).calloc(layout.size(), layout.align())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).free(ptr, layout.size(), layout.align())
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
    }
}
