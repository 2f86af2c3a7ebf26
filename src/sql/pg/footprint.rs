//! Footprints: for each statement of a migration, the named things it changes (`writes`), the ones
//! whose existence or name it relies on (`reads`), and the uniqueness guarantees it gives up
//! (`sharedWrites`). `check` intersects the footprints of two branches to decide whether they
//! commute, so the node strings must be exactly rc.5's to reach the same verdicts on the same
//! folders, in both directions.
//!
//! A node is `<slot>|<kind>|<dotted path>`. Slots: `s` the entity's own definition, `n` its name
//! (taken or freed), `e` its existence. Postgres shares one namespace between relations (tables,
//! views, sequences, indexes, unique/primary-key indexes) — the `rel` kind — and one between types
//! (tables, views, enums) — the `type` kind; constraints share `con` per table. Statements whose
//! effect is fully described by their SQL (re-running it reaches the same state) carry `sqlHash`,
//! so that two branches making the very same change do not count as a conflict.

use sha2::{Digest, Sha256};

use crate::diff::pg::Statement;
use crate::model::pg::{Column, Index, Policy, Privilege};
use crate::snapshot::pg::Footprint;
use crate::sql::pg as pg_sql;

/// Roles a policy can name that are not entities of the schema.
const BUILTIN_POLICY_ROLES: [&str; 4] = ["current_user", "current_role", "session_user", "public"];

/// What `ALL` expands to in privilege nodes (rc.5 lists `ALL` itself too).
const PRIVILEGE_TYPES: [&str; 8] = [
    "ALL",
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "TRUNCATE",
    "REFERENCES",
    "TRIGGER",
];

/// Footprints of a migration's statements, one per statement, in statement order.
pub fn footprints(statements: &[Statement]) -> Vec<Footprint> {
    let mut sql = Vec::new();
    statements
        .iter()
        .map(|st| {
            let nodes = nodes_of(st);
            let sql_hash = is_idempotent(st).then(|| {
                sql.clear();
                pg_sql::statement_sql(st, &mut sql);
                short_hash(&sql.join("\n"))
            });
            Footprint {
                statement_type: st.type_name().to_string(),
                statement_target: target_of(st),
                writes: nodes.writes,
                reads: nodes.reads,
                shared_writes: nodes.shared_writes,
                sql_hash,
            }
        })
        .collect()
}

/// First 16 hex digits of the SHA-256 of the statement's SQL.
fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn is_serial(sql_type: &str) -> bool {
    pg_sql::is_serial_type(sql_type)
}

/// Statements that reach the same end state whichever branch runs them, so the same statement on
/// two branches is one change, not a conflict.
fn is_idempotent(st: &Statement) -> bool {
    use Statement as S;
    match st {
        S::AlterColumn {
            from,
            to,
            changed,
            was_serial,
            to_serial,
            ..
        } => {
            let has = |f: &str| changed.iter().any(|c| c == f);
            let drops_sequence = *was_serial && !is_serial(&to.sql_type);
            let array_conversion =
                has("dimensions") && (from.dimensions == 0 || to.dimensions == 0);
            !drops_sequence
                && !to_serial
                && !has("generated")
                && !has("identity")
                && !array_conversion
        }
        S::AlterPk { deleted, .. } => !deleted,
        S::RecreateColumn { .. }
        | S::RecreateIndex { .. }
        | S::RecreateFk { .. }
        | S::AlterUnique { .. }
        | S::AlterCheck { .. }
        | S::RecreateEnum { .. }
        | S::AlterSequence { .. }
        | S::AlterView { .. }
        | S::AlterPolicy { .. }
        | S::RecreatePolicy { .. }
        | S::AlterRls { .. }
        | S::AlterRole { .. }
        | S::GrantPrivilege { .. }
        | S::RevokePrivilege { .. }
        | S::RegrantPrivilege { .. } => true,
        _ => false,
    }
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_string()).collect()
}

/// The entity a statement is about, as rc.5 names it in conflict reports.
fn target_of(st: &Statement) -> Vec<String> {
    use Statement as S;
    let table = |schema: &str, table: &str| strings(&["table", schema, table]);
    let column = |c: &Column| strings(&["column", &c.schema, &c.table, &c.name]);
    let index = |i: &Index| strings(&["index", &i.schema, &i.table, &i.name]);
    let policy = |p: &Policy| table(&p.schema, &p.table);
    match st {
        S::CreateTable { table: t } | S::DropTable { table: t, .. } => table(&t.schema, &t.name),
        S::RenameTable { schema, from, .. } => table(schema, from),
        S::MoveTable { name, from, .. } => table(from, name),
        S::AlterRls { schema, name, .. } => table(schema, name),
        S::AddColumn { column: c, .. } | S::DropColumn { column: c } => column(c),
        S::RecreateColumn { column: c, .. } => column(c),
        S::AlterColumn { to, .. } => column(to),
        S::RenameColumn { from, .. } => column(from),
        S::CreateIndex { index: i }
        | S::DropIndex { index: i }
        | S::RecreateIndex { index: i, .. } => index(i),
        S::RenameIndex {
            schema,
            table: t,
            from,
            ..
        } => strings(&["index", schema, t, from]),
        S::AddPk { pk } | S::DropPk { pk } | S::AlterPk { pk, .. } => table(&pk.schema, &pk.table),
        S::CreateFk { fk } | S::DropFk { fk } | S::RecreateFk { fk } => {
            table(&fk.schema, &fk.table)
        }
        S::AddUnique { unique: u } | S::DropUnique { unique: u } => table(&u.schema, &u.table),
        S::AlterUnique { to, .. } => table(&to.schema, &to.table),
        S::AddCheck { check: c, .. } | S::DropCheck { check: c, .. } => table(&c.schema, &c.table),
        S::AlterCheck { check: c, .. } => table(&c.schema, &c.table),
        S::RenameConstraint {
            schema, table: t, ..
        } => table(schema, t),
        S::CreatePolicy { policy: p }
        | S::DropPolicy { policy: p }
        | S::AlterPolicy { policy: p, .. }
        | S::RecreatePolicy { policy: p } => policy(p),
        S::RenamePolicy { from, .. } => policy(from),
        S::CreateEnum { enum_: e } | S::DropEnum { enum_: e } => {
            strings(&["enum", &e.schema, &e.name])
        }
        S::RenameEnum { schema, from, .. } => strings(&["enum", schema, from]),
        S::AlterEnum { to, .. } | S::RecreateEnum { to, .. } => {
            strings(&["enum", &to.schema, &to.name])
        }
        S::MoveEnum { from, .. } => strings(&["enum", &from.schema, &from.name]),
        S::CreateSequence { sequence: s }
        | S::DropSequence { sequence: s }
        | S::AlterSequence { sequence: s, .. } => strings(&["sequence", &s.schema, &s.name]),
        S::RenameSequence { from, .. } | S::MoveSequence { from, .. } => {
            strings(&["sequence", &from.schema, &from.name])
        }
        S::CreateView { view: v } | S::DropView { view: v } | S::AlterView { view: v, .. } => {
            strings(&["view", &v.schema, &v.name])
        }
        S::RenameView { from, .. } => strings(&["view", &from.schema, &from.name]),
        S::MoveView {
            from_schema, view, ..
        } => strings(&["view", from_schema, &view.name]),
        S::CreateSchema(s) | S::DropSchema(s) => strings(&["schema", &s.name]),
        S::RenameSchema { from, .. } => strings(&["schema", &from.name]),
        S::CreateRole { role } | S::DropRole { role } | S::AlterRole { role, .. } => {
            strings(&["role", &role.name])
        }
        S::RenameRole { from, .. } => strings(&["role", &from.name]),
        S::GrantPrivilege { privilege: p }
        | S::RevokePrivilege { privilege: p }
        | S::RegrantPrivilege { privilege: p } => table(&p.schema, &p.table),
    }
}

#[derive(Default)]
struct Nodes {
    writes: Vec<String>,
    reads: Option<Vec<String>>,
    shared_writes: Option<Vec<String>>,
}

fn node(slot: char, kind: &str, path: &[&str]) -> String {
    format!("{slot}|{kind}|{}", path.join("."))
}

fn own(kind: &str, path: &[&str]) -> String {
    node('s', kind, path)
}

fn name(kind: &str, path: &[&str]) -> String {
    node('n', kind, path)
}

fn exists(kind: &str, path: &[&str]) -> String {
    node('e', kind, path)
}

/// The names an entity takes in Postgres' shared namespaces besides its own kind.
fn shared_names(kind: &str, path: &[&str]) -> Vec<String> {
    match (kind, path) {
        ("tbl" | "view", _) => vec![name("rel", path), name("type", path)],
        ("seq" | "idx", _) => vec![name("rel", path)],
        ("enum", _) => vec![name("type", path)],
        // A unique constraint is also an index, named in its schema's relation namespace.
        ("uq", [schema, _, constraint]) => {
            vec![name("con", path), name("rel", &[schema, constraint])]
        }
        ("ck" | "fk", _) => vec![name("con", path)],
        _ => vec![],
    }
}

/// Creating or dropping an entity: its definition, name and existence, and its shared names.
fn created(kind: &str, path: &[&str]) -> Vec<String> {
    let mut out = vec![own(kind, path), name(kind, path), exists(kind, path)];
    out.extend(shared_names(kind, path));
    out
}

/// One side of a rename: the definition moves and the name is freed or taken.
fn endpoint(kind: &str, path: &[&str]) -> Vec<String> {
    let mut out = vec![own(kind, path), name(kind, path)];
    out.extend(shared_names(kind, path));
    out
}

fn under_table(schema: &str, table: &str) -> Vec<String> {
    vec![name("tbl", &[schema, table]), name("sch", &[schema])]
}

/// An index lives on a table that must exist, whatever its name by then.
fn index_home(schema: &str, table: &str) -> Vec<String> {
    vec![exists("tbl", &[schema, table]), name("sch", &[schema])]
}

fn column_enum(c: &Column) -> Vec<String> {
    match c.type_schema.as_deref() {
        Some(s) if !s.is_empty() && s != "pg_catalog" && !c.sql_type.is_empty() => {
            vec![name("enum", &[s, &c.sql_type])]
        }
        _ => vec![],
    }
}

fn columns_named(slot: char, schema: &str, table: &str, columns: &[String]) -> Vec<String> {
    columns
        .iter()
        .map(|c| node(slot, "col", &[schema, table, c]))
        .collect()
}

fn index_columns(slot: char, index: &Index) -> Vec<String> {
    index
        .columns
        .iter()
        .filter(|c| !c.is_expression)
        .map(|c| node(slot, "col", &[&index.schema, &index.table, &c.value]))
        .collect()
}

/// The guarantee that a set of columns is unique, whichever constraint or index gives it. Columns
/// are sorted as JavaScript sorts strings (UTF-16 code units).
fn uniqueness(schema: &str, table: &str, columns: &[String]) -> String {
    let mut sorted: Vec<&str> = columns.iter().map(String::as_str).collect();
    sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    let mut path = vec![schema, table];
    path.extend(sorted);
    exists("uniqueness", &path)
}

fn index_uniqueness(index: &Index) -> Vec<String> {
    if index.is_unique && index.where_.is_none() && index.columns.iter().all(|c| !c.is_expression) {
        let columns: Vec<String> = index.columns.iter().map(|c| c.value.clone()).collect();
        vec![uniqueness(&index.schema, &index.table, &columns)]
    } else {
        vec![]
    }
}

fn policy_roles(policy: &Policy) -> Vec<String> {
    policy
        .roles
        .iter()
        .filter(|r| !BUILTIN_POLICY_ROLES.contains(&r.as_str()))
        .map(|r| name("role", &[r]))
        .collect()
}

fn privilege_nodes(p: &Privilege) -> Nodes {
    let types: Vec<&str> = if p.kind == "ALL" {
        PRIVILEGE_TYPES.to_vec()
    } else {
        vec![p.kind.as_str()]
    };
    let writes = types
        .iter()
        .map(|t| own("priv", &[&p.schema, &p.table, &p.grantee, t]))
        .collect();
    let mut reads = Vec::new();
    if !p.table.is_empty() {
        let schema = if p.schema.is_empty() {
            "public"
        } else {
            &p.schema
        };
        reads.extend(under_table(schema, &p.table));
    }
    reads.push(name("role", &[&p.grantee]));
    reads.push(name("role", &[&p.grantor]));
    Nodes {
        writes,
        reads: Some(reads),
        shared_writes: None,
    }
}

fn rw(writes: Vec<String>, reads: Vec<String>) -> Nodes {
    Nodes {
        writes,
        reads: Some(reads),
        shared_writes: None,
    }
}

fn rws(writes: Vec<String>, reads: Vec<String>, shared: Vec<String>) -> Nodes {
    Nodes {
        writes,
        reads: Some(reads),
        shared_writes: Some(shared),
    }
}

fn writes_only(writes: Vec<String>) -> Nodes {
    Nodes {
        writes,
        ..Nodes::default()
    }
}

fn cat(parts: impl IntoIterator<Item = Vec<String>>) -> Vec<String> {
    parts.into_iter().flatten().collect()
}

fn nodes_of(st: &Statement) -> Nodes {
    use Statement as S;
    match st {
        S::CreateTable { table: t } => {
            let mut writes = created("tbl", &[&t.schema, &t.name]);
            if let Some(pk) = &t.pk {
                writes.push(name("rel", &[&t.schema, &pk.name]));
            }
            writes.extend(t.uniques.iter().map(|u| name("rel", &[&t.schema, &u.name])));
            let mut reads = vec![name("sch", &[&t.schema])];
            reads.extend(t.columns.iter().flat_map(column_enum));
            rw(writes, reads)
        }
        S::DropTable { table: t, .. } => rw(
            created("tbl", &[&t.schema, &t.name]),
            vec![name("sch", &[&t.schema])],
        ),
        S::RenameTable { schema, from, to } => rw(
            cat([
                endpoint("tbl", &[schema, from]),
                endpoint("tbl", &[schema, to]),
            ]),
            vec![name("sch", &[schema])],
        ),
        S::MoveTable {
            name: table,
            from,
            to,
            index_names,
        } => {
            let mut writes = cat([
                endpoint("tbl", &[from, table]),
                endpoint("tbl", &[to, table]),
                vec![exists("tbl", &[from, table]), exists("tbl", &[to, table])],
            ]);
            for index in index_names {
                writes.push(name("rel", &[from, index]));
                writes.push(name("rel", &[to, index]));
            }
            rw(writes, vec![name("sch", &[from]), name("sch", &[to])])
        }
        S::AddColumn { column: c, .. } => rw(
            created("col", &[&c.schema, &c.table, &c.name]),
            cat([under_table(&c.schema, &c.table), column_enum(c)]),
        ),
        S::DropColumn { column: c } => rw(
            created("col", &[&c.schema, &c.table, &c.name]),
            under_table(&c.schema, &c.table),
        ),
        S::AlterColumn { to, changed, .. } => {
            let has = |f: &str| changed.iter().any(|c| c == f);
            let mut properties: Vec<&str> = Vec::new();
            let mut add = |p: &'static str| {
                if !properties.contains(&p) {
                    properties.push(p);
                }
            };
            if has("notNull") {
                add("notNull");
            }
            if has("default") {
                add("default");
            }
            let retyped = has("type") || has("typeSchema") || has("dimensions");
            if retyped {
                add("type");
                add("default");
            }
            if has("generated") {
                add("generated");
                add("default");
            }
            if has("identity") {
                add("identity");
                add("default");
                add("notNull");
            }
            let path = [to.schema.as_str(), &to.table, &to.name];
            let writes = properties
                .iter()
                .map(|p| own("colprop", &[path[0], path[1], path[2], p]))
                .collect();
            let mut reads = under_table(&to.schema, &to.table);
            reads.push(name("col", &path));
            if has("default") || retyped {
                reads.extend(column_enum(to));
            }
            rw(writes, reads)
        }
        S::RecreateColumn { column: c, .. } => rw(
            created("col", &[&c.schema, &c.table, &c.name]),
            cat([under_table(&c.schema, &c.table), column_enum(c)]),
        ),
        S::RenameColumn { from, to } => rw(
            cat([
                endpoint("col", &[&from.schema, &from.table, &from.name]),
                endpoint("col", &[&to.schema, &to.table, &to.name]),
            ]),
            under_table(&from.schema, &from.table),
        ),
        S::CreateIndex { index: i } => rw(
            created("idx", &[&i.schema, &i.name]),
            cat([under_table(&i.schema, &i.table), index_columns('n', i)]),
        ),
        S::DropIndex { index: i } => {
            let key = index_uniqueness(i);
            let home = if key.is_empty() {
                index_home(&i.schema, &i.table)
            } else {
                under_table(&i.schema, &i.table)
            };
            rws(
                created("idx", &[&i.schema, &i.name]),
                cat([home, index_columns('e', i)]),
                key,
            )
        }
        S::RecreateIndex { from, index: i } => rws(
            created("idx", &[&i.schema, &i.name]),
            cat([under_table(&i.schema, &i.table), index_columns('n', i)]),
            index_uniqueness(from),
        ),
        S::RenameIndex {
            schema,
            table,
            from,
            to,
            columns,
        } => rw(
            cat([
                endpoint("idx", &[schema, from]),
                endpoint("idx", &[schema, to]),
            ]),
            cat([
                index_home(schema, table),
                columns_named('e', schema, table, columns),
            ]),
        ),
        S::AddPk { pk } => rw(
            cat([
                created("pk", &[&pk.schema, &pk.table]),
                shared_names("uq", &[&pk.schema, &pk.table, &pk.name]),
            ]),
            cat([
                under_table(&pk.schema, &pk.table),
                columns_named('n', &pk.schema, &pk.table, &pk.columns),
            ]),
        ),
        S::DropPk { pk } => rws(
            cat([
                created("pk", &[&pk.schema, &pk.table]),
                shared_names("uq", &[&pk.schema, &pk.table, &pk.name]),
            ]),
            cat([
                under_table(&pk.schema, &pk.table),
                columns_named('e', &pk.schema, &pk.table, &pk.columns),
            ]),
            vec![uniqueness(&pk.schema, &pk.table, &pk.columns)],
        ),
        S::AlterPk {
            pk, from_columns, ..
        } => rws(
            vec![own("pk", &[&pk.schema, &pk.table])],
            cat([
                under_table(&pk.schema, &pk.table),
                columns_named('n', &pk.schema, &pk.table, &pk.columns),
            ]),
            vec![uniqueness(&pk.schema, &pk.table, from_columns)],
        ),
        S::CreateFk { fk } | S::RecreateFk { fk } => {
            let mut reads = under_table(&fk.schema, &fk.table);
            reads.push(name("tbl", &[&fk.schema_to, &fk.table_to]));
            reads.push(name("sch", &[&fk.schema_to]));
            reads.extend(columns_named('n', &fk.schema, &fk.table, &fk.columns));
            reads.extend(columns_named(
                'n',
                &fk.schema_to,
                &fk.table_to,
                &fk.columns_to,
            ));
            reads.push(uniqueness(&fk.schema_to, &fk.table_to, &fk.columns_to));
            rw(created("fk", &[&fk.schema, &fk.table, &fk.name]), reads)
        }
        S::DropFk { fk } => rw(
            created("fk", &[&fk.schema, &fk.table, &fk.name]),
            cat([
                under_table(&fk.schema, &fk.table),
                columns_named('e', &fk.schema, &fk.table, &fk.columns),
            ]),
        ),
        S::AddUnique { unique: u } => rw(
            created("uq", &[&u.schema, &u.table, &u.name]),
            cat([
                under_table(&u.schema, &u.table),
                columns_named('n', &u.schema, &u.table, &u.columns),
            ]),
        ),
        S::DropUnique { unique: u } => rws(
            created("uq", &[&u.schema, &u.table, &u.name]),
            cat([
                under_table(&u.schema, &u.table),
                columns_named('e', &u.schema, &u.table, &u.columns),
            ]),
            vec![uniqueness(&u.schema, &u.table, &u.columns)],
        ),
        S::AlterUnique { from, to } => rws(
            vec![own("uq", &[&to.schema, &to.table, &to.name])],
            cat([
                under_table(&to.schema, &to.table),
                columns_named('n', &to.schema, &to.table, &to.columns),
                columns_named('e', &to.schema, &to.table, &from.columns),
            ]),
            vec![uniqueness(&to.schema, &to.table, &from.columns)],
        ),
        S::AddCheck { check: c, columns } => rw(
            created("ck", &[&c.schema, &c.table, &c.name]),
            cat([
                under_table(&c.schema, &c.table),
                columns_named('n', &c.schema, &c.table, columns),
            ]),
        ),
        S::DropCheck { check: c, columns } => rw(
            created("ck", &[&c.schema, &c.table, &c.name]),
            cat([
                under_table(&c.schema, &c.table),
                columns_named('e', &c.schema, &c.table, columns),
            ]),
        ),
        S::AlterCheck {
            check: c,
            new_columns,
            old_columns,
            ..
        } => rw(
            vec![own("ck", &[&c.schema, &c.table, &c.name])],
            cat([
                under_table(&c.schema, &c.table),
                columns_named('n', &c.schema, &c.table, new_columns),
                columns_named('e', &c.schema, &c.table, old_columns),
            ]),
        ),
        S::RenameConstraint {
            entity_type,
            schema,
            table,
            from,
            to,
            columns,
        } => {
            let reads = cat([
                under_table(schema, table),
                columns_named('e', schema, table, columns),
            ]);
            let writes = match entity_type.as_str() {
                "pks" => cat([
                    endpoint("pk", &[schema, table]),
                    shared_names("uq", &[schema, table, from]),
                    shared_names("uq", &[schema, table, to]),
                ]),
                other => {
                    let kind = match other {
                        "uniques" => "uq",
                        "checks" => "ck",
                        _ => "fk",
                    };
                    cat([
                        endpoint(kind, &[schema, table, from]),
                        endpoint(kind, &[schema, table, to]),
                    ])
                }
            };
            rw(writes, reads)
        }
        S::CreateEnum { enum_: e } | S::DropEnum { enum_: e } => rw(
            created("enum", &[&e.schema, &e.name]),
            vec![name("sch", &[&e.schema])],
        ),
        S::RenameEnum { schema, from, to } => rw(
            cat([
                endpoint("enum", &[schema, from]),
                endpoint("enum", &[schema, to]),
            ]),
            vec![name("sch", &[schema])],
        ),
        S::AlterEnum { to, .. } => rw(
            vec![own("enum", &[&to.schema, &to.name])],
            vec![name("sch", &[&to.schema])],
        ),
        S::RecreateEnum { to, columns, .. } => {
            let mut writes = created("enum", &[&to.schema, &to.name]);
            let mut reads = vec![name("sch", &[&to.schema])];
            for c in columns {
                for property in ["type", "default"] {
                    writes.push(own("colprop", &[&c.schema, &c.table, &c.name, property]));
                }
                reads.extend(under_table(&c.schema, &c.table));
                reads.push(name("col", &[&c.schema, &c.table, &c.name]));
            }
            rw(writes, reads)
        }
        S::MoveEnum { from, to } => rw(
            cat([
                endpoint("enum", &[&from.schema, &from.name]),
                endpoint("enum", &[&to.schema, &to.name]),
            ]),
            vec![name("sch", &[&from.schema]), name("sch", &[&to.schema])],
        ),
        S::CreateSequence { sequence: s } | S::DropSequence { sequence: s } => rw(
            created("seq", &[&s.schema, &s.name]),
            vec![name("sch", &[&s.schema])],
        ),
        S::RenameSequence { from, to } => rw(
            cat([
                endpoint("seq", &[&from.schema, &from.name]),
                endpoint("seq", &[&to.schema, &to.name]),
            ]),
            vec![name("sch", &[&from.schema])],
        ),
        S::AlterSequence { sequence: s, .. } => rw(
            vec![own("seq", &[&s.schema, &s.name])],
            vec![name("sch", &[&s.schema])],
        ),
        S::MoveSequence { from, to } => rw(
            cat([
                endpoint("seq", &[&from.schema, &from.name]),
                endpoint("seq", &[&to.schema, &to.name]),
            ]),
            vec![name("sch", &[&from.schema]), name("sch", &[&to.schema])],
        ),
        S::CreateView { view: v } | S::DropView { view: v } => rw(
            created("view", &[&v.schema, &v.name]),
            vec![name("sch", &[&v.schema])],
        ),
        S::RenameView { from, to } => rw(
            cat([
                endpoint("view", &[&from.schema, &from.name]),
                endpoint("view", &[&to.schema, &to.name]),
            ]),
            vec![name("sch", &[&from.schema])],
        ),
        S::AlterView { view: v, .. } => rw(
            vec![own("view", &[&v.schema, &v.name])],
            vec![name("sch", &[&v.schema])],
        ),
        S::MoveView {
            from_schema,
            to_schema,
            view,
        } => rw(
            cat([
                endpoint("view", &[from_schema, &view.name]),
                endpoint("view", &[to_schema, &view.name]),
            ]),
            vec![name("sch", &[from_schema]), name("sch", &[to_schema])],
        ),
        S::CreateSchema(s) | S::DropSchema(s) => writes_only(created("sch", &[&s.name])),
        S::RenameSchema { from, to } => writes_only(cat([
            endpoint("sch", &[&from.name]),
            endpoint("sch", &[&to.name]),
        ])),
        S::CreatePolicy { policy: p } => rw(
            created("pol", &[&p.schema, &p.table, &p.name]),
            cat([
                under_table(&p.schema, &p.table),
                policy_roles(p),
                vec![exists("rls", &[&p.schema, &p.table])],
            ]),
        ),
        S::AlterPolicy { policy: p, .. } | S::RecreatePolicy { policy: p } => rw(
            vec![own("pol", &[&p.schema, &p.table, &p.name])],
            cat([under_table(&p.schema, &p.table), policy_roles(p)]),
        ),
        S::DropPolicy { policy: p } => rw(
            created("pol", &[&p.schema, &p.table, &p.name]),
            under_table(&p.schema, &p.table),
        ),
        S::RenamePolicy { from, to } => rw(
            cat([
                endpoint("pol", &[&from.schema, &from.table, &from.name]),
                endpoint("pol", &[&to.schema, &to.table, &to.name]),
            ]),
            under_table(&from.schema, &from.table),
        ),
        S::AlterRls {
            schema,
            name: table,
            is_rls_enabled,
        } => {
            let mut writes = vec![own("rls", &[schema, table])];
            if !is_rls_enabled {
                writes.push(exists("rls", &[schema, table]));
            }
            rw(writes, under_table(schema, table))
        }
        S::CreateRole { role } | S::DropRole { role } => {
            writes_only(created("role", &[&role.name]))
        }
        S::AlterRole { role, .. } => writes_only(vec![own("role", &[&role.name])]),
        S::RenameRole { from, to } => writes_only(cat([
            endpoint("role", &[&from.name]),
            endpoint("role", &[&to.name]),
        ])),
        S::GrantPrivilege { privilege: p }
        | S::RevokePrivilege { privilege: p }
        | S::RegrantPrivilege { privilege: p } => privilege_nodes(p),
    }
}
