//! SQLite introspection: the rows of js/introspect/sqlite.js's catalog queries (the `pragma_*`
//! table-valued functions joined with `sqlite_schema`, a fixed number of queries for any number of
//! tables) → SQLite entity rows. The pragmas give columns, keys, indexes and foreign keys; what they
//! do not report (constraint names, checks, generated expressions, AUTOINCREMENT, index expressions
//! and WHERE, view queries) is read from the stored `CREATE` text (`text`).

pub mod reconcile;
pub mod text;

use std::collections::HashMap;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::introspect::pg::filter::GlobList;
use crate::model::group;
use crate::model::sqlite::grammar::{family, name_for_fk, name_for_pk, name_for_unique, Family};
use crate::model::sqlite::{
    Check, Column, ForeignKey, Generated, Index, IndexColumn, PrimaryKey, SqliteDdl, Table, Unique,
    View, ViewColumn,
};

/// `sqlite_schema` rows of tables and views.
#[derive(Debug, Clone, Deserialize)]
pub struct SchemaRow {
    pub name: String,
    pub r#type: String,
    #[serde(default)]
    pub sql: Option<String>,
}

/// `pragma_table_xinfo`, one row per column of every table.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnRow {
    pub table: String,
    pub cid: i64,
    pub name: String,
    #[serde(default)]
    pub r#type: Option<String>,
    pub not_null: i64,
    #[serde(default)]
    pub default: Option<String>,
    /// Position in the primary key, 0 when not in it.
    pub pk: i64,
    /// 0 normal, 1 hidden (virtual tables), 2 virtual generated, 3 stored generated.
    pub hidden: i64,
}

/// `pragma_index_list` joined with the index's own `CREATE INDEX` text.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexRow {
    pub table: String,
    pub name: String,
    pub unique: i64,
    /// `c` (CREATE INDEX), `u` (UNIQUE constraint), `pk` (PRIMARY KEY).
    pub origin: String,
    #[serde(default)]
    pub sql: Option<String>,
}

/// `pragma_index_info`: the key columns of every index.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexColumnRow {
    pub index: String,
    pub seqno: i64,
    #[serde(default)]
    pub name: Option<String>,
}

/// `pragma_foreign_key_list`, one row per column pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForeignKeyRow {
    pub table: String,
    pub id: i64,
    pub seq: i64,
    pub table_to: String,
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
    pub on_update: String,
    pub on_delete: String,
}

/// `pragma_table_xinfo` of every view: the rows do not hold view columns, pull's codegen does.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewColumnRow {
    pub view: String,
    pub cid: i64,
    pub name: String,
    #[serde(default)]
    pub r#type: Option<String>,
    pub not_null: i64,
}

/// Each row comes as an object or, from js/introspect/sqlite.js's JSON queries, as an array of its
/// values in the order of the row struct's fields (serde reads both): keep each struct's fields in
/// the order of that file's `FIELDS`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CatalogRows {
    pub objects: Vec<SchemaRow>,
    pub columns: Vec<ColumnRow>,
    pub indexes: Vec<IndexRow>,
    pub index_columns: Vec<IndexColumnRow>,
    pub fks: Vec<ForeignKeyRow>,
    pub view_columns: Vec<ViewColumnRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MigrationsTable {
    pub table: String,
}

impl Default for MigrationsTable {
    fn default() -> Self {
        MigrationsTable {
            table: crate::dialect::DEFAULT_MIGRATIONS_TABLE.into(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IntrospectOptions {
    pub tables_filter: Vec<String>,
    pub migrations: MigrationsTable,
}

/// Tables SQLite, libSQL, D1 and Litestream keep for themselves, as rc.5 skips them.
fn internal(name: &str) -> bool {
    ["sqlite_", "_cf_", "_litestream_", "libsql_"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Whether a table or view is within the config's scope (never the migrations table).
pub fn admitted(options: &IntrospectOptions, name: &str) -> bool {
    !internal(name)
        && name != options.migrations.table
        && GlobList::new(&options.tables_filter).admits(name)
}

/// SQLite reports the type names it knows (INT, INTEGER, REAL, TEXT, BLOB, ANY) in upper case
/// whatever the CREATE TABLE said, while drizzle's builders write them in lower case: read back in
/// lower case, a pulled `integer()` describes the same type the database holds. Other declared
/// types are reported as written and kept so.
fn declared_type(reported: Option<&str>) -> String {
    let reported = reported.unwrap_or_default();
    if ["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"].contains(&reported) {
        reported.to_ascii_lowercase()
    } else {
        reported.to_string()
    }
}

/// A view column's type as a builder's: it only types the view's rows in TypeScript (no column is
/// created from it), so the affinity's builder reads better than the declared type of the column
/// it came from, as rc.5 writes it.
fn view_column_type(reported: Option<&str>) -> String {
    match family(reported.unwrap_or_default()) {
        Family::Int => "integer".into(),
        Family::Real => "real".into(),
        Family::Numeric => "numeric".into(),
        Family::Text => "text".into(),
        Family::Blob => "blob".into(),
        Family::Custom => declared_type(reported),
    }
}

/// The columns of the views within scope, in each view's column order.
pub fn view_columns(rows: &CatalogRows, options: &IntrospectOptions) -> Vec<ViewColumn> {
    let mut found: Vec<&ViewColumnRow> = rows
        .view_columns
        .iter()
        .filter(|c| admitted(options, &c.view))
        .collect();
    // Stable: views keep the catalog's order, columns are put in declaration order.
    let order = |view: &str| rows.objects.iter().position(|o| o.name == view);
    found.sort_by_key(|c| (order(&c.view), c.cid));
    found
        .into_iter()
        .map(|c| ViewColumn {
            view: c.view.clone(),
            name: c.name.clone(),
            sql_type: view_column_type(c.r#type.as_deref()),
            not_null: c.not_null != 0,
        })
        .collect()
}

pub struct SqliteCatalog {
    pub rows: CatalogRows,
    pub options: IntrospectOptions,
}

/// The catalog's rows grouped by what they belong to, once: filtering every row per table was
/// quadratic at a thousand tables.
struct Grouped<'a> {
    columns: HashMap<&'a str, Vec<&'a ColumnRow>>,
    indexes: HashMap<&'a str, Vec<&'a IndexRow>>,
    index_columns: HashMap<&'a str, Vec<&'a IndexColumnRow>>,
    fks: HashMap<&'a str, Vec<&'a ForeignKeyRow>>,
}

pub fn from_catalog(rows: &CatalogRows, options: &IntrospectOptions) -> Result<SqliteDdl> {
    let mut ddl = SqliteDdl::default();
    let grouped = Grouped {
        columns: group(&rows.columns, |c| c.table.as_str()),
        indexes: group(&rows.indexes, |i| i.table.as_str()),
        index_columns: group(&rows.index_columns, |c| c.index.as_str()),
        fks: group(&rows.fks, |f| f.table.as_str()),
    };
    for object in rows.objects.iter().filter(|o| admitted(options, &o.name)) {
        let sql = object.sql.as_deref().unwrap_or("");
        match object.r#type.as_str() {
            "table" => table(&grouped, &object.name, sql, &mut ddl)?,
            "view" => ddl.views.push(View {
                name: object.name.clone(),
                definition: text::view(sql),
                is_existing: false,
                error: None,
            }),
            _ => {}
        }
    }
    Ok(ddl)
}

fn table(rows: &Grouped, name: &str, sql: &str, ddl: &mut SqliteDdl) -> Result<()> {
    let found = text::table(sql);
    ddl.tables.push(Table {
        name: name.to_string(),
    });
    let none = Vec::new();
    let mut columns: Vec<&ColumnRow> = rows
        .columns
        .get(name)
        .unwrap_or(&none)
        .iter()
        .copied()
        .filter(|c| c.hidden != 1)
        .collect();
    columns.sort_by_key(|c| c.cid);
    for c in &columns {
        let generated = found
            .generated
            .iter()
            .find(|(col, _, _)| col == &c.name)
            .map(|(_, r#as, kind)| Generated {
                r#as: r#as.clone(),
                r#type: kind.clone(),
            });
        if generated.is_none() && c.hidden >= 2 {
            return Err(Error::input(format!(
                "table `{name}`: column `{}` is generated, but its expression could not be read from the table's CREATE TABLE text",
                c.name
            )));
        }
        ddl.columns.push(Column {
            table: name.to_string(),
            name: c.name.clone(),
            r#type: declared_type(c.r#type.as_deref()),
            not_null: c.not_null != 0,
            autoincrement: Some(found.autoincrement.contains(&c.name)),
            default: c.default.clone(),
            generated,
        });
    }
    let mut pk: Vec<&&ColumnRow> = columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    if !pk.is_empty() {
        ddl.pks.push(PrimaryKey {
            table: name.to_string(),
            name: found.pk_name.clone().unwrap_or_else(|| name_for_pk(name)),
            columns: pk.iter().map(|c| c.name.clone()).collect(),
            name_explicit: found.pk_name.is_some(),
        });
    }

    let key_columns = |index: &str| -> Vec<String> {
        let mut cols: Vec<&IndexColumnRow> = rows
            .index_columns
            .get(index)
            .map(|c| c.to_vec())
            .unwrap_or_default();
        cols.sort_by_key(|c| c.seqno);
        cols.iter().filter_map(|c| c.name.clone()).collect()
    };
    for index in rows.indexes.get(name).into_iter().flatten() {
        match index.origin.as_str() {
            "u" => {
                let columns = key_columns(&index.name);
                let declared = found.uniques.iter().find(|(_, cols)| cols == &columns);
                let explicit = declared.and_then(|(n, _)| n.clone());
                ddl.uniques.push(Unique {
                    table: name.to_string(),
                    name: explicit
                        .clone()
                        .unwrap_or_else(|| name_for_unique(name, &columns)),
                    columns,
                    name_explicit: explicit.is_some(),
                });
            }
            "c" => {
                let Some(parsed) = index.sql.as_deref().and_then(text::index) else {
                    return Err(Error::input(format!(
                        "index `{}` on `{name}`: its CREATE INDEX text could not be read",
                        index.name
                    )));
                };
                ddl.indexes.push(Index {
                    table: name.to_string(),
                    name: index.name.clone(),
                    columns: parsed
                        .columns
                        .into_iter()
                        .map(|(value, is_expression)| IndexColumn {
                            value,
                            is_expression,
                        })
                        .collect(),
                    is_unique: index.unique != 0,
                    r#where: parsed.r#where,
                    origin: "manual".into(),
                });
            }
            // The primary key's own index is the key.
            _ => {}
        }
    }

    let fks: &[&ForeignKeyRow] = rows.fks.get(name).map_or(&[], Vec::as_slice);
    let mut ids: Vec<i64> = fks.iter().map(|f| f.id).collect();
    ids.sort_unstable();
    ids.dedup();
    // SQLite numbers foreign keys from the last declared one: declaration order is the reverse.
    for id in ids.into_iter().rev() {
        let mut pairs: Vec<&ForeignKeyRow> = fks.iter().copied().filter(|f| f.id == id).collect();
        pairs.sort_by_key(|f| f.seq);
        let Some(first) = pairs.first() else { continue };
        let columns: Vec<String> = pairs.iter().map(|f| f.from.clone()).collect();
        let columns_to: Vec<String> = pairs
            .iter()
            .map(|f| f.to.clone().unwrap_or_default())
            .collect();
        let explicit = found
            .fks
            .iter()
            .find(|f| f.columns == columns && f.table_to == first.table_to)
            .and_then(|f| f.name.clone());
        ddl.fks.push(ForeignKey {
            table: name.to_string(),
            name: explicit
                .clone()
                .unwrap_or_else(|| name_for_fk(name, &columns, &first.table_to, &columns_to)),
            columns,
            table_to: first.table_to.clone(),
            columns_to,
            on_update: first.on_update.to_uppercase(),
            on_delete: first.on_delete.to_uppercase(),
            name_explicit: explicit.is_some(),
        });
    }

    for (i, (check_name, value)) in found.checks.iter().enumerate() {
        ddl.checks.push(Check {
            table: name.to_string(),
            name: check_name
                .clone()
                .unwrap_or_else(|| format!("{name}_check_{}", i + 1)),
            value: value.clone(),
        });
    }
    Ok(())
}

impl crate::introspect::Inspector for crate::model::sqlite::Sqlite {
    type Catalog = SqliteCatalog;
    fn read_catalog(rows: &str, options: Option<&str>) -> Result<SqliteCatalog> {
        let (rows, options) = super::parse_catalog(rows, options)?;
        Ok(SqliteCatalog { rows, options })
    }
    fn inspect(catalog: &SqliteCatalog) -> Result<SqliteDdl> {
        from_catalog(&catalog.rows, &catalog.options)
    }
    fn found(catalog: &SqliteCatalog) -> Result<Vec<ViewColumn>> {
        Ok(view_columns(&catalog.rows, &catalog.options))
    }
    fn reconcile(
        catalog: &SqliteCatalog,
        database: &mut SqliteDdl,
        code: &mut SqliteDdl,
    ) -> Result<Vec<String>> {
        reconcile::reconcile(&catalog.options, database, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_as_arrays_read_as_rows_as_objects() {
        let arrays = r#"{"objects":[["t","table","CREATE TABLE t (id integer PRIMARY KEY, p integer REFERENCES t(id))"]],
            "columns":[["t",0,"id","INTEGER",0,null,1,0],["t",1,"p","INTEGER",0,null,0,0]],
            "indexes":[["t","t_p",0,"c","CREATE INDEX t_p ON t (p)"]],
            "indexColumns":[["t_p",0,"p"]],
            "fks":[["t",0,0,"t","p","id","NO ACTION","NO ACTION"]],
            "viewColumns":[]}"#;
        let objects = r#"{"objects":[{"name":"t","type":"table","sql":"CREATE TABLE t (id integer PRIMARY KEY, p integer REFERENCES t(id))"}],
            "columns":[{"table":"t","cid":0,"name":"id","type":"INTEGER","notNull":0,"default":null,"pk":1,"hidden":0},
                       {"table":"t","cid":1,"name":"p","type":"INTEGER","notNull":0,"default":null,"pk":0,"hidden":0}],
            "indexes":[{"table":"t","name":"t_p","unique":0,"origin":"c","sql":"CREATE INDEX t_p ON t (p)"}],
            "indexColumns":[{"index":"t_p","seqno":0,"name":"p"}],
            "fks":[{"table":"t","id":0,"seq":0,"tableTo":"t","from":"p","to":"id","onUpdate":"NO ACTION","onDelete":"NO ACTION"}],
            "viewColumns":[]}"#;
        let options = IntrospectOptions::default();
        let ddl = |text: &str| {
            let rows: CatalogRows = serde_json::from_str(text).unwrap();
            from_catalog(&rows, &options).unwrap()
        };
        let from_arrays = ddl(arrays);
        assert_eq!(from_arrays, ddl(objects));
        assert_eq!(
            (
                from_arrays.columns.len(),
                from_arrays.fks.len(),
                from_arrays.indexes.len()
            ),
            (2, 1, 1)
        );
    }

    #[test]
    fn view_columns_in_scope_in_order_with_drizzle_type_names() {
        let rows: CatalogRows = serde_json::from_str(
            r#"{"objects":[{"name":"b_view","type":"view"},{"name":"a_view","type":"view"},{"name":"hidden_view","type":"view"}],
                "viewColumns":[
                  {"view":"a_view","cid":1,"name":"n","type":"numeric","notNull":0},
                  {"view":"a_view","cid":0,"name":"id","type":"INTEGER","notNull":1},
                  {"view":"hidden_view","cid":0,"name":"x","type":"TEXT","notNull":0},
                  {"view":"b_view","cid":0,"name":"e","type":null,"notNull":0},
                  {"view":"b_view","cid":1,"name":"v","type":"VARCHAR(20)","notNull":0}]}"#,
        )
        .unwrap();
        let options = IntrospectOptions {
            tables_filter: vec!["!hidden_*".into()],
            ..Default::default()
        };
        let found: Vec<(String, String, String, bool)> = view_columns(&rows, &options)
            .into_iter()
            .map(|c| (c.view, c.name, c.sql_type, c.not_null))
            .collect();
        let row = |v: &str, n: &str, t: &str, nn| (v.into(), n.into(), t.into(), nn);
        assert_eq!(
            found,
            vec![
                row("b_view", "e", "", false),
                row("b_view", "v", "text", false),
                row("a_view", "id", "integer", true),
                row("a_view", "n", "numeric", false),
            ]
        );
    }
}
