//! The diff proper: resolve each kind in rc.5's order and apply its renames (`resolution`), let one
//! emitter per entity kind turn its rows into statement groups, then lay the groups out in rc.5's
//! fixed order — the one list below.

mod checks;
mod columns;
mod context;
mod enums;
mod fks;
mod indexes;
mod pks;
mod policies;
mod privileges;
mod resolution;
mod roles;
mod schemas;
mod sequences;
mod tables;
mod uniques;
mod views;

use crate::diff::hints::Hint;
use crate::error::Result;
use crate::model::pg::PgDdl;

use super::statement::Statement as S;
use super::{Mode, Plan};
use context::Ctx;
use resolution::Resolution;

// Each step's `emit` is `#[inline(never)]`: inlined, they made this one 66 kB wasm function (why that
// matters: the crate root, src/lib.rs).
pub fn run(prev: &PgDdl, cur: PgDdl, hints: &[Hint], mode: Mode) -> Result<Plan> {
    let r = resolution::resolve(prev, cur, hints, mode)?;
    if !r.unresolved.is_empty() && mode != Mode::Upgrade {
        return Ok(Plan {
            unresolved: r.unresolved,
            state: r.new,
            ..Plan::default()
        });
    }
    let cx = Ctx::new(&r.old, &r.new, &r.kinds, mode);

    let schemas = schemas::emit(&cx);
    let enums = enums::emit(&cx);
    let sequences = sequences::emit(&cx);
    let roles = roles::emit(&cx);
    let privileges = privileges::emit(&cx);
    let tables = tables::emit(&cx);
    let columns = columns::emit(&cx, &enums.recreated_columns);
    let indexes = indexes::emit(&cx, &columns.regenerated.indexes);
    let uniques = uniques::emit(&cx, &columns.regenerated.uniques);
    let pks = pks::emit(&cx);
    let checks = checks::emit(&cx);
    let fks = fks::emit(&cx, &columns.regenerated.fks);
    let policies = policies::emit(&cx);
    let views = views::emit(&cx, columns.retyped_tables());
    // The resolution's row lists and lookups are done with: freed before the statements are laid
    // out, which for a first migration copy every row of the state once more.
    drop(cx);
    let Resolution {
        old,
        new,
        kinds,
        renames,
        ..
    } = r;
    drop((old, kinds));
    let is_moved = |schema: &str, table: &str| tables.moved.contains(schema, table);

    // rc.5's group order.
    let groups: Vec<Vec<S>> = vec![
        schemas.create,
        schemas.rename,
        enums.create,
        enums.moves,
        enums.rename,
        enums.alter,
        sequences.create,
        sequences.moves,
        sequences.rename,
        sequences.alter,
        roles.rename,
        roles.create,
        roles.alter,
        privileges.revoke,
        privileges.grant,
        privileges.regrant,
        tables.create,
        views.drop,
        views.rename,
        views.moves,
        views.drop_recreated,
        views.alter,
        tables.rename,
        policies.drops_on_moved(false, is_moved),
        fks.drops_on_moved(false, is_moved),
        tables.drop,
        tables.moves,
        policies.drops_on_moved(true, is_moved),
        fks.drops_on_moved(true, is_moved),
        policies.rls,
        columns.rename,
        uniques.drop,
        checks.drop,
        checks.rename,
        indexes.rename,
        indexes.drop,
        pks.drop,
        fks.rename,
        columns.add,
        pks.add,
        pks.rename,
        enums.recreate,
        columns.recreate,
        columns.drop,
        pks.alter,
        columns.alter,
        indexes.recreate,
        uniques.rename,
        uniques.add,
        uniques.alter,
        indexes.create,
        fks.create,
        fks.recreate,
        checks.add,
        checks.alter,
        views.create,
        policies.rename,
        policies.create,
        policies.alter,
        roles.drop,
        enums.drop,
        sequences.drop,
        schemas.drop,
    ];
    // Sized once: a doubling vector of statements (hundreds of bytes each) holds half again as
    // much as it needs at its last growth.
    let mut out: Vec<S> = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    for group in groups {
        out.extend(group);
    }

    super::views::order_view_drops(&mut out);

    Ok(Plan {
        statements: out,
        renames,
        unresolved: vec![],
        warnings: vec![],
        state: new,
    })
}
