//! `relations.ts` for drizzle-orm 1.0 (`defineRelations`, RQB v2) from the foreign keys, as rc.5
//! writes it: every FK gives a `one` on the referencing table and a `many` (or `one` when the FK
//! columns are unique) on the referenced table; a table with exactly two FKs to two other distinct
//! tables is a junction, giving many-to-many relations `through` it on both ends.

use std::collections::HashMap;

use super::{Naming, TableParts};
use crate::codegen::names::{apply_casing, member, object_key, plural, singular, Casing, Keys};
use crate::model::pg::{ForeignKey, PgDdl};

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
pub fn junction_targets<'a>(
    table: &(String, String),
    fks: &[&'a ForeignKey],
) -> Option<(&'a ForeignKey, &'a ForeignKey)> {
    let [a, b] = fks else { return None };
    let to_a = (a.schema_to.as_str(), a.table_to.as_str());
    let to_b = (b.schema_to.as_str(), b.table_to.as_str());
    let me = (table.0.as_str(), table.1.as_str());
    (to_a != to_b && to_a != me && to_b != me).then_some((*a, *b))
}

/// Relations per table binding, in rc.5's order (tables in model order, FK order within a table).
pub(crate) fn collect_relations(
    ddl: &PgDdl,
    parts: &HashMap<(String, String), TableParts<'_>>,
    naming: &Naming,
) -> Vec<(String, Vec<Relation>)> {
    let mut order: Vec<String> = Vec::new();
    let mut by_table: HashMap<String, Vec<Relation>> = HashMap::new();
    let mut push = |table: &str, rel: Relation| {
        if !by_table.contains_key(table) {
            order.push(table.to_string());
        }
        by_table.entry(table.to_string()).or_default().push(rel);
    };
    let keys_of = |table: &(String, String), cols: &[String]| -> Vec<String> {
        cols.iter()
            .map(|c| naming.column_key(table, c).unwrap_or(c).to_string())
            .collect()
    };

    for t in &ddl.tables {
        let id = (t.schema.clone(), t.name.clone());
        let Some(p) = parts.get(&id) else { continue };
        let Some(me) = naming.tables.get(&id) else {
            continue;
        };
        // FKs to tables outside the pulled schema have no relation target.
        let fks: Vec<&ForeignKey> = p
            .fks
            .iter()
            .copied()
            .filter(|fk| {
                naming
                    .tables
                    .contains_key(&(fk.schema_to.clone(), fk.table_to.clone()))
            })
            .collect();
        let column_keys: Vec<String> = p
            .columns
            .iter()
            .map(|c| {
                naming
                    .column_key(&id, &c.name)
                    .unwrap_or(&c.name)
                    .to_string()
            })
            .collect();

        if let Some((fk1, fk2)) = junction_targets(&id, &fks) {
            let to1_id = (fk1.schema_to.clone(), fk1.table_to.clone());
            let to2_id = (fk2.schema_to.clone(), fk2.table_to.clone());
            if let (Some(to1), Some(to2)) = (naming.tables.get(&to1_id), naming.tables.get(&to2_id))
            {
                let cols_to1 = keys_of(&to1_id, &fk1.columns_to);
                let cols_to2 = keys_of(&to2_id, &fk2.columns_to);
                let through = (
                    me.clone(),
                    keys_of(&id, &fk1.columns),
                    keys_of(&id, &fk2.columns),
                );
                push(
                    to1,
                    Relation {
                        name: avoid_column(plural(to2), &column_keys),
                        kind: RelationKind::Through,
                        table_from: to1.clone(),
                        columns_from: cols_to1.clone(),
                        table_to: to2.clone(),
                        columns_to: cols_to2.clone(),
                        through: Some(through.clone()),
                    },
                );
                push(
                    to2,
                    Relation {
                        name: avoid_column(plural(to1), &column_keys),
                        kind: RelationKind::ManyThrough,
                        table_from: to2.clone(),
                        columns_from: cols_to2,
                        table_to: to1.clone(),
                        columns_to: cols_to1,
                        through: Some(through),
                    },
                );
            }
        }

        for fk in &fks {
            let to_id = (fk.schema_to.clone(), fk.table_to.clone());
            let Some(to) = naming.tables.get(&to_id) else {
                continue;
            };
            let cols_from = keys_of(&id, &fk.columns);
            let cols_to = keys_of(&to_id, &fk.columns_to);
            push(
                me,
                Relation {
                    name: avoid_column(singular(to), &column_keys),
                    kind: RelationKind::One,
                    table_from: me.clone(),
                    columns_from: cols_from.clone(),
                    table_to: to.clone(),
                    columns_to: cols_to.clone(),
                    through: None,
                },
            );
            let unique_columns = p.uniques.iter().any(|u| u.columns == fk.columns)
                || p.indexes.iter().any(|i| {
                    i.is_unique
                        && i.columns
                            .iter()
                            .filter(|c| !c.is_expression)
                            .map(|c| &c.value)
                            .eq(fk.columns.iter())
                });
            push(
                to,
                Relation {
                    name: avoid_column(plural(me), &column_keys),
                    kind: if unique_columns {
                        RelationKind::OneOne
                    } else {
                        RelationKind::Many
                    },
                    table_from: to.clone(),
                    columns_from: cols_to,
                    table_to: me.clone(),
                    columns_to: cols_from,
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

pub(crate) fn relations_ts(
    ddl: &PgDdl,
    parts: &HashMap<(String, String), TableParts<'_>>,
    naming: &Naming,
    casing: Casing,
    schema_module: &str,
) -> String {
    let tables = collect_relations(ddl, parts, naming);
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

    fn fk(table: &str, to: &str) -> ForeignKey {
        serde_json::from_value(serde_json::json!({
            "schema": "public", "table": table, "name": format!("{table}_{to}_fk"), "nameExplicit": true,
            "columns": [format!("{to}_id")], "schemaTo": "public", "tableTo": to, "columnsTo": ["id"],
            "onUpdate": "NO ACTION", "onDelete": "NO ACTION"
        }))
        .unwrap()
    }

    #[test]
    fn junction_needs_two_fks_to_two_other_tables() {
        let me = ("public".to_string(), "posts_to_tags".to_string());
        let a = fk("posts_to_tags", "posts");
        let b = fk("posts_to_tags", "tags");
        assert!(junction_targets(&me, &[&a, &b]).is_some());
        let same = fk("posts_to_tags", "posts");
        assert!(junction_targets(&me, &[&a, &same]).is_none());
        let selfref = fk("posts_to_tags", "posts_to_tags");
        assert!(junction_targets(&me, &[&a, &selfref]).is_none());
        let c = fk("posts_to_tags", "users");
        assert!(junction_targets(&me, &[&a, &b, &c]).is_none());
        assert!(junction_targets(&me, &[&a]).is_none());
    }
}
