//! Renames as snapshot deltas record them (`key` of the old row + the fields that change), built
//! the same way for every wing.

use serde_json::{Map, Value};

use crate::model::Entity;
use crate::snapshot::Rename;

/// The rename of `row` setting each `(field, old, new)` whose value really changes; `None` when
/// nothing does (rc.5 records no delta then).
pub fn rename_of<E: Entity>(row: &E, fields: &[(&str, &str, &str)]) -> Option<Rename> {
    let mut set = Map::new();
    for (field, old, new) in fields {
        if old != new {
            set.insert((*field).to_string(), Value::String((*new).to_string()));
        }
    }
    (!set.is_empty()).then(|| Rename {
        key: row.key(),
        set,
    })
}

/// Renames (or moves) an entity identified by `[schema, name]`.
pub fn qualified_rename<E: Entity>(from: &E, to: (&str, &str)) -> Option<Rename> {
    let identity = from.identity();
    let (schema, name) = match identity.as_slice() {
        [schema, name] => (*schema, *name),
        _ => return None,
    };
    rename_of(from, &[("name", name, to.1), ("schema", schema, to.0)])
}

/// Renames an entity whose identity ends with its name (schemas, roles, columns, constraints).
pub fn name_rename<E: Entity>(from: &E, to: &str) -> Option<Rename> {
    let identity = from.identity();
    let name = identity.last().copied()?;
    rename_of(from, &[("name", name, to)])
}
