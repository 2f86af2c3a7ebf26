//! The MySQL model written as a drizzle-orm 1.0 `mysql-core` `schema.ts` (pull).
//!
//! Names follow the casing and collision rules every wing shares (`codegen::names`), relations.ts
//! is the shared `codegen::relations`. The file is written so that describing it again gives the
//! same rows, in the same order within each table:
//! - drizzle lists column-level uniques before `unique()` constraints before indexes, and inline
//!   `.references()` before `foreignKey()`: each row takes the earliest form its shape allows that
//!   keeps that order (`Form`);
//! - a name is written whenever it is explicit or not the one drizzle would generate;
//! - a default is a TypeScript value only when it serialises back to the same SQL (`types`).
//!
//! What drizzle-orm cannot express is listed in `// TODO:` comments at the end of the file.

pub mod types;

use std::collections::{HashMap, HashSet};

use crate::codegen::names::{js_string, object_key, Casing, FlatNaming};
use crate::codegen::relations::{relations_ts, RelFk, RelTable};
use crate::codegen::ts::{sql_template, FlatFile};
use crate::codegen::{Codegen, Counts, GeneratedFiles};
use crate::error::{Error, Result};
use crate::model::mysql::grammar::{name_for_fk, name_for_unique};
use crate::model::mysql::{
    Check, Column, ForeignKey, Index, Mysql, MysqlDdl, PrimaryKey, View, ViewColumn,
};
use crate::model::{first_by_key, group};
use types::column_ts;

#[derive(Debug, Clone, Default)]
pub struct CodegenOptions {
    pub casing: Casing,
    /// The columns of each view (the rows do not carry them; introspection reads them).
    pub view_columns: Vec<ViewColumn>,
    /// Module specifier relations.ts imports the schema from (`./schema` by default).
    pub schema_module: Option<String>,
}

/// mysql-core exports besides the column builders (`types::BUILDERS`), so that no binding
/// shadows one.
const CORE_NAMES: &[&str] = &[
    "mysqlTable",
    "mysqlView",
    "index",
    "uniqueIndex",
    "foreignKey",
    "primaryKey",
    "unique",
    "check",
    "AnyMySqlColumn",
    "MySqlTableExtraConfigValue",
    "sql",
];

/// Imports in rc.5's order: the table, the column builders in the order of their first column, the
/// table-level builders and the view; the types last.
const IMPORT_HEAD: &[&str] = &["mysqlTable"];
const IMPORT_AFTER_BUILDERS: &[&str] = &[
    "primaryKey",
    "foreignKey",
    "uniqueIndex",
    "index",
    "unique",
    "check",
    "mysqlView",
];
const IMPORT_TAIL: &[&str] = &["type AnyMySqlColumn", "type MySqlTableExtraConfigValue"];

/// Where a constraint is written; rows of one table must keep drizzle's order of forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    /// `.unique()` / `.references()` on the column.
    Column,
    /// `unique().on(…)` in the table's callback.
    Constraint,
    /// `index()` / `uniqueIndex()` in the table's callback (a foreign key not on its column is
    /// `foreignKey()` there in either table-level form).
    Callback,
}

/// Each row's form: the earliest its shape allows, never before an earlier row's; the column
/// forms also follow the column order (`position`), as drizzle collects them column by column.
fn forms<T>(
    rows: &[&T],
    earliest: impl Fn(&T) -> Form,
    position: impl Fn(&T) -> Option<usize>,
) -> Vec<Form> {
    let mut floor = Form::Column;
    let mut last_position = 0;
    rows.iter()
        .map(|r| {
            let mut form = earliest(r);
            if form == Form::Column {
                match position(r) {
                    Some(p) if p >= last_position => last_position = p,
                    _ => form = Form::Constraint,
                }
            }
            floor = floor.max(form);
            floor
        })
        .collect()
}

fn plain_columns(idx: &Index) -> Option<Vec<&String>> {
    idx.columns
        .iter()
        .map(|c| (!c.is_expression).then_some(&c.value))
        .collect()
}

fn index_form(idx: &Index) -> Form {
    let plain = plain_columns(idx);
    let options = idx.using.is_some() || idx.algorithm.is_some() || idx.lock.is_some();
    match plain {
        Some(cols) if idx.is_unique && !options && cols.len() == 1 => Form::Column,
        Some(cols) if idx.is_unique && !options && !cols.is_empty() => Form::Constraint,
        _ => Form::Callback,
    }
}

/// The name argument of a unique: written when explicit or not drizzle's generated one.
fn unique_name(idx: &Index) -> Option<String> {
    let cols: Vec<String> = idx.columns.iter().map(|c| c.value.clone()).collect();
    (idx.name_explicit || idx.name != name_for_unique(&cols)).then(|| js_string(&idx.name))
}

fn fk_generated(fk: &ForeignKey) -> bool {
    !fk.name_explicit
        && fk.name == name_for_fk(&fk.table, &fk.columns, &fk.table_to, &fk.columns_to)
}

fn fk_form(fk: &ForeignKey) -> Form {
    if fk.columns.len() == 1 && fk.table_to != fk.table && fk_generated(fk) {
        Form::Column
    } else {
        Form::Callback
    }
}

/// drizzle's builder methods take the action words in lower case; NO ACTION is the default.
fn actions(fk: &ForeignKey) -> Vec<(&'static str, String)> {
    [("onUpdate", &fk.on_update), ("onDelete", &fk.on_delete)]
        .into_iter()
        .filter(|(_, a)| !a.is_empty() && !a.eq_ignore_ascii_case("NO ACTION"))
        .map(|(k, a)| (k, a.to_lowercase()))
        .collect()
}

/// A pulled schema's rows grouped by table once: filtering every row per table was quadratic at a
/// thousand tables.
struct ByTable<'a> {
    columns: HashMap<&'a str, Vec<&'a Column>>,
    pks: HashMap<&'a str, &'a PrimaryKey>,
    indexes: HashMap<&'a str, Vec<&'a Index>>,
    fks: HashMap<&'a str, Vec<&'a ForeignKey>>,
    checks: HashMap<&'a str, Vec<&'a Check>>,
}

impl<'a> ByTable<'a> {
    fn new(ddl: &'a MysqlDdl) -> Self {
        ByTable {
            columns: group(&ddl.columns, |c| c.table.as_str()),
            pks: first_by_key(&ddl.pks, |p| p.table.as_str()),
            indexes: group(&ddl.indexes, |i| i.table.as_str()),
            fks: group(&ddl.fks, |f| f.table.as_str()),
            checks: group(&ddl.checks, |c| c.table.as_str()),
        }
    }

    fn of<T>(map: &HashMap<&'a str, Vec<&'a T>>, table: &str) -> Vec<&'a T> {
        map.get(table).cloned().unwrap_or_default()
    }
}

struct Writer<'a> {
    naming: FlatNaming,
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

    /// `key: builder("db_name", …args)` and what the type says about the chain.
    fn column_head(
        &mut self,
        key: &str,
        name: &str,
        sql_type: &str,
        default: Option<&str>,
    ) -> (String, types::ColumnTs) {
        let ty = column_ts(sql_type, default);
        self.used.insert(ty.import);
        let mut args = Vec::new();
        if key != name {
            args.push(js_string(name));
        }
        args.extend(ty.args());
        self.uses_sql |= ty.default_is_sql;
        (
            format!("{}: {}({})", object_key(key), ty.callee, args.join(", ")),
            ty,
        )
    }

    fn column(
        &mut self,
        table: &str,
        c: &Column,
        inline_pk: bool,
        uniques: &[&Index],
        fks: &[&ForeignKey],
    ) -> String {
        let key = self.naming.column_key(table, &c.name).to_string();
        let (mut out, ty) = self.column_head(&key, &c.name, &c.r#type, c.default.as_deref());
        let whole = format!("{table}.{}", c.name);
        if c.auto_increment && !ty.implies_serial() {
            if ty.takes_autoincrement() {
                out.push_str(".autoincrement()");
            } else {
                self.todos.push(format!(
                    "column {whole} is AUTO_INCREMENT, which drizzle-orm's {} builder cannot declare",
                    ty.import
                ));
            }
        }
        if inline_pk {
            out.push_str(".primaryKey()");
        }
        if ty.default_now {
            out.push_str(".defaultNow()");
        } else if let Some(d) = &ty.default {
            out.push_str(&format!(".default({d})"));
        }
        if c.on_update_now {
            if ty.takes_now() {
                match c.on_update_now_fsp {
                    Some(fsp) => out.push_str(&format!(".onUpdateNow({{ fsp: {fsp} }})")),
                    None => out.push_str(".onUpdateNow()"),
                }
            } else {
                self.todos.push(format!(
                    "column {whole} is ON UPDATE CURRENT_TIMESTAMP, which drizzle-orm declares on datetime and timestamp columns only"
                ));
            }
        }
        if ty.takes_charset() {
            if let Some(charset) = &c.char_set {
                out.push_str(&format!(".charSet({})", js_string(charset)));
            }
            if let Some(collation) = &c.collation {
                out.push_str(&format!(".collate({})", js_string(collation)));
            }
        } else if c.char_set.is_some() || c.collation.is_some() {
            self.todos.push(format!(
                "column {whole} has its own character set or collation ({}), which drizzle-orm declares on char, varchar, text and enum columns only",
                [c.char_set.as_deref(), c.collation.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if c.not_null && !inline_pk && !ty.implies_serial() {
            out.push_str(".notNull()");
        }
        for u in uniques {
            match unique_name(u) {
                Some(n) => out.push_str(&format!(".unique({n})")),
                None => out.push_str(".unique()"),
            }
        }
        for fk in fks {
            out.push_str(&self.inline_reference(fk));
        }
        if let Some(g) = &c.generated {
            let expr = self.sql(&g.r#as);
            out.push_str(&format!(
                ".generatedAlwaysAs({expr}, {{ mode: \"{}\" }})",
                if g.r#type == "stored" {
                    "stored"
                } else {
                    "virtual"
                }
            ));
        }
        out
    }

    fn write_table(&mut self, rows: &ByTable, name: &str) -> String {
        let binding = self.naming.tables.get(name).cloned().unwrap_or_default();
        self.used.insert("mysqlTable");
        let columns: Vec<&Column> = ByTable::of(&rows.columns, name);
        let pk = rows
            .pks
            .get(name)
            .copied()
            .filter(|p| !p.columns.is_empty());
        // A one-column key on a NOT NULL column is written on it (`.primaryKey()` makes the
        // column NOT NULL, so a nullable one keeps the table-level form and its nullability).
        let inline_pk = pk.and_then(|p| match p.columns.as_slice() {
            [only] if columns.iter().any(|c| &c.name == only && c.not_null) => Some(only),
            _ => None,
        });

        let indexes: Vec<&Index> = ByTable::of(&rows.indexes, name);
        let position =
            |column: Option<&String>| columns.iter().position(|c| Some(&c.name) == column);
        let index_forms = forms(&indexes, index_form, |i| {
            position(i.columns.first().map(|c| &c.value))
        });
        let mut fks: Vec<&ForeignKey> = Vec::new();
        for fk in ByTable::of(&rows.fks, name) {
            if self.naming.tables.contains_key(&fk.table_to) {
                fks.push(fk);
            } else {
                self.todos.push(format!(
                    "foreign key {:?} on {name} references {}, which is not part of the pulled schema",
                    fk.name, fk.table_to
                ));
            }
        }
        let fk_forms = forms(&fks, fk_form, |fk| position(fk.columns.first()));

        let mut out = format!(
            "export const {binding} = mysqlTable({}, {{\n",
            js_string(name)
        );
        for c in &columns {
            let first_is = |cols: &[String]| cols.first() == Some(&c.name);
            let uniques: Vec<&Index> = indexes
                .iter()
                .zip(&index_forms)
                .filter(|(i, f)| {
                    **f == Form::Column && i.columns.first().map(|x| &x.value) == Some(&c.name)
                })
                .map(|(i, _)| *i)
                .collect();
            let inline_fks: Vec<&ForeignKey> = fks
                .iter()
                .zip(&fk_forms)
                .filter(|(fk, f)| **f == Form::Column && first_is(&fk.columns))
                .map(|(fk, _)| *fk)
                .collect();
            let line = self.column(name, c, inline_pk == Some(&c.name), &uniques, &inline_fks);
            out.push('\t');
            out.push_str(&line);
            out.push_str(",\n");
        }
        out.push('}');

        let mut extra: Vec<String> = Vec::new();
        if let (Some(p), None) = (pk, inline_pk) {
            self.used.insert("primaryKey");
            let cols: Vec<String> = p
                .columns
                .iter()
                .map(|c| self.naming.member("table", name, c))
                .collect();
            extra.push(format!("primaryKey({{ columns: [{}] }})", cols.join(", ")));
        }
        let callback_fks: Vec<&ForeignKey> = fks
            .iter()
            .zip(&fk_forms)
            .filter(|(_, f)| **f != Form::Column)
            .map(|(fk, _)| *fk)
            .collect();
        for fk in &callback_fks {
            extra.push(self.callback_fk(fk));
        }
        for (idx, form) in indexes.iter().zip(&index_forms) {
            match form {
                Form::Column => {}
                Form::Constraint => {
                    self.used.insert("unique");
                    let cols: Vec<String> = idx
                        .columns
                        .iter()
                        .map(|c| self.naming.member("table", name, &c.value))
                        .collect();
                    extra.push(format!(
                        "unique({}).on({})",
                        unique_name(idx).unwrap_or_default(),
                        cols.join(", ")
                    ));
                }
                Form::Callback => extra.push(self.index(name, idx)),
            }
        }
        for ch in ByTable::of(&rows.checks, name) {
            self.used.insert("check");
            let expr = self.sql(&ch.value);
            extra.push(format!("check({}, {expr})", js_string(&ch.name)));
        }
        if !extra.is_empty() {
            let cyclic = callback_fks
                .iter()
                .any(|fk| fk.table_to != fk.table && self.is_cyclic(fk));
            if cyclic {
                self.used.insert("type MySqlTableExtraConfigValue");
                out.push_str(", (table): MySqlTableExtraConfigValue[] => [\n");
            } else {
                out.push_str(", (table) => [\n");
            }
            for e in extra {
                out.push('\t');
                out.push_str(&e);
                out.push_str(",\n");
            }
            out.push(']');
        }
        out.push_str(");");
        out
    }

    fn index(&mut self, table: &str, idx: &Index) -> String {
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
                    self.naming.member("table", table, &c.value)
                }
            })
            .collect();
        let mut out = format!("{func}({}).on({})", js_string(&idx.name), cols.join(", "));
        for (method, value) in [
            ("using", &idx.using),
            ("algorithm", &idx.algorithm),
            ("lock", &idx.lock),
        ] {
            if let Some(v) = value {
                out.push_str(&format!(".{method}({})", js_string(v)));
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
            self.used.insert("type AnyMySqlColumn");
            ": AnyMySqlColumn"
        } else {
            ""
        };
        let params: Vec<String> = actions(fk)
            .into_iter()
            .map(|(k, v)| format!("{k}: {}", js_string(&v)))
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
        let target = if fk.table_to == fk.table {
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
            .map(|c| self.naming.member(&target, &fk.table_to, c))
            .collect();
        let mut out = String::from("foreignKey({\n");
        out.push_str(&format!("\t\tcolumns: [{}],\n", cols.join(", ")));
        out.push_str(&format!("\t\tforeignColumns: [{}],\n", foreign.join(", ")));
        if !fk_generated(fk) {
            out.push_str(&format!("\t\tname: {},\n", js_string(&fk.name)));
        }
        out.push_str("\t})");
        for (method, action) in actions(fk) {
            out.push_str(&format!(".{method}({})", js_string(&action)));
        }
        out
    }

    fn write_view(&mut self, v: &View, columns: &[&ViewColumn]) -> String {
        self.used.insert("mysqlView");
        let binding = self.naming.views.get(&v.name).cloned().unwrap_or_default();
        let mut out = format!(
            "export const {binding} = mysqlView({}, {{\n",
            js_string(&v.name)
        );
        for c in columns {
            let key = self.naming.view_column_key(&v.name, &c.name);
            let (mut line, _) = self.column_head(&key, &c.name, &c.sql_type, None);
            if c.not_null {
                line.push_str(".notNull()");
            }
            out.push('\t');
            out.push_str(&line);
            out.push_str(",\n");
        }
        out.push('}');
        out.push(')');
        if columns.is_empty() {
            self.todos.push(format!(
                "the columns of view {} are unknown; declare them in mysqlView's second argument",
                v.name
            ));
        }
        if v.algorithm != "undefined" {
            out.push_str(&format!(".algorithm({})", js_string(&v.algorithm)));
        }
        if v.sql_security != "definer" {
            out.push_str(&format!(".sqlSecurity({})", js_string(&v.sql_security)));
        }
        if let Some(option) = &v.with_check_option {
            out.push_str(&format!(".withCheckOption({})", js_string(option)));
        }
        let query = self.sql(&v.definition);
        out.push_str(&format!(".as({query});"));
        out
    }
}

/// The tables as relations.ts sees them: FKs to tables outside the pulled schema have no target.
fn relation_tables(ddl: &MysqlDdl, rows: &ByTable, naming: &FlatNaming) -> Vec<RelTable> {
    let keys = |table: &str, cols: &[String]| -> Vec<String> {
        cols.iter()
            .map(|c| naming.column_key(table, c).to_string())
            .collect()
    };
    ddl.tables
        .iter()
        .filter_map(|t| {
            let binding = naming.tables.get(&t.name)?;
            let indexes = ByTable::of(&rows.indexes, &t.name);
            let fks = ByTable::of(&rows.fks, &t.name)
                .into_iter()
                .filter_map(|fk| {
                    let target = naming.tables.get(&fk.table_to)?;
                    let unique = indexes.iter().any(|i| {
                        i.is_unique
                            && plain_columns(i)
                                .is_some_and(|cols| cols.into_iter().eq(fk.columns.iter()))
                    }) || rows
                        .pks
                        .get(t.name.as_str())
                        .is_some_and(|p| p.columns == fk.columns);
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
                column_keys: ByTable::of(&rows.columns, &t.name)
                    .into_iter()
                    .map(|c| naming.column_key(&t.name, &c.name).to_string())
                    .collect(),
                fks,
            })
        })
        .collect()
}

pub fn mysql_to_typescript(ddl: &MysqlDdl, options: CodegenOptions) -> Result<GeneratedFiles> {
    let rows = ByTable::new(ddl);
    let tables: HashSet<&str> = ddl.tables.iter().map(|t| t.name.as_str()).collect();
    for c in &ddl.columns {
        if !tables.contains(c.table.as_str()) {
            return Err(Error::input(format!(
                "pulled schema: column `{}`.`{}` belongs to no table",
                c.table, c.name
            )));
        }
    }
    let reserved: Vec<&str> = CORE_NAMES.iter().chain(types::BUILDERS).copied().collect();
    let naming = FlatNaming::new(
        &reserved,
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
    );
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
        .map(|t| w.write_table(&rows, &t.name))
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
        .map(|t| column_ts(t, None).import);
    let mut imports: Vec<&str> = Vec::new();
    for name in IMPORT_HEAD
        .iter()
        .copied()
        .chain(builders)
        .chain(IMPORT_AFTER_BUILDERS.iter().copied())
        .chain(IMPORT_TAIL.iter().copied())
    {
        if w.used.contains(name) && !imports.contains(&name) {
            imports.push(name);
        }
    }
    let file = FlatFile {
        core_module: "drizzle-orm/mysql-core",
        imports: &imports,
        uses_sql: w.uses_sql,
        tables: &tables_ts,
        views: &views_ts,
        todos: &w.todos,
    }
    .render();
    let relations = relations_ts(
        &relation_tables(ddl, &rows, &w.naming),
        options.casing,
        options.schema_module.as_deref().unwrap_or("./schema"),
    );
    Ok(GeneratedFiles {
        schema_ts: file,
        relations_ts: relations,
    })
}

impl Codegen for Mysql {
    fn typescript(
        ddl: &MysqlDdl,
        found: &Vec<ViewColumn>,
        casing: Casing,
    ) -> Result<GeneratedFiles> {
        mysql_to_typescript(
            ddl,
            CodegenOptions {
                casing,
                view_columns: found.clone(),
                schema_module: None,
            },
        )
    }

    /// Unique constraints are unique indexes in MySQL: every index row counts.
    fn counts(ddl: &MysqlDdl) -> Counts {
        Counts {
            tables: ddl.tables.len(),
            columns: ddl.columns.len(),
            indexes: ddl.indexes.len(),
            foreign_keys: ddl.fks.len(),
            views: ddl.views.len(),
            ..Counts::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mysql::interim;

    fn from_description(json: &str) -> MysqlDdl {
        interim::build(&interim::parse(json).unwrap()).unwrap()
    }

    #[test]
    fn forms_keep_drizzle_order_and_names() {
        let ddl = from_description(
            r#"{"tables":[
              {"name":"parents","columns":[{"name":"id","sqlType":"serial","primary":true,"notNull":true}]},
              {"name":"children","columns":[
                 {"name":"id","sqlType":"int","primary":true,"notNull":true,"autoincrement":true},
                 {"name":"parent_id","sqlType":"bigint unsigned","notNull":true},
                 {"name":"code","sqlType":"varchar(20)","isUnique":true}],
               "foreignKeys":[{"name":null,"columns":["parent_id"],"tableTo":"parents","columnsTo":["id"],"onDelete":"cascade"},
                              {"name":"self_fk","columns":["code"],"tableTo":"children","columnsTo":["code"]}],
               "uniqueConstraints":[{"name":null,"columns":["parent_id","code"]}],
               "indexes":[{"name":"c_idx","columns":[{"value":"code","isExpression":false}],"unique":true,"using":"btree"}],
               "checks":[{"name":"c_chk","value":"`children`.`id` > 0"}]}]}"#,
        );
        let out = mysql_to_typescript(&ddl, CodegenOptions::default()).unwrap();
        let ts = &out.schema_ts;
        assert!(ts.contains("\tid: serial().primaryKey(),\n"), "{ts}");
        assert!(
            ts.contains("\tid: int().autoincrement().primaryKey(),\n"),
            "{ts}"
        );
        assert!(
            ts.contains("\tparentId: bigint(\"parent_id\", { mode: \"number\", unsigned: true }).notNull().references(() => parents.id, { onDelete: \"cascade\" }),\n"),
            "{ts}"
        );
        assert!(
            ts.contains("\tcode: varchar({ length: 20 }).unique(),\n"),
            "{ts}"
        );
        assert!(ts.contains("\t\tname: \"self_fk\",\n"), "{ts}");
        assert!(
            ts.contains("\tunique().on(table.parentId, table.code),\n"),
            "{ts}"
        );
        assert!(
            ts.contains("\tuniqueIndex(\"c_idx\").on(table.code).using(\"btree\"),\n"),
            "{ts}"
        );
        assert!(ts.contains("\tcheck(\"c_chk\", sql`"), "{ts}");
        assert!(
            out.relations_ts.contains("children: r.many.children()"),
            "{}",
            out.relations_ts
        );
    }
}
