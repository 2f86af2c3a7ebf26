//! Row-level diffing of one entity kind, for every wing: created, dropped and altered rows keyed
//! by identity.

use serde::Serialize;
use serde_json::Value;

use crate::fasthash::FastMap;
use crate::model::Entity;

/// What the diff needs from a row beyond its identity: the hint tuple and the table it belongs to.
pub trait DiffRow: Entity + Clone + Serialize + PartialEq {
    /// The tuple hints use for this row (`[name]`, `[schema, name]` or `[schema, table, name]`).
    fn hint_id(&self) -> Vec<String>;
    /// `(schema, table)` for table-scoped kinds; rename questions are asked table by table.
    fn scope(&self) -> (&str, &str);
    fn id_key(&self) -> String {
        self.identity().join("\u{0}")
    }
}

/// A row present on both sides whose fields differ. `changed` lists the differing fields in row
/// order; the diff removes entries it decides to ignore (rc.5's "delete it.field").
#[derive(Debug, Clone)]
pub struct Alter<T> {
    pub left: T,
    pub right: T,
    pub changed: Vec<String>,
}

impl<T> Alter<T> {
    pub fn has(&self, field: &str) -> bool {
        self.changed.iter().any(|c| c == field)
    }
    pub fn forget(&mut self, field: &str) {
        self.changed.retain(|c| c != field);
    }
}

pub struct KindDiff<T> {
    /// In current-state order.
    pub created: Vec<T>,
    /// In previous-state order.
    pub dropped: Vec<T>,
    /// In previous-state order.
    pub altered: Vec<Alter<T>>,
}

/// Field names whose values differ between two rows of the same kind.
pub fn changed_fields<T: Serialize>(left: &T, right: &T) -> Vec<String> {
    let (Ok(Value::Object(l)), Ok(Value::Object(r))) =
        (serde_json::to_value(left), serde_json::to_value(right))
    else {
        return vec![];
    };
    let mut out = Vec::new();
    for (k, lv) in &l {
        if k == "entityType" {
            continue;
        }
        if r.get(k) != Some(lv) {
            out.push(k.clone());
        }
    }
    out
}

// Out of line, as `Resolver`'s rounds, so that a wing's diff stays small for a host's JIT (src/lib.rs).
#[inline(never)]
pub fn diff_rows<T: DiffRow>(prev: &[T], cur: &[T]) -> KindDiff<T> {
    // A side with no rows (a first migration, its down.sql): nothing can match, no key is built.
    if prev.is_empty() || cur.is_empty() {
        return KindDiff {
            created: cur.to_vec(),
            dropped: prev.to_vec(),
            altered: vec![],
        };
    }
    let mut dropped = Vec::new();
    let (matched, altered) = compare(prev, cur, |old| dropped.push(old.clone()));
    let created = cur
        .iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|(r, _)| r.clone())
        .collect();
    KindDiff {
        created,
        dropped,
        altered,
    }
}

/// Only the rows present on both sides whose fields differ: for the emitters that take created and
/// dropped rows from the resolution. Copying those too cost a whole state's rows per call (a
/// `down.sql` drops every row), held at the call's memory peak.
pub fn altered_rows<T: DiffRow>(prev: &[T], cur: &[T]) -> Vec<Alter<T>> {
    if prev.is_empty() || cur.is_empty() {
        return vec![];
    }
    compare(prev, cur, |_| {}).1
}

/// Which current rows have a previous row of the same identity, and the altered pairs; `dropped` is
/// called with each previous row that has none, in previous-state order.
fn compare<T: DiffRow>(
    prev: &[T],
    cur: &[T],
    mut dropped: impl FnMut(&T),
) -> (Vec<bool>, Vec<Alter<T>>) {
    // Keyed by the identity's parts as borrowed: a joined key string per row on both sides was a
    // tenth of the diff.
    let cur_index: FastMap<Vec<&str>, usize> = cur
        .iter()
        .enumerate()
        .map(|(i, r)| (r.identity(), i))
        .collect();
    let mut matched = vec![false; cur.len()];
    let mut altered = Vec::new();
    for old in prev {
        match cur_index.get(&old.identity()) {
            None => dropped(old),
            Some(&i) => {
                if let (Some(m), Some(new)) = (matched.get_mut(i), cur.get(i)) {
                    *m = true;
                    if old != new {
                        let changed = changed_fields(old, new);
                        if !changed.is_empty() {
                            altered.push(Alter {
                                left: old.clone(),
                                right: new.clone(),
                                changed,
                            });
                        }
                    }
                }
            }
        }
    }
    (matched, altered)
}
