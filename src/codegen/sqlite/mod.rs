//! The SQLite model written as a drizzle-orm 1.0 `sqlite-core` `schema.ts` (pull).
//!
//! Layout and builders follow drizzle-kit 1.0.0-rc.5's SQLite pull; names follow the same casing and
//! collision rules as the Postgres wing (`codegen::names`), and relations.ts is the shared
//! `codegen::relations`. The file is written so that describing it again gives the same rows: a
//! constraint's name is written whenever it is not the one drizzle would generate (introspection
//! cannot tell an explicit name equal to the generated one from a generated one), a default is
//! a TypeScript value only when it serialises back to the same SQL (`types`), and what drizzle-orm
//! cannot express is listed in `// TODO:` comments at the end of the file.

pub mod types;

use std::collections::{HashMap, HashSet};

use crate::codegen::names::{js_string, object_key, Casing, FlatNaming as Naming};
use crate::codegen::relations::{relations_ts, RelFk, RelTable};
use crate::codegen::ts::{sql_template, trim_pair, FlatFile};
use crate::codegen::{Counts, GeneratedFiles};
use crate::error::{Error, Result};
use crate::model::sqlite::grammar::{name_for_fk, name_for_pk, name_for_unique};
use crate::model::sqlite::{ForeignKey, SqliteDdl, TableDef, View, ViewColumn};
use types::column_ts;

#[derive(Debug, Clone, Default)]
pub struct CodegenOptions {
    pub casing: Casing,
    /// The columns of each view (the rows do not carry them; introspection reads them).
    pub view_columns: Vec<ViewColumn>,
    /// Module specifier relations.ts imports the schema from (`./schema` by default).
    pub schema_module: Option<String>,
}

/// Every sqlite-core export the file may import, so that no binding shadows one.
const SQLITE_CORE_NAMES: &[&str] = &[
    "sqliteTable",
    "sqliteView",
    "integer",
    "text",
    "real",
    "numeric",
    "blob",
    "customType",
    "index",
    "uniqueIndex",
    "foreignKey",
    "primaryKey",
    "unique",
    "check",
    "AnySQLiteColumn",
    "SQLiteTableExtraConfigValue",
    "sql",
];

/// The imports after `sqliteTable` and the index builders (those in the order of their first
/// index), ahead of the column builders (in the order of their first column), as rc.5 orders them;
/// the types come last. The file imports the used subset.
const IMPORT_CONSTRAINTS: &[&str] = &["foreignKey", "primaryKey", "unique", "check", "sqliteView"];
const IMPORT_TAIL: &[&str] = &["type AnySQLiteColumn", "type SQLiteTableExtraConfigValue"];

fn naming(ddl: &SqliteDdl, options: &CodegenOptions) -> Naming {
    Naming::new(
        SQLITE_CORE_NAMES,
        options.casing,
        ddl.tables.iter().map(|t| t.name.as_str()),
        ddl.views.iter().map(|v| v.name.as_str()),
        ddl.columns
            .iter()
            .map(|c| (c.table.as_str(), c.name.as_str())),
        options
            .view_columns
            .iter()
            .map(|c| (c.view.as_str(), c.name.as_str())),
    )
}

struct Writer<'a> {
    naming: Naming,
    used: HashSet<&'static str>,
    uses_sql: bool,
    todos: Vec<String>,
    /// (from, to) table pairs linked by FKs: a pair present both ways needs explicit types.
    fk_pairs: HashSet<(&'a str, &'a str)>,
}

impl<'a> Writer<'a> {
    fn sql(&mut self, text: &str) -> String {
        self.uses_sql = true;
        sql_template(text)
    }

    fn is_cyclic(&self, fk: &ForeignKey) -> bool {
        self.fk_pairs
            .contains(&(fk.table.as_str(), fk.table_to.as_str()))
            && self
                .fk_pairs
                .contains(&(fk.table_to.as_str(), fk.table.as_str()))
    }

    /// `key: builder("db_name", { options })`, and the argument of `.default(…)`.
    fn column_head(
        &mut self,
        key: &str,
        name: &str,
        sql_type: &str,
        default: Option<&str>,
    ) -> (String, Option<String>) {
        let ty = column_ts(sql_type, default);
        self.used.insert(ty.builder.import());
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
        let out = format!(
            "{}: {}({db_name}{comma}{opts})",
            object_key(key),
            ty.builder.callee()
        );
        self.uses_sql |= ty.default_is_sql;
        (out, ty.default)
    }

    fn write_table(&mut self, def: &TableDef) -> String {
        let name = def.name.as_str();
        let binding = self.naming.tables.get(name).cloned().unwrap_or_default();
        self.used.insert("sqliteTable");
        let mut out = format!(
            "export const {binding} = sqliteTable({}, {{\n",
            js_string(name)
        );

        let mut inline_fks: Vec<&ForeignKey> = Vec::new();
        let mut callback_fks: Vec<&ForeignKey> = Vec::new();
        for fk in &def.fks {
            if !self.naming.tables.contains_key(&fk.table_to) {
                self.todos.push(format!(
                    "foreign key {:?} on {name} references {}, which is not part of the pulled schema",
                    fk.name, fk.table_to
                ));
                continue;
            }
            let generated = name_for_fk(&fk.table, &fk.columns, &fk.table_to, &fk.columns_to);
            if fk.table_to != fk.table && fk.columns.len() == 1 && fk.name == generated {
                inline_fks.push(fk);
            } else {
                callback_fks.push(fk);
            }
        }
        // A one-column key carrying the generated name is written on its column; a NOT NULL key
        // column stays NOT NULL only in the table-level form (drizzle drops it for `.primaryKey()`).
        let pk_inline = def.pk.as_ref().filter(|p| {
            p.columns.len() == 1
                && p.name == name_for_pk(name)
                && def
                    .columns
                    .iter()
                    .any(|c| Some(&c.name) == p.columns.first() && !c.not_null)
        });
        let pk_callback = def
            .pk
            .as_ref()
            .filter(|p| pk_inline.is_none() && !p.columns.is_empty());

        for c in &def.columns {
            let key = self.naming.column_key(name, &c.name).to_string();
            let (mut stmt, default) =
                self.column_head(&key, &c.name, &c.r#type, c.default.as_deref());
            let is_pk = pk_inline.is_some_and(|p| p.columns.first() == Some(&c.name));
            if is_pk {
                if c.autoincrement == Some(true) {
                    stmt.push_str(".primaryKey({ autoIncrement: true })");
                } else {
                    stmt.push_str(".primaryKey()");
                }
            } else if c.autoincrement == Some(true) {
                self.todos.push(format!(
                    "column {name}.{} is AUTOINCREMENT but not the table's one-column primary key, which drizzle-orm cannot express",
                    c.name
                ));
            }
            if let Some(d) = default {
                stmt.push_str(&format!(".default({d})"));
            }
            if c.not_null && !is_pk {
                stmt.push_str(".notNull()");
            }
            if let Some(g) = &c.generated {
                // The model wraps every generated expression in one pair of parentheses.
                let expr = self.sql(trim_pair(&g.r#as, '(', ')'));
                if g.r#type == "stored" {
                    stmt.push_str(&format!(
                        ".generatedAlwaysAs({expr}, {{ mode: \"stored\" }})"
                    ));
                } else {
                    stmt.push_str(&format!(
                        ".generatedAlwaysAs({expr}, {{ mode: \"virtual\" }})"
                    ));
                }
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

        let indexes: Vec<_> = def.indexes.iter().filter(|i| i.origin != "auto").collect();
        let has_extra = pk_callback.is_some()
            || !callback_fks.is_empty()
            || !indexes.is_empty()
            || !def.uniques.is_empty()
            || !def.checks.is_empty();
        if has_extra {
            let cyclic = callback_fks
                .iter()
                .any(|fk| fk.table_to != fk.table && self.is_cyclic(fk));
            if cyclic {
                self.used.insert("type SQLiteTableExtraConfigValue");
                out.push_str(", (table): SQLiteTableExtraConfigValue[] => [\n");
            } else {
                out.push_str(", (table) => [\n");
            }
            if let Some(p) = pk_callback {
                self.used.insert("primaryKey");
                let cols: Vec<String> = p
                    .columns
                    .iter()
                    .map(|c| self.naming.member("table", name, c))
                    .collect();
                let name_part = if p.name != name_for_pk(name) {
                    format!(", name: {}", js_string(&p.name))
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "\tprimaryKey({{ columns: [{}]{name_part} }}),\n",
                    cols.join(", ")
                ));
            }
            for fk in &callback_fks {
                out.push_str(&self.callback_fk(fk));
            }
            for idx in indexes {
                let func = if idx.is_unique {
                    "uniqueIndex"
                } else {
                    "index"
                };
                self.used.insert(func);
                let cols: Vec<String> = idx
                    .columns
                    .iter()
                    .map(|c| {
                        if c.is_expression {
                            self.sql(&c.value)
                        } else {
                            self.naming.member("table", name, &c.value)
                        }
                    })
                    .collect();
                out.push_str(&format!(
                    "\t{func}({}).on({})",
                    js_string(&idx.name),
                    cols.join(", ")
                ));
                if let Some(w) = &idx.r#where {
                    let w = self.sql(w);
                    out.push_str(&format!(".where({w})"));
                }
                out.push_str(",\n");
            }
            for u in &def.uniques {
                self.used.insert("unique");
                let name_part = if u.name != name_for_unique(name, &u.columns) {
                    js_string(&u.name)
                } else {
                    String::new()
                };
                let cols: Vec<String> = u
                    .columns
                    .iter()
                    .map(|c| self.naming.member("table", name, c))
                    .collect();
                out.push_str(&format!("\tunique({name_part}).on({}),\n", cols.join(", ")));
            }
            for c in &def.checks {
                self.used.insert("check");
                let expr = self.sql(&c.value);
                out.push_str(&format!("\tcheck({}, {expr}),\n", js_string(&c.name)));
            }
            out.push(']');
        }
        out.push_str(");");
        out
    }

    fn actions(fk: &ForeignKey) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (key, action) in [("onDelete", &fk.on_delete), ("onUpdate", &fk.on_update)] {
            if !action.is_empty() && !action.eq_ignore_ascii_case("NO ACTION") {
                out.push((key, action.to_lowercase()));
            }
        }
        out
    }

    fn inline_reference(&mut self, fk: &ForeignKey) -> String {
        let target = self
            .naming
            .tables
            .get(&fk.table_to)
            .cloned()
            .unwrap_or_default();
        let col = fk
            .columns_to
            .first()
            .map(String::as_str)
            .unwrap_or_default();
        let target_member = self.naming.member(&target, &fk.table_to, col);
        let type_suffix = if self.is_cyclic(fk) {
            self.used.insert("type AnySQLiteColumn");
            ": AnySQLiteColumn"
        } else {
            ""
        };
        let params: Vec<String> = Self::actions(fk)
            .into_iter()
            .map(|(k, v)| format!("{k}: \"{v}\""))
            .collect();
        if params.is_empty() {
            format!(".references((){type_suffix} => {target_member})")
        } else {
            format!(
                ".references((){type_suffix} => {target_member}, {{ {} }})",
                params.join(", ")
            )
        }
    }

    fn callback_fk(&mut self, fk: &ForeignKey) -> String {
        self.used.insert("foreignKey");
        let target_ref = if fk.table_to == fk.table {
            "table".to_string()
        } else {
            self.naming
                .tables
                .get(&fk.table_to)
                .cloned()
                .unwrap_or_default()
        };
        let cols: Vec<String> = fk
            .columns
            .iter()
            .map(|c| self.naming.member("table", &fk.table, c))
            .collect();
        let foreign: Vec<String> = fk
            .columns_to
            .iter()
            .map(|c| self.naming.member(&target_ref, &fk.table_to, c))
            .collect();
        let mut out = String::from("\tforeignKey({\n");
        out.push_str(&format!("\t\tcolumns: [{}],\n", cols.join(", ")));
        out.push_str(&format!("\t\tforeignColumns: [{}],\n", foreign.join(", ")));
        let generated = name_for_fk(&fk.table, &fk.columns, &fk.table_to, &fk.columns_to);
        if fk.name != generated {
            out.push_str(&format!("\t\tname: {},\n", js_string(&fk.name)));
        }
        out.push_str("\t})");
        // drizzle's builder methods take the action words in lower case.
        if !fk.on_update.is_empty() && !fk.on_update.eq_ignore_ascii_case("NO ACTION") {
            out.push_str(&format!(".onUpdate(\"{}\")", fk.on_update.to_lowercase()));
        }
        if !fk.on_delete.is_empty() && !fk.on_delete.eq_ignore_ascii_case("NO ACTION") {
            out.push_str(&format!(".onDelete(\"{}\")", fk.on_delete.to_lowercase()));
        }
        out.push_str(",\n");
        out
    }

    fn write_view(&mut self, v: &View, columns: &[&ViewColumn]) -> String {
        self.used.insert("sqliteView");
        let binding = self.naming.views.get(&v.name).cloned().unwrap_or_default();
        let mut out = format!(
            "export const {binding} = sqliteView({}, {{\n",
            js_string(&v.name)
        );
        for c in columns {
            let key = self.naming.view_column_key(&v.name, &c.name);
            let (mut stmt, _) = self.column_head(&key, &c.name, &c.sql_type, None);
            if c.not_null {
                stmt.push_str(".notNull()");
            }
            out.push('\t');
            out.push_str(&stmt);
            out.push_str(",\n");
        }
        out.push('}');
        if columns.is_empty() && !v.is_existing {
            self.todos.push(format!(
                "the columns of view {} are unknown; declare them in sqliteView's second argument",
                v.name
            ));
        }
        match (&v.definition, v.is_existing) {
            (Some(def), false) => {
                let q = self.sql(def);
                out.push_str(&format!(").as({q});"));
            }
            _ => {
                if !v.is_existing {
                    self.todos.push(format!(
                        "view {} has no readable definition{}; it is declared as existing",
                        v.name,
                        v.error
                            .as_ref()
                            .map(|e| format!(" ({e})"))
                            .unwrap_or_default()
                    ));
                }
                out.push_str(").existing();");
            }
        }
        out
    }
}

/// The tables as relations.ts sees them: FKs to tables outside the pulled schema have no target.
fn relation_tables(
    ddl: &SqliteDdl,
    defs: &HashMap<&str, TableDef>,
    naming: &Naming,
) -> Vec<RelTable> {
    let keys = |table: &str, cols: &[String]| -> Vec<String> {
        cols.iter()
            .map(|c| naming.column_key(table, c).to_string())
            .collect()
    };
    ddl.tables
        .iter()
        .filter_map(|t| {
            let binding = naming.tables.get(&t.name)?;
            let def = defs.get(t.name.as_str())?;
            let fks = def
                .fks
                .iter()
                .filter_map(|fk| {
                    let target = naming.tables.get(&fk.table_to)?;
                    let unique = def.uniques.iter().any(|u| u.columns == fk.columns)
                        || def.indexes.iter().any(|i| {
                            i.is_unique
                                && i.columns
                                    .iter()
                                    .filter(|c| !c.is_expression)
                                    .map(|c| &c.value)
                                    .eq(fk.columns.iter())
                        });
                    Some(RelFk {
                        target: target.clone(),
                        columns: keys(&t.name, &fk.columns),
                        columns_to: keys(&fk.table_to, &fk.columns_to),
                        unique,
                    })
                })
                .collect();
            Some(RelTable {
                binding: binding.clone(),
                column_keys: def
                    .columns
                    .iter()
                    .map(|c| naming.column_key(&t.name, &c.name).to_string())
                    .collect(),
                fks,
            })
        })
        .collect()
}

pub fn sqlite_to_typescript(ddl: &SqliteDdl, options: CodegenOptions) -> Result<GeneratedFiles> {
    let tables = ddl.table_names();
    for c in &ddl.columns {
        if !tables.contains(c.table.as_str()) {
            return Err(Error::input(format!(
                "pulled schema: column `{}`.`{}` belongs to no table",
                c.table, c.name
            )));
        }
    }
    let naming = naming(ddl, &options);
    let defs = ddl.table_defs(ddl.tables.iter().map(|t| t.name.as_str()));
    let mut w = Writer {
        naming,
        used: HashSet::new(),
        uses_sql: false,
        todos: Vec::new(),
        fk_pairs: ddl
            .fks
            .iter()
            .map(|fk| (fk.table.as_str(), fk.table_to.as_str()))
            .collect(),
    };
    let tables_ts: Vec<String> = ddl
        .tables
        .iter()
        .filter_map(|t| defs.get(t.name.as_str()))
        .map(|def| w.write_table(def))
        .collect();
    let views_ts: Vec<String> = ddl
        .views
        .iter()
        .map(|v| {
            let cols: Vec<&ViewColumn> = options
                .view_columns
                .iter()
                .filter(|c| c.view == v.name)
                .collect();
            w.write_view(v, &cols)
        })
        .collect();

    let builders = ddl
        .columns
        .iter()
        .map(|c| c.r#type.as_str())
        .chain(options.view_columns.iter().map(|c| c.sql_type.as_str()))
        .map(|t| types::Builder::for_type(t).import());
    let mut imports: Vec<&str> = Vec::new();
    let index_builders = ddl
        .indexes
        .iter()
        .map(|i| if i.is_unique { "uniqueIndex" } else { "index" });
    for name in std::iter::once("sqliteTable")
        .chain(index_builders)
        .chain(IMPORT_CONSTRAINTS.iter().copied())
        .chain(builders)
        .chain(IMPORT_TAIL.iter().copied())
    {
        if w.used.contains(name) && !imports.contains(&name) {
            imports.push(name);
        }
    }
    let file = FlatFile {
        core_module: "drizzle-orm/sqlite-core",
        imports: &imports,
        uses_sql: w.uses_sql,
        tables: &tables_ts,
        views: &views_ts,
        todos: &w.todos,
    }
    .render();
    let relations = relations_ts(
        &relation_tables(ddl, &defs, &w.naming),
        options.casing,
        options.schema_module.as_deref().unwrap_or("./schema"),
    );
    Ok(GeneratedFiles {
        schema_ts: file,
        relations_ts: relations,
    })
}

impl crate::codegen::Codegen for crate::model::sqlite::Sqlite {
    fn typescript(
        ddl: &SqliteDdl,
        found: &Vec<ViewColumn>,
        casing: Casing,
    ) -> Result<GeneratedFiles> {
        sqlite_to_typescript(
            ddl,
            CodegenOptions {
                casing,
                view_columns: found.clone(),
                schema_module: None,
            },
        )
    }
    /// Indexes SQLite made itself behind constraints are not counted.
    fn counts(ddl: &SqliteDdl) -> Counts {
        Counts {
            tables: ddl.tables.len(),
            columns: ddl.columns.len(),
            indexes: ddl.indexes.iter().filter(|i| i.origin != "auto").count(),
            foreign_keys: ddl.fks.len(),
            views: ddl.views.len(),
            ..Counts::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sqlite::interim;

    fn from_description(json: &str) -> SqliteDdl {
        interim::build(&interim::parse(json).unwrap()).unwrap()
    }

    #[test]
    fn constraints_keep_non_generated_names_and_actions() {
        let ddl = from_description(
            r#"{"tables":[
              {"name":"parents","columns":[{"name":"id","sqlType":"integer","primary":true,"autoincrement":true}]},
              {"name":"children","columns":[
                 {"name":"id","sqlType":"integer","primary":true},
                 {"name":"parent_id","sqlType":"integer","notNull":true},
                 {"name":"code","sqlType":"text"}],
               "foreignKeys":[{"name":null,"columns":["parent_id"],"tableTo":"parents","columnsTo":["id"],"onDelete":"cascade"},
                              {"name":"self_fk","columns":["code"],"tableTo":"children","columnsTo":["code"]}],
               "uniqueConstraints":[{"name":null,"columns":["code"]},{"name":"u_named","columns":["parent_id","code"]}],
               "indexes":[{"name":"c_idx","columns":[{"value":"lower(code)","isExpression":true}],"unique":false,"where":"\"children\".\"id\" > 0"}],
               "checks":[{"name":"c_chk","value":"\"children\".\"id\" > 0"}]}]}"#,
        );
        let out = sqlite_to_typescript(&ddl, CodegenOptions::default()).unwrap();
        let ts = &out.schema_ts;
        assert!(
            ts.contains("id: integer().primaryKey({ autoIncrement: true }),"),
            "{ts}"
        );
        assert!(
            ts.contains("parentId: integer(\"parent_id\").notNull().references(() => parents.id, { onDelete: \"cascade\" }),"),
            "{ts}"
        );
        assert!(
            ts.contains("\t\tforeignColumns: [table.code],\n\t\tname: \"self_fk\",\n"),
            "{ts}"
        );
        assert!(ts.contains("\tunique().on(table.code),\n"), "{ts}");
        assert!(
            ts.contains("\tunique(\"u_named\").on(table.parentId, table.code),\n"),
            "{ts}"
        );
        assert!(
            ts.contains(
                "\tindex(\"c_idx\").on(sql`lower(code)`).where(sql`\"children\".\"id\" > 0`),\n"
            ),
            "{ts}"
        );
        assert!(
            ts.contains("\tcheck(\"c_chk\", sql`\"id\" > 0`),\n"),
            "{ts}"
        );
        assert!(
            ts.starts_with("import { sqliteTable, index, foreignKey, unique, check, integer, text } from \"drizzle-orm/sqlite-core\"\nimport { sql } from \"drizzle-orm\"\n"),
            "{ts}"
        );
        assert!(
            out.relations_ts
                .contains("parents: {\n\t\tchildren: r.many.children(),"),
            "{}",
            out.relations_ts
        );
    }

    #[test]
    fn not_null_single_key_and_unknown_targets() {
        let ddl = from_description(
            r#"{"tables":[{"name":"t","columns":[{"name":"code","sqlType":"text","notNull":true}],
               "primaryKeys":[{"name":null,"columns":["code"],"tableOfKey":"t"}],
               "foreignKeys":[{"name":null,"columns":["code"],"tableTo":"elsewhere","columnsTo":["code"]}]}]}"#,
        );
        let ts = sqlite_to_typescript(&ddl, CodegenOptions::default())
            .unwrap()
            .schema_ts;
        assert!(ts.contains("code: text().notNull(),"), "{ts}");
        assert!(
            ts.contains("\tprimaryKey({ columns: [table.code] }),"),
            "{ts}"
        );
        assert!(
            ts.contains(
                "// TODO: foreign key \"fk_t_code_elsewhere_code_fk\" on t references elsewhere"
            ),
            "{ts}"
        );
    }
}
