//! PostgreSQL's hazard rules.
//!
//! Locks and rewrites matter only for tables that already hold rows, so the analysis follows the
//! statements in order: a table created earlier in the same plan or file is new and empty, and what
//! happens to it is no hazard. Column types, enum values and validated `IS NOT NULL` checks start from
//! the previous schema state (when the caller has it) and follow the statements.

use std::collections::HashMap;

use super::{
    has_prefix, has_seq, skip_kws, statement, top_level_parts, Allow, Class, Hazard, Lexical, Rule,
    SafePlan, Safety, Severity, Statement, Tok,
};
use crate::diff::pg::Statement as PgStatement;
use crate::error::Result;
use crate::fasthash::{FastMap, FastSet};
use crate::model::pg::{Pg, PgDdl};
use crate::sql::RoleStatements;

impl Safety for Pg {
    fn hazards(statements: &[String], prev: &PgDdl) -> Vec<Hazard> {
        analyse_plan(statements, Some(prev))
    }
    fn safe_forms(
        plan: &[PgStatement],
        prev: &PgDdl,
        cur: &PgDdl,
        roles: RoleStatements,
    ) -> Option<SafePlan<PgStatement, PgDdl>> {
        super::pg_safe::safe_forms(plan, prev, cur, roles)
    }
    fn prepare_down(plan: &mut [PgStatement]) {
        // The previous schema's drizzle objects are gone; the views' SQL text orders their re-creation.
        crate::diff::pg::sort_created_views(plan, &Default::default());
        // `migrate --down` runs each down in a transaction, where Postgres refuses CONCURRENTLY; the
        // catalog does not record it, so the plain form restores the same index.
        for st in plan {
            if let PgStatement::CreateIndex { index } | PgStatement::RecreateIndex { index, .. } =
                st
            {
                index.concurrently = false;
            }
        }
    }
}

pub const DROP_TABLE: Rule = Rule::new(
    "drop-table",
    Severity::Error,
    Class::DataLoss,
    "Deploy the application without the table first and keep a copy (or rename it aside) until nobody misses it; then drop it.",
);
pub const DROP_COLUMN: Rule = Rule::new(
    "drop-column",
    Severity::Error,
    Class::DataLoss,
    "Deploy the application without any read or write of the column first; drop it in a later migration.",
);
pub const DROP_SCHEMA: Rule = Rule::new(
    "drop-schema",
    Severity::Error,
    Class::DataLoss,
    "Move or back up what the schema still holds; drop it on its own once it is empty.",
);
pub const TRUNCATE: Rule = Rule::new(
    "truncate",
    Severity::Error,
    Class::DataLoss,
    "Delete only the rows you mean to, in batches, or copy them aside first.",
);
pub const TYPE_NARROWING: Rule = Rule::new(
    "type-narrowing",
    Severity::Error,
    Class::DataLoss,
    "Check that every value fits the new type first, or add a column of the new type, backfill it with an explicit conversion and switch over.",
);
pub const ENUM_VALUE_REMOVED: Rule = Rule::new(
    "enum-value-removed",
    Severity::Error,
    Class::DataLoss,
    "Move the rows that hold the value to another value in an earlier migration, then remove it.",
);
pub const TYPE_REWRITE: Rule = Rule::new(
    "type-rewrite",
    Severity::Warning,
    Class::Rewrite,
    "Add a column of the new type, backfill it in batches, move the application to it, then drop the old column.",
);
pub const STORED_GENERATED_COLUMN: Rule = Rule::new(
    "stored-generated-column",
    Severity::Warning,
    Class::Rewrite,
    "Add a plain nullable column and fill it in batches (a trigger keeps new rows filled), or compute the value in a view.",
);
pub const VOLATILE_DEFAULT: Rule = Rule::new(
    "volatile-default",
    Severity::Warning,
    Class::Rewrite,
    "Add the column without that default, set the default in a second statement (it then applies to new rows only), and backfill existing rows in batches.",
);
pub const REQUIRED_COLUMN: Rule = Rule::new(
    "required-column",
    Severity::Warning,
    Class::Failure,
    "Add the column with a DEFAULT, or nullable: backfill it, then make it NOT NULL.",
);
pub const INDEX_NOT_CONCURRENT: Rule = Rule::new(
    "index-not-concurrent",
    Severity::Warning,
    Class::Lock,
    "CREATE INDEX CONCURRENTLY, in a migration of its own that runs outside a transaction (first line `-- sleet:no-transaction`).",
);
pub const FK_NOT_VALID: Rule = Rule::new(
    "fk-not-valid",
    Severity::Warning,
    Class::Lock,
    "Add the foreign key with NOT VALID, then VALIDATE CONSTRAINT in a second statement: validating lets reads and writes through.",
);
pub const CHECK_NOT_VALID: Rule = Rule::new(
    "check-not-valid",
    Severity::Warning,
    Class::Lock,
    "Add the check with NOT VALID, then VALIDATE CONSTRAINT in a second statement: validating lets reads and writes through.",
);
pub const SET_NOT_NULL: Rule = Rule::new(
    "set-not-null",
    Severity::Warning,
    Class::Lock,
    "Add CHECK (column IS NOT NULL) NOT VALID and VALIDATE it first: SET NOT NULL then skips the scan (Postgres 12+); drop the check afterwards.",
);
pub const CONSTRAINT_BUILDS_INDEX: Rule = Rule::new(
    "constraint-builds-index",
    Severity::Warning,
    Class::Lock,
    "CREATE UNIQUE INDEX CONCURRENTLY first (in its own no-transaction migration), then ADD CONSTRAINT … USING INDEX.",
);
pub const RENAME_COLUMN: Rule = Rule::new(
    "rename-column",
    Severity::Warning,
    Class::Compatibility,
    "Add the new column, write both, backfill, move reads to the new one, then drop the old one in a later deploy.",
);
pub const RENAME_TABLE: Rule = Rule::new(
    "rename-table",
    Severity::Warning,
    Class::Compatibility,
    "Rename in the same transaction as creating a view under the old name for the running version; drop the view after the deploy.",
);

/// Every Postgres rule, for docs and for the test that each one is exercised.
pub const RULES: &[Rule] = &[
    DROP_TABLE,
    DROP_COLUMN,
    DROP_SCHEMA,
    TRUNCATE,
    TYPE_NARROWING,
    ENUM_VALUE_REMOVED,
    TYPE_REWRITE,
    STORED_GENERATED_COLUMN,
    VOLATILE_DEFAULT,
    REQUIRED_COLUMN,
    INDEX_NOT_CONCURRENT,
    FK_NOT_VALID,
    CHECK_NOT_VALID,
    SET_NOT_NULL,
    CONSTRAINT_BUILDS_INDEX,
    RENAME_COLUMN,
    RENAME_TABLE,
];

/// Functions whose default makes `ADD COLUMN` compute a value per existing row (a table rewrite).
const VOLATILE_FUNCTIONS: &[&str] = &[
    "random",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuidv4",
    "uuidv7",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "txid_current",
];

/// Hazards of a plan's statements (generate, push).
pub fn analyse_plan(statements: &[String], prev: Option<&PgDdl>) -> Vec<Hazard> {
    let parsed: Vec<Statement> = statements
        .iter()
        .enumerate()
        .map(|(i, text)| {
            create_table_head(i, text).unwrap_or_else(|| statement(Lexical::Postgres, i, text))
        })
        .collect();
    analyse(&parsed, prev)
}

/// A plan's `CREATE TABLE` read up to its column list: a created table is new and empty, so the rules
/// need only its name, and lexing every table's whole definition was a third of the analysis. `None`
/// when the head does not lex on its own (a `(` inside a quoted name leaves that quote open): the
/// whole statement is read then.
fn create_table_head(index: usize, text: &str) -> Option<Statement> {
    if !text.starts_with("CREATE TABLE ") {
        return None;
    }
    let head = &text[..text.find('(')?];
    let mut st = statement(Lexical::Postgres, index, head);
    if st.tokens.is_empty() {
        return None;
    }
    st.text = text.to_string();
    Some(st)
}

/// Hazards of a migration file, with its allow lines.
pub fn analyse_file(
    file: &str,
    text: &str,
    prev: Option<&PgDdl>,
) -> Result<(Vec<Hazard>, Vec<Allow>)> {
    let (statements, allows) = super::split(Lexical::Postgres, file, text)?;
    Ok((analyse(&statements, prev), allows))
}

type TableKey = (String, String);
type ColumnKey = (String, String, String);

#[derive(Default)]
struct Walk {
    created_tables: FastSet<TableKey>,
    column_types: FastMap<ColumnKey, SqlType>,
    /// Columns with a validated `IS NOT NULL` check: SET NOT NULL needs no scan.
    proven_not_null: FastSet<ColumnKey>,
    /// `NOT VALID` checks of the form `col IS NOT NULL`, by constraint name, until validated.
    pending_not_null: FastMap<String, ColumnKey>,
    enums: FastMap<TableKey, Vec<String>>,
    known_prev: bool,
}

pub fn analyse(statements: &[Statement], prev: Option<&PgDdl>) -> Vec<Hazard> {
    let mut walk = Walk {
        known_prev: prev.is_some(),
        ..Walk::default()
    };
    if let Some(prev) = prev {
        // Columns are looked up only under names an `ALTER TABLE` spells (its table, a rename's or a
        // move's target): the previous state's other columns, thousands with each type parsed, are
        // not loaded.
        let named: FastSet<String> = statements
            .iter()
            .filter(|st| is_alter_table(&st.tokens))
            .flat_map(|st| st.tokens.iter().filter_map(ident))
            .collect();
        for c in prev
            .columns
            .iter()
            .filter(|c| named.contains(c.table.as_str()))
        {
            let t = if c.type_schema.is_some() {
                SqlType::named(&c.sql_type, c.dimensions > 0)
            } else {
                SqlType::parse_text(&c.sql_type, c.dimensions > 0)
            };
            walk.column_types
                .insert((c.schema.clone(), c.table.clone(), c.name.clone()), t);
            if c.not_null {
                walk.proven_not_null
                    .insert((c.schema.clone(), c.table.clone(), c.name.clone()));
            }
        }
        for ch in prev
            .checks
            .iter()
            .filter(|ch| named.contains(ch.table.as_str()))
        {
            if let Some(col) = is_not_null_check(&ch.value) {
                walk.proven_not_null
                    .insert((ch.schema.clone(), ch.table.clone(), col));
            }
        }
        for e in &prev.enums {
            walk.enums
                .insert((e.schema.clone(), e.name.clone()), e.values.clone());
        }
    }
    let created_enums = created_enums(statements);
    let mut out = Vec::new();
    for st in statements {
        walk.statement(st, &created_enums, &mut out);
    }
    out
}

/// `CREATE TYPE … AS ENUM (…)` of the statements: name → (statement index, values).
fn created_enums(statements: &[Statement]) -> HashMap<TableKey, (usize, Vec<String>)> {
    let mut out = HashMap::new();
    for st in statements {
        let t = &st.tokens;
        if t.len() > 3 && t[0].is_kw("CREATE") && t[1].is_kw("TYPE") {
            if let Some((name, next)) = qualified(t, 2) {
                if t.get(next).is_some_and(|x| x.is_kw("AS"))
                    && t.get(next + 1).is_some_and(|x| x.is_kw("ENUM"))
                {
                    let values = t[next + 2..]
                        .iter()
                        .filter_map(|x| match x {
                            Tok::Str(s) => Some(s.clone()),
                            _ => None,
                        })
                        .collect();
                    out.insert(name, (st.index, values));
                }
            }
        }
    }
    out
}

fn is_alter_table(t: &[Tok]) -> bool {
    t.first().is_some_and(|x| x.is_kw("ALTER")) && t.get(1).is_some_and(|x| x.is_kw("TABLE"))
}

/// Identifier of a token, folded as Postgres folds unquoted names.
fn ident(t: &Tok) -> Option<String> {
    match t {
        Tok::Word {
            value,
            quoted: true,
        } => Some(value.clone()),
        Tok::Word {
            value,
            quoted: false,
        } => Some(value.to_lowercase()),
        _ => None,
    }
}

/// `name` or `schema.name` at `i` → ((schema, name), index after it).
fn qualified(t: &[Tok], i: usize) -> Option<(TableKey, usize)> {
    let first = ident(t.get(i)?)?;
    if t.get(i + 1).is_some_and(|x| x.is_punct(".")) {
        let second = ident(t.get(i + 2)?)?;
        Some(((first, second), i + 3))
    } else {
        Some((("public".to_string(), first), i + 1))
    }
}

fn show_table(k: &TableKey) -> String {
    if k.0 == "public" {
        k.1.clone()
    } else {
        format!("{}.{}", k.0, k.1)
    }
}

fn show_column(k: &TableKey, column: &str) -> String {
    format!("{}.{column}", show_table(k))
}

/// `"col" IS NOT NULL` (the whole check) → the column.
fn is_not_null_check(expr: &str) -> Option<String> {
    let st = statement(Lexical::Postgres, 0, expr);
    let t: Vec<&Tok> = st
        .tokens
        .iter()
        .filter(|x| !x.is_punct("(") && !x.is_punct(")"))
        .collect();
    match t.as_slice() {
        [col, is, not, null] if is.is_kw("IS") && not.is_kw("NOT") && null.is_kw("NULL") => {
            ident(col)
        }
        _ => None,
    }
}

const COLUMN_CONSTRAINT_WORDS: &[&str] = &[
    "NOT",
    "NULL",
    "DEFAULT",
    "PRIMARY",
    "UNIQUE",
    "CONSTRAINT",
    "GENERATED",
    "REFERENCES",
    "CHECK",
    "COLLATE",
    "USING",
];

fn type_end(t: &[Tok], from: usize) -> usize {
    let mut depth = 0i32;
    for (i, x) in t.iter().enumerate().skip(from) {
        if x.is_punct("(") || x.is_punct("[") {
            depth += 1;
        } else if x.is_punct(")") || x.is_punct("]") {
            depth -= 1;
        } else if depth == 0
            && (x.is_punct(";") || COLUMN_CONSTRAINT_WORDS.iter().any(|k| x.is_kw(k)))
        {
            return i;
        }
    }
    t.len()
}

impl Walk {
    fn existing(&self, table: &TableKey) -> bool {
        !self.created_tables.contains(table)
    }

    fn statement(
        &mut self,
        st: &Statement,
        created_enums: &HashMap<TableKey, (usize, Vec<String>)>,
        out: &mut Vec<Hazard>,
    ) {
        let t = &st.tokens;
        let Some(first) = t.first() else { return };
        if first.is_kw("CREATE") {
            self.create(st, out);
        } else if first.is_kw("DROP") {
            self.drop(st, created_enums, out);
        } else if is_alter_table(t) {
            self.alter_table(st, out);
        } else if first.is_kw("TRUNCATE") {
            let mut i = skip_kws(t, 1, &["TABLE"]);
            i = skip_kws(t, i, &["ONLY"]);
            for part in top_level_parts(&t[i..]) {
                if let Some((table, _)) = qualified(part, 0) {
                    out.push(TRUNCATE.raise(
                        st,
                        show_table(&table),
                        "deletes every row of the table".to_string(),
                    ));
                }
            }
        }
    }

    fn create(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let mut i = skip_kws(t, 1, &["UNIQUE"]);
        if t.get(i).is_some_and(|x| x.is_kw("INDEX")) {
            i += 1;
            let concurrently = t.get(i).is_some_and(|x| x.is_kw("CONCURRENTLY"));
            // Name (optional) then ON [ONLY] table.
            let Some(on) = t.iter().position(|x| x.is_kw("ON")) else {
                return;
            };
            let at = skip_kws(t, on + 1, &["ONLY"]);
            let Some((table, _)) = qualified(t, at) else {
                return;
            };
            if !concurrently && self.existing(&table) {
                out.push(
                    INDEX_NOT_CONCURRENT.raise(
                        st,
                        show_table(&table),
                        "building the index blocks every write to the table until it is done"
                            .to_string(),
                    ),
                );
            }
            return;
        }
        // CREATE [UNLOGGED|TEMP…] TABLE [IF NOT EXISTS] name
        if let Some(pos) = t.iter().take(4).position(|x| x.is_kw("TABLE")) {
            let at = skip_kws(t, pos + 1, &["IF", "NOT", "EXISTS"]);
            if let Some((table, _)) = qualified(t, at) {
                self.created_tables.insert(table);
            }
        }
    }

    fn drop(
        &mut self,
        st: &Statement,
        created_enums: &HashMap<TableKey, (usize, Vec<String>)>,
        out: &mut Vec<Hazard>,
    ) {
        let t = &st.tokens;
        let what = t.get(1);
        let names_from = skip_kws(t, 2, &["IF", "EXISTS"]);
        let names: Vec<TableKey> = top_level_parts(&t[names_from.min(t.len())..])
            .into_iter()
            .filter_map(|p| qualified(p, 0).map(|(k, _)| k))
            .collect();
        if what.is_some_and(|x| x.is_kw("TABLE")) {
            for table in names {
                if self.existing(&table) {
                    out.push(DROP_TABLE.raise(
                        st,
                        show_table(&table),
                        "deletes the table and every row in it; the running application version fails on it".to_string(),
                    ));
                }
            }
        } else if what.is_some_and(|x| x.is_kw("SCHEMA")) {
            let names_from = skip_kws(t, 2, &["IF", "EXISTS"]);
            for part in top_level_parts(&t[names_from.min(t.len())..]) {
                if let Some(name) = part.first().and_then(ident) {
                    out.push(DROP_SCHEMA.raise(
                        st,
                        name,
                        "deletes the schema and, with CASCADE, everything in it".to_string(),
                    ));
                }
            }
        } else if what.is_some_and(|x| x.is_kw("TYPE")) {
            for name in names {
                let Some((at, new_values)) = created_enums.get(&name) else {
                    continue;
                };
                if *at <= st.index {
                    continue;
                }
                let entity = show_table(&name);
                match self.enums.get(&name) {
                    Some(old) => {
                        let removed: Vec<String> = old
                            .iter()
                            .filter(|v| !new_values.contains(v))
                            .map(|v| format!("'{v}'"))
                            .collect();
                        if !removed.is_empty() {
                            out.push(ENUM_VALUE_REMOVED.raise(
                                st,
                                entity,
                                format!(
                                    "removes {}: rows that hold them make the conversion back to the type fail",
                                    removed.join(", ")
                                ),
                            ));
                        }
                    }
                    None if !self.known_prev => out.push(ENUM_VALUE_REMOVED.raise(
                        st,
                        entity,
                        "recreates the enum type; rows holding a value the new list lacks make the conversion fail (the previous values are unknown: no snapshot)".to_string(),
                    )),
                    None => {}
                }
                self.enums.insert(name, new_values.clone());
            }
        }
    }

    fn alter_table(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let at = skip_kws(t, 2, &["IF", "EXISTS"]);
        let at = skip_kws(t, at, &["ONLY"]);
        let Some((mut table, next)) = qualified(t, at) else {
            return;
        };
        for action in top_level_parts(&t[next.min(t.len())..]) {
            table = self.alter_action(st, table, action, out);
        }
    }

    /// One action of `ALTER TABLE`; returns the table's name after it (renames move it).
    fn alter_action(
        &mut self,
        st: &Statement,
        table: TableKey,
        a: &[Tok],
        out: &mut Vec<Hazard>,
    ) -> TableKey {
        let existing = self.existing(&table);
        let Some(first) = a.first() else {
            return table;
        };
        if first.is_kw("ADD") {
            let i = skip_kws(a, 1, &["CONSTRAINT"]);
            let constraint_named = i > 1;
            let kind_at = if constraint_named { i + 1 } else { 1 };
            let kind = a.get(kind_at);
            let is_constraint = constraint_named
                || ["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"]
                    .iter()
                    .any(|k| kind.is_some_and(|x| x.is_kw(k)));
            if is_constraint {
                let name = if constraint_named {
                    a.get(2).and_then(ident)
                } else {
                    None
                };
                self.add_constraint(st, &table, name, &a[kind_at.min(a.len())..], existing, out);
            } else {
                self.add_column(st, &table, a, existing, out);
            }
        } else if first.is_kw("DROP") {
            if a.get(1).is_some_and(|x| x.is_kw("CONSTRAINT")) {
                return table;
            }
            let i = skip_kws(a, 1, &["COLUMN"]);
            let i = skip_kws(a, i, &["IF", "EXISTS"]);
            if let Some(col) = a.get(i).and_then(ident) {
                if existing {
                    out.push(DROP_COLUMN.raise(
                        st,
                        show_column(&table, &col),
                        "deletes the column's values; the running application version fails on queries that name it".to_string(),
                    ));
                }
                self.column_types
                    .remove(&(table.0.clone(), table.1.clone(), col));
            }
        } else if first.is_kw("RENAME") {
            if a.get(1).is_some_and(|x| x.is_kw("TO")) {
                if let Some(new) = a.get(2).and_then(ident) {
                    let renamed = (table.0.clone(), new);
                    if existing {
                        out.push(RENAME_TABLE.raise(
                            st,
                            show_table(&table),
                            format!(
                                "the running application version still queries {} and fails until it is replaced",
                                show_table(&table)
                            ),
                        ));
                    } else {
                        self.created_tables.insert(renamed.clone());
                    }
                    self.move_table(&table, &renamed);
                    return renamed;
                }
            } else if !a.get(1).is_some_and(|x| x.is_kw("CONSTRAINT")) {
                let i = skip_kws(a, 1, &["COLUMN"]);
                if let (Some(from), true, Some(to)) = (
                    a.get(i).and_then(ident),
                    a.get(i + 1).is_some_and(|x| x.is_kw("TO")),
                    a.get(i + 2).and_then(ident),
                ) {
                    if existing {
                        out.push(RENAME_COLUMN.raise(
                            st,
                            show_column(&table, &from),
                            format!(
                                "the running application version still reads and writes {from} and fails until it is replaced"
                            ),
                        ));
                    }
                    let old = (table.0.clone(), table.1.clone(), from);
                    if let Some(ty) = self.column_types.remove(&old) {
                        self.column_types
                            .insert((table.0.clone(), table.1.clone(), to), ty);
                    }
                }
            }
        } else if first.is_kw("SET") && a.get(1).is_some_and(|x| x.is_kw("SCHEMA")) {
            if let Some(schema) = a.get(2).and_then(ident) {
                let moved = (schema, table.1.clone());
                if existing {
                    out.push(RENAME_TABLE.raise(
                        st,
                        show_table(&table),
                        format!(
                            "moves the table to {}; the running application version still queries the old name",
                            show_table(&moved)
                        ),
                    ));
                } else {
                    self.created_tables.insert(moved.clone());
                }
                self.move_table(&table, &moved);
                return moved;
            }
        } else if first.is_kw("ALTER") {
            let i = skip_kws(a, 1, &["COLUMN"]);
            let Some(col) = a.get(i).and_then(ident) else {
                return table;
            };
            let key = (table.0.clone(), table.1.clone(), col.clone());
            let rest = &a[i + 1..];
            let type_at = if rest.first().is_some_and(|x| x.is_kw("TYPE")) {
                Some(1)
            } else if has_prefix(rest, &["SET", "DATA", "TYPE"]) {
                Some(3)
            } else {
                None
            };
            if let Some(from) = type_at {
                let end = type_end(rest, from);
                let new = SqlType::parse(&rest[from..end]);
                if existing {
                    self.type_change(st, &table, &col, self.column_types.get(&key), &new, out);
                }
                self.column_types.insert(key, new);
            } else if has_prefix(rest, &["SET", "NOT", "NULL"]) {
                if existing && !self.proven_not_null.contains(&key) {
                    out.push(
                        SET_NOT_NULL.raise(
                            st,
                            show_column(&table, &col),
                            "scans the whole table for NULLs while every read and write waits"
                                .to_string(),
                        ),
                    );
                }
                self.proven_not_null.insert(key);
            } else if has_prefix(rest, &["DROP", "NOT", "NULL"]) {
                self.proven_not_null.remove(&key);
            }
        } else if first.is_kw("VALIDATE") && a.get(1).is_some_and(|x| x.is_kw("CONSTRAINT")) {
            if let Some(name) = a.get(2).and_then(ident) {
                if let Some(key) = self.pending_not_null.remove(&name) {
                    self.proven_not_null.insert(key);
                }
            }
        }
        table
    }

    fn move_table(&mut self, from: &TableKey, to: &TableKey) {
        let moved: Vec<ColumnKey> = self
            .column_types
            .keys()
            .filter(|k| k.0 == from.0 && k.1 == from.1)
            .cloned()
            .collect();
        for k in moved {
            if let Some(ty) = self.column_types.remove(&k) {
                self.column_types
                    .insert((to.0.clone(), to.1.clone(), k.2), ty);
            }
        }
    }

    fn add_constraint(
        &mut self,
        st: &Statement,
        table: &TableKey,
        name: Option<String>,
        body: &[Tok],
        existing: bool,
        out: &mut Vec<Hazard>,
    ) {
        let not_valid = has_seq(body, &["NOT", "VALID"]);
        let kind = body.first();
        let entity = match &name {
            Some(n) => format!("{} ({n})", show_table(table)),
            None => show_table(table),
        };
        if kind.is_some_and(|x| x.is_kw("FOREIGN")) {
            if existing && !not_valid {
                out.push(
                    FK_NOT_VALID.raise(
                        st,
                        entity,
                        "checking every existing row blocks writes to both tables until it is done"
                            .to_string(),
                    ),
                );
            }
        } else if kind.is_some_and(|x| x.is_kw("CHECK")) {
            if not_valid {
                let end = body
                    .iter()
                    .rposition(|x| x.is_punct(")"))
                    .unwrap_or(body.len());
                let inner: Vec<Tok> = body[1..end.max(1)]
                    .iter()
                    .filter(|x| !x.is_punct("(") && !x.is_punct(")"))
                    .cloned()
                    .collect();
                if let (Some(n), [col, is, not, null]) = (&name, inner.as_slice()) {
                    if is.is_kw("IS") && not.is_kw("NOT") && null.is_kw("NULL") {
                        if let Some(col) = ident(col) {
                            self.pending_not_null
                                .insert(n.clone(), (table.0.clone(), table.1.clone(), col));
                        }
                    }
                }
            } else if existing {
                out.push(
                    CHECK_NOT_VALID.raise(
                        st,
                        entity,
                        "checking every existing row blocks reads and writes until it is done"
                            .to_string(),
                    ),
                );
            }
        } else if kind
            .is_some_and(|x| x.is_kw("UNIQUE") || x.is_kw("PRIMARY") || x.is_kw("EXCLUDE"))
            && existing
            && !has_seq(body, &["USING", "INDEX"])
        {
            out.push(CONSTRAINT_BUILDS_INDEX.raise(
                st,
                entity,
                "builds its index while every read and write of the table waits".to_string(),
            ));
        }
    }

    fn add_column(
        &mut self,
        st: &Statement,
        table: &TableKey,
        a: &[Tok],
        existing: bool,
        out: &mut Vec<Hazard>,
    ) {
        let i = skip_kws(a, 1, &["COLUMN"]);
        let i = skip_kws(a, i, &["IF", "NOT", "EXISTS"]);
        let Some(col) = a.get(i).and_then(ident) else {
            return;
        };
        let end = type_end(a, i + 1);
        let ty = SqlType::parse(&a[i + 1..end]);
        let rest = &a[end..];
        let entity = show_column(table, &col);
        self.column_types
            .insert((table.0.clone(), table.1.clone(), col.clone()), ty.clone());
        if !existing {
            return;
        }
        let stored = has_seq(rest, &["GENERATED", "ALWAYS", "AS"]) && has_seq(rest, &["STORED"]);
        let identity = has_seq(rest, &["AS", "IDENTITY"]);
        let default_at = rest.iter().position(|x| x.is_kw("DEFAULT"));
        let volatile_default = default_at.and_then(|d| {
            let end = type_end(rest, d + 1).max(d + 1);
            rest[d + 1..end]
                .windows(2)
                .find_map(|w| match (&w[0], &w[1]) {
                    (Tok::Word { value, .. }, p) if p.is_punct("(") => {
                        let f = value.to_lowercase();
                        VOLATILE_FUNCTIONS.contains(&f.as_str()).then_some(f)
                    }
                    _ => None,
                })
        });
        if stored {
            out.push(STORED_GENERATED_COLUMN.raise(
                st,
                entity.clone(),
                "computes the value for every existing row: the table is rewritten while reads and writes wait".to_string(),
            ));
        } else if ty.serial || identity || volatile_default.is_some() {
            let source = match (&volatile_default, ty.serial) {
                (Some(f), _) => format!("the default {f}()"),
                (None, true) => "a serial column's sequence".to_string(),
                (None, false) => "an identity column's sequence".to_string(),
            };
            out.push(VOLATILE_DEFAULT.raise(
                st,
                entity.clone(),
                format!("{source} is evaluated for every existing row: the table is rewritten while reads and writes wait"),
            ));
        }
        let not_null = has_seq(rest, &["NOT", "NULL"]) || has_seq(rest, &["PRIMARY", "KEY"]);
        if not_null && default_at.is_none() && !stored && !identity && !ty.serial {
            out.push(REQUIRED_COLUMN.raise(
                st,
                entity.clone(),
                "NOT NULL without a DEFAULT fails as soon as the table has a row".to_string(),
            ));
        }
        if has_seq(rest, &["PRIMARY", "KEY"]) || rest.iter().any(|x| x.is_kw("UNIQUE")) {
            out.push(CONSTRAINT_BUILDS_INDEX.raise(
                st,
                entity,
                "builds its index while every read and write of the table waits".to_string(),
            ));
        }
    }

    fn type_change(
        &self,
        st: &Statement,
        table: &TableKey,
        col: &str,
        old: Option<&SqlType>,
        new: &SqlType,
        out: &mut Vec<Hazard>,
    ) {
        let entity = show_column(table, col);
        let Some(old) = old else {
            out.push(TYPE_REWRITE.raise(
                st,
                entity,
                format!(
                    "changing the type to {} rewrites the table unless Postgres can reuse the stored values, and fails on values that do not convert (the previous type is unknown: no snapshot)",
                    new.show()
                ),
            ));
            return;
        };
        match classify(old, new) {
            TypeChange::Free => {}
            TypeChange::Rewrite => out.push(TYPE_REWRITE.raise(
                st,
                entity,
                format!(
                    "{} → {} rewrites the whole table while reads and writes wait, and fails on values that do not convert",
                    old.show(),
                    new.show()
                ),
            )),
            TypeChange::Narrowing => out.push(TYPE_NARROWING.raise(
                st,
                entity,
                format!(
                    "{} → {} cannot hold every value of the old type: values are cut, rounded or make the statement fail",
                    old.show(),
                    new.show()
                ),
            )),
        }
    }
}

/// A column type reduced to what decides rewrites and narrowing.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlType {
    /// Canonical name (`integer`, `varchar`, `timestamptz`, …; enum names as written).
    pub base: String,
    pub params: Vec<i64>,
    pub array: bool,
    pub serial: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeChange {
    /// Postgres keeps the stored values (e.g. a longer varchar): no rewrite, no loss.
    Free,
    Rewrite,
    Narrowing,
}

impl SqlType {
    fn named(name: &str, array: bool) -> SqlType {
        SqlType {
            base: name.to_string(),
            params: vec![],
            array,
            serial: false,
        }
    }

    fn parse_text(text: &str, array: bool) -> SqlType {
        let st = statement(Lexical::Postgres, 0, text);
        let mut t = SqlType::parse(&st.tokens);
        t.array |= array;
        t
    }

    fn parse(t: &[Tok]) -> SqlType {
        let mut words: Vec<String> = Vec::new();
        let mut params = Vec::new();
        let mut array = false;
        let mut depth = 0;
        for x in t {
            match x {
                p if p.is_punct("(") => depth += 1,
                p if p.is_punct(")") => depth -= 1,
                p if p.is_punct("[") => array = true,
                Tok::Number(n) if depth > 0 => {
                    if let Ok(n) = n.parse() {
                        params.push(n)
                    }
                }
                // A schema qualifier: keep only the type's own name.
                p if p.is_punct(".") => words.clear(),
                Tok::Word { value, quoted } if depth == 0 => words.push(if *quoted {
                    value.clone()
                } else {
                    value.to_lowercase()
                }),
                _ => {}
            }
        }
        let joined = words.join(" ");
        let serial = matches!(
            joined.as_str(),
            "serial" | "serial4" | "smallserial" | "serial2" | "bigserial" | "serial8"
        );
        let base = match joined.as_str() {
            "int" | "int4" | "integer" | "serial" | "serial4" => "integer",
            "smallint" | "int2" | "smallserial" | "serial2" => "smallint",
            "bigint" | "int8" | "bigserial" | "serial8" => "bigint",
            "real" | "float4" => "real",
            "double precision" | "float8" | "float" => "double precision",
            "character varying" | "varchar" => "varchar",
            "character" | "char" | "bpchar" => "char",
            "decimal" | "numeric" => "numeric",
            "bool" | "boolean" => "boolean",
            "timestamp with time zone" | "timestamptz" => "timestamptz",
            "timestamp" | "timestamp without time zone" => "timestamp",
            "time with time zone" | "timetz" => "timetz",
            "time" | "time without time zone" => "time",
            "bit varying" | "varbit" => "varbit",
            other => other,
        }
        .to_string();
        SqlType {
            base,
            params,
            array,
            serial,
        }
    }

    fn show(&self) -> String {
        let params = if self.params.is_empty() {
            String::new()
        } else {
            format!(
                "({})",
                self.params
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        format!(
            "{}{params}{}",
            self.base,
            if self.array { "[]" } else { "" }
        )
    }
}

fn integer_rank(base: &str) -> Option<u8> {
    match base {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        _ => None,
    }
}

fn is_text(base: &str) -> bool {
    matches!(base, "text" | "varchar")
}

/// What changing a column from `old` to `new` costs (Postgres 12+).
pub fn classify(old: &SqlType, new: &SqlType) -> TypeChange {
    use TypeChange::*;
    if old.array != new.array {
        return Rewrite;
    }
    let (o, n) = (old.base.as_str(), new.base.as_str());
    let len = |t: &SqlType| t.params.first().copied();
    if o == n {
        return match o {
            "varchar" | "varbit" => match (len(old), len(new)) {
                (_, None) => Free,
                (None, Some(_)) => Narrowing,
                (Some(a), Some(b)) if b >= a => Free,
                _ => Narrowing,
            },
            "char" | "bit" => match (len(old).unwrap_or(1), len(new).unwrap_or(1)) {
                (a, b) if a == b => Free,
                (a, b) if b < a => Narrowing,
                _ => Rewrite,
            },
            "numeric" => match (&old.params[..], &new.params[..]) {
                (_, []) => Free,
                ([], _) => Narrowing,
                (o, n) => {
                    let (op, os) = (o[0], o.get(1).copied().unwrap_or(0));
                    let (np, ns) = (n[0], n.get(1).copied().unwrap_or(0));
                    if ns < os || np - ns < op - os {
                        Narrowing
                    } else if ns == os {
                        Free
                    } else {
                        Rewrite
                    }
                }
            },
            "timestamp" | "timestamptz" | "time" | "timetz" | "interval" => {
                match (len(old).unwrap_or(6), len(new).unwrap_or(6)) {
                    (a, b) if b >= a => Free,
                    _ => Narrowing,
                }
            }
            _ if old.params == new.params => Free,
            _ => Rewrite,
        };
    }
    if is_text(o) && is_text(n) {
        // text → varchar: free without a length, a possible cut with one.
        return if len(new).is_none() { Free } else { Narrowing };
    }
    if o == "cidr" && n == "inet" {
        return Free;
    }
    if matches!(n, "varchar" | "char") && len(new).is_some() {
        // An explicit cast to a bounded string type cuts longer values silently.
        return Narrowing;
    }
    if let (Some(a), Some(b)) = (integer_rank(o), integer_rank(n)) {
        return if b > a { Rewrite } else { Narrowing };
    }
    let fractional = |b: &str| matches!(b, "numeric" | "real" | "double precision");
    if fractional(o) && integer_rank(n).is_some() {
        return Narrowing;
    }
    if o == "double precision" && n == "real" {
        return Narrowing;
    }
    if matches!(o, "timestamp" | "timestamptz") && n == "date" {
        return Narrowing;
    }
    Rewrite
}
