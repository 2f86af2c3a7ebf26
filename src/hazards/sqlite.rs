//! SQLite's hazard rules.
//!
//! SQLite changes most of a table by rebuilding it: `PRAGMA foreign_keys=OFF`, `CREATE TABLE
//! __new_<t>` with the new shape, `INSERT INTO __new_<t>(…) SELECT … FROM <t>`, `DROP TABLE <t>`,
//! `ALTER TABLE __new_<t> RENAME TO <t>`, `PRAGMA foreign_keys=ON`. The analysis follows those steps
//! as one change: the copy is where columns are lost, converted or refused, the drop of the old table
//! is where its foreign-key children are at risk, and neither the drop nor the rename is a hazard of
//! its own. As on Postgres, a table created earlier in the same plan or file is new and empty.
//! Column facts start from the previous schema state (when the caller has it) and follow the
//! statements; without it, only what the text alone proves is reported.

use std::collections::{HashMap, HashSet};

use super::{
    has_prefix, has_seq, skip_kws, top_level_parts, Allow, Class, Hazard, Lexical, Rule, Severity,
    Statement, Tok,
};
use crate::error::Result;
use crate::model::sqlite::SqliteDdl;

// The codes shared with Postgres (`drop-table`, `drop-column`, `rename-*`) name the same change, so
// one `-- sleet:allow` vocabulary serves both.
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
pub const REBUILD_DROPS_COLUMN: Rule = Rule::new(
    "rebuild-drops-column",
    Severity::Error,
    Class::DataLoss,
    "Deploy the application without the column first and copy its values aside; then drop it in a migration of its own.",
);
pub const REBUILD_NARROWING: Rule = Rule::new(
    "rebuild-narrowing",
    Severity::Error,
    Class::DataLoss,
    "Check first that no stored text changes under the new type (e.g. `SELECT … WHERE CAST(col AS INTEGER) || '' <> col`), or add a column of the new type, fill it explicitly and switch over.",
);
pub const REBUILD_NOT_NULL: Rule = Rule::new(
    "rebuild-not-null",
    Severity::Error,
    Class::Failure,
    "Fill the NULLs first (UPDATE … SET col = … WHERE col IS NULL), or give the column a DEFAULT so the copy can use it.",
);
pub const REBUILD_FILLS_NULLS: Rule = Rule::new(
    "rebuild-fills-nulls",
    Severity::Warning,
    Class::DataLoss,
    "If NULL means something (unknown, not set), fill those rows with a value you choose in an earlier migration; then make the column NOT NULL.",
);
pub const REBUILD_FK_CHILDREN: Rule = Rule::new(
    "rebuild-fk-children",
    Severity::Warning,
    Class::DataLoss,
    "Apply it with `sleet migrate` (foreign keys off outside the transaction, `PRAGMA foreign_key_check` before commit), never inside a transaction of another runner; back up the child tables first.",
);
pub const UNIQUE_INDEX: Rule = Rule::new(
    "unique-index",
    Severity::Warning,
    Class::Failure,
    "Find and resolve duplicates first (SELECT cols, count(*) … GROUP BY cols HAVING count(*) > 1), in the same deploy window as the index.",
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
    "Rename, and create a view under the old name for the running version (read-only, or with INSTEAD OF triggers); drop the view after the deploy.",
);

/// Every SQLite rule, for docs and for the test that each one is exercised.
pub const RULES: &[Rule] = &[
    DROP_TABLE,
    DROP_COLUMN,
    REBUILD_DROPS_COLUMN,
    REBUILD_NARROWING,
    REBUILD_NOT_NULL,
    REBUILD_FILLS_NULLS,
    REBUILD_FK_CHILDREN,
    UNIQUE_INDEX,
    RENAME_COLUMN,
    RENAME_TABLE,
];

/// The prefix of the copy a rebuild makes (rc.5's and sleet's printers).
const REBUILD_PREFIX: &str = "__new_";

/// Hazards of a plan's statements, `prev` being the schema it starts from: what `Safety::hazards`
/// returns for the SQLite wing.
/// `generate` and `push` analyse their plans with these rules; there is no `--safe` form for a
/// SQLite rebuild, and `down.sql` is the plan back as the diff prints it.
impl super::Safety for crate::model::sqlite::Sqlite {
    fn hazards(statements: &[String], prev: &SqliteDdl) -> Vec<Hazard> {
        hazards(statements, prev)
    }
}

pub fn hazards(statements: &[String], prev: &SqliteDdl) -> Vec<Hazard> {
    let parsed = super::plan_statements(Lexical::Sqlite, statements);
    analyse(&parsed, Some(prev))
}

/// Hazards of a migration file, with its allow lines.
pub fn analyse_file(
    file: &str,
    text: &str,
    prev: Option<&SqliteDdl>,
) -> Result<(Vec<Hazard>, Vec<Allow>)> {
    let (statements, allows) = super::split(Lexical::Sqlite, file, text)?;
    Ok((analyse(&statements, prev), allows))
}

/// What the walk knows of a column.
#[derive(Debug, Clone)]
struct Col {
    name: String,
    ty: String,
    not_null: bool,
    generated: bool,
    /// Added earlier in the same plan or file: it holds only its default, which the rebuilt table
    /// gives again (rc.5 adds a column and then rebuilds without copying it).
    added: bool,
}

/// A foreign key as the walk needs it: child table → parent table.
#[derive(Debug, Clone)]
struct Fk {
    child: String,
    parent: String,
    cascade: bool,
}

/// A rebuild in progress: the copy's shape, and what its INSERT copied.
#[derive(Debug, Clone, Default)]
struct Rebuild {
    columns: Vec<Col>,
    fks: Vec<Fk>,
}

#[derive(Default)]
struct Walk {
    created: HashSet<String>,
    /// Known columns per table (absent: nothing known, e.g. linted without a snapshot).
    columns: HashMap<String, Vec<Col>>,
    fks: Vec<Fk>,
    rebuilds: HashMap<String, Rebuild>,
}

pub fn analyse(statements: &[Statement], prev: Option<&SqliteDdl>) -> Vec<Hazard> {
    let mut walk = Walk::default();
    if let Some(prev) = prev {
        for c in &prev.columns {
            walk.columns.entry(c.table.clone()).or_default().push(Col {
                name: c.name.clone(),
                ty: c.r#type.clone(),
                not_null: c.not_null,
                generated: c.generated.is_some(),
                added: false,
            });
        }
        walk.fks = prev
            .fks
            .iter()
            .map(|f| Fk {
                child: f.table.clone(),
                parent: f.table_to.clone(),
                cascade: f.on_delete.eq_ignore_ascii_case("cascade"),
            })
            .collect();
    }
    let mut out = Vec::new();
    for st in statements {
        walk.statement(st, &mut out);
    }
    out
}

/// An identifier as SQLite stores it (quoting removed; case kept, as the snapshots keep it).
fn ident(t: &Tok) -> Option<String> {
    match t {
        Tok::Word { value, .. } => Some(value.clone()),
        _ => None,
    }
}

/// `name` or `schema.name` at `i` → (name, index after it). SQLite's schemas are attached databases;
/// a migration speaks about `main`, so the name alone identifies the table.
fn table_name(t: &[Tok], i: usize) -> Option<(String, usize)> {
    let first = ident(t.get(i)?)?;
    if t.get(i + 1).is_some_and(|x| x.is_punct(".")) {
        Some((ident(t.get(i + 2)?)?, i + 3))
    } else {
        Some((first, i + 1))
    }
}

/// The tokens between the parenthesis at `open` and its match.
fn inside_parens(t: &[Tok], open: usize) -> &[Tok] {
    let mut depth = 0i32;
    for (i, x) in t.iter().enumerate().skip(open) {
        if x.is_punct("(") {
            depth += 1;
        } else if x.is_punct(")") {
            depth -= 1;
            if depth == 0 {
                return t.get(open + 1..i).unwrap_or(&[]);
            }
        }
    }
    t.get(open + 1..).unwrap_or(&[])
}

const TABLE_CONSTRAINTS: &[&str] = &["CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK"];
const COLUMN_CONSTRAINTS: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
];

/// A column definition (`name type constraints…`).
fn column_def(part: &[Tok]) -> Option<Col> {
    let name = ident(part.first()?)?;
    let end = part
        .iter()
        .skip(1)
        .position(|x| COLUMN_CONSTRAINTS.iter().any(|k| x.is_kw(k)))
        .map_or(part.len(), |p| p + 1);
    let ty = part
        .get(1..end)
        .unwrap_or(&[])
        .iter()
        .filter_map(|x| match x {
            Tok::Word { value, .. } => Some(value.clone()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let rest = part.get(end..).unwrap_or(&[]);
    Some(Col {
        name,
        ty,
        not_null: has_seq(rest, &["NOT", "NULL"]),
        generated: rest.iter().any(|x| x.is_kw("GENERATED") || x.is_kw("AS")),
        added: false,
    })
}

/// The columns and foreign keys of `CREATE TABLE name (…)`.
fn table_def(table: &str, t: &[Tok], from: usize) -> (Vec<Col>, Vec<Fk>) {
    let Some(open) = t.iter().skip(from).position(|x| x.is_punct("(")) else {
        return (vec![], vec![]);
    };
    let mut cols = Vec::new();
    let mut fks = Vec::new();
    for part in top_level_parts(inside_parens(t, from + open)) {
        let fk_to = part
            .iter()
            .position(|x| x.is_kw("REFERENCES"))
            .and_then(|r| table_name(part, r + 1))
            .map(|(parent, _)| Fk {
                child: table.to_string(),
                parent,
                cascade: has_seq(part, &["ON", "DELETE", "CASCADE"]),
            });
        fks.extend(fk_to);
        let is_constraint = part
            .first()
            .is_some_and(|x| TABLE_CONSTRAINTS.iter().any(|k| x.is_kw(k)));
        if !is_constraint {
            cols.extend(column_def(part));
        }
    }
    (cols, fks)
}

/// SQLite's type affinity of a declared type (the rules of "Determination Of Column Affinity").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Affinity {
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

fn affinity(ty: &str) -> Affinity {
    let t = ty.to_ascii_uppercase();
    if t.contains("INT") {
        Affinity::Integer
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        Affinity::Text
    } else if t.contains("BLOB") || t.trim().is_empty() {
        Affinity::Blob
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        Affinity::Real
    } else {
        Affinity::Numeric
    }
}

/// Whether copying a value stored under `old` into a column of `new` can change it: text (and
/// untyped values) that look like numbers become numbers under a numeric affinity (`'007'` → 7,
/// `'1e3'` → 1000). Numbers into text keep their digits, and numeric affinities keep each
/// other's values (a REAL that is not a whole number stays REAL), so those are not narrowing.
fn narrows(old: &str, new: &str) -> bool {
    let numeric = |a| matches!(a, Affinity::Integer | Affinity::Real | Affinity::Numeric);
    matches!(affinity(old), Affinity::Text | Affinity::Blob) && numeric(affinity(new))
}

impl Walk {
    fn existing(&self, table: &str) -> bool {
        !self.created.contains(table)
    }

    fn statement(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let Some(first) = t.first() else { return };
        if first.is_kw("CREATE") {
            self.create(st, out);
        } else if first.is_kw("INSERT") {
            self.insert(st, out);
        } else if first.is_kw("DROP") && t.get(1).is_some_and(|x| x.is_kw("TABLE")) {
            self.drop_table(st, out);
        } else if first.is_kw("ALTER") && t.get(1).is_some_and(|x| x.is_kw("TABLE")) {
            self.alter_table(st, out);
        }
    }

    fn create(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let unique = t.get(1).is_some_and(|x| x.is_kw("UNIQUE"));
        let kind_at = if unique { 2 } else { 1 };
        if t.get(kind_at).is_some_and(|x| x.is_kw("INDEX")) {
            let Some(on) = t.iter().position(|x| x.is_kw("ON")) else {
                return;
            };
            let Some((table, _)) = table_name(t, on + 1) else {
                return;
            };
            if unique && self.existing(&table) && !table.starts_with(REBUILD_PREFIX) {
                out.push(UNIQUE_INDEX.raise(
                    st,
                    table,
                    "fails when existing rows hold duplicates, after the statements before it ran"
                        .to_string(),
                ));
            }
            return;
        }
        // CREATE [TEMP] TABLE [IF NOT EXISTS] name (…)
        let Some(pos) = t.iter().take(3).position(|x| x.is_kw("TABLE")) else {
            return;
        };
        let at = skip_kws(t, pos + 1, &["IF", "NOT", "EXISTS"]);
        let Some((table, next)) = table_name(t, at) else {
            return;
        };
        let (columns, fks) = table_def(&table, t, next);
        if let Some(target) = table.strip_prefix(REBUILD_PREFIX) {
            let fks = fks
                .into_iter()
                .map(|f| Fk {
                    child: target.to_string(),
                    ..f
                })
                .collect();
            self.rebuilds
                .insert(target.to_string(), Rebuild { columns, fks });
        } else {
            self.created.insert(table.clone());
            self.columns.insert(table, columns);
            self.fks.extend(fks);
        }
    }

    /// The copy of a rebuild: `INSERT INTO __new_t(targets) SELECT sources FROM t`.
    fn insert(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let at = skip_kws(t, 1, &["INTO"]);
        let Some((copy, next)) = table_name(t, at) else {
            return;
        };
        let Some(table) = copy.strip_prefix(REBUILD_PREFIX) else {
            return;
        };
        if !self.existing(table) {
            return;
        }
        let Some(rebuild) = self.rebuilds.get(table) else {
            return;
        };
        if !t.get(next).is_some_and(|x| x.is_punct("(")) {
            return;
        }
        let targets: Vec<String> = top_level_parts(inside_parens(t, next))
            .iter()
            .filter_map(|p| p.first().and_then(ident))
            .collect();
        let select = t.iter().position(|x| x.is_kw("SELECT")).unwrap_or(t.len());
        let from = t.iter().rposition(|x| x.is_kw("FROM")).unwrap_or(t.len());
        let sources = top_level_parts(t.get(select + 1..from).unwrap_or(&[]));
        let Some(old) = self.columns.get(table) else {
            // Without the previous schema only the copy's own text speaks: a NULL filled by COALESCE.
            for (target, source) in targets.iter().zip(&sources) {
                if source.first().is_some_and(|x| x.is_kw("COALESCE")) {
                    out.push(fills_nulls(st, table, target));
                }
            }
            return;
        };
        for c in old.iter().filter(|c| !c.generated && !c.added) {
            if !targets.contains(&c.name) {
                out.push(REBUILD_DROPS_COLUMN.raise(
                    st,
                    format!("{table}.{}", c.name),
                    "the rebuilt table has no such column: its values are not copied and are gone once the old table is dropped".to_string(),
                ));
            }
        }
        for (i, target) in targets.iter().enumerate() {
            let (Some(before), Some(after)) = (
                old.iter().find(|c| &c.name == target),
                rebuild.columns.iter().find(|c| &c.name == target),
            ) else {
                continue;
            };
            let entity = format!("{table}.{target}");
            if narrows(&before.ty, &after.ty) {
                out.push(REBUILD_NARROWING.raise(
                    st,
                    entity.clone(),
                    format!(
                        "{} → {}: stored text that looks like a number is converted on the copy ('007' becomes 7)",
                        show_type(&before.ty),
                        show_type(&after.ty)
                    ),
                ));
            }
            if after.not_null && !before.not_null {
                let filled = sources
                    .get(i)
                    .is_some_and(|s| s.first().is_some_and(|x| x.is_kw("COALESCE")));
                out.push(if filled {
                    fills_nulls(st, table, target)
                } else {
                    REBUILD_NOT_NULL.raise(
                        st,
                        entity,
                        "the column becomes NOT NULL in the rebuild: a row holding NULL makes the copy fail".to_string(),
                    )
                });
            }
        }
    }

    fn drop_table(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let at = skip_kws(t, 2, &["IF", "EXISTS"]);
        let Some((table, _)) = table_name(t, at) else {
            return;
        };
        if !self.existing(&table) {
            self.forget(&table);
            return;
        }
        if self.rebuilds.contains_key(&table) {
            let children: Vec<&Fk> = self
                .fks
                .iter()
                .filter(|f| f.parent == table && f.child != table && self.existing(&f.child))
                .collect();
            if !children.is_empty() {
                let mut names: Vec<String> = children.iter().map(|f| f.child.clone()).collect();
                names.sort();
                names.dedup();
                let cascade = children.iter().any(|f| f.cascade);
                out.push(REBUILD_FK_CHILDREN.raise(
                    st,
                    table.clone(),
                    format!(
                        "{} reference{} the rebuilt table: with foreign keys off nothing checks them against the new table, and inside a transaction SQLite ignores `PRAGMA foreign_keys=OFF`, so dropping the old table {}",
                        names.join(", "),
                        if names.len() == 1 { "s" } else { "" },
                        if cascade {
                            "deletes the child rows (ON DELETE CASCADE)"
                        } else {
                            "fails or leaves the children unchecked"
                        }
                    ),
                ));
            }
            return;
        }
        out.push(DROP_TABLE.raise(
            st,
            table.clone(),
            "deletes the table and every row in it; the running application version fails on it"
                .to_string(),
        ));
        self.forget(&table);
    }

    fn forget(&mut self, table: &str) {
        self.columns.remove(table);
        self.fks.retain(|f| f.child != table);
    }

    fn alter_table(&mut self, st: &Statement, out: &mut Vec<Hazard>) {
        let t = &st.tokens;
        let Some((table, next)) = table_name(t, 2) else {
            return;
        };
        let a = t.get(next..).unwrap_or(&[]);
        let existing = self.existing(&table);
        if has_prefix(a, &["RENAME", "TO"]) {
            let Some((to, _)) = table_name(a, 2) else {
                return;
            };
            if let Some(target) = table.strip_prefix(REBUILD_PREFIX) {
                // The end of a rebuild: the copy takes the old table's place.
                if let Some(rebuild) = self.rebuilds.remove(target) {
                    self.columns.insert(to.clone(), rebuild.columns);
                    self.fks.retain(|f| f.child != to);
                    self.fks.extend(rebuild.fks);
                }
                return;
            }
            if existing {
                out.push(RENAME_TABLE.raise(
                    st,
                    table.clone(),
                    format!("the running application version still reads and writes {table}, which no longer exists under that name"),
                ));
            } else {
                self.created.insert(to.clone());
            }
            if let Some(cols) = self.columns.remove(&table) {
                self.columns.insert(to.clone(), cols);
            }
            for f in &mut self.fks {
                if f.child == table {
                    f.child = to.clone();
                }
                if f.parent == table {
                    f.parent = to.clone();
                }
            }
        } else if a.first().is_some_and(|x| x.is_kw("RENAME")) {
            // RENAME [COLUMN] a TO b
            let i = skip_kws(a, 1, &["COLUMN"]);
            let (Some(from), Some(to)) = (a.get(i).and_then(ident), a.get(i + 2).and_then(ident))
            else {
                return;
            };
            if existing {
                out.push(RENAME_COLUMN.raise(
                    st,
                    format!("{table}.{from}"),
                    format!("the running application version still reads and writes {from}, which is now {to}"),
                ));
            }
            if let Some(c) = self
                .columns
                .get_mut(&table)
                .and_then(|cols| cols.iter_mut().find(|c| c.name == from))
            {
                c.name = to;
            }
        } else if has_prefix(a, &["DROP"]) {
            let i = skip_kws(a, 1, &["COLUMN"]);
            let Some(col) = a.get(i).and_then(ident) else {
                return;
            };
            let cols = self.columns.get_mut(&table);
            let generated = cols
                .as_ref()
                .and_then(|cols| cols.iter().find(|c| c.name == col))
                .is_some_and(|c| c.generated);
            if let Some(cols) = cols {
                cols.retain(|c| c.name != col);
            }
            // A generated column holds nothing that is not computed from the others.
            if existing && !generated {
                out.push(DROP_COLUMN.raise(
                    st,
                    format!("{table}.{col}"),
                    "deletes the column and every value in it; the running application version fails on it".to_string(),
                ));
            }
        } else if has_prefix(a, &["ADD"]) {
            let i = skip_kws(a, 1, &["COLUMN"]);
            if let Some(c) = a.get(i..).and_then(column_def) {
                self.columns
                    .entry(table)
                    .or_default()
                    .push(Col { added: true, ..c });
            }
        }
    }
}

fn fills_nulls(st: &Statement, table: &str, column: &str) -> Hazard {
    REBUILD_FILLS_NULLS.raise(
        st,
        format!("{table}.{column}"),
        "the column becomes NOT NULL in the rebuild: rows holding NULL are copied with the default instead, and which rows were NULL is lost".to_string(),
    )
}

fn show_type(ty: &str) -> &str {
    if ty.is_empty() {
        "(no type)"
    } else {
        ty
    }
}
