//! The Postgres model written as a drizzle-orm 1.0 `schema.ts` (pull).
//!
//! Layout and choices follow drizzle-kit 1.0.0-rc.5's pull output so that files read the same and
//! diff cleanly against what users already have. Where rc.5 writes something that does not compile
//! or does not reproduce the database (non-identifier or reserved names, clashing names, unused
//! imports, expressions rendered as literals), this writes the correct form instead. Entities that
//! drizzle-orm cannot express are listed in `// TODO:` comments at the end of the file.

mod array;
pub mod types;

use std::collections::{HashMap, HashSet};

use crate::codegen::names::{
    apply_casing, capitalise, js_string, member, object_key, Bindings, Casing, Keys,
};
use crate::codegen::relations::{relations_ts, RelFk, RelTable};
use crate::codegen::ts::sql_template;
pub use crate::codegen::GeneratedFiles;
use crate::error::Result;
use crate::model::pg::grammar;
use crate::model::pg::grammar::{type_family, TypeFamily};
use crate::model::pg::jsvalue::js_number;
pub use crate::model::pg::ViewColumn;
use crate::model::pg::{Column, ForeignKey, Index, PgDdl, Policy, PrimaryKey, View};
use types::{builder_import, column_type, TsDefault};

#[derive(Debug, Clone, Default)]
pub struct CodegenOptions {
    pub casing: Casing,
    pub view_columns: Vec<ViewColumn>,
    /// Module specifier relations.ts imports the schema from (`./schema` by default).
    pub schema_module: Option<String>,
}

type TableId = (String, String);

fn tid(schema: &str, name: &str) -> TableId {
    (schema.to_string(), name.to_string())
}

/// Everything attached to one table, in model order.
#[derive(Default)]
pub(crate) struct TableParts<'a> {
    pub columns: Vec<&'a Column>,
    pub pk: Option<&'a PrimaryKey>,
    pub fks: Vec<&'a ForeignKey>,
    pub uniques: Vec<&'a crate::model::pg::Unique>,
    pub checks: Vec<&'a crate::model::pg::Check>,
    pub indexes: Vec<&'a Index>,
    pub policies: Vec<&'a Policy>,
}

/// The TypeScript names of every entity: `const` bindings and per-table column keys.
pub(crate) struct Naming {
    pub schemas: HashMap<String, String>,
    pub enums: HashMap<TableId, String>,
    pub sequences: HashMap<TableId, String>,
    pub tables: HashMap<TableId, String>,
    pub views: HashMap<TableId, String>,
    pub roles: HashMap<String, String>,
    /// (schema, table) → column name → key.
    pub columns: HashMap<TableId, HashMap<String, String>>,
    pub view_columns: HashMap<TableId, HashMap<String, String>>,
}

impl Naming {
    pub fn column_key(&self, table: &TableId, column: &str) -> Option<&str> {
        self.columns
            .get(table)
            .and_then(|m| m.get(column))
            .map(String::as_str)
    }
}

const PUBLIC: &str = "public";

/// rc.5's default names (drizzle-kit `grammar.ts`): constraints that carry them are written inline.
fn default_pk_name(table: &str) -> String {
    format!("{table}_pkey")
}

/// The identity max value rc.5 leaves out of the generated code: the type's own maximum.
fn identity_max_for(sql_type: &str) -> Option<&'static str> {
    matches!(sql_type, "smallint" | "integer" | "bigint")
        .then(|| grammar::identity_max_for(sql_type))
}

/// A name with the `In<Schema>` suffix rc.5 gives objects outside `public`, in the chosen casing.
fn param_name(name: &str, schema: &str, casing: Casing) -> String {
    if schema == PUBLIC {
        apply_casing(name, casing)
    } else {
        let schema_cased = apply_casing(schema, casing);
        apply_casing(&format!("{name}In{}", capitalise(&schema_cased)), casing)
    }
}

/// Every pg-core export drizzle-kit may import, so that no binding shadows one.
const PG_CORE_NAMES: &[&str] = &[
    "pgSchema",
    "pgTable",
    "pgEnum",
    "pgSequence",
    "pgRole",
    "pgPolicy",
    "pgView",
    "pgMaterializedView",
    "index",
    "uniqueIndex",
    "foreignKey",
    "primaryKey",
    "unique",
    "check",
    "customType",
    "AnyPgColumn",
    "PgTableExtraConfigValue",
    "sql",
];

// The helpers of `pg_to_typescript` and of `Writer::write_table` marked `#[inline(never)]` keep
// those two small for a host's JIT (src/lib.rs).
#[inline(never)]
fn allocate_names(
    ddl: &PgDdl,
    options: &CodegenOptions,
    parts: &HashMap<TableId, TableParts<'_>>,
) -> Naming {
    let casing = options.casing;
    let mut bindings = Bindings::default();
    for n in PG_CORE_NAMES {
        bindings.reserve(n);
    }
    for c in &ddl.columns {
        bindings.reserve(builder_import(type_family(
            &c.sql_type,
            c.type_schema.is_some(),
        )));
    }
    for c in &options.view_columns {
        bindings.reserve(builder_import(type_family(
            &c.sql_type.replace("[]", ""),
            c.type_schema.is_some(),
        )));
    }

    let mut schemas = HashMap::new();
    let schema_names = ddl
        .schemas
        .iter()
        .map(|s| s.name.as_str())
        .chain(ddl.tables.iter().map(|t| t.schema.as_str()))
        .chain(ddl.enums.iter().map(|t| t.schema.as_str()))
        .chain(ddl.sequences.iter().map(|t| t.schema.as_str()))
        .chain(ddl.views.iter().map(|t| t.schema.as_str()));
    for s in schema_names {
        if s != PUBLIC && !schemas.contains_key(s) {
            schemas.insert(s.to_string(), bindings.allocate(&apply_casing(s, casing)));
        }
    }
    let mut roles = HashMap::new();
    for r in &ddl.roles {
        roles.insert(
            r.name.clone(),
            bindings.allocate(&apply_casing(&r.name, casing)),
        );
    }
    let mut alloc = |schema: &str, name: &str| bindings.allocate(&param_name(name, schema, casing));
    let enums = ddl
        .enums
        .iter()
        .map(|e| (tid(&e.schema, &e.name), alloc(&e.schema, &e.name)))
        .collect();
    let sequences = ddl
        .sequences
        .iter()
        .map(|e| (tid(&e.schema, &e.name), alloc(&e.schema, &e.name)))
        .collect();
    let tables = ddl
        .tables
        .iter()
        .map(|e| (tid(&e.schema, &e.name), alloc(&e.schema, &e.name)))
        .collect();
    let views = ddl
        .views
        .iter()
        .map(|e| (tid(&e.schema, &e.name), alloc(&e.schema, &e.name)))
        .collect();

    let mut columns: HashMap<TableId, HashMap<String, String>> = HashMap::new();
    for t in &ddl.tables {
        let id = tid(&t.schema, &t.name);
        let mut keys = Keys::default();
        let map = parts
            .get(&id)
            .map(|p| {
                p.columns
                    .iter()
                    .map(|c| {
                        (
                            c.name.clone(),
                            keys.allocate(&apply_casing(&c.name, casing)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        columns.insert(id, map);
    }
    let mut view_keys: HashMap<TableId, Keys> = HashMap::new();
    let mut view_columns: HashMap<TableId, HashMap<String, String>> = HashMap::new();
    for c in &options.view_columns {
        let id = tid(&c.schema, &c.view);
        let key = view_keys
            .entry(id.clone())
            .or_default()
            .allocate(&apply_casing(&c.name, casing));
        view_columns
            .entry(id)
            .or_default()
            .insert(c.name.clone(), key);
    }
    Naming {
        schemas,
        enums,
        sequences,
        tables,
        views,
        roles,
        columns,
        view_columns,
    }
}

#[inline(never)]
pub(crate) fn group_parts(ddl: &PgDdl) -> HashMap<TableId, TableParts<'_>> {
    let mut parts: HashMap<TableId, TableParts<'_>> = HashMap::new();
    for t in &ddl.tables {
        parts.entry(tid(&t.schema, &t.name)).or_default();
    }
    for c in &ddl.columns {
        if let Some(p) = parts.get_mut(&tid(&c.schema, &c.table)) {
            p.columns.push(c);
        }
    }
    for pk in &ddl.pks {
        if let Some(p) = parts.get_mut(&tid(&pk.schema, &pk.table)) {
            p.pk.get_or_insert(pk);
        }
    }
    for fk in &ddl.fks {
        if let Some(p) = parts.get_mut(&tid(&fk.schema, &fk.table)) {
            p.fks.push(fk);
        }
    }
    for u in &ddl.uniques {
        if let Some(p) = parts.get_mut(&tid(&u.schema, &u.table)) {
            p.uniques.push(u);
        }
    }
    for c in &ddl.checks {
        if let Some(p) = parts.get_mut(&tid(&c.schema, &c.table)) {
            p.checks.push(c);
        }
    }
    for i in &ddl.indexes {
        if let Some(p) = parts.get_mut(&tid(&i.schema, &i.table)) {
            p.indexes.push(i);
        }
    }
    for pol in &ddl.policies {
        if let Some(p) = parts.get_mut(&tid(&pol.schema, &pol.table)) {
            p.policies.push(pol);
        }
    }
    parts
}

/// The imports rc.5 would write, in its order; the file imports the used subset in this order.
#[inline(never)]
fn import_order(ddl: &PgDdl, view_columns: &[ViewColumn]) -> Vec<&'static str> {
    let mut order: Vec<&'static str> = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |name: &'static str| {
        if seen.insert(name) {
            order.push(name);
        }
    };
    if ddl.schemas.iter().any(|s| s.name != PUBLIC) {
        add("pgSchema");
    }
    if !ddl.tables.is_empty() {
        add("pgTable");
    }
    if ddl.enums.iter().any(|e| e.schema == PUBLIC) {
        add("pgEnum");
    }
    for c in &ddl.columns {
        add(builder_import(type_family(
            &c.sql_type,
            c.type_schema.is_some(),
        )));
    }
    for i in &ddl.indexes {
        add(if i.is_unique { "uniqueIndex" } else { "index" });
    }
    if !ddl.fks.is_empty() {
        add("foreignKey");
    }
    if !ddl.pks.is_empty() {
        add("primaryKey");
    }
    if !ddl.uniques.is_empty() {
        add("unique");
    }
    if !ddl.checks.is_empty() {
        add("check");
    }
    if ddl.sequences.iter().any(|s| s.schema == PUBLIC) {
        add("pgSequence");
    }
    if !ddl.roles.is_empty() {
        add("pgRole");
    }
    if !ddl.policies.is_empty() {
        add("pgPolicy");
    }
    for v in ddl.views.iter().filter(|v| v.schema == PUBLIC) {
        add(if v.materialized {
            "pgMaterializedView"
        } else {
            "pgView"
        });
    }
    for c in view_columns {
        add(builder_import(type_family(
            &c.sql_type.replace("[]", ""),
            c.type_schema.is_some(),
        )));
    }
    add("type AnyPgColumn");
    add("type PgTableExtraConfigValue");
    order
}

/// One column as the builder call needs it (table and view columns alike).
struct ColumnSpec<'s> {
    key: &'s str,
    name: &'s str,
    base_type: &'s str,
    type_schema: Option<&'s str>,
    dimensions: u32,
    default: Option<&'s str>,
}

struct Writer<'a> {
    casing: Casing,
    naming: Naming,
    parts: HashMap<TableId, TableParts<'a>>,
    used: HashSet<&'static str>,
    uses_sql: bool,
    todos: Vec<String>,
    /// Table pairs linked by FKs in both directions: their references need explicit types.
    fk_pairs: HashSet<(TableId, TableId)>,
}

impl<'a> Writer<'a> {
    fn sql(&mut self, text: &str) -> String {
        self.uses_sql = true;
        sql_template(text)
    }

    fn use_import(&mut self, name: &'static str) {
        self.used.insert(name);
    }

    fn is_cyclic(&self, fk: &ForeignKey) -> bool {
        let from = tid(&fk.schema, &fk.table);
        let to = tid(&fk.schema_to, &fk.table_to);
        self.fk_pairs.contains(&(from.clone(), to.clone())) && self.fk_pairs.contains(&(to, from))
    }

    /// `name: builder("db_name", { options })` plus `.array()` and `.default()`.
    #[inline(never)]
    fn column_head(&mut self, spec: ColumnSpec<'_>, owner: &str) -> String {
        let ColumnSpec {
            key,
            name,
            base_type,
            type_schema,
            dimensions,
            default,
        } = spec;
        let enum_binding =
            type_schema.and_then(|s| self.naming.enums.get(&tid(s, base_type)).cloned());
        let missing_enum = type_schema.is_some() && enum_binding.is_none();
        let ty = column_type(
            base_type,
            type_schema.is_some() && !missing_enum,
            dimensions,
            default,
        );
        let builder = if let Some(b) = enum_binding {
            b
        } else if ty.family == TypeFamily::Custom || missing_enum {
            self.use_import("customType");
            let data_type = match type_schema.filter(|_| missing_enum) {
                Some(s) if s != PUBLIC => format!("\"{s}\".\"{base_type}\""),
                Some(_) => format!("\"{base_type}\""),
                None => base_type.to_string(),
            };
            if missing_enum {
                self.todos.push(format!(
                    "column {owner}.{name} has enum type {data_type}, which is not part of the pulled schema; it is declared as a custom type"
                ));
            }
            format!(
                "customType({{ dataType: () => '{}' }})",
                data_type.replace('\\', "\\\\").replace('\'', "\\'")
            )
        } else {
            let import = builder_import(ty.family);
            self.use_import(import);
            import.to_string()
        };
        let db_name = if key == name {
            String::new()
        } else {
            js_string(name)
        };
        let opts = ty.options_ts();
        let comma = if !db_name.is_empty() && !opts.is_empty() {
            ", "
        } else {
            ""
        };
        let mut out = format!("{}: {builder}({db_name}{comma}{opts})", object_key(key));
        out.push_str(&array_suffix(dimensions));
        match &ty.default {
            Some(TsDefault::Method(m)) => out.push_str(m),
            Some(TsDefault::Value(v)) => {
                if v.starts_with("sql`") {
                    self.uses_sql = true;
                }
                out.push_str(&format!(".default({v})"));
            }
            None => {}
        }
        out
    }

    fn write_table(&mut self, schema: &str, name: &str, rls: bool) -> String {
        let id = tid(schema, name);
        let binding = self.naming.tables.get(&id).cloned().unwrap_or_default();
        let owner = format!("{schema}.{name}");
        let (columns, pk, fks, uniques, checks, indexes, policies) = match self.parts.get(&id) {
            Some(p) => (
                p.columns.clone(),
                p.pk,
                p.fks.clone(),
                p.uniques.clone(),
                p.checks.clone(),
                p.indexes.clone(),
                p.policies.clone(),
            ),
            None => Default::default(),
        };
        let func = match self.naming.schemas.get(schema) {
            Some(s) => format!("{s}.table"),
            None => {
                self.use_import("pgTable");
                "pgTable".to_string()
            }
        };
        let func = if rls { format!("{func}.withRLS") } else { func };
        let mut out = format!("export const {binding} = {func}({}, {{\n", js_string(name));

        let mut inline_fks: Vec<&ForeignKey> = Vec::new();
        let mut callback_fks: Vec<&ForeignKey> = Vec::new();
        for fk in fks {
            if !self
                .naming
                .tables
                .contains_key(&tid(&fk.schema_to, &fk.table_to))
            {
                self.todos.push(format!(
                    "foreign key {:?} on {owner} references {}.{}, which is not part of the pulled schema",
                    fk.name, fk.schema_to, fk.table_to
                ));
                continue;
            }
            let is_self = fk.schema_to == fk.schema && fk.table_to == fk.table;
            if !is_self
                && fk.columns.len() == 1
                && fk.name == grammar::fk_name(&fk.table, &fk.columns, &fk.table_to, &fk.columns_to)
            {
                inline_fks.push(fk);
            } else {
                callback_fks.push(fk);
            }
        }
        let cyclic_callback = callback_fks.iter().any(|fk| {
            self.is_cyclic(fk) && !(fk.schema_to == fk.schema && fk.table_to == fk.table)
        });
        let pk_inline = pk.filter(|p| p.columns.len() == 1 && p.name == default_pk_name(name));
        let pk_callback = pk.filter(|p| pk_inline.is_none() && !p.columns.is_empty());

        for c in &columns {
            let key = self
                .naming
                .column_key(&id, &c.name)
                .unwrap_or(&c.name)
                .to_string();
            let mut stmt = self.column_head(
                ColumnSpec {
                    key: &key,
                    name: &c.name,
                    base_type: &c.sql_type,
                    type_schema: c.type_schema.as_deref(),
                    dimensions: c.dimensions,
                    default: c.default.as_deref(),
                },
                &owner,
            );
            let is_pk = pk_inline.is_some_and(|p| p.columns.first() == Some(&c.name));
            if is_pk {
                stmt.push_str(".primaryKey()");
            }
            if c.not_null && c.identity.is_none() && !is_pk {
                stmt.push_str(".notNull()");
            }
            if let Some(identity) = &c.identity {
                stmt.push_str(&identity_ts(c, identity));
            }
            if let Some(g) = &c.generated {
                if g.kind != "stored" {
                    self.todos.push(format!(
                        "column {owner}.{} is a {} generated column; drizzle-orm writes only stored ones",
                        c.name, g.kind
                    ));
                }
                let expr = self.sql(&g.as_);
                stmt.push_str(&format!(".generatedAlwaysAs({expr})"));
            }
            for fk in inline_fks
                .iter()
                .filter(|fk| fk.columns.first() == Some(&c.name))
            {
                stmt.push_str(&self.inline_reference(fk));
            }
            out.push('\t');
            out.push_str(&stmt);
            out.push_str(",\n");
        }
        out.push('}');

        let has_extra = !indexes.is_empty()
            || !callback_fks.is_empty()
            || !policies.is_empty()
            || pk_callback.is_some()
            || !uniques.is_empty()
            || !checks.is_empty();
        if has_extra {
            out.push_str(", ");
            if cyclic_callback {
                self.use_import("type PgTableExtraConfigValue");
                out.push_str("(table): PgTableExtraConfigValue[] => [\n");
            } else {
                out.push_str("(table) => [\n");
            }
            if let Some(p) = pk_callback {
                self.use_import("primaryKey");
                let cols: Vec<String> = p
                    .columns
                    .iter()
                    .map(|c| format!("table{}", self.key_member(&id, c)))
                    .collect();
                let name_part = if p.name_explicit {
                    format!(", name: {}", js_string(&p.name))
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "\tprimaryKey({{ columns: [{}]{name_part}}}),\n",
                    cols.join(", ")
                ));
            }
            for fk in &callback_fks {
                out.push_str(&self.callback_fk(fk));
            }
            for idx in &indexes {
                out.push_str(&self.index_ts(&id, idx));
            }
            for u in &uniques {
                self.use_import("unique");
                let name_part = if u.name_explicit {
                    js_string(&u.name)
                } else {
                    String::new()
                };
                let cols: Vec<String> = u
                    .columns
                    .iter()
                    .map(|c| format!("table{}", self.key_member(&id, c)))
                    .collect();
                out.push_str(&format!("\tunique({name_part}).on({})", cols.join(", ")));
                if u.nulls_not_distinct {
                    out.push_str(".nullsNotDistinct()");
                }
                out.push(',');
            }
            for p in &policies {
                out.push_str(&self.policy_ts(p));
            }
            for c in &checks {
                self.use_import("check");
                let expr = self.sql(&c.value);
                out.push_str(&format!("check({}, {expr}),", js_string(&c.name)));
            }
            out.push(']');
        }
        out.push_str(");");
        out
    }

    fn key_member(&self, table: &TableId, column: &str) -> String {
        member(self.naming.column_key(table, column).unwrap_or(column))
    }

    #[inline(never)]
    fn inline_reference(&mut self, fk: &ForeignKey) -> String {
        let target = tid(&fk.schema_to, &fk.table_to);
        let binding = self.naming.tables.get(&target).cloned().unwrap_or_default();
        let col = fk
            .columns_to
            .first()
            .map(String::as_str)
            .unwrap_or_default();
        let target_member = self.key_member(&target, col);
        let type_suffix = if self.is_cyclic(fk) {
            self.use_import("type AnyPgColumn");
            ": AnyPgColumn"
        } else {
            ""
        };
        let mut params = Vec::new();
        if fk.on_delete != "NO ACTION" && !fk.on_delete.is_empty() {
            params.push(format!("onDelete: \"{}\"", fk.on_delete.to_lowercase()));
        }
        if fk.on_update != "NO ACTION" && !fk.on_update.is_empty() {
            params.push(format!("onUpdate: \"{}\"", fk.on_update.to_lowercase()));
        }
        if params.is_empty() {
            format!(".references((){type_suffix} => {binding}{target_member})")
        } else {
            format!(
                ".references((){type_suffix} => {binding}{target_member}, {{ {} }} )",
                params.join(", ")
            )
        }
    }

    #[inline(never)]
    fn callback_fk(&mut self, fk: &ForeignKey) -> String {
        self.use_import("foreignKey");
        let from = tid(&fk.schema, &fk.table);
        let target = tid(&fk.schema_to, &fk.table_to);
        let target_ref = if target == from {
            "table".to_string()
        } else {
            self.naming.tables.get(&target).cloned().unwrap_or_default()
        };
        let cols: Vec<String> = fk
            .columns
            .iter()
            .map(|c| format!("table{}", self.key_member(&from, c)))
            .collect();
        let foreign: Vec<String> = fk
            .columns_to
            .iter()
            .map(|c| format!("{target_ref}{}", self.key_member(&target, c)))
            .collect();
        let mut out = String::from("\tforeignKey({\n");
        out.push_str(&format!("\t\tcolumns: [{}],\n", cols.join(", ")));
        out.push_str(&format!("\t\tforeignColumns: [{}],\n", foreign.join(", ")));
        if fk.name_explicit {
            out.push_str(&format!("\t\tname: {}\n", js_string(&fk.name)));
        }
        out.push_str("\t})");
        if fk.on_update != "NO ACTION" && !fk.on_update.is_empty() {
            out.push_str(&format!(".onUpdate(\"{}\")", fk.on_update.to_lowercase()));
        }
        if fk.on_delete != "NO ACTION" && !fk.on_delete.is_empty() {
            out.push_str(&format!(".onDelete(\"{}\")", fk.on_delete.to_lowercase()));
        }
        out.push_str(",\n");
        out
    }

    #[inline(never)]
    fn index_ts(&mut self, table: &TableId, idx: &Index) -> String {
        let mut out = if idx.is_unique {
            self.use_import("uniqueIndex");
            String::from("\tuniqueIndex(")
        } else {
            self.use_import("index");
            String::from("\tindex(")
        };
        if idx.name_explicit {
            out.push_str(&js_string(&idx.name));
        }
        out.push(')');
        if idx.concurrently {
            out.push_str(".concurrently()");
        }
        let cols: Vec<String> = idx
            .columns
            .iter()
            .map(|c| {
                if c.is_expression {
                    // drizzle-orm has no ordering methods on sql`…` index columns; the order goes into
                    // the expression text, which drizzle-kit writes into CREATE INDEX verbatim.
                    let mut text = c.value.clone();
                    if !c.asc {
                        text.push_str(" DESC");
                    }
                    if c.asc && c.nulls_first {
                        text.push_str(" NULLS FIRST");
                    } else if !c.asc && !c.nulls_first {
                        text.push_str(" NULLS LAST");
                    }
                    self.sql(&text)
                } else {
                    let mut s = format!("table{}", self.key_member(table, &c.value));
                    s.push_str(if c.asc { ".asc()" } else { ".desc()" });
                    s.push_str(if c.nulls_first {
                        ".nullsFirst()"
                    } else {
                        ".nullsLast()"
                    });
                    if let Some(op) = c.opclass.as_ref().filter(|o| !o.default) {
                        s.push_str(&format!(".op({})", js_string(&op.name)));
                    }
                    s
                }
            })
            .collect();
        out.push_str(&format!(
            ".using({}, {})",
            js_string(&idx.method),
            cols.join(", ")
        ));
        if let Some(w) = &idx.where_ {
            let expr = self.sql(w);
            out.push_str(&format!(".where({expr})"));
        }
        if !idx.with.is_empty() {
            let pairs: Vec<String> = idx
                .with
                .split(',')
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    let v = v.trim();
                    let value =
                        if js_number(v).is_some() && !v.is_empty() || v == "true" || v == "false" {
                            v.to_string()
                        } else {
                            js_string(v)
                        };
                    format!("{}: {value}", js_string(k.trim()))
                })
                .collect();
            out.push_str(&format!(".with({{ {} }})", pairs.join(", ")));
        }
        out.push_str(",\n");
        out
    }

    #[inline(never)]
    fn policy_ts(&mut self, p: &Policy) -> String {
        self.use_import("pgPolicy");
        let to: Vec<String> = p
            .roles
            .iter()
            .map(|r| {
                self.naming
                    .roles
                    .get(r)
                    .cloned()
                    .unwrap_or_else(|| js_string(r))
            })
            .collect();
        let mut tuples: Vec<String> = Vec::new();
        if p.as_ == "RESTRICTIVE" {
            tuples.push("as: \"restrictive\"".to_string());
        }
        if p.for_ != "ALL" {
            tuples.push(format!("for: \"{}\"", p.for_.to_lowercase()));
        }
        if !(p.roles.len() == 1 && p.roles.first().is_some_and(|r| r == "public")) {
            tuples.push(format!("to: [{}]", to.join(", ")));
        }
        if let Some(u) = &p.using {
            let e = self.sql(u);
            tuples.push(format!("using: {e}"));
        }
        if let Some(w) = &p.with_check {
            let e = self.sql(w);
            tuples.push(format!("withCheck: {e}"));
        }
        let opts = if tuples.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", tuples.join(", "))
        };
        format!("\n\tpgPolicy({}{opts}),\n", js_string(&p.name))
    }

    #[inline(never)]
    fn write_view(&mut self, v: &View, view_columns: &[&ViewColumn]) -> String {
        let id = tid(&v.schema, &v.name);
        let binding = self.naming.views.get(&id).cloned().unwrap_or_default();
        let func = match self.naming.schemas.get(&v.schema) {
            Some(s) if v.materialized => format!("{s}.materializedView"),
            Some(s) => format!("{s}.view"),
            None if v.materialized => {
                self.use_import("pgMaterializedView");
                "pgMaterializedView".to_string()
            }
            None => {
                self.use_import("pgView");
                "pgView".to_string()
            }
        };
        let owner = format!("{}.{}", v.schema, v.name);
        let mut columns = String::new();
        for c in view_columns {
            let key = self
                .naming
                .view_columns
                .get(&id)
                .and_then(|m| m.get(&c.name))
                .cloned()
                .unwrap_or_else(|| c.name.clone());
            let base = c.sql_type.replace("[]", "");
            // Both counts describe the same brackets (attndims, and `[]` in the type text).
            let dims = c.dimensions.max(c.type_dimensions);
            let head = self.column_head(
                ColumnSpec {
                    key: &key,
                    name: &c.name,
                    base_type: &base,
                    type_schema: c.type_schema.as_deref(),
                    dimensions: dims,
                    default: None,
                },
                &owner,
            );
            columns.push('\t');
            columns.push_str(&head);
            if c.not_null {
                columns.push_str(".notNull()");
            }
            columns.push_str(",\n");
        }
        let mut out = format!(
            "export const {binding} = {func}({}, {{{columns}}})",
            js_string(&v.name)
        );
        if let Some(ts) = v.tablespace.as_deref().filter(|t| !t.is_empty()) {
            out.push_str(&format!(".tablespace({})", js_string(ts)));
        }
        if v.materialized {
            if let Some(using) = v.using.as_deref().filter(|u| *u != "heap" && !u.is_empty()) {
                out.push_str(&format!(".using({})", js_string(using)));
            }
        }
        if let Some(serde_json::Value::Object(with)) = &v.with {
            let kept: serde_json::Map<String, serde_json::Value> = with
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !kept.is_empty() {
                out.push_str(&format!(".with({})", serde_json::Value::Object(kept)));
            }
        }
        if v.materialized && v.with_no_data == Some(true) {
            out.push_str(".withNoData()");
        }
        match &v.definition {
            Some(def) => {
                let e = self.sql(def);
                out.push_str(&format!(".as({e});"));
            }
            None => {
                self.todos.push(format!(
                    "view {owner} has no readable definition; it is declared as existing"
                ));
                out.push_str(".existing();");
            }
        }
        out
    }
}

fn array_suffix(dimensions: u32) -> String {
    match dimensions {
        0 => String::new(),
        1 => ".array()".to_string(),
        n => format!(".array(\"{}\")", "[]".repeat(n as usize)),
    }
}

#[inline(never)]
fn identity_ts(c: &Column, identity: &crate::model::pg::Identity) -> String {
    let mut tuples: Vec<String> = Vec::new();
    if identity.name != format!("{}_{}_seq", c.table, c.name) {
        tuples.push(format!("name: {}", js_string(&identity.name)));
    }
    let differs = |v: &Option<String>, default: Option<&str>| -> Option<String> {
        v.as_ref()
            .filter(|v| !v.is_empty() && Some(v.as_str()) != default)
            .cloned()
    };
    if let Some(v) = differs(&identity.start_with, Some("1")) {
        tuples.push(format!("startWith: {v}"));
    }
    if let Some(v) = differs(&identity.increment, Some("1")) {
        tuples.push(format!("increment: {v}"));
    }
    if let Some(v) = differs(&identity.min_value, Some("1")) {
        tuples.push(format!("minValue: {v}"));
    }
    if let Some(v) = differs(&identity.max_value, identity_max_for(&c.sql_type)) {
        tuples.push(format!("maxValue: {v}"));
    }
    if let Some(cache) = identity.cache.filter(|c| *c != 1 && *c != 0) {
        tuples.push(format!("cache: {cache}"));
    }
    if identity.cycle == Some(true) {
        tuples.push("cycle: true".to_string());
    }
    let params = if tuples.is_empty() {
        String::new()
    } else {
        format!("{{ {} }}", tuples.join(" ,"))
    };
    if identity.kind == "always" {
        format!(".generatedAlwaysAsIdentity({params})")
    } else {
        format!(".generatedByDefaultAsIdentity({params})")
    }
}

/// The tables as relations.ts sees them: FKs to tables outside the pulled schema have no target.
#[inline(never)]
fn relation_tables(
    ddl: &PgDdl,
    parts: &HashMap<TableId, TableParts<'_>>,
    naming: &Naming,
) -> Vec<RelTable> {
    let keys_of = |table: &TableId, cols: &[String]| -> Vec<String> {
        cols.iter()
            .map(|c| naming.column_key(table, c).unwrap_or(c).to_string())
            .collect()
    };
    let mut out = Vec::new();
    for t in &ddl.tables {
        let id = tid(&t.schema, &t.name);
        let (Some(p), Some(binding)) = (parts.get(&id), naming.tables.get(&id)) else {
            continue;
        };
        let fks = p
            .fks
            .iter()
            .filter_map(|fk| {
                let to_id = tid(&fk.schema_to, &fk.table_to);
                let target = naming.tables.get(&to_id)?;
                let unique = p.uniques.iter().any(|u| u.columns == fk.columns)
                    || p.indexes.iter().any(|i| {
                        i.is_unique
                            && i.columns
                                .iter()
                                .filter(|c| !c.is_expression)
                                .map(|c| &c.value)
                                .eq(fk.columns.iter())
                    });
                Some(RelFk {
                    target: target.clone(),
                    columns: keys_of(&id, &fk.columns),
                    columns_to: keys_of(&to_id, &fk.columns_to),
                    unique,
                })
            })
            .collect();
        out.push(RelTable {
            binding: binding.clone(),
            column_keys: p
                .columns
                .iter()
                .map(|c| {
                    naming
                        .column_key(&id, &c.name)
                        .unwrap_or(&c.name)
                        .to_string()
                })
                .collect(),
            fks,
        });
    }
    out
}

pub fn pg_to_typescript(ddl: &PgDdl, options: CodegenOptions) -> Result<GeneratedFiles> {
    let parts = group_parts(ddl);
    let naming = allocate_names(ddl, &options, &parts);
    let mut fk_pairs = HashSet::new();
    for fk in &ddl.fks {
        fk_pairs.insert((tid(&fk.schema, &fk.table), tid(&fk.schema_to, &fk.table_to)));
    }
    let mut w = Writer {
        casing: options.casing,
        naming,
        parts,
        used: HashSet::new(),
        uses_sql: false,
        todos: Vec::new(),
        fk_pairs,
    };

    let mut schema_names: Vec<(&String, &String)> = w.naming.schemas.iter().collect();
    schema_names.sort_by_key(|(name, _)| {
        ddl.schemas
            .iter()
            .position(|s| &s.name == *name)
            .unwrap_or(usize::MAX)
    });
    let mut schemas_ts = String::new();
    for (name, binding) in &schema_names {
        w.used.insert("pgSchema");
        schemas_ts.push_str(&format!(
            "export const {binding} = pgSchema({});\n",
            js_string(name)
        ));
    }

    let mut roles_ts = String::new();
    for r in &ddl.roles {
        w.use_import("pgRole");
        let binding = w.naming.roles.get(&r.name).cloned().unwrap_or_default();
        let mut params = Vec::new();
        if r.create_db == Some(true) {
            params.push("createDb: true");
        }
        if r.create_role == Some(true) {
            params.push("createRole: true");
        }
        if r.inherit != Some(true) {
            params.push("inherit: false");
        }
        let params = if params.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", params.join(", "))
        };
        roles_ts.push_str(&format!(
            "export const {binding} = pgRole({}{params});\n",
            js_string(&r.name)
        ));
        let mut lost = Vec::new();
        if r.superuser == Some(true) {
            lost.push("SUPERUSER".to_string());
        }
        if r.can_login == Some(true) {
            lost.push("LOGIN".to_string());
        }
        if r.replication == Some(true) {
            lost.push("REPLICATION".to_string());
        }
        if r.bypass_rls == Some(true) {
            lost.push("BYPASSRLS".to_string());
        }
        if let Some(n) = r.conn_limit.filter(|n| *n != -1) {
            lost.push(format!("CONNECTION LIMIT {n}"));
        }
        if r.password.is_some() {
            lost.push("PASSWORD".to_string());
        }
        if let Some(v) = &r.valid_until {
            lost.push(format!("VALID UNTIL '{v}'"));
        }
        if !lost.is_empty() {
            w.todos.push(format!(
                "role {:?} also has {}, which pgRole cannot express",
                r.name,
                lost.join(", ")
            ));
        }
    }

    let mut enums_ts = String::new();
    for e in &ddl.enums {
        let binding = w
            .naming
            .enums
            .get(&tid(&e.schema, &e.name))
            .cloned()
            .unwrap_or_default();
        let func = match w.naming.schemas.get(&e.schema) {
            Some(s) => format!("{s}.enum"),
            None => {
                w.use_import("pgEnum");
                "pgEnum".to_string()
            }
        };
        let values: Vec<String> = e.values.iter().map(|v| js_string(v)).collect();
        enums_ts.push_str(&format!(
            "export const {binding} = {func}({}, [{}])\n",
            js_string(&e.name),
            values.join(", ")
        ));
    }

    let mut sequences_ts = String::new();
    for s in &ddl.sequences {
        let binding = w
            .naming
            .sequences
            .get(&tid(&s.schema, &s.name))
            .cloned()
            .unwrap_or_default();
        let func = match w.naming.schemas.get(&s.schema) {
            Some(sc) => format!("{sc}.sequence"),
            None => {
                w.use_import("pgSequence");
                "pgSequence".to_string()
            }
        };
        let mut params = String::new();
        let mut add = |k: &str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                params.push_str(&format!("{k}: {}, ", js_string(v)));
            }
        };
        add("startWith", &s.start_with);
        add("increment", &s.increment_by);
        add("minValue", &s.min_value);
        add("maxValue", &s.max_value);
        add(
            "cache",
            &s.cache_size.filter(|c| *c != 0).map(|c| c.to_string()),
        );
        params.push_str(if s.cycle == Some(true) {
            "cycle: true, "
        } else {
            "cycle: false, "
        });
        sequences_ts.push_str(&format!(
            "export const {binding} = {func}({}, {{ {} }})\n",
            js_string(&s.name),
            params.trim()
        ));
    }

    let mut tables_ts = Vec::with_capacity(ddl.tables.len());
    for t in &ddl.tables {
        tables_ts.push(w.write_table(&t.schema, &t.name, t.is_rls_enabled));
    }

    let mut columns_by_view: HashMap<TableId, Vec<&ViewColumn>> = HashMap::new();
    for c in &options.view_columns {
        columns_by_view
            .entry(tid(&c.schema, &c.view))
            .or_default()
            .push(c);
    }
    let mut views_ts = Vec::with_capacity(ddl.views.len());
    for v in &ddl.views {
        let cols = columns_by_view
            .get(&tid(&v.schema, &v.name))
            .cloned()
            .unwrap_or_default();
        views_ts.push(w.write_view(v, &cols));
    }

    let mut grants: Vec<String> = Vec::new();
    for p in &ddl.privileges {
        grants.push(format!(
            "GRANT {} ON {}.{} TO {}{}",
            p.kind,
            p.schema,
            p.table,
            p.grantee,
            if p.is_grantable {
                " WITH GRANT OPTION"
            } else {
                ""
            }
        ));
    }
    if !grants.is_empty() {
        w.todos.push(format!(
            "privileges are not expressible in drizzle-orm: {}",
            grants.join("; ")
        ));
    }

    let order = import_order(ddl, &options.view_columns);
    let mut imports: Vec<&str> = order
        .iter()
        .copied()
        .filter(|i| w.used.contains(i))
        .collect();
    let mut extra: Vec<&str> = w
        .used
        .iter()
        .copied()
        .filter(|i| !order.contains(i))
        .collect();
    extra.sort_unstable();
    imports.extend(extra);

    let mut file = String::new();
    if !imports.is_empty() {
        file.push_str(&format!(
            "import {{ {} }} from \"drizzle-orm/pg-core\"\n",
            imports.join(", ")
        ));
    }
    if w.uses_sql {
        file.push_str("import { sql } from \"drizzle-orm\"\n");
    }
    file.push('\n');
    file.push_str(&schemas_ts);
    file.push_str(&roles_ts);
    file.push_str(&enums_ts);
    file.push('\n');
    file.push_str(&sequences_ts);
    file.push('\n');
    file.push_str(&tables_ts.join("\n\n"));
    file.push('\n');
    file.push_str(&views_ts.join("\n\n"));
    if !w.todos.is_empty() {
        file.push_str("\n\n");
        for t in &w.todos {
            file.push_str("// TODO: ");
            file.push_str(&t.replace('\n', " "));
            file.push('\n');
        }
    }

    let relations = relations_ts(
        &relation_tables(ddl, &w.parts, &w.naming),
        w.casing,
        options.schema_module.as_deref().unwrap_or("./schema"),
    );
    Ok(GeneratedFiles {
        schema_ts: file,
        relations_ts: relations,
    })
}

impl crate::codegen::Codegen for crate::model::pg::Pg {
    fn typescript(ddl: &PgDdl, found: &Vec<ViewColumn>, casing: Casing) -> Result<GeneratedFiles> {
        pg_to_typescript(
            ddl,
            CodegenOptions {
                casing,
                view_columns: found.clone(),
                schema_module: None,
            },
        )
    }
    fn counts(ddl: &PgDdl) -> crate::codegen::Counts {
        crate::codegen::Counts {
            schemas: ddl.schemas.len(),
            tables: ddl.tables.len(),
            columns: ddl.columns.len(),
            enums: ddl.enums.len(),
            indexes: ddl.indexes.len(),
            foreign_keys: ddl.fks.len(),
            policies: ddl.policies.len(),
            views: ddl.views.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(rows: serde_json::Value) -> PgDdl {
        let rows = rows.as_array().cloned().unwrap_or_default();
        PgDdl::from_rows(&rows, "test").unwrap()
    }

    fn col(table: &str, name: &str, ty: &str) -> serde_json::Value {
        serde_json::json!({"schema":"public","table":table,"name":name,"type":ty,"typeSchema":null,
            "notNull":false,"dimensions":0,"default":null,"generated":null,"identity":null,"entityType":"columns"})
    }

    #[test]
    fn inexpressible_entities_become_todo_comments() {
        let ddl = model(serde_json::json!([
            {"schema":"public","name":"orders","isRlsEnabled":false,"entityType":"tables"},
            col("orders", "customer_id", "integer"),
            {"schema":"public","table":"orders","name":"orders_customer_fk","nameExplicit":true,"columns":["customer_id"],
             "schemaTo":"crm","tableTo":"customers","columnsTo":["id"],"onUpdate":"NO ACTION","onDelete":"CASCADE","entityType":"fks"},
            {"name":"app","superuser":false,"createDb":true,"createRole":false,"inherit":true,"canLogin":true,
             "replication":false,"bypassRls":false,"connLimit":-1,"password":null,"validUntil":null,"entityType":"roles"},
            {"grantor":"postgres","grantee":"app","schema":"public","table":"orders","type":"SELECT","isGrantable":false,"entityType":"privileges"}
        ]));
        let out = pg_to_typescript(&ddl, CodegenOptions::default()).unwrap();
        let todos: Vec<&str> = out
            .schema_ts
            .lines()
            .filter(|l| l.starts_with("// TODO: "))
            .collect();
        assert_eq!(todos.len(), 3, "{}", out.schema_ts);
        assert!(todos[0].contains("LOGIN"));
        assert!(todos[1].contains("orders_customer_fk") && todos[1].contains("crm.customers"));
        assert!(todos[2].contains("GRANT SELECT ON public.orders TO app"));
        assert!(out
            .schema_ts
            .contains("export const app = pgRole(\"app\", { createDb: true });"));
        assert!(!out.schema_ts.contains("foreignKey"));
        assert!(!out.relations_ts.contains("customers"));
    }

    #[test]
    fn names_are_valid_unique_and_keep_the_database_name() {
        let ddl = model(serde_json::json!([
            {"schema":"public","name":"default","isRlsEnabled":false,"entityType":"tables"},
            {"schema":"public","name":"text","isRlsEnabled":false,"entityType":"tables"},
            col("default", "user_id", "integer"),
            col("default", "userId", "integer"),
            col("default", "my col", "text"),
            col("text", "1st", "text"),
            {"schema":"public","table":"text","name":"text_1st_idx","nameExplicit":true,
             "columns":[{"value":"1st","isExpression":false,"asc":true,"nullsFirst":false,"opclass":null}],
             "isUnique":false,"where":null,"with":"","method":"btree","concurrently":false,"entityType":"indexes"}
        ]));
        let camel = pg_to_typescript(&ddl, CodegenOptions::default())
            .unwrap()
            .schema_ts;
        assert!(
            camel.contains("export const default_ = pgTable(\"default\""),
            "{camel}"
        );
        assert!(
            camel.contains("export const text2 = pgTable(\"text\""),
            "{camel}"
        );
        assert!(camel.contains("\tuserId: integer(\"user_id\"),"), "{camel}");
        assert!(camel.contains("\tuserId2: integer(\"userId\"),"), "{camel}");
        assert!(camel.contains("\tmyCol: text(\"my col\"),"), "{camel}");
        assert!(camel.contains("\t\"1st\": text(),"), "{camel}");
        assert!(camel.contains("table[\"1st\"].asc()"), "{camel}");
        let preserve = pg_to_typescript(
            &ddl,
            CodegenOptions {
                casing: Casing::Preserve,
                ..Default::default()
            },
        )
        .unwrap()
        .schema_ts;
        assert!(preserve.contains("\t\"my col\": text(),"), "{preserve}");
        assert!(preserve.contains("\tuser_id: integer(),"), "{preserve}");
    }

    #[test]
    fn fk_default_names_hash_like_rc5() {
        assert_eq!(
            grammar::fk_name("posts", &["author_id".into()], "users", &["id".into()]),
            "posts_author_id_users_id_fkey"
        );
        // Over 63 characters: rc.5 replaces the middle with its 12-character hash.
        let long = grammar::fk_name(
            "organisation_memberships",
            &["organisation_identifier".into()],
            "organisations",
            &["identifier".into()],
        );
        // Expected value computed with drizzle-kit's `hash` (dialects/common.ts) in Node.
        assert_eq!(long, "organisation_memberships_b6uLzWsGxDQL_fkey");
    }
}
