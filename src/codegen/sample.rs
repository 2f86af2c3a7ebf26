//! Test inputs for the hand-written text matchers: many strings over a small alphabet, the same on
//! every run (a fixed-seed generator), so a difference from the `regex` crate is reproducible.

/// `count` strings of up to `max_len` pieces, each piece drawn from `alphabet`.
pub fn strings(alphabet: &[&str], count: usize, max_len: usize) -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: usize| {
        // xorshift64*: enough spread for test inputs.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % bound.max(1)
    };
    (0..count)
        .map(|_| {
            let len = next(max_len + 1);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
        })
        .collect()
}
