//! Entity rows per wing (`model/<dialect>/`), and what every wing's rows share: identity keys as
//! rc.5 writes them into snapshot deltas, and rc.5's hash for generated names.
pub mod mysql;
pub mod pg;
pub mod sqlite;

use std::collections::HashMap;
use std::hash::Hash;

use crate::dialect::Dialect;
use crate::error::Result;

/// The first step of every command, implemented by each wing (`model/<dialect>/`): the schema
/// description the shim built from the schema modules → the wing's rows.
pub trait Model {
    const DIALECT: Dialect;
    /// Every entity row of one schema state, as the wing's snapshots record them.
    type Ddl: Default + Clone;
    /// What the description says beyond the rows that a later step needs (Postgres: which views
    /// read which, for the order of created views).
    type Facts;
    /// What introspection finds beyond the rows that code generation needs (Postgres: the columns
    /// of views).
    type Found;
    fn from_description(description: &str) -> Result<Self::Ddl>;
    fn facts(description: &str) -> Result<Self::Facts>;
}

/// Identity of a row: the diff key.
pub trait Entity {
    const KIND: &'static str;
    fn identity(&self) -> Vec<&str>;
    /// `entityType + "\0" + JSON(identity)`: the key rc.5 uses in snapshot deltas.
    fn key(&self) -> String {
        entity_key(Self::KIND, &self.identity())
    }
}

pub fn entity_key(kind: &str, identity: &[&str]) -> String {
    // Written into one buffer sized up front: through `to_string` and `format!` it was two
    // allocations and the formatting machinery per row, a few per cent of `generate` at 1,000 tables.
    let mut key = Vec::with_capacity(
        kind.len() + 3 + identity.iter().map(|part| part.len() + 3).sum::<usize>(),
    );
    key.extend_from_slice(kind.as_bytes());
    key.push(0);
    // Cannot fail: strings written into a Vec.
    let _ = serde_json::to_writer(&mut key, identity);
    String::from_utf8(key).unwrap_or_default()
}

/// rc.5's name hash: polynomial rolling hash over code points (base 53) modulo 62^12, written as 12
/// base-62 digits (`0-9a-zA-Z`), most significant first.
pub fn name_hash(input: &str) -> String {
    const ALPHABET: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const LEN: u32 = 12;
    let modulus: u128 = 62u128.pow(LEN);
    let mut hash: u128 = 0;
    let mut power: u128 = 1;
    for ch in input.chars() {
        hash = (hash + u128::from(u32::from(ch)) * power) % modulus;
        power = power * 53 % modulus;
    }
    let mut digits = [b'0'; LEN as usize];
    let mut rest = hash;
    for slot in digits.iter_mut().rev() {
        *slot = ALPHABET[(rest % 62) as usize];
        rest /= 62;
    }
    String::from_utf8_lossy(&digits).into_owned()
}

/// drizzle's `onDelete`/`onUpdate` words in the upper case rc.5 stores.
pub fn referential_action(action: Option<&str>) -> std::result::Result<String, String> {
    match action.unwrap_or("no action") {
        "no action" => Ok("NO ACTION".into()),
        "cascade" => Ok("CASCADE".into()),
        "restrict" => Ok("RESTRICT".into()),
        "set default" => Ok("SET DEFAULT".into()),
        "set null" => Ok("SET NULL".into()),
        other => Err(format!(
            "unknown referential action {other:?} (expected cascade, restrict, no action, set null or set default)"
        )),
    }
}

/// Rows grouped by what they belong to, in one pass: filtering every row per table was quadratic at a
/// thousand tables.
pub(crate) fn group<'a, T, K: Eq + Hash>(
    rows: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> HashMap<K, Vec<&'a T>> {
    let mut map: HashMap<K, Vec<&T>> = HashMap::new();
    for row in rows {
        map.entry(key(row)).or_default().push(row);
    }
    map
}

/// The first row of each key, as a scan with `find` would return it.
pub(crate) fn first_by_key<'a, T, K: Eq + Hash>(
    rows: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> HashMap<K, &'a T> {
    let mut map = HashMap::new();
    for row in rows {
        map.entry(key(row)).or_insert(row);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::entity_key;

    #[test]
    fn entity_key_is_the_kind_a_nul_and_the_identity_as_json() {
        for identity in [
            vec![],
            vec!["public", "users"],
            vec!["a\"b", "back\\slash", "tab\tnew\nline\u{1}", "é😀€", ""],
        ] {
            let json = serde_json::to_string(&identity).unwrap_or_default();
            assert_eq!(
                entity_key("columns", &identity),
                format!("columns\u{0}{json}")
            );
        }
    }
}
