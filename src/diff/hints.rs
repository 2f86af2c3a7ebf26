//! The answers to rename-vs-create and data-loss questions, in drizzle-kit 1.0's hint shapes, so that
//! scripts and agents written for rc.5 work unchanged.
//!
//! Tuples: `[name]` for schema/role, `[schema, name]` for table/enum/sequence/view, `[schema, table,
//! name]` for column and table-scoped constraints.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Hint {
    Rename {
        kind: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    Create {
        kind: String,
        entity: Vec<String>,
    },
    ConfirmDataLoss {
        kind: String,
        entity: Vec<String>,
    },
}

/// A decision nobody has answered yet; reported with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unresolved {
    /// `rename_or_create` or `confirm_data_loss`.
    #[serde(rename = "type")]
    pub kind_of_question: String,
    pub kind: String,
    pub entity: Vec<String>,
    /// For `rename_or_create`: the still-unmatched dropped entities a rename could come from (sleet
    /// addition: lets a TTY prompt and the text report list real candidates).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub candidates: Vec<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
}

/// Rename/create kinds and the length of their entity tuples.
pub const KINDS: &[(&str, usize)] = &[
    ("schema", 1),
    ("enum", 2),
    ("sequence", 2),
    ("role", 1),
    ("table", 2),
    ("column", 3),
    ("unique", 3),
    ("check", 3),
    ("index", 3),
    ("primary_key", 3),
    ("foreign key", 3),
    ("policy", 3),
    ("view", 2),
    ("default", 3),
];

/// Data-loss confirmation kinds and the length of their entity tuples.
pub const CONFIRM_KINDS: &[(&str, usize)] = &[
    ("table", 2),
    ("column", 3),
    ("schema", 1),
    ("view", 2),
    ("primary_key", 3),
    ("add_not_null", 3),
    ("add_unique", 3),
];

/// Parse and validate a hints document (`--hints` / `--hints-file`). `source` names where it came
/// from for the error message.
pub fn parse_hints(json: &str, source: &str) -> Result<Vec<Hint>> {
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| Error::hints(format!("{source}: hints are not valid JSON: {e}")))?;
    let items = value
        .as_array()
        .ok_or_else(|| Error::hints(format!("{source}: hints must be a JSON array of objects")))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let hint: Hint = serde_json::from_value(item.clone()).map_err(|e| {
            Error::hints(format!(
                "{source}: hint #{} is not a valid hint ({e}); expected {{\"type\":\"rename\",\"kind\",\"from\",\"to\"}}, {{\"type\":\"create\",\"kind\",\"entity\"}} or {{\"type\":\"confirm_data_loss\",\"kind\",\"entity\"}}",
                i + 1
            ))
        })?;
        let (kind, tuples, table) = match &hint {
            Hint::Rename { kind, from, to } => (kind, vec![from, to], KINDS),
            Hint::Create { kind, entity } => (kind, vec![entity], KINDS),
            Hint::ConfirmDataLoss { kind, entity } => (kind, vec![entity], CONFIRM_KINDS),
        };
        let Some(&(_, len)) = table.iter().find(|(k, _)| k == kind) else {
            let names: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            return Err(Error::hints(format!(
                "{source}: hint #{} has unknown kind {kind:?}; known kinds: {}",
                i + 1,
                names.join(", ")
            )));
        };
        if let Some(bad) = tuples.iter().find(|t| t.len() != len) {
            let example = match len {
                1 => r#"["name"]"#,
                2 => r#"["schema", "name"]"#,
                _ => r#"["schema", "table", "name"]"#,
            };
            return Err(Error::hints(format!(
                "{source}: hint #{} ({kind}) names {bad:?}, but a {kind} is named by {len} part(s), e.g. {example}",
                i + 1
            )));
        }
        out.push(hint);
    }
    if let Some(why) = contradiction(&out) {
        return Err(Error::hints(format!("{source}: {why}")));
    }
    Ok(out)
}

/// Two answers to one question: a rename into an entity that is also to be created, or one entity
/// renamed from (or to) two different ones. rc.5 lets the rename win silently; sleet refuses (issue 11).
fn contradiction(hints: &[Hint]) -> Option<String> {
    let renames: Vec<(&String, &Vec<String>, &Vec<String>)> = hints
        .iter()
        .filter_map(|h| match h {
            Hint::Rename { kind, from, to } => Some((kind, from, to)),
            _ => None,
        })
        .collect();
    for (i, &(kind, from, to)) in renames.iter().enumerate() {
        for &(kind2, from2, to2) in renames.iter().skip(i + 1) {
            if kind != kind2 {
                continue;
            }
            if to == to2 && from != from2 {
                return Some(format!(
                    "contradictory hints for {kind} {}: it is renamed from both {} and {}; keep one",
                    to.join("."),
                    from.join("."),
                    from2.join(".")
                ));
            }
            if from == from2 && to != to2 {
                return Some(format!(
                    "contradictory hints for {kind} {}: it is renamed to both {} and {}; keep one",
                    from.join("."),
                    to.join("."),
                    to2.join(".")
                ));
            }
        }
        let created = hints
            .iter()
            .any(|h| matches!(h, Hint::Create { kind: k, entity } if k == kind && entity == to));
        if created {
            return Some(format!(
                "contradictory hints for {kind} {}: one says rename it from {}, another says create it; keep one",
                to.join("."),
                from.join(".")
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rc5_shapes() {
        let h = parse_hints(
            r#"[{"type":"rename","kind":"column","from":["public","users","a"],"to":["public","users","b"]},
                {"type":"create","kind":"foreign key","entity":["public","t","fk"]}]"#,
            "--hints",
        )
        .unwrap();
        assert_eq!(h.len(), 2);
        assert!(matches!(&h[1], Hint::Create { kind, .. } if kind == "foreign key"));
    }

    #[test]
    fn contradictory_hints_are_refused_naming_the_entity() {
        // Issue 11: rc.5 lets the rename win silently; each of these asks two answers of one question.
        for bad in [
            r#"[{"type":"rename","kind":"table","from":["public","a"],"to":["public","b"]},
                {"type":"create","kind":"table","entity":["public","b"]}]"#,
            r#"[{"type":"rename","kind":"table","from":["public","a"],"to":["public","c"]},
                {"type":"rename","kind":"table","from":["public","b"],"to":["public","c"]}]"#,
            r#"[{"type":"rename","kind":"column","from":["public","t","a"],"to":["public","t","b"]},
                {"type":"rename","kind":"column","from":["public","t","a"],"to":["public","t","c"]}]"#,
        ] {
            let e = parse_hints(bad, "--hints").unwrap_err();
            assert_eq!(e.code, "invalid_hints");
            assert!(
                e.message.contains("contradictory hints for"),
                "{}",
                e.message
            );
        }
        // The same answer twice, or answers about different kinds, are not contradictions.
        parse_hints(
            r#"[{"type":"rename","kind":"table","from":["public","a"],"to":["public","b"]},
                {"type":"rename","kind":"table","from":["public","a"],"to":["public","b"]},
                {"type":"create","kind":"view","entity":["public","b"]}]"#,
            "--hints",
        )
        .unwrap();
    }

    #[test]
    fn malformed_hints_name_the_source() {
        for bad in [
            "{",
            "{}",
            r#"[{"type":"rename","kind":"column"}]"#,
            r#"[{"type":"create","kind":"widget","entity":[]}]"#,
        ] {
            let e = parse_hints(bad, "hints.json").unwrap_err();
            assert_eq!(e.code, "invalid_hints");
            assert!(e.message.starts_with("hints.json"), "{}", e.message);
        }
    }
}
