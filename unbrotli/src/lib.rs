//! A brotli decoder with a four-function ABI, no bindings: `input(len)` gives a buffer the caller
//! fills, `decode()` decompresses it and returns the output's length (-1 when the input is not valid
//! brotli), `output()` points at the result. The browser entry (js/unbrotli.js) uses it to unpack the
//! engine, which the package ships only as `pkg/web/sleet_bg.wasm.br` (README, "Package and engine size").

use std::cell::RefCell;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A zeroed buffer of `len` bytes for the compressed input; valid until the next call.
#[no_mangle]
pub extern "C" fn input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|buf| {
        buf.clear();
        buf.resize(len, 0);
        buf.as_mut_ptr()
    })
}

/// Decompresses the input buffer; the output's length, or -1 when the input is not valid brotli.
#[no_mangle]
pub extern "C" fn decode() -> i32 {
    INPUT.with_borrow(|compressed| {
        OUTPUT.with_borrow_mut(|out| {
            out.clear();
            // The engine compresses about 5:1: one allocation instead of a dozen regrowths.
            out.reserve(compressed.len().saturating_mul(5));
            let mut reader = compressed.as_slice();
            match brotli_decompressor::BrotliDecompress(&mut reader, out) {
                Ok(()) => i32::try_from(out.len()).unwrap_or(-1),
                Err(_) => -1,
            }
        })
    })
}

/// The last `decode`'s output; valid until the next call.
#[no_mangle]
pub extern "C" fn output() -> *const u8 {
    OUTPUT.with_borrow(|out| out.as_ptr())
}
