//! The schema description written by js/schema/sqlite.js → SQLite entity rows.
//!
//! The shim only copies what the drizzle-orm objects hold (SQL already rendered by drizzle's own
//! SQLite dialect, JS default values encoded losslessly as for Postgres); every decision — default
//! literals per type, generated constraint names, which column flags become constraints, conflicts —
//! is made here.
//!
//! ```json
//! { "tables": [{ "name": "users",
//!     "columns": [{ "name", "sqlType", "notNull", "primary", "autoincrement", "timestampMode",
//!                   "default": null | {"sql": "…"} | {"value": <encoded JS value>},
//!                   "generated": null | {"as": "(…)", "mode": "stored"|"virtual"},
//!                   "isUnique", "uniqueName", "hasUniqueIndex" }],
//!     "indexes": [{ "name", "columns": [{"value", "isExpression"}], "unique", "where" }],
//!     "foreignKeys": [{ "name": null|"explicit", "columns", "tableTo", "columnsTo", "onUpdate", "onDelete" }],
//!     "primaryKeys": [{ "name": null|"…", "nameExplicit", "columns", "tableOfKey" }],
//!     "uniqueConstraints": [{ "name": null|"explicit", "columns" }],
//!     "checks": [{ "name", "value" }] }],
//!   "views": [{ "name", "existing", "definition", "dependsOn": ["view", …] }] }
//! ```

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::grammar::{default_literal, name_for_fk, name_for_pk, name_for_unique};
use super::{
    Check, Column, ForeignKey, Generated, Index, IndexColumn, PrimaryKey, SqliteDdl, Table, Unique,
    View,
};
use crate::error::{Error, Result};
use crate::model::pg::jsvalue::JsValue;
use crate::model::referential_action;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Description {
    #[serde(default)]
    pub tables: Vec<DTable>,
    #[serde(default)]
    pub views: Vec<DView>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DTable {
    pub name: String,
    #[serde(default)]
    pub columns: Vec<DColumn>,
    #[serde(default)]
    pub indexes: Vec<DIndex>,
    #[serde(default)]
    pub foreign_keys: Vec<DForeignKey>,
    #[serde(default)]
    pub primary_keys: Vec<DPrimaryKey>,
    #[serde(default)]
    pub unique_constraints: Vec<DUnique>,
    #[serde(default)]
    pub checks: Vec<DCheck>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DColumn {
    pub name: String,
    pub sql_type: String,
    #[serde(default)]
    pub not_null: bool,
    #[serde(default)]
    pub primary: bool,
    #[serde(default)]
    pub autoincrement: bool,
    #[serde(default)]
    pub timestamp_mode: Option<String>,
    #[serde(default)]
    pub default: Option<DDefault>,
    #[serde(default)]
    pub generated: Option<DGenerated>,
    #[serde(default)]
    pub is_unique: bool,
    #[serde(default)]
    pub unique_name: Option<String>,
    #[serde(default)]
    pub has_unique_index: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DDefault {
    Sql(String),
    Value(Value),
}

#[derive(Debug, Deserialize)]
pub struct DGenerated {
    pub r#as: String,
    pub mode: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DIndex {
    pub name: String,
    pub columns: Vec<IndexColumn>,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub r#where: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub table_to: String,
    pub columns_to: Vec<String>,
    pub on_update: Option<String>,
    pub on_delete: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DPrimaryKey {
    pub name: Option<String>,
    #[serde(default)]
    pub name_explicit: bool,
    pub columns: Vec<String>,
    /// The table the key object itself names (rc.5 derives the generated name from it).
    pub table_of_key: String,
}

#[derive(Debug, Deserialize)]
pub struct DUnique {
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct DCheck {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DView {
    pub name: String,
    #[serde(default)]
    pub existing: bool,
    pub definition: Option<String>,
    #[serde(default)]
    pub depends_on: Vec<String>,
}

pub fn parse(json: &str) -> Result<Description> {
    serde_json::from_str(json).map_err(|e| Error::input(format!("SQLite schema description: {e}")))
}

/// The rows of a description, or a `schema_error` naming every conflict (rc.5 prints these and
/// exits 0 having written nothing; sleet fails with a non-zero exit code).
pub fn build(desc: &Description) -> Result<SqliteDdl> {
    let mut ddl = SqliteDdl::default();
    let mut errors: Vec<String> = Vec::new();
    let mut pk_columns: Vec<(String, String)> = Vec::new();
    let mut unique_columns: Vec<(String, String, Option<String>)> = Vec::new();
    // Names already taken, looked up by hash: scanning the rows for each new one was quadratic at a
    // thousand tables.
    let mut table_names: HashSet<&str> = HashSet::new();
    let mut column_names: HashSet<(&str, &str)> = HashSet::new();

    for t in &desc.tables {
        if t.columns.is_empty() {
            errors.push(format!(
                "table `{}` has no columns: give it at least one column",
                t.name
            ));
            continue;
        }
        if !table_names.insert(&t.name) {
            errors.push(format!(
                "table name `{}` is used by two tables: rename one of them",
                t.name
            ));
            continue;
        }
        ddl.tables.push(Table {
            name: t.name.clone(),
        });
    }
    for t in &desc.tables {
        for c in &t.columns {
            let default = match &c.default {
                None => None,
                Some(DDefault::Sql(text)) => Some(text.clone()),
                Some(DDefault::Value(v)) => {
                    let value = JsValue::decode(v).map_err(|e| {
                        Error::schema(&format!("column `{}`.`{}`", t.name, c.name), e)
                    })?;
                    Some(
                        default_literal(&value, &c.sql_type, c.timestamp_mode.as_deref()).map_err(
                            |e| {
                                Error::schema(
                                    &format!("default of column `{}`.`{}`", t.name, c.name),
                                    e,
                                )
                            },
                        )?,
                    )
                }
            };
            let column = Column {
                table: t.name.clone(),
                name: c.name.clone(),
                r#type: c.sql_type.clone(),
                not_null: c.not_null && !c.primary,
                autoincrement: Some(c.autoincrement),
                default,
                generated: c.generated.as_ref().map(|g| Generated {
                    r#as: g.r#as.clone(),
                    r#type: if g.mode == "stored" {
                        "stored"
                    } else {
                        "virtual"
                    }
                    .into(),
                }),
            };
            if !column_names.insert((&t.name, &c.name)) {
                errors.push(format!(
                    "table `{}` has two columns named `{}`: rename one of them",
                    t.name, c.name
                ));
                continue;
            }
            ddl.columns.push(column);
            if c.primary {
                pk_columns.push((t.name.clone(), c.name.clone()));
            }
            if c.is_unique && !c.has_unique_index {
                unique_columns.push((t.name.clone(), c.name.clone(), c.unique_name.clone()));
            }
        }
    }
    for t in &desc.tables {
        for fk in &t.foreign_keys {
            let name = fk
                .name
                .clone()
                .unwrap_or_else(|| name_for_fk(&t.name, &fk.columns, &fk.table_to, &fk.columns_to));
            let action = |a: &Option<String>| {
                referential_action(a.as_deref())
                    .map_err(|e| Error::schema(&format!("foreign key `{name}` on `{}`", t.name), e))
            };
            let row = ForeignKey {
                table: t.name.clone(),
                name: name.clone(),
                columns: fk.columns.clone(),
                table_to: fk.table_to.clone(),
                columns_to: fk.columns_to.clone(),
                on_update: action(&fk.on_update)?,
                on_delete: action(&fk.on_delete)?,
                name_explicit: fk.name.is_some(),
            };
            if ddl
                .fks
                .iter()
                .any(|x| x.table == row.table && x.name == row.name)
            {
                errors.push(format!(
                    "table `{}` has two foreign keys named `{name}`: name them apart",
                    t.name
                ));
                continue;
            }
            ddl.fks.push(row);
        }
    }
    for t in &desc.tables {
        for pk in &t.primary_keys {
            let row = PrimaryKey {
                table: t.name.clone(),
                name: pk
                    .name
                    .clone()
                    .unwrap_or_else(|| name_for_pk(&pk.table_of_key)),
                columns: pk.columns.clone(),
                name_explicit: pk.name_explicit,
            };
            if ddl
                .pks
                .iter()
                .any(|x| x.table == row.table && x.name == row.name)
            {
                errors.push(format!(
                    "table `{}` declares the primary key `{}` twice",
                    t.name, row.name
                ));
                continue;
            }
            ddl.pks.push(row);
        }
    }
    for (table, column) in &pk_columns {
        if ddl.pks.iter().any(|p| &p.table == table) {
            continue;
        }
        ddl.pks.push(PrimaryKey {
            table: table.clone(),
            name: name_for_pk(table),
            columns: vec![column.clone()],
            name_explicit: false,
        });
    }
    let mut index_tables: HashMap<&str, &str> = HashMap::new();
    for t in &desc.tables {
        for idx in &t.indexes {
            // Index names are one namespace for the whole database file.
            if let Some(other) = index_tables.get(idx.name.as_str()) {
                errors.push(format!(
                    "index name `{}` is used twice (on `{}` and on `{}`): SQLite index names are unique per database, rename one of them",
                    idx.name, other, t.name
                ));
                continue;
            }
            index_tables.insert(&idx.name, &t.name);
            ddl.indexes.push(Index {
                table: t.name.clone(),
                name: idx.name.clone(),
                columns: idx.columns.clone(),
                is_unique: idx.unique,
                r#where: idx.r#where.clone(),
                origin: "manual".into(),
            });
        }
    }
    let push_unique = |ddl: &mut SqliteDdl, errors: &mut Vec<String>, row: Unique| {
        if ddl
            .uniques
            .iter()
            .any(|x| x.table == row.table && x.name == row.name)
        {
            errors.push(format!(
                "table `{}` has two unique constraints named `{}`: name them apart",
                row.table, row.name
            ));
        } else {
            ddl.uniques.push(row);
        }
    };
    for t in &desc.tables {
        for u in &t.unique_constraints {
            let row = Unique {
                table: t.name.clone(),
                name: u
                    .name
                    .clone()
                    .unwrap_or_else(|| name_for_unique(&t.name, &u.columns)),
                columns: u.columns.clone(),
                name_explicit: u.name.is_some(),
            };
            push_unique(&mut ddl, &mut errors, row);
        }
    }
    for (table, column, name) in unique_columns {
        let row = Unique {
            name: name
                .clone()
                .unwrap_or_else(|| name_for_unique(&table, std::slice::from_ref(&column))),
            columns: vec![column],
            table,
            name_explicit: name.is_some(),
        };
        push_unique(&mut ddl, &mut errors, row);
    }
    for t in &desc.tables {
        for ch in &t.checks {
            if ddl
                .checks
                .iter()
                .any(|x| x.table == t.name && x.name == ch.name)
            {
                errors.push(format!(
                    "table `{}` has two checks named `{}`: name them apart",
                    t.name, ch.name
                ));
                continue;
            }
            // As rc.5: the first `"table".` qualifier is dropped from the check's text.
            let value = ch.value.replacen(&format!("\"{}\".", t.name), "", 1);
            ddl.checks.push(Check {
                table: t.name.clone(),
                name: ch.name.clone(),
                value,
            });
        }
    }
    for v in &desc.views {
        if ddl.views.iter().any(|x| x.name == v.name) {
            errors.push(format!(
                "view name `{}` is used twice: rename one of them",
                v.name
            ));
            continue;
        }
        ddl.views.push(View {
            name: v.name.clone(),
            definition: if v.existing {
                None
            } else {
                v.definition.clone()
            },
            is_existing: v.existing,
            error: None,
        });
    }
    if !errors.is_empty() {
        return Err(Error::schema("SQLite schema", errors.join("; ")));
    }
    Ok(ddl)
}

/// The views each view's query references (`CREATE VIEW`s are ordered by them).
pub fn view_dependencies(desc: &Description) -> Vec<(String, Vec<String>)> {
    desc.views
        .iter()
        .map(|v| (v.name.clone(), v.depends_on.clone()))
        .collect()
}
