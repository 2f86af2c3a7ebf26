//! The first half of the diff: each kind's rows are compared and its renames decided, in rc.5's
//! order (schema, enum, sequence, role, table, column, then the table-scoped kinds and views). Each
//! kind's decided renames are applied to the previous state before the next kind is compared, so
//! later kinds see the renamed parents.

use std::borrow::Cow;

use crate::diff::hints::{Hint, Unresolved};
use crate::error::Result;
use crate::model::pg::{
    Check, Column, Enum, ForeignKey, Index, PgDdl, Policy, PrimaryKey, Privilege, Role, Schema,
    Sequence, Table, Unique, View,
};

use crate::diff::pg::resolve::{Resolved, Resolver};
use crate::diff::pg::rows::{diff_rows, Alter, KindDiff};
use crate::diff::pg::{names, rename, Mode, Rename};

use super::policies;

/// The renames applied to the previous state, copied only when there is one to apply.
fn apply(old: &mut Cow<PgDdl>, renames: &[Rename]) -> Result<()> {
    if renames.is_empty() {
        return Ok(());
    }
    rename::apply(old.to_mut(), renames)
}

/// Every kind's created, dropped and renamed rows.
pub(super) struct Kinds {
    pub schemas: Resolved<Schema>,
    pub enums: Resolved<Enum>,
    pub sequences: Resolved<Sequence>,
    pub roles: Resolved<Role>,
    pub tables: Resolved<Table>,
    /// Privileges are never renamed: created and dropped only.
    pub privileges: KindDiff<Privilege>,
    pub columns: Resolved<Column>,
    pub uniques: Resolved<Unique>,
    pub checks: Resolved<Check>,
    pub indexes: Resolved<Index>,
    pub pks: Resolved<PrimaryKey>,
    pub fks: Resolved<ForeignKey>,
    pub policies: Resolved<Policy>,
    pub views: Resolved<View>,
}

/// The resolution: the previous state with the renames applied, the current state with the names
/// it inherits, and the questions still open.
pub(super) struct Resolution<'a> {
    /// Borrowed until a rename changes it: most diffs rename nothing, and a copy of the previous
    /// state (a whole schema for push, and for a `down.sql`, whose previous state is the new one)
    /// was held through the whole diff.
    pub old: Cow<'a, PgDdl>,
    pub new: PgDdl,
    pub kinds: Kinds,
    pub renames: Vec<Rename>,
    pub unresolved: Vec<Unresolved>,
}

#[inline(never)]
pub(super) fn resolve<'a>(
    prev: &'a PgDdl,
    cur: PgDdl,
    hints: &[Hint],
    mode: Mode,
) -> Result<Resolution<'a>> {
    let push = mode == Mode::Push;
    let mut old = Cow::Borrowed(prev);
    let mut new = cur;
    let mut q = Resolver::new(hints);
    let mut renames: Vec<Rename> = Vec::new();

    let mut record = |old: &mut Cow<PgDdl>, batch: Vec<Rename>| -> Result<()> {
        apply(old, &batch)?;
        renames.extend(batch);
        Ok(())
    };

    let d = diff_rows(&old.schemas, &new.schemas);
    let schemas = q.resolve("schema", d.created, d.dropped)?;
    let batch = schemas
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::name_rename(f, &t.name))
        .collect();
    record(&mut old, batch)?;

    let d = diff_rows(&old.enums, &new.enums);
    let enums = q.resolve("enum", d.created, d.dropped)?;
    let batch = enums
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::qualified_rename(f, (&t.schema, &t.name)))
        .collect();
    record(&mut old, batch)?;

    let held = names::held_renames(&old.sequences, &new.sequences);
    apply(&mut old, &held)?;
    let d = diff_rows(&old.sequences, &new.sequences);
    let sequences = q.resolve("sequence", d.created, d.dropped)?;
    let batch = sequences
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::qualified_rename(f, (&t.schema, &t.name)))
        .collect();
    record(&mut old, batch)?;

    let d = diff_rows(&old.roles, &new.roles);
    let roles = q.resolve("role", d.created, d.dropped)?;
    let batch = roles
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::name_rename(f, &t.name))
        .collect();
    record(&mut old, batch)?;

    let held = names::held_renames(&old.tables, &new.tables);
    apply(&mut old, &held)?;
    let d = diff_rows(&old.tables, &new.tables);
    let tables = q.resolve("table", d.created, d.dropped)?;
    let batch = tables
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::qualified_rename(f, (&t.schema, &t.name)))
        .collect();
    record(&mut old, batch)?;

    let privileges = diff_rows(&old.privileges, &new.privileges);

    let held = names::held_renames(&old.columns, &new.columns);
    apply(&mut old, &held)?;
    names::hold_identity_names(&mut old, &new);
    let d = diff_rows(&old.columns, &new.columns);
    let columns = q.resolve_per_table("column", d.created, d.dropped)?;
    let batch = columns
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::name_rename(f, &t.name))
        .collect();
    record(&mut old, batch)?;

    names::inherit_into(&old, &mut new, push);

    macro_rules! leaf_renames {
        ($list:ident, $kind:literal) => {{
            let held = names::held_renames(&old.$list, &new.$list);
            apply(&mut old, &held)?;
            let d = diff_rows(&old.$list, &new.$list);
            let r = q.resolve_per_table($kind, d.created, d.dropped)?;
            let batch = r
                .renamed
                .iter()
                .filter_map(|(f, t)| rename::name_rename(f, &t.name))
                .collect();
            record(&mut old, batch)?;
            r
        }};
    }
    let uniques = leaf_renames!(uniques, "unique");
    let checks = leaf_renames!(checks, "check");

    let held = names::held_renames(&old.indexes, &new.indexes);
    apply(&mut old, &held)?;
    let d = diff_rows(&old.indexes, &new.indexes);
    // An index that moved to another table is dropped and created, never a rename question.
    let moved_indexes: Vec<Alter<_>> = d
        .altered
        .into_iter()
        .filter(|a| a.left.table != a.right.table)
        .collect();
    let mut indexes = q.resolve_per_table("index", d.created, d.dropped)?;
    for a in moved_indexes {
        indexes.dropped.push(a.left);
        indexes.created.push(a.right);
    }
    let batch = indexes
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::name_rename(f, &t.name))
        .collect();
    record(&mut old, batch)?;
    let pks = leaf_renames!(pks, "primary_key");
    let fks = leaf_renames!(fks, "foreign key");
    let policies = leaf_renames!(policies, "policy");

    let held = names::held_renames(&old.views, &new.views);
    apply(&mut old, &held)?;
    let d = diff_rows(&old.views, &new.views);
    let views = q.resolve("view", d.created, d.dropped)?;
    let batch = views
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::qualified_rename(f, (&t.schema, &t.name)))
        .collect();
    record(&mut old, batch)?;

    policies::keep_role_order(&old, &mut new);

    Ok(Resolution {
        old,
        new,
        kinds: Kinds {
            schemas,
            enums,
            sequences,
            roles,
            tables,
            privileges,
            columns,
            uniques,
            checks,
            indexes,
            pks,
            fks,
            policies,
            views,
        },
        renames,
        unresolved: q.unresolved,
    })
}
