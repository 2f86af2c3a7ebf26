//! What every emitter reads: both states once the renames are applied, each kind's resolution, the
//! table-scoped rows grouped by table, and the helpers more than one emitter needs.

use crate::fasthash::{FastMap, FastSet};

use crate::model::pg::{PgDdl, Table};

use crate::diff::pg::statement::{Statement as S, TableDef};
use crate::diff::pg::Mode;

use super::resolution::Kinds;

pub(super) type TableKey = (String, String);

/// `(schema, table)` borrowed from a state: looked up per row, so no key is built per lookup.
pub(super) type TableRef<'a> = (&'a str, &'a str);

/// Row positions of every table-scoped kind, grouped by table, for O(1) "rows of table" lookups.
pub(super) struct ByTable<'a> {
    pub columns: FastMap<TableRef<'a>, Vec<usize>>,
    pub pks: FastMap<TableRef<'a>, Vec<usize>>,
    pub fks: FastMap<TableRef<'a>, Vec<usize>>,
    pub fks_to: FastMap<TableRef<'a>, Vec<usize>>,
    pub uniques: FastMap<TableRef<'a>, Vec<usize>>,
    pub checks: FastMap<TableRef<'a>, Vec<usize>>,
    pub indexes: FastMap<TableRef<'a>, Vec<usize>>,
    pub policies: FastMap<TableRef<'a>, Vec<usize>>,
}

fn group<'a, T>(
    rows: &'a [T],
    key: impl Fn(&'a T) -> TableRef<'a>,
) -> FastMap<TableRef<'a>, Vec<usize>> {
    let mut m: FastMap<TableRef<'a>, Vec<usize>> = FastMap::default();
    for (i, r) in rows.iter().enumerate() {
        m.entry(key(r)).or_default().push(i);
    }
    m
}

impl<'a> ByTable<'a> {
    fn new(d: &'a PgDdl) -> Self {
        ByTable {
            columns: group(&d.columns, |r| (&r.schema, &r.table)),
            pks: group(&d.pks, |r| (&r.schema, &r.table)),
            fks: group(&d.fks, |r| (&r.schema, &r.table)),
            fks_to: group(&d.fks, |r| (&r.schema_to, &r.table_to)),
            uniques: group(&d.uniques, |r| (&r.schema, &r.table)),
            checks: group(&d.checks, |r| (&r.schema, &r.table)),
            indexes: group(&d.indexes, |r| (&r.schema, &r.table)),
            policies: group(&d.policies, |r| (&r.schema, &r.table)),
        }
    }
}

pub(super) fn pick<T: Clone>(rows: &[T], idx: Option<&Vec<usize>>) -> Vec<T> {
    idx.map(|v| v.iter().filter_map(|i| rows.get(*i).cloned()).collect())
        .unwrap_or_default()
}

/// rc.5's `trimChar`: strips every leading and trailing `c`.
pub(super) fn trim_char(s: &str, c: char) -> &str {
    s.trim_start_matches(c).trim_end_matches(c)
}

/// The shared input of the emitters.
pub(super) struct Ctx<'a> {
    /// The previous state, every decided rename applied.
    pub old: &'a PgDdl,
    pub new: &'a PgDdl,
    pub kinds: &'a Kinds,
    pub old_by: ByTable<'a>,
    pub new_by: ByTable<'a>,
    pub push: bool,
    created_tables: FastSet<TableRef<'a>>,
    deleted_tables: FastSet<TableRef<'a>>,
}

impl<'a> Ctx<'a> {
    pub fn new(old: &'a PgDdl, new: &'a PgDdl, kinds: &'a Kinds, mode: Mode) -> Self {
        let keys = |list: &'a [Table]| {
            list.iter()
                .map(|t| (t.schema.as_str(), t.name.as_str()))
                .collect()
        };
        Ctx {
            old,
            new,
            kinds,
            old_by: ByTable::new(old),
            new_by: ByTable::new(new),
            push: mode == Mode::Push,
            created_tables: keys(&kinds.tables.created),
            deleted_tables: keys(&kinds.tables.dropped),
        }
    }

    /// Whether the table is created by this diff (its parts then come with `CREATE TABLE`).
    pub fn table_created(&self, schema: &str, table: &str) -> bool {
        self.created_tables.contains(&(schema, table))
    }

    /// Whether the table is dropped by this diff (its parts then go with `DROP TABLE`).
    pub fn table_deleted(&self, schema: &str, table: &str) -> bool {
        self.deleted_tables.contains(&(schema, table))
    }

    /// Whether the current state's primary key of the table includes `column`.
    pub fn pk_contains(&self, schema: &str, table: &str, column: &str) -> bool {
        self.new_by.pks.get(&(schema, table)).is_some_and(|v| {
            v.iter()
                .filter_map(|i| self.new.pks.get(*i))
                .any(|p| p.columns.iter().any(|c| c == column))
        })
    }

    /// A table of the current state with everything `CREATE TABLE` / `DROP TABLE` print.
    pub fn table_def(&self, t: &Table) -> TableDef {
        let (d, by) = (self.new, &self.new_by);
        let k = (t.schema.as_str(), t.name.as_str());
        TableDef {
            schema: t.schema.clone(),
            name: t.name.clone(),
            is_rls_enabled: t.is_rls_enabled,
            columns: pick(&d.columns, by.columns.get(&k)),
            pk: pick(&d.pks, by.pks.get(&k)).into_iter().next(),
            fks: pick(&d.fks, by.fks.get(&k)),
            uniques: pick(&d.uniques, by.uniques.get(&k)),
            checks: pick(&d.checks, by.checks.get(&k)),
            indexes: pick(&d.indexes, by.indexes.get(&k)),
            policies: pick(&d.policies, by.policies.get(&k)),
        }
    }
}

/// The statement for a renamed table-scoped constraint (unique, primary key, check, foreign key).
pub(super) fn rename_constraint(
    entity_type: &str,
    schema: &str,
    table: &str,
    from: &str,
    to: &str,
    columns: Vec<String>,
) -> S {
    S::RenameConstraint {
        entity_type: entity_type.into(),
        schema: schema.into(),
        table: table.into(),
        from: from.into(),
        to: to.into(),
        columns,
    }
}
