//! The SQLite rows as diff rows: identity `[table, name]` (`[name]` for tables and views), hint
//! tuples `["public", name]` / `["public", table, name]` as rc.5 asks them.

use serde::Serialize;

use crate::diff::rows::DiffRow;
use crate::model::sqlite::{
    Check, Column, ForeignKey, Index, PrimaryKey, SqliteDdl, Table, Unique, View,
};
use crate::model::Entity;

macro_rules! row {
    ($wrapper:ident, $ty:ty, $kind:literal, top) => {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(transparent)]
        pub struct $wrapper(pub $ty);
        impl Entity for $wrapper {
            const KIND: &'static str = $kind;
            fn identity(&self) -> Vec<&str> {
                vec![self.0.name.as_str()]
            }
        }
        impl DiffRow for $wrapper {
            fn hint_id(&self) -> Vec<String> {
                vec![super::PUBLIC.to_string(), self.0.name.clone()]
            }
            fn scope(&self) -> (&str, &str) {
                ("", "")
            }
        }
    };
    ($wrapper:ident, $ty:ty, $kind:literal, scoped) => {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(transparent)]
        pub struct $wrapper(pub $ty);
        impl Entity for $wrapper {
            const KIND: &'static str = $kind;
            fn identity(&self) -> Vec<&str> {
                vec![self.0.table.as_str(), self.0.name.as_str()]
            }
        }
        impl DiffRow for $wrapper {
            fn hint_id(&self) -> Vec<String> {
                vec![
                    super::PUBLIC.to_string(),
                    self.0.table.clone(),
                    self.0.name.clone(),
                ]
            }
            fn scope(&self) -> (&str, &str) {
                (super::PUBLIC, &self.0.table)
            }
        }
    };
}

row!(TableRow, Table, "tables", top);
row!(ViewRow, View, "views", top);
row!(ColumnRow, Column, "columns", scoped);
row!(IndexRow, Index, "indexes", scoped);
row!(FkRow, ForeignKey, "fks", scoped);
row!(PkRow, PrimaryKey, "pks", scoped);
row!(UniqueRow, Unique, "uniques", scoped);
row!(CheckRow, Check, "checks", scoped);

macro_rules! lister {
    ($fn:ident, $field:ident, $wrapper:ident) => {
        pub fn $fn(ddl: &SqliteDdl) -> Vec<$wrapper> {
            ddl.$field.iter().cloned().map($wrapper).collect()
        }
    };
}

lister!(tables, tables, TableRow);
lister!(views, views, ViewRow);
lister!(columns, columns, ColumnRow);
lister!(indexes, indexes, IndexRow);
lister!(fks, fks, FkRow);
lister!(pks, pks, PkRow);
lister!(uniques, uniques, UniqueRow);
lister!(checks, checks, CheckRow);
