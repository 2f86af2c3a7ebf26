//! MySQL diff: two states → typed statements in rc.5's order (create tables, drop foreign keys,
//! drop tables, rename tables, rename columns, drop views, alter views, drop checks, drop indexes,
//! drop primary keys, alter columns, recreate columns, add columns, create primary keys, create
//! indexes, create foreign keys, create checks, drop columns, create views).
//!
//! Renames of tables and columns are asked (and answered by hints) as rc.5 asks them, and applied
//! to the previous state before anything else is compared. A foreign key or unique index whose name
//! was generated keeps the name the previous state gave it while its definition is unchanged
//! (rc.5 does not rename it when a table or column it names is renamed).

pub mod statement;

use std::collections::{HashMap, HashSet};

use crate::diff::hints::Hint;
use crate::diff::resolve::Resolver;
use crate::diff::rows::{diff_rows, DiffRow, KindDiff};
use crate::diff::{Mode, Plan};
use crate::error::Result;
use crate::model::mysql::grammar::PRIMARY;
use crate::model::mysql::{
    Check, Column, ForeignKey, Index, Mysql, MysqlDdl, PrimaryKey, Table, View,
};
use crate::model::{first_by_key, group};
pub use statement::Statement;

/// The schema rc.5's hints name for MySQL entities.
const PUBLIC: &str = "public";

impl DiffRow for Table {
    fn hint_id(&self) -> Vec<String> {
        vec![PUBLIC.into(), self.name.clone()]
    }
    fn scope(&self) -> (&str, &str) {
        ("", "")
    }
}

impl DiffRow for View {
    fn hint_id(&self) -> Vec<String> {
        vec![PUBLIC.into(), self.name.clone()]
    }
    fn scope(&self) -> (&str, &str) {
        ("", "")
    }
}

macro_rules! scoped {
    ($($t:ty),*) => {$(
        impl DiffRow for $t {
            fn hint_id(&self) -> Vec<String> {
                vec![PUBLIC.into(), self.table.clone(), self.name.clone()]
            }
            fn scope(&self) -> (&str, &str) {
                (PUBLIC, &self.table)
            }
        }
    )*};
}
scoped!(Column, PrimaryKey, ForeignKey, Index, Check);

impl crate::diff::Differ for Mysql {
    type Statement = Statement;
    fn diff(
        prev: &MysqlDdl,
        cur: MysqlDdl,
        hints: &[Hint],
        mode: Mode,
    ) -> Result<Plan<MysqlDdl, Statement>> {
        diff(prev, &cur, hints, mode)
    }
    fn order(_statements: &mut [Statement], _facts: &()) {}
}

pub fn diff(
    prev: &MysqlDdl,
    cur: &MysqlDdl,
    hints: &[Hint],
    mode: Mode,
) -> Result<Plan<MysqlDdl, Statement>> {
    let mut resolver = Resolver::new(hints);
    let mut prev = prev.clone();
    let mut cur = cur.clone();

    // Tables: renamed ones are moved in the previous state before anything else is compared.
    let tables = diff_rows(&prev.tables, &cur.tables);
    let tables = resolver.resolve("table", tables.created, tables.dropped)?;
    let mut table_renames = Vec::new();
    for (from, to) in &tables.renamed {
        rename_table(&mut prev, &from.name, &to.name);
        table_renames.push((from.name.clone(), to.name.clone()));
    }
    let created_tables: HashSet<&str> = tables.created.iter().map(|t| t.name.as_str()).collect();
    let dropped_tables: HashSet<&str> = tables.dropped.iter().map(|t| t.name.as_str()).collect();

    // Columns of the tables both states have.
    let columns = diff_rows(&prev.columns, &cur.columns);
    let created_cols: Vec<Column> = columns
        .created
        .into_iter()
        .filter(|c| !created_tables.contains(c.table.as_str()))
        .collect();
    let dropped_cols: Vec<Column> = columns
        .dropped
        .into_iter()
        .filter(|c| !dropped_tables.contains(c.table.as_str()))
        .collect();
    let columns = resolver.resolve_per_table("column", created_cols, dropped_cols)?;
    let mut column_renames = Vec::new();
    for (from, to) in &columns.renamed {
        rename_column(&mut prev, &from.table, &from.name, &to.name);
        column_renames.push((to.table.clone(), from.name.clone(), to.name.clone()));
    }

    let views = diff_rows(&prev.views, &cur.views);
    let views = resolver.resolve("view", views.created, views.dropped)?;

    if !resolver.unresolved.is_empty() && mode != Mode::Upgrade {
        return Ok(Plan {
            unresolved: resolver.unresolved,
            ..Plan::default()
        });
    }

    inherit_generated_names(&prev, &mut cur);

    let kept = |table: &str| !created_tables.contains(table) && !dropped_tables.contains(table);
    let mut out: Vec<Statement> = Vec::new();

    // create tables (their rows grouped by table once: a filter over every row per created table
    // was quadratic when generate creates a thousand)
    let columns_by_table = group(&cur.columns, |c| c.table.as_str());
    let pks_by_table = first_by_key(&cur.pks, |p| p.table.as_str());
    let uniques_by_table = group(&cur.indexes, |i| i.table.as_str());
    let checks_by_table = group(&cur.checks, |c| c.table.as_str());
    for t in &cur.tables {
        if created_tables.contains(t.name.as_str()) {
            let key = t.name.as_str();
            out.push(Statement::CreateTable {
                table: t.name.clone(),
                columns: columns_by_table
                    .get(key)
                    .into_iter()
                    .flatten()
                    .map(|&c| c.clone())
                    .collect(),
                pk: pks_by_table.get(key).map(|&p| p.clone()),
                uniques: uniques_by_table
                    .get(key)
                    .into_iter()
                    .flatten()
                    .filter(|i| i.is_unique)
                    .map(|&i| i.clone())
                    .collect(),
                checks: checks_by_table
                    .get(key)
                    .into_iter()
                    .flatten()
                    .map(|&c| c.clone())
                    .collect(),
            });
        }
    }

    let indexes = diff_rows(&prev.indexes, &cur.indexes);
    let pks = diff_rows(&prev.pks, &cur.pks);
    let holds_auto_increment = |pk: &PrimaryKey| {
        cur.columns
            .iter()
            .any(|c| c.table == pk.table && c.auto_increment && pk.columns.contains(&c.name))
    };
    let fks = diff_rows(&prev.fks, &cur.fks);
    let prev_servers = prev.key_servers();
    let served_before = |table: &str, columns: &[String]| {
        prev_servers
            .get(&(table, columns.iter().map(String::as_str).collect()))
            .map(Vec::as_slice)
            .unwrap_or_default()
            .to_vec()
    };
    let rebuilt = fks_losing_their_index(
        &prev,
        &fks,
        &indexes,
        &pks,
        &kept,
        &holds_auto_increment,
        &served_before,
    );

    // drop foreign keys: removed ones (on kept tables with the index MySQL made for them, which
    // exists only when no index of the table served the key), then changed ones, then the unchanged
    // ones whose only index the plan drops (InnoDB refuses that drop; they are added back after)
    // (rc.5 drops the keys of dropped tables too, which lets tables that reference each other go)
    for fk in &fks.dropped {
        out.push(Statement::DropFk {
            fk: fk.clone(),
            with_index: kept(&fk.table) && served_before(&fk.table, &fk.columns).is_empty(),
        });
    }
    for a in fks.altered.iter().filter(|a| kept(&a.right.table)) {
        out.push(Statement::DropFk {
            fk: a.left.clone(),
            with_index: false,
        });
    }
    for fk in &rebuilt {
        out.push(Statement::DropFk {
            fk: fk.clone(),
            with_index: false,
        });
    }

    for t in &tables.dropped {
        out.push(Statement::DropTable {
            table: t.name.clone(),
        });
    }
    for (from, to) in table_renames {
        out.push(Statement::RenameTable { from, to });
    }
    for (table, from, to) in column_renames {
        out.push(Statement::RenameColumn { table, from, to });
    }

    // views: dropped, then changed ones replaced in place
    let view_diff = diff_rows(&prev.views, &cur.views);
    for v in &views.dropped {
        out.push(Statement::DropView {
            name: v.name.clone(),
        });
    }
    for (from, to) in &views.renamed {
        out.push(Statement::RenameView {
            from: from.name.clone(),
            to: to.name.clone(),
        });
    }
    for a in &view_diff.altered {
        out.push(Statement::CreateView {
            view: a.right.clone(),
            replace: true,
        });
    }

    // checks: rc.5 never sees a changed check; sleet drops and re-creates it
    let checks = diff_rows(&prev.checks, &cur.checks);
    for c in checks.dropped.iter().filter(|c| kept(&c.table)) {
        out.push(Statement::DropCheck { check: c.clone() });
    }
    for a in checks.altered.iter().filter(|a| kept(&a.right.table)) {
        out.push(Statement::DropCheck {
            check: a.left.clone(),
        });
    }

    // indexes: a changed one (columns or uniqueness; rc.5 sees neither) is dropped and re-created
    let changed_indexes: Vec<&Index> = indexes
        .altered
        .iter()
        .filter(|a| kept(&a.right.table) && (a.has("columns") || a.has("isUnique")))
        .map(|a| &a.right)
        .collect();
    for i in indexes.dropped.iter().filter(|i| kept(&i.table)) {
        out.push(Statement::DropIndex { index: i.clone() });
    }
    for a in indexes.altered.iter().filter(|a| kept(&a.right.table)) {
        if a.has("columns") || a.has("isUnique") {
            out.push(Statement::DropIndex {
                index: a.left.clone(),
            });
        }
    }

    // primary keys: a changed key is dropped and added; one holding an AUTO_INCREMENT column is
    // replaced in one statement, because MySQL refuses to leave that column without a key even
    // between two statements (rc.5 drops it alone and the migration fails)
    for p in pks.dropped.iter().filter(|p| kept(&p.table)) {
        out.push(Statement::DropPk { pk: p.clone() });
    }
    for a in pks.altered.iter().filter(|a| kept(&a.right.table)) {
        if !holds_auto_increment(&a.left) {
            out.push(Statement::DropPk { pk: a.left.clone() });
        }
    }

    // columns
    let col_diff = diff_rows(&prev.columns, &cur.columns);
    let mut recreated = Vec::new();
    for a in col_diff.altered.iter().filter(|a| kept(&a.right.table)) {
        if a.has("generated") {
            recreated.push(a.right.clone());
        } else {
            out.push(Statement::ModifyColumn {
                column: a.right.clone(),
            });
        }
    }
    for c in recreated {
        out.push(Statement::RecreateColumn { column: c });
    }
    for c in &columns.created {
        out.push(Statement::AddColumn { column: c.clone() });
    }

    for p in pks.created.iter().filter(|p| kept(&p.table)) {
        out.push(Statement::AddPk { pk: p.clone() });
    }
    for a in pks.altered.iter().filter(|a| kept(&a.right.table)) {
        if holds_auto_increment(&a.left) {
            out.push(Statement::ReplacePk {
                pk: a.right.clone(),
            });
        } else {
            out.push(Statement::AddPk {
                pk: a.right.clone(),
            });
        }
    }

    // create indexes, in state order: new ones on kept tables, non-unique ones of created tables
    // (the unique ones are part of CREATE TABLE), and changed ones
    let created_index_keys: HashSet<(&str, &str)> = indexes
        .created
        .iter()
        .map(|i| (i.table.as_str(), i.name.as_str()))
        .collect();
    for i in &cur.indexes {
        let new_on_kept = kept(&i.table) && created_index_keys.contains(&(&i.table, &i.name));
        let part_of_new_table = created_tables.contains(i.table.as_str()) && !i.is_unique;
        let changed = changed_indexes
            .iter()
            .any(|c| c.table == i.table && c.name == i.name);
        if new_on_kept || part_of_new_table || changed {
            out.push(Statement::CreateIndex { index: i.clone() });
        }
    }

    for fk in &fks.created {
        out.push(Statement::CreateFk { fk: fk.clone() });
    }
    for a in fks.altered.iter().filter(|a| kept(&a.right.table)) {
        out.push(Statement::CreateFk {
            fk: a.right.clone(),
        });
    }
    for fk in rebuilt {
        out.push(Statement::CreateFk { fk });
    }

    for c in checks.created.iter().filter(|c| kept(&c.table)) {
        out.push(Statement::CreateCheck { check: c.clone() });
    }
    for a in checks.altered.iter().filter(|a| kept(&a.right.table)) {
        out.push(Statement::CreateCheck {
            check: a.right.clone(),
        });
    }

    for c in &columns.dropped {
        out.push(Statement::DropColumn {
            table: c.table.clone(),
            name: c.name.clone(),
        });
    }

    for v in &views.created {
        out.push(Statement::CreateView {
            view: v.clone(),
            replace: false,
        });
    }

    Ok(Plan {
        statements: out,
        renames: vec![],
        unresolved: resolver.unresolved,
        warnings: vec![],
        state: cur,
    })
}

/// The unchanged foreign keys of kept tables whose every serving index (on their own table or on
/// the referenced one) the plan drops: InnoDB refuses to drop the last index a key needs ("Cannot
/// drop index …: needed in a foreign key constraint"), so the key is dropped before the indexes
/// and added back after the new ones (then served by a new index, or by one InnoDB makes for it).
/// rc.5 drops the index alone and the migration fails.
fn fks_losing_their_index<'a>(
    prev: &MysqlDdl,
    fks: &KindDiff<ForeignKey>,
    indexes: &KindDiff<Index>,
    pks: &KindDiff<PrimaryKey>,
    kept: &dyn Fn(&str) -> bool,
    holds_auto_increment: &dyn Fn(&PrimaryKey) -> bool,
    served_before: &dyn Fn(&str, &[String]) -> Vec<&'a str>,
) -> Vec<ForeignKey> {
    let dropped_indexes: HashSet<(&str, &str)> = indexes
        .dropped
        .iter()
        .chain(
            indexes
                .altered
                .iter()
                .filter(|a| a.has("columns") || a.has("isUnique"))
                .map(|a| &a.left),
        )
        .filter(|i| kept(&i.table))
        .map(|i| (i.table.as_str(), i.name.as_str()))
        .collect();
    let dropped_pks: HashSet<&str> = pks
        .dropped
        .iter()
        .chain(
            pks.altered
                .iter()
                .filter(|a| !holds_auto_increment(&a.left))
                .map(|a| &a.left),
        )
        .filter(|p| kept(&p.table))
        .map(|p| p.table.as_str())
        .collect();
    // Served before the plan, and by nothing the plan leaves in place.
    let loses = |table: &str, columns: &[String]| {
        let serving = served_before(table, columns);
        !serving.is_empty()
            && serving.iter().all(|name| {
                if *name == PRIMARY {
                    dropped_pks.contains(table)
                } else {
                    dropped_indexes.contains(&(table, *name))
                }
            })
    };
    let changed: HashSet<(&str, &str)> = fks
        .dropped
        .iter()
        .chain(fks.altered.iter().map(|a| &a.left))
        .map(|f| (f.table.as_str(), f.name.as_str()))
        .collect();
    prev.fks
        .iter()
        .filter(|f| !changed.contains(&(f.table.as_str(), f.name.as_str())))
        .filter(|f| kept(&f.table) && kept(&f.table_to))
        .filter(|f| loses(&f.table, &f.columns) || loses(&f.table_to, &f.columns_to))
        .cloned()
        .collect()
}

// Out of line, as `rename_column`, so that `diff` stays small for a host's JIT (src/lib.rs).
#[inline(never)]
fn rename_table(ddl: &mut MysqlDdl, from: &str, to: &str) {
    let set = |t: &mut String| {
        if t == from {
            *t = to.to_string();
        }
    };
    ddl.tables.iter_mut().for_each(|t| set(&mut t.name));
    ddl.columns.iter_mut().for_each(|c| set(&mut c.table));
    ddl.pks.iter_mut().for_each(|p| set(&mut p.table));
    ddl.indexes.iter_mut().for_each(|i| set(&mut i.table));
    ddl.checks.iter_mut().for_each(|c| set(&mut c.table));
    for fk in &mut ddl.fks {
        set(&mut fk.table);
        set(&mut fk.table_to);
    }
}

#[inline(never)]
fn rename_column(ddl: &mut MysqlDdl, table: &str, from: &str, to: &str) {
    let set_all = |cols: &mut Vec<String>| {
        for c in cols.iter_mut().filter(|c| *c == from) {
            *c = to.to_string();
        }
    };
    for c in ddl
        .columns
        .iter_mut()
        .filter(|c| c.table == table && c.name == from)
    {
        c.name = to.to_string();
    }
    for p in ddl.pks.iter_mut().filter(|p| p.table == table) {
        set_all(&mut p.columns);
    }
    for fk in &mut ddl.fks {
        if fk.table == table {
            set_all(&mut fk.columns);
        }
        if fk.table_to == table {
            set_all(&mut fk.columns_to);
        }
    }
    for i in ddl.indexes.iter_mut().filter(|i| i.table == table) {
        for c in i
            .columns
            .iter_mut()
            .filter(|c| !c.is_expression && c.value == from)
        {
            c.value = to.to_string();
        }
    }
}

/// A generated-name foreign key or unique index keeps its previous name while its definition is
/// the same (as rc.5 keeps it).
///
/// Every lookup goes through a map built once (the previous rows by name and by definition, the
/// current names with how many rows hold each): scanning both states per row was quadratic at a
/// thousand tables.
fn inherit_generated_names(prev: &MysqlDdl, cur: &mut MysqlDdl) {
    let prev_fk_names: HashSet<(&str, &str)> = prev
        .fks
        .iter()
        .map(|p| (p.table.as_str(), p.name.as_str()))
        .collect();
    let fk_definition = |f: &ForeignKey| {
        (
            f.table.clone(),
            f.columns.clone(),
            f.table_to.clone(),
            f.columns_to.clone(),
            f.on_update.clone(),
            f.on_delete.clone(),
        )
    };
    let prev_fks = first_by_key(&prev.fks, |p| (!p.name_explicit, fk_definition(p)));
    let mut taken = Taken::new(cur.fks.iter().map(|f| (&f.table, &f.name)));
    for fk in &mut cur.fks {
        if fk.name_explicit || prev_fk_names.contains(&(fk.table.as_str(), fk.name.as_str())) {
            continue;
        }
        if let Some(p) = prev_fks.get(&(true, fk_definition(fk))) {
            taken.rename(&fk.table, &mut fk.name, &p.name);
        }
    }

    let prev_index_names: HashSet<(&str, &str)> = prev
        .indexes
        .iter()
        .map(|p| (p.table.as_str(), p.name.as_str()))
        .collect();
    let index_definition = |i: &Index| {
        let columns: Vec<(String, bool)> = i
            .columns
            .iter()
            .map(|c| (c.value.clone(), c.is_expression))
            .collect();
        (i.table.clone(), columns, i.is_unique)
    };
    let prev_indexes = first_by_key(&prev.indexes, |p| (!p.name_explicit, index_definition(p)));
    let mut taken = Taken::new(cur.indexes.iter().map(|i| (&i.table, &i.name)));
    for idx in &mut cur.indexes {
        if idx.name_explicit || prev_index_names.contains(&(idx.table.as_str(), idx.name.as_str()))
        {
            continue;
        }
        if let Some(p) = prev_indexes.get(&(true, index_definition(idx))) {
            taken.rename(&idx.table, &mut idx.name, &p.name);
        }
    }
}

/// How many current rows of a kind hold each (table, name), kept up to date through renames.
struct Taken(HashMap<(String, String), usize>);

impl Taken {
    fn new<'a>(names: impl Iterator<Item = (&'a String, &'a String)>) -> Taken {
        let mut map = HashMap::new();
        for (table, name) in names {
            *map.entry((table.clone(), name.clone())).or_insert(0) += 1;
        }
        Taken(map)
    }

    /// Renames the row to `to` unless another row of its table holds that name.
    fn rename(&mut self, table: &str, name: &mut String, to: &str) {
        let target = (table.to_string(), to.to_string());
        if self.0.get(&target).copied().unwrap_or(0) > 0 {
            return;
        }
        if let Some(count) = self.0.get_mut(&(table.to_string(), name.clone())) {
            *count = count.saturating_sub(1);
        }
        self.0.insert(target, 1);
        *name = to.to_string();
    }
}
