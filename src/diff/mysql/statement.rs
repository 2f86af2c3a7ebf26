//! The MySQL wing's typed statements.

use serde::Serialize;

use crate::model::mysql::{Check, Column, ForeignKey, Index, PrimaryKey, View};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Statement {
    CreateTable {
        table: String,
        columns: Vec<Column>,
        pk: Option<PrimaryKey>,
        /// Unique indexes are written inside `CREATE TABLE`; the others follow it.
        uniques: Vec<Index>,
        checks: Vec<Check>,
    },
    DropTable {
        table: String,
    },
    RenameTable {
        from: String,
        to: String,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    AddColumn {
        column: Column,
    },
    /// `ALTER TABLE … MODIFY COLUMN`: the column's whole definition restated.
    ModifyColumn {
        column: Column,
    },
    /// A generated column whose expression or kind changed: dropped and added again.
    RecreateColumn {
        column: Column,
    },
    DropColumn {
        table: String,
        name: String,
    },
    AddPk {
        pk: PrimaryKey,
    },
    DropPk {
        pk: PrimaryKey,
    },
    /// The key dropped and added in one statement (it holds an AUTO_INCREMENT column).
    ReplacePk {
        pk: PrimaryKey,
    },
    CreateIndex {
        index: Index,
    },
    DropIndex {
        index: Index,
    },
    CreateFk {
        fk: ForeignKey,
    },
    /// `with_index`: also drop the index MySQL created for the key (a key removed for good).
    DropFk {
        fk: ForeignKey,
        with_index: bool,
    },
    CreateCheck {
        check: Check,
    },
    DropCheck {
        check: Check,
    },
    CreateView {
        view: View,
        replace: bool,
    },
    RenameView {
        from: String,
        to: String,
    },
    DropView {
        name: String,
    },
}
