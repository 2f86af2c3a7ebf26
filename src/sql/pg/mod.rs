//! Postgres statements to SQL text, byte-identical to drizzle-kit 1.0.0-rc.5.
//!
//! Quoting rules differ per statement in rc.5 (most omit the `public` schema, `CREATE/DROP SEQUENCE`
//! always qualify); they are kept as they are because migration files are compared byte for byte.

use crate::dialect::Dialect;
use crate::diff::pg::statement::{Statement, TableDef};
pub use crate::model::pg::is_serial_type;
use crate::model::pg::{Column, ForeignKey, Identity, Index, Policy, PrimaryKey, Role, Sequence};

mod footprint;
mod probes;
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
            if let Some(sql) = guarded_role_sql(st) {
                out.push(sql);
                continue;
            }
        }
        statement_sql(st, &mut out);
    }
    out
}

/// A role-existence test usable inside PL/pgSQL.
fn role_exists(name: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {})",
        literal(name)
    )
}

/// The guarded form of a role statement, `None` for every other statement (and for `ALTER ROLE …
/// WITH`, which is already idempotent).
fn guarded_role_sql(st: &Statement) -> Option<String> {
    match st {
        Statement::CreateRole { role } => Some(format!(
            "DO $$ BEGIN IF NOT {} THEN {} END IF; END $$;",
            role_exists(&role.name),
            create_role(role)
        )),
        Statement::RenameRole { from, to } => Some(format!(
            "DO $$ BEGIN IF {} AND NOT {} THEN ALTER ROLE {} RENAME TO {}; END IF; END $$;",
            role_exists(&from.name),
            role_exists(&to.name),
            q(&from.name),
            q(&to.name))),
        // Another database of the cluster may still have objects (policies, grants) that use the
        // role: then it is kept, and the last database to run this migration drops it.
        Statement::DropRole { role } => Some(format!(
            "DO $$ BEGIN DROP ROLE IF EXISTS {}; EXCEPTION WHEN dependent_objects_still_exist THEN RAISE NOTICE 'role {} is still used in another database; not dropped'; END $$;",
            q(&role.name),
            q(&(role.name.replace('\'', "''").replace('%', "%%"))))),
        _ => None,
    }
}

/// The SQL lines of one statement.
pub fn statement_sql(st: &Statement, out: &mut Vec<String>) {
    use Statement as S;
    match st {
        S::CreateSchema(s) => out.push(format!("CREATE SCHEMA {};\n", q(&s.name))),
        S::DropSchema(s) => out.push(format!("DROP SCHEMA {};\n", q(&s.name))),
        S::RenameSchema { from, to } => out.push(format!(
            "ALTER SCHEMA {} RENAME TO {};\n",
            q(&from.name),
            q(&to.name)
        )),
        S::CreateEnum { enum_ } => out.push(create_enum(&enum_.schema, &enum_.name, &enum_.values)),
        S::DropEnum { enum_ } => out.push(format!(
            "DROP TYPE {};",
            qualified(&enum_.schema, &enum_.name)
        )),
        S::RenameEnum { schema, from, to } => out.push(format!(
            "ALTER TYPE {} RENAME TO {to_q};",
            qualified(schema, from),
            to_q = q(to)
        )),
        S::MoveEnum { from, to } => out.push(format!(
            "ALTER TYPE {} SET SCHEMA {};",
            qualified(&from.schema, &from.name),
            q(if to.schema.is_empty() {
                "public"
            } else {
                &to.schema
            })
        )),
        S::AlterEnum { to, diff, .. } => {
            let key = qualified(&to.schema, &to.name);
            for d in diff.iter().filter(|d| d.kind == "added") {
                // rc.5 does not double quotes inside added values (the SQL then fails); we do.
                match &d.before_value {
                    Some(before) => out.push(format!(
                        "ALTER TYPE {key} ADD VALUE {} BEFORE {};",
                        literal(&d.value),
                        literal(before)
                    )),
                    None => out.push(format!("ALTER TYPE {key} ADD VALUE {};", literal(&d.value))),
                }
            }
        }
        S::RecreateEnum { to, columns, .. } => {
            for c in columns {
                let key = qualified(&c.schema, &c.table);
                out.push(format!(
                    "ALTER TABLE {key} ALTER COLUMN {} SET DATA TYPE text{};",
                    q(&c.name),
                    brackets(c.dimensions)
                ));
                if truthy(&c.default_before) {
                    out.push(format!(
                        "ALTER TABLE {key} ALTER COLUMN {} DROP DEFAULT;",
                        q(&c.name)
                    ));
                }
            }
            out.push(format!("DROP TYPE {};", qualified(&to.schema, &to.name)));
            out.push(create_enum(&to.schema, &to.name, &to.values));
            let enum_type = qualified(&to.schema, &to.name);
            for c in columns {
                let key = qualified(&c.schema, &c.table);
                let dims = brackets(c.dimensions);
                out.push(format!(
                    "ALTER TABLE {key} ALTER COLUMN {0} SET DATA TYPE {enum_type}{dims} USING {0}::{enum_type}{dims};",
                    q(&c.name)));
                if truthy(&c.default_after) {
                    out.push(format!(
                        "ALTER TABLE {key} ALTER COLUMN {} SET DEFAULT {};",
                        q(&c.name),
                        default_sql(
                            c.default_after.as_deref().unwrap_or(""),
                            &c.sql_type,
                            c.type_schema.as_deref(),
                            c.dimensions
                        )
                    ));
                }
            }
        }
        S::CreateSequence { sequence } => out.push(format!(
            "CREATE SEQUENCE {}.{}{};",
            q(&sequence.schema),
            q(&sequence.name),
            sequence_options(sequence)
        )),
        S::DropSequence { sequence } => out.push(format!(
            "DROP SEQUENCE {}.{};",
            q(&sequence.schema),
            q(&sequence.name)
        )),
        S::RenameSequence { from, to } => out.push(format!(
            "ALTER SEQUENCE {} RENAME TO {};",
            qualified(&from.schema, &from.name),
            q(&to.name)
        )),
        S::MoveSequence { from, to } => out.push(format!(
            "ALTER SEQUENCE {} SET SCHEMA {};",
            qualified(&from.schema, &from.name),
            q(&to.schema)
        )),
        S::AlterSequence { sequence, .. } => out.push(format!(
            "ALTER SEQUENCE {}{};",
            qualified(&sequence.schema, &sequence.name),
            sequence_options(sequence)
        )),
        S::CreateRole { role } => out.push(create_role(role)),
        S::DropRole { role } => out.push(format!("DROP ROLE {};", q(&role.name))),
        S::RenameRole { from, to } => out.push(format!(
            "ALTER ROLE {} RENAME TO {};",
            q(&from.name),
            q(&to.name)
        )),
        S::AlterRole { role, changed, .. } => out.push(alter_role(role, changed)),
        S::GrantPrivilege { privilege: p } => out.push(format!(
            "GRANT {} ON {} TO {}{};",
            p.kind,
            qualified(&p.schema, &p.table),
            q(&p.grantee),
            if p.is_grantable {
                " WITH GRANT OPTION"
            } else {
                ""
            }
        )),
        S::RevokePrivilege { privilege: p } => out.push(revoke(p)),
        S::RegrantPrivilege { privilege: p } => {
            out.push(revoke(p));
            out.push(format!(
                "GRANT {} ON {} TO {}{};",
                p.kind,
                qualified(&p.schema, &p.table),
                q(&p.grantee),
                if p.is_grantable {
                    " WITH GRANT OPTION"
                } else {
                    ""
                }
            ));
        }
        S::CreateTable { table } => create_table(table, out),
        S::DropTable { table, .. } => {
            for p in &table.policies {
                out.push(drop_policy(p));
            }
            out.push(format!(
                "DROP TABLE {};",
                qualified(&table.schema, &table.name)
            ));
        }
        S::RenameTable { schema, from, to } => out.push(format!(
            "ALTER TABLE {}{from_q} RENAME TO {to_q};",
            if schema != "public" {
                format!("{schema_q}.", schema_q = q(schema))
            } else {
                String::new()
            },
            from_q = q(from),
            to_q = q(to)
        )),
        S::MoveTable { name, from, to, .. } => out.push(format!(
            "ALTER TABLE {} SET SCHEMA {to_q};\n",
            qualified(from, name),
            to_q = q(to)
        )),
        S::CreateView { view } => out.push(create_view(view)),
        S::DropView { view } => out.push(format!(
            "DROP{} VIEW {};",
            if view.materialized {
                " MATERIALIZED"
            } else {
                ""
            },
            qualified(&view.schema, &view.name)
        )),
        S::RenameView { from, to } => out.push(format!(
            "ALTER{} VIEW {} RENAME TO {};",
            if from.materialized {
                " MATERIALIZED"
            } else {
                ""
            },
            qualified(&from.schema, &from.name),
            q(&to.name)
        )),
        S::MoveView {
            from_schema,
            to_schema,
            view,
        } => out.push(format!(
            "ALTER{} VIEW {} SET SCHEMA {to_schema_q};",
            if view.materialized {
                " MATERIALIZED"
            } else {
                ""
            },
            qualified(from_schema, &view.name),
            to_schema_q = q(to_schema)
        )),
        S::AlterView {
            from,
            view,
            changed,
        } => alter_view(from, view, changed, out),
        S::AlterRls {
            schema,
            name,
            is_rls_enabled,
        } => out.push(alter_rls(schema, name, *is_rls_enabled)),
        S::AddColumn {
            column,
            is_pk,
            is_composite_pk,
        } => out.push(add_column(column, *is_pk, *is_composite_pk)),
        S::DropColumn { column } => out.push(drop_column(column)),
        S::RenameColumn { from, to } => out.push(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {};",
            qualified(&from.schema, &from.table),
            q(&from.name),
            q(&to.name)
        )),
        S::RecreateColumn { column, is_pk, .. } => {
            out.push(drop_column(column));
            out.push(add_column(column, *is_pk, false));
        }
        S::AlterColumn {
            from,
            to,
            changed,
            is_enum,
            was_enum,
            was_serial,
            to_serial,
        } => alter_column(
            &AlterColumn {
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
        S::CreateIndex { index } => out.push(create_index(index)),
        S::DropIndex { index } => out.push(drop_index(index)),
        S::RenameIndex {
            schema, from, to, ..
        } => out.push(format!(
            "ALTER INDEX {} RENAME TO {to_q};",
            qualified(schema, from),
            to_q = q(to)
        )),
        S::RecreateIndex { index, .. } => {
            out.push(drop_index(index));
            out.push(create_index(index));
        }
        S::AddPk { pk } => out.push(add_pk(pk)),
        S::DropPk { pk } => out.push(drop_constraint(&pk.schema, &pk.table, &pk.name)),
        S::AlterPk { pk, deleted, .. } => {
            if !deleted {
                out.push(drop_constraint(&pk.schema, &pk.table, &pk.name));
            }
            out.push(add_pk(pk));
        }
        S::RenameConstraint {
            schema,
            table,
            from,
            to,
            ..
        } => out.push(format!(
            "ALTER TABLE {} RENAME CONSTRAINT {from_q} TO {to_q};",
            qualified(schema, table),
            from_q = q(from),
            to_q = q(to)
        )),
        S::CreateFk { fk } => out.push(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {};",
            qualified(&fk.schema, &fk.table),
            q(&fk.name),
            fk_clause(fk, " ")
        )),
        S::RecreateFk { fk } => out.push(format!(
            "ALTER TABLE {key} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} {};",
            fk_clause(fk, " "),
            key = qualified(&fk.schema, &fk.table),
            name = q(&fk.name)
        )),
        S::DropFk { fk } => out.push(drop_constraint(&fk.schema, &fk.table, &fk.name)),
        S::AddCheck { check, .. } => out.push(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({});",
            qualified(&check.schema, &check.table),
            q(&check.name),
            check.value
        )),
        S::DropCheck { check, .. } => {
            out.push(drop_constraint(&check.schema, &check.table, &check.name))
        }
        S::AlterCheck { check, .. } => out.push(format!(
            "ALTER TABLE {} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} CHECK ({});",
            qualified(&check.schema, &check.table),
            check.value,
            name = q(&check.name)
        )),
        S::AddUnique { unique: u } => out.push(format!(
            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE{}({});",
            qualified(&u.schema, &u.table),
            q(&u.name),
            if u.nulls_not_distinct {
                " NULLS NOT DISTINCT"
            } else {
                ""
            },
            quoted_list(&u.columns)
        )),
        S::DropUnique { unique: u } => out.push(drop_constraint(&u.schema, &u.table, &u.name)),
        S::AlterUnique { from, to } => {
            out.push(drop_constraint(&from.schema, &from.table, &from.name));
            out.push(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE{}({});",
                qualified(&to.schema, &to.table),
                q(&to.name),
                if to.nulls_not_distinct {
                    " NULLS NOT DISTINCT"
                } else {
                    ""
                },
                quoted_list(&to.columns)
            ));
        }
        S::CreatePolicy { policy } => out.push(create_policy(policy)),
        S::DropPolicy { policy } => out.push(drop_policy(policy)),
        S::RenamePolicy { from, to } => out.push(format!(
            "ALTER POLICY {} ON {} RENAME TO {};",
            q(&from.name),
            qualified(&to.schema, &to.table),
            q(&to.name)
        )),
        S::AlterPolicy { policy: p, .. } => out.push(format!(
            "ALTER POLICY {} ON {} TO {}{};",
            q(&p.name),
            qualified(&p.schema, &p.table),
            policy_roles(&p.roles),
            policy_clauses(p)
        )),
        S::RecreatePolicy { policy } => {
            out.push(drop_policy(policy));
            out.push(create_policy(policy));
        }
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

fn drop_constraint(schema: &str, table: &str, name: &str) -> String {
    format!(
        "ALTER TABLE {} DROP CONSTRAINT {name_q};",
        qualified(schema, table),
        name_q = q(name)
    )
}

fn create_enum(schema: &str, name: &str, values: &[String]) -> String {
    let values: Vec<String> = values.iter().map(|v| literal(v)).collect();
    format!(
        "CREATE TYPE {} AS ENUM({});",
        qualified(schema, name),
        values.join(", ")
    )
}

fn serial_to_int(t: &str) -> &str {
    match t {
        "smallserial" => "smallint",
        "serial" => "int",
        "bigserial" => "bigint",
        other => other,
    }
}

/// A column's type as DDL prints it: enum types quoted (and schema-qualified outside `public`).
fn column_type(c: &Column) -> String {
    let mut s = String::new();
    if let Some(ts) = c.type_schema.as_deref().filter(|s| !s.is_empty()) {
        if ts != "public" {
            s.push_str(&format!("{ts_q}.", ts_q = q(ts)));
        }
        s.push_str(&q(&c.sql_type).to_string());
    } else {
        s.push_str(&c.sql_type);
    }
    s.push_str(&brackets(c.dimensions));
    s
}

/// The `DEFAULT` expression: enum defaults get a cast to the enum, array defaults to the array type.
fn default_sql(value: &str, sql_type: &str, type_schema: Option<&str>, dimensions: u32) -> String {
    let arr = if dimensions > 0 { "[]" } else { "" };
    match type_schema.filter(|s| !s.is_empty()) {
        Some(ts) => {
            let prefix = if ts != "public" {
                format!("{ts_q}.", ts_q = q(ts))
            } else {
                String::new()
            };
            format!(
                "{value}::{prefix}{sql_type_q}{arr}",
                sql_type_q = q(sql_type)
            )
        }
        None if dimensions > 0 => format!("{value}::{sql_type}[]"),
        None => value.to_string(),
    }
}

fn column_default(c: &Column) -> String {
    match c.default.as_deref().filter(|s| !s.is_empty()) {
        Some(d) => default_sql(d, &c.sql_type, c.type_schema.as_deref(), c.dimensions),
        None => String::new(),
    }
}

fn identity_clause(schema: &str, id: &Identity) -> String {
    let seq = qualified(schema, &id.name);
    let opt = |label: &str, v: &Option<String>| match v.as_deref().filter(|s| !s.is_empty()) {
        Some(v) => format!(" {label} {v}"),
        None => String::new(),
    };
    format!(
        "GENERATED {} AS IDENTITY (sequence name {seq}{}{}{}{}{}{})",
        if id.kind == "always" {
            "ALWAYS"
        } else {
            "BY DEFAULT"
        },
        opt("INCREMENT BY", &id.increment),
        opt("MINVALUE", &id.min_value),
        opt("MAXVALUE", &id.max_value),
        opt("START WITH", &id.start_with),
        match id.cache {
            Some(c) if c != 0 => format!(" CACHE {c}"),
            _ => String::new(),
        },
        if id.cycle == Some(true) { " CYCLE" } else { "" }
    )
}

fn create_table(t: &TableDef, out: &mut Vec<String>) {
    let default_pk_name = format!("{}_pkey", t.name);
    let mut sql = format!("CREATE TABLE {} (\n", qualified(&t.schema, &t.name));
    let mut lines: Vec<String> = Vec::with_capacity(t.columns.len() + 2);
    for c in &t.columns {
        let pk_cols = t.pk.as_ref().map(|p| p.columns.as_slice()).unwrap_or(&[]);
        let is_pk = t.pk.as_ref().is_some_and(|p| {
            p.columns.len() == 1 && p.columns[0] == c.name && p.name == format!("{}_pkey", c.table)
        });
        let not_null = if pk_cols.contains(&c.name) || is_serial_type(&c.sql_type) {
            ""
        } else if c.not_null && c.identity.is_none() {
            " NOT NULL"
        } else {
            ""
        };
        let default = match column_default(c) {
            d if d.is_empty() => String::new(),
            d => format!(" DEFAULT {d}"),
        };
        let unique = t
            .uniques
            .iter()
            .find(|u| u.columns.len() == 1 && u.columns[0] == c.name);
        let unique = match unique {
            Some(u) => format!(
                " {}{}",
                if u.name_explicit {
                    format!("CONSTRAINT {} UNIQUE", q(&u.name))
                } else {
                    "UNIQUE".to_string()
                },
                if u.nulls_not_distinct {
                    " NULLS NOT DISTINCT"
                } else {
                    ""
                }
            ),
            None => String::new(),
        };
        let generated = match &c.generated {
            Some(g) => format!(" GENERATED ALWAYS AS ({}) STORED", g.as_),
            None => String::new(),
        };
        let identity = match &c.identity {
            Some(id) => format!(" {}", identity_clause(&t.schema, id)),
            None => String::new(),
        };
        lines.push(format!(
            "\t{} {}{}{default}{generated}{not_null}{unique}{identity}",
            q(&c.name),
            column_type(c),
            if is_pk { " PRIMARY KEY" } else { "" }
        ));
    }
    if let Some(pk) = &t.pk {
        if pk.columns.len() > 1 || pk.name != default_pk_name {
            lines.push(format!(
                "\tCONSTRAINT {} PRIMARY KEY({})",
                q(&pk.name),
                quoted_list(&pk.columns)
            ));
        }
    }
    for u in t.uniques.iter().filter(|u| u.columns.len() > 1) {
        lines.push(format!(
            "\tCONSTRAINT {} UNIQUE{}({})",
            q(&u.name),
            if u.nulls_not_distinct {
                " NULLS NOT DISTINCT"
            } else {
                ""
            },
            quoted_list(&u.columns)
        ));
    }
    for c in &t.checks {
        lines.push(format!("\tCONSTRAINT {} CHECK ({})", q(&c.name), c.value));
    }
    sql.push_str(&lines.join(",\n"));
    sql.push_str("\n);\n");
    out.push(sql);
    if !t.policies.is_empty() || t.is_rls_enabled {
        out.push(alter_rls(&t.schema, &t.name, true));
    }
}

fn alter_rls(schema: &str, name: &str, enabled: bool) -> String {
    format!(
        "ALTER TABLE {} {} ROW LEVEL SECURITY;",
        qualified(schema, name),
        if enabled { "ENABLE" } else { "DISABLE" }
    )
}

fn add_column(c: &Column, is_pk: bool, is_composite_pk: bool) -> String {
    let not_null = c.not_null
        && c.identity.is_none()
        && c.generated.is_none()
        && !is_serial_type(&c.sql_type)
        && !is_composite_pk;
    let default = match column_default(c) {
        d if d.is_empty() => String::new(),
        d => format!(" DEFAULT {d}"),
    };
    format!(
        "ALTER TABLE {} ADD COLUMN {} {}{}{default}{}{}{};",
        qualified(&c.schema, &c.table),
        q(&c.name),
        column_type(c),
        if is_pk { " PRIMARY KEY" } else { "" },
        c.generated
            .as_ref()
            .map(|g| format!(" GENERATED ALWAYS AS ({}) STORED", g.as_))
            .unwrap_or_default(),
        if not_null { " NOT NULL" } else { "" },
        c.identity
            .as_ref()
            .map(|id| format!(" {}", identity_clause(&c.schema, id)))
            .unwrap_or_default()
    )
}

fn drop_column(c: &Column) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {};",
        qualified(&c.schema, &c.table),
        q(&c.name)
    )
}

struct AlterColumn<'a> {
    from: &'a Column,
    to: &'a Column,
    changed: &'a [String],
    is_enum: bool,
    was_enum: bool,
    was_serial: bool,
    to_serial: bool,
}

fn opt_text<T: std::fmt::Display>(v: &Option<T>) -> String {
    match v {
        Some(v) => v.to_string(),
        None => "null".to_string(),
    }
}

fn alter_column(a: &AlterColumn, out: &mut Vec<String>) {
    let has = |f: &str| a.changed.iter().any(|c| c == f);
    let c = a.to;
    let key = qualified(&c.schema, &c.table);
    let col = &c.name;
    if has("generated") && c.generated.is_none() {
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} DROP EXPRESSION;",
            col_q = q(col)
        ));
    }
    let has_new_type = has("type") || has("typeSchema") || has("dimensions");
    let recreate_default =
        has_new_type && (a.is_enum || a.was_enum || has("dimensions")) && truthy(&a.from.default);
    if recreate_default {
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} DROP DEFAULT;",
            col_q = q(col)
        ));
    }
    if has_new_type {
        let type_schema = match c.type_schema.as_deref() {
            Some(ts) if !ts.is_empty() && ts != "public" => format!("{ts_q}.", ts_q = q(ts)),
            _ => String::new(),
        };
        let text_proxy = if a.was_enum && a.is_enum {
            "text::"
        } else {
            ""
        };
        let is_serial = is_serial_type(&c.sql_type);
        let dims = brackets(c.dimensions);
        let suffix = if a.is_enum {
            format!(
                " USING {col_q}::{text_proxy}{type_schema}{}{dims}",
                q(&c.sql_type),
                col_q = q(col)
            )
        } else {
            let t = if is_serial {
                serial_to_int(&c.sql_type)
            } else {
                &c.sql_type
            };
            format!(" USING {col_q}::{t}{dims}", col_q = q(col))
        };
        let new_type = if !type_schema.is_empty() {
            format!("{type_schema}{}", q(&c.sql_type))
        } else if a.is_enum {
            q(&c.sql_type).to_string()
        } else if is_serial {
            serial_to_int(&c.sql_type).to_string()
        } else {
            c.sql_type.clone()
        };
        let seq_key = qualified(&c.schema, &format!("{}_{}_seq", c.table, col));
        if a.was_serial && !is_serial {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} DROP DEFAULT;",
                col_q = q(col)
            ));
            out.push(format!("DROP SEQUENCE {seq_key};"));
        }
        if a.to_serial {
            let seq_name = if c.schema != "public" {
                format!("{}.{}_{}_seq", c.schema, c.table, col)
            } else {
                format!("{}_{}_seq", c.table, col)
            };
            // A serial's own sequence is of its column's type; rc.5's bare CREATE SEQUENCE makes
            // it bigint, so a down back to `serial` did not restore the catalog it reverted.
            let as_type = match c.sql_type.to_ascii_lowercase().as_str() {
                "serial" => " AS integer",
                "smallserial" => " AS smallint",
                _ => "",
            };
            out.push(format!("CREATE SEQUENCE {seq_key}{as_type};"));
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} SET DEFAULT nextval({})",
                literal(&seq_name),
                col_q = q(col)
            ));
            out.push(format!(
                "ALTER SEQUENCE {seq_key} OWNED BY {}.{}.{col_q};",
                q(&c.schema),
                q(&c.table),
                col_q = q(col)
            ));
        }
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} SET DATA TYPE {new_type}{dims}{};",
            if c.generated.is_some() { "" } else { &suffix },
            col_q = q(col)
        ));
        if recreate_default && truthy(&c.default) {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} SET DEFAULT {};",
                column_default(c),
                col_q = q(col)
            ));
        }
    }
    if has("default") && !recreate_default {
        if truthy(&c.default) {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} SET DEFAULT {};",
                column_default(c),
                col_q = q(col)
            ));
        } else {
            out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} DROP DEFAULT;",
                col_q = q(col)
            ));
        }
    }
    if has("identity") {
        match (&a.from.identity, &c.identity) {
            (None, Some(id)) => {
                // Postgres refuses ADD IDENTITY on a nullable column; rc.5 drops the NOT NULL
                // change here and emits SQL that fails, so we set it first.
                if !a.from.not_null {
                    out.push(format!(
                        "ALTER TABLE {key} ALTER COLUMN {col_q} SET NOT NULL;",
                        col_q = q(col)
                    ));
                }
                out.push(format!(
                    "ALTER TABLE {key} ALTER COLUMN {col_q} ADD {};",
                    identity_clause(&c.schema, id),
                    col_q = q(col)
                ));
                if a.was_serial {
                    out.push(identity_after_rows(&key, col, &c.schema, id));
                }
            }
            (Some(_), None) => out.push(format!(
                "ALTER TABLE {key} ALTER COLUMN {col_q} DROP IDENTITY;",
                col_q = q(col)
            )),
            (Some(f), Some(t)) => {
                let set = |what: String| {
                    format!(
                        "ALTER TABLE {key} ALTER COLUMN {col_q} SET {what};",
                        col_q = q(col)
                    )
                };
                if f.kind != t.kind {
                    out.push(set(format!(
                        "GENERATED {}",
                        if t.kind == "always" {
                            "ALWAYS"
                        } else {
                            "BY DEFAULT"
                        }
                    )));
                }
                if f.min_value != t.min_value {
                    out.push(set(format!("MINVALUE {}", opt_text(&t.min_value))));
                }
                if f.max_value != t.max_value {
                    out.push(set(format!("MAXVALUE {}", opt_text(&t.max_value))));
                }
                if f.increment != t.increment {
                    out.push(set(format!("INCREMENT BY {}", opt_text(&t.increment))));
                }
                if f.start_with != t.start_with {
                    out.push(set(format!("START WITH {}", opt_text(&t.start_with))));
                }
                if f.cache != t.cache {
                    out.push(set(format!("CACHE {}", opt_text(&t.cache))));
                }
                if f.cycle != t.cycle {
                    out.push(set(if t.cycle == Some(true) {
                        "CYCLE".into()
                    } else {
                        "NO CYCLE".into()
                    }));
                }
            }
            (None, None) => {}
        }
    }
    if has("notNull") && !(c.not_null && has("identity") && c.identity.is_some()) {
        out.push(format!(
            "ALTER TABLE {key} ALTER COLUMN {col_q} {};",
            if c.not_null {
                "SET NOT NULL"
            } else {
                "DROP NOT NULL"
            },
            col_q = q(col)
        ));
    }
}

/// Moves a new identity (that replaces a serial) past the column's existing values, so the next
/// insert does not collide. rc.5's `setval(…, COALESCE(MAX(id), 1), false)` hands out MAX itself next
/// (a duplicate key), reads a column called `id` whatever the column is, names the sequence without
/// its schema, and on an empty table restarts at 1 whatever START WITH says. Here the sequence moves
/// only when a row is at or past its start, to the extreme value, so the next one is that plus the
/// increment (the smallest value for a descending sequence); otherwise its options stand.
fn identity_after_rows(table: &str, col: &str, schema: &str, id: &Identity) -> String {
    let seq = literal(&qualified(schema, &id.name));
    let descending = id
        .increment
        .as_deref()
        .is_some_and(|i| i.trim_start().starts_with('-'));
    let (extreme, past) = if descending {
        ("MIN", "<=")
    } else {
        ("MAX", ">=")
    };
    let col = q(col);
    format!(
        "SELECT setval({seq}::regclass, {extreme}({col})) FROM {table} HAVING {extreme}({col}) {past} (SELECT seqstart FROM pg_sequence WHERE seqrelid = {seq}::regclass);"
    )
}

fn create_index(i: &Index) -> String {
    let cols: Vec<String> = i
        .columns
        .iter()
        .map(|c| {
            let value = if c.is_expression {
                c.value.clone()
            } else {
                q(&c.value).to_string()
            };
            let opclass = match &c.opclass {
                Some(o) if !o.default => format!(" {}", o.name),
                _ => String::new(),
            };
            let order = if c.asc { "" } else { " DESC" };
            let nulls = if (c.asc && !c.nulls_first) || (!c.asc && c.nulls_first) {
                ""
            } else if c.nulls_first {
                " NULLS FIRST"
            } else {
                " NULLS LAST"
            };
            format!("{value}{opclass}{order}{nulls}")
        })
        .collect();
    format!(
        "CREATE {}{} {} ON {}{} ({}){}{};",
        if i.is_unique { "UNIQUE INDEX" } else { "INDEX" },
        if i.concurrently { " CONCURRENTLY" } else { "" },
        q(&i.name),
        qualified(&i.schema, &i.table),
        if i.method != "btree" {
            format!(" USING {}", i.method)
        } else {
            String::new()
        },
        cols.join(","),
        if i.with.is_empty() {
            String::new()
        } else {
            format!(" WITH ({})", i.with)
        },
        i.where_
            .as_deref()
            .filter(|w| !w.is_empty())
            .map(|w| format!(" WHERE {w}"))
            .unwrap_or_default()
    )
}

fn drop_index(i: &Index) -> String {
    format!(
        "DROP INDEX {}{};",
        if i.schema != "public" {
            format!("{}.", q(&i.schema))
        } else {
            String::new()
        },
        q(&i.name)
    )
}

fn add_pk(pk: &PrimaryKey) -> String {
    let key = qualified(&pk.schema, &pk.table);
    if pk.name_explicit {
        format!(
            "ALTER TABLE {key} ADD CONSTRAINT {} PRIMARY KEY({});",
            q(&pk.name),
            quoted_list(&pk.columns)
        )
    } else {
        format!(
            "ALTER TABLE {key} ADD PRIMARY KEY ({});",
            quoted_list(&pk.columns)
        )
    }
}

/// `FOREIGN KEY (…) REFERENCES …(…)` plus the non-default actions.
fn fk_clause(fk: &ForeignKey, sep: &str) -> String {
    let action = |label: &str, a: &str| {
        if a.is_empty() || a.eq_ignore_ascii_case("no action") {
            String::new()
        } else {
            format!(" {label} {a}")
        }
    };
    format!(
        "FOREIGN KEY ({}){sep}REFERENCES {}({}){}{}",
        quoted_list(&fk.columns),
        qualified(&fk.schema_to, &fk.table_to),
        quoted_list(&fk.columns_to),
        action("ON DELETE", &fk.on_delete),
        action("ON UPDATE", &fk.on_update)
    )
}

fn sequence_options(s: &Sequence) -> String {
    let opt = |label: &str, v: &Option<String>| match v.as_deref().filter(|s| !s.is_empty()) {
        Some(v) => format!(" {label} {v}"),
        None => String::new(),
    };
    format!(
        "{}{}{}{}{}{}",
        opt("INCREMENT BY", &s.increment_by),
        opt("MINVALUE", &s.min_value),
        opt("MAXVALUE", &s.max_value),
        opt("START WITH", &s.start_with),
        match s.cache_size {
            Some(c) if c != 0 => format!(" CACHE {c}"),
            _ => String::new(),
        },
        if s.cycle == Some(true) { " CYCLE" } else { "" }
    )
}

fn create_role(r: &Role) -> String {
    let t = |v: Option<bool>| v == Some(true);
    let conn = r.conn_limit.filter(|c| *c != -1);
    let password = r.password.as_deref().filter(|p| !p.is_empty());
    let valid = r.valid_until.as_deref().filter(|p| !p.is_empty());
    // An absent `inherit` is falsy in rc.5, so it prints NOINHERIT.
    let noinherit = !t(r.inherit);
    let any = t(r.superuser)
        || t(r.create_db)
        || t(r.create_role)
        || noinherit
        || t(r.can_login)
        || t(r.replication)
        || t(r.bypass_rls)
        || valid.is_some()
        || conn.is_some()
        || password.is_some();
    if !any {
        return format!("CREATE ROLE {};", q(&r.name));
    }
    let mut s = format!("CREATE ROLE {} WITH", q(&r.name));
    if t(r.superuser) {
        s.push_str(" SUPERUSER");
    }
    if t(r.create_db) {
        s.push_str(" CREATEDB");
    }
    if t(r.create_role) {
        s.push_str(" CREATEROLE");
    }
    if noinherit {
        s.push_str(" NOINHERIT");
    }
    if t(r.can_login) {
        s.push_str(" LOGIN");
    }
    if t(r.replication) {
        s.push_str(" REPLICATION");
    }
    if t(r.bypass_rls) {
        s.push_str(" BYPASSRLS");
    }
    if let Some(c) = conn {
        s.push_str(&format!(" CONNECTION LIMIT {c}"));
    }
    if let Some(p) = password {
        s.push_str(&format!(" PASSWORD {}", literal(p)));
    }
    if let Some(v) = valid {
        s.push_str(&format!(" VALID UNTIL '{v}'"));
    }
    s.push(';');
    s
}

fn alter_role(r: &Role, changed: &[String]) -> String {
    let has = |f: &str| changed.iter().any(|c| c == f);
    let flag = |f: &str, v: Option<bool>, on: &str, off: &str| -> String {
        if !has(f) {
            String::new()
        } else if v == Some(true) {
            format!(" {on}")
        } else {
            format!(" {off}")
        }
    };
    let mut s = format!("ALTER ROLE {} WITH", q(&r.name));
    s.push_str(&flag("superuser", r.superuser, "SUPERUSER", "NOSUPERUSER"));
    s.push_str(&flag("createDb", r.create_db, "CREATEDB", "NOCREATEDB"));
    s.push_str(&flag(
        "createRole",
        r.create_role,
        "CREATEROLE",
        "NOCREATEROLE",
    ));
    s.push_str(&flag("inherit", r.inherit, "INHERIT", "NOINHERIT"));
    s.push_str(&flag("canLogin", r.can_login, "LOGIN", "NOLOGIN"));
    s.push_str(&flag(
        "replication",
        r.replication,
        "REPLICATION",
        "NOREPLICATION",
    ));
    s.push_str(&flag("bypassRls", r.bypass_rls, "BYPASSRLS", "NOBYPASSRLS"));
    if has("connLimit") {
        match r.conn_limit {
            Some(c) => s.push_str(&format!(" CONNECTION LIMIT {c}")),
            None => s.push_str(" CONNECTION LIMIT -1"),
        }
    }
    if has("password") {
        match r.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => s.push_str(&format!(" PASSWORD {}", literal(p))),
            None => s.push_str(" PASSWORD NULL"),
        }
    }
    if has("validUntil") {
        match r.valid_until.as_deref().filter(|p| !p.is_empty()) {
            Some(v) => s.push_str(&format!(" VALID UNTIL '{v}'")),
            None => s.push_str(" VALID UNTIL 'infinity'"),
        }
    }
    s.push(';');
    s
}

fn revoke(p: &crate::model::pg::Privilege) -> String {
    format!(
        "REVOKE {} ON {} FROM {};",
        p.kind,
        qualified(&p.schema, &p.table),
        q(&p.grantee)
    )
}

fn policy_roles(roles: &[String]) -> String {
    roles
        .iter()
        .map(|r| match r.as_str() {
            "current_user" | "current_role" | "session_user" | "public" => r.clone(),
            _ => q(r).to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn create_policy(p: &Policy) -> String {
    format!(
        "CREATE POLICY {} ON {} AS {} FOR {} TO {}{};",
        q(&p.name),
        qualified(&p.schema, &p.table),
        p.as_.to_uppercase(),
        p.for_.to_uppercase(),
        policy_roles(&p.roles),
        policy_clauses(p)
    )
}

/// ` USING (…)` and ` WITH CHECK (…)` as far as the policy has them (an empty clause is none).
fn policy_clauses(p: &Policy) -> String {
    let clause = |keyword: &str, text: Option<&str>| {
        text.filter(|s| !s.is_empty())
            .map(|t| format!(" {keyword} ({t})"))
            .unwrap_or_default()
    };
    clause("USING", p.using.as_deref()) + &clause("WITH CHECK", p.with_check.as_deref())
}

fn drop_policy(p: &Policy) -> String {
    format!(
        "DROP POLICY {} ON {};",
        q(&p.name),
        qualified(&p.schema, &p.table)
    )
}

/// camelCase view option names as Postgres spells them.
fn snake_case(key: &str) -> String {
    let mut s = String::with_capacity(key.len() + 4);
    for ch in key.chars() {
        if ch.is_ascii_uppercase() {
            s.push('_');
            s.push(ch.to_ascii_lowercase());
        } else {
            s.push(ch);
        }
    }
    s
}

fn json_scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn create_view(v: &crate::model::pg::View) -> String {
    let name = qualified(&v.schema, &v.name);
    let mut s = if v.materialized {
        format!("CREATE MATERIALIZED VIEW {name}")
    } else {
        format!("CREATE VIEW {name}")
    };
    if let Some(u) = v.using.as_deref().filter(|s| !s.is_empty()) {
        s.push_str(&format!(" USING {u_q}", u_q = q(u)));
    }
    if let Some(serde_json::Value::Object(with)) = &v.with {
        let opts: Vec<String> = with
            .iter()
            .filter(|(_, val)| !val.is_null())
            .map(|(k, val)| format!("{} = {}", snake_case(k), json_scalar(val)))
            .collect();
        s.push_str(&format!(" WITH ({})", opts.join(", ")));
    }
    if let Some(t) = v.tablespace.as_deref().filter(|s| !s.is_empty()) {
        s.push_str(&format!(" TABLESPACE {t}"));
    }
    s.push_str(&format!(" AS ({})", v.definition.as_deref().unwrap_or("")));
    if v.with_no_data == Some(true) {
        s.push_str(" WITH NO DATA");
    }
    s.push(';');
    s
}

fn alter_view(
    from: &crate::model::pg::View,
    v: &crate::model::pg::View,
    changed: &[String],
    out: &mut Vec<String>,
) {
    let has = |f: &str| changed.iter().any(|c| c == f);
    let key = qualified(&v.schema, &v.name);
    let clause = if v.materialized {
        format!("MATERIALIZED VIEW {key}")
    } else {
        format!("VIEW {key}")
    };
    let empty = serde_json::Map::new();
    let (wf, wt) = if has("with") {
        (
            from.with
                .as_ref()
                .and_then(|w| w.as_object())
                .unwrap_or(&empty),
            v.with
                .as_ref()
                .and_then(|w| w.as_object())
                .unwrap_or(&empty),
        )
    } else {
        (&empty, &empty)
    };
    let reset: Vec<String> = wf
        .iter()
        .filter(|(k, val)| !val.is_null() && wt.get(*k).is_none_or(|t| t.is_null()))
        .map(|(k, _)| snake_case(k))
        .collect();
    let set: Vec<String> = wt
        .iter()
        .filter(|(k, val)| !val.is_null() && wf.get(*k).unwrap_or(&serde_json::Value::Null) != *val)
        .map(|(k, val)| format!("{} = {}", snake_case(k), json_scalar(val)))
        .collect();
    if !set.is_empty() {
        out.push(format!("ALTER {clause} SET ({});", set.join(", ")));
    }
    if !reset.is_empty() {
        out.push(format!("ALTER {clause} RESET ({});", reset.join(", ")));
    }
    if has("tablespace") {
        let to = v
            .tablespace
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("pg_default");
        out.push(format!(
            "ALTER {clause} SET TABLESPACE {to_q};",
            to_q = q(to)
        ));
    }
    if has("using") {
        let to = v.using.as_deref().unwrap_or("heap");
        out.push(format!(
            "ALTER {clause} SET ACCESS METHOD {to_q};",
            to_q = q(to)
        ));
    }
}
