//! The JSON statements of a Postgres migration. Variant names are rc.5's statement `type`s; the
//! payloads carry the rows the SQL (and the snapshot footprints) need.

use serde::{Deserialize, Serialize};

use crate::model::pg::{
    Check, Column, Enum, ForeignKey, Index, Policy, PrimaryKey, Privilege, Role, Schema, Sequence,
    Unique, View,
};

/// A table with everything `CREATE TABLE` / `DROP TABLE` print, gathered from the state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableDef {
    pub schema: String,
    pub name: String,
    pub is_rls_enabled: bool,
    pub columns: Vec<Column>,
    pub pk: Option<PrimaryKey>,
    pub fks: Vec<ForeignKey>,
    pub uniques: Vec<Unique>,
    pub checks: Vec<Check>,
    pub indexes: Vec<Index>,
    pub policies: Vec<Policy>,
}

/// One element of an enum's value diff; only `added` values print SQL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumValueChange {
    /// `same`, `removed` or `added`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub before_value: Option<String>,
}

/// A column that uses an enum being recreated: its type goes through `text` and back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumColumn {
    pub schema: String,
    pub table: String,
    pub name: String,
    #[serde(rename = "type")]
    pub sql_type: String,
    pub type_schema: Option<String>,
    pub dimensions: u32,
    pub default_before: Option<String>,
    pub default_after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Statement {
    CreateSchema(Schema),
    DropSchema(Schema),
    RenameSchema {
        from: Schema,
        to: Schema,
    },
    CreateEnum {
        #[serde(rename = "enum")]
        enum_: Enum,
    },
    DropEnum {
        #[serde(rename = "enum")]
        enum_: Enum,
    },
    RenameEnum {
        schema: String,
        from: String,
        to: String,
    },
    MoveEnum {
        from: Enum,
        to: Enum,
    },
    AlterEnum {
        from: Enum,
        to: Enum,
        diff: Vec<EnumValueChange>,
    },
    RecreateEnum {
        from: Enum,
        to: Enum,
        columns: Vec<EnumColumn>,
    },
    CreateSequence {
        sequence: Sequence,
    },
    DropSequence {
        sequence: Sequence,
    },
    RenameSequence {
        from: Sequence,
        to: Sequence,
    },
    MoveSequence {
        from: Sequence,
        to: Sequence,
    },
    AlterSequence {
        sequence: Sequence,
        changed: Vec<String>,
    },
    CreateRole {
        role: Role,
    },
    DropRole {
        role: Role,
    },
    RenameRole {
        from: Role,
        to: Role,
    },
    AlterRole {
        from: Role,
        role: Role,
        changed: Vec<String>,
    },
    GrantPrivilege {
        privilege: Privilege,
    },
    RevokePrivilege {
        privilege: Privilege,
    },
    RegrantPrivilege {
        privilege: Privilege,
    },
    CreateTable {
        table: TableDef,
    },
    DropTable {
        table: TableDef,
        key: String,
    },
    RenameTable {
        schema: String,
        from: String,
        to: String,
    },
    MoveTable {
        name: String,
        from: String,
        to: String,
        index_names: Vec<String>,
    },
    CreateView {
        view: View,
    },
    DropView {
        view: View,
    },
    RenameView {
        from: View,
        to: View,
    },
    MoveView {
        from_schema: String,
        to_schema: String,
        view: View,
    },
    AlterView {
        from: View,
        view: View,
        changed: Vec<String>,
    },
    AlterRls {
        schema: String,
        name: String,
        is_rls_enabled: bool,
    },
    AddColumn {
        column: Column,
        #[serde(rename = "isPK")]
        is_pk: bool,
        #[serde(rename = "isCompositePK")]
        is_composite_pk: bool,
    },
    DropColumn {
        column: Column,
    },
    RenameColumn {
        from: Column,
        to: Column,
    },
    RecreateColumn {
        from: Column,
        column: Column,
        #[serde(rename = "isPK")]
        is_pk: bool,
    },
    AlterColumn {
        from: Column,
        to: Column,
        /// Fields whose change the statement applies (`type`, `default`, `notNull`, …).
        changed: Vec<String>,
        is_enum: bool,
        was_enum: bool,
        was_serial: bool,
        to_serial: bool,
    },
    CreateIndex {
        index: Index,
    },
    DropIndex {
        index: Index,
    },
    RenameIndex {
        schema: String,
        table: String,
        from: String,
        to: String,
        columns: Vec<String>,
    },
    RecreateIndex {
        /// The index as it was: a unique index being replaced frees its uniqueness (footprints).
        from: Index,
        index: Index,
    },
    AddPk {
        pk: PrimaryKey,
    },
    DropPk {
        pk: PrimaryKey,
    },
    AlterPk {
        pk: PrimaryKey,
        deleted: bool,
        /// Key columns before the change.
        from_columns: Vec<String>,
    },
    /// Renames a unique, check, primary key or foreign key (`entityType` tells which).
    RenameConstraint {
        entity_type: String,
        schema: String,
        table: String,
        from: String,
        to: String,
        columns: Vec<String>,
    },
    CreateFk {
        fk: ForeignKey,
    },
    DropFk {
        fk: ForeignKey,
    },
    RecreateFk {
        fk: ForeignKey,
    },
    AddCheck {
        check: Check,
        columns: Vec<String>,
    },
    DropCheck {
        check: Check,
        columns: Vec<String>,
    },
    AlterCheck {
        from: Check,
        check: Check,
        /// Columns the new and the old expression name (among the table's current columns).
        new_columns: Vec<String>,
        old_columns: Vec<String>,
    },
    AddUnique {
        unique: Unique,
    },
    DropUnique {
        unique: Unique,
    },
    AlterUnique {
        from: Unique,
        to: Unique,
    },
    CreatePolicy {
        policy: Policy,
    },
    DropPolicy {
        policy: Policy,
    },
    RenamePolicy {
        from: Policy,
        to: Policy,
    },
    AlterPolicy {
        from: Policy,
        policy: Policy,
    },
    RecreatePolicy {
        policy: Policy,
    },
}

impl Statement {
    /// rc.5's statement `type` string (the serde tag).
    pub fn type_name(&self) -> &'static str {
        match self {
            Statement::CreateSchema(..) => "create_schema",
            Statement::DropSchema(..) => "drop_schema",
            Statement::RenameSchema { .. } => "rename_schema",
            Statement::CreateEnum { .. } => "create_enum",
            Statement::DropEnum { .. } => "drop_enum",
            Statement::RenameEnum { .. } => "rename_enum",
            Statement::MoveEnum { .. } => "move_enum",
            Statement::AlterEnum { .. } => "alter_enum",
            Statement::RecreateEnum { .. } => "recreate_enum",
            Statement::CreateSequence { .. } => "create_sequence",
            Statement::DropSequence { .. } => "drop_sequence",
            Statement::RenameSequence { .. } => "rename_sequence",
            Statement::MoveSequence { .. } => "move_sequence",
            Statement::AlterSequence { .. } => "alter_sequence",
            Statement::CreateRole { .. } => "create_role",
            Statement::DropRole { .. } => "drop_role",
            Statement::RenameRole { .. } => "rename_role",
            Statement::AlterRole { .. } => "alter_role",
            Statement::GrantPrivilege { .. } => "grant_privilege",
            Statement::RevokePrivilege { .. } => "revoke_privilege",
            Statement::RegrantPrivilege { .. } => "regrant_privilege",
            Statement::CreateTable { .. } => "create_table",
            Statement::DropTable { .. } => "drop_table",
            Statement::RenameTable { .. } => "rename_table",
            Statement::MoveTable { .. } => "move_table",
            Statement::CreateView { .. } => "create_view",
            Statement::DropView { .. } => "drop_view",
            Statement::RenameView { .. } => "rename_view",
            Statement::MoveView { .. } => "move_view",
            Statement::AlterView { .. } => "alter_view",
            Statement::AlterRls { .. } => "alter_rls",
            Statement::AddColumn { .. } => "add_column",
            Statement::DropColumn { .. } => "drop_column",
            Statement::RenameColumn { .. } => "rename_column",
            Statement::RecreateColumn { .. } => "recreate_column",
            Statement::AlterColumn { .. } => "alter_column",
            Statement::CreateIndex { .. } => "create_index",
            Statement::DropIndex { .. } => "drop_index",
            Statement::RenameIndex { .. } => "rename_index",
            Statement::RecreateIndex { .. } => "recreate_index",
            Statement::AddPk { .. } => "add_pk",
            Statement::DropPk { .. } => "drop_pk",
            Statement::AlterPk { .. } => "alter_pk",
            Statement::RenameConstraint { .. } => "rename_constraint",
            Statement::CreateFk { .. } => "create_fk",
            Statement::DropFk { .. } => "drop_fk",
            Statement::RecreateFk { .. } => "recreate_fk",
            Statement::AddCheck { .. } => "add_check",
            Statement::DropCheck { .. } => "drop_check",
            Statement::AlterCheck { .. } => "alter_check",
            Statement::AddUnique { .. } => "add_unique",
            Statement::DropUnique { .. } => "drop_unique",
            Statement::AlterUnique { .. } => "alter_unique",
            Statement::CreatePolicy { .. } => "create_policy",
            Statement::DropPolicy { .. } => "drop_policy",
            Statement::RenamePolicy { .. } => "rename_policy",
            Statement::AlterPolicy { .. } => "alter_policy",
            Statement::RecreatePolicy { .. } => "recreate_policy",
        }
    }
}
