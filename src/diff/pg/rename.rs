//! Applying decided renames to the previous state. The cascade (a renamed column stays in its
//! indexes, keys and foreign keys; a moved table takes its columns and constraints along; a renamed
//! enum retypes its columns; a renamed role stays in its policies and grants) is the one the
//! snapshot reader applies to `rename` deltas, `snapshot::pg::state::State`, so a rename decided here
//! and the same rename read back from the written snapshot always reach the same state.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::pg::{Entity, PgDdl};
use crate::snapshot::pg::state::{readable_key, Delta, State};

use super::Rename;

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

/// Applies `renames` in order to `ddl`, with their cascades.
pub fn apply(ddl: &mut PgDdl, renames: &[Rename]) -> Result<()> {
    if renames.is_empty() {
        return Ok(());
    }
    let mut state = State::from_ddl(std::mem::take(ddl)).map_err(|key| {
        Error::internal(format!(
            "the previous state lists {} twice",
            readable_key(&key)
        ))
    })?;
    for rename in renames {
        let delta = Delta::Set {
            rename: true,
            key: rename.key.clone(),
            set: rename.set.clone(),
        };
        state.apply(&delta, true).map_err(|e| {
            Error::internal(format!(
                "the rename of {} cannot be applied: {}",
                readable_key(&rename.key),
                e.describe()
            ))
        })?;
    }
    *ddl = state.into_ddl();
    Ok(())
}
