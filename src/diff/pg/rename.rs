//! Applying decided renames to the previous state. The cascade (a renamed column stays in its
//! indexes, keys and foreign keys; a moved table takes its columns and constraints along; a renamed
//! enum retypes its columns; a renamed role stays in its policies and grants) is the one the
//! snapshot reader applies to `rename` deltas, `snapshot::pg::state::State`, so a rename decided here
//! and the same rename read back from the written snapshot always reach the same state.

pub use crate::diff::rename::{name_rename, qualified_rename, rename_of};
use crate::error::{Error, Result};
use crate::model::pg::PgDdl;
use crate::snapshot::pg::state::{readable_key, Delta, State};

use super::Rename;

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
