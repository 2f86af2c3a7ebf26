//! A fast non-cryptographic hasher (rustc's FxHash) for the engine's lookup maps.
//!
//! The diff and the model key maps by names, a few per row: at 1,000 tables SipHash (std's default)
//! was a measurable share of `generate`. HashDoS does not apply (the input is the user's own schema,
//! on their machine), and no output depends on a map's iteration order, so the hasher is free to
//! choose.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// The product's low bits see only the input's low bits, and hashbrown indexes buckets by the
    /// low bits: the well-mixed middle is rotated down (as rustc-hash 2 does).
    #[inline]
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_differ_only_in_the_tail_or_the_split_are_told_apart() {
        let mut m: FastMap<(String, String), usize> = FastMap::default();
        m.insert(("public".into(), "users_12345678".into()), 1);
        m.insert(("public".into(), "users_12345679".into()), 2);
        m.insert(("publicu".into(), "sers_12345678".into()), 3);
        assert_eq!(m.get(&("public".into(), "users_12345678".into())), Some(&1));
        assert_eq!(m.get(&("public".into(), "users_12345679".into())), Some(&2));
        assert_eq!(m.get(&("publicu".into(), "sers_12345678".into())), Some(&3));
        assert_eq!(m.len(), 3);
    }
}
