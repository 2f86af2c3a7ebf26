//! MySQL/MariaDB introspection: the rows of js/introspect/mysql.js's information_schema queries
//! (a fixed number of set-based queries over the current database, whatever the number of tables)
//! → MySQL entity rows.
//!
//! The two servers disagree on the catalog (see `defaults` for the texts): MariaDB quotes literal
//! defaults in `COLUMN_DEFAULT` and writes `NULL` for "none", keeps `json` as `longtext` with a
//! `json_valid` column check, shows integer display widths; MySQL 8 writes literals unquoted, SQL NULL
//! for none, marks expression defaults `DEFAULT_GENERATED`, has `json` and expression index parts
//! (`STATISTICS.EXPRESSION`) but no `VIEWS.ALGORITHM`. The MySQL 8 branches follow the MySQL 8.0
//! reference manual and are not tested on this machine (docs/differences.md).

pub mod defaults;
pub mod reconcile;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::introspect::pg::filter::GlobList;
use crate::model::mysql::grammar::{name_for_fk, PRIMARY};
use crate::model::mysql::{
    Check, Column, ForeignKey, Generated, Index, IndexColumn, MysqlDdl, PrimaryKey, Table, View,
    ViewColumn,
};
use crate::model::{first_by_key, group};

/// Numbers as drivers hand them: JSON numbers, numeric strings (big-number settings) or null.
fn number<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().unwrap_or_default(),
        Value::String(s) => s.trim().parse().unwrap_or_default(),
        _ => 0,
    })
}

/// Text as drivers hand it; a number where text is expected (a numeric default) becomes its text.
fn text<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerRow {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub database: String,
    /// The database's default character set and collation: a column holding both is declared
    /// without its own (rc.5 leaves them out of the row then).
    #[serde(default, deserialize_with = "text")]
    pub char_set: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub collation: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TableRow {
    pub name: String,
    /// `BASE TABLE`, `VIEW`, `SYSTEM VERSIONED`, …
    pub r#type: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnRow {
    pub table: String,
    pub name: String,
    #[serde(deserialize_with = "number")]
    pub ordinal: i64,
    pub column_type: String,
    #[serde(default, deserialize_with = "text")]
    pub data_type: Option<String>,
    /// `YES` / `NO`.
    pub nullable: String,
    #[serde(default, deserialize_with = "text")]
    pub default: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub extra: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub generation: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub char_set: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub collation: Option<String>,
}

/// A collation that is its character set's default (`COLLATIONS.IS_DEFAULT`).
#[derive(Debug, Clone, Deserialize)]
pub struct CollationRow {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexRow {
    pub table: String,
    pub name: String,
    #[serde(deserialize_with = "number")]
    pub non_unique: i64,
    #[serde(deserialize_with = "number")]
    pub seq: i64,
    #[serde(default, deserialize_with = "text")]
    pub column: Option<String>,
    /// MySQL 8.0.13+: the expression of a functional key part (COLUMN_NAME is then null).
    #[serde(default, deserialize_with = "text")]
    pub expression: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub index_type: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForeignKeyRow {
    pub table: String,
    pub name: String,
    pub column: String,
    #[serde(deserialize_with = "number")]
    pub ordinal: i64,
    pub table_to: String,
    pub column_to: String,
    /// Absent when the rules come as `fkRules` rows (the shim's two queries).
    #[serde(default)]
    pub on_update: Option<String>,
    #[serde(default)]
    pub on_delete: Option<String>,
}

/// `REFERENTIAL_CONSTRAINTS`: a foreign key's rules, read apart from its columns and paired by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FkRuleRow {
    pub table: String,
    pub name: String,
    pub on_update: String,
    pub on_delete: String,
}

/// `TABLE_CONSTRAINTS` rows of type CHECK: the table of a check on MySQL 8, whose
/// `CHECK_CONSTRAINTS` has no `TABLE_NAME` (check names are unique per database there).
#[derive(Debug, Clone, Deserialize)]
pub struct ConstraintRow {
    pub table: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckRow {
    /// MariaDB only (its check names are unique per table, not per database).
    #[serde(default, deserialize_with = "text")]
    pub table: Option<String>,
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    pub clause: Option<String>,
    /// MariaDB: `Column` (a column's own CHECK, e.g. json's `json_valid`) or `Table`.
    #[serde(default, deserialize_with = "text")]
    pub level: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewRow {
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    pub definition: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub check_option: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub security: Option<String>,
    /// MariaDB only; MySQL 8 keeps the algorithm out of information_schema.
    #[serde(default, deserialize_with = "text")]
    pub algorithm: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CatalogRows {
    pub server: ServerRow,
    pub tables: Vec<TableRow>,
    pub columns: Vec<ColumnRow>,
    pub indexes: Vec<IndexRow>,
    pub fks: Vec<ForeignKeyRow>,
    #[serde(rename = "fkRules")]
    pub fk_rules: Vec<FkRuleRow>,
    pub constraints: Vec<ConstraintRow>,
    pub checks: Vec<CheckRow>,
    pub views: Vec<ViewRow>,
    pub collations: Vec<CollationRow>,
}

impl CatalogRows {
    /// MariaDB says so in `VERSION()`; everything else is read as MySQL.
    pub fn mariadb(&self) -> bool {
        self.server.version.to_lowercase().contains("mariadb")
    }
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

/// Whether a table or view is within the config's scope (never the migrations table, nor the
/// migrator's per-statement progress table beside it).
pub fn admitted(options: &IntrospectOptions, name: &str) -> bool {
    let table = &options.migrations.table;
    name != table
        && name.strip_prefix(table.as_str())
            != Some(crate::migrations::bookkeeping::PROGRESS_SUFFIX)
        && GlobList::new(&options.tables_filter).admits(name)
}

pub struct MysqlCatalog {
    pub rows: CatalogRows,
    pub options: IntrospectOptions,
}

fn quote(name: &str) -> String {
    crate::dialect::Dialect::Mysql.quote(name)
}

/// The check that holds a column's JSON on MariaDB (`json` is `longtext` + `CHECK (json_valid(c))`).
fn is_json_check(check: &CheckRow, column: &str) -> bool {
    check.name == column
        && check.clause.as_deref().is_some_and(|c| {
            defaults::expression_key(c, None)
                == defaults::expression_key(&format!("json_valid({})", quote(column)), None)
        })
}

/// The table of each check: its own column on MariaDB, TABLE_CONSTRAINTS on MySQL 8 (`constraints`,
/// the first row of each name).
fn check_table<'a>(
    constraints: &HashMap<&str, &'a ConstraintRow>,
    check: &'a CheckRow,
) -> Option<&'a str> {
    check.table.as_deref().or_else(|| {
        constraints
            .get(check.name.as_str())
            .map(|c| c.table.as_str())
    })
}

/// A column type as a schema writes it: MariaDB and MySQL before 8.0.19 report integer display
/// widths (`int(11)`, `bigint(20) unsigned`, `year(4)`) that drizzle's builders never write, and
/// `tinyint(1)` is what `boolean()` creates. Pull's snapshot must hold what its schema.ts gives back.
fn schema_spelling(column_type: &str) -> String {
    let lower = column_type.trim().to_lowercase();
    if lower == "tinyint(1)" {
        return "boolean".into();
    }
    for base in ["tinyint", "smallint", "mediumint", "int", "bigint", "year"] {
        let Some(rest) = lower.strip_prefix(base).and_then(|r| r.strip_prefix('(')) else {
            continue;
        };
        let Some(end) = rest.find(')') else { continue };
        if rest[..end].bytes().all(|b| b.is_ascii_digit()) {
            return format!("{base}{}", &rest[end + 1..]);
        }
    }
    column_type.to_string()
}

pub fn from_catalog(rows: &CatalogRows, options: &IntrospectOptions) -> Result<MysqlDdl> {
    let mariadb = rows.mariadb();
    let mut ddl = MysqlDdl::default();
    let mut names: Vec<&TableRow> = rows
        .tables
        .iter()
        .filter(|t| admitted(options, &t.name))
        .collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    let is_view = |t: &TableRow| t.r#type.eq_ignore_ascii_case("VIEW");
    for t in names.iter().filter(|t| !is_view(t)) {
        ddl.tables.push(Table {
            name: t.name.clone(),
        });
    }
    // The catalog's rows grouped by table (and name) once: filtering every row per table or per
    // index was quadratic at a thousand tables.
    let constraints = first_by_key(&rows.constraints, |c| c.name.as_str());
    let checks_by_table: HashMap<&str, Vec<&CheckRow>> = {
        let mut map: HashMap<&str, Vec<&CheckRow>> = HashMap::new();
        for check in &rows.checks {
            if let Some(table) = check_table(&constraints, check) {
                map.entry(table).or_default().push(check);
            }
        }
        map
    };
    let columns_by_table = group(&rows.columns, |c| c.table.as_str());
    let mut json_checks: HashSet<(&str, &str)> = HashSet::new();
    for t in &ddl.tables {
        let mut columns: Vec<&ColumnRow> = columns_by_table
            .get(t.name.as_str())
            .cloned()
            .unwrap_or_default();
        columns.sort_by_key(|c| c.ordinal);
        for c in columns {
            let extra = c.extra.as_deref().unwrap_or("").to_lowercase();
            let mut sql_type = schema_spelling(&c.column_type);
            if mariadb && sql_type.eq_ignore_ascii_case("longtext") {
                let table_checks = checks_by_table.get(t.name.as_str());
                if let Some(check) = table_checks
                    .into_iter()
                    .flatten()
                    .find(|k| is_json_check(k, &c.name))
                {
                    sql_type = "json".into();
                    json_checks.insert((t.name.as_str(), check.name.as_str()));
                }
            }
            let generated = if extra.contains("generated") || extra.contains("persistent") {
                let Some(expression) = c.generation.clone().filter(|g| !g.is_empty()) else {
                    return Err(Error::input(format!(
                        "table `{}`: column `{}` is generated, but information_schema.COLUMNS gives no GENERATION_EXPRESSION",
                        t.name, c.name
                    )));
                };
                Some(Generated {
                    r#as: expression,
                    r#type: if extra.contains("stored") || extra.contains("persistent") {
                        "stored"
                    } else {
                        "virtual"
                    }
                    .into(),
                })
            } else {
                None
            };
            let default = if generated.is_some() {
                None
            } else {
                defaults::column_default(c.default.as_deref(), &extra, &sql_type, mariadb)
            };
            let on_update = defaults::on_update(&extra);
            // As rc.5: only a character set or collation other than the database's is the
            // column's own. MariaDB's json is utf8mb4_bin longtext by definition.
            let database_default =
                c.char_set == rows.server.char_set && c.collation == rows.server.collation;
            let (char_set, collation) = if database_default || sql_type == "json" {
                (None, None)
            } else {
                (c.char_set.clone(), c.collation.clone())
            };
            ddl.columns.push(Column {
                table: t.name.clone(),
                name: c.name.clone(),
                r#type: sql_type,
                not_null: c.nullable.eq_ignore_ascii_case("NO"),
                auto_increment: extra.contains("auto_increment"),
                default,
                on_update_now: on_update.is_some(),
                on_update_now_fsp: on_update.flatten(),
                char_set,
                collation,
                generated,
            });
        }
    }

    let table_names: HashSet<&str> = ddl.tables.iter().map(|t| t.name.as_str()).collect();
    let keep = |table: &str| table_names.contains(table);
    let index_parts = group(&rows.indexes, |i| (i.table.as_str(), i.name.as_str()));
    let mut index_names: Vec<(&str, &str)> = index_parts
        .keys()
        .copied()
        .filter(|(table, _)| keep(table))
        .collect();
    index_names.sort_unstable();
    let mut pks = Vec::new();
    let mut indexes = Vec::new();
    for (table, name) in index_names {
        let mut parts: Vec<&IndexRow> =
            index_parts.get(&(table, name)).cloned().unwrap_or_default();
        parts.sort_by_key(|i| i.seq);
        let Some(first) = parts.first() else { continue };
        if name == PRIMARY {
            pks.push(PrimaryKey {
                table: table.into(),
                name: PRIMARY.into(),
                columns: parts.iter().filter_map(|p| p.column.clone()).collect(),
            });
            continue;
        }
        let mut columns = Vec::new();
        for p in &parts {
            match (&p.column, &p.expression) {
                (Some(column), _) => columns.push(IndexColumn {
                    value: column.clone(),
                    is_expression: false,
                }),
                (None, Some(expression)) => columns.push(IndexColumn {
                    value: format!("({expression})"),
                    is_expression: true,
                }),
                (None, None) => {
                    return Err(Error::input(format!(
                    "index `{name}` on `{table}`: part {} names neither a column nor an expression",
                    p.seq
                )))
                }
            }
        }
        indexes.push(Index {
            table: table.into(),
            name: name.into(),
            columns,
            is_unique: first.non_unique == 0,
            using: None,
            algorithm: None,
            lock: None,
            name_explicit: true,
        });
    }
    ddl.pks = pks;
    ddl.indexes = indexes;

    let fk_pairs = group(&rows.fks, |f| (f.table.as_str(), f.name.as_str()));
    let fk_rules = first_by_key(&rows.fk_rules, |r| (r.table.as_str(), r.name.as_str()));
    let mut fk_names: Vec<(&str, &str)> = fk_pairs
        .keys()
        .copied()
        .filter(|(table, _)| keep(table))
        .collect();
    fk_names.sort_unstable();
    for (table, name) in fk_names {
        let mut pairs: Vec<&ForeignKeyRow> =
            fk_pairs.get(&(table, name)).cloned().unwrap_or_default();
        pairs.sort_by_key(|f| f.ordinal);
        let Some(first) = pairs.first() else { continue };
        let rule = fk_rules.get(&(table, name));
        // A key without rules is not a foreign key of this database (the join the two queries
        // replace left it out too).
        let (Some(on_update), Some(on_delete)) = (
            first
                .on_update
                .as_deref()
                .or(rule.map(|r| r.on_update.as_str())),
            first
                .on_delete
                .as_deref()
                .or(rule.map(|r| r.on_delete.as_str())),
        ) else {
            continue;
        };
        let columns: Vec<String> = pairs.iter().map(|f| f.column.clone()).collect();
        let columns_to: Vec<String> = pairs.iter().map(|f| f.column_to.clone()).collect();
        // A name other than drizzle's generated one can only have come from the schema (or a
        // hand): the schema pull writes names it, so its snapshot must say so too.
        let name_explicit = name != name_for_fk(table, &columns, &first.table_to, &columns_to);
        ddl.fks.push(ForeignKey {
            table: table.into(),
            name: name.into(),
            columns,
            table_to: first.table_to.clone(),
            columns_to,
            on_update: on_update.to_uppercase(),
            on_delete: on_delete.to_uppercase(),
            name_explicit,
        });
    }

    for check in &rows.checks {
        let Some(table) = check_table(&constraints, check) else {
            continue;
        };
        if !keep(table) || json_checks.contains(&(table, check.name.as_str())) {
            continue;
        }
        ddl.checks.push(Check {
            table: table.into(),
            name: check.name.clone(),
            value: check.clause.clone().unwrap_or_default(),
        });
    }
    ddl.checks
        .sort_by(|a, b| (&a.table, &a.name).cmp(&(&b.table, &b.name)));

    let lower = |v: &Option<String>, none: &str| {
        v.as_deref()
            .map(str::to_lowercase)
            .unwrap_or_else(|| none.into())
    };
    let views = first_by_key(&rows.views, |v| v.name.as_str());
    for t in names.iter().filter(|t| is_view(t)) {
        let Some(v) = views.get(t.name.as_str()) else {
            continue;
        };
        let check = lower(&v.check_option, "none");
        ddl.views.push(View {
            name: v.name.clone(),
            definition: defaults::view_definition(
                v.definition.as_deref().unwrap_or(""),
                &rows.server.database,
            ),
            algorithm: lower(&v.algorithm, "undefined"),
            sql_security: lower(&v.security, "definer"),
            with_check_option: (check != "none").then_some(check),
        });
    }
    Ok(ddl)
}

/// The views' columns as the catalog reports them (pull writes them into `mysqlView(name, {…})`).
pub fn view_columns(rows: &CatalogRows, options: &IntrospectOptions) -> Vec<ViewColumn> {
    let views: HashSet<&str> = rows
        .tables
        .iter()
        .filter(|t| t.r#type.eq_ignore_ascii_case("VIEW") && admitted(options, &t.name))
        .map(|t| t.name.as_str())
        .collect();
    let mut columns: Vec<&ColumnRow> = rows
        .columns
        .iter()
        .filter(|c| views.contains(&c.table.as_str()))
        .collect();
    columns.sort_by(|a, b| (&a.table, a.ordinal).cmp(&(&b.table, b.ordinal)));
    columns
        .into_iter()
        .map(|c| ViewColumn {
            view: c.table.clone(),
            name: c.name.clone(),
            sql_type: c.column_type.clone(),
            not_null: c.nullable.eq_ignore_ascii_case("NO"),
        })
        .collect()
}

impl crate::introspect::Inspector for crate::model::mysql::Mysql {
    type Catalog = MysqlCatalog;
    fn read_catalog(rows: &str, options: Option<&str>) -> Result<MysqlCatalog> {
        let (rows, options) = super::parse_catalog(rows, options)?;
        Ok(MysqlCatalog { rows, options })
    }
    fn inspect(catalog: &MysqlCatalog) -> Result<MysqlDdl> {
        from_catalog(&catalog.rows, &catalog.options)
    }
    fn found(catalog: &MysqlCatalog) -> Result<Vec<ViewColumn>> {
        Ok(view_columns(&catalog.rows, &catalog.options))
    }
    fn reconcile(
        catalog: &MysqlCatalog,
        database: &mut MysqlDdl,
        code: &mut MysqlDdl,
    ) -> Result<Vec<String>> {
        reconcile::reconcile(catalog, database, code)
    }
}

#[cfg(test)]
mod tests {
    use super::schema_spelling;

    #[test]
    fn display_widths_are_dropped_and_tinyint_1_is_boolean() {
        for (catalog, schema) in [
            ("int(11)", "int"),
            ("bigint(20) unsigned", "bigint unsigned"),
            ("tinyint(4)", "tinyint"),
            ("tinyint(1)", "boolean"),
            ("tinyint(1) unsigned", "tinyint unsigned"),
            ("year(4)", "year"),
            ("int unsigned", "int unsigned"),
            ("decimal(10,2)", "decimal(10,2)"),
            ("varchar(255)", "varchar(255)"),
            ("interval_like(3)", "interval_like(3)"),
        ] {
            assert_eq!(schema_spelling(catalog), schema, "{catalog}");
        }
    }
}
