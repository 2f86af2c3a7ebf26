//! The SQLite statements the diff emits (rc.5's JSON statement kinds).

use serde::Serialize;

use crate::model::sqlite::{Column, ForeignKey, Index, TableDef, View};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Statement {
    CreateTable {
        table: TableDef,
    },
    DropTable {
        name: String,
    },
    RenameTable {
        from: String,
        to: String,
    },
    CreateView {
        view: View,
    },
    DropView {
        view: View,
    },
    AddColumn {
        column: Column,
        fk: Option<ForeignKey>,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    DropColumn {
        column: Column,
    },
    /// A column whose generated expression changed: dropped and added again.
    RecreateColumn {
        column: Column,
        fk: Option<ForeignKey>,
    },
    CreateIndex {
        index: Index,
    },
    DropIndex {
        index: Index,
    },
    /// The `__new_<table>` copy. `fill` holds `(column, default)` for columns that became NOT NULL:
    /// their NULLs are copied as the default.
    RecreateTable {
        from: TableDef,
        to: TableDef,
        fill: Vec<(String, String)>,
    },
}
