//! SQLite entity rows.
//!
//! Field names and order mirror the rows drizzle-kit 1.0.0-rc.5 writes into a format-7 SQLite
//! `snapshot.json` (`ddl[]`), the contract between the two tools. Serde writes fields in declaration
//! order; `entityType` is appended last when a row is written (`to_ddl_json`), as rc.5 does.

pub mod grammar;
pub mod interim;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generated {
    pub r#as: String,
    /// `stored` or `virtual`.
    pub r#type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub table: String,
    pub name: String,
    pub r#type: String,
    pub not_null: bool,
    #[serde(default)]
    pub autoincrement: Option<bool>,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub generated: Option<Generated>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexColumn {
    pub value: String,
    pub is_expression: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Index {
    pub table: String,
    pub name: String,
    pub columns: Vec<IndexColumn>,
    pub is_unique: bool,
    #[serde(default)]
    pub r#where: Option<String>,
    /// `manual` (declared) or `auto` (SQLite's own index behind a constraint, seen by introspection).
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForeignKey {
    pub table: String,
    pub name: String,
    pub columns: Vec<String>,
    pub table_to: String,
    pub columns_to: Vec<String>,
    pub on_update: String,
    pub on_delete: String,
    pub name_explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryKey {
    pub table: String,
    pub name: String,
    pub columns: Vec<String>,
    pub name_explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unique {
    pub table: String,
    pub name: String,
    pub columns: Vec<String>,
    pub name_explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub table: String,
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub name: String,
    #[serde(default)]
    pub definition: Option<String>,
    pub is_existing: bool,
    #[serde(default)]
    pub error: Option<String>,
}

/// A column of a view as the database reports it (`pragma_table_xinfo` of the view): the rows do not
/// carry view columns, but `sqliteView(name, columns).as(sql)` needs them (pull's codegen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewColumn {
    pub view: String,
    pub name: String,
    #[serde(rename = "type")]
    pub sql_type: String,
    #[serde(default)]
    pub not_null: bool,
}

/// One SQLite schema state: every row kind in rc.5's order, rows in insertion order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SqliteDdl {
    pub tables: Vec<Table>,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub fks: Vec<ForeignKey>,
    pub pks: Vec<PrimaryKey>,
    pub uniques: Vec<Unique>,
    pub checks: Vec<Check>,
    pub views: Vec<View>,
}

/// The table-level pieces of one table, in state order (what `CREATE TABLE` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableDef {
    pub name: String,
    pub columns: Vec<Column>,
    pub pk: Option<PrimaryKey>,
    pub fks: Vec<ForeignKey>,
    pub uniques: Vec<Unique>,
    pub checks: Vec<Check>,
    pub indexes: Vec<Index>,
}

impl TableDef {
    fn empty(name: &str) -> TableDef {
        TableDef {
            name: name.to_string(),
            columns: Vec::new(),
            pk: None,
            fks: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
        }
    }
}

impl SqliteDdl {
    pub fn table_def(&self, name: &str) -> TableDef {
        self.table_defs([name])
            .remove(name)
            .unwrap_or_else(|| TableDef::empty(name))
    }

    /// `table_def` of each of `names`, from one pass over the rows: a scan of every row per table was
    /// quadratic at a thousand tables.
    pub fn table_defs<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> HashMap<&'a str, TableDef> {
        let mut defs: HashMap<&'a str, TableDef> = names
            .into_iter()
            .map(|name| (name, TableDef::empty(name)))
            .collect();
        if defs.is_empty() {
            return defs;
        }
        for c in &self.columns {
            if let Some(d) = defs.get_mut(c.table.as_str()) {
                d.columns.push(c.clone());
            }
        }
        for p in &self.pks {
            if let Some(d) = defs.get_mut(p.table.as_str()) {
                if d.pk.is_none() {
                    d.pk = Some(p.clone());
                }
            }
        }
        for f in &self.fks {
            if let Some(d) = defs.get_mut(f.table.as_str()) {
                d.fks.push(f.clone());
            }
        }
        for u in &self.uniques {
            if let Some(d) = defs.get_mut(u.table.as_str()) {
                d.uniques.push(u.clone());
            }
        }
        for c in &self.checks {
            if let Some(d) = defs.get_mut(c.table.as_str()) {
                d.checks.push(c.clone());
            }
        }
        for i in &self.indexes {
            if let Some(d) = defs.get_mut(i.table.as_str()) {
                d.indexes.push(i.clone());
            }
        }
        defs
    }

    /// The names of the tables, for membership tests that a scan of `tables` would make quadratic.
    pub fn table_names(&self) -> HashSet<&str> {
        self.tables.iter().map(|t| t.name.as_str()).collect()
    }

    /// The `ddl` array of a snapshot: kinds in rc.5's order, `entityType` last in every row.
    pub fn to_ddl_json(&self) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        push_rows(&mut out, &self.tables, "tables")?;
        push_rows(&mut out, &self.columns, "columns")?;
        push_rows(&mut out, &self.indexes, "indexes")?;
        push_rows(&mut out, &self.fks, "fks")?;
        push_rows(&mut out, &self.pks, "pks")?;
        push_rows(&mut out, &self.uniques, "uniques")?;
        push_rows(&mut out, &self.checks, "checks")?;
        push_rows(&mut out, &self.views, "views")?;
        Ok(out)
    }

    /// Rows of a snapshot's `ddl` array; `context` names the file for errors.
    pub fn from_ddl_json(rows: &[Value], context: &str) -> Result<SqliteDdl> {
        let mut ddl = SqliteDdl::default();
        for (i, row) in rows.iter().enumerate() {
            let Some(obj) = row.as_object() else {
                return Err(Error::snapshot(
                    context,
                    format!("ddl[{i}] is not an object"),
                ));
            };
            let kind = obj
                .get("entityType")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::snapshot(context, format!("ddl[{i}] has no entityType")))?;
            let mut fields: Map<String, Value> = obj.clone();
            fields.remove("entityType");
            let value = Value::Object(fields);
            let bad =
                |e: serde_json::Error| Error::snapshot(context, format!("ddl[{i}] ({kind}): {e}"));
            match kind {
                "tables" => ddl.tables.push(serde_json::from_value(value).map_err(bad)?),
                "columns" => ddl
                    .columns
                    .push(serde_json::from_value(value).map_err(bad)?),
                "indexes" => ddl
                    .indexes
                    .push(serde_json::from_value(value).map_err(bad)?),
                "fks" => ddl.fks.push(serde_json::from_value(value).map_err(bad)?),
                "pks" => ddl.pks.push(serde_json::from_value(value).map_err(bad)?),
                "uniques" => ddl
                    .uniques
                    .push(serde_json::from_value(value).map_err(bad)?),
                "checks" => ddl.checks.push(serde_json::from_value(value).map_err(bad)?),
                "views" => ddl.views.push(serde_json::from_value(value).map_err(bad)?),
                other => {
                    return Err(Error::snapshot(
                        context,
                        format!("ddl[{i}] has unknown entityType {other:?}"),
                    ))
                }
            }
        }
        Ok(ddl)
    }
}

/// The SQLite wing: every layer's per-step trait is implemented for this type in that layer's
/// `sqlite` folder.
#[derive(Debug, Clone, Copy)]
pub struct Sqlite;

/// Which views each view of the description reads (by name), for the order of created views.
pub type ViewDependencies = Vec<(String, Vec<String>)>;

impl crate::model::Model for Sqlite {
    const DIALECT: crate::dialect::Dialect = crate::dialect::Dialect::Sqlite;
    type Ddl = SqliteDdl;
    type Facts = ViewDependencies;
    /// The columns of every view, as the database reports them (pull writes typed views).
    type Found = Vec<ViewColumn>;
    fn from_description(description: &str) -> Result<SqliteDdl> {
        interim::build(&interim::parse(description)?)
    }
    fn facts(description: &str) -> Result<ViewDependencies> {
        Ok(interim::view_dependencies(&interim::parse(description)?))
    }
}

fn push_rows<T: Serialize>(out: &mut Vec<Value>, rows: &[T], kind: &str) -> Result<()> {
    for row in rows {
        let mut value = serde_json::to_value(row).map_err(|e| Error::internal(e.to_string()))?;
        if let Value::Object(map) = &mut value {
            map.insert("entityType".into(), Value::String(kind.into()));
        }
        out.push(value);
    }
    Ok(())
}
