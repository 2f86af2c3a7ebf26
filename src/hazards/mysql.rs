//! MySQL's (and MariaDB's) hazard rules.
//!
//! What an `ALTER TABLE` costs on MySQL depends on the algorithm the server picks: metadata only
//! (INSTANT: adding a column, renames, defaults, appending enum values), an in-place rebuild that lets
//! reads and writes through (nullability, primary keys), or a copy of the whole table while writes
//! wait (ALGORITHM=COPY: type and character-set changes, foreign keys and checks that validate the
//! rows). The rules follow the server's online-DDL tables (MySQL 8.0, MariaDB 10.6+), not the SQL's
//! surface: a `MODIFY COLUMN` that restates the same type with a new default is free, one that
//! changes the type copies the table, and one that shrinks it can lose values.
//!
//! MySQL commits every DDL statement on its own, so a migration of several is not atomic: a failure
//! half-way leaves the first statements applied. As on the other wings, a table created earlier in
//! the same plan or file is new and empty, and nothing done to it is a hazard; column facts start from
//! the previous schema state (when the caller has it) and follow the statements.

use std::collections::{HashMap, HashSet};

use super::{
    has_prefix, skip_kws, statement, top_level_parts, Allow, Class, Hazard, Lexical, Rule,
    Severity, Statement, Tok,
};
use crate::error::Result;
use crate::model::mysql::{Mysql, MysqlDdl};

// The codes shared with Postgres and SQLite name the same change, so one `-- sleet:allow`
// vocabulary serves every wing.
pub const DROP_TABLE: Rule = Rule::new(
    "drop-table",
    Severity::Error,
    Class::DataLoss,
    "Deploy the application without the table first and keep a copy (RENAME TABLE it aside) until nobody misses it; then drop it.",
);
pub const DROP_COLUMN: Rule = Rule::new(
    "drop-column",
    Severity::Error,
    Class::DataLoss,
    "Deploy the application without any read or write of the column first; drop it in a later migration.",
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
    "Check that every value fits the new type first (SELECT … WHERE the value would not fit), or add a column of the new type, backfill it with an explicit conversion and switch over.",
);
pub const ENUM_VALUE_REMOVED: Rule = Rule::new(
    "enum-value-removed",
    Severity::Error,
    Class::DataLoss,
    "Move the rows that hold the value to another value in an earlier migration, then remove it.",
);
pub const TABLE_COPY: Rule = Rule::new(
    "table-copy",
    Severity::Warning,
    Class::Rewrite,
    "Run the change with an online schema-change tool (gh-ost, pt-online-schema-change) that copies in the background and swaps tables at the end, or add a column of the new type, backfill it in batches and switch over.",
);
pub const TABLE_REBUILD: Rule = Rule::new(
    "table-rebuild",
    Severity::Info,
    Class::Rewrite,
    "Reads and writes go on during the rebuild, but it takes as long as a copy and replicas lag behind it: run it off-peak, or with gh-ost / pt-online-schema-change on a large table.",
);
pub const MODIFY_NOT_NULL: Rule = Rule::new(
    "modify-not-null",
    Severity::Warning,
    Class::Failure,
    "Fill the NULLs first (UPDATE … SET col = … WHERE col IS NULL, in batches), then make the column NOT NULL.",
);
pub const PRIMARY_KEY_CHANGE: Rule = Rule::new(
    "primary-key-change",
    Severity::Warning,
    Class::Rewrite,
    "Replace the key in one statement (`ALTER TABLE … DROP PRIMARY KEY, ADD PRIMARY KEY (…)`, rebuilt in place) after checking the new key's columns for duplicates and NULLs; on a large table use gh-ost / pt-online-schema-change.",
);
pub const UNIQUE_INDEX: Rule = Rule::new(
    "unique-index",
    Severity::Warning,
    Class::Failure,
    "Find and resolve duplicates first (SELECT cols, count(*) … GROUP BY cols HAVING count(*) > 1), in the same deploy window as the index.",
);
pub const FK_COPIES_TABLE: Rule = Rule::new(
    "fk-copies-table",
    Severity::Warning,
    Class::Lock,
    "Check for orphans first (a LEFT JOIN to the parent), then add the key with `SET foreign_key_checks = 0` in the session and `ALGORITHM=INPLACE, LOCK=NONE`: the server then builds it without copying or checking the rows.",
);
pub const CHECK_COPIES_TABLE: Rule = Rule::new(
    "check-copies-table",
    Severity::Warning,
    Class::Lock,
    "Find the rows that break the check first and fix them; add the check off-peak, or enforce the rule in the application until a gh-ost / pt-online-schema-change run adds it.",
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
    "Rename, and create a view under the old name for the running version (simple views are updatable); drop the view after the deploy.",
);
pub const NON_ATOMIC_DDL: Rule = Rule::new(
    "non-atomic-ddl",
    Severity::Info,
    Class::NonAtomic,
    "Put each statement that can fail on existing rows in a migration of its own, or make the migration safe to re-run; `sleet migrate` records the statements that ran, so a fixed migration resumes after them.",
);

/// Every MySQL rule, for docs and for the test that each one is exercised.
pub const RULES: &[Rule] = &[
    DROP_TABLE,
    DROP_COLUMN,
    TRUNCATE,
    TYPE_NARROWING,
    ENUM_VALUE_REMOVED,
    TABLE_COPY,
    TABLE_REBUILD,
    MODIFY_NOT_NULL,
    PRIMARY_KEY_CHANGE,
    UNIQUE_INDEX,
    FK_COPIES_TABLE,
    CHECK_COPIES_TABLE,
    RENAME_COLUMN,
    RENAME_TABLE,
    NON_ATOMIC_DDL,
];

/// `generate` and `push` analyse their plans with these rules; MySQL has no `--safe` forms yet.
impl super::Safety for Mysql {
    fn hazards(statements: &[String], prev: &MysqlDdl) -> Vec<Hazard> {
        hazards(statements, prev)
    }
}

pub fn hazards(statements: &[String], prev: &MysqlDdl) -> Vec<Hazard> {
    let parsed = super::plan_statements(Lexical::Mysql, statements);
    analyse(&parsed, Some(prev))
}

/// Hazards of a migration file, with its allow lines.
pub fn analyse_file(
    file: &str,
    text: &str,
    prev: Option<&MysqlDdl>,
) -> Result<(Vec<Hazard>, Vec<Allow>)> {
    let (statements, allows) = super::split(Lexical::Mysql, file, text)?;
    Ok((analyse(&statements, prev), allows))
}

/// What the walk knows of a column.
#[derive(Debug, Clone)]
struct Col {
    name: String,
    ty: String,
    not_null: bool,
    auto_increment: bool,
    generated: bool,
}

#[derive(Default)]
struct Walk {
    created: HashSet<String>,
    /// Known columns per table (absent: nothing known, e.g. linted without a snapshot).
    columns: HashMap<String, Vec<Col>>,
    /// DDL statements seen so far, and whether one of them changed an existing table.
    ddl: usize,
    touched_existing: bool,
    non_atomic_raised: bool,
}

pub fn analyse(statements: &[Statement], prev: Option<&MysqlDdl>) -> Vec<Hazard> {
    let mut walk = Walk::default();
    if let Some(prev) = prev {
        for c in &prev.columns {
            walk.columns.entry(c.table.clone()).or_default().push(Col {
                name: c.name.clone(),
                ty: c.r#type.clone(),
                not_null: c.not_null,
                auto_increment: c.auto_increment,
                generated: c.generated.is_some(),
            });
        }
    }
    let mut out = Vec::new();
    for st in statements {
        walk.statement(st, &mut out);
    }
    // The statement-by-statement hazards first, then the one about the migration as a whole.
    out.sort_by_key(|h| (h.code == NON_ATOMIC_DDL.code, h.statement));
    out
}

/// An identifier as written (quoting removed). MySQL table names are case-sensitive on Linux, as
/// the snapshots keep them.
fn ident(t: &Tok) -> Option<String> {
    match t {
        Tok::Word { value, .. } => Some(value.clone()),
        _ => None,
    }
}

/// `name` or `db.name` at `i` → (name, index after it).
fn table_name(t: &[Tok], i: usize) -> Option<(String, usize)> {
    let first = ident(t.get(i)?)?;
    if t.get(i + 1).is_some_and(|x| x.is_punct(".")) {
        Some((ident(t.get(i + 2)?)?, i + 3))
    } else {
        Some((first, i + 1))
    }
}

/// Words that end a column's type in a column definition.
const AFTER_TYPE: &[&str] = &[
    "AUTO_INCREMENT",
    "DEFAULT",
    "GENERATED",
    "AS",
    "NOT",
    "NULL",
    "PRIMARY",
    "UNIQUE",
    "KEY",
    "ON",
    "CHARACTER",
    "CHARSET",
    "COLLATE",
    "COMMENT",
    "REFERENCES",
    "CHECK",
    "CONSTRAINT",
    "INVISIBLE",
    "VISIBLE",
    "FIRST",
    "AFTER",
    "STORED",
    "VIRTUAL",
    "PERSISTENT",
    "SRID",
];

/// A column definition (`name type attributes…`): the column and its attribute tokens.
fn column_def(part: &[Tok]) -> Option<(Col, &[Tok])> {
    let name = ident(part.first()?)?;
    let mut depth = 0i32;
    let mut end = part.len();
    for (i, x) in part.iter().enumerate().skip(1) {
        if x.is_punct("(") {
            depth += 1;
        } else if x.is_punct(")") {
            depth -= 1;
        } else if depth == 0 && AFTER_TYPE.iter().any(|k| x.is_kw(k)) {
            end = i;
            break;
        }
    }
    let ty = show_tokens(part.get(1..end).unwrap_or(&[]));
    let rest = part.get(end..).unwrap_or(&[]);
    let serial = ty.eq_ignore_ascii_case("serial");
    Some((
        Col {
            name,
            not_null: serial
                || super::has_seq(rest, &["NOT", "NULL"])
                || super::has_seq(rest, &["PRIMARY", "KEY"]),
            auto_increment: serial || rest.iter().any(|x| x.is_kw("AUTO_INCREMENT")),
            generated: rest.iter().any(|x| x.is_kw("GENERATED") || x.is_kw("AS")),
            ty,
        },
        rest,
    ))
}

/// Tokens back to text, as MySQL writes a type (`decimal(10,2) unsigned`, `enum('a','b')`).
fn show_tokens(t: &[Tok]) -> String {
    let mut out = String::new();
    for (i, x) in t.iter().enumerate() {
        let text = match x {
            Tok::Word {
                value,
                quoted: true,
            } => format!("`{}`", value.replace('`', "``")),
            Tok::Word { value, .. } | Tok::Number(value) | Tok::Punct(value) => value.clone(),
            Tok::Str(s) => format!("'{}'", s.replace('\'', "''")),
        };
        let glue = i == 0
            || x.is_punct("(")
            || x.is_punct(")")
            || x.is_punct(",")
            || t[i - 1].is_punct("(")
            || t[i - 1].is_punct(",");
        if !glue {
            out.push(' ');
        }
        out.push_str(&text);
    }
    out
}

/// `ALGORITHM = INPLACE | INSTANT | NOCOPY` in the statement: the server refuses what it would have
/// to copy the table for, so no copy happens.
fn no_copy_requested(t: &[Tok]) -> bool {
    t.windows(3).any(|w| {
        w[0].is_kw("ALGORITHM")
            && w[1].is_punct("=")
            && ["INPLACE", "INSTANT", "NOCOPY"]
                .iter()
                .any(|k| w[2].is_kw(k))
    }) || t.windows(2).any(|w| {
        w[0].is_kw("ALGORITHM")
            && ["INPLACE", "INSTANT", "NOCOPY"]
                .iter()
                .any(|k| w[1].is_kw(k))
    })
}

impl Walk {
    fn existing(&self, table: &str) -> bool {
        !self.created.contains(table)
    }

    fn find_col(&self, table: &str, name: &str) -> Option<&Col> {
        let cols = self.columns.get(table)?;
        cols.iter()
            .find(|c| c.name == name)
            .or_else(|| cols.iter().find(|c| c.name.eq_ignore_ascii_case(name)))
    }

    fn statement(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let Some(first) = t.first() else { return };
        let is_ddl = ["CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE"]
            .iter()
            .any(|k| first.is_kw(k));
        if !is_ddl {
            return;
        }
        let target = if first.is_kw("CREATE") {
            self.create(st, out)
        } else if first.is_kw("DROP") {
            self.drop(st, out)
        } else if first.is_kw("TRUNCATE") {
            let at = skip_kws(t, 1, &["TABLE"]);
            table_name(t, at).map(|(table, _)| {
                out.push(TRUNCATE.raise(
                    st,
                    table.clone(),
                    "deletes every row of the table".to_string(),
                ));
                table
            })
        } else if first.is_kw("RENAME") {
            self.rename_tables(st, out)
        } else if t.get(1).is_some_and(|x| x.is_kw("TABLE")) {
            self.alter_table(st, out)
        } else {
            None
        };
        self.ddl += 1;
        if let Some(table) = target {
            self.touched_existing |= self.existing(&table);
            if self.ddl > 1 && self.touched_existing && !self.non_atomic_raised {
                self.non_atomic_raised = true;
                out.push(NON_ATOMIC_DDL.raise(
                    st,
                    table,
                    format!(
                        "MySQL commits each DDL statement on its own: if this or a later statement fails, {} applied and the migration is half done (nothing rolls it back)",
                        if self.ddl == 2 {
                            "the statement before it stays".to_string()
                        } else {
                            format!("the {} statements before it stay", self.ddl - 1)
                        }
                    ),
                ));
            }
        }
    }

    /// `CREATE [UNIQUE] INDEX … ON t` or `CREATE TABLE t (…)`; returns the table it concerns.
    fn create(&mut self, st: &Statement, out: &mut Vec<Hazard>) -> Option<String> {
        let t = &st.tokens;
        let kind_at = skip_kws(t, 1, &["UNIQUE"]);
        let kind_at = if kind_at == 1 {
            skip_kws(t, 1, &["FULLTEXT"]).max(skip_kws(t, 1, &["SPATIAL"]))
        } else {
            kind_at
        };
        if t.get(kind_at).is_some_and(|x| x.is_kw("INDEX")) {
            let on = t.iter().position(|x| x.is_kw("ON"))?;
            let (table, _) = table_name(t, on + 1)?;
            if t.get(1).is_some_and(|x| x.is_kw("UNIQUE")) && self.existing(&table) {
                out.push(UNIQUE_INDEX.raise(
                    st,
                    table.clone(),
                    "fails when existing rows hold duplicates, after the statements before it ran"
                        .to_string(),
                ));
            }
            return Some(table);
        }
        // CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name …; views and the rest change no table.
        let pos = t.iter().take(3).position(|x| x.is_kw("TABLE"))?;
        let at = skip_kws(t, pos + 1, &["IF", "NOT", "EXISTS"]);
        let (table, _) = table_name(t, at)?;
        self.created.insert(table.clone());
        self.columns.remove(&table);
        Some(table)
    }

    fn drop(&mut self, st: &Statement, out: &mut Vec<Hazard>) -> Option<String> {
        let t = &st.tokens;
        if t.get(1).is_some_and(|x| x.is_kw("INDEX")) {
            let on = t.iter().position(|x| x.is_kw("ON"))?;
            return table_name(t, on + 1).map(|(table, _)| table);
        }
        let at = skip_kws(t, 1, &["TEMPORARY"]);
        if !t.get(at).is_some_and(|x| x.is_kw("TABLE")) {
            return None;
        }
        let from = skip_kws(t, at + 1, &["IF", "EXISTS"]);
        let mut first = None;
        for part in top_level_parts(t.get(from..).unwrap_or(&[])) {
            let Some((table, _)) = table_name(part, 0) else {
                continue;
            };
            if self.existing(&table) {
                out.push(DROP_TABLE.raise(
                    st,
                    table.clone(),
                    "deletes the table and every row in it; the running application version fails on it".to_string(),
                ));
            }
            self.columns.remove(&table);
            first.get_or_insert(table);
        }
        first
    }

    /// `RENAME TABLE a TO b[, c TO d]` (tables and views alike).
    fn rename_tables(&mut self, st: &Statement, out: &mut Vec<Hazard>) -> Option<String> {
        let t = &st.tokens;
        if !t.get(1).is_some_and(|x| x.is_kw("TABLE")) {
            return None;
        }
        let mut first = None;
        for part in top_level_parts(t.get(2..).unwrap_or(&[])) {
            let Some((from, next)) = table_name(part, 0) else {
                continue;
            };
            if !part.get(next).is_some_and(|x| x.is_kw("TO")) {
                continue;
            }
            let Some((to, _)) = table_name(part, next + 1) else {
                continue;
            };
            self.rename_table(st, &from, &to, out);
            first.get_or_insert(to);
        }
        first
    }

    fn rename_table(&mut self, st: &Statement, from: &str, to: &str, out: &mut Vec<Hazard>) {
        if self.existing(from) {
            out.push(RENAME_TABLE.raise(
                st,
                from.to_string(),
                format!("the running application version still reads and writes {from}, which no longer exists under that name"),
            ));
        } else {
            self.created.remove(from);
            self.created.insert(to.to_string());
        }
        if let Some(cols) = self.columns.remove(from) {
            self.columns.insert(to.to_string(), cols);
        }
    }

    fn alter_table(&mut self, st: &Statement, out: &mut Vec<Hazard>) -> Option<String> {
        let t = &st.tokens;
        let at = skip_kws(t, 1, &["ONLINE"]);
        let at = skip_kws(t, at, &["IGNORE"]);
        let at = skip_kws(t, at, &["TABLE", "IF", "EXISTS"]);
        let (table, next) = table_name(t, at)?;
        let actions = top_level_parts(t.get(next..).unwrap_or(&[]));
        let copy_allowed = !no_copy_requested(t);
        let adds_pk = actions
            .iter()
            .any(|a| has_prefix(a, &["ADD", "PRIMARY", "KEY"]));
        let mut name = table.clone();
        let existing = self.existing(&table);
        for a in actions {
            name = self.alter_action(st, name, a, existing, copy_allowed, adds_pk, out);
        }
        Some(table)
    }

    /// One action of `ALTER TABLE`; returns the table's name after it (a rename moves it).
    #[allow(clippy::too_many_arguments)]
    fn alter_action(
        &mut self,
        st: &Statement,
        table: String,
        a: &[Tok],
        existing: bool,
        copy_allowed: bool,
        adds_pk: bool,
        out: &mut Vec<Hazard>,
    ) -> String {
        let Some(first) = a.first() else {
            return table;
        };
        if first.is_kw("ADD") {
            self.add(st, &table, a, existing, copy_allowed, out);
        } else if first.is_kw("DROP") {
            if has_prefix(a, &["DROP", "PRIMARY", "KEY"]) {
                if existing && !adds_pk && copy_allowed {
                    out.push(PRIMARY_KEY_CHANGE.raise(
                        st,
                        table.clone(),
                        "dropping a primary key without adding another in the same statement makes MySQL copy the table (ALGORITHM=COPY): writes wait until every row is copied".to_string(),
                    ));
                }
                return table;
            }
            let kind = a.get(1);
            let not_a_column = ["CONSTRAINT", "FOREIGN", "INDEX", "KEY", "CHECK", "DEFAULT"]
                .iter()
                .any(|k| kind.is_some_and(|x| x.is_kw(k)));
            if not_a_column {
                return table;
            }
            let i = skip_kws(a, 1, &["COLUMN"]);
            let i = skip_kws(a, i, &["IF", "EXISTS"]);
            let Some(col) = a.get(i).and_then(ident) else {
                return table;
            };
            // A generated column holds nothing that is not computed from the others.
            let generated = self.find_col(&table, &col).is_some_and(|c| c.generated);
            if existing && !generated {
                out.push(DROP_COLUMN.raise(
                    st,
                    format!("{table}.{col}"),
                    "deletes the column and every value in it; the running application version fails on queries that name it".to_string(),
                ));
            }
            if let Some(cols) = self.columns.get_mut(&table) {
                cols.retain(|c| !c.name.eq_ignore_ascii_case(&col));
            }
        } else if first.is_kw("MODIFY") {
            let i = skip_kws(a, 1, &["COLUMN"]);
            let i = skip_kws(a, i, &["IF", "EXISTS"]);
            if let Some((col, rest)) = a.get(i..).and_then(column_def) {
                let name = col.name.clone();
                self.modify(st, &table, &name, col, rest, existing, copy_allowed, out);
            }
        } else if first.is_kw("CHANGE") {
            // CHANGE [COLUMN] old new definition: a rename and a modify in one.
            let i = skip_kws(a, 1, &["COLUMN"]);
            let i = skip_kws(a, i, &["IF", "EXISTS"]);
            let Some(old) = a.get(i).and_then(ident) else {
                return table;
            };
            if let Some((col, rest)) = a.get(i + 1..).and_then(column_def) {
                if !col.name.eq_ignore_ascii_case(&old) {
                    self.rename_column(st, &table, &old, &col.name.clone(), existing, out);
                }
                let name = col.name.clone();
                self.modify(st, &table, &name, col, rest, existing, copy_allowed, out);
            }
        } else if first.is_kw("RENAME") {
            if a.get(1).is_some_and(|x| x.is_kw("COLUMN")) {
                if let (Some(from), true, Some(to)) = (
                    a.get(2).and_then(ident),
                    a.get(3).is_some_and(|x| x.is_kw("TO")),
                    a.get(4).and_then(ident),
                ) {
                    self.rename_column(st, &table, &from, &to, existing, out);
                }
            } else if !a.get(1).is_some_and(|x| x.is_kw("INDEX") || x.is_kw("KEY")) {
                let i = skip_kws(a, 1, &["TO"]);
                let i = skip_kws(a, i, &["AS"]);
                if let Some((to, _)) = table_name(a, i) {
                    self.rename_table(st, &table, &to, out);
                    return to;
                }
            }
        }
        table
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        st: &Statement,
        table: &str,
        a: &[Tok],
        existing: bool,
        copy_allowed: bool,
        out: &mut Vec<Hazard>,
    ) {
        let named = a.get(1).is_some_and(|x| x.is_kw("CONSTRAINT"));
        // ADD CONSTRAINT [name] kind …: the name is absent when the kind follows directly.
        let kinds = [
            "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "INDEX", "KEY", "FULLTEXT", "SPATIAL",
        ];
        let is_kind = |x: Option<&Tok>| x.is_some_and(|x| kinds.iter().any(|k| x.is_kw(k)));
        let kind_at = if named {
            if is_kind(a.get(2)) {
                2
            } else {
                3
            }
        } else {
            1
        };
        let constraint = named.then(|| a.get(2).and_then(ident)).flatten();
        let entity = match &constraint {
            Some(n) if kind_at == 3 => format!("{table} ({n})"),
            _ => table.to_string(),
        };
        let Some(kind) = a.get(kind_at).filter(|x| is_kind(Some(x))) else {
            // ADD [COLUMN] name type …
            let i = skip_kws(a, 1, &["COLUMN"]);
            let i = skip_kws(a, i, &["IF", "NOT", "EXISTS"]);
            let Some((col, rest)) = a.get(i..).and_then(column_def) else {
                return;
            };
            if existing && copy_allowed {
                let stored = rest
                    .iter()
                    .any(|x| x.is_kw("STORED") || x.is_kw("PERSISTENT"));
                let why = if col.auto_increment {
                    Some("an AUTO_INCREMENT column numbers every existing row: the table is rebuilt while writes wait")
                } else if stored && col.generated {
                    Some("a stored generated column is computed for every existing row: MySQL copies the table (ALGORITHM=COPY) while writes wait")
                } else {
                    None
                };
                if let Some(why) = why {
                    out.push(TABLE_COPY.raise(
                        st,
                        format!("{table}.{}", col.name),
                        why.to_string(),
                    ));
                }
            }
            self.columns.entry(table.to_string()).or_default().push(col);
            return;
        };
        if !existing {
            return;
        }
        if kind.is_kw("PRIMARY") {
            out.push(PRIMARY_KEY_CHANGE.raise(
                st,
                entity,
                "MySQL rebuilds the table for the new key, and the statement fails when existing rows hold duplicates or NULLs in its columns"
                .to_string(),
            ));
        } else if kind.is_kw("UNIQUE") {
            out.push(
                UNIQUE_INDEX.raise(
                    st,
                    entity,
                    "fails when existing rows hold duplicates, after the statements before it ran"
                        .to_string(),
                ),
            );
        } else if kind.is_kw("FOREIGN") && copy_allowed {
            out.push(FK_COPIES_TABLE.raise(
                st,
                entity,
                "with foreign_key_checks on, MySQL adds a foreign key by copying the table (ALGORITHM=COPY) while writes wait, and fails on rows without a parent".to_string(),
            ));
        } else if kind.is_kw("CHECK") && copy_allowed {
            out.push(CHECK_COPIES_TABLE.raise(
                st,
                entity,
                "the server checks every existing row by copying the table (ALGORITHM=COPY) while writes wait, and fails on a row that breaks the check".to_string(),
            ));
        }
    }

    fn rename_column(
        &mut self,
        st: &Statement,
        table: &str,
        from: &str,
        to: &str,
        existing: bool,
        out: &mut Vec<Hazard>,
    ) {
        if existing {
            out.push(RENAME_COLUMN.raise(
                st,
                format!("{table}.{from}"),
                format!("the running application version still reads and writes {from}, which is now {to}"),
            ));
        }
        if let Some(c) = self
            .columns
            .get_mut(table)
            .and_then(|cols| cols.iter_mut().find(|c| c.name.eq_ignore_ascii_case(from)))
        {
            c.name = to.to_string();
        }
    }

    /// `MODIFY` (or the definition of `CHANGE`): the column's whole definition restated.
    #[allow(clippy::too_many_arguments)]
    fn modify(
        &mut self,
        st: &Statement,
        table: &str,
        name: &str,
        new: Col,
        rest: &[Tok],
        existing: bool,
        copy_allowed: bool,
        out: &mut Vec<Hazard>,
    ) {
        let old = self.find_col(table, name).cloned();
        if let Some(cols) = self.columns.get_mut(table) {
            match cols.iter_mut().find(|c| c.name.eq_ignore_ascii_case(name)) {
                Some(c) => *c = new.clone(),
                None => cols.push(new.clone()),
            }
        }
        if !existing {
            return;
        }
        let entity = format!("{table}.{name}");
        let Some(old) = old else {
            if copy_allowed {
                out.push(TABLE_COPY.raise(
                    st,
                    entity,
                    format!(
                        "restating the column as {} copies the table (ALGORITHM=COPY) while writes wait if its type changes, and cuts values that do not fit (the previous definition is unknown: no snapshot)",
                        new.ty
                    ),
                ));
            }
            return;
        };
        let (before, after) = (MyType::parse(&old.ty), MyType::parse(&new.ty));
        let charset_named = rest
            .iter()
            .any(|x| x.is_kw("CHARACTER") || x.is_kw("CHARSET") || x.is_kw("COLLATE"));
        let mut copies = false;
        match classify(&before, &after) {
            TypeChange::Free => {}
            TypeChange::Copy => copies = true,
            TypeChange::Narrowing => out.push(TYPE_NARROWING.raise(
                st,
                entity.clone(),
                format!(
                    "{} → {} cannot hold every value of the old type: values are cut or rounded, or the statement fails in strict mode",
                    old.ty, new.ty
                ),
            )),
            TypeChange::EnumValueRemoved(removed) => out.push(ENUM_VALUE_REMOVED.raise(
                st,
                entity.clone(),
                format!(
                    "removes {}: rows that hold them make the statement fail in strict mode, or become '' without it",
                    removed
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
        if copy_allowed && (copies || charset_named || (new.auto_increment && !old.auto_increment))
        {
            let what = if copies {
                format!("{} → {}", old.ty, new.ty)
            } else if charset_named {
                "a character set or collation stated for the column".to_string()
            } else {
                "AUTO_INCREMENT added to the column".to_string()
            };
            out.push(TABLE_COPY.raise(
                st,
                entity.clone(),
                format!("{what} makes MySQL copy the table (ALGORITHM=COPY): writes wait until every row is copied"),
            ));
        }
        if new.not_null && !old.not_null {
            out.push(MODIFY_NOT_NULL.raise(
                st,
                entity.clone(),
                "the column becomes NOT NULL: a row holding NULL makes the statement fail in strict mode, or is silently given 0, '' or a zero date without it".to_string(),
            ));
        } else if old.not_null && !new.not_null && !copies && copy_allowed {
            out.push(TABLE_REBUILD.raise(
                st,
                entity,
                "making the column nullable rebuilds the table in place (reads and writes go on)"
                    .to_string(),
            ));
        }
    }
}

/// A MySQL column type reduced to what decides copies and narrowing.
#[derive(Debug, Clone, PartialEq)]
struct MyType {
    base: String,
    params: Vec<i64>,
    /// An enum's or set's values.
    values: Vec<String>,
    unsigned: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum TypeChange {
    /// Metadata only (same type, a longer varchar within its length bytes, enum values appended).
    Free,
    /// The table is copied.
    Copy,
    Narrowing,
    EnumValueRemoved(Vec<String>),
}

impl MyType {
    fn parse(text: &str) -> MyType {
        let st = statement(Lexical::Mysql, 0, text);
        let (mut words, mut params, mut values) = (Vec::new(), Vec::new(), Vec::new());
        let mut depth = 0;
        for x in &st.tokens {
            match x {
                p if p.is_punct("(") => depth += 1,
                p if p.is_punct(")") => depth -= 1,
                Tok::Number(n) if depth > 0 => params.extend(n.parse::<i64>().ok()),
                Tok::Str(s) if depth > 0 => values.push(s.clone()),
                Tok::Word { value, .. } if depth == 0 => words.push(value.to_lowercase()),
                _ => {}
            }
        }
        let unsigned = words.iter().any(|w| w == "unsigned");
        words.retain(|w| w != "unsigned" && w != "signed" && w != "zerofill");
        let joined = words.join(" ");
        let (base, unsigned, params) = match joined.as_str() {
            "serial" => ("bigint", true, vec![]),
            "integer" => ("int", unsigned, params),
            "bool" | "boolean" => ("tinyint", unsigned, vec![1]),
            "dec" | "numeric" | "fixed" => ("decimal", unsigned, params),
            "real" | "double precision" => ("double", unsigned, params),
            "character" | "nchar" | "national char" => ("char", unsigned, params),
            "character varying" | "nvarchar" | "national varchar" => ("varchar", unsigned, params),
            other => (other, unsigned, params),
        };
        // Display widths (int(11)) change nothing stored.
        let params = if int_rank(base).is_some() {
            vec![]
        } else {
            params
        };
        MyType {
            base: base.to_string(),
            params,
            values,
            unsigned,
        }
    }

    fn param(&self, i: usize) -> Option<i64> {
        self.params.get(i).copied()
    }
}

fn int_rank(base: &str) -> Option<u32> {
    ["tinyint", "smallint", "mediumint", "int", "bigint"]
        .iter()
        .position(|b| *b == base)
        .map(|p| p as u32 + 1)
}

/// Decimal digits an integer type needs (its widest value).
fn int_digits(base: &str, unsigned: bool) -> i64 {
    match (base, unsigned) {
        ("tinyint", _) => 3,
        ("smallint", _) => 5,
        ("mediumint", _) => 8,
        ("int", _) => 10,
        ("bigint", false) => 19,
        _ => 20,
    }
}

/// Characters (or bytes) a string type holds, and whether it is binary.
fn string_capacity(t: &MyType) -> Option<(i64, bool)> {
    let text = match t.base.as_str() {
        "char" => (t.param(0).unwrap_or(1), false),
        "varchar" => (t.param(0)?, false),
        "tinytext" => (255, false),
        "text" => (t.param(0).unwrap_or(65_535), false),
        "mediumtext" => (16_777_215, false),
        "longtext" | "json" => (4_294_967_295, false),
        "binary" => (t.param(0).unwrap_or(1), true),
        "varbinary" => (t.param(0)?, true),
        "tinyblob" => (255, true),
        "blob" => (t.param(0).unwrap_or(65_535), true),
        "mediumblob" => (16_777_215, true),
        "longblob" => (4_294_967_295, true),
        _ => return None,
    };
    Some(text)
}

fn temporal_rank(base: &str) -> Option<u8> {
    match base {
        "date" => Some(1),
        "timestamp" => Some(2),
        "datetime" => Some(3),
        _ => None,
    }
}

fn numeric_fraction(base: &str) -> bool {
    matches!(base, "decimal" | "float" | "double")
}

/// What changing a column from `old` to `new` costs (MySQL 8.0 / MariaDB 10.6 online DDL).
fn classify(old: &MyType, new: &MyType) -> TypeChange {
    use TypeChange::*;
    if old == new {
        return Free;
    }
    let (o, n) = (old.base.as_str(), new.base.as_str());
    if (o == "enum" && n == "enum") || (o == "set" && n == "set") {
        let removed: Vec<String> = old
            .values
            .iter()
            .filter(|v| !new.values.contains(v))
            .cloned()
            .collect();
        if !removed.is_empty() {
            return EnumValueRemoved(removed);
        }
        // Values appended at the end keep every stored index: metadata only.
        return if new.values.starts_with(&old.values) {
            Free
        } else {
            Copy
        };
    }
    if let (Some(a), Some(b)) = (int_rank(o), int_rank(n)) {
        let fits = if old.unsigned == new.unsigned {
            b >= a
        } else {
            // unsigned → signed fits in a wider type; signed → unsigned loses the negatives.
            old.unsigned && b > a
        };
        return if fits { Copy } else { Narrowing };
    }
    if o == "bit" && n == "bit" {
        return match (old.param(0).unwrap_or(1), new.param(0).unwrap_or(1)) {
            (a, b) if b < a => Narrowing,
            _ => Copy,
        };
    }
    if let (Some((a, a_bin)), Some((b, b_bin))) = (string_capacity(old), string_capacity(new)) {
        if b < a {
            return Narrowing;
        }
        // A longer varchar is metadata only while its length prefix keeps its size (1 byte up to 255
        // bytes: with up to 4 bytes a character, 63 characters; 2 bytes from 256 characters on).
        let same_prefix = (a * 4 <= 255 && b * 4 <= 255) || a >= 256;
        if o == n && (o == "varchar" || o == "varbinary") && same_prefix && a_bin == b_bin {
            return Free;
        }
        return Copy;
    }
    if int_rank(o).is_some() && n == "decimal" {
        let (p, s) = (new.param(0).unwrap_or(10), new.param(1).unwrap_or(0));
        return if p - s < int_digits(o, old.unsigned) {
            Narrowing
        } else {
            Copy
        };
    }
    if o == "decimal" && n == "decimal" {
        let (op, os) = (old.param(0).unwrap_or(10), old.param(1).unwrap_or(0));
        let (np, ns) = (new.param(0).unwrap_or(10), new.param(1).unwrap_or(0));
        return if ns < os || np - ns < op - os || (new.unsigned && !old.unsigned) {
            Narrowing
        } else {
            Copy
        };
    }
    if numeric_fraction(o) && int_rank(n).is_some() {
        return Narrowing;
    }
    if (o == "double" && n == "float") || (matches!(o, "float" | "double") && n == "decimal") {
        return Narrowing;
    }
    if let (Some(a), Some(b)) = (temporal_rank(o), temporal_rank(n)) {
        // datetime → timestamp narrows the range (1970–2038); to date drops the time.
        let fsp_lost = new.param(0).unwrap_or(0) < old.param(0).unwrap_or(0);
        return if b < a || fsp_lost { Narrowing } else { Copy };
    }
    if o == "time" && n == "time" && new.param(0).unwrap_or(0) < old.param(0).unwrap_or(0) {
        return Narrowing;
    }
    if string_capacity(old).is_some() && (int_rank(n).is_some() || numeric_fraction(n)) {
        // Text that is not a number fails in strict mode, or becomes 0 without it.
        return Narrowing;
    }
    if let (Some(_), Some((len, _))) = (int_rank(o), string_capacity(new)) {
        let sign = if old.unsigned { 0 } else { 1 };
        return if len < int_digits(o, old.unsigned) + sign {
            Narrowing
        } else {
            Copy
        };
    }
    Copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(old: &str, new: &str) -> TypeChange {
        classify(&MyType::parse(old), &MyType::parse(new))
    }

    #[test]
    fn type_changes() {
        use TypeChange::*;
        assert_eq!(c("int", "integer"), Free);
        assert_eq!(c("int(11)", "int"), Free);
        assert_eq!(c("int", "bigint"), Copy);
        assert_eq!(c("bigint", "int"), Narrowing);
        assert_eq!(c("int unsigned", "int"), Narrowing);
        assert_eq!(c("int unsigned", "bigint"), Copy);
        assert_eq!(c("int", "bigint unsigned"), Narrowing);
        assert_eq!(c("varchar(20)", "varchar(40)"), Free);
        assert_eq!(c("varchar(40)", "varchar(100)"), Copy);
        assert_eq!(c("varchar(300)", "varchar(1000)"), Free);
        assert_eq!(c("varchar(100)", "varchar(20)"), Narrowing);
        assert_eq!(c("text", "varchar(255)"), Narrowing);
        assert_eq!(c("varchar(255)", "text"), Copy);
        assert_eq!(c("decimal(10,2)", "decimal(12,2)"), Copy);
        assert_eq!(c("decimal(10,2)", "decimal(10,1)"), Narrowing);
        assert_eq!(c("decimal(10,2)", "int"), Narrowing);
        assert_eq!(c("int", "decimal(12,2)"), Copy);
        assert_eq!(c("int", "decimal(8,2)"), Narrowing);
        assert_eq!(c("double", "float"), Narrowing);
        assert_eq!(c("datetime", "date"), Narrowing);
        assert_eq!(c("datetime(3)", "datetime"), Narrowing);
        assert_eq!(c("date", "datetime"), Copy);
        assert_eq!(c("datetime", "timestamp"), Narrowing);
        assert_eq!(c("varchar(10)", "int"), Narrowing);
        assert_eq!(c("int", "varchar(20)"), Copy);
        assert_eq!(c("int", "varchar(5)"), Narrowing);
        assert_eq!(c("enum('a','b')", "enum('a','b','c')"), Free);
        assert_eq!(c("enum('a','b')", "enum('c','a','b')"), Copy);
        assert_eq!(
            c("enum('a','b')", "enum('a')"),
            EnumValueRemoved(vec!["b".into()])
        );
        assert_eq!(c("serial", "bigint unsigned"), Free);
    }
}
