//! `drift`: does the live database still match what the migrations (or the schema) say it is?
//!
//! Push's comparison with the roles of its sides kept: the introspected database is the previous
//! state, the migrations folder's combined leaf state (or, with `--schema`, the schema) the next one,
//! both through push's scope (schemaFilter, tablesFilter, extension-owned objects and the migrations
//! table never count) and push's reconciliation of re-printed expressions. The plan is the SQL that
//! would bring the database back; an empty plan is "no drift".
//!
//! A gate asks nothing: an object the database has under another name is reported as dropped and
//! created (the SQL that certainly reconciles), and the pair is listed as a possible rename so a person
//! can pass a rename hint instead.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::generate::statements_json;
use super::{with_wing, LiveWing};
use crate::dialect::{Command, Dialect};
use crate::diff::hints::{Hint, Unresolved};
use crate::diff::{Differ, Mode, Plan};
use crate::error::{Error, Result};
use crate::snapshot::folder::Folder;
use crate::snapshot::{History, SnapshotFile};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DriftInput {
    pub dialect: String,
    /// Raw rows of the catalog queries (js/introspect/<dialect>.js) with the config's scope.
    pub rows: Box<RawValue>,
    #[serde(default)]
    pub options: Option<Box<RawValue>>,
    /// The migrations folder as the config names it, for messages.
    #[serde(default)]
    pub out: String,
    /// Every `snapshot.json` of the migrations folder (compared when `schema` is absent).
    #[serde(default)]
    pub snapshots: Vec<SnapshotFile>,
    /// The schema description: compare with the schema instead of the migrations.
    #[serde(default)]
    pub schema: Option<Box<RawValue>>,
    /// Rename hints (push's shape) for objects renamed by hand.
    #[serde(default)]
    pub hints: Vec<Hint>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DriftOutput {
    /// `no_drift` or `drift`.
    pub status: &'static str,
    /// `migrations` or `schema`: what the database was compared with.
    pub against: &'static str,
    /// The newest migrations the comparison stands on (leaf folders, newest first); empty with `schema`.
    pub migrations: Vec<String>,
    /// The SQL that brings the database to the compared state.
    pub statements: Vec<String>,
    pub json_statements: Vec<Value>,
    /// Objects present on one side under one name and on the other under another: reconciled as
    /// drop + create, perhaps a rename (`--hints` with a rename hint says so).
    pub possible_renames: Vec<Unresolved>,
    /// What the reconciling SQL risks, the database as it is now being the previous state.
    pub hazards: Vec<crate::hazards::Hazard>,
    pub warnings: Vec<String>,
}

pub fn drift(input: &DriftInput) -> Result<DriftOutput> {
    with_wing!(
        live,
        Dialect::for_command(&input.dialect, Command::Drift)?,
        drift_with(input)
    )
}

/// What the migrations say the database is: the folder's combined leaf state.
fn migrations_state<W: LiveWing>(input: &DriftInput) -> Result<(W::Ddl, Vec<String>)> {
    let out = if input.out.is_empty() {
        "the migrations folder"
    } else {
        input.out.as_str()
    };
    if input.snapshots.is_empty() {
        return Err(Error::new(
            "drift_input_error",
            format!(
                "{out} has no migrations, so there is nothing to compare the database with: run \
                 `sleet generate` first, or compare with the schema: `sleet drift --schema`"
            ),
        ));
    }
    let folder = Folder {
        out: &input.out,
        files: &input.snapshots,
    };
    let (history, _) = W::read_folder(&folder, false).map_err(|e| e.into_error())?;
    Ok((history.leaf_state()?, history.leaf_folders()))
}

fn drift_with<W: LiveWing>(input: &DriftInput) -> Result<DriftOutput>
where
    W::Facts: Default,
{
    let catalog = W::read_catalog(input.rows.get(), input.options.as_ref().map(|o| o.get()))?;
    let mut database = W::inspect(&catalog)?;
    let (mut target, facts, migrations, against) = match &input.schema {
        Some(schema) => (
            W::from_description(schema.get())?,
            W::facts(schema.get())?,
            vec![],
            "schema",
        ),
        None => {
            let (state, leaves) = migrations_state::<W>(input)?;
            (state, W::Facts::default(), leaves, "migrations")
        }
    };
    // As push: names over the server's identifier limit are compared as the server holds them.
    W::hold_names(&mut database, &target)?;
    let mut warnings = W::reconcile(&catalog, &mut database, &mut target)?;
    let (mut plan, possible_renames) = plan_without_questions::<W>(&database, &target, input)?;
    W::order(&mut plan.statements, &facts);
    warnings.extend(plan.warnings.iter().cloned());
    let statements = W::to_sql(&plan.statements, Default::default());
    let json_statements = statements_json(&plan.statements)?;
    let hazards = W::hazards(&statements, &database);
    Ok(DriftOutput {
        status: if statements.is_empty() {
            "no_drift"
        } else {
            "drift"
        },
        against,
        migrations,
        statements,
        json_statements,
        possible_renames,
        hazards,
        warnings,
    })
}

/// Push's diff, every open rename-or-create question answered "create" (after the caller's hints),
/// so the gate never waits; the questions come back as possible renames.
#[allow(clippy::type_complexity)]
fn plan_without_questions<W: LiveWing>(
    database: &W::Ddl,
    target: &W::Ddl,
    input: &DriftInput,
) -> Result<(Plan<W::Ddl, <W as Differ>::Statement>, Vec<Unresolved>)> {
    let mut hints = input.hints.clone();
    let mut questions: Vec<Unresolved> = Vec::new();
    // Each round answers the questions of one entity kind (later kinds are asked once their parents
    // are settled); a round that answers nothing new would loop, so it ends the search.
    loop {
        let plan = W::diff(database, target.clone(), &hints, Mode::Push)?;
        if plan.unresolved.is_empty() {
            return Ok((plan, questions));
        }
        let before = hints.len();
        for q in &plan.unresolved {
            let create = Hint::Create {
                kind: q.kind.clone(),
                entity: q.entity.clone(),
            };
            if !hints.contains(&create) {
                hints.push(create);
                questions.push(q.clone());
            }
        }
        if hints.len() == before {
            return Err(Error::internal(format!(
                "drift: the comparison keeps asking {:?} after it was answered",
                plan.unresolved
            )));
        }
    }
}
