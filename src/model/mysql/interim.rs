//! The schema description written by js/schema/mysql.js → MySQL entity rows.
//!
//! The shim only copies what the drizzle-orm `mysql-core` objects hold (SQL rendered by drizzle's
//! own MySQL dialect, JS default values encoded losslessly as for Postgres); every decision —
//! default literals per type, generated names, which column flags become constraints, conflicts —
//! is made here.
//!
//! ```json
//! { "tables": [{ "name": "users",
//!     "columns": [{ "name", "sqlType", "notNull", "primary", "autoincrement",
//!                   "onUpdateNow", "onUpdateNowFsp": null | 3,
//!                   "default": null | {"sql": "…"} | {"value": <encoded JS value>},
//!                   "generated": null | {"as": "…", "mode": "stored"|"virtual"},
//!                   "isUnique", "uniqueName", "charSet": null|"…", "collation": null|"…" }],
//!     "indexes": [{ "name", "columns": [{"value", "isExpression"}], "unique", "using", "algorithm", "lock" }],
//!     "foreignKeys": [{ "name": null|"explicit", "columns", "tableTo", "columnsTo", "onUpdate", "onDelete" }],
//!     "primaryKeys": [{ "columns" }],
//!     "uniqueConstraints": [{ "name": null|"explicit", "columns" }],
//!     "checks": [{ "name", "value" }] }],
//!   "views": [{ "name", "existing", "definition", "algorithm", "sqlSecurity", "withCheckOption" }] }
//! ```

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::Value;

use super::grammar::{default_literal, name_for_fk, name_for_unique, PRIMARY};
use super::{
    Check, Column, ForeignKey, Generated, Index, IndexColumn, MysqlDdl, PrimaryKey, Table, View,
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
    pub on_update_now: bool,
    #[serde(default)]
    pub on_update_now_fsp: Option<u32>,
    #[serde(default)]
    pub default: Option<DDefault>,
    #[serde(default)]
    pub generated: Option<DGenerated>,
    #[serde(default)]
    pub is_unique: bool,
    #[serde(default)]
    pub unique_name: Option<String>,
    #[serde(default)]
    pub char_set: Option<String>,
    #[serde(default)]
    pub collation: Option<String>,
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
    pub using: Option<String>,
    #[serde(default)]
    pub algorithm: Option<String>,
    #[serde(default)]
    pub lock: Option<String>,
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
pub struct DPrimaryKey {
    pub columns: Vec<String>,
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
    pub algorithm: Option<String>,
    #[serde(default)]
    pub sql_security: Option<String>,
    #[serde(default)]
    pub with_check_option: Option<String>,
}

pub fn parse(json: &str) -> Result<Description> {
    serde_json::from_str(json).map_err(|e| Error::input(format!("MySQL schema description: {e}")))
}

/// The rows of a description, or a `schema_error` naming every conflict.
pub fn build(desc: &Description) -> Result<MysqlDdl> {
    let mut ddl = MysqlDdl::default();
    let mut errors: Vec<String> = Vec::new();
    // rc.5 orders tables by name; every other kind follows the table order.
    let mut tables: Vec<&DTable> = desc.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    // Names already taken, looked up by hash: scanning the rows for each new one was quadratic at a
    // thousand tables.
    let mut table_names: HashSet<&str> = HashSet::new();
    let mut column_names: HashSet<(&str, &str)> = HashSet::new();
    let mut fk_names: HashSet<(String, String)> = HashSet::new();
    let mut index_names: HashSet<(String, String)> = HashSet::new();
    let mut check_names: HashSet<(&str, &str)> = HashSet::new();
    let mut view_names: HashSet<&str> = HashSet::new();

    for t in &tables {
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
    let mut column_uniques: Vec<Index> = Vec::new();
    for t in &tables {
        let mut pk_columns: Vec<String> = Vec::new();
        for c in &t.columns {
            let where_ = format!("column `{}`.`{}`", t.name, c.name);
            let default = match &c.default {
                None => None,
                Some(DDefault::Sql(text)) => Some(text.clone()),
                Some(DDefault::Value(v)) => {
                    let value = JsValue::decode(v).map_err(|e| Error::schema(&where_, e))?;
                    Some(
                        default_literal(&value, &c.sql_type)
                            .map_err(|e| Error::schema(&format!("default of {where_}"), e))?,
                    )
                }
            };
            if !column_names.insert((&t.name, &c.name)) {
                errors.push(format!(
                    "table `{}` has two columns named `{}`: rename one of them",
                    t.name, c.name
                ));
                continue;
            }
            let serial = c.sql_type.eq_ignore_ascii_case("serial");
            ddl.columns.push(Column {
                table: t.name.clone(),
                name: c.name.clone(),
                r#type: sql_type(&c.sql_type),
                not_null: c.not_null || serial,
                auto_increment: c.autoincrement || serial,
                default,
                on_update_now: c.on_update_now,
                on_update_now_fsp: c.on_update_now_fsp,
                char_set: c.char_set.clone(),
                collation: c.collation.clone(),
                generated: c.generated.as_ref().map(|g| Generated {
                    r#as: g.r#as.clone(),
                    r#type: if g.mode == "stored" {
                        "stored"
                    } else {
                        "virtual"
                    }
                    .into(),
                }),
            });
            if c.primary {
                pk_columns.push(c.name.clone());
            }
            if c.is_unique {
                let columns = vec![c.name.clone()];
                column_uniques.push(Index {
                    table: t.name.clone(),
                    name: c
                        .unique_name
                        .clone()
                        .unwrap_or_else(|| name_for_unique(&columns)),
                    columns: plain_columns(&columns),
                    is_unique: true,
                    using: None,
                    algorithm: None,
                    lock: None,
                    name_explicit: c.unique_name.is_some(),
                });
            }
        }
        let declared: Vec<&Vec<String>> = t.primary_keys.iter().map(|p| &p.columns).collect();
        let columns = match (declared.as_slice(), pk_columns.is_empty()) {
            ([], true) => None,
            ([], false) => Some(pk_columns),
            ([one], _) => Some((*one).clone()),
            _ => {
                errors.push(format!(
                    "table `{}` declares more than one primary key: keep one primaryKey()",
                    t.name
                ));
                None
            }
        };
        if let Some(columns) = columns {
            ddl.pks.push(PrimaryKey {
                table: t.name.clone(),
                name: PRIMARY.into(),
                columns,
            });
        }
    }
    for t in &tables {
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
            if !fk_names.insert((row.table.clone(), row.name.clone())) {
                errors.push(format!(
                    "table `{}` has two foreign keys named `{name}`: name them apart",
                    t.name
                ));
                continue;
            }
            ddl.fks.push(row);
        }
    }
    // rc.5's index order: every column-level unique first, then per table its unique constraints
    // and its indexes.
    let mut indexes = column_uniques;
    for t in &tables {
        for u in &t.unique_constraints {
            indexes.push(Index {
                table: t.name.clone(),
                name: u
                    .name
                    .clone()
                    .unwrap_or_else(|| name_for_unique(&u.columns)),
                columns: plain_columns(&u.columns),
                is_unique: true,
                using: None,
                algorithm: None,
                lock: None,
                name_explicit: u.name.is_some(),
            });
        }
        for idx in &t.indexes {
            indexes.push(Index {
                table: t.name.clone(),
                name: idx.name.clone(),
                columns: idx.columns.clone(),
                is_unique: idx.unique,
                using: idx.using.clone(),
                algorithm: idx.algorithm.clone(),
                lock: idx.lock.clone(),
                name_explicit: true,
            });
        }
    }
    for idx in indexes {
        if !index_names.insert((idx.table.clone(), idx.name.clone())) {
            errors.push(format!(
                "table `{}` has two indexes or unique constraints named `{}`: name them apart",
                idx.table, idx.name
            ));
            continue;
        }
        ddl.indexes.push(idx);
    }
    for t in &tables {
        for ch in &t.checks {
            if !check_names.insert((&t.name, &ch.name)) {
                errors.push(format!(
                    "table `{}` has two checks named `{}`: name them apart",
                    t.name, ch.name
                ));
                continue;
            }
            ddl.checks.push(Check {
                table: t.name.clone(),
                name: ch.name.clone(),
                value: ch.value.clone(),
            });
        }
    }
    for v in desc.views.iter().filter(|v| v.existing) {
        if !ddl.existing_views.contains(&v.name) {
            ddl.existing_views.push(v.name.clone());
        }
    }
    for v in desc.views.iter().filter(|v| !v.existing) {
        if view_names.contains(v.name.as_str()) {
            errors.push(format!(
                "view name `{}` is used twice: rename one of them",
                v.name
            ));
            continue;
        }
        let Some(definition) = &v.definition else {
            errors.push(format!(
                "view `{}` has no query: give it .as(…) or mark it .existing()",
                v.name
            ));
            continue;
        };
        view_names.insert(&v.name);
        ddl.views.push(View {
            name: v.name.clone(),
            definition: definition.clone(),
            algorithm: v.algorithm.clone().unwrap_or_else(|| "undefined".into()),
            sql_security: v.sql_security.clone().unwrap_or_else(|| "definer".into()),
            with_check_option: v.with_check_option.clone(),
        });
    }
    // InnoDB refuses a foreign key whose referenced columns lead no index of their table (errno
    // 150); rc.5 writes it and the migration fails, or fails at the `DROP INDEX` that removes the
    // last such index.
    let servers = ddl.key_servers();
    let table_names: HashSet<&str> = ddl.tables.iter().map(|t| t.name.as_str()).collect();
    for fk in &ddl.fks {
        let key = (
            fk.table_to.as_str(),
            fk.columns_to.iter().map(String::as_str).collect(),
        );
        if table_names.contains(fk.table_to.as_str()) && !servers.contains_key(&key) {
            errors.push(format!(
                "foreign key `{}` on `{}` references `{}` ({}), which no primary key, unique constraint or index of `{}` starts with: MySQL refuses it; give `{}` one",
                fk.name,
                fk.table,
                fk.table_to,
                fk.columns_to.join(", "),
                fk.table_to,
                fk.table_to
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::schema("MySQL schema", errors.join("; ")));
    }
    Ok(ddl)
}

fn plain_columns(columns: &[String]) -> Vec<IndexColumn> {
    columns
        .iter()
        .map(|c| IndexColumn {
            value: c.clone(),
            is_expression: false,
        })
        .collect()
}

/// drizzle writes some types' arguments with a space (`real(8, 2)`); rc.5 records them without.
fn sql_type(declared: &str) -> String {
    if declared.contains('\'') {
        declared.to_string()
    } else {
        declared.replace(", ", ",")
    }
}
