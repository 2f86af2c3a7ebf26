//! The diff proper: resolve each kind in rc.5's order, apply renames, then emit statement groups in
//! rc.5's fixed order.

use std::collections::{HashMap, HashSet};

use crate::diff::hints::Hint;
use crate::error::Result;
use crate::model::pg::is_serial_type;
use crate::model::pg::{Column, PgDdl, Table};

use super::rename;
use super::resolve::Resolver;
use super::rows::{diff_rows, Alter};
use super::statement::{EnumColumn, EnumValueChange, Statement as S, TableDef};
use super::{names, Mode, Plan, Rename};

type TableKey = (String, String);

fn tk(schema: &str, table: &str) -> TableKey {
    (schema.to_string(), table.to_string())
}

/// Row positions of every table-scoped kind, grouped by table, for O(1) "rows of table" lookups.
struct ByTable {
    columns: HashMap<TableKey, Vec<usize>>,
    pks: HashMap<TableKey, Vec<usize>>,
    fks: HashMap<TableKey, Vec<usize>>,
    fks_to: HashMap<TableKey, Vec<usize>>,
    uniques: HashMap<TableKey, Vec<usize>>,
    checks: HashMap<TableKey, Vec<usize>>,
    indexes: HashMap<TableKey, Vec<usize>>,
    policies: HashMap<TableKey, Vec<usize>>,
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

fn pick<T: Clone>(rows: &[T], idx: Option<&Vec<usize>>) -> Vec<T> {
    idx.map(|v| v.iter().filter_map(|i| rows.get(*i).cloned()).collect())
        .unwrap_or_default()
}

fn table_def(t: &Table, d: &PgDdl, by: &ByTable) -> TableDef {
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

/// rc.5's `trimChar`: strips every leading and trailing `c`.
fn trim_char(s: &str, c: char) -> &str {
    s.trim_start_matches(c).trim_end_matches(c)
}

fn json_defaults_equal(from: &str, to: &str) -> bool {
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(trim_char(s, '\''));
    matches!((parse(from), parse(to)), (Ok(a), Ok(b)) if a == b)
}

/// Default changes that are only spelling (`x` vs `(x)`, `vector` zero decimals).
fn defaults_commutative(from: Option<&str>, to: Option<&str>, sql_type: &str) -> bool {
    if from == to {
        return true;
    }
    let (Some(f), Some(t)) = (from, to) else {
        return false;
    };
    if f == format!("({t})") || t == format!("({f})") {
        return true;
    }
    if sql_type.starts_with("vector") && f.replace(".0", "") == t {
        return true;
    }
    false
}

/// Whether `old` survives as an ordered subsequence of `new` (then only additions are needed).
fn enum_value_diff(old: &[String], new: &[String]) -> (bool, Vec<EnumValueChange>) {
    let old_set: HashSet<&str> = old.iter().map(String::as_str).collect();
    let mut it = new.iter();
    let subsequence = old.iter().all(|o| it.any(|n| n == o));
    let mut changes = Vec::new();
    for (i, v) in new.iter().enumerate() {
        if old_set.contains(v.as_str()) {
            changes.push(EnumValueChange {
                kind: "same".into(),
                value: v.clone(),
                before_value: None,
            });
        } else {
            let before = new
                .iter()
                .skip(i + 1)
                .find(|n| old_set.contains(n.as_str()))
                .cloned();
            changes.push(EnumValueChange {
                kind: "added".into(),
                value: v.clone(),
                before_value: before,
            });
        }
    }
    (!subsequence, changes)
}

/// Identifiers of `value` that are columns of the table (for check statements' `columns`).
fn check_columns(value: &str, names: &HashSet<&str>) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let bytes: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let ident = if c == '"' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != '"' {
                j += 1;
            }
            let s: String = bytes[start..j.min(bytes.len())].iter().collect();
            i = j + 1;
            s
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == '_' || bytes[i] == '$')
            {
                i += 1;
            }
            bytes[start..i].iter().collect()
        } else {
            i += 1;
            continue;
        };
        if names.contains(ident.as_str()) && !found.contains(&ident) {
            found.push(ident);
        }
    }
    found
}

fn column_names<'a>(d: &'a PgDdl, by: &ByTable, schema: &str, table: &str) -> HashSet<&'a str> {
    by.columns
        .get(&tk(schema, table))
        .map(|v| {
            v.iter()
                .filter_map(|i| d.columns.get(*i))
                .map(|c| c.name.as_str())
                .collect()
        })
        .unwrap_or_default()
}

pub fn run(prev: &PgDdl, cur: &PgDdl, hints: &[Hint], mode: Mode) -> Result<Plan> {
    let push = mode == Mode::Push;
    let mut old = prev.clone();
    let mut new = cur.clone();
    let mut q = Resolver::new(hints);
    let mut renames: Vec<Rename> = Vec::new();

    // Each kind's decided renames are applied to the previous state before the next kind is
    // compared, so later kinds see the renamed parents.
    let mut record = |old: &mut PgDdl, batch: Vec<Rename>| -> Result<()> {
        rename::apply(old, &batch)?;
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
    rename::apply(&mut old, &held)?;
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
    rename::apply(&mut old, &held)?;
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
    rename::apply(&mut old, &held)?;
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
            rename::apply(&mut old, &held)?;
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
    rename::apply(&mut old, &held)?;
    let d = diff_rows(&old.indexes, &new.indexes);
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
    rename::apply(&mut old, &held)?;
    let d = diff_rows(&old.views, &new.views);
    let views = q.resolve("view", d.created, d.dropped)?;
    let batch = views
        .renamed
        .iter()
        .filter_map(|(f, t)| rename::qualified_rename(f, (&t.schema, &t.name)))
        .collect();
    record(&mut old, batch)?;

    // A policy whose roles only changed order keeps the old order (no statement, no delta).
    {
        let old_policies: HashMap<(&str, &str, &str), &Vec<String>> = old
            .policies
            .iter()
            .map(|p| {
                (
                    (p.schema.as_str(), p.table.as_str(), p.name.as_str()),
                    &p.roles,
                )
            })
            .collect();
        for p in new.policies.iter_mut() {
            if let Some(roles) =
                old_policies.get(&(p.schema.as_str(), p.table.as_str(), p.name.as_str()))
            {
                if roles.len() == p.roles.len() {
                    let mut a = (*roles).clone();
                    let mut b = p.roles.clone();
                    a.sort();
                    b.sort();
                    if a == b {
                        p.roles = (*roles).clone();
                    }
                }
            }
        }
    }

    if !q.unresolved.is_empty() && mode != Mode::Upgrade {
        return Ok(Plan {
            unresolved: q.unresolved,
            state: new,
            ..Plan::default()
        });
    }

    let old_by = ByTable::new(&old);
    let new_by = ByTable::new(&new);
    let created_tables: HashSet<TableKey> = tables
        .created
        .iter()
        .map(|t| tk(&t.schema, &t.name))
        .collect();
    let deleted_tables: HashSet<TableKey> = tables
        .dropped
        .iter()
        .map(|t| tk(&t.schema, &t.name))
        .collect();
    let not_created = |s: &str, t: &str| !created_tables.contains(&tk(s, t));
    let not_deleted = |s: &str, t: &str| !deleted_tables.contains(&tk(s, t));

    // ---- indexes
    let mut create_indexes: Vec<S> = indexes
        .created
        .iter()
        .map(|i| S::CreateIndex { index: i.clone() })
        .collect();
    let drop_indexes: Vec<S> = indexes
        .dropped
        .iter()
        .filter(|i| not_deleted(&i.schema, &i.table))
        .map(|i| S::DropIndex { index: i.clone() })
        .collect();
    let rename_indexes: Vec<S> = indexes
        .renamed
        .iter()
        .map(|(f, t)| S::RenameIndex {
            schema: t.schema.clone(),
            table: t.table.clone(),
            from: f.name.clone(),
            to: t.name.clone(),
            columns: t
                .columns
                .iter()
                .filter(|c| !c.is_expression)
                .map(|c| c.value.clone())
                .collect(),
        })
        .collect();
    let deleted_columns: HashSet<(&str, &str, &str)> = columns
        .dropped
        .iter()
        .map(|c| (c.schema.as_str(), c.table.as_str(), c.name.as_str()))
        .collect();
    let mut recreate_indexes = Vec::new();
    for mut a in diff_rows(&old.indexes, &new.indexes).altered {
        if a.left.table != a.right.table {
            continue;
        }
        a.forget("concurrently");
        if a.changed.is_empty() {
            continue;
        }
        let for_where = a.has("where")
            && (if a.left.where_.is_some() && a.right.where_.is_some() {
                !push
            } else {
                true
            });
        let for_columns = a.has("columns")
            && (if a.left.columns.len() == a.right.columns.len() {
                !push
            } else {
                true
            });
        if a.has("isUnique") || a.has("method") || a.has("with") || for_columns || for_where {
            let loses_column = a.left.columns.iter().any(|c| {
                deleted_columns.contains(&(
                    a.left.schema.as_str(),
                    a.left.table.as_str(),
                    c.value.as_str(),
                ))
            });
            if loses_column {
                create_indexes.push(S::CreateIndex { index: a.right });
            } else {
                recreate_indexes.push(S::RecreateIndex {
                    from: a.left,
                    index: a.right,
                });
            }
        }
    }

    // ---- tables
    let drop_tables: Vec<S> = tables
        .dropped
        .iter()
        .map(|t| {
            let old_schema = schemas.renamed.iter().find(|(_, to)| to.name == t.schema);
            let key = match old_schema {
                Some((f, _)) => format!("\"{}\".\"{}\"", f.name, t.name),
                None => format!("\"{}\".\"{}\"", t.schema, t.name),
            };
            S::DropTable {
                table: table_def(t, &new, &new_by),
                key,
            }
        })
        .collect();
    let rename_tables: Vec<S> = tables
        .renamed
        .iter()
        .filter(|(f, t)| f.name != t.name)
        .map(|(f, t)| S::RenameTable {
            schema: f.schema.clone(),
            from: f.name.clone(),
            to: t.name.clone(),
        })
        .collect();
    let moved_tables: Vec<(&Table, &Table)> = tables
        .renamed
        .iter()
        .filter(|(f, t)| f.schema != t.schema)
        .map(|(f, t)| (f, t))
        .collect();

    // ---- columns
    let rename_columns: Vec<S> = columns
        .renamed
        .iter()
        .map(|(f, t)| S::RenameColumn {
            from: f.clone(),
            to: t.clone(),
        })
        .collect();
    let drop_columns: Vec<S> = columns
        .dropped
        .iter()
        .filter(|c| not_deleted(&c.schema, &c.table))
        .map(|c| S::DropColumn { column: c.clone() })
        .collect();
    let pk_contains = |schema: &str, table: &str, col: &str| -> bool {
        new_by.pks.get(&tk(schema, table)).is_some_and(|v| {
            v.iter()
                .filter_map(|i| new.pks.get(*i))
                .any(|p| p.columns.iter().any(|c| c == col))
        })
    };
    let add_columns: Vec<S> = columns
        .created
        .iter()
        .filter(|c| not_created(&c.schema, &c.table))
        .map(|c| S::AddColumn {
            column: c.clone(),
            is_pk: false,
            is_composite_pk: pk_contains(&c.schema, &c.table, &c.name),
        })
        .collect();
    let mut column_alters: Vec<Alter<Column>> = Vec::new();
    for mut a in diff_rows(&old.columns, &new.columns).altered {
        let (l, r) = (&a.left, &a.right);
        if a.has("default")
            && ((l.sql_type == "json" && r.sql_type == "json")
                || (l.sql_type == "jsonb" && r.sql_type == "jsonb"))
        {
            if let (Some(f), Some(t)) = (&l.default, &r.default) {
                if json_defaults_equal(f, t) {
                    a.forget("default");
                }
            }
        }
        if !a.has("type")
            && a.has("default")
            && defaults_commutative(
                a.left.default.as_deref(),
                a.right.default.as_deref(),
                &a.right.sql_type,
            )
        {
            a.forget("default");
        }
        if a.has("type") {
            let (f, t) = (&a.left.sql_type, &a.right.sql_type);
            if *f == t.replacen("numeric", "decimal", 1)
                || *t == f.replacen("numeric", "decimal", 1)
            {
                a.forget("type");
            }
        }
        if a.has("type")
            && a.right.sql_type.starts_with("geometry(point")
            && a.left.sql_type.starts_with("geometry(point")
        {
            let srid = |t: &str| t.split(',').nth(1).map(|s| s.replacen(')', "", 1));
            let (ls, rs) = (srid(&a.left.sql_type), srid(&a.right.sql_type));
            if (ls.is_none() && rs.as_deref() == Some("0"))
                || (rs.is_none() && ls.as_deref() == Some("0"))
            {
                a.forget("type");
            }
        }
        if a.has("type") && a.left.sql_type.replacen(",0)", ")", 1) == a.right.sql_type {
            a.forget("type");
        }
        if !a.has("type")
            && a.has("typeSchema")
            && (a.left.type_schema.is_none() || a.right.type_schema.is_none())
        {
            a.forget("typeSchema");
        }
        if push && a.has("dimensions") && a.left.dimensions > 0 && a.right.dimensions > 0 {
            a.forget("dimensions");
        }
        if !a.changed.is_empty() {
            column_alters.push(a);
        }
    }

    // ---- uniques
    let alter_uniques: Vec<S> = diff_rows(&old.uniques, &new.uniques)
        .altered
        .into_iter()
        .filter_map(|mut a| {
            a.forget("nameExplicit");
            (!a.changed.is_empty()).then(|| S::AlterUnique {
                from: a.left,
                to: a.right,
            })
        })
        .collect();
    let mut add_uniques: Vec<S> = uniques
        .created
        .iter()
        .filter(|u| not_created(&u.schema, &u.table))
        .map(|u| S::AddUnique { unique: u.clone() })
        .collect();
    let drop_uniques: Vec<S> = uniques
        .dropped
        .iter()
        .filter(|u| not_deleted(&u.schema, &u.table))
        .map(|u| S::DropUnique { unique: u.clone() })
        .collect();
    let rename_uniques: Vec<S> = uniques
        .renamed
        .iter()
        .map(|(f, t)| {
            rename_constraint(
                "uniques",
                &t.schema,
                &t.table,
                &f.name,
                &t.name,
                t.columns.clone(),
            )
        })
        .collect();

    // ---- primary keys
    let add_pks: Vec<S> = pks
        .created
        .iter()
        .filter(|p| not_created(&p.schema, &p.table))
        .map(|p| S::AddPk { pk: p.clone() })
        .collect();
    let drop_pks: Vec<S> = pks
        .dropped
        .iter()
        .filter(|p| not_deleted(&p.schema, &p.table))
        .map(|p| S::DropPk { pk: p.clone() })
        .collect();
    let rename_pks: Vec<S> = pks
        .renamed
        .iter()
        .map(|(f, t)| {
            rename_constraint(
                "pks",
                &t.schema,
                &t.table,
                &f.name,
                &t.name,
                t.columns.clone(),
            )
        })
        .collect();
    let deleted_column_names: HashSet<&str> =
        columns.dropped.iter().map(|c| c.name.as_str()).collect();
    let alter_pks: Vec<S> = diff_rows(&old.pks, &new.pks)
        .altered
        .into_iter()
        .filter(|a| a.has("columns"))
        .map(|a| S::AlterPk {
            // rc.5 matches dropped columns by name only, whatever their table.
            deleted: a
                .left
                .columns
                .iter()
                .any(|c| deleted_column_names.contains(c.as_str())),
            from_columns: a.left.columns,
            pk: a.right,
        })
        .collect();

    let move_tables: Vec<S> = moved_tables
        .iter()
        .map(|(f, t)| {
            let k = tk(&t.schema, &t.name);
            let mut names: Vec<String> = pick(&old.indexes, old_by.indexes.get(&k))
                .into_iter()
                .map(|i| i.name)
                .chain(
                    pick(&old.pks, old_by.pks.get(&k))
                        .into_iter()
                        .map(|p| p.name),
                )
                .chain(
                    pick(&old.uniques, old_by.uniques.get(&k))
                        .into_iter()
                        .map(|u| u.name),
                )
                .collect();
            names.sort();
            S::MoveTable {
                name: t.name.clone(),
                from: f.schema.clone(),
                to: t.schema.clone(),
                index_names: names,
            }
        })
        .collect();

    // ---- checks
    let add_checks: Vec<S> = checks
        .created
        .iter()
        .filter(|c| not_created(&c.schema, &c.table))
        .map(|c| S::AddCheck {
            check: c.clone(),
            columns: check_columns(&c.value, &column_names(&new, &new_by, &c.schema, &c.table)),
        })
        .collect();
    let drop_checks: Vec<S> = checks
        .dropped
        .iter()
        .filter(|c| not_deleted(&c.schema, &c.table))
        .map(|c| S::DropCheck {
            check: c.clone(),
            columns: check_columns(&c.value, &column_names(&old, &old_by, &c.schema, &c.table)),
        })
        .collect();
    let rename_checks: Vec<S> = checks
        .renamed
        .iter()
        .map(|(f, t)| {
            rename_constraint(
                "checks",
                &t.schema,
                &t.table,
                &f.name,
                &t.name,
                check_columns(&t.value, &column_names(&new, &new_by, &t.schema, &t.table)),
            )
        })
        .collect();
    let alter_checks: Vec<S> = diff_rows(&old.checks, &new.checks)
        .altered
        .into_iter()
        .filter(|a| a.has("value") && !push)
        .map(|a| {
            let names = column_names(&new, &new_by, &a.right.schema, &a.right.table);
            S::AlterCheck {
                new_columns: check_columns(&a.right.value, &names),
                old_columns: check_columns(&a.left.value, &names),
                from: a.left,
                check: a.right,
            }
        })
        .collect();

    // ---- foreign keys
    let recreate_fks: Vec<crate::model::pg::ForeignKey> = diff_rows(&old.fks, &new.fks)
        .altered
        .into_iter()
        .filter_map(|mut a| {
            a.forget("nameExplicit");
            (!a.changed.is_empty()).then_some(a.right)
        })
        .collect();
    let mut create_fks: Vec<S> = fks
        .created
        .iter()
        .map(|f| S::CreateFk { fk: f.clone() })
        .collect();
    let mut drop_fks: Vec<S> = fks
        .dropped
        .iter()
        .filter(|f| {
            let from_deleted = deleted_tables.contains(&tk(&f.schema, &f.table));
            let to_deleted =
                f.table != f.table_to && deleted_tables.contains(&tk(&f.schema_to, &f.table_to));
            !from_deleted || to_deleted
        })
        .map(|f| S::DropFk { fk: f.clone() })
        .collect();

    // ---- policies
    let create_policies: Vec<S> = policies
        .created
        .iter()
        .map(|p| S::CreatePolicy { policy: p.clone() })
        .collect();
    let drop_policies: Vec<crate::model::pg::Policy> = policies.dropped.clone();
    let rename_policies: Vec<S> = policies
        .renamed
        .iter()
        .map(|(f, t)| S::RenamePolicy {
            from: f.clone(),
            to: t.clone(),
        })
        .collect();
    let mut alter_policies: Vec<S> = Vec::new();
    for mut a in diff_rows(&old.policies, &new.policies).altered {
        if let (true, Some(f), Some(t)) =
            (a.has("withCheck"), &a.left.with_check, &a.right.with_check)
        {
            if *f == format!("({t})") || *t == format!("({f})") {
                a.forget("withCheck");
            }
        }
        if a.changed.is_empty() {
            continue;
        }
        // rc.5's push skips a change of only `using`/`withCheck`; sleet's push reaches this only
        // for expressions proven different (commands::push), and applies them like any other change.
        // ALTER POLICY can set a USING or WITH CHECK clause but not remove one (an omitted clause is
        // kept): a removed clause needs the policy recreated, where rc.5 alters and leaves it.
        let clause_removed = (a.has("using") && a.right.using.is_none())
            || (a.has("withCheck") && a.right.with_check.is_none());
        if a.has("for") || a.has("as") || clause_removed {
            alter_policies.push(S::RecreatePolicy { policy: a.right });
        } else {
            alter_policies.push(S::AlterPolicy {
                from: a.left,
                policy: a.right,
            });
        }
    }
    let rls_alters: Vec<(String, String, bool)> = diff_rows(&old.tables, &new.tables)
        .altered
        .into_iter()
        .filter(|a| a.has("isRlsEnabled"))
        .map(|a| {
            (
                a.right.schema.clone(),
                a.right.name.clone(),
                a.right.is_rls_enabled,
            )
        })
        .collect();
    let mut rls: Vec<(String, String, bool)> = rls_alters.clone();
    let count = |by: &ByTable, s: &str, t: &str| by.policies.get(&tk(s, t)).map_or(0, Vec::len);
    let table_of = |d: &PgDdl, s: &str, t: &str| {
        d.tables
            .iter()
            .find(|x| x.schema == s && x.name == t)
            .cloned()
    };
    for p in &drop_policies {
        let in_rls = |list: &[(String, String, bool)]| {
            list.iter().any(|(s, n, _)| *s == p.schema && *n == p.table)
        };
        if in_rls(&rls_alters) {
            continue;
        }
        let had = count(&old_by, &p.schema, &p.table);
        let has = count(&new_by, &p.schema, &p.table);
        let prev_table = table_of(&old, &p.schema, &p.table);
        if table_of(&new, &p.schema, &p.table).is_some()
            && had > 0
            && has == 0
            && prev_table.is_some_and(|t| !t.is_rls_enabled)
            && !in_rls(&rls)
        {
            rls.push((p.schema.clone(), p.table.clone(), false));
        }
    }
    for p in &policies.created {
        let in_rls = |list: &[(String, String, bool)]| {
            list.iter().any(|(s, n, _)| *s == p.schema && *n == p.table)
        };
        if in_rls(&rls_alters) || created_tables.contains(&tk(&p.schema, &p.table)) || in_rls(&rls)
        {
            continue;
        }
        let had = count(&old_by, &p.schema, &p.table);
        let has = count(&new_by, &p.schema, &p.table);
        if let Some(t) = table_of(&new, &p.schema, &p.table) {
            if had == 0 && has > 0 && !t.is_rls_enabled {
                rls.push((p.schema.clone(), p.table.clone(), true));
            }
        }
    }

    // ---- enums
    let create_enums: Vec<S> = enums
        .created
        .iter()
        .map(|e| S::CreateEnum { enum_: e.clone() })
        .collect();
    let drop_enums: Vec<S> = enums
        .dropped
        .iter()
        .map(|e| S::DropEnum { enum_: e.clone() })
        .collect();
    let move_enums: Vec<S> = enums
        .renamed
        .iter()
        .filter(|(f, t)| f.schema != t.schema)
        .map(|(f, t)| S::MoveEnum {
            from: f.clone(),
            to: t.clone(),
        })
        .collect();
    let rename_enums: Vec<S> = enums
        .renamed
        .iter()
        .filter(|(f, t)| f.name != t.name)
        .map(|(f, t)| S::RenameEnum {
            schema: t.schema.clone(),
            from: f.name.clone(),
            to: t.name.clone(),
        })
        .collect();
    let new_columns: HashMap<(&str, &str, &str), &Column> = new
        .columns
        .iter()
        .map(|c| ((c.schema.as_str(), c.table.as_str(), c.name.as_str()), c))
        .collect();
    let mut recreate_enums: Vec<S> = Vec::new();
    let mut recreated_enum_columns: HashSet<(String, String, String)> = HashSet::new();
    let mut alter_enums: Vec<S> = Vec::new();
    for a in diff_rows(&old.enums, &new.enums).altered {
        let (removes, changes) = enum_value_diff(&a.left.values, &a.right.values);
        if removes {
            let mut cols = Vec::new();
            for c in old.columns.iter().filter(|c| c.sql_type == a.right.name) {
                let Some(c2) =
                    new_columns.get(&(c.schema.as_str(), c.table.as_str(), c.name.as_str()))
                else {
                    continue;
                };
                let type_schema = c.type_schema.clone().or_else(|| {
                    if c2.sql_type == c.sql_type {
                        c2.type_schema.clone()
                    } else {
                        None
                    }
                });
                if type_schema.as_deref() != Some(a.right.schema.as_str()) {
                    continue;
                }
                recreated_enum_columns.insert((c.schema.clone(), c.table.clone(), c.name.clone()));
                cols.push(EnumColumn {
                    schema: c.schema.clone(),
                    table: c.table.clone(),
                    name: c.name.clone(),
                    sql_type: c.sql_type.clone(),
                    type_schema,
                    dimensions: c.dimensions,
                    default_before: c.default.clone(),
                    default_after: c2.default.clone(),
                });
            }
            recreate_enums.push(S::RecreateEnum {
                from: a.left,
                to: a.right,
                columns: cols,
            });
        } else {
            alter_enums.push(S::AlterEnum {
                from: a.left,
                to: a.right,
                diff: changes,
            });
        }
    }

    let new_enum_keys: HashSet<(&str, &str)> = new
        .enums
        .iter()
        .map(|e| (e.schema.as_str(), e.name.as_str()))
        .collect();
    let old_enum_keys: HashSet<(&str, &str)> = old
        .enums
        .iter()
        .map(|e| (e.schema.as_str(), e.name.as_str()))
        .collect();
    let alter_columns: Vec<S> = column_alters
        .iter()
        .filter(|a| !(a.has("generated") && a.right.generated.is_some()))
        .filter_map(|a| {
            let mut a = a.clone();
            let key = (
                a.right.schema.clone(),
                a.right.table.clone(),
                a.right.name.clone(),
            );
            if a.has("default") && recreated_enum_columns.contains(&key) {
                a.forget("default");
            }
            if a.has("notNull")
                && a.right.not_null
                && (a.right.generated.is_some() || a.right.identity.is_some())
            {
                a.forget("notNull");
            }
            if a.has("notNull") && pk_contains(&a.right.schema, &a.right.table, &a.right.name) {
                a.forget("notNull");
            }
            if a.changed.is_empty() {
                return None;
            }
            let r = &a.right;
            let is_enum = new_enum_keys.contains(&(
                r.type_schema.as_deref().unwrap_or("public"),
                r.sql_type.as_str(),
            ));
            let was_enum = (a.has("type") || a.has("typeSchema") || a.has("dimensions"))
                && old_enum_keys.contains(&(
                    a.left.type_schema.as_deref().unwrap_or("public"),
                    a.left.sql_type.as_str(),
                ));
            Some(S::AlterColumn {
                is_enum,
                was_enum,
                was_serial: is_serial_type(&a.left.sql_type),
                to_serial: !is_serial_type(&a.left.sql_type) && is_serial_type(&a.right.sql_type),
                changed: a.changed,
                from: a.left,
                to: a.right,
            })
        })
        .collect();

    // ---- sequences, roles, privileges, schemas
    let create_sequences: Vec<S> = sequences
        .created
        .iter()
        .map(|s| S::CreateSequence {
            sequence: s.clone(),
        })
        .collect();
    let drop_sequences: Vec<S> = sequences
        .dropped
        .iter()
        .map(|s| S::DropSequence {
            sequence: s.clone(),
        })
        .collect();
    let move_sequences: Vec<S> = sequences
        .renamed
        .iter()
        .filter(|(f, t)| f.schema != t.schema)
        .map(|(f, t)| {
            let mut to = t.clone();
            to.name = f.name.clone();
            S::MoveSequence {
                from: f.clone(),
                to,
            }
        })
        .collect();
    let rename_sequences: Vec<S> = sequences
        .renamed
        .iter()
        .filter(|(f, t)| f.name != t.name)
        .map(|(f, t)| {
            let mut from = f.clone();
            from.schema = t.schema.clone();
            S::RenameSequence {
                from,
                to: t.clone(),
            }
        })
        .collect();
    let alter_sequences: Vec<S> = diff_rows(&old.sequences, &new.sequences)
        .altered
        .into_iter()
        .map(|a| S::AlterSequence {
            sequence: a.right,
            changed: a.changed,
        })
        .collect();
    let create_roles: Vec<S> = roles
        .created
        .iter()
        .map(|r| S::CreateRole { role: r.clone() })
        .collect();
    let drop_roles: Vec<S> = roles
        .dropped
        .iter()
        .map(|r| S::DropRole { role: r.clone() })
        .collect();
    let rename_roles: Vec<S> = roles
        .renamed
        .iter()
        .map(|(f, t)| S::RenameRole {
            from: f.clone(),
            to: t.clone(),
        })
        .collect();
    let alter_roles: Vec<S> = diff_rows(&old.roles, &new.roles)
        .altered
        .into_iter()
        .map(|a| S::AlterRole {
            from: a.left,
            role: a.right,
            changed: a.changed,
        })
        .collect();
    let grants: Vec<S> = privileges
        .created
        .iter()
        .map(|p| S::GrantPrivilege {
            privilege: p.clone(),
        })
        .collect();
    let revokes: Vec<S> = privileges
        .dropped
        .iter()
        .map(|p| S::RevokePrivilege {
            privilege: p.clone(),
        })
        .collect();
    let regrants: Vec<S> = diff_rows(&old.privileges, &new.privileges)
        .altered
        .into_iter()
        .map(|a| S::RegrantPrivilege { privilege: a.right })
        .collect();
    let create_schemas: Vec<S> = schemas
        .created
        .iter()
        .map(|s| S::CreateSchema(s.clone()))
        .collect();
    let drop_schemas: Vec<S> = schemas
        .dropped
        .iter()
        .map(|s| S::DropSchema(s.clone()))
        .collect();
    let rename_schemas: Vec<S> = schemas
        .renamed
        .iter()
        .map(|(f, t)| S::RenameSchema {
            from: f.clone(),
            to: t.clone(),
        })
        .collect();
    let create_tables: Vec<S> = tables
        .created
        .iter()
        .map(|t| S::CreateTable {
            table: table_def(t, &new, &new_by),
        })
        .collect();

    // ---- views
    let mut create_views: Vec<S> = views
        .created
        .iter()
        .map(|v| S::CreateView { view: v.clone() })
        .collect();
    let drop_views: Vec<S> = views
        .dropped
        .iter()
        .map(|v| S::DropView { view: v.clone() })
        .collect();
    let rename_views: Vec<S> = views
        .renamed
        .iter()
        .filter(|(f, t)| f.name != t.name)
        .map(|(f, t)| {
            let mut to = t.clone();
            to.schema = f.schema.clone();
            S::RenameView {
                from: f.clone(),
                to,
            }
        })
        .collect();
    let move_views: Vec<S> = views
        .renamed
        .iter()
        .filter(|(f, t)| f.schema != t.schema)
        .map(|(f, t)| {
            let mut view = t.clone();
            view.materialized = f.materialized;
            S::MoveView {
                from_schema: f.schema.clone(),
                to_schema: t.schema.clone(),
                view,
            }
        })
        .collect();
    let mut alter_views = Vec::new();
    let mut drop_recreated_views = Vec::new();
    for mut a in diff_rows(&old.views, &new.views).altered {
        if a.has("definition") && push {
            a.forget("definition");
        }
        if a.has("using") && a.right.using.is_none() && a.left.using.as_deref() == Some("heap") {
            a.forget("using");
        }
        if push
            && a.has("tablespace")
            && a.left.tablespace.is_none()
            && a.right.tablespace.as_deref() == Some("pg_default")
        {
            a.forget("tablespace");
        }
        if a.changed.is_empty() {
            continue;
        }
        if a.has("definition") || a.has("materialized") {
            drop_recreated_views.push(S::DropView { view: a.left });
            create_views.push(S::CreateView { view: a.right });
        } else {
            alter_views.push(S::AlterView {
                from: a.left,
                view: a.right,
                changed: a.changed,
            });
        }
    }
    // Postgres refuses to drop a view other views read, so those go and come back with it (rc.5
    // drops the recreated view alone). Only views both states hold are added: created and dropped
    // ones have statements of their own, and a recreated view replaces any alteration of it.
    // Nor may a column change type under a view that reads it: the tables of retyped columns are
    // roots too, so their readers go and come back the same way (rc.5 alters the column alone).
    let retyped_tables = alter_columns.iter().filter_map(|st| match st {
        S::AlterColumn { to, changed, .. }
            if changed
                .iter()
                .any(|f| matches!(f.as_str(), "type" | "typeSchema" | "dimensions")) =>
        {
            Some((to.schema.clone(), to.table.clone()))
        }
        _ => None,
    });
    let recreated: Vec<super::views::ViewKey> = drop_recreated_views
        .iter()
        .filter_map(|st| match st {
            S::DropView { view } => Some((view.schema.clone(), view.name.clone())),
            _ => None,
        })
        .chain(retyped_tables)
        .collect();
    let view_at = |list: &[crate::model::pg::View], key: &super::views::ViewKey| {
        list.iter()
            .find(|v| v.schema == key.0 && v.name == key.1)
            .cloned()
    };
    for key in super::views::dependents_of(&old.views, &recreated) {
        let (Some(before), Some(after)) = (view_at(&old.views, &key), view_at(&new.views, &key))
        else {
            continue;
        };
        alter_views.retain(|st| {
            !matches!(st, S::AlterView { view, .. } if view.schema == key.0 && view.name == key.1)
        });
        drop_recreated_views.push(S::DropView { view: before });
        create_views.push(S::CreateView { view: after });
    }

    // ---- columns recreated for a changed generation expression
    let same_fk = |a: &crate::model::pg::ForeignKey, b: &crate::model::pg::ForeignKey| {
        a.schema == b.schema && a.table == b.table && a.name == b.name
    };
    let mut fks_of_recreated: Vec<crate::model::pg::ForeignKey> = Vec::new();
    let mut recreate_columns: Vec<S> = Vec::new();
    for a in column_alters
        .iter()
        .filter(|a| a.has("generated") && a.right.generated.is_some())
        .filter(|a| !(a.left.generated.is_some() && push))
    {
        let (s, t, name) = (&a.right.schema, &a.right.table, &a.right.name);
        let k = tk(s, t);
        for index in pick(&new.indexes, new_by.indexes.get(&k)) {
            if index
                .columns
                .iter()
                .any(|c| trim_char(&c.value, '`') == name)
            {
                let exists = create_indexes
                    .iter()
                    .any(|st| matches!(st, S::CreateIndex { index: i } if i.schema == index.schema && i.name == index.name));
                if !exists {
                    create_indexes.push(S::CreateIndex { index });
                }
            }
        }
        for unique in pick(&new.uniques, new_by.uniques.get(&k)) {
            if unique.columns.iter().any(|c| c == name) {
                let exists = add_uniques.iter().any(|st| {
                    matches!(st, S::AddUnique { unique: u } if u.schema == unique.schema && u.table == unique.table && u.name == unique.name)
                });
                if !exists {
                    add_uniques.push(S::AddUnique { unique });
                }
            }
        }
        let from = pick(&new.fks, new_by.fks.get(&k))
            .into_iter()
            .filter(|f| f.columns.iter().any(|c| c == name));
        let to = pick(&new.fks, new_by.fks_to.get(&k))
            .into_iter()
            .filter(|f| f.columns_to.iter().any(|c| c == name));
        for fk in from.chain(to) {
            if !fks_of_recreated.iter().any(|o| same_fk(o, &fk)) {
                fks_of_recreated.push(fk);
            }
        }
        let is_pk = new_by.pks.get(&k).is_some_and(|v| {
            v.iter()
                .filter_map(|i| new.pks.get(*i))
                .any(|p| p.columns.len() == 1 && p.columns[0] == *name)
        });
        recreate_columns.push(S::RecreateColumn {
            from: a.left.clone(),
            column: a.right.clone(),
            is_pk,
        });
    }
    for fk in &fks_of_recreated {
        if fks.created.iter().any(|c| same_fk(c, fk)) {
            continue;
        }
        let renamed_from = fks
            .renamed
            .iter()
            .find(|(_, t)| same_fk(t, fk))
            .map(|(f, _)| f.clone());
        drop_fks.push(S::DropFk {
            fk: renamed_from.unwrap_or_else(|| fk.clone()),
        });
        create_fks.push(S::CreateFk { fk: fk.clone() });
    }
    let rename_fks: Vec<S> = fks
        .renamed
        .iter()
        .filter(|(_, t)| !fks_of_recreated.iter().any(|f| same_fk(f, t)))
        .map(|(f, t)| {
            rename_constraint(
                "fks",
                &t.schema,
                &t.table,
                &f.name,
                &t.name,
                t.columns.clone(),
            )
        })
        .collect();

    // ---- assembly, in rc.5's group order
    let is_moved = |schema: &str, table: &str| {
        moved_tables
            .iter()
            .any(|(_, t)| t.schema == schema && t.name == table)
    };
    let mut out: Vec<S> = Vec::new();
    out.extend(create_schemas);
    out.extend(rename_schemas);
    out.extend(create_enums);
    out.extend(move_enums);
    out.extend(rename_enums);
    out.extend(alter_enums);
    out.extend(create_sequences);
    out.extend(move_sequences);
    out.extend(rename_sequences);
    out.extend(alter_sequences);
    out.extend(rename_roles);
    out.extend(create_roles);
    out.extend(alter_roles);
    out.extend(revokes);
    out.extend(grants);
    out.extend(regrants);
    out.extend(create_tables);
    out.extend(drop_views);
    out.extend(rename_views);
    out.extend(move_views);
    out.extend(drop_recreated_views);
    out.extend(alter_views);
    out.extend(rename_tables);
    let drop_policy = |p: &crate::model::pg::Policy| S::DropPolicy { policy: p.clone() };
    let fk_moved = |st: &S| matches!(st, S::DropFk { fk } if is_moved(&fk.schema, &fk.table));
    out.extend(
        drop_policies
            .iter()
            .filter(|p| !is_moved(&p.schema, &p.table))
            .map(drop_policy),
    );
    out.extend(drop_fks.iter().filter(|s| !fk_moved(s)).cloned());
    out.extend(drop_tables);
    out.extend(move_tables);
    out.extend(
        drop_policies
            .iter()
            .filter(|p| is_moved(&p.schema, &p.table))
            .map(drop_policy),
    );
    out.extend(drop_fks.iter().filter(|s| fk_moved(s)).cloned());
    out.extend(
        rls.into_iter()
            .map(|(schema, name, is_rls_enabled)| S::AlterRls {
                schema,
                name,
                is_rls_enabled,
            }),
    );
    out.extend(rename_columns);
    out.extend(drop_uniques);
    out.extend(drop_checks);
    out.extend(rename_checks);
    out.extend(rename_indexes);
    out.extend(drop_indexes);
    out.extend(drop_pks);
    out.extend(rename_fks);
    out.extend(add_columns);
    out.extend(add_pks);
    out.extend(rename_pks);
    out.extend(recreate_enums);
    out.extend(recreate_columns);
    out.extend(drop_columns);
    out.extend(alter_pks);
    out.extend(alter_columns);
    out.extend(recreate_indexes);
    out.extend(rename_uniques);
    out.extend(add_uniques);
    out.extend(alter_uniques);
    out.extend(create_indexes);
    out.extend(create_fks);
    out.extend(
        recreate_fks
            .into_iter()
            .filter(|fk| !fks_of_recreated.iter().any(|f| same_fk(f, fk)))
            .map(|fk| S::RecreateFk { fk }),
    );
    out.extend(add_checks);
    out.extend(alter_checks);
    out.extend(create_views);
    out.extend(rename_policies);
    out.extend(create_policies);
    out.extend(alter_policies);
    out.extend(drop_roles);
    out.extend(drop_enums);
    out.extend(drop_sequences);
    out.extend(drop_schemas);

    super::views::order_view_drops(&mut out);

    Ok(Plan {
        statements: out,
        renames,
        unresolved: vec![],
        warnings: vec![],
        state: new,
    })
}

/// The statement for a renamed table-scoped constraint (unique, primary key, check, foreign key).
fn rename_constraint(
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
