//! The dialects sleet knows, in one place: their names as configs spell them, which commands each
//! serves today, where drizzle-orm keeps its migrations table, and how each quotes an identifier.
//! Everything else (Rust commands, the JS shim through `dialects()`) asks this module instead of
//! comparing dialect strings. Built in both feature sets: `migrate` needs the table defaults.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A wing of the engine. `turso` is SQLite spoken through libSQL, not a wing of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Postgresql,
    Mysql,
    Sqlite,
}

/// The commands of the CLI and the programmatic API, as their names are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    Generate,
    Export,
    Check,
    Push,
    Pull,
    Up,
    Migrate,
    Drift,
}

impl Command {
    pub const ALL: [Command; 8] = [
        Command::Generate,
        Command::Export,
        Command::Check,
        Command::Push,
        Command::Pull,
        Command::Up,
        Command::Migrate,
        Command::Drift,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Command::Generate => "generate",
            Command::Export => "export",
            Command::Check => "check",
            Command::Push => "push",
            Command::Pull => "pull",
            Command::Up => "up",
            Command::Migrate => "migrate",
            Command::Drift => "drift",
        }
    }

    pub fn parse(name: &str) -> Result<Command> {
        Command::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| Error::input(format!("unknown command {name:?}")))
    }
}

/// Every dialect name a drizzle-kit 1.0 config accepts, and the wing that serves it (none yet for
/// the rest: a config naming them loads, and every command then says it is not supported).
const CONFIG_NAMES: &[(&str, Option<Dialect>)] = &[
    ("postgresql", Some(Dialect::Postgresql)),
    ("mysql", Some(Dialect::Mysql)),
    ("sqlite", Some(Dialect::Sqlite)),
    ("turso", Some(Dialect::Sqlite)),
    ("singlestore", None),
    ("mssql", None),
    ("cockroach", None),
    ("duckdb", None),
];

/// Names the migrator's programmatic API has always taken for a session's dialect, beside the
/// config names.
const ENGINE_ALIASES: &[(&str, Dialect)] = &[
    ("postgres", Dialect::Postgresql),
    ("pg", Dialect::Postgresql),
    ("mariadb", Dialect::Mysql),
];

/// drizzle-orm's default migrations table (every dialect) and schema (Postgres only).
pub const DEFAULT_MIGRATIONS_TABLE: &str = "__drizzle_migrations";
pub const DEFAULT_MIGRATIONS_SCHEMA: &str = "drizzle";

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgresql, Dialect::Sqlite, Dialect::Mysql];

    /// The canonical name: what snapshots, sessions and messages say.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgresql => "postgresql",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }

    /// A config's or a session's dialect name → its wing. Unknown names and names without a wing
    /// are input errors that list what is accepted.
    pub fn parse(name: &str) -> Result<Dialect> {
        if let Some((_, wing)) = CONFIG_NAMES.iter().find(|(n, _)| *n == name) {
            return wing.ok_or_else(|| {
                Error::new(
                    "unsupported_command_dialect_error",
                    format!(
                        "dialect {name:?} is not supported by sleet yet (it supports {})",
                        supported_names()
                    ),
                )
            });
        }
        if let Some((_, wing)) = ENGINE_ALIASES.iter().find(|(n, _)| *n == name) {
            return Ok(*wing);
        }
        Err(Error::input(format!(
            "dialect {name:?} is not one of {}",
            CONFIG_NAMES
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }

    /// The commands this wing serves today.
    pub fn commands(self) -> &'static [Command] {
        match self {
            Dialect::Postgresql => &Command::ALL,
            Dialect::Sqlite => &Command::ALL,
            Dialect::Mysql => &Command::ALL,
        }
    }

    /// Whether a transaction can hold DDL: MySQL commits each DDL statement on its own, so a
    /// migration (or a down) of several statements cannot be rolled back there.
    pub fn transactional_ddl(self) -> bool {
        self != Dialect::Mysql
    }

    pub fn supports(self, command: Command) -> bool {
        self.commands().contains(&command)
    }

    /// The wing that runs `command` for the dialect named `name`, or an error naming both.
    pub fn for_command(name: &str, command: Command) -> Result<Dialect> {
        let dialect = Dialect::parse(name)?;
        if dialect.supports(command) {
            return Ok(dialect);
        }
        let serving: Vec<&str> = Dialect::ALL
            .into_iter()
            .filter(|d| d.supports(command))
            .map(Dialect::name)
            .collect();
        Err(Error::new(
            "unsupported_command_dialect_error",
            format!(
                "`sleet {}` does not support dialect {name:?} yet; it supports {}",
                command.name(),
                serving.join(", ")
            ),
        ))
    }

    /// The schema that holds the migrations table by default, where the dialect has schemas.
    pub fn default_migrations_schema(self) -> Option<&'static str> {
        match self {
            Dialect::Postgresql => Some(DEFAULT_MIGRATIONS_SCHEMA),
            Dialect::Mysql | Dialect::Sqlite => None,
        }
    }

    /// `name` as a quoted identifier: the only way names enter SQL text. An embedded quote
    /// character is doubled, so no name can end the identifier early.
    pub fn quote(self, name: &str) -> String {
        let q = match self {
            Dialect::Postgresql | Dialect::Sqlite => '"',
            Dialect::Mysql => '`',
        };
        quote_with(q, name)
    }

    pub fn info(self) -> DialectInfo {
        DialectInfo {
            name: self.name(),
            config_names: CONFIG_NAMES
                .iter()
                .filter(|(_, d)| *d == Some(self))
                .map(|(n, _)| *n)
                .collect(),
            commands: self.commands().iter().map(|c| c.name()).collect(),
            migrations_table: DEFAULT_MIGRATIONS_TABLE,
            migrations_schema: self.default_migrations_schema(),
        }
    }
}

fn supported_names() -> String {
    CONFIG_NAMES
        .iter()
        .filter(|(_, d)| d.is_some())
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the shim learns about one wing.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DialectInfo {
    pub name: &'static str,
    /// The config spellings that select this wing (`sqlite`, `turso`).
    pub config_names: Vec<&'static str>,
    pub commands: Vec<&'static str>,
    pub migrations_table: &'static str,
    pub migrations_schema: Option<&'static str>,
}

/// The whole table, for the shim: every wing, and every name a config may give.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dialects {
    pub dialects: Vec<DialectInfo>,
    /// Every dialect a drizzle-kit config accepts, served or not, in drizzle-kit's order.
    pub config_names: Vec<&'static str>,
    /// drizzle-orm's migrations table, the same for every dialect.
    pub migrations_table: &'static str,
}

pub fn dialects() -> Dialects {
    Dialects {
        dialects: Dialect::ALL.into_iter().map(Dialect::info).collect(),
        config_names: CONFIG_NAMES.iter().map(|(n, _)| *n).collect(),
        migrations_table: DEFAULT_MIGRATIONS_TABLE,
    }
}

/// `name` between `q`s, each `q` inside doubled: the one escaping every quoted identifier goes
/// through. `Dialect::quote` picks the dialect's own quote; SQLite's DDL printer writes names in
/// backticks and check names in double quotes, as drizzle-kit does (SQLite reads both).
pub fn quote_with(q: char, name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push(q);
    for c in name.chars() {
        if c == q {
            out.push(q);
        }
        out.push(c);
    }
    out.push(q);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases() {
        assert_eq!(Dialect::parse("turso").unwrap(), Dialect::Sqlite);
        assert_eq!(Dialect::parse("pg").unwrap(), Dialect::Postgresql);
        for d in Dialect::ALL {
            assert_eq!(Dialect::parse(d.name()).unwrap(), d);
        }
        let e = Dialect::parse("duckdb").unwrap_err();
        assert_eq!(e.code, "unsupported_command_dialect_error");
        assert!(e.message.contains("\"duckdb\""), "{}", e.message);
        assert_eq!(Dialect::parse("oracle").unwrap_err().code, "invalid_input");
    }

    #[test]
    fn every_wing_serves_every_command_and_the_rest_are_named() {
        for dialect in Dialect::ALL {
            for command in Command::ALL {
                assert!(
                    dialect.supports(command),
                    "{} {}",
                    dialect.name(),
                    command.name()
                );
            }
        }
        let e = Dialect::for_command("singlestore", Command::Pull).unwrap_err();
        assert_eq!(e.code, "unsupported_command_dialect_error");
        assert!(e.message.contains("\"singlestore\""), "{}", e.message);
        assert!(
            e.message.ends_with("postgresql, mysql, sqlite, turso)"),
            "{}",
            e.message
        );
        assert!(Dialect::for_command("turso", Command::Drift).is_ok());
    }

    #[test]
    fn quoting_doubles_the_quote_character() {
        let hostile = "q\"; DROP TABLE victim; --";
        assert_eq!(
            Dialect::Postgresql.quote(hostile),
            "\"q\"\"; DROP TABLE victim; --\""
        );
        assert_eq!(Dialect::Mysql.quote("a`b\"c"), "`a``b\"c`");
        assert_eq!(Dialect::Sqlite.quote("a`b\"c"), "\"a`b\"\"c\"");
        assert_eq!(quote_with('`', "a`b\"c"), "`a``b\"c`");
        assert_eq!(quote_with('"', "a\"b"), "\"a\"\"b\"");
    }
}
