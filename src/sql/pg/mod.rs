//! Postgres statements to SQL text, byte-identical to drizzle-kit 1.0.0-rc.5. This file routes each
//! statement to its family's printer and holds the quoting every family shares; the families are
//! `types` (schemas, enums, sequences), `access` (roles, privileges, policies), `tables`, `columns`,
//! `constraints` (primary keys, foreign keys, checks, uniques), `indexes` and `views`.
//!
//! Quoting rules differ per statement in rc.5 (most omit the `public` schema, `CREATE/DROP SEQUENCE`
//! always qualify); they are kept as they are because migration files are compared byte for byte.

use crate::dialect::Dialect;
use crate::diff::pg::statement::Statement;
pub use crate::model::pg::is_serial_type;

mod access;
mod columns;
mod constraints;
mod footprint;
mod indexes;
mod probes;
mod tables;
mod types;
mod views;
pub use crate::sql::RoleStatements;
pub use footprint::footprints;
pub use probes::data_loss_probes;

impl crate::sql::Printer for crate::model::pg::Pg {
    fn to_sql(statements: &[Statement], roles: RoleStatements) -> Vec<String> {
        to_sql_with(statements, roles)
    }
    fn footprints(statements: &[Statement]) -> Vec<crate::snapshot::pg::Footprint> {
        footprints(statements)
    }
    fn probes(
        statements: &[Statement],
        hints: &[crate::diff::hints::Hint],
    ) -> Vec<crate::sql::Probe> {
        data_loss_probes(statements, hints)
    }
}

/// Every statement's SQL, flattened in order (one statement can print several).
pub fn to_sql(statements: &[Statement]) -> Vec<String> {
    to_sql_with(statements, RoleStatements::Plain)
}

pub fn to_sql_with(statements: &[Statement], roles: RoleStatements) -> Vec<String> {
    let mut out = Vec::with_capacity(statements.len());
    for st in statements {
        if roles == RoleStatements::Guarded {
            if let Some(sql) = access::guarded_role_sql(st) {
                out.push(sql);
                continue;
            }
        }
        statement_sql(st, &mut out);
    }
    out
}

/// The SQL lines of one statement.
pub fn statement_sql(st: &Statement, out: &mut Vec<String>) {
    use Statement as S;
    match st {
        S::CreateSchema(s) => out.push(types::create_schema(s)),
        S::DropSchema(s) => out.push(types::drop_schema(s)),
        S::RenameSchema { from, to } => out.push(types::rename_schema(from, to)),
        S::CreateEnum { enum_ } => out.push(types::create_enum(enum_)),
        S::DropEnum { enum_ } => out.push(types::drop_enum(enum_)),
        S::RenameEnum { schema, from, to } => out.push(types::rename_enum(schema, from, to)),
        S::MoveEnum { from, to } => out.push(types::move_enum(from, to)),
        S::AlterEnum { to, diff, .. } => types::alter_enum(to, diff, out),
        S::RecreateEnum { to, columns, .. } => types::recreate_enum(to, columns, out),
        S::CreateSequence { sequence } => out.push(types::create_sequence(sequence)),
        S::DropSequence { sequence } => out.push(types::drop_sequence(sequence)),
        S::RenameSequence { from, to } => out.push(types::rename_sequence(from, to)),
        S::MoveSequence { from, to } => out.push(types::move_sequence(from, to)),
        S::AlterSequence { sequence, .. } => out.push(types::alter_sequence(sequence)),
        S::CreateRole { role } => out.push(access::create_role(role)),
        S::DropRole { role } => out.push(access::drop_role(role)),
        S::RenameRole { from, to } => out.push(access::rename_role(from, to)),
        S::AlterRole { role, changed, .. } => out.push(access::alter_role(role, changed)),
        S::GrantPrivilege { privilege } => out.push(access::grant(privilege)),
        S::RevokePrivilege { privilege } => out.push(access::revoke(privilege)),
        S::RegrantPrivilege { privilege } => {
            out.push(access::revoke(privilege));
            out.push(access::grant(privilege));
        }
        S::CreatePolicy { policy } => out.push(access::create_policy(policy)),
        S::DropPolicy { policy } => out.push(access::drop_policy(policy)),
        S::RenamePolicy { from, to } => out.push(access::rename_policy(from, to)),
        S::AlterPolicy { policy, .. } => out.push(access::alter_policy(policy)),
        S::RecreatePolicy { policy } => {
            out.push(access::drop_policy(policy));
            out.push(access::create_policy(policy));
        }
        S::CreateTable { table } => tables::create_table(table, out),
        S::DropTable { table, .. } => tables::drop_table(table, out),
        S::RenameTable { schema, from, to } => out.push(tables::rename_table(schema, from, to)),
        S::MoveTable { name, from, to, .. } => out.push(tables::move_table(name, from, to)),
        S::AlterRls {
            schema,
            name,
            is_rls_enabled,
        } => out.push(tables::alter_rls(schema, name, *is_rls_enabled)),
        S::AddColumn {
            column,
            is_pk,
            is_composite_pk,
        } => out.push(columns::add_column(column, *is_pk, *is_composite_pk)),
        S::DropColumn { column } => out.push(columns::drop_column(column)),
        S::RenameColumn { from, to } => out.push(columns::rename_column(from, to)),
        S::RecreateColumn { column, is_pk, .. } => columns::recreate_column(column, *is_pk, out),
        S::AlterColumn {
            from,
            to,
            changed,
            is_enum,
            was_enum,
            was_serial,
            to_serial,
        } => columns::alter_column(
            &columns::AlterColumn {
                from,
                to,
                changed,
                is_enum: *is_enum,
                was_enum: *was_enum,
                was_serial: *was_serial,
                to_serial: *to_serial,
            },
            out,
        ),
        S::CreateIndex { index } => out.push(indexes::create_index(index)),
        S::DropIndex { index } => out.push(indexes::drop_index(index)),
        S::RenameIndex {
            schema, from, to, ..
        } => out.push(indexes::rename_index(schema, from, to)),
        S::RecreateIndex { index, .. } => indexes::recreate_index(index, out),
        S::AddPk { pk } => out.push(constraints::add_pk(pk)),
        S::DropPk { pk } => out.push(constraints::drop_constraint(
            &pk.schema, &pk.table, &pk.name,
        )),
        S::AlterPk { pk, deleted, .. } => constraints::alter_pk(pk, *deleted, out),
        S::RenameConstraint {
            schema,
            table,
            from,
            to,
            ..
        } => out.push(constraints::rename_constraint(schema, table, from, to)),
        S::CreateFk { fk } => out.push(constraints::create_fk(fk)),
        S::RecreateFk { fk } => out.push(constraints::recreate_fk(fk)),
        S::DropFk { fk } => out.push(constraints::drop_constraint(
            &fk.schema, &fk.table, &fk.name,
        )),
        S::AddCheck { check, .. } => out.push(constraints::add_check(check)),
        S::DropCheck { check, .. } => out.push(constraints::drop_constraint(
            &check.schema,
            &check.table,
            &check.name,
        )),
        S::AlterCheck { check, .. } => out.push(constraints::alter_check(check)),
        S::AddUnique { unique } => out.push(constraints::add_unique(unique)),
        S::DropUnique { unique: u } => {
            out.push(constraints::drop_constraint(&u.schema, &u.table, &u.name))
        }
        S::AlterUnique { from, to } => constraints::alter_unique(from, to, out),
        S::CreateView { view } => out.push(views::create_view(view)),
        S::DropView { view } => out.push(views::drop_view(view)),
        S::RenameView { from, to } => out.push(views::rename_view(from, to)),
        S::MoveView {
            from_schema,
            to_schema,
            view,
        } => out.push(views::move_view(from_schema, to_schema, view)),
        S::AlterView {
            from,
            view,
            changed,
        } => views::alter_view(from, view, changed, out),
    }
}

/// `name` as a Postgres identifier: every name in the SQL this module prints goes through here, so
/// an embedded `"` is doubled and no name can end its identifier early (rc.5 does not double it).
fn q(name: &str) -> String {
    Dialect::Postgresql.quote(name)
}

/// `"name"` in `public`, `"schema"."name"` elsewhere.
pub fn qualified(schema: &str, name: &str) -> String {
    if schema != "public" {
        format!("{}.{}", q(schema), q(name))
    } else {
        q(name)
    }
}

fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn brackets(dimensions: u32) -> String {
    "[]".repeat(dimensions as usize)
}

/// rc.5 tests options with JS truthiness: `null` and `""` print nothing.
fn truthy(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.is_empty())
}

fn quoted_list(names: &[String]) -> String {
    names.iter().map(|n| q(n)).collect::<Vec<_>>().join(",")
}
