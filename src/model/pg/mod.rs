//! PostgreSQL entity rows.
//!
//! Field names and field order mirror the rows drizzle-kit 1.0.0-rc.5 writes into `snapshot.json`
//! (`ddl[]` of a format-9 base snapshot), because the snapshot is the contract between the two tools:
//! rc.5 must read what sleet writes and vice versa. Serde writes fields in declaration order, so the
//! declaration order below *is* the on-disk key order.

pub mod grammar;
pub mod interim;
pub mod jsvalue;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
pub use crate::model::{entity_key, Entity};

macro_rules! entity_tag {
    ($ty:ident, $lit:literal) => {
        /// Serialises to the constant `entityType` string of this row kind.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty;
        impl $ty {
            pub const NAME: &'static str = $lit;
        }
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str($lit)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                if s == $lit {
                    Ok($ty)
                } else {
                    Err(serde::de::Error::custom(format!(
                        "expected entityType {:?}, got {:?}",
                        $lit, s
                    )))
                }
            }
        }
    };
}

entity_tag!(SchemasTag, "schemas");
entity_tag!(TablesTag, "tables");
entity_tag!(EnumsTag, "enums");
entity_tag!(ColumnsTag, "columns");
entity_tag!(IndexesTag, "indexes");
entity_tag!(FksTag, "fks");
entity_tag!(PksTag, "pks");
entity_tag!(UniquesTag, "uniques");
entity_tag!(ChecksTag, "checks");
entity_tag!(SequencesTag, "sequences");
entity_tag!(RolesTag, "roles");
entity_tag!(PrivilegesTag, "privileges");
entity_tag!(PoliciesTag, "policies");
entity_tag!(ViewsTag, "views");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub name: String,
    #[serde(default)]
    pub entity_type: SchemasTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub is_rls_enabled: bool,
    #[serde(default)]
    pub entity_type: TablesTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enum {
    pub schema: String,
    pub name: String,
    pub values: Vec<String>,
    #[serde(default)]
    pub entity_type: EnumsTag,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    #[serde(rename = "as")]
    pub as_: String,
    /// `stored` (Postgres has no virtual generated columns before 18; rc.5 writes only `stored`).
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// `always` or `byDefault`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub increment: Option<String>,
    pub start_with: Option<String>,
    pub min_value: Option<String>,
    pub max_value: Option<String>,
    pub cache: Option<i64>,
    pub cycle: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub schema: String,
    pub table: String,
    pub name: String,
    /// Base SQL type without array brackets (`text`, `varchar(50)`, enum name, …).
    #[serde(rename = "type")]
    pub sql_type: String,
    /// Schema of an enum type, `null` for built-in types.
    pub type_schema: Option<String>,
    pub not_null: bool,
    pub dimensions: u32,
    /// Default as SQL text, normalised (enum and array casts stripped).
    pub default: Option<String>,
    pub generated: Option<Generated>,
    /// Boxed: most columns have none, and inline it was nearly half of every column row (a state,
    /// its plan and its snapshot each hold every column of the schema).
    pub identity: Option<Box<Identity>>,
    #[serde(default)]
    pub entity_type: ColumnsTag,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opclass {
    pub name: String,
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexColumn {
    pub value: String,
    pub is_expression: bool,
    pub asc: bool,
    pub nulls_first: bool,
    pub opclass: Option<Opclass>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Index {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub name_explicit: bool,
    pub columns: Vec<IndexColumn>,
    pub is_unique: bool,
    #[serde(rename = "where")]
    pub where_: Option<String>,
    pub with: String,
    pub method: String,
    pub concurrently: bool,
    #[serde(default)]
    pub entity_type: IndexesTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForeignKey {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub name_explicit: bool,
    pub columns: Vec<String>,
    pub schema_to: String,
    pub table_to: String,
    pub columns_to: Vec<String>,
    /// `NO ACTION | RESTRICT | SET NULL | CASCADE | SET DEFAULT`.
    pub on_update: String,
    pub on_delete: String,
    #[serde(default)]
    pub entity_type: FksTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryKey {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub columns: Vec<String>,
    pub name_explicit: bool,
    #[serde(default)]
    pub entity_type: PksTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unique {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub name_explicit: bool,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
    #[serde(default)]
    pub entity_type: UniquesTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub value: String,
    #[serde(default)]
    pub entity_type: ChecksTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sequence {
    pub schema: String,
    pub name: String,
    pub increment_by: Option<String>,
    pub min_value: Option<String>,
    pub max_value: Option<String>,
    pub start_with: Option<String>,
    pub cache_size: Option<i64>,
    pub cycle: Option<bool>,
    #[serde(default)]
    pub entity_type: SequencesTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub name: String,
    pub superuser: Option<bool>,
    pub create_db: Option<bool>,
    pub create_role: Option<bool>,
    pub inherit: Option<bool>,
    pub can_login: Option<bool>,
    pub replication: Option<bool>,
    pub bypass_rls: Option<bool>,
    pub conn_limit: Option<i64>,
    pub password: Option<String>,
    pub valid_until: Option<String>,
    #[serde(default)]
    pub entity_type: RolesTag,
}

/// Grants; rc.5 only fills these from introspection, never from schema code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Privilege {
    pub grantor: String,
    pub grantee: String,
    pub schema: String,
    pub table: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub is_grantable: bool,
    #[serde(default)]
    pub entity_type: PrivilegesTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub schema: String,
    pub table: String,
    pub name: String,
    #[serde(rename = "as")]
    pub as_: String,
    #[serde(rename = "for")]
    pub for_: String,
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    #[serde(default)]
    pub entity_type: PoliciesTag,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    pub schema: String,
    pub name: String,
    pub definition: Option<String>,
    /// `WITH (...)` storage options, kept as rc.5 writes them (an object of optional fields).
    pub with: Option<Value>,
    pub with_no_data: Option<bool>,
    pub using: Option<String>,
    pub tablespace: Option<String>,
    pub materialized: bool,
    #[serde(default)]
    pub entity_type: ViewsTag,
}

/// View `WITH` options in the order rc.5 writes them.
const VIEW_WITH_KEYS: [&str; 21] = [
    "checkOption",
    "securityBarrier",
    "securityInvoker",
    "autovacuumEnabled",
    "autovacuumFreezeMaxAge",
    "autovacuumFreezeMinAge",
    "autovacuumFreezeTableAge",
    "autovacuumMultixactFreezeMaxAge",
    "autovacuumMultixactFreezeMinAge",
    "autovacuumMultixactFreezeTableAge",
    "autovacuumVacuumCostDelay",
    "autovacuumVacuumCostLimit",
    "autovacuumVacuumScaleFactor",
    "autovacuumVacuumThreshold",
    "fillfactor",
    "logAutovacuumMinDuration",
    "parallelWorkers",
    "toastTupleTarget",
    "userCatalogTable",
    "vacuumIndexCleanup",
    "vacuumTruncate",
];

/// A view row's `with` object: every key of [`VIEW_WITH_KEYS`] in that order, each set to what
/// `option` gives for it (null for an option that is not set).
pub fn view_with_object(
    mut option: impl FnMut(&str) -> Result<Value>,
) -> Result<serde_json::Map<String, Value>> {
    let mut out = serde_json::Map::new();
    for key in VIEW_WITH_KEYS {
        out.insert(key.to_string(), option(key)?);
    }
    Ok(out)
}

/// The whole Postgres schema state: one list per entity kind, in the order rc.5 writes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PgDdl {
    pub schemas: Vec<Schema>,
    pub tables: Vec<Table>,
    pub enums: Vec<Enum>,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub fks: Vec<ForeignKey>,
    pub pks: Vec<PrimaryKey>,
    pub uniques: Vec<Unique>,
    pub checks: Vec<Check>,
    pub sequences: Vec<Sequence>,
    pub roles: Vec<Role>,
    pub privileges: Vec<Privilege>,
    pub policies: Vec<Policy>,
    pub views: Vec<View>,
    /// What the schema declares `.existing()`: managed outside drizzle, so no rows (no snapshot row,
    /// no statement), and push leaves the database's entity of that name alone.
    pub existing: Existing,
}

/// Names the schema marks `.existing()`, by kind (views as `(schema, name)`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Existing {
    pub schemas: Vec<String>,
    pub roles: Vec<String>,
    pub views: Vec<(String, String)>,
}

/// The Postgres wing: every layer's per-step trait is implemented for this type in that layer's
/// `pg` folder.
#[derive(Debug, Clone, Copy)]
pub struct Pg;

impl crate::model::Model for Pg {
    const DIALECT: crate::dialect::Dialect = crate::dialect::Dialect::Postgresql;
    type Ddl = PgDdl;
    type Facts = ViewDependencies;
    type Found = Vec<ViewColumn>;
    fn from_description(description: &str) -> Result<PgDdl> {
        let ddl = interim::from_interim_json(description)?;
        check_names(&ddl)?;
        Ok(ddl)
    }
    fn facts(description: &str) -> Result<ViewDependencies> {
        interim::view_dependencies(description)
    }
}

/// Postgres keeps at most this many bytes of a name (NAMEDATALEN - 1) and silently drops the rest.
pub const MAX_NAME_BYTES: usize = 63;

/// The name Postgres holds for `name`: its first 63 bytes, cut on a character boundary.
pub fn stored_name(name: &str) -> &str {
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    let mut end = MAX_NAME_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name.get(..end).unwrap_or(name)
}

/// Names Postgres cannot hold, refused before any SQL is written, with the entity named: a NUL
/// byte (no Postgres string can contain one), and two names of one kind in one namespace that are
/// the same name once Postgres truncates them (the second statement would hit the first object).
pub fn check_names<'a>(ddl: &'a PgDdl) -> Result<()> {
    // Borrowed from the rows: a name per row of the state, so no key is copied.
    type Held<'a> = crate::fasthash::FastMap<(&'static str, Vec<&'a str>, &'a str), &'a str>;
    let mut held = Held::default();
    let mut check = |kind: &'static str, identity: Vec<&'a str>| -> Result<()> {
        let label = || {
            let path: Vec<String> = identity.iter().map(|p| format!("{p:?}")).collect();
            format!("{kind} {}", path.join("."))
        };
        if identity.iter().any(|part| part.contains('\0')) {
            return Err(Error::schema(
                &label(),
                "the name contains a NUL byte, which Postgres cannot hold in a name; remove it",
            ));
        }
        let Some((name, namespace)) = identity.split_last() else {
            return Ok(());
        };
        let stored = stored_name(name);
        match held.insert((kind, namespace.to_vec(), stored), name) {
            Some(other) if other != *name => Err(Error::schema(
                &label(),
                format!(
                    "Postgres keeps only the first {MAX_NAME_BYTES} bytes of a name, so this {kind} and the {kind} {other:?} would both be named {stored:?}; shorten one of the names"
                ),
            )),
            _ => Ok(()),
        }
    };
    for r in &ddl.schemas {
        check("schema", r.identity())?;
    }
    for r in &ddl.roles {
        check("role", r.identity())?;
    }
    for r in &ddl.enums {
        check("enum", r.identity())?;
    }
    for r in &ddl.sequences {
        check("sequence", r.identity())?;
    }
    for r in &ddl.tables {
        check("table", r.identity())?;
    }
    for r in &ddl.views {
        check("view", r.identity())?;
    }
    for r in &ddl.indexes {
        check("index", r.identity())?;
    }
    for r in &ddl.columns {
        check("column", r.identity())?;
    }
    for r in &ddl.pks {
        check("constraint", r.identity())?;
    }
    for r in &ddl.fks {
        check("constraint", r.identity())?;
    }
    for r in &ddl.uniques {
        check("constraint", r.identity())?;
    }
    for r in &ddl.checks {
        check("constraint", r.identity())?;
    }
    for r in &ddl.policies {
        check("policy", r.identity())?;
    }
    Ok(())
}

/// `(schema, name)` of a view.
pub type ViewKey = (String, String);

/// For each view, the views its query references, in the order they were found (the model step's
/// fact beyond the rows: the diff orders created views by it).
pub type ViewDependencies = std::collections::HashMap<ViewKey, Vec<ViewKey>>;

/// A column of a view as introspection reports it (rc.5's interim `viewColumns`; the snapshot has
/// no rows for them). `type` may carry `[]` suffixes, counted in `typeDimensions`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewColumn {
    pub schema: String,
    pub view: String,
    pub name: String,
    #[serde(rename = "type")]
    pub sql_type: String,
    #[serde(default)]
    pub type_schema: Option<String>,
    #[serde(default)]
    pub not_null: bool,
    #[serde(default)]
    pub dimensions: u32,
    #[serde(default)]
    pub type_dimensions: u32,
}

/// `serial`, `bigserial`, `smallserial`: a type that is an integer with an owned sequence.
pub fn is_serial_type(t: &str) -> bool {
    matches!(
        t.to_ascii_lowercase().as_str(),
        "serial" | "bigserial" | "smallserial"
    )
}

// Index names are schema-unique in Postgres, so indexes are keyed by `[schema, name]`, not by table.
macro_rules! identity {
    ($ty:ty, $tag:ty, |$s:ident| $body:expr) => {
        impl Entity for $ty {
            const KIND: &'static str = <$tag>::NAME;
            fn identity(&self) -> Vec<&str> {
                let $s = self;
                $body
            }
        }
    };
}

identity!(Schema, SchemasTag, |s| vec![&s.name]);
identity!(Table, TablesTag, |s| vec![&s.schema, &s.name]);
identity!(Enum, EnumsTag, |s| vec![&s.schema, &s.name]);
identity!(Column, ColumnsTag, |s| vec![&s.schema, &s.table, &s.name]);
identity!(Index, IndexesTag, |s| vec![&s.schema, &s.name]);
identity!(ForeignKey, FksTag, |s| vec![&s.schema, &s.table, &s.name]);
identity!(PrimaryKey, PksTag, |s| vec![&s.schema, &s.table, &s.name]);
identity!(Unique, UniquesTag, |s| vec![&s.schema, &s.table, &s.name]);
identity!(Check, ChecksTag, |s| vec![&s.schema, &s.table, &s.name]);
identity!(Sequence, SequencesTag, |s| vec![&s.schema, &s.name]);
identity!(Role, RolesTag, |s| vec![&s.name]);
identity!(Privilege, PrivilegesTag, |s| vec![
    &s.schema, &s.table, &s.grantor, &s.grantee, &s.kind
]);
identity!(Policy, PoliciesTag, |s| vec![&s.schema, &s.table, &s.name]);
identity!(View, ViewsTag, |s| vec![&s.schema, &s.name]);

impl PgDdl {
    /// Number of rows of every kind.
    pub fn len(&self) -> usize {
        self.schemas.len()
            + self.tables.len()
            + self.enums.len()
            + self.columns.len()
            + self.indexes.len()
            + self.fks.len()
            + self.pks.len()
            + self.uniques.len()
            + self.checks.len()
            + self.sequences.len()
            + self.roles.len()
            + self.privileges.len()
            + self.policies.len()
            + self.views.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first row that belongs to a table (or view) the rows do not hold, described for a person.
    /// A snapshot carrying one would make the next diff drop it from a table that does not exist
    /// (`ALTER TABLE "ghost" DROP COLUMN`); rc.5 writes that SQL, sleet refuses the snapshot.
    pub fn orphan_row(&self) -> Option<String> {
        let owners: crate::fasthash::FastSet<(&str, &str)> = self
            .tables
            .iter()
            .map(|t| (t.schema.as_str(), t.name.as_str()))
            .chain(
                self.views
                    .iter()
                    .map(|v| (v.schema.as_str(), v.name.as_str())),
            )
            .collect();
        let rows = self
            .columns
            .iter()
            .map(|r| ("column", &r.schema, &r.table, &r.name))
            .chain(
                self.indexes
                    .iter()
                    .map(|r| ("index", &r.schema, &r.table, &r.name)),
            )
            .chain(
                self.fks
                    .iter()
                    .map(|r| ("foreign key", &r.schema, &r.table, &r.name)),
            )
            .chain(
                self.pks
                    .iter()
                    .map(|r| ("primary key", &r.schema, &r.table, &r.name)),
            )
            .chain(
                self.uniques
                    .iter()
                    .map(|r| ("unique constraint", &r.schema, &r.table, &r.name)),
            )
            .chain(
                self.checks
                    .iter()
                    .map(|r| ("check", &r.schema, &r.table, &r.name)),
            )
            .chain(
                self.policies
                    .iter()
                    .map(|r| ("policy", &r.schema, &r.table, &r.name)),
            );
        for (kind, schema, table, name) in rows {
            if !owners.contains(&(schema.as_str(), table.as_str())) {
                return Some(format!(
                    "has a {kind} row {name:?} of table {schema}.{table}, which no row of the snapshot creates"
                ));
            }
        }
        None
    }

    /// Rows as the flat `ddl[]` array of a snapshot, in rc.5's kind order.
    pub fn to_rows(&self) -> Result<Vec<Value>> {
        match serde_json::to_value(self).map_err(|e| Error::internal(e.to_string()))? {
            Value::Array(rows) => Ok(rows),
            _ => Err(Error::internal("entity rows did not serialise to an array")),
        }
    }

    /// Parse the flat `ddl[]` array of a snapshot. `context` names the file for error messages.
    pub fn from_rows(rows: &[Value], context: &str) -> Result<PgDdl> {
        let mut ddl = PgDdl::default();
        for (i, row) in rows.iter().enumerate() {
            let kind = row
                .get("entityType")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::snapshot(context, format!("ddl[{i}] has no entityType")))?;
            let bad = |e: serde_json::Error| {
                Error::snapshot(context, format!("ddl[{i}] ({kind}) is malformed: {e}"))
            };
            let v = row.clone();
            match kind {
                "schemas" => ddl.schemas.push(serde_json::from_value(v).map_err(bad)?),
                "tables" => ddl.tables.push(serde_json::from_value(v).map_err(bad)?),
                "enums" => ddl.enums.push(serde_json::from_value(v).map_err(bad)?),
                "columns" => ddl.columns.push(serde_json::from_value(v).map_err(bad)?),
                "indexes" => ddl.indexes.push(serde_json::from_value(v).map_err(bad)?),
                "fks" => ddl.fks.push(serde_json::from_value(v).map_err(bad)?),
                "pks" => ddl.pks.push(serde_json::from_value(v).map_err(bad)?),
                "uniques" => ddl.uniques.push(serde_json::from_value(v).map_err(bad)?),
                "checks" => ddl.checks.push(serde_json::from_value(v).map_err(bad)?),
                "sequences" => ddl.sequences.push(serde_json::from_value(v).map_err(bad)?),
                "roles" => ddl.roles.push(serde_json::from_value(v).map_err(bad)?),
                "privileges" => ddl.privileges.push(serde_json::from_value(v).map_err(bad)?),
                "policies" => ddl.policies.push(serde_json::from_value(v).map_err(bad)?),
                "views" => ddl.views.push(serde_json::from_value(v).map_err(bad)?),
                other => {
                    return Err(Error::snapshot(
                        context,
                        format!("ddl[{i}] has unknown entityType {other:?}"),
                    ))
                }
            }
        }
        Ok(ddl)
    }
}

/// Serialises as the flat `ddl[]` array of a snapshot, in rc.5's kind order.
impl Serialize for PgDdl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        macro_rules! rows {
            ($($field:ident),*) => {
                $(for row in &self.$field {
                    seq.serialize_element(row)?;
                })*
            };
        }
        rows!(
            schemas, tables, enums, columns, indexes, fks, pks, uniques, checks, sequences, roles,
            privileges, policies, views
        );
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip_in_rc5_key_order() {
        let rows: Vec<Value> = serde_json::from_str(
            r#"[{"name":"auth","entityType":"schemas"},
                {"schema":"public","table":"users","name":"id","type":"integer","typeSchema":null,"notNull":true,"dimensions":0,"default":null,"generated":null,"identity":{"type":"always","name":"users_id_seq","increment":"1","startWith":"1000","minValue":"1","maxValue":"2147483647","cache":1,"cycle":false},"entityType":"columns"}]"#,
        )
        .unwrap();
        let ddl = PgDdl::from_rows(&rows, "t.json").unwrap();
        assert_eq!(
            ddl.columns[0]
                .identity
                .as_ref()
                .unwrap()
                .start_with
                .as_deref(),
            Some("1000")
        );
        let back = serde_json::to_string(&ddl.to_rows().unwrap()).unwrap();
        assert_eq!(back, serde_json::to_string(&rows).unwrap());
        assert_eq!(
            ddl.columns[0].key(),
            "columns\u{0}[\"public\",\"users\",\"id\"]"
        );
    }

    #[test]
    fn unknown_entity_type_is_an_error_naming_the_file() {
        let rows: Vec<Value> =
            serde_json::from_str(r#"[{"name":"x","entityType":"widgets"}]"#).unwrap();
        let err = PgDdl::from_rows(&rows, "drizzle/x/snapshot.json").unwrap_err();
        assert!(err.to_string().contains("drizzle/x/snapshot.json"));
        assert!(err.to_string().contains("widgets"));
    }
}
