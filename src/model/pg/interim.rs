//! The schema description the JS shim builds from drizzle-orm objects ("interim"), turned into
//! entity rows: validation, type and default normalisation, default constraint names, row order.
//!
//! # Interim format (written by `serializePg` in js/schema/pg.js)
//!
//! JS copies what the drizzle-orm objects hold and decides nothing. Conventions:
//! * `JsVal` — a JS value in the lossless encoding of [`super::jsvalue`] (numbers as `String(n)`,
//!   bigint, Date, bytes, objects as key/value pairs, undefined).
//! * `Sql` — a rendered drizzle `SQL` value: `{ sql, params: [JsVal], unqualified }` where `sql` is
//!   `PgDialect.sqlToQuery(x)` (parameters as `$n`) and `unqualified` is the same with parameters
//!   inlined and column references left unqualified (drizzle's `indexes` rendering).
//! * `Options` — `[[key, JsVal], …]` or `null` (index `with`, sequence/identity options, view `with`).
//! * `SqlOrValue` — `{ "sql": Sql }` or `{ "value": JsVal }`.
//!
//! ```text
//! { schemas:   [{ name, existing }],
//!   enums:     [{ name, schema|null, values: [string] }],
//!   tables:    [{ name, schema|null, enableRLS,
//!                 columns: [{ name, kinds: [entityKind…], sqlType /* getSQLType() */, dimensions,
//!                             notNull, primary, default: SqlOrValue|null, generated: SqlOrValue|null,
//!                             identity: { type, sequenceName|null, options: Options }|null,
//!                             unique, uniqueName|null, uniqueNulls|null,
//!                             enum: { name, schema|null }|null, mode: JsVal, srid: JsVal }],
//!                 /* a column's fields after sqlType may be left out at their default:
//!                    0, false, null, and undefined for mode and srid */
//!                 indexes: [{ name|null, nameExplicit, unique, concurrently, method|null,
//!                             with: Options, where: Sql|null,
//!                             columns: [{ expression: Sql } | { name, columnType|null, order|null,
//!                                                              nulls|null, opClass|null }] }],
//!                 foreignKeys: [{ name|null /* explicit only */, columns, to: { schema|null, name },
//!                                 columnsTo, onUpdate|null, onDelete|null }],
//!                 primaryKeys: [{ name|null, nameExplicit, columns }],
//!                 uniqueConstraints: [{ name|null /* explicit only */, columns, nullsNotDistinct }],
//!                 checks: [{ name, value: Sql }],
//!                 policies: [Policy] }],
//!   sequences: [{ name, schema|null, options: Options }],
//!   roles:     [{ name, existing, superuser, createDb, createRole, inherit, canLogin, replication,
//!                 bypassRls, connLimit, password, validUntil }],          // each null when unset
//!   policies:  [Policy & { table: { schema|null, name }|null }],          // standalone pgPolicy
//!   views:     [{ name, schema|null, materialized, existing, query: Sql|null, with: Options,
//!                 using|null, tablespace|null, withNoData|null,
//!                 dependsOn: [[schema, name]] /* views the query references as objects */ }] }
//! Policy = { name, as|null, for|null, to: [string|null]|null, using: Sql|null, withCheck: Sql|null }
//! ```
//! Lists are in the order drizzle-kit discovers entities: per kind, modules in order, exports in
//! `Object.values` order, each object once. That order is the row order of the result.

use crate::fasthash::FastSet;

use serde::Deserialize;
use serde_json::Value;

use super::grammar::{self, DefaultInput, ShapedKind};
use super::jsvalue::{js_number, parse_float_is_negative, JsValue};
use super::{
    view_with_object, Check, Column, Entity, Enum, ForeignKey, Generated, Identity, Index,
    IndexColumn, Opclass, PgDdl, Policy, PrimaryKey, Role, Schema, Sequence, Table, Unique, View,
};
use crate::error::{Error, Result};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Interim {
    #[serde(default)]
    schemas: Vec<ISchema>,
    #[serde(default)]
    enums: Vec<IEnum>,
    #[serde(default)]
    tables: Vec<ITable>,
    #[serde(default)]
    sequences: Vec<ISequence>,
    #[serde(default)]
    roles: Vec<IRole>,
    #[serde(default)]
    policies: Vec<IPolicy>,
    #[serde(default)]
    views: Vec<IView>,
}

#[derive(Debug, Deserialize)]
struct ISchema {
    name: String,
    #[serde(default)]
    existing: bool,
}

#[derive(Debug, Deserialize)]
struct IEnum {
    name: String,
    schema: Option<String>,
    values: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ISql {
    sql: String,
    #[serde(default)]
    params: Vec<Value>,
    unqualified: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
enum ISqlOrValue {
    Sql(ISql),
    Value(Value),
}

type IOptions = Option<Vec<(String, Value)>>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ITable {
    name: String,
    schema: Option<String>,
    #[serde(default, rename = "enableRLS")]
    enable_rls: bool,
    #[serde(default)]
    columns: Vec<IColumn>,
    #[serde(default)]
    indexes: Vec<IIndex>,
    #[serde(default)]
    foreign_keys: Vec<IForeignKey>,
    #[serde(default)]
    primary_keys: Vec<IPrimaryKey>,
    #[serde(default)]
    unique_constraints: Vec<IUnique>,
    #[serde(default)]
    checks: Vec<ICheck>,
    #[serde(default)]
    policies: Vec<IPolicy>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IColumn {
    name: String,
    #[serde(default)]
    kinds: Kinds,
    sql_type: String,
    #[serde(default)]
    dimensions: usize,
    #[serde(default)]
    not_null: bool,
    #[serde(default)]
    primary: bool,
    // Boxed, as `mode` and `srid` below: most columns have none, and the description's 14,000
    // columns at 1,000 tables are held at once while the model is built (its memory peak).
    default: Option<Box<ISqlOrValue>>,
    generated: Option<Box<ISqlOrValue>>,
    identity: Option<Box<IIdentity>>,
    #[serde(default)]
    unique: bool,
    unique_name: Option<String>,
    unique_nulls: Option<String>,
    #[serde(rename = "enum")]
    enum_: Option<IEnumRef>,
    #[serde(default)]
    mode: Encoded,
    #[serde(default)]
    srid: Encoded,
}

/// A column's `mode` or `srid` as the shim encodes JS values. Only a value default reads them. The
/// shim leaves them out when they are undefined (almost always), so absent is `Undefined`; an
/// explicit `{"undefined": true}` is recognised as it is read, without a JSON map per field.
#[derive(Debug, Default)]
enum Encoded {
    #[default]
    Undefined,
    Null,
    /// Anything else, as JSON.
    Other(Box<Value>),
}

impl Encoded {
    fn other(value: Value) -> Encoded {
        Encoded::Other(Box::new(value))
    }
    fn decode(&self, entity: &str) -> Result<JsValue> {
        match self {
            Encoded::Undefined => Ok(JsValue::Undefined),
            Encoded::Null => Ok(JsValue::Null),
            Encoded::Other(v) => decode(v, entity),
        }
    }
}

impl<'de> Deserialize<'de> for Encoded {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(EncodedVisitor)
    }
}

struct EncodedVisitor;

/// A map key, compared with `undefined` without copying it.
enum Key {
    Undefined,
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string key")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Key, E> {
                Ok(if v == "undefined" {
                    Key::Undefined
                } else {
                    Key::Other(v.to_string())
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

impl<'de> serde::de::Visitor<'de> for EncodedVisitor {
    type Value = Encoded;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JS value as the shim encodes it")
    }
    fn visit_unit<E>(self) -> std::result::Result<Encoded, E> {
        Ok(Encoded::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Encoded, E> {
        Ok(Encoded::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Encoded, D::Error> {
        Encoded::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Encoded, E> {
        Ok(Encoded::other(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Encoded, E> {
        Ok(Encoded::other(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Encoded, E> {
        Ok(Encoded::other(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Encoded, E> {
        Ok(Encoded::other(Value::from(v)))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Encoded, E> {
        Ok(Encoded::other(Value::String(v.to_string())))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        seq: A,
    ) -> std::result::Result<Encoded, A::Error> {
        Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Encoded::other)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Encoded, A::Error> {
        // `JsValue::decode` reads any object with an `undefined` key as undefined.
        let mut undefined = false;
        let mut entries = serde_json::Map::new();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Undefined => {
                    undefined = true;
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                Key::Other(k) => {
                    let value: Value = map.next_value()?;
                    if !undefined {
                        entries.insert(k, value);
                    }
                }
            }
        }
        Ok(if undefined {
            Encoded::Undefined
        } else {
            Encoded::other(Value::Object(entries))
        })
    }
}

/// The drizzle-orm entity kinds of a column that the model reads (its class chain is listed, three
/// names a column), kept as flags: a list of strings per column was the largest part of the parsed
/// description after the columns themselves.
#[derive(Debug, Default)]
struct Kinds(u8);

impl Kinds {
    const READ: [&'static str; 8] = [
        "PgEnumColumn",
        "PgEnumObjectColumn",
        "PgPointTuple",
        "PgPointObject",
        "PgLineABC",
        "PgLine",
        "PgGeometry",
        "PgGeometryObject",
    ];

    fn flag(kind: &str) -> u8 {
        Self::READ
            .iter()
            .position(|k| *k == kind)
            .map_or(0, |i| 1 << i)
    }

    fn has(&self, kind: &str) -> bool {
        let flag = Self::flag(kind);
        flag != 0 && self.0 & flag != 0
    }
}

impl<'de> Deserialize<'de> for Kinds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct KindsVisitor;
        struct Kind(u8);
        impl<'de> Deserialize<'de> for Kind {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                struct KindVisitor;
                impl serde::de::Visitor<'_> for KindVisitor {
                    type Value = Kind;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        // serde's own words for a `Vec<String>`, so a malformed description reads the same.
                        f.write_str("a string")
                    }
                    fn visit_str<E>(self, v: &str) -> std::result::Result<Kind, E> {
                        Ok(Kind(Kinds::flag(v)))
                    }
                }
                d.deserialize_str(KindVisitor)
            }
        }
        impl<'de> serde::de::Visitor<'de> for KindsVisitor {
            type Value = Kinds;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Kinds, A::Error> {
                let mut flags = 0;
                while let Some(Kind(flag)) = seq.next_element()? {
                    flags |= flag;
                }
                Ok(Kinds(flags))
            }
        }
        d.deserialize_seq(KindsVisitor)
    }
}

#[derive(Debug, Deserialize)]
struct IEnumRef {
    schema: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IIdentity {
    #[serde(rename = "type")]
    kind: String,
    sequence_name: Option<String>,
    options: IOptions,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IIndex {
    name: Option<String>,
    #[serde(default)]
    name_explicit: bool,
    columns: Vec<IIndexColumn>,
    #[serde(default)]
    unique: bool,
    #[serde(rename = "where")]
    where_: Option<ISql>,
    #[serde(default)]
    concurrently: bool,
    method: Option<String>,
    with: IOptions,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IIndexColumn {
    Expression { expression: ISql },
    Column(IIndexedColumn),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IIndexedColumn {
    name: String,
    column_type: Option<String>,
    order: Option<String>,
    nulls: Option<String>,
    op_class: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ITableRef {
    schema: Option<String>,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IForeignKey {
    name: Option<String>,
    columns: Vec<String>,
    to: ITableRef,
    columns_to: Vec<String>,
    on_update: Option<String>,
    on_delete: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IPrimaryKey {
    name: Option<String>,
    #[serde(default)]
    name_explicit: bool,
    columns: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IUnique {
    name: Option<String>,
    columns: Vec<String>,
    #[serde(default)]
    nulls_not_distinct: bool,
}

#[derive(Debug, Deserialize)]
struct ICheck {
    name: String,
    value: ISql,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IPolicy {
    name: String,
    #[serde(rename = "as")]
    as_: Option<String>,
    #[serde(rename = "for")]
    for_: Option<String>,
    to: Option<Vec<Option<String>>>,
    using: Option<ISql>,
    with_check: Option<ISql>,
    /// Only for standalone policies: the table `.link()`ed to.
    table: Option<ITableRef>,
}

#[derive(Debug, Deserialize)]
struct ISequence {
    name: String,
    schema: Option<String>,
    options: IOptions,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IRole {
    name: String,
    #[serde(default)]
    existing: bool,
    superuser: Option<bool>,
    create_db: Option<bool>,
    create_role: Option<bool>,
    inherit: Option<bool>,
    can_login: Option<bool>,
    replication: Option<bool>,
    bypass_rls: Option<bool>,
    conn_limit: Option<i64>,
    password: Option<String>,
    valid_until: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IView {
    name: String,
    schema: Option<String>,
    #[serde(default)]
    materialized: bool,
    #[serde(default)]
    existing: bool,
    query: Option<ISql>,
    with: IOptions,
    using: Option<String>,
    tablespace: Option<String>,
    with_no_data: Option<bool>,
    /// `[schema, name]` of every view the query references as a drizzle object.
    #[serde(default)]
    depends_on: Vec<(String, String)>,
}

const PUBLIC: &str = "public";

fn schema_or_public(schema: &Option<String>) -> String {
    match schema.as_deref() {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => PUBLIC.to_string(),
    }
}

fn decode(value: &Value, entity: &str) -> Result<JsValue> {
    JsValue::decode(value).map_err(|e| Error::schema(entity, format!("{e} (the schema description is malformed; re-run with the same drizzle-orm the schema imports)")))
}

fn option<'a>(options: &'a IOptions, key: &str) -> Option<&'a Value> {
    options
        .as_ref()
        .and_then(|pairs| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v))
}

/// `String(option)` unless the option is absent or `undefined` (rc.5 `stringFromIdentityProperty`).
fn option_text(options: &IOptions, key: &str, entity: &str) -> Result<Option<String>> {
    match option(options, key) {
        None => Ok(None),
        Some(v) => {
            let v = decode(v, entity)?;
            Ok((!v.is_undefined()).then(|| v.js_string()))
        }
    }
}

/// Sequence/identity parameters with rc.5's defaults: a negative increment flips the defaults to a
/// descending range starting at the max value.
struct SequenceParams {
    increment: String,
    min: String,
    max: String,
    start: String,
    cache: i64,
    cycle: bool,
}

fn sequence_params(
    options: &IOptions,
    entity: &str,
    min_when_descending: &str,
    max_when_ascending: &str,
) -> Result<SequenceParams> {
    let increment = option_text(options, "increment", entity)?.unwrap_or_else(|| "1".into());
    let descending = parse_float_is_negative(&increment);
    let min = option_text(options, "minValue", entity)?.unwrap_or_else(|| {
        if descending {
            min_when_descending.into()
        } else {
            "1".into()
        }
    });
    let max = option_text(options, "maxValue", entity)?.unwrap_or_else(|| {
        if descending {
            "-1".into()
        } else {
            max_when_ascending.into()
        }
    });
    let start = option_text(options, "startWith", entity)?.unwrap_or_else(|| {
        if descending {
            max.clone()
        } else {
            min.clone()
        }
    });
    let cache_text = option_text(options, "cache", entity)?.unwrap_or_else(|| "1".into());
    let cache = js_number(&cache_text)
        .filter(|n| n.is_finite() && n.fract() == 0.0)
        .map(|n| n as i64)
        .ok_or_else(|| {
            Error::schema(
                entity,
                format!("cache must be a whole number, got {cache_text:?}; pass e.g. `cache: 10`"),
            )
        })?;
    let cycle = match option(options, "cycle")
        .map(|v| decode(v, entity))
        .transpose()?
    {
        None | Some(JsValue::Undefined) | Some(JsValue::Null) => false,
        Some(JsValue::Bool(b)) => b,
        Some(other) => {
            return Err(Error::schema(
                entity,
                format!("cycle must be true or false, got {}", other.js_string()),
            ))
        }
    };
    Ok(SequenceParams {
        increment,
        min,
        max,
        start,
        cache,
        cycle,
    })
}

fn fk_action(action: &Option<String>, entity: &str) -> Result<String> {
    Ok(match action.as_deref() {
        // drizzle-orm always fills the action; rc.5 would write null, which no snapshot reader accepts.
        None | Some("no action") => "NO ACTION",
        Some("cascade") => "CASCADE",
        Some("restrict") => "RESTRICT",
        Some("set default") => "SET DEFAULT",
        Some("set null") => "SET NULL",
        Some(other) => {
            return Err(Error::schema(
                entity,
                format!("unknown foreign key action {other:?}; use 'cascade', 'restrict', 'no action', 'set null' or 'set default'"),
            ))
        }
    }
    .to_string())
}

/// Collects rows and rejects duplicates by identity, like rc.5's DDL store.
#[derive(Default)]
struct Rows {
    ddl: PgDdl,
    keys: FastSet<String>,
}

impl Rows {
    /// `false` when a row with the same identity already exists.
    fn claim<T: Entity>(&mut self, row: &T) -> bool {
        use std::fmt::Write;
        // One string per row: the kind, then each part prefixed with its length, so no two
        // identities write the same key.
        let identity = row.identity();
        let mut key = String::with_capacity(
            T::KIND.len() + identity.iter().map(|p| p.len() + 4).sum::<usize>(),
        );
        key.push_str(T::KIND);
        for part in identity {
            let _ = write!(key, "\0{}:{part}", part.len());
        }
        self.keys.insert(key)
    }
}

fn dup(entity: &str, what: &str) -> Error {
    Error::schema(
        entity,
        format!("{what} is declared twice; rename one of them or export it only once"),
    )
}

/// Which views each (non-existing) view's query references, for ordering `CREATE VIEW`s.
pub fn view_dependencies(schema_json: &str) -> Result<super::ViewDependencies> {
    #[derive(Deserialize)]
    struct Views {
        #[serde(default)]
        views: Vec<IView>,
    }
    let parsed: Views = serde_json::from_str(schema_json)
        .map_err(|e| Error::input(format!("schema description: views: {e}")))?;
    Ok(parsed
        .views
        .into_iter()
        .filter(|v| !v.existing)
        .map(|v| ((schema_or_public(&v.schema), v.name), v.depends_on))
        .collect())
}

pub fn from_interim(schema: &Value) -> Result<PgDdl> {
    if !schema.is_object() {
        return Err(Error::input("schema description must be an object"));
    }
    match Interim::deserialize(schema) {
        Ok(interim) => build(&interim),
        Err(e) => Err(locate_malformed(schema, e)),
    }
}

/// The same from JSON text; one typed parse, no intermediate tree (the wasm entry point).
pub fn from_interim_json(text: &str) -> Result<PgDdl> {
    match serde_json::from_str::<Interim>(text) {
        Ok(interim) => build(&interim),
        Err(e) => match serde_json::from_str::<Value>(text) {
            Ok(value) if value.is_object() => Err(locate_malformed(&value, e)),
            Ok(_) => Err(Error::input("schema description must be an object")),
            Err(e) => Err(Error::input(format!("schema description is not JSON: {e}"))),
        },
    }
}

/// Name the table or column a malformed description breaks on (serde's own error has no path).
fn locate_malformed(schema: &Value, fallback: serde_json::Error) -> Error {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    for table in schema
        .get("tables")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let entity = format!(
            "{}.{}",
            text(table, "schema").unwrap_or_else(|| PUBLIC.into()),
            text(table, "name").unwrap_or_else(|| "<unnamed>".into())
        );
        for column in table
            .get("columns")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Err(e) = IColumn::deserialize(column) {
                let name = text(column, "name").unwrap_or_else(|| "<unnamed>".into());
                return Error::schema(
                    &format!("{entity}.{name}"),
                    format!("malformed column description: {e}"),
                );
            }
        }
        if let Err(e) = ITable::deserialize(table) {
            return Error::schema(&entity, format!("malformed table description: {e}"));
        }
    }
    Error::schema(
        "schema",
        format!("malformed schema description: {fallback}"),
    )
}

fn build(interim: &Interim) -> Result<PgDdl> {
    let tables: Vec<(&ITable, &Vec<IColumn>)> =
        interim.tables.iter().map(|t| (t, &t.columns)).collect();

    let mut rows = Rows::default();

    for s in &interim.schemas {
        if s.existing && s.name != PUBLIC {
            rows.ddl.existing.schemas.push(s.name.clone());
        }
        if s.existing || s.name == PUBLIC {
            continue;
        }
        let row = Schema {
            name: s.name.clone(),
            entity_type: Default::default(),
        };
        if !rows.claim(&row) {
            return Err(dup(&s.name, "schema"));
        }
        rows.ddl.schemas.push(row);
    }

    for e in &interim.enums {
        let schema = schema_or_public(&e.schema);
        let entity = format!("{schema}.{}", e.name);
        let mut seen = FastSet::default();
        if let Some(v) = e.values.iter().find(|v| !seen.insert(v.as_str())) {
            return Err(Error::schema(
                &entity,
                format!("enum value {v:?} is listed twice; list each value once"),
            ));
        }
        let row = Enum {
            schema,
            name: e.name.clone(),
            values: e.values.clone(),
            entity_type: Default::default(),
        };
        if !rows.claim(&row) {
            return Err(dup(&entity, "enum"));
        }
        rows.ddl.enums.push(row);
    }

    // Standalone policies linked with `.link(table)`; unlinked ones are not part of the schema
    // (rc.5 warns `policy_not_linked` and skips them).
    let standalone: Vec<(&IPolicy, &ITableRef)> = interim
        .policies
        .iter()
        .filter_map(|p| p.table.as_ref().map(|t| (p, t)))
        .collect();
    let linked_tables: FastSet<(String, &str)> = standalone
        .iter()
        .map(|(_, t)| (schema_or_public(&t.schema), t.name.as_str()))
        .collect();

    for (t, _) in &tables {
        let schema = schema_or_public(&t.schema);
        let is_rls_enabled = t.enable_rls
            || !t.policies.is_empty()
            || linked_tables.contains(&(schema.clone(), t.name.as_str()));
        let row = Table {
            schema,
            name: t.name.clone(),
            is_rls_enabled,
            entity_type: Default::default(),
        };
        if !rows.claim(&row) {
            return Err(dup(&format!("{}.{}", row.schema, row.name), "table"));
        }
        rows.ddl.tables.push(row);
    }

    let mut column_pks = Vec::new();
    let mut column_uniques = Vec::new();
    for (t, columns) in &tables {
        let schema = schema_or_public(&t.schema);
        let composite_pk_columns: FastSet<&str> = t
            .primary_keys
            .iter()
            .flat_map(|pk| pk.columns.iter().map(String::as_str))
            .collect();
        for c in columns.iter() {
            let entity = format!("{schema}.{}.{}", t.name, c.name);
            let row = column_row(&schema, &t.name, c, &composite_pk_columns, &entity)?;
            if !rows.claim(&row) {
                return Err(dup(&entity, "column"));
            }
            rows.ddl.columns.push(row);
            if c.primary {
                column_pks.push(PrimaryKey {
                    schema: schema.clone(),
                    table: t.name.clone(),
                    name: grammar::pk_name(&t.name),
                    columns: vec![c.name.clone()],
                    name_explicit: false,
                    entity_type: Default::default(),
                });
            }
            if c.unique {
                column_uniques.push(Unique {
                    schema: schema.clone(),
                    table: t.name.clone(),
                    name: c
                        .unique_name
                        .clone()
                        .unwrap_or_else(|| grammar::column_unique_name(&t.name, &c.name)),
                    name_explicit: c.unique_name.is_some(),
                    columns: vec![c.name.clone()],
                    nulls_not_distinct: c.unique_nulls.as_deref() == Some("not distinct"),
                    entity_type: Default::default(),
                });
            }
        }
    }

    for (t, _) in &tables {
        let schema = schema_or_public(&t.schema);
        for idx in &t.indexes {
            let row = index_row(&schema, &t.name, idx)?;
            if !rows.claim(&row) {
                return Err(dup(&format!("{schema}.{}", row.name), "index"));
            }
            rows.ddl.indexes.push(row);
        }
    }

    // A foreign key to a table the schema does not hold, in a schema it manages (public or a declared
    // pgSchema), fails at apply; one into a schema it does not declare (Supabase's `auth.users`) is
    // left to the database. Deliberate difference from rc.5, which writes both (issue 11).
    let known_tables: FastSet<(String, &str)> = tables
        .iter()
        .map(|(t, _)| (schema_or_public(&t.schema), t.name.as_str()))
        .collect();
    let managed_schemas: FastSet<&str> = std::iter::once("public")
        .chain(rows.ddl.schemas.iter().map(|s| s.name.as_str()))
        .collect();
    let mut missing_targets = Vec::new();
    for (t, _) in &tables {
        let schema = schema_or_public(&t.schema);
        for fk in &t.foreign_keys {
            let schema_to = schema_or_public(&fk.to.schema);
            if managed_schemas.contains(schema_to.as_str())
                && !known_tables.contains(&(schema_to.clone(), fk.to.name.as_str()))
            {
                missing_targets.push(format!(
                    "{schema}.{}: foreign key ({}) references {schema_to}.{}, which is not part of the schema; export that table from a schema file (or drop the reference)",
                    t.name,
                    fk.columns.join(", "),
                    fk.to.name
                ));
            }
        }
    }
    if let Some(first) = missing_targets.into_iter().next() {
        return Err(Error::new("schema_error", first));
    }

    for (t, _) in &tables {
        let schema = schema_or_public(&t.schema);
        for fk in &t.foreign_keys {
            let entity = format!("{schema}.{}", t.name);
            let table_to = fk.to.name.clone();
            let name = fk.name.clone().unwrap_or_else(|| {
                grammar::fk_name(&t.name, &fk.columns, &table_to, &fk.columns_to)
            });
            let row = ForeignKey {
                schema: schema.clone(),
                table: t.name.clone(),
                name_explicit: fk.name.is_some(),
                name,
                columns: fk.columns.clone(),
                schema_to: schema_or_public(&fk.to.schema),
                table_to,
                columns_to: fk.columns_to.clone(),
                on_update: fk_action(&fk.on_update, &entity)?,
                on_delete: fk_action(&fk.on_delete, &entity)?,
                entity_type: Default::default(),
            };
            if !rows.claim(&row) {
                return Err(dup(&format!("{entity}.{}", row.name), "foreign key"));
            }
            rows.ddl.fks.push(row);
        }
    }

    let mut tables_with_pk: FastSet<(String, String)> = FastSet::default();
    for (t, _) in &tables {
        let schema = schema_or_public(&t.schema);
        for pk in &t.primary_keys {
            let row = PrimaryKey {
                schema: schema.clone(),
                table: t.name.clone(),
                name: pk
                    .name
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| grammar::pk_name(&t.name)),
                columns: pk.columns.clone(),
                name_explicit: pk.name_explicit,
                entity_type: Default::default(),
            };
            if !rows.claim(&row) {
                return Err(dup(
                    &format!("{schema}.{}.{}", t.name, row.name),
                    "primary key",
                ));
            }
            tables_with_pk.insert((schema.clone(), t.name.clone()));
            rows.ddl.pks.push(row);
        }
    }
    // A column `.primaryKey()` only counts when the table has no composite key.
    for row in column_pks {
        if tables_with_pk.insert((row.schema.clone(), row.table.clone())) && rows.claim(&row) {
            rows.ddl.pks.push(row);
        }
    }

    // Deliberate difference from rc.5: CREATE TABLE folds a UNIQUE over exactly the primary key's
    // columns into the key (Postgres keeps one constraint), so the schema does not hold it either;
    // rc.5 keeps it and every push plans it again.
    let pk_columns: FastSet<(String, String, Vec<String>)> = rows
        .ddl
        .pks
        .iter()
        .map(|pk| (pk.schema.clone(), pk.table.clone(), pk.columns.clone()))
        .collect();
    let folded_into_pk = |u: &Unique| {
        !u.nulls_not_distinct
            && pk_columns.contains(&(u.schema.clone(), u.table.clone(), u.columns.clone()))
    };
    let mut unique_columns: FastSet<(String, String, Vec<String>)> = FastSet::default();
    for (t, _) in &tables {
        let schema = schema_or_public(&t.schema);
        for u in &t.unique_constraints {
            let row = Unique {
                schema: schema.clone(),
                table: t.name.clone(),
                name: u
                    .name
                    .clone()
                    .unwrap_or_else(|| grammar::table_unique_name(&t.name, &u.columns)),
                name_explicit: u.name.is_some(),
                columns: u.columns.clone(),
                nulls_not_distinct: u.nulls_not_distinct,
                entity_type: Default::default(),
            };
            if folded_into_pk(&row) {
                continue;
            }
            if !rows.claim(&row) {
                return Err(dup(
                    &format!("{schema}.{}.{}", t.name, row.name),
                    "unique constraint",
                ));
            }
            unique_columns.insert((schema.clone(), t.name.clone(), row.columns.clone()));
            rows.ddl.uniques.push(row);
        }
    }
    // A column `.unique()` is dropped when a unique constraint on exactly that column exists.
    for row in column_uniques {
        let key = (row.schema.clone(), row.table.clone(), row.columns.clone());
        if !unique_columns.contains(&key) && !folded_into_pk(&row) && rows.claim(&row) {
            unique_columns.insert(key);
            rows.ddl.uniques.push(row);
        }
    }

    for (t, _) in &tables {
        let schema = schema_or_public(&t.schema);
        for ch in &t.checks {
            let row = Check {
                schema: schema.clone(),
                table: t.name.clone(),
                name: ch.name.clone(),
                value: ch.value.unqualified.clone(),
                entity_type: Default::default(),
            };
            if !rows.claim(&row) {
                return Err(dup(
                    &format!("{schema}.{}.{}", t.name, row.name),
                    "check constraint",
                ));
            }
            rows.ddl.checks.push(row);
        }
    }

    for s in &interim.sequences {
        let schema = schema_or_public(&s.schema);
        let entity = format!("{schema}.{}", s.name);
        let p = sequence_params(
            &s.options,
            &entity,
            "-9223372036854775808",
            "9223372036854775807",
        )?;
        let row = Sequence {
            schema,
            name: s.name.clone(),
            increment_by: Some(p.increment),
            min_value: Some(p.min),
            max_value: Some(p.max),
            start_with: Some(p.start),
            cache_size: Some(p.cache),
            cycle: Some(p.cycle),
            entity_type: Default::default(),
        };
        if !rows.claim(&row) {
            return Err(dup(&entity, "sequence"));
        }
        rows.ddl.sequences.push(row);
    }

    for r in &interim.roles {
        if r.existing {
            rows.ddl.existing.roles.push(r.name.clone());
            continue;
        }
        let row = Role {
            name: r.name.clone(),
            superuser: Some(r.superuser.unwrap_or(false)),
            create_db: Some(r.create_db.unwrap_or(false)),
            create_role: Some(r.create_role.unwrap_or(false)),
            inherit: Some(r.inherit.unwrap_or(true)),
            can_login: Some(r.can_login.unwrap_or(false)),
            replication: Some(r.replication.unwrap_or(false)),
            bypass_rls: Some(r.bypass_rls.unwrap_or(false)),
            conn_limit: Some(r.conn_limit.unwrap_or(-1)),
            password: r.password.clone(),
            valid_until: r.valid_until.clone(),
            entity_type: Default::default(),
        };
        if !rows.claim(&row) {
            return Err(dup(&r.name, "role"));
        }
        rows.ddl.roles.push(row);
    }

    let table_policies = tables.iter().flat_map(|(t, _)| {
        t.policies
            .iter()
            .map(move |p| (p, schema_or_public(&t.schema), t.name.clone()))
    });
    let standalone_policies = standalone
        .iter()
        .map(|(p, t)| (*p, schema_or_public(&t.schema), t.name.clone()));
    for (p, schema, table) in standalone_policies.chain(table_policies) {
        let mut roles: Vec<String> = match &p.to {
            None => vec![PUBLIC.to_string()],
            Some(list) => list.iter().map(|r| r.clone().unwrap_or_default()).collect(),
        };
        // JS `Array.prototype.sort`: UTF-16 code unit order.
        roles.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let row = Policy {
            schema,
            table,
            name: p.name.clone(),
            as_: p
                .as_
                .as_deref()
                .map(str::to_uppercase)
                .unwrap_or_else(|| "PERMISSIVE".into()),
            for_: p
                .for_
                .as_deref()
                .map(str::to_uppercase)
                .unwrap_or_else(|| "ALL".into()),
            roles,
            using: p.using.as_ref().map(|s| s.sql.clone()),
            with_check: p.with_check.as_ref().map(|s| s.sql.clone()),
            entity_type: Default::default(),
        };
        if !rows.claim(&row) {
            return Err(dup(
                &format!("{}.{}.{}", row.schema, row.table, row.name),
                "policy",
            ));
        }
        rows.ddl.policies.push(row);
    }

    for v in &interim.views {
        if v.existing {
            let key = (schema_or_public(&v.schema), v.name.clone());
            rows.ddl.existing.views.push(key);
            continue;
        }
        let schema = schema_or_public(&v.schema);
        let entity = format!("{schema}.{}", v.name);
        let query = v.query.as_ref().ok_or_else(|| {
            Error::schema(
                &entity,
                "view has no query; define it with .as(...) or mark it .existing()",
            )
        })?;
        let row = View {
            schema,
            name: v.name.clone(),
            definition: Some(query.sql.clone()),
            with: view_with(&v.with, &entity)?,
            with_no_data: v.with_no_data,
            using: v.using.clone(),
            tablespace: v.tablespace.clone(),
            materialized: v.materialized,
            entity_type: Default::default(),
        };
        if !rows.claim(&row) {
            return Err(dup(&entity, "view"));
        }
        rows.ddl.views.push(row);
    }

    check_fk_targets(&rows.ddl)?;
    Ok(rows.ddl)
}

/// Postgres accepts a foreign key only onto columns that a primary key, unique constraint or plain
/// (non-partial, column-only) unique index covers, in any order. Deliberate difference from rc.5,
/// which writes the FK and leaves the migration to fail at apply ("there is no unique constraint
/// matching given keys").
fn check_fk_targets(ddl: &PgDdl) -> Result<()> {
    let as_set = |columns: &[String]| -> Vec<String> {
        let mut sorted = columns.to_vec();
        sorted.sort();
        sorted
    };
    let mut keys: FastSet<(&str, &str, Vec<String>)> = FastSet::default();
    for pk in &ddl.pks {
        keys.insert((&pk.schema, &pk.table, as_set(&pk.columns)));
    }
    for u in &ddl.uniques {
        keys.insert((&u.schema, &u.table, as_set(&u.columns)));
    }
    for idx in ddl
        .indexes
        .iter()
        .filter(|i| i.is_unique && i.where_.is_none())
    {
        if idx.columns.iter().all(|c| !c.is_expression) {
            let columns: Vec<String> = idx.columns.iter().map(|c| c.value.clone()).collect();
            keys.insert((&idx.schema, &idx.table, as_set(&columns)));
        }
    }
    let tables: FastSet<(&str, &str)> = ddl
        .tables
        .iter()
        .map(|t| (t.schema.as_str(), t.name.as_str()))
        .collect();
    for fk in &ddl.fks {
        // A target outside the schema is another check's business.
        if !tables.contains(&(fk.schema_to.as_str(), fk.table_to.as_str())) {
            continue;
        }
        if keys.contains(&(&fk.schema_to, &fk.table_to, as_set(&fk.columns_to))) {
            continue;
        }
        return Err(Error::schema(
            &format!("{}.{}.{}", fk.schema, fk.table, fk.name),
            format!(
                "the foreign key references {}.{}({}), which is neither its primary key nor unique; Postgres refuses it. Add .primaryKey() / .unique() (or a unique index) on those columns, or point the foreign key at a key",
                fk.schema_to,
                fk.table_to,
                fk.columns_to.join(", ")
            ),
        ));
    }
    Ok(())
}

fn view_with(options: &IOptions, entity: &str) -> Result<Option<Value>> {
    if options.is_none() {
        return Ok(None);
    }
    let out = view_with_object(|key| match option(options, key) {
        Some(v) => Ok(decode(v, entity)?.to_plain_json()),
        None => Ok(Value::Null),
    })?;
    let any = out.values().any(|v| !v.is_null());
    Ok(any.then_some(Value::Object(out)))
}

fn column_row(
    schema: &str,
    table: &str,
    c: &IColumn,
    composite_pk_columns: &FastSet<&str>,
    entity: &str,
) -> Result<Column> {
    let has_kind = |k: &str| c.kinds.has(k);
    let is_enum = has_kind("PgEnumColumn") || has_kind("PgEnumObjectColumn");
    let type_schema =
        is_enum.then(|| schema_or_public(&c.enum_.as_ref().and_then(|e| e.schema.clone())));

    // The stored type text: drizzle's `numeric(10, 2)` / `timestamp (3)` spelled as Postgres prints them.
    let mut base = c.sql_type.replacen(", ", ",", 1);
    if base.starts_with("timestamp (") {
        base = base.replacen("timestamp (", "timestamp(", 1);
    }
    let full = format!("{base}{}", "[]".repeat(c.dimensions));
    let (sql_type, dimensions) = strip_array_suffixes(&full);

    let not_null = c.not_null || c.primary || composite_pk_columns.contains(c.name.as_str());

    let default = match c.default.as_deref() {
        None => None,
        Some(ISqlOrValue::Sql(s)) => {
            if !s.params.is_empty() {
                return Err(Error::schema(
                    entity,
                    format!(
                        "the sql`` default `{}` has bound parameters; write the values into the SQL text (sql.raw(...)) or use a plain .default(value)",
                        s.sql
                    ),
                ));
            }
            Some(grammar::trim_default_cast_suffix(&s.sql))
        }
        Some(ISqlOrValue::Value(v)) => {
            let value = decode(v, entity)?;
            let mode = c.mode.decode(entity)?;
            let srid = c.srid.decode(entity)?;
            let shaped = if has_kind("PgPointTuple") || has_kind("PgPointObject") {
                Some(ShapedKind::Point)
            } else if has_kind("PgLineABC") || has_kind("PgLine") {
                Some(ShapedKind::Line)
            } else if has_kind("PgGeometry") || has_kind("PgGeometryObject") {
                Some(ShapedKind::Geometry)
            } else {
                None
            };
            let input = DefaultInput {
                family: grammar::type_family(&c.sql_type, is_enum),
                shaped,
                mode: &mode,
                srid: &srid,
                dimensions: dimensions as usize,
                raw_sql_type: &c.sql_type,
            };
            Some(
                grammar::default_from_value(&input, &value)
                    .map_err(|e| Error::schema(entity, e))?,
            )
        }
    };

    let generated = match c.generated.as_deref() {
        None => None,
        Some(g) => Some(Generated {
            as_: match g {
                ISqlOrValue::Sql(s) => s.sql.clone(),
                ISqlOrValue::Value(v) => decode(v, entity)?.js_string(),
            },
            kind: "stored".into(),
        }),
    };

    let identity = match c.identity.as_deref() {
        None => None,
        Some(id) => {
            if id.kind != "always" && id.kind != "byDefault" {
                return Err(Error::schema(
                    entity,
                    format!("unknown identity type {:?}; use generatedAlwaysAsIdentity() or generatedByDefaultAsIdentity()", id.kind),
                ));
            }
            // rc.5 looks the descending minimum up by drizzle's class name, which never matches
            // `integer`/`bigint`, so every descending identity defaults to the smallint minimum.
            let p = sequence_params(
                &id.options,
                entity,
                "-32768",
                grammar::identity_max_for(&c.sql_type),
            )?;
            Some(Box::new(Identity {
                kind: id.kind.clone(),
                name: id
                    .sequence_name
                    .clone()
                    .unwrap_or_else(|| grammar::identity_sequence_name(table, &c.name)),
                increment: Some(p.increment),
                start_with: Some(p.start),
                min_value: Some(p.min),
                max_value: Some(p.max),
                cache: Some(p.cache),
                cycle: Some(p.cycle),
            }))
        }
    };

    Ok(Column {
        schema: schema.to_string(),
        table: table.to_string(),
        name: c.name.clone(),
        sql_type,
        type_schema,
        not_null,
        dimensions,
        default,
        generated,
        identity,
        entity_type: Default::default(),
    })
}

/// Remove every `[]` / `[n]` from a type, counting them as array dimensions.
fn strip_array_suffixes(full: &str) -> (String, u32) {
    let mut out = String::with_capacity(full.len());
    let mut dims = 0;
    let mut rest = full;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if after.as_bytes().get(digits) == Some(&b']') {
            out.push_str(&rest[..open]);
            dims += 1;
            rest = &after[digits + 1..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
    (out, dims)
}

fn index_row(schema: &str, table: &str, idx: &IIndex) -> Result<Index> {
    let entity = format!("{schema}.{table}");
    let mut names = Vec::with_capacity(idx.columns.len());
    let mut columns = Vec::with_capacity(idx.columns.len());
    for col in &idx.columns {
        match col {
            IIndexColumn::Expression { expression } => {
                if idx.name.is_none() {
                    return Err(Error::schema(
                        &entity,
                        format!(
                            "an index on the expression `{}` needs a name: index('name').on(...)",
                            expression.sql
                        ),
                    ));
                }
                names.push(String::new());
                columns.push(IndexColumn {
                    value: expression.unqualified.clone(),
                    is_expression: true,
                    asc: true,
                    nulls_first: false,
                    opclass: None,
                });
            }
            IIndexColumn::Column(c) => {
                if c.column_type.as_deref() == Some("PgVector") && c.op_class.is_none() {
                    return Err(Error::schema(
                        &format!("{entity}.{}", c.name),
                        format!(
                            "vector index {} needs an operator class, e.g. .on(t.{}.op('vector_cosine_ops'))",
                            idx.name.as_deref().unwrap_or("(unnamed)"),
                            c.name
                        ),
                    ));
                }
                let asc = c.order.as_deref().is_none_or(|o| o == "asc");
                let nulls_first = match c.nulls.as_deref() {
                    Some(n) => n == "first",
                    None => !asc,
                };
                names.push(c.name.clone());
                columns.push(IndexColumn {
                    value: c.name.clone(),
                    is_expression: false,
                    asc,
                    nulls_first,
                    opclass: c.op_class.as_ref().map(|name| Opclass {
                        name: name.clone(),
                        default: false,
                    }),
                });
            }
        }
    }
    let mut with_parts = Vec::new();
    for (k, v) in idx.with.iter().flatten() {
        with_parts.push(format!("{k}={}", decode(v, &entity)?.js_string()));
    }
    let where_ = idx
        .where_
        .as_ref()
        .map(|w| w.unqualified.clone())
        .filter(|w| !w.is_empty() && w != "true");
    Ok(Index {
        schema: schema.to_string(),
        table: table.to_string(),
        name: idx
            .name
            .clone()
            .unwrap_or_else(|| grammar::index_name(table, &names)),
        name_explicit: idx.name_explicit,
        columns,
        is_unique: idx.unique,
        where_,
        with: with_parts.join(", "),
        method: idx.method.clone().unwrap_or_else(|| "btree".into()),
        concurrently: idx.concurrently,
        entity_type: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sql_default_with_params_is_rejected_naming_the_column() {
        let interim = json!({"tables": [{"name": "users", "schema": null, "columns": [{
            "name": "score", "kinds": ["PgInteger"], "sqlType": "integer",
            "default": {"sql": {"sql": "$1 + 1", "params": [{"number": "5"}], "unqualified": "5 + 1"}}
        }]}]});
        let err = from_interim(&interim).unwrap_err();
        assert_eq!(err.code, "schema_error");
        assert!(
            err.message.starts_with("public.users.score:"),
            "{}",
            err.message
        );
        assert!(err.message.contains("bound parameters"));
    }

    /// Issue 11: rc.5 writes SQL for each of these that Postgres rejects at apply.
    #[test]
    fn defaults_postgres_would_reject_are_refused_naming_the_column() {
        let col = |sql_type: &str, kind: &str, default: serde_json::Value| {
            json!({"tables": [{"name": "t", "schema": null, "columns": [{
                "name": "c", "kinds": [kind], "sqlType": sql_type, "default": {"value": default}
            }]}]})
        };
        for (interim, why) in [
            (col("integer", "PgInteger", json!({"number": "NaN"})), "NaN"),
            (
                col(
                    "double precision",
                    "PgDoublePrecision",
                    json!({"number": "-Infinity"}),
                ),
                "-Infinity",
            ),
            (
                col(
                    "integer[]",
                    "PgArray",
                    json!([{"number": "1"}, {"number": "NaN"}]),
                ),
                "NaN",
            ),
            (
                col(
                    "integer[][]",
                    "PgArray",
                    json!([[{"number": "1"}, {"number": "2"}], [{"number": "3"}]]),
                ),
                "ragged",
            ),
            (col("text[][]", "PgArray", json!([["a"], "b"])), "ragged"),
        ] {
            let err = from_interim(&interim).unwrap_err();
            assert_eq!(err.code, "schema_error");
            assert!(err.message.starts_with("public.t.c:"), "{}", err.message);
            assert!(err.message.contains(why), "{}", err.message);
        }
        // Finite numbers, rectangular arrays and a quoted NaN for numeric still work.
        for ok in [
            col(
                "integer[][]",
                "PgArray",
                json!([[{"number": "1"}, {"number": "2"}], [{"number": "3"}, {"number": "4"}]]),
            ),
            col("numeric", "PgNumeric", json!({"number": "NaN"})),
        ] {
            from_interim(&ok).unwrap();
        }
    }

    /// Issue 11: rc.5 writes the foreign key and Postgres fails at apply ("relation does not exist").
    #[test]
    fn foreign_key_to_a_table_outside_the_schema_is_refused() {
        let fk_to = |schema: serde_json::Value| {
            json!({"tables": [{"name": "t", "schema": null,
                "columns": [{"name": "h", "kinds": ["PgInteger"], "sqlType": "integer"}],
                "foreignKeys": [{"name": null, "columns": ["h"], "to": {"name": "hidden", "schema": schema},
                    "columnsTo": ["id"], "onUpdate": null, "onDelete": null}]}]})
        };
        let err = from_interim(&fk_to(json!(null))).unwrap_err();
        assert_eq!(err.code, "schema_error");
        assert!(
            err.message
                .starts_with("public.t: foreign key (h) references public.hidden"),
            "{}",
            err.message
        );
        // A schema the project does not declare (Supabase's auth.users) is the database's business.
        from_interim(&fk_to(json!("auth"))).unwrap();
    }

    #[test]
    fn malformed_column_names_the_column() {
        let interim =
            json!({"tables": [{"name": "t", "schema": "app", "columns": [{"name": "c"}]}]});
        let err = from_interim(&interim).unwrap_err();
        assert!(err.message.starts_with("app.t.c:"), "{}", err.message);
    }

    #[test]
    fn array_suffixes_count_as_dimensions() {
        assert_eq!(strip_array_suffixes("text[][]"), ("text".into(), 2));
        assert_eq!(strip_array_suffixes("integer[3]"), ("integer".into(), 1));
        assert_eq!(
            strip_array_suffixes("numeric(10,2)"),
            ("numeric(10,2)".into(), 0)
        );
    }
}
