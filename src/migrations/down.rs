//! Down migrations: the `down.sql` format and `migrate --down`'s decisions.
//!
//! A generated `down.sql` starts with a header and a checksum of everything after it, so `migrate
//! --down` can tell a file sleet wrote from one edited since; a `down.sql` without the header is
//! hand-written and trusted as it is. The header also lists what the down risks (`-- hazard …` lines,
//! written by `generate`), and a down that deletes data (`-- hazard error …`) runs only with `--force`.

use serde::{Deserialize, Serialize};

use super::bookkeeping::{Names, Target};
use super::folder::{sha256_hex, split_migration};
use crate::error::{Error, Result};

/// First line of every generated `down.sql`.
pub const DOWN_HEADER: &str =
    "-- sleet down migration: reverts this folder's migration.sql to the previous snapshot";
const CHECKSUM_PREFIX: &str = "-- checksum: ";
const DATA_LOSS_PREFIX: &str = "-- hazard error ";

/// The text of a generated `down.sql`: header, checksum, then `body` (hazard comments and SQL).
pub fn down_text(body: &str) -> String {
    format!(
        "{DOWN_HEADER}\n{CHECKSUM_PREFIX}{}\n{body}",
        sha256_hex(body)
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Generated,
    Edited,
    HandWritten,
}

pub fn origin(text: &str) -> Origin {
    let Some(rest) = text
        .strip_prefix(DOWN_HEADER)
        .and_then(|r| r.strip_prefix('\n'))
    else {
        return Origin::HandWritten;
    };
    let Some((line, body)) = rest.split_once('\n') else {
        return Origin::Edited;
    };
    match line.strip_prefix(CHECKSUM_PREFIX) {
        Some(sum) if sum.trim() == sha256_hex(body) => Origin::Generated,
        _ => Origin::Edited,
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownInput {
    pub target: Target,
    /// `migrations` of the plan (`migrationsPlan`): name and state, in order.
    pub migrations: Vec<DownEntry>,
    /// `down.sql` of each local migration, `null` when there is none.
    pub downs: Vec<DownFile>,
    /// Revert every migration recorded after this one (it stays applied); without it, the last one.
    #[serde(default)]
    pub to: Option<String>,
    /// Run downs that were edited, revert an edited migration, or delete data.
    #[serde(default)]
    pub force: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DownEntry {
    pub name: String,
    pub state: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DownFile {
    pub name: String,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DownStep {
    pub name: String,
    pub statements: Vec<String>,
    /// Deletes the migration's bookkeeping row, in the same transaction as the statements.
    pub unrecord: String,
    /// The down's data-loss hazards (forced through with `force`).
    pub data_loss: Vec<String>,
    /// False where DDL commits statement by statement (MySQL): a failure leaves the statements
    /// before it applied, and the migration still recorded.
    pub transactional: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DownPlan {
    /// Newest first.
    pub steps: Vec<DownStep>,
    pub warnings: Vec<String>,
}

fn refuse(message: String) -> Error {
    Error::new("down_refused", message)
}

pub fn down_plan(input: &DownInput) -> Result<DownPlan> {
    let names = Names::new(&input.target)?;
    let recorded: Vec<&DownEntry> = input
        .migrations
        .iter()
        .filter(|e| e.state != "pending")
        .collect();
    let targets: Vec<&DownEntry> = match &input.to {
        None => recorded.last().copied().into_iter().collect(),
        Some(to) => {
            let at = recorded.iter().position(|e| &e.name == to).ok_or_else(|| {
                refuse(format!(
                    "--down --to {to}: no applied migration has this name; `sleet migrate --status` lists them"
                ))
            })?;
            recorded[at + 1..].iter().rev().copied().collect()
        }
    };
    let mut plan = DownPlan {
        steps: vec![],
        warnings: vec![],
    };
    for e in targets {
        match e.state.as_str() {
            "applied" => {}
            "edited" if input.force => plan.warnings.push(format!(
                "{}: its migration.sql changed since it was applied; reverting it anyway (--force)",
                e.name
            )),
            "edited" => {
                return Err(refuse(format!(
                    "{} cannot be reverted: its migration.sql changed since it was applied, so its down.sql may not undo what ran. Check the down against what the database holds, then run again with --force",
                    e.name
                )))
            }
            "missing" => {
                return Err(refuse(format!(
                    "{} is recorded as applied but its folder is gone: restore it (with its down.sql) from version control",
                    e.name
                )))
            }
            other => {
                return Err(refuse(format!(
                    "{} is {other} (stopped part-way outside a transaction): finish it with --resume or --mark-applied before reverting",
                    e.name
                )))
            }
        }
        let text = input
            .downs
            .iter()
            .find(|d| d.name == e.name)
            .and_then(|d| d.text.as_deref())
            .ok_or_else(|| {
                refuse(format!(
                    "{name} has no down.sql, so it cannot be reverted (sleet generate writes one; custom migrations and drizzle-kit's have none): write {name}/down.sql by hand",
                    name = e.name
                ))
            })?;
        match origin(text) {
            Origin::Edited if !input.force => {
                return Err(refuse(format!(
                    "{}/down.sql was edited after sleet generated it (its checksum differs): check it, then run again with --force, or remove its first two lines to keep it as a hand-written down",
                    e.name
                )))
            }
            Origin::Edited => plan.warnings.push(format!(
                "{}/down.sql was edited after sleet generated it; running it anyway (--force)",
                e.name
            )),
            _ => {}
        }
        let data_loss: Vec<String> = text
            .lines()
            .take_while(|l| l.starts_with("--"))
            .filter_map(|l| l.strip_prefix(DATA_LOSS_PREFIX))
            .map(str::to_string)
            .collect();
        if !data_loss.is_empty() && !input.force {
            return Err(refuse(format!(
                "reverting {} would delete data:\n{}\nback it up first, then run again with --force",
                e.name,
                data_loss
                    .iter()
                    .map(|l| format!("  · {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )));
        }
        plan.steps.push(DownStep {
            name: e.name.clone(),
            statements: split_migration(text).statements,
            unrecord: format!(
                "DELETE FROM {} WHERE {} = {}",
                names.table_sql(),
                names.ident("name"),
                names.literal(&e.name)
            ),
            data_loss,
            transactional: names.dialect.transactional_ddl(),
        });
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(to: Option<&str>, force: bool, downs: Vec<(&str, Option<String>)>) -> DownInput {
        DownInput {
            target: Target {
                dialect: "postgresql".into(),
                table: None,
                schema: None,
            },
            migrations: ["a", "b", "c"]
                .iter()
                .map(|n| DownEntry {
                    name: n.to_string(),
                    state: if *n == "c" { "pending" } else { "applied" }.into(),
                })
                .collect(),
            downs: downs
                .into_iter()
                .map(|(n, t)| DownFile {
                    name: n.into(),
                    text: t,
                })
                .collect(),
            to: to.map(str::to_string),
            force,
        }
    }

    #[test]
    fn generated_text_is_recognised_and_an_edit_is_noticed() {
        let text = down_text("DROP TABLE \"t\";");
        assert_eq!(origin(&text), Origin::Generated);
        assert_eq!(origin(&text.replace("\"t\"", "\"u\"")), Origin::Edited);
        assert_eq!(origin("DROP TABLE \"t\";"), Origin::HandWritten);
    }

    #[test]
    fn one_step_reverts_the_last_applied_and_deletes_its_row() {
        let plan = down_plan(&input(
            None,
            false,
            vec![("b", Some(down_text("DROP TABLE \"b\";")))],
        ))
        .unwrap();
        assert_eq!(plan.steps.len(), 1);
        assert_eq!(plan.steps[0].name, "b");
        assert_eq!(plan.steps[0].statements.len(), 1);
        assert!(plan.steps[0]
            .unrecord
            .starts_with("DELETE FROM \"drizzle\".\"__drizzle_migrations\""));
        assert!(plan.steps[0].unrecord.ends_with("'b'"));
    }

    #[test]
    fn refusals_name_the_migration_and_the_fix() {
        let missing = down_plan(&input(None, false, vec![])).unwrap_err();
        assert_eq!(missing.code, "down_refused");
        assert!(
            missing.message.contains("b has no down.sql"),
            "{}",
            missing.message
        );
        let edited = down_text("DROP TABLE \"b\";").replace("\"b\"", "\"x\"");
        let err = down_plan(&input(None, false, vec![("b", Some(edited.clone()))])).unwrap_err();
        assert!(err.message.contains("--force"), "{}", err.message);
        assert!(down_plan(&input(None, true, vec![("b", Some(edited))])).is_ok());
        let lossy = down_text("-- hazard error drop-table b: deletes the table\nDROP TABLE \"b\";");
        let err = down_plan(&input(None, false, vec![("b", Some(lossy.clone()))])).unwrap_err();
        assert!(err.message.contains("drop-table b"), "{}", err.message);
        let forced = down_plan(&input(None, true, vec![("b", Some(lossy))])).unwrap();
        assert_eq!(forced.steps[0].data_loss.len(), 1);
    }

    #[test]
    fn to_reverts_everything_after_it_newest_first() {
        let plan = down_plan(&input(
            Some("a"),
            false,
            vec![("a", Some("x;".into())), ("b", Some("y;".into()))],
        ))
        .unwrap();
        assert_eq!(
            plan.steps
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            vec!["b"]
        );
        let err = down_plan(&input(Some("c"), false, vec![])).unwrap_err();
        assert!(
            err.message.contains("no applied migration"),
            "{}",
            err.message
        );
    }
}
