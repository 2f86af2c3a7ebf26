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

pub fn run(prev: &PgDdl, cur: &PgDdl, hints: &[Hint], mode: Mode) -> Result<Plan> {
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
    let is_moved = |schema: &str, table: &str| tables.moved.contains(schema, table);

    // rc.5's group order.
    let mut out: Vec<S> = Vec::new();
    out.extend(schemas.create);
    out.extend(schemas.rename);
    out.extend(enums.create);
    out.extend(enums.moves);
    out.extend(enums.rename);
    out.extend(enums.alter);
    out.extend(sequences.create);
    out.extend(sequences.moves);
    out.extend(sequences.rename);
    out.extend(sequences.alter);
    out.extend(roles.rename);
    out.extend(roles.create);
    out.extend(roles.alter);
    out.extend(privileges.revoke);
    out.extend(privileges.grant);
    out.extend(privileges.regrant);
    out.extend(tables.create);
    out.extend(views.drop);
    out.extend(views.rename);
    out.extend(views.moves);
    out.extend(views.drop_recreated);
    out.extend(views.alter);
    out.extend(tables.rename);
    out.extend(policies.drops_on_moved(false, is_moved));
    out.extend(fks.drops_on_moved(false, is_moved));
    out.extend(tables.drop);
    out.extend(tables.moves);
    out.extend(policies.drops_on_moved(true, is_moved));
    out.extend(fks.drops_on_moved(true, is_moved));
    out.extend(policies.rls);
    out.extend(columns.rename);
    out.extend(uniques.drop);
    out.extend(checks.drop);
    out.extend(checks.rename);
    out.extend(indexes.rename);
    out.extend(indexes.drop);
    out.extend(pks.drop);
    out.extend(fks.rename);
    out.extend(columns.add);
    out.extend(pks.add);
    out.extend(pks.rename);
    out.extend(enums.recreate);
    out.extend(columns.recreate);
    out.extend(columns.drop);
    out.extend(pks.alter);
    out.extend(columns.alter);
    out.extend(indexes.recreate);
    out.extend(uniques.rename);
    out.extend(uniques.add);
    out.extend(uniques.alter);
    out.extend(indexes.create);
    out.extend(fks.create);
    out.extend(fks.recreate);
    out.extend(checks.add);
    out.extend(checks.alter);
    out.extend(views.create);
    out.extend(policies.rename);
    out.extend(policies.create);
    out.extend(policies.alter);
    out.extend(roles.drop);
    out.extend(enums.drop);
    out.extend(sequences.drop);
    out.extend(schemas.drop);

    super::views::order_view_drops(&mut out);

    drop(cx);
    Ok(Plan {
        statements: out,
        renames: r.renames,
        unresolved: vec![],
        warnings: vec![],
        state: r.new,
    })
}
