//! Columns: renamed, added, dropped, altered, and recreated when their generation expression
//! changes (Postgres cannot alter one: the column is dropped and added again, and the indexes,
//! uniques and foreign keys over it with it).

use std::collections::HashSet;

use crate::diff::pg::rows::{altered_rows, Alter};
use crate::diff::pg::statement::Statement as S;
use crate::model::pg::{is_serial_type, Column, ForeignKey, Index, Unique};

use super::context::{pick, trim_char, Ctx, TableKey};
use super::enums::ColumnKey;
use super::fks::same_fk;

pub(super) struct Columns {
    pub rename: Vec<S>,
    pub add: Vec<S>,
    pub drop: Vec<S>,
    pub alter: Vec<S>,
    pub recreate: Vec<S>,
    /// What the recreated columns take with them.
    pub regenerated: Regenerated,
}

/// The current state's indexes, uniques and foreign keys over a recreated column: dropping the
/// column drops them, so they are created again after it.
#[derive(Default)]
pub(super) struct Regenerated {
    pub indexes: Vec<Index>,
    pub uniques: Vec<Unique>,
    pub fks: Vec<ForeignKey>,
}

impl Columns {
    /// The tables of the columns whose type changes: views reading them cannot stay.
    pub fn retyped_tables(&self) -> impl Iterator<Item = TableKey> + '_ {
        self.alter.iter().filter_map(|st| match st {
            S::AlterColumn { to, changed, .. }
                if changed
                    .iter()
                    .any(|f| matches!(f.as_str(), "type" | "typeSchema" | "dimensions")) =>
            {
                Some((to.schema.clone(), to.table.clone()))
            }
            _ => None,
        })
    }
}

/// `recreated_enum_columns`: the columns a recreated enum resets (their default goes with it).
#[inline(never)]
pub(super) fn emit(cx: &Ctx, recreated_enum_columns: &HashSet<ColumnKey>) -> Columns {
    let columns = &cx.kinds.columns;
    let rename = columns
        .renamed
        .iter()
        .map(|(f, t)| S::RenameColumn {
            from: f.clone(),
            to: t.clone(),
        })
        .collect();
    let drop = columns
        .dropped
        .iter()
        .filter(|c| !cx.table_deleted(&c.schema, &c.table))
        .map(|c| S::DropColumn { column: c.clone() })
        .collect();
    let add = columns
        .created
        .iter()
        .filter(|c| !cx.table_created(&c.schema, &c.table))
        .map(|c| S::AddColumn {
            column: c.clone(),
            is_pk: false,
            is_composite_pk: cx.pk_contains(&c.schema, &c.table, &c.name),
        })
        .collect();
    let alters = column_alters(cx);
    let (recreate, regenerated) = recreate(cx, &alters);
    Columns {
        rename,
        add,
        drop,
        alter: alter(cx, &alters, recreated_enum_columns),
        recreate,
        regenerated,
    }
}

/// The altered columns, less the changes that are only spelling.
fn column_alters(cx: &Ctx) -> Vec<Alter<Column>> {
    let mut column_alters: Vec<Alter<Column>> = Vec::new();
    for mut a in altered_rows(&cx.old.columns, &cx.new.columns) {
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
        if cx.push && a.has("dimensions") && a.left.dimensions > 0 && a.right.dimensions > 0 {
            a.forget("dimensions");
        }
        if !a.changed.is_empty() {
            column_alters.push(a);
        }
    }
    column_alters
}

/// `ALTER COLUMN` for every altered column that is not recreated.
fn alter(
    cx: &Ctx,
    column_alters: &[Alter<Column>],
    recreated_enum_columns: &HashSet<ColumnKey>,
) -> Vec<S> {
    let new_enum_keys: HashSet<(&str, &str)> = cx
        .new
        .enums
        .iter()
        .map(|e| (e.schema.as_str(), e.name.as_str()))
        .collect();
    let old_enum_keys: HashSet<(&str, &str)> = cx
        .old
        .enums
        .iter()
        .map(|e| (e.schema.as_str(), e.name.as_str()))
        .collect();
    column_alters
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
            if a.has("notNull") && cx.pk_contains(&a.right.schema, &a.right.table, &a.right.name) {
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
        .collect()
}

/// The columns recreated for a changed generation expression, and what goes and comes back with
/// them.
fn recreate(cx: &Ctx, column_alters: &[Alter<Column>]) -> (Vec<S>, Regenerated) {
    let (new, by) = (cx.new, &cx.new_by);
    let mut statements: Vec<S> = Vec::new();
    let mut regenerated = Regenerated::default();
    for a in column_alters
        .iter()
        .filter(|a| a.has("generated") && a.right.generated.is_some())
        .filter(|a| !(a.left.generated.is_some() && cx.push))
    {
        let (s, t, name) = (&a.right.schema, &a.right.table, &a.right.name);
        let k = (s.as_str(), t.as_str());
        regenerated
            .indexes
            .extend(
                pick(&new.indexes, by.indexes.get(&k))
                    .into_iter()
                    .filter(|index| {
                        index
                            .columns
                            .iter()
                            .any(|c| trim_char(&c.value, '`') == name)
                    }),
            );
        regenerated.uniques.extend(
            pick(&new.uniques, by.uniques.get(&k))
                .into_iter()
                .filter(|unique| unique.columns.iter().any(|c| c == name)),
        );
        let from = pick(&new.fks, by.fks.get(&k))
            .into_iter()
            .filter(|f| f.columns.iter().any(|c| c == name));
        let to = pick(&new.fks, by.fks_to.get(&k))
            .into_iter()
            .filter(|f| f.columns_to.iter().any(|c| c == name));
        for fk in from.chain(to) {
            if !regenerated.fks.iter().any(|o| same_fk(o, &fk)) {
                regenerated.fks.push(fk);
            }
        }
        let is_pk = by.pks.get(&k).is_some_and(|v| {
            v.iter()
                .filter_map(|i| new.pks.get(*i))
                .any(|p| p.columns.len() == 1 && p.columns[0] == *name)
        });
        statements.push(S::RecreateColumn {
            from: a.left.clone(),
            column: a.right.clone(),
            is_pk,
        });
    }
    (statements, regenerated)
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
