//! PostgreSQL catalog rows → entity rows. The JS shim runs the fixed set of catalog queries of
//! `js/introspect/pg.js` and hands the raw rows here; this builds exactly the rows the schema
//! serialiser builds for the same schema (the rc.5 snapshot `ddl[]` rows), so code and database are
//! diffed by one engine.
//!
//! Everything is keyed by catalog identity in hash maps: one pass per row kind, no scans per table.

pub mod defaults;
pub mod expr;
pub mod filter;
pub mod reconcile;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::pg::{
    Check, Column, Enum, ForeignKey, Generated, Identity, Index, IndexColumn, Opclass, PgDdl,
    Policy, PrimaryKey, Role, Schema, Sequence, Table, Unique, View,
};
use filter::{GlobList, RolesFilter, RolesOption};

/// Catalog ids arrive as text from some drivers and as numbers from others.
fn id<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected an id, got {other}"
        ))),
    }
}

fn opt_id<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "expected an id, got {other}"
        ))),
    }
}

/// Numbers that some drivers return as strings (int8, numeric) or numbers.
fn opt_num_text<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    opt_id(d)
}

#[derive(Debug, Clone, Deserialize)]
pub struct SchemaRow {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationRow {
    #[serde(deserialize_with = "id")]
    pub oid: String,
    pub schema: String,
    pub name: String,
    /// `r`, `p`, `v` or `m` (pg_class.relkind).
    pub kind: String,
    #[serde(default)]
    pub rls_enabled: bool,
    /// `reloptions` as JSON text (`["fillfactor=70"]`) or null.
    #[serde(default)]
    pub options: Option<String>,
    #[serde(default)]
    pub access_method: Option<String>,
    #[serde(default)]
    pub tablespace: Option<String>,
    #[serde(default)]
    pub definition: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnRow {
    #[serde(deserialize_with = "id")]
    pub table_oid: String,
    pub ordinal: i64,
    pub name: String,
    pub not_null: bool,
    pub dimensions: u32,
    /// `format_type(atttypid, atttypmod)`.
    #[serde(rename = "type")]
    pub sql_type: String,
    /// `typtype` of the element type for arrays, of the type itself otherwise (`e` = enum).
    pub base_type_kind: String,
    pub base_type_name: String,
    pub base_type_schema: String,
    /// `attidentity`: `a`, `d` or empty.
    #[serde(default)]
    pub identity: String,
    /// `attgenerated`: `s` or empty.
    #[serde(default)]
    pub generated: String,
    #[serde(default)]
    pub default: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EnumValueRow {
    pub schema: String,
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceRow {
    pub schema: String,
    pub name: String,
    #[serde(deserialize_with = "opt_num_text")]
    pub start_with: Option<String>,
    #[serde(deserialize_with = "opt_num_text")]
    pub min_value: Option<String>,
    #[serde(deserialize_with = "opt_num_text")]
    pub max_value: Option<String>,
    #[serde(deserialize_with = "opt_num_text")]
    pub increment_by: Option<String>,
    pub cycle: bool,
    #[serde(deserialize_with = "opt_num_text")]
    pub cache_size: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    pub owner_table_oid: Option<String>,
    #[serde(default)]
    pub owner_ordinal: Option<i64>,
    /// pg_depend deptype of the owning column: `a` (serial / OWNED BY) or `i` (identity).
    #[serde(default)]
    pub ownership: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConstraintRow {
    #[serde(deserialize_with = "id")]
    pub table_oid: String,
    pub name: String,
    /// `p`, `u`, `f`, `c` or `x`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, deserialize_with = "opt_id")]
    pub index_oid: Option<String>,
    /// JSON text array of column names.
    #[serde(default)]
    pub columns: Option<String>,
    #[serde(default)]
    pub schema_to: Option<String>,
    #[serde(default)]
    pub table_to: Option<String>,
    #[serde(default)]
    pub columns_to: Option<String>,
    #[serde(default)]
    pub on_update: Option<String>,
    #[serde(default)]
    pub on_delete: Option<String>,
    /// `pg_get_constraintdef` for uniques (to read NULLS NOT DISTINCT).
    #[serde(default)]
    pub definition: Option<String>,
    /// `pg_get_expr(conbin)` for checks.
    #[serde(default)]
    pub check: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexRow {
    #[serde(deserialize_with = "id")]
    pub oid: String,
    #[serde(deserialize_with = "id")]
    pub table_oid: String,
    pub name: String,
    pub method: String,
    pub is_unique: bool,
    #[serde(default)]
    pub options: Option<String>,
    #[serde(rename = "where", default)]
    pub where_: Option<String>,
    /// JSON text: `[{column, expression, option, opclass, opclassDefault}]` per key column.
    #[serde(default)]
    pub columns: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IndexKeyColumn {
    column: Option<String>,
    expression: Option<String>,
    #[serde(default)]
    option: i64,
    opclass: Option<String>,
    #[serde(default)]
    opclass_default: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRow {
    #[serde(deserialize_with = "id")]
    pub table_oid: String,
    pub name: String,
    pub permissive: bool,
    /// `polcmd`: `r`, `a`, `w`, `d` or `*`.
    pub command: String,
    #[serde(default)]
    pub roles: Option<String>,
    #[serde(default)]
    pub using: Option<String>,
    #[serde(default)]
    pub with_check: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleRow {
    pub name: String,
    pub superuser: bool,
    pub inherit: bool,
    pub create_role: bool,
    pub create_db: bool,
    pub can_login: bool,
    pub replication: bool,
    pub conn_limit: i64,
    #[serde(default)]
    pub valid_until: Option<String>,
    pub bypass_rls: bool,
    /// The role the session is connected as (push must never plan to drop it).
    #[serde(default)]
    pub is_current_user: bool,
}

/// The raw result of every catalog query, by query name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CatalogRows {
    pub schemas: Vec<SchemaRow>,
    pub relations: Vec<RelationRow>,
    pub columns: Vec<ColumnRow>,
    pub enums: Vec<EnumValueRow>,
    pub sequences: Vec<SequenceRow>,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub policies: Vec<PolicyRow>,
    pub roles: Vec<RoleRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MigrationsTable {
    pub table: String,
    pub schema: String,
}

impl Default for MigrationsTable {
    fn default() -> Self {
        MigrationsTable {
            table: crate::dialect::DEFAULT_MIGRATIONS_TABLE.into(),
            schema: crate::dialect::DEFAULT_MIGRATIONS_SCHEMA.into(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IntrospectOptions {
    pub schema_filter: Vec<String>,
    pub tables_filter: Vec<String>,
    pub extensions_filters: Vec<String>,
    pub roles: RolesOption,
    pub migrations: MigrationsTable,
}

/// Tables PostGIS creates in the schema it is installed into.
const POSTGIS_TABLES: &[&str] = &["geography_columns", "geometry_columns", "spatial_ref_sys"];

struct Scope {
    schemas: GlobList,
    tables: GlobList,
    extension_tables: HashSet<&'static str>,
    roles: RolesFilter,
}

impl Scope {
    fn new(options: &IntrospectOptions) -> Result<Scope> {
        let mut extension_tables = HashSet::new();
        for ext in &options.extensions_filters {
            match ext.as_str() {
                "postgis" => extension_tables.extend(POSTGIS_TABLES.iter().copied()),
                other => {
                    return Err(Error::input(format!(
                    "extensionsFilters: {other:?} is not supported; the only value is \"postgis\""
                )))
                }
            }
        }
        Ok(Scope {
            schemas: GlobList::new(&options.schema_filter),
            tables: GlobList::new(&options.tables_filter),
            extension_tables,
            roles: RolesFilter::new(&options.roles)?,
        })
    }

    fn schema(&self, name: &str) -> bool {
        self.schemas.admits(name)
    }

    fn relation(&self, schema: &str, name: &str) -> bool {
        self.schema(schema) && self.tables.admits(name) && !self.extension_tables.contains(name)
    }
}

fn json_list(text: &Option<String>, what: &str) -> Result<Vec<String>> {
    match text {
        None => Ok(vec![]),
        Some(t) => serde_json::from_str::<Option<Vec<String>>>(t)
            .map(Option::unwrap_or_default)
            .map_err(|e| {
                Error::input(format!(
                    "catalog rows: {what} is not a JSON list of names: {e}"
                ))
            }),
    }
}

fn referential_action(code: Option<&str>, constraint: &str) -> Result<String> {
    let action = match code.unwrap_or("a") {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "n" => "SET NULL",
        "c" => "CASCADE",
        "d" => "SET DEFAULT",
        other => {
            return Err(Error::input(format!(
                "catalog rows: foreign key {constraint} has unknown action code {other:?}"
            )))
        }
    };
    Ok(action.to_string())
}

fn policy_command(code: &str, policy: &str) -> Result<&'static str> {
    Ok(match code {
        "r" => "SELECT",
        "a" => "INSERT",
        "w" => "UPDATE",
        "d" => "DELETE",
        "*" => "ALL",
        other => {
            return Err(Error::input(format!(
                "catalog rows: policy {policy} has unknown command code {other:?}"
            )))
        }
    })
}

/// `pg_get_indexdef(oid, column, false)` wraps every key that is not a bare function call in one
/// extra pair of parentheses; the entity rows hold the expression itself, as in `pg_get_expr`.
fn unwrap_index_expression(text: &str) -> &str {
    let t = text.trim();
    if t.starts_with('(') && t.ends_with(')') && closing_paren(t) == Some(t.len() - 1) {
        &t[1..t.len() - 1]
    } else {
        t
    }
}

/// Byte index of the parenthesis closing the one at position 0, skipping quoted text.
fn closing_paren(t: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (i, c) in t.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

/// `pg_get_viewdef` text on one line, as rc.5 stores view definitions.
pub fn view_definition(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replacen(';', "", 1).trim().to_string()
}

/// View `reloptions` → the `with` object of a view row (every known key present; `None` when no
/// option is set).
fn view_with(options: &[String], view: &str) -> Result<Option<Value>> {
    const KEYS: &[(&str, Kind)] = &[
        ("checkOption", Kind::Literal(&["local", "cascaded"])),
        ("securityBarrier", Kind::Bool),
        ("securityInvoker", Kind::Bool),
        ("fillfactor", Kind::Num),
        ("toastTupleTarget", Kind::Num),
        ("parallelWorkers", Kind::Num),
        ("autovacuumEnabled", Kind::Bool),
        ("vacuumIndexCleanup", Kind::Literal(&["auto", "on", "off"])),
        ("vacuumTruncate", Kind::Bool),
        ("autovacuumVacuumThreshold", Kind::Num),
        ("autovacuumVacuumScaleFactor", Kind::Num),
        ("autovacuumVacuumCostDelay", Kind::Num),
        ("autovacuumVacuumCostLimit", Kind::Num),
        ("autovacuumFreezeMinAge", Kind::Num),
        ("autovacuumFreezeMaxAge", Kind::Num),
        ("autovacuumFreezeTableAge", Kind::Num),
        ("autovacuumMultixactFreezeMinAge", Kind::Num),
        ("autovacuumMultixactFreezeMaxAge", Kind::Num),
        ("autovacuumMultixactFreezeTableAge", Kind::Num),
        ("logAutovacuumMinDuration", Kind::Num),
        ("userCatalogTable", Kind::Bool),
    ];
    enum Kind {
        Bool,
        Num,
        Literal(&'static [&'static str]),
    }
    let mut given: HashMap<String, String> = HashMap::new();
    for opt in options {
        let (key, value) = opt.split_once('=').ok_or_else(|| {
            Error::input(format!("view {view}: unexpected storage option {opt:?}"))
        })?;
        given.insert(camel_case(key.trim()), value.trim().to_string());
    }
    let mut out = Map::new();
    let mut any = false;
    for (key, kind) in KEYS {
        let value = match given.get(*key) {
            None => Value::Null,
            Some(v) => {
                any = true;
                let bad =
                    || Error::input(format!("view {view}: option {key} has invalid value {v:?}"));
                match kind {
                    Kind::Bool => match v.as_str() {
                        "true" | "1" | "on" | "yes" => Value::Bool(true),
                        "false" | "0" | "off" | "no" => Value::Bool(false),
                        _ => return Err(bad()),
                    },
                    Kind::Num => {
                        let n: f64 = v.parse().map_err(|_| bad())?;
                        serde_json::Number::from_f64(n)
                            .map(|num| {
                                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                                    Value::from(n as i64)
                                } else {
                                    Value::Number(num)
                                }
                            })
                            .ok_or_else(bad)?
                    }
                    Kind::Literal(allowed) => {
                        if allowed.contains(&v.as_str()) {
                            Value::String(v.clone())
                        } else {
                            return Err(bad());
                        }
                    }
                }
            }
        };
        out.insert((*key).to_string(), value);
    }
    Ok(any.then_some(Value::Object(out)))
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The entity rows of an introspected database, scoped by `options`.
pub fn from_catalog(rows: &CatalogRows, options: &IntrospectOptions) -> Result<PgDdl> {
    let scope = Scope::new(options)?;
    let migrations = &options.migrations;
    let mut ddl = PgDdl::default();

    if !scope.schemas.is_empty() && !rows.schemas.iter().any(|s| scope.schema(&s.name)) {
        let known: Vec<&str> = rows.schemas.iter().map(|s| s.name.as_str()).collect();
        return Err(Error::new(
            "schema_filter_error",
            format!(
                "schemaFilter {:?} matches no schema in the database (its schemas: {}). Fix schemaFilter in the config or create the schema.",
                options.schema_filter,
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
        ));
    }

    // Tables and views in scope, by oid. The migrations table is the migrator's, not the schema's.
    let mut tables: HashMap<&str, (&str, &str)> = HashMap::new();
    let mut schemas_with_tables: HashSet<&str> = HashSet::new();
    for rel in &rows.relations {
        if !scope.relation(&rel.schema, &rel.name) {
            continue;
        }
        // sleet's migrator keeps its progress rows beside drizzle's table: bookkeeping too.
        let is_migrations = rel.schema == migrations.schema
            && (rel.name == migrations.table
                || rel.name
                    == format!(
                        "{}{}",
                        migrations.table,
                        crate::migrations::bookkeeping::PROGRESS_SUFFIX
                    ));
        match rel.kind.as_str() {
            "r" | "p" if !is_migrations => {
                tables.insert(&rel.oid, (&rel.schema, &rel.name));
                schemas_with_tables.insert(&rel.schema);
                ddl.tables.push(Table {
                    schema: rel.schema.clone(),
                    name: rel.name.clone(),
                    is_rls_enabled: rel.rls_enabled,
                    entity_type: Default::default(),
                });
            }
            "v" | "m" => {
                let options = json_list(&rel.options, "view options")?;
                let materialized = rel.kind == "m";
                ddl.views.push(View {
                    schema: rel.schema.clone(),
                    name: rel.name.clone(),
                    definition: rel.definition.as_deref().map(view_definition),
                    with: view_with(&options, &rel.name)?,
                    with_no_data: None,
                    using: if materialized {
                        rel.access_method.clone()
                    } else {
                        None
                    },
                    tablespace: rel.tablespace.clone(),
                    materialized,
                    entity_type: Default::default(),
                });
            }
            _ => {}
        }
    }

    for s in &rows.schemas {
        // `public` always exists; the drizzle schema only while it holds something besides the
        // migrations table.
        let is_empty_migrations_schema =
            s.name == migrations.schema && !schemas_with_tables.contains(s.name.as_str());
        if s.name != "public" && !is_empty_migrations_schema && scope.schema(&s.name) {
            ddl.schemas.push(Schema {
                name: s.name.clone(),
                entity_type: Default::default(),
            });
        }
    }

    for e in &rows.enums {
        if !scope.schema(&e.schema) {
            continue;
        }
        match ddl.enums.last_mut() {
            Some(last) if last.schema == e.schema && last.name == e.name => {
                last.values.push(e.value.clone())
            }
            _ => ddl.enums.push(Enum {
                schema: e.schema.clone(),
                name: e.name.clone(),
                values: vec![e.value.clone()],
                entity_type: Default::default(),
            }),
        }
    }

    // Sequences owned by a column belong to that column (serial or identity), not to the schema.
    let mut owned: HashMap<(&str, i64), &SequenceRow> = HashMap::new();
    for seq in &rows.sequences {
        match (
            &seq.owner_table_oid,
            seq.owner_ordinal,
            seq.ownership.as_deref(),
        ) {
            (Some(t), Some(n), Some("a" | "i")) => {
                owned.insert((t.as_str(), n), seq);
            }
            _ => {
                if scope.schema(&seq.schema) {
                    ddl.sequences.push(Sequence {
                        schema: seq.schema.clone(),
                        name: seq.name.clone(),
                        increment_by: seq.increment_by.clone(),
                        min_value: seq.min_value.clone(),
                        max_value: seq.max_value.clone(),
                        start_with: seq.start_with.clone(),
                        cache_size: Some(parse_cache(seq.cache_size.as_deref(), &seq.name)?),
                        cycle: Some(seq.cycle),
                        entity_type: Default::default(),
                    });
                }
            }
        }
    }

    for col in &rows.columns {
        let Some(&(schema, table)) = tables.get(col.table_oid.as_str()) else {
            continue;
        };
        let owned_seq = owned.get(&(col.table_oid.as_str(), col.ordinal)).copied();
        ddl.columns.push(column_of(col, schema, table, owned_seq)?);
    }

    let mut constraint_indexes: HashSet<&str> = HashSet::new();
    for con in &rows.constraints {
        let Some(&(schema, table)) = tables.get(con.table_oid.as_str()) else {
            continue;
        };
        add_constraint(&mut ddl, &mut constraint_indexes, con, schema, table)?;
    }

    for idx in &rows.indexes {
        let Some(&(schema, table)) = tables.get(idx.table_oid.as_str()) else {
            continue;
        };
        if constraint_indexes.contains(idx.oid.as_str()) {
            continue;
        }
        ddl.indexes.push(index_of(idx, schema, table)?);
    }

    for p in &rows.policies {
        let Some(&(schema, table)) = tables.get(p.table_oid.as_str()) else {
            continue;
        };
        ddl.policies.push(Policy {
            schema: schema.into(),
            table: table.into(),
            name: p.name.clone(),
            as_: if p.permissive {
                "PERMISSIVE"
            } else {
                "RESTRICTIVE"
            }
            .into(),
            for_: policy_command(&p.command, &p.name)?.into(),
            roles: json_list(&p.roles, "policy roles")?,
            using: p.using.clone(),
            with_check: p.with_check.clone(),
            entity_type: Default::default(),
        });
    }

    for r in &rows.roles {
        if !scope.roles.admits(&r.name) {
            continue;
        }
        ddl.roles.push(Role {
            name: r.name.clone(),
            superuser: Some(r.superuser),
            create_db: Some(r.create_db),
            create_role: Some(r.create_role),
            inherit: Some(r.inherit),
            can_login: Some(r.can_login),
            replication: Some(r.replication),
            bypass_rls: Some(r.bypass_rls),
            conn_limit: Some(r.conn_limit),
            password: None,
            valid_until: r.valid_until.clone(),
            entity_type: Default::default(),
        });
    }

    Ok(ddl)
}

/// One catalog column as the model's, `owned_seq` the sequence it owns (serial or identity). Out of
/// line, as the two below, so that `from_catalog` stays small for a host's JIT (src/lib.rs).
#[inline(never)]
fn column_of(
    col: &ColumnRow,
    schema: &str,
    table: &str,
    owned_seq: Option<&SequenceRow>,
) -> Result<Column> {
    let is_enum = col.base_type_kind == "e";
    let mut sql_type = if is_enum {
        col.base_type_name.clone()
    } else {
        defaults::column_type(&col.sql_type)
    };
    let is_serial = !is_enum
        && col.identity.is_empty()
        && owned_seq.is_some_and(|s| s.ownership.as_deref() == Some("a"))
        && col
            .default
            .as_deref()
            .is_some_and(|d| d.starts_with("nextval("));
    if is_serial {
        sql_type = match sql_type.as_str() {
            "smallint" => "smallserial".into(),
            "integer" => "serial".into(),
            "bigint" => "bigserial".into(),
            _ => sql_type,
        };
    }
    let stored_generated = col.generated == "s";
    let identity = match (col.identity.as_str(), owned_seq) {
        ("a" | "d", Some(seq)) => Some(Box::new(Identity {
            kind: if col.identity == "a" {
                "always"
            } else {
                "byDefault"
            }
            .to_string(),
            name: seq.name.clone(),
            increment: seq.increment_by.clone(),
            start_with: seq.start_with.clone(),
            min_value: seq.min_value.clone(),
            max_value: seq.max_value.clone(),
            cache: Some(parse_cache(seq.cache_size.as_deref(), &seq.name)?),
            cycle: Some(seq.cycle),
        })),
        _ => None,
    };
    Ok(Column {
        schema: schema.to_string(),
        table: table.to_string(),
        name: col.name.clone(),
        type_schema: is_enum.then(|| col.base_type_schema.clone()),
        not_null: col.not_null,
        dimensions: col.dimensions,
        default: if stored_generated {
            None
        } else {
            defaults::column_default(&sql_type, col.default.as_deref(), col.dimensions, is_enum)
        },
        generated: match (&col.default, stored_generated) {
            (Some(expr), true) => Some(Generated {
                as_: expr.clone(),
                kind: "stored".into(),
            }),
            _ => None,
        },
        identity,
        sql_type,
        entity_type: Default::default(),
    })
}

/// One catalog constraint into the model; the index behind a key or an exclusion is noted so that it
/// is not read as a plain index too.
#[inline(never)]
fn add_constraint<'a>(
    ddl: &mut PgDdl,
    constraint_indexes: &mut HashSet<&'a str>,
    con: &'a ConstraintRow,
    schema: &str,
    table: &str,
) -> Result<()> {
    let qualified = || format!("{schema}.{table}.{}", con.name);
    match con.kind.as_str() {
        "p" => {
            constraint_indexes.extend(con.index_oid.as_deref());
            ddl.pks.push(PrimaryKey {
                schema: schema.into(),
                table: table.into(),
                name: con.name.clone(),
                columns: json_list(&con.columns, &qualified())?,
                name_explicit: true,
                entity_type: Default::default(),
            });
        }
        "u" => {
            constraint_indexes.extend(con.index_oid.as_deref());
            ddl.uniques.push(Unique {
                schema: schema.into(),
                table: table.into(),
                name: con.name.clone(),
                name_explicit: true,
                columns: json_list(&con.columns, &qualified())?,
                nulls_not_distinct: con
                    .definition
                    .as_deref()
                    .is_some_and(|d| d.contains("NULLS NOT DISTINCT")),
                entity_type: Default::default(),
            });
        }
        // Exclusion constraints have no entity; their index is not a plain index either.
        "x" => {
            constraint_indexes.extend(con.index_oid.as_deref());
        }
        "f" => {
            let (Some(schema_to), Some(table_to)) = (&con.schema_to, &con.table_to) else {
                return Err(Error::input(format!(
                    "catalog rows: foreign key {} has no target table",
                    qualified()
                )));
            };
            ddl.fks.push(ForeignKey {
                schema: schema.into(),
                table: table.into(),
                name: con.name.clone(),
                name_explicit: true,
                columns: json_list(&con.columns, &qualified())?,
                schema_to: schema_to.clone(),
                table_to: table_to.clone(),
                columns_to: json_list(&con.columns_to, &qualified())?,
                on_update: referential_action(con.on_update.as_deref(), &qualified())?,
                on_delete: referential_action(con.on_delete.as_deref(), &qualified())?,
                entity_type: Default::default(),
            });
        }
        "c" => ddl.checks.push(Check {
            schema: schema.into(),
            table: table.into(),
            name: con.name.clone(),
            value: con.check.clone().unwrap_or_default(),
            entity_type: Default::default(),
        }),
        _ => {}
    }
    Ok(())
}

/// One catalog index (not a constraint's) as the model's.
#[inline(never)]
fn index_of(idx: &IndexRow, schema: &str, table: &str) -> Result<Index> {
    let keys: Vec<IndexKeyColumn> = match &idx.columns {
        None => vec![],
        Some(t) => serde_json::from_str(t).map_err(|e| {
            Error::input(format!(
                "catalog rows: index {schema}.{} has malformed key columns: {e}",
                idx.name
            ))
        })?,
    };
    let mut columns = Vec::with_capacity(keys.len());
    for key in keys {
        let (value, is_expression) = match (key.column, key.expression) {
            (Some(c), _) => (c, false),
            (None, Some(e)) => (unwrap_index_expression(&e).to_string(), true),
            (None, None) => {
                return Err(Error::input(format!(
                    "catalog rows: index {schema}.{} has a key that is neither a column nor an expression",
                    idx.name
                )))
            }
        };
        columns.push(IndexColumn {
            value,
            is_expression,
            asc: key.option & 1 == 0,
            nulls_first: key.option & 2 == 2,
            opclass: match (key.opclass, key.opclass_default) {
                (Some(name), false) => Some(Opclass {
                    name,
                    default: false,
                }),
                _ => None,
            },
        });
    }
    Ok(Index {
        schema: schema.into(),
        table: table.into(),
        name: idx.name.clone(),
        name_explicit: true,
        columns,
        is_unique: idx.is_unique,
        where_: idx.where_.clone(),
        with: json_list(&idx.options, "index options")?.join(", "),
        method: idx.method.clone(),
        concurrently: false,
        entity_type: Default::default(),
    })
}

fn parse_cache(text: Option<&str>, sequence: &str) -> Result<i64> {
    match text {
        None => Ok(1),
        Some(t) => t.parse().map_err(|_| {
            Error::input(format!(
                "catalog rows: sequence {sequence} has cache {t:?}, not an integer"
            ))
        }),
    }
}

/// The columns of the views in scope, in the shape `pull` code generation takes (rc.5's interim
/// `viewColumns`): the catalog's columns query covers views too, and model rows have no view columns.
pub fn view_columns(
    rows: &CatalogRows,
    options: &IntrospectOptions,
) -> Result<Vec<crate::model::pg::ViewColumn>> {
    let scope = Scope::new(options)?;
    let views: HashMap<&str, (&str, &str)> = rows
        .relations
        .iter()
        .filter(|r| matches!(r.kind.as_str(), "v" | "m") && scope.relation(&r.schema, &r.name))
        .map(|r| (r.oid.as_str(), (r.schema.as_str(), r.name.as_str())))
        .collect();
    let mut out = Vec::new();
    for col in &rows.columns {
        let Some(&(schema, view)) = views.get(col.table_oid.as_str()) else {
            continue;
        };
        let is_enum = col.base_type_kind == "e";
        let mut sql_type = if is_enum {
            col.base_type_name.clone()
        } else {
            defaults::column_type(&col.sql_type)
        };
        if sql_type.starts_with("numeric(") {
            sql_type = sql_type.replacen(',', ", ", 1);
        }
        sql_type.push_str(&"[]".repeat(col.dimensions as usize));
        out.push(crate::model::pg::ViewColumn {
            schema: schema.to_string(),
            view: view.to_string(),
            name: col.name.clone(),
            sql_type,
            type_schema: is_enum.then(|| col.base_type_schema.clone()),
            not_null: col.not_null,
            dimensions: col.dimensions,
            type_dimensions: col.sql_type.matches("[]").count() as u32,
        });
    }
    Ok(out)
}

/// Keep only what the introspection scope admits, so the schema side of a push sees the same
/// world as the database side (rc.5 filters both sides with one entity filter).
pub fn retain_in_scope(ddl: &mut PgDdl, options: &IntrospectOptions) -> Result<()> {
    let scope = Scope::new(options)?;
    let m = &options.migrations;
    let admitted = |schema: &str, name: &str| {
        scope.relation(schema, name) && !(schema == m.schema && name == m.table)
    };
    ddl.schemas.retain(|s| scope.schema(&s.name));
    ddl.enums.retain(|e| scope.schema(&e.schema));
    ddl.sequences.retain(|s| scope.schema(&s.schema));
    ddl.roles.retain(|r| scope.roles.admits(&r.name));
    ddl.tables.retain(|t| admitted(&t.schema, &t.name));
    ddl.views.retain(|v| admitted(&v.schema, &v.name));
    ddl.columns.retain(|x| admitted(&x.schema, &x.table));
    ddl.indexes.retain(|x| admitted(&x.schema, &x.table));
    ddl.fks.retain(|x| admitted(&x.schema, &x.table));
    ddl.pks.retain(|x| admitted(&x.schema, &x.table));
    ddl.uniques.retain(|x| admitted(&x.schema, &x.table));
    ddl.checks.retain(|x| admitted(&x.schema, &x.table));
    ddl.policies.retain(|x| admitted(&x.schema, &x.table));
    ddl.privileges.retain(|x| admitted(&x.schema, &x.table));
    Ok(())
}

/// wasm surface input: `{ rows, options }`.
#[derive(Debug, Clone, Deserialize)]
pub struct IntrospectInput {
    pub rows: CatalogRows,
    #[serde(default)]
    pub options: IntrospectOptions,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectOutput {
    pub ddl: Vec<Value>,
    pub view_columns: Vec<crate::model::pg::ViewColumn>,
}

pub fn introspect(input: &IntrospectInput) -> Result<IntrospectOutput> {
    let ddl = from_catalog(&input.rows, &input.options)?;
    Ok(IntrospectOutput {
        ddl: ddl.to_rows()?,
        view_columns: view_columns(&input.rows, &input.options)?,
    })
}

/// The catalog as the shim read it, with the config's scope.
pub struct PgCatalog {
    pub rows: CatalogRows,
    pub options: IntrospectOptions,
}

impl crate::introspect::Inspector for crate::model::pg::Pg {
    type Catalog = PgCatalog;
    fn read_catalog(rows: &str, options: Option<&str>) -> Result<PgCatalog> {
        let (rows, options) = super::parse_catalog(rows, options)?;
        Ok(PgCatalog { rows, options })
    }
    fn inspect(catalog: &PgCatalog) -> Result<PgDdl> {
        from_catalog(&catalog.rows, &catalog.options)
    }
    fn found(catalog: &PgCatalog) -> Result<Vec<crate::model::pg::ViewColumn>> {
        view_columns(&catalog.rows, &catalog.options)
    }
    fn reconcile(
        catalog: &PgCatalog,
        database: &mut PgDdl,
        code: &mut PgDdl,
    ) -> Result<Vec<String>> {
        reconcile::reconcile(database, code, &catalog.rows, &catalog.options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_keys_lose_the_parentheses_pg_get_indexdef_adds() {
        assert_eq!(
            unwrap_index_expression("((amount * (2)::numeric))"),
            "(amount * (2)::numeric)"
        );
        assert_eq!(
            unwrap_index_expression("upper((currency)::text)"),
            "upper((currency)::text)"
        );
        assert_eq!(unwrap_index_expression("(a) + (b)"), "(a) + (b)");
        assert_eq!(
            unwrap_index_expression("((x)::text || ')')"),
            "(x)::text || ')'"
        );
    }

    #[test]
    fn view_definitions_are_one_line() {
        assert_eq!(
            view_definition(" SELECT posts.id,\n    posts.title\n   FROM posts\n  WHERE posts.published = true;"),
            "SELECT posts.id, posts.title FROM posts WHERE posts.published = true"
        );
    }

    #[test]
    fn view_options_become_the_with_object() {
        let w = view_with(
            &["security_barrier=true".into(), "check_option=local".into()],
            "v",
        )
        .unwrap()
        .unwrap();
        assert_eq!(w["securityBarrier"], Value::Bool(true));
        assert_eq!(w["checkOption"], Value::String("local".into()));
        assert_eq!(w["fillfactor"], Value::Null);
        assert_eq!(w.as_object().unwrap().len(), 21);
        assert!(view_with(&[], "v").unwrap().is_none());
        assert!(view_with(&["security_barrier=maybe".into()], "v").is_err());
    }
}
