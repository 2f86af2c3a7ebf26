//! What every emitter reads: both states once the renames are applied, each kind's resolution, the
//! table-scoped rows grouped by table, and the helpers more than one emitter needs.

use std::collections::{HashMap, HashSet};

use crate::model::pg::{PgDdl, Table};

use crate::diff::pg::statement::{Statement as S, TableDef};
use crate::diff::pg::Mode;

use super::resolution::Kinds;

pub(super) type TableKey = (String, String);

pub(super) fn tk(schema: &str, table: &str) -> TableKey {
    (schema.to_string(), table.to_string())
}

/// Row positions of every table-scoped kind, grouped by table, for O(1) "rows of table" lookups.
pub(super) struct ByTable {
    pub columns: HashMap<TableKey, Vec<usize>>,
    pub pks: HashMap<TableKey, Vec<usize>>,
    pub fks: HashMap<TableKey, Vec<usize>>,
    pub fks_to: HashMap<TableKey, Vec<usize>>,
    pub uniques: HashMap<TableKey, Vec<usize>>,
    pub checks: HashMap<TableKey, Vec<usize>>,
    pub indexes: HashMap<TableKey, Vec<usize>>,
    pub policies: HashMap<TableKey, Vec<usize>>,
}

fn group<T>(rows: &[T], key: impl Fn(&T) -> TableKey) -> HashMap<TableKey, Vec<usize>> {
    let mut m: HashMap<TableKey, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        m.entry(key(r)).or_default().push(i);
    }
    m
}

impl ByTable {
    fn new(d: &PgDdl) -> Self {
        ByTable {
            columns: group(&d.columns, |r| tk(&r.schema, &r.table)),
            pks: group(&d.pks, |r| tk(&r.schema, &r.table)),
            fks: group(&d.fks, |r| tk(&r.schema, &r.table)),
            fks_to: group(&d.fks, |r| tk(&r.schema_to, &r.table_to)),
            uniques: group(&d.uniques, |r| tk(&r.schema, &r.table)),
            checks: group(&d.checks, |r| tk(&r.schema, &r.table)),
            indexes: group(&d.indexes, |r| tk(&r.schema, &r.table)),
            policies: group(&d.policies, |r| tk(&r.schema, &r.table)),
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
    pub old_by: ByTable,
    pub new_by: ByTable,
    pub push: bool,
    created_tables: HashSet<TableKey>,
    deleted_tables: HashSet<TableKey>,
}

impl<'a> Ctx<'a> {
    pub fn new(old: &'a PgDdl, new: &'a PgDdl, kinds: &'a Kinds, mode: Mode) -> Self {
        let keys = |list: &[Table]| list.iter().map(|t| tk(&t.schema, &t.name)).collect();
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
        self.created_tables.contains(&tk(schema, table))
    }

    /// Whether the table is dropped by this diff (its parts then go with `DROP TABLE`).
    pub fn table_deleted(&self, schema: &str, table: &str) -> bool {
        self.deleted_tables.contains(&tk(schema, table))
    }

    /// Whether the current state's primary key of the table includes `column`.
    pub fn pk_contains(&self, schema: &str, table: &str, column: &str) -> bool {
        self.new_by.pks.get(&tk(schema, table)).is_some_and(|v| {
            v.iter()
                .filter_map(|i| self.new.pks.get(*i))
                .any(|p| p.columns.iter().any(|c| c == column))
        })
    }

    /// A table of the current state with everything `CREATE TABLE` / `DROP TABLE` print.
    pub fn table_def(&self, t: &Table) -> TableDef {
        let (d, by) = (self.new, &self.new_by);
        let k = tk(&t.schema, &t.name);
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
