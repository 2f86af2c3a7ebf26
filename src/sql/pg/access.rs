//! Roles, privileges and policies: who may do what. Role statements also have a guarded form, for
//! migrations that run once per database of a cluster (docs/roles.md).

use crate::diff::pg::statement::Statement;
use crate::model::pg::{Policy, Privilege, Role};

use super::{literal, q, qualified};

/// A role-existence test usable inside PL/pgSQL.
fn role_exists(name: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {})",
        literal(name)
    )
}

/// The guarded form of a role statement, `None` for every other statement (and for `ALTER ROLE …
/// WITH`, which is already idempotent).
pub(super) fn guarded_role_sql(st: &Statement) -> Option<String> {
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

pub(super) fn create_role(r: &Role) -> String {
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

pub(super) fn drop_role(r: &Role) -> String {
    format!("DROP ROLE {};", q(&r.name))
}

pub(super) fn rename_role(from: &Role, to: &Role) -> String {
    format!("ALTER ROLE {} RENAME TO {};", q(&from.name), q(&to.name))
}

pub(super) fn alter_role(r: &Role, changed: &[String]) -> String {
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

pub(super) fn grant(p: &Privilege) -> String {
    format!(
        "GRANT {} ON {} TO {}{};",
        p.kind,
        qualified(&p.schema, &p.table),
        q(&p.grantee),
        if p.is_grantable {
            " WITH GRANT OPTION"
        } else {
            ""
        }
    )
}

pub(super) fn revoke(p: &crate::model::pg::Privilege) -> String {
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

pub(super) fn create_policy(p: &Policy) -> String {
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

pub(super) fn drop_policy(p: &Policy) -> String {
    format!(
        "DROP POLICY {} ON {};",
        q(&p.name),
        qualified(&p.schema, &p.table)
    )
}

pub(super) fn rename_policy(from: &Policy, to: &Policy) -> String {
    format!(
        "ALTER POLICY {} ON {} RENAME TO {};",
        q(&from.name),
        qualified(&to.schema, &to.table),
        q(&to.name)
    )
}

pub(super) fn alter_policy(p: &Policy) -> String {
    format!(
        "ALTER POLICY {} ON {} TO {}{};",
        q(&p.name),
        qualified(&p.schema, &p.table),
        policy_roles(&p.roles),
        policy_clauses(p)
    )
}
