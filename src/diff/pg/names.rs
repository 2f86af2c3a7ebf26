//! Sticky generated names: a constraint or index whose name was generated keeps the name it had,
//! as long as exactly one current row has the same definition. Renaming a table therefore does not
//! rename (or recreate) its `users_email_key`.
//!
//! Held names: Postgres keeps only the first 63 bytes of a name, so two spellings that agree in
//! those bytes are one object. `held_renames` lines the previous state's spelling up with the
//! current one before rows are compared.

use std::borrow::Cow;

use crate::fasthash::{FastMap, FastSet};

use serde::Serialize;

use crate::model::pg::{stored_name, PgDdl};
use crate::model::Entity;

use super::rename::name_rename;
use super::rows::DiffRow;
use super::Rename;

/// A row's definition without its name: what must match for the name to be inherited. It is the
/// row's JSON with the name blanked and the name taken as generated (the kind's `entityType` is the
/// same in every row compared), written straight to text: through a `serde_json::Value` per row it
/// was a sixth of `generate`'s diff at 1,000 tables.
fn definition<T: Named + Clone + Serialize>(row: &T) -> String {
    let mut unnamed = row.clone();
    unnamed.name_mut().clear();
    unnamed.set_name_explicit(false);
    serde_json::to_string(&unnamed).unwrap_or_default()
}

trait Named: DiffRow {
    fn name_explicit(&self) -> bool;
    fn set_name_explicit(&mut self, explicit: bool);
    fn name_mut(&mut self) -> &mut String;
    fn name_str(&self) -> &str;
}

macro_rules! named {
    ($ty:ty) => {
        impl Named for $ty {
            fn name_explicit(&self) -> bool {
                self.name_explicit
            }
            fn set_name_explicit(&mut self, explicit: bool) {
                self.name_explicit = explicit;
            }
            fn name_mut(&mut self) -> &mut String {
                &mut self.name
            }
            fn name_str(&self) -> &str {
                &self.name
            }
        }
    };
}
named!(crate::model::pg::Unique);
named!(crate::model::pg::ForeignKey);
named!(crate::model::pg::PrimaryKey);
named!(crate::model::pg::Index);

fn preserve<T: Named + Clone + Serialize>(prev: &[T], cur: &mut [T], every_prev_row: bool) {
    if prev.is_empty() {
        return;
    }
    let mut by_definition: FastMap<String, Vec<usize>> = FastMap::default();
    for (i, row) in cur.iter().enumerate() {
        if !row.name_explicit() {
            by_definition.entry(definition(row)).or_default().push(i);
        }
    }
    if by_definition.is_empty() {
        return;
    }
    let mut taken: FastSet<String> = cur.iter().map(|r| r.id_key()).collect();
    for left in prev.iter().filter(|r| every_prev_row || !r.name_explicit()) {
        let Some(matches) = by_definition.get(&definition(left)) else {
            continue;
        };
        let [only] = matches.as_slice() else {
            continue;
        };
        let Some(row) = cur.get_mut(*only) else {
            continue;
        };
        let old_name = row.name_mut().clone();
        if old_name == left.name_str() {
            continue;
        }
        let old_key = row.id_key();
        *row.name_mut() = left.name_str().to_string();
        let new_key = row.id_key();
        if taken.contains(&new_key) {
            // Another row already holds that name: keep the generated one rather than collide.
            *row.name_mut() = old_name;
            continue;
        }
        taken.remove(&old_key);
        taken.insert(new_key);
    }
}

/// Inherit generated names of uniques, foreign keys, primary keys and indexes from `prev`.
pub fn inherit_names(prev: &PgDdl, mut cur: PgDdl) -> PgDdl {
    inherit_into(prev, &mut cur, false);
    cur
}

pub(super) fn inherit_into(prev: &PgDdl, cur: &mut PgDdl, every_prev_row: bool) {
    preserve(&prev.uniques, &mut cur.uniques, every_prev_row);
    preserve(&prev.fks, &mut cur.fks, every_prev_row);
    preserve(&prev.pks, &mut cur.pks, every_prev_row);
    preserve(&prev.indexes, &mut cur.indexes, every_prev_row);
}

/// The identity as Postgres holds it: every part cut to 63 bytes.
fn held_key<T: DiffRow>(row: &T) -> String {
    let parts: Vec<&str> = row.identity().into_iter().map(stored_name).collect();
    parts.join("\u{0}")
}

/// Renames (applied, never recorded or printed) that give a previous row the spelling of the
/// current row Postgres holds under the same name: a name over 63 bytes read back from the catalog
/// (push) or changed only past its 63rd byte (generate) is the same object, not a drop and a create
/// (nor a "rename or create?" question on every push), and a later drop or rename names the object
/// that exists. Parents come first (the emitter calls this kind by kind, after the parents'
/// renames), so only the last part of an identity can differ here.
pub(super) fn held_renames<T: DiffRow>(prev: &[T], cur: &[T]) -> Vec<Rename> {
    if prev.is_empty() || cur.is_empty() {
        return vec![];
    }
    let exact_prev: FastSet<Vec<&str>> = prev.iter().map(|r| r.identity()).collect();
    let exact_cur: FastSet<Vec<&str>> = cur.iter().map(|r| r.identity()).collect();
    let by_held: FastMap<String, &T> = cur
        .iter()
        .filter(|r| !exact_prev.contains(&r.identity()))
        .map(|r| (held_key(r), r))
        .collect();
    if by_held.is_empty() {
        return vec![];
    }
    prev.iter()
        .filter(|r| !exact_cur.contains(&r.identity()))
        .filter_map(|r| {
            let to = by_held.get(&held_key(r))?;
            let (from_id, to_id) = (r.identity(), to.identity());
            let same_parents = from_id.len() == to_id.len()
                && from_id
                    .iter()
                    .zip(&to_id)
                    .rev()
                    .skip(1)
                    .all(|(a, b)| a == b);
            if !same_parents {
                return None;
            }
            name_rename(r, to_id.last()?)
        })
        .collect()
}

/// An identity's sequence is named past 63 bytes the same way: the previous column takes the
/// current spelling when Postgres holds both as one name, so the identity is not seen as changed.
/// The previous state is copied only when a column changes (the diff borrows it until then).
pub(super) fn hold_identity_names(prev: &mut Cow<PgDdl>, cur: &PgDdl) {
    let current: FastMap<Vec<&str>, &str> = cur
        .columns
        .iter()
        .filter_map(|c| Some((c.identity(), c.identity.as_ref()?.name.as_str())))
        .collect();
    if current.is_empty() {
        return;
    }
    let held: Vec<(usize, &str)> = prev
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, column)| {
            let name = current.get(&column.identity()).copied()?;
            let identity = column.identity.as_ref()?;
            (identity.name != name && stored_name(&identity.name) == stored_name(name))
                .then_some((i, name))
        })
        .collect();
    if held.is_empty() {
        return;
    }
    let columns = &mut prev.to_mut().columns;
    for (i, name) in held {
        if let Some(identity) = columns.get_mut(i).and_then(|c| c.identity.as_mut()) {
            identity.name = name.to_string();
        }
    }
}

/// Every kind's held-name renames in turn, parents first (push, before the catalog is compared
/// with the schema at all; generate applies the same kind by kind between its own renames).
pub fn hold_names(prev: &mut PgDdl, cur: &PgDdl) -> crate::error::Result<()> {
    use super::rename::apply;
    let held = held_renames(&prev.sequences, &cur.sequences);
    apply(prev, &held)?;
    let held = held_renames(&prev.tables, &cur.tables);
    apply(prev, &held)?;
    let held = held_renames(&prev.columns, &cur.columns);
    apply(prev, &held)?;
    let mut held_identities = Cow::Borrowed(&*prev);
    hold_identity_names(&mut held_identities, cur);
    if let Cow::Owned(changed) = held_identities {
        *prev = changed;
    }
    macro_rules! kinds {
        ($($list:ident),*) => {$(
            let held = held_renames(&prev.$list, &cur.$list);
            apply(prev, &held)?;
        )*};
    }
    kinds!(uniques, checks, indexes, pks, fks, policies, views);
    Ok(())
}
