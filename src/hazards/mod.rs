//! Hazards: what a migration does to a running database and its data, found statement by statement.
//!
//! The analysis reads SQL text, not the diff's typed statements, so one analyser serves the plans of
//! `generate` and `push` and the migration files `lint` reads, hand-written ones included. Text is
//! read by a lexer (`crate::lex`) rather than a parser: a lexer accepts every statement
//! (policies, `ALTER TYPE … ADD VALUE`, vendor clauses the AST lags behind), so lint never refuses a
//! file that the database would run. Where text alone cannot tell (is this type change a narrowing?),
//! the previous schema state answers, when the caller has one.
//!
//! This module is dialect-neutral: statements, hazards, severities, `-- sleet:allow` acknowledgements
//! and level filtering. Each dialect brings its own rules (`pg.rs`, `sqlite.rs`, `mysql.rs`).

pub mod mysql;
#[cfg(test)]
mod mysql_tests;
pub mod pg;
pub mod pg_safe;
#[cfg(test)]
mod pg_tests;
pub mod sqlite;
#[cfg(test)]
mod sqlite_tests;

use crate::lex;
pub use crate::lex::{Lexical, Tok};
use lex::Lexeme;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::sql::{Printer, RoleStatements};

/// What a wing contributes to safe changes; a wing without rules keeps the defaults (no hazards, no
/// safe forms, downs as planned).
pub trait Safety: Printer {
    /// Hazards of a plan's SQL, `prev` being the schema it starts from.
    fn hazards(_statements: &[String], _prev: &Self::Ddl) -> Vec<Hazard> {
        Vec::new()
    }
    /// `generate --safe`: the plan's lock-free forms, `None` when nothing has one.
    fn safe_forms(
        _plan: &[Self::Statement],
        _prev: &Self::Ddl,
        _cur: &Self::Ddl,
        _roles: RoleStatements,
    ) -> Option<SafePlan<Self::Statement, Self::Ddl>> {
        None
    }
    /// Adjusts a down plan before it is printed (a down runs in a transaction, with no schema facts).
    fn prepare_down(_plan: &mut [Self::Statement]) {}
}

/// A plan split in two by `generate --safe`.
#[derive(Debug, Clone)]
pub struct SafePlan<S, D> {
    /// The first (transactional) migration.
    pub plan: Vec<S>,
    pub statements: Vec<String>,
    /// The second (no-transaction) migration: what must run outside a transaction.
    pub concurrent_plan: Vec<S>,
    pub concurrent: Vec<String>,
    /// The schema after the first migration.
    pub state_between: D,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(text: &str, source: &str) -> Result<Severity> {
        match text {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(Error::new(
                "config_validation_error",
                format!("{source} must be \"error\", \"warning\" or \"info\", got {other:?}"),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Rows or values are destroyed.
    DataLoss,
    /// The whole table is rewritten under an exclusive lock.
    Rewrite,
    /// Reads or writes wait on a lock held for as long as a full scan or index build.
    Lock,
    /// The statement fails on a table that has rows.
    Failure,
    /// The application version still running during a rolling deploy breaks.
    Compatibility,
    /// A failure half-way leaves the migration half applied (MySQL commits each DDL statement).
    NonAtomic,
}

/// One rule of a dialect: its stable code and what is true of every hazard it raises.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub class: Class,
    /// The safer way to reach the same schema.
    pub safer: &'static str,
}

impl Rule {
    pub(crate) const fn new(
        code: &'static str,
        severity: Severity,
        class: Class,
        safer: &'static str,
    ) -> Rule {
        Rule {
            code,
            severity,
            class,
            safer,
        }
    }

    fn raise(&self, statement: &Statement, entity: String, why: String) -> Hazard {
        Hazard {
            code: self.code,
            severity: self.severity,
            class: self.class,
            statement: statement.index,
            sql: statement.text.trim().to_string(),
            entity,
            why,
            safer: self.safer.to_string(),
            line: statement.line,
            allowed: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hazard {
    pub code: &'static str,
    pub severity: Severity,
    pub class: Class,
    /// Index of the statement in the plan or file.
    pub statement: usize,
    pub sql: String,
    pub entity: String,
    pub why: String,
    pub safer: String,
    /// First line of the statement in its file (lint only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The reason of the `-- sleet:allow` line that acknowledged it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<String>,
}

/// A `-- sleet:allow <code> <reason>` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Allow {
    pub code: String,
    pub reason: String,
    pub line: u64,
    /// The statement the line stands in or before.
    #[serde(skip)]
    pub statement: usize,
}

/// One statement: its text, tokens and where it starts.
#[derive(Debug, Clone)]
pub struct Statement {
    pub index: usize,
    pub text: String,
    pub line: Option<u64>,
    pub tokens: Vec<Tok>,
}

const ALLOW_PREFIX: &str = "sleet:allow";

/// Tokens of one statement the caller already has on its own (a plan's statements).
pub fn statement(rules: Lexical, index: usize, text: &str) -> Statement {
    // Text that does not lex (an unterminated literal) yields no tokens, so no rule matches it;
    // files are split by `split`, which reports that as an error instead.
    let tokens = lex::lex(rules, text)
        .map(|ls| {
            ls.into_iter()
                .filter_map(|l| match l.lexeme {
                    Lexeme::Token(t) => Some(t),
                    Lexeme::LineComment(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Statement {
        index,
        text: text.to_string(),
        line: None,
        tokens,
    }
}

/// A plan's statements, each read on its own (a plan has no allow lines).
pub(crate) fn plan_statements(rules: Lexical, statements: &[String]) -> Vec<Statement> {
    statements
        .iter()
        .enumerate()
        .map(|(i, s)| statement(rules, i, s))
        .collect()
}

/// A migration file cut into statements at top-level semicolons, with its allow lines.
pub fn split(rules: Lexical, file: &str, text: &str) -> Result<(Vec<Statement>, Vec<Allow>)> {
    let lexed = lex::lex(rules, text).map_err(|e| {
        Error::new(
            "lint_parse_error",
            format!("{file}: cannot read the SQL ({e}); fix the statement or the quoting"),
        )
    })?;
    let mut statements = Vec::new();
    let mut allows = Vec::new();
    let mut current: Vec<Tok> = Vec::new();
    let mut start: Option<(u64, usize)> = None;
    for l in lexed {
        let tok = match l.lexeme {
            Lexeme::LineComment(comment) => {
                if let Some(rest) = comment.trim().strip_prefix(ALLOW_PREFIX) {
                    let line = l.line;
                    let mut parts = rest.trim().splitn(2, char::is_whitespace);
                    let code = parts.next().unwrap_or("").trim().to_string();
                    let reason = parts.next().unwrap_or("").trim().to_string();
                    if code.is_empty() || reason.is_empty() {
                        return Err(Error::new(
                            "lint_allow_error",
                            format!(
                                "{file}:{line}: `-- sleet:allow` needs a hazard code and a reason, e.g. `-- sleet:allow drop-column the column was unused since v2`"
                            ),
                        ));
                    }
                    allows.push(Allow {
                        code,
                        reason,
                        line,
                        statement: statements.len(),
                    });
                }
                continue;
            }
            Lexeme::Token(tok) => tok,
        };
        let (line, start_byte) = *start.get_or_insert((l.line, l.start));
        let end = tok.is_punct(";");
        current.push(tok);
        if end {
            statements.push(Statement {
                index: statements.len(),
                text: text.get(start_byte..l.end).unwrap_or("").to_string(),
                line: Some(line),
                tokens: std::mem::take(&mut current),
            });
            start = None;
        }
    }
    if let Some((line, start_byte)) = start {
        statements.push(Statement {
            index: statements.len(),
            text: text.get(start_byte..).unwrap_or("").to_string(),
            line: Some(line),
            tokens: current,
        });
    }
    // An allow after the last statement belongs to the last statement.
    let last = statements.len().saturating_sub(1);
    for a in &mut allows {
        a.statement = a.statement.min(last);
    }
    Ok((statements, allows))
}

/// Token helpers every dialect's rules share.
pub(crate) fn skip_kws(t: &[Tok], mut i: usize, kws: &[&str]) -> usize {
    for kw in kws {
        if t.get(i).is_some_and(|x| x.is_kw(kw)) {
            i += 1;
        } else {
            return i;
        }
    }
    i
}

pub(crate) fn has_seq(t: &[Tok], kws: &[&str]) -> bool {
    t.windows(kws.len())
        .any(|w| w.iter().zip(kws).all(|(x, k)| x.is_kw(k)))
}

/// Splits at commas outside parentheses.
pub(crate) fn top_level_parts(t: &[Tok]) -> Vec<&[Tok]> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, x) in t.iter().enumerate() {
        if x.is_punct("(") || x.is_punct("[") {
            depth += 1;
        } else if x.is_punct(")") || x.is_punct("]") {
            depth -= 1;
        } else if depth == 0 && (x.is_punct(",") || x.is_punct(";")) {
            parts.push(&t[start..i]);
            start = i + 1;
        }
    }
    if start < t.len() {
        parts.push(&t[start..]);
    }
    parts.retain(|p| !p.is_empty());
    parts
}

pub(crate) fn has_prefix(t: &[Tok], kws: &[&str]) -> bool {
    t.len() >= kws.len() && t.iter().zip(kws).all(|(x, k)| x.is_kw(k))
}

/// Marks each hazard an allow line acknowledges: one hazard per line, the one of its code in the
/// statement the line stands before, else the first still unacknowledged one of its code in the file.
/// Returns the allow lines that matched nothing (a stale acknowledgement is worth a warning).
pub fn acknowledge(hazards: &mut [Hazard], allows: &[Allow]) -> Vec<Allow> {
    let mut unused = Vec::new();
    for a in allows {
        let here = hazards
            .iter()
            .position(|h| h.allowed.is_none() && h.code == a.code && h.statement == a.statement);
        let anywhere = || {
            hazards
                .iter()
                .position(|h| h.allowed.is_none() && h.code == a.code)
        };
        match here.or_else(anywhere) {
            Some(i) => hazards[i].allowed = Some(a.reason.clone()),
            None => unused.push(a.clone()),
        }
    }
    unused
}

/// Whether a gate at `level` fails on these hazards.
pub fn fails(hazards: &[Hazard], level: Severity) -> bool {
    hazards
        .iter()
        .any(|h| h.allowed.is_none() && h.severity >= level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_text_lines_and_allows() {
        let sql = "CREATE TABLE \"a\" (\"id\" int);--> statement-breakpoint\n-- sleet:allow drop-column unused since v2\nALTER TABLE \"a\" DROP COLUMN \"x\";\nSELECT ';';";
        let (st, allows) = split(Lexical::Postgres, "m.sql", sql).unwrap();
        assert_eq!(st.len(), 3);
        assert_eq!(st[0].text, "CREATE TABLE \"a\" (\"id\" int);");
        assert_eq!(st[1].text, "ALTER TABLE \"a\" DROP COLUMN \"x\";");
        assert_eq!(st[1].line, Some(3));
        assert_eq!(st[2].text, "SELECT ';';");
        assert_eq!(allows.len(), 1);
        assert_eq!(allows[0].code, "drop-column");
        assert_eq!(allows[0].reason, "unused since v2");
        assert_eq!(allows[0].statement, 1);
        assert_eq!(allows[0].line, 2);
    }

    #[test]
    fn allow_without_reason_is_an_error() {
        let err = split(
            Lexical::Postgres,
            "m.sql",
            "-- sleet:allow drop-column\nSELECT 1;",
        )
        .unwrap_err();
        assert_eq!(err.code, "lint_allow_error");
        assert!(err.message.starts_with("m.sql:1:"), "{}", err.message);
    }

    #[test]
    fn unterminated_literal_is_an_error_naming_the_file() {
        let err = split(Lexical::Postgres, "x/migration.sql", "SELECT 'a;").unwrap_err();
        assert!(
            err.message.starts_with("x/migration.sql:"),
            "{}",
            err.message
        );
    }

    #[test]
    fn levels_order_and_gate() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert!(Severity::parse("fatal", "sleet.lint.level").is_err());
    }
}
