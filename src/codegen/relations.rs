//! `relations.ts` for drizzle-orm 1.0 (`defineRelations`, RQB v2) from the foreign keys, as rc.5
//! writes it for every dialect: every FK gives a `one` on the referencing table and a `many` (or
//! `one` when the FK columns are unique) on the referenced table; a table with exactly two FKs to two
//! other distinct tables is a junction, giving many-to-many relations `through` it on both ends.
//!
//! The wings hand over their tables already named (`RelTable`): bindings, column keys, and each
//! FK whose target is part of the pulled schema.

use std::collections::HashMap;

use crate::codegen::names::{apply_casing, member, object_key, plural, singular, Casing, Keys};

/// One table as relations.ts sees it: its `const` binding, its column keys (in order) and its FKs.
#[derive(Debug, Clone, Default)]
pub struct RelTable {
    pub binding: String,
    pub column_keys: Vec<String>,
    pub fks: Vec<RelFk>,
}

/// A foreign key between two tables of the pulled schema, in TypeScript names.
#[derive(Debug, Clone)]
pub struct RelFk {
    /// Binding of the referenced table.
    pub target: String,
    /// Keys of the referencing columns (this table).
    pub columns: Vec<String>,
    /// Keys of the referenced columns (the target table).
    pub columns_to: Vec<String>,
    /// The referencing columns are unique in this table (a unique constraint or unique index on
    /// exactly them): the referenced side gets `one` instead of `many`.
    pub unique: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    One,
    Many,
    OneOne,
    Through,
    ManyThrough,
}

#[derive(Debug, Clone)]
pub struct Relation {
    pub name: String,
    pub kind: RelationKind,
    pub table_from: String,
    pub columns_from: Vec<String>,
    pub table_to: String,
    pub columns_to: Vec<String>,
    pub through: Option<(String, Vec<String>, Vec<String>)>,
}

/// `name`, or `nameRelation` when it would clash with a column key of the table.
fn avoid_column(name: String, column_keys: &[String]) -> String {
    if column_keys.contains(&name) {
        format!("{name}Relation")
    } else {
        name
    }
}

/// A table is a junction when its two FKs point at two distinct other tables.
pub fn junction_targets<'a>(table: &str, fks: &'a [RelFk]) -> Option<(&'a RelFk, &'a RelFk)> {
    let [a, b] = fks else { return None };
    (a.target != b.target && a.target != table && b.target != table).then_some((a, b))
}

/// Relations per table binding, in rc.5's order (tables in model order, FK order within a table).
pub fn collect_relations(tables: &[RelTable]) -> Vec<(String, Vec<Relation>)> {
    let mut order: Vec<String> = Vec::new();
    let mut by_table: HashMap<String, Vec<Relation>> = HashMap::new();
    let mut push = |table: &str, rel: Relation| {
        if !by_table.contains_key(table) {
            order.push(table.to_string());
        }
        by_table.entry(table.to_string()).or_default().push(rel);
    };

    for t in tables {
        let me = &t.binding;
        let column_keys = &t.column_keys;
        if let Some((fk1, fk2)) = junction_targets(me, &t.fks) {
            let (to1, to2) = (&fk1.target, &fk2.target);
            let through = (me.clone(), fk1.columns.clone(), fk2.columns.clone());
            push(
                to1,
                Relation {
                    name: avoid_column(plural(to2), column_keys),
                    kind: RelationKind::Through,
                    table_from: to1.clone(),
                    columns_from: fk1.columns_to.clone(),
                    table_to: to2.clone(),
                    columns_to: fk2.columns_to.clone(),
                    through: Some(through.clone()),
                },
            );
            push(
                to2,
                Relation {
                    name: avoid_column(plural(to1), column_keys),
                    kind: RelationKind::ManyThrough,
                    table_from: to2.clone(),
                    columns_from: fk2.columns_to.clone(),
                    table_to: to1.clone(),
                    columns_to: fk1.columns_to.clone(),
                    through: Some(through),
                },
            );
        }

        for fk in &t.fks {
            let to = &fk.target;
            push(
                me,
                Relation {
                    name: avoid_column(singular(to), column_keys),
                    kind: RelationKind::One,
                    table_from: me.clone(),
                    columns_from: fk.columns.clone(),
                    table_to: to.clone(),
                    columns_to: fk.columns_to.clone(),
                    through: None,
                },
            );
            push(
                to,
                Relation {
                    name: avoid_column(plural(me), column_keys),
                    kind: if fk.unique {
                        RelationKind::OneOne
                    } else {
                        RelationKind::Many
                    },
                    table_from: to.clone(),
                    columns_from: fk.columns_to.clone(),
                    table_to: me.clone(),
                    columns_to: fk.columns.clone(),
                    through: None,
                },
            );
        }
    }
    order
        .into_iter()
        .map(|t| {
            let rels = by_table.remove(&t).unwrap_or_default();
            (t, rels)
        })
        .collect()
}

fn alias_for(r: &Relation) -> String {
    let via = r
        .through
        .as_ref()
        .map(|(t, _, _)| format!("_via_{t}"))
        .unwrap_or_default();
    match r.kind {
        RelationKind::One | RelationKind::Through => format!(
            "{}_{}_{}_{}{}",
            r.table_from,
            r.columns_from.join("_"),
            r.table_to,
            r.columns_to.join("_"),
            if r.kind == RelationKind::Through {
                via.as_str()
            } else {
                ""
            }
        ),
        RelationKind::Many | RelationKind::OneOne | RelationKind::ManyThrough => format!(
            "{}_{}_{}_{}{}",
            r.table_to,
            r.columns_to.join("_"),
            r.table_from,
            r.columns_from.join("_"),
            if r.kind == RelationKind::ManyThrough {
                via.as_str()
            } else {
                ""
            }
        ),
    }
}

fn refs(table: &str, cols: &[String]) -> String {
    if let [one] = cols {
        format!("r.{table}{}", member(one))
    } else {
        let parts: Vec<String> = cols
            .iter()
            .map(|c| format!("r.{table}{}", member(c)))
            .collect();
        format!("[{}]", parts.join(", "))
    }
}

fn through_refs(table: &str, cols: &[String], through: &str, through_cols: &[String]) -> String {
    let one = |i: usize| -> String {
        let col = cols.get(i).map(String::as_str).unwrap_or_default();
        let tcol = through_cols.get(i).map(String::as_str).unwrap_or_default();
        format!(
            "r.{table}{}.through(r.{through}{})",
            member(col),
            member(tcol)
        )
    };
    if through_cols.len() == 1 {
        one(0)
    } else {
        let parts: Vec<String> = (0..through_cols.len()).map(one).collect();
        format!("[{}]", parts.join(", "))
    }
}

pub fn relations_ts(tables: &[RelTable], casing: Casing, schema_module: &str) -> String {
    let tables = collect_relations(tables);
    let mut out = format!(
        "import {{ defineRelations }} from \"drizzle-orm\";\nimport * as schema from {};\n\n",
        crate::codegen::names::js_string(schema_module)
    );
    out.push_str("export const relations = defineRelations(schema, (r) => ({");
    for (table, rels) in &tables {
        let mut keys = Keys::default();
        out.push_str(&format!("\n\t{}: {{", object_key(table)));
        for (i, r) in rels.iter().enumerate() {
            let shares_target = rels
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.table_to == r.table_to);
            let alias = shares_target.then(|| alias_for(r));
            let shares_name = rels
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.name == r.name);
            let name = if shares_name {
                let suffix = match r.kind {
                    RelationKind::Through | RelationKind::ManyThrough => format!(
                        "via_{}",
                        r.through.as_ref().map(|t| t.0.as_str()).unwrap_or_default()
                    ),
                    RelationKind::One => r.columns_from.join("_"),
                    _ => r.columns_to.join("_"),
                };
                format!("{}_{suffix}", r.name)
            } else {
                r.name.clone()
            };
            let name = object_key(&keys.allocate(&apply_casing(&name, casing)));
            let alias_line = |sep: &str| {
                alias
                    .as_ref()
                    .map(|a| format!("{sep}alias: {}", crate::codegen::names::js_string(a)))
                    .unwrap_or_default()
            };
            match r.kind {
                RelationKind::One => out.push_str(&format!(
                    "\n\t\t{name}: r.one.{}({{\n\t\t\tfrom: {},\n\t\t\tto: {}{}\n\t\t}}),",
                    r.table_to,
                    refs(&r.table_from, &r.columns_from),
                    refs(&r.table_to, &r.columns_to),
                    alias_line(",\n\t\t\t")
                )),
                RelationKind::Many | RelationKind::ManyThrough | RelationKind::OneOne => {
                    let which = if r.kind == RelationKind::OneOne {
                        "one"
                    } else {
                        "many"
                    };
                    let arg = alias
                        .as_ref()
                        .map(|a| {
                            format!(
                                "{{\n\t\t\talias: {}\n\t\t}}",
                                crate::codegen::names::js_string(a)
                            )
                        })
                        .unwrap_or_default();
                    out.push_str(&format!("\n\t\t{name}: r.{which}.{}({arg}),", r.table_to));
                }
                RelationKind::Through => {
                    let (through, from_cols, to_cols) = r.through.clone().unwrap_or_default();
                    out.push_str(&format!(
                        "\n\t\t{name}: r.many.{}({{\n\t\t\tfrom: {},\n\t\t\tto: {}{}\n\t\t}}),",
                        r.table_to,
                        through_refs(&r.table_from, &r.columns_from, &through, &from_cols),
                        through_refs(&r.table_to, &r.columns_to, &through, &to_cols),
                        alias_line(",\n\t\t\t")
                    ));
                }
            }
        }
        out.push_str("\n\t},");
    }
    out.push_str("\n}))");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fk(to: &str) -> RelFk {
        RelFk {
            target: to.to_string(),
            columns: vec![format!("{to}Id")],
            columns_to: vec!["id".into()],
            unique: false,
        }
    }

    #[test]
    fn junction_needs_two_fks_to_two_other_tables() {
        let me = "postsToTags";
        let (a, b) = (fk("posts"), fk("tags"));
        assert!(junction_targets(me, &[a.clone(), b.clone()]).is_some());
        assert!(junction_targets(me, &[a.clone(), fk("posts")]).is_none());
        assert!(junction_targets(me, &[a.clone(), fk("postsToTags")]).is_none());
        assert!(junction_targets(me, &[a.clone(), b, fk("users")]).is_none());
        assert!(junction_targets(me, &[a]).is_none());
    }
}
