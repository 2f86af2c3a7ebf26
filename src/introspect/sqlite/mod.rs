//! SQLite introspection: the rows of js/introspect/sqlite.js's catalog queries (the `pragma_*`
//! table-valued functions joined with `sqlite_schema`, a fixed number of queries for any number of
//! tables) → SQLite entity rows. The pragmas give columns, keys, indexes and foreign keys; what they
//! do not report (constraint names, checks, generated expressions, AUTOINCREMENT, index expressions
//! and WHERE, view queries) is read from the stored `CREATE` text (`text`).

pub mod reconcile;
pub mod text;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::introspect::pg::filter::GlobList;
use crate::model::sqlite::grammar::{name_for_fk, name_for_pk, name_for_unique};
use crate::model::sqlite::{
    Check, Column, ForeignKey, Generated, Index, IndexColumn, PrimaryKey, SqliteDdl, Table, Unique,
    View,
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CatalogRows {
    pub objects: Vec<SchemaRow>,
    pub columns: Vec<ColumnRow>,
    pub indexes: Vec<IndexRow>,
    pub index_columns: Vec<IndexColumnRow>,
    pub fks: Vec<ForeignKeyRow>,
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

pub struct SqliteCatalog {
    pub rows: CatalogRows,
    pub options: IntrospectOptions,
}

pub fn from_catalog(rows: &CatalogRows, options: &IntrospectOptions) -> Result<SqliteDdl> {
    let mut ddl = SqliteDdl::default();
    for object in rows.objects.iter().filter(|o| admitted(options, &o.name)) {
        let sql = object.sql.as_deref().unwrap_or("");
        match object.r#type.as_str() {
            "table" => table(rows, &object.name, sql, &mut ddl)?,
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

fn table(rows: &CatalogRows, name: &str, sql: &str, ddl: &mut SqliteDdl) -> Result<()> {
    let found = text::table(sql);
    ddl.tables.push(Table {
        name: name.to_string(),
    });
    let mut columns: Vec<&ColumnRow> = rows
        .columns
        .iter()
        .filter(|c| c.table == name && c.hidden != 1)
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
            r#type: c.r#type.clone().unwrap_or_default(),
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
            .iter()
            .filter(|c| c.index == index)
            .collect();
        cols.sort_by_key(|c| c.seqno);
        cols.iter().filter_map(|c| c.name.clone()).collect()
    };
    for index in rows.indexes.iter().filter(|i| i.table == name) {
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

    let mut ids: Vec<i64> = rows
        .fks
        .iter()
        .filter(|f| f.table == name)
        .map(|f| f.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    // SQLite numbers foreign keys from the last declared one: declaration order is the reverse.
    for id in ids.into_iter().rev() {
        let mut pairs: Vec<&ForeignKeyRow> = rows
            .fks
            .iter()
            .filter(|f| f.table == name && f.id == id)
            .collect();
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
        let input = |what: &str, e: serde_json::Error| Error::input(format!("{what}: {e}"));
        Ok(SqliteCatalog {
            rows: serde_json::from_str(rows).map_err(|e| input("catalog rows", e))?,
            options: match options {
                Some(text) => serde_json::from_str(text).map_err(|e| input("options", e))?,
                None => IntrospectOptions::default(),
            },
        })
    }
    fn inspect(catalog: &SqliteCatalog) -> Result<SqliteDdl> {
        from_catalog(&catalog.rows, &catalog.options)
    }
    fn found(_catalog: &SqliteCatalog) -> Result<()> {
        Ok(())
    }
    fn reconcile(
        catalog: &SqliteCatalog,
        database: &mut SqliteDdl,
        code: &mut SqliteDdl,
    ) -> Result<Vec<String>> {
        reconcile::reconcile(&catalog.options, database, code)
    }
}
