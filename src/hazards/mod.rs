//! Hazards: what a migration does to a running database and its data, found statement by statement.
//!
//! The analysis reads SQL text, not the diff's typed statements, so one analyser serves the plans of
//! `generate` and `push` and the migration files `lint` reads, hand-written ones included. Text is
//! read with sqlparser's tokenizer rather than its parser: the tokenizer accepts every statement
//! (policies, `ALTER TYPE … ADD VALUE`, vendor clauses the AST lags behind), so lint never refuses a
//! file that the database would run. Where text alone cannot tell (is this type change a narrowing?),
//! the previous schema state answers, when the caller has one.
//!
//! This module is dialect-neutral: statements, hazards, severities, `-- sleet:allow` acknowledgements
//! and level filtering. Each dialect brings its own rules (`pg.rs`).

pub mod pg;
pub mod pg_safe;
#[cfg(test)]
mod pg_tests;
pub mod sqlite;

use serde::{Deserialize, Serialize};
use sqlparser::dialect::Dialect;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

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

/// A word, literal or punctuation mark of a statement, comments and whitespace left out.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// `value` as written (unquoted words keep their case: rules compare keywords case-blind and
    /// fold unquoted identifiers themselves).
    Word {
        value: String,
        quoted: bool,
    },
    Str(String),
    Number(String),
    Punct(String),
}

impl Tok {
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word { value, quoted: false } if value.eq_ignore_ascii_case(kw))
    }
    pub fn is_punct(&self, p: &str) -> bool {
        matches!(self, Tok::Punct(v) if v == p)
    }
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

fn convert(token: &Token) -> Option<Tok> {
    Some(match token {
        Token::Whitespace(_) => return None,
        Token::Word(w) => Tok::Word {
            value: w.value.clone(),
            quoted: w.quote_style.is_some(),
        },
        Token::SingleQuotedString(s) => Tok::Str(s.clone()),
        Token::Number(n, _) => Tok::Number(n.clone()),
        other => Tok::Punct(other.to_string()),
    })
}

/// Tokens of one statement the caller already has on its own (a plan's statements).
pub fn statement(dialect: &dyn Dialect, index: usize, text: &str) -> Statement {
    // Text the tokenizer refuses (an unterminated literal) yields no tokens, so no rule matches it;
    // files are split by `split`, which reports that as an error instead.
    let tokens = Tokenizer::new(dialect, text)
        .tokenize()
        .map(|ts| ts.iter().filter_map(convert).collect())
        .unwrap_or_default();
    Statement {
        index,
        text: text.to_string(),
        line: None,
        tokens,
    }
}

/// A migration file cut into statements at top-level semicolons, with its allow lines.
pub fn split(
    dialect: &dyn Dialect,
    file: &str,
    text: &str,
) -> Result<(Vec<Statement>, Vec<Allow>)> {
    let tokens = Tokenizer::new(dialect, text)
        .tokenize_with_location()
        .map_err(|e| {
            Error::new(
                "lint_parse_error",
                format!("{file}: cannot read the SQL ({e}); fix the statement or the quoting"),
            )
        })?;
    // Spans count lines and characters; statement texts are cut from the file by byte offsets.
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0usize, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
        .collect();
    let byte_at = |loc: sqlparser::tokenizer::Location| -> usize {
        let Some((start, line)) = lines.get(loc.line.saturating_sub(1) as usize) else {
            return text.len();
        };
        let column = loc.column.saturating_sub(1) as usize;
        start
            + line
                .char_indices()
                .nth(column)
                .map(|(b, _)| b)
                .unwrap_or(line.len())
    };
    let mut statements = Vec::new();
    let mut allows = Vec::new();
    let mut current: Vec<Tok> = Vec::new();
    let mut start: Option<u64> = None;
    let mut start_byte = 0usize;
    for t in &tokens {
        if let Token::Whitespace(Whitespace::SingleLineComment { comment, .. }) = &t.token {
            let body = comment.trim();
            if let Some(rest) = body.strip_prefix(ALLOW_PREFIX) {
                let line = t.span.start.line;
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
        if matches!(t.token, Token::EOF) {
            continue;
        }
        let Some(tok) = convert(&t.token) else {
            continue;
        };
        if start.is_none() {
            start = Some(t.span.start.line);
            start_byte = byte_at(t.span.start);
        }
        let end = tok.is_punct(";");
        current.push(tok);
        if end {
            let end_byte = byte_at(t.span.end);
            statements.push(Statement {
                index: statements.len(),
                text: text.get(start_byte..end_byte).unwrap_or("").to_string(),
                line: start,
                tokens: std::mem::take(&mut current),
            });
            start = None;
        }
    }
    if !current.is_empty() {
        statements.push(Statement {
            index: statements.len(),
            text: text.get(start_byte..).unwrap_or("").to_string(),
            line: start,
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
    use sqlparser::dialect::PostgreSqlDialect;

    #[test]
    fn split_keeps_text_lines_and_allows() {
        let sql = "CREATE TABLE \"a\" (\"id\" int);--> statement-breakpoint\n-- sleet:allow drop-column unused since v2\nALTER TABLE \"a\" DROP COLUMN \"x\";\nSELECT ';';";
        let (st, allows) = split(&PostgreSqlDialect {}, "m.sql", sql).unwrap();
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
            &PostgreSqlDialect {},
            "m.sql",
            "-- sleet:allow drop-column\nSELECT 1;",
        )
        .unwrap_err();
        assert_eq!(err.code, "lint_allow_error");
        assert!(err.message.starts_with("m.sql:1:"), "{}", err.message);
    }

    #[test]
    fn unterminated_literal_is_an_error_naming_the_file() {
        let err = split(&PostgreSqlDialect {}, "x/migration.sql", "SELECT 'a;").unwrap_err();
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
