//! MySQL entity rows.
//!
//! Field names and order mirror the rows drizzle-kit 1.0.0-rc.5 writes into a format-6 MySQL
//! `snapshot.json` (`ddl[]`), the contract between the two tools. Serde writes fields in
//! declaration order; `entityType` is appended last when a row is written, as rc.5 does. A primary
//! key is a row named `PRIMARY`; unique constraints are unique indexes (`isUnique`).

pub mod grammar;
pub mod interim;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::Entity;

/// The MySQL wing's marker type: every per-step trait is implemented for it.
pub struct Mysql;

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
    pub auto_increment: bool,
    #[serde(default)]
    pub default: Option<String>,
    pub on_update_now: bool,
    #[serde(default)]
    pub on_update_now_fsp: Option<u32>,
    #[serde(default)]
    pub char_set: Option<String>,
    #[serde(default)]
    pub collation: Option<String>,
    #[serde(default)]
    pub generated: Option<Generated>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub table: String,
    pub name: String,
    pub columns: Vec<String>,
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
    pub using: Option<String>,
    #[serde(default)]
    pub algorithm: Option<String>,
    #[serde(default)]
    pub lock: Option<String>,
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
    pub definition: String,
    pub algorithm: String,
    pub sql_security: String,
    #[serde(default)]
    pub with_check_option: Option<String>,
}

/// One MySQL schema state: every row kind in rc.5's order, rows in insertion order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MysqlDdl {
    pub tables: Vec<Table>,
    pub columns: Vec<Column>,
    pub pks: Vec<PrimaryKey>,
    pub fks: Vec<ForeignKey>,
    pub indexes: Vec<Index>,
    pub checks: Vec<Check>,
    pub views: Vec<View>,
    /// Views the schema declares `.existing()`: managed outside drizzle, so they are no rows (no
    /// snapshot row, no statement), and push leaves the database's view of that name alone (rc.5
    /// keeps them out of its introspection).
    pub existing_views: Vec<String>,
}

macro_rules! entity {
    ($t:ty, $kind:literal, |$s:ident| $id:expr) => {
        impl Entity for $t {
            const KIND: &'static str = $kind;
            fn identity(&self) -> Vec<&str> {
                let $s = self;
                $id
            }
        }
    };
}
entity!(Table, "tables", |s| vec![&s.name]);
entity!(Column, "columns", |s| vec![&s.table, &s.name]);
entity!(PrimaryKey, "pks", |s| vec![&s.table, &s.name]);
entity!(ForeignKey, "fks", |s| vec![&s.table, &s.name]);
entity!(Index, "indexes", |s| vec![&s.table, &s.name]);
entity!(Check, "checks", |s| vec![&s.table, &s.name]);
entity!(View, "views", |s| vec![&s.name]);

impl MysqlDdl {
    pub fn columns_of<'a>(&'a self, table: &'a str) -> impl Iterator<Item = &'a Column> + 'a {
        self.columns.iter().filter(move |c| c.table == table)
    }

    pub fn pk_of(&self, table: &str) -> Option<&PrimaryKey> {
        self.pks.iter().find(|p| p.table == table)
    }

    /// What can serve a foreign key, by table and the key's columns: every index and the primary
    /// key, under each of its leading column runs (InnoDB takes any index whose leading columns are
    /// the key's, in order), by name (`PRIMARY` for the key). When nothing serves a key on its own
    /// table, InnoDB made an index for the key (named after it) when the key was created.
    pub fn key_servers(&self) -> HashMap<(&str, Vec<&str>), Vec<&str>> {
        let mut out: HashMap<(&str, Vec<&str>), Vec<&str>> = HashMap::new();
        for i in &self.indexes {
            let plain: Vec<&str> = i
                .columns
                .iter()
                .take_while(|c| !c.is_expression)
                .map(|c| c.value.as_str())
                .collect();
            for n in 1..=plain.len() {
                out.entry((i.table.as_str(), plain[..n].to_vec()))
                    .or_default()
                    .push(i.name.as_str());
            }
        }
        for p in &self.pks {
            for n in 1..=p.columns.len() {
                let prefix = p.columns[..n].iter().map(String::as_str).collect();
                out.entry((p.table.as_str(), prefix))
                    .or_default()
                    .push(p.name.as_str());
            }
        }
        out
    }

    /// The `ddl` array of a snapshot: kinds in rc.5's order, `entityType` last in every row.
    pub fn to_ddl_json(&self) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        push_rows(&mut out, &self.tables)?;
        push_rows(&mut out, &self.columns)?;
        push_rows(&mut out, &self.pks)?;
        push_rows(&mut out, &self.fks)?;
        push_rows(&mut out, &self.indexes)?;
        push_rows(&mut out, &self.checks)?;
        push_rows(&mut out, &self.views)?;
        Ok(out)
    }

    /// Rows of a snapshot's `ddl` array; `context` names the file for errors.
    pub fn from_ddl_json(rows: &[Value], context: &str) -> Result<MysqlDdl> {
        let mut ddl = MysqlDdl::default();
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
                "pks" => ddl.pks.push(serde_json::from_value(value).map_err(bad)?),
                "fks" => ddl.fks.push(serde_json::from_value(value).map_err(bad)?),
                "indexes" => ddl
                    .indexes
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

fn push_rows<T: Serialize + Entity>(out: &mut Vec<Value>, rows: &[T]) -> Result<()> {
    for row in rows {
        let mut value = serde_json::to_value(row).map_err(|e| Error::internal(e.to_string()))?;
        if let Value::Object(map) = &mut value {
            map.insert("entityType".into(), Value::String(T::KIND.into()));
        }
        out.push(value);
    }
    Ok(())
}

/// A column of a view as the database reports it (`information_schema.COLUMNS` of the view): the
/// rows do not carry view columns, but `mysqlView(name, columns).as(sql)` needs them (pull's codegen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewColumn {
    pub view: String,
    pub name: String,
    /// `COLUMN_TYPE` as the catalog spells it, e.g. `int unsigned`, `varchar(255)`.
    #[serde(rename = "type")]
    pub sql_type: String,
    #[serde(default)]
    pub not_null: bool,
}

impl crate::model::Model for Mysql {
    const DIALECT: crate::dialect::Dialect = crate::dialect::Dialect::Mysql;
    type Ddl = MysqlDdl;
    /// MySQL views are created in the order the schema lists them (rc.5 does not sort them).
    type Facts = ();
    type Found = Vec<ViewColumn>;
    fn from_description(description: &str) -> Result<MysqlDdl> {
        interim::build(&interim::parse(description)?)
    }
    fn facts(_description: &str) -> Result<()> {
        Ok(())
    }
}
