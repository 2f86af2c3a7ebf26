//! The rename-or-create protocol: created entities of a kind are matched against still-unmatched
//! dropped ones through hints; unanswered questions are collected, never guessed.

use crate::diff::hints::{Hint, Unresolved};
use crate::error::{Error, Result};
use crate::fasthash::{FastMap, FastSet};

use super::rows::DiffRow;

pub struct Resolved<T> {
    pub created: Vec<T>,
    pub dropped: Vec<T>,
    /// `(from, to)` pairs in the order the created entities were answered.
    pub renamed: Vec<(T, T)>,
}

pub struct Resolver<'a> {
    hints: &'a [Hint],
    pub unresolved: Vec<Unresolved>,
}

impl<'a> Resolver<'a> {
    pub fn new(hints: &'a [Hint]) -> Self {
        Resolver {
            hints,
            unresolved: Vec::new(),
        }
    }

    fn rename_hint(&self, kind: &str, to: &[String]) -> Option<&'a [String]> {
        self.hints.iter().find_map(|h| match h {
            Hint::Rename {
                kind: k,
                from,
                to: t,
            } if k == kind && t.as_slice() == to => Some(from.as_slice()),
            _ => None,
        })
    }

    fn has_create_hint(&self, kind: &str, entity: &[String]) -> bool {
        self.hints.iter().any(|h| {
            matches!(h, Hint::Create { kind: k, entity: e } if k == kind && e.as_slice() == entity)
        })
    }

    /// One question round for `kind`: every created entity is a rename (by hint) or a create.
    #[inline(never)]
    pub fn resolve<T: DiffRow>(
        &mut self,
        kind: &str,
        created: Vec<T>,
        dropped: Vec<T>,
    ) -> Result<Resolved<T>> {
        if created.is_empty() || dropped.is_empty() {
            return Ok(Resolved {
                created,
                dropped,
                renamed: vec![],
            });
        }
        let mut left: Vec<Option<T>> = dropped.into_iter().map(Some).collect();
        let mut out_created = Vec::new();
        let mut renamed = Vec::new();
        for new in created {
            let id = new.hint_id();
            if let Some(from) = self.rename_hint(kind, &id) {
                let source = left.iter_mut().find(|slot| {
                    slot.as_ref()
                        .is_some_and(|d| d.hint_id().as_slice() == from)
                });
                match source.and_then(Option::take) {
                    Some(old) => {
                        renamed.push((old, new));
                        continue;
                    }
                    None => {
                        return Err(Error::hints(format!(
                            "rename hint's `from` {} doesn't match any deleted {kind} (renaming to {}); {}",
                            serde_json::to_string(from).unwrap_or_default(),
                            serde_json::to_string(&id).unwrap_or_default(),
                            candidates_text(&left),
                        )))
                    }
                }
            }
            let remaining: Vec<Vec<String>> = left.iter().flatten().map(|d| d.hint_id()).collect();
            if !remaining.is_empty() && !self.has_create_hint(kind, &id) {
                self.unresolved.push(Unresolved {
                    kind_of_question: "rename_or_create".into(),
                    kind: kind.into(),
                    entity: id,
                    candidates: remaining,
                    reason: None,
                });
            }
            out_created.push(new);
        }
        Ok(Resolved {
            created: out_created,
            dropped: left.into_iter().flatten().collect(),
            renamed,
        })
    }

    /// Table-scoped kinds: one round per `(schema, table)`, tables in order of first appearance
    /// (created rows first, then dropped ones), as rc.5 asks them.
    #[inline(never)]
    pub fn resolve_per_table<T: DiffRow>(
        &mut self,
        kind: &str,
        created: Vec<T>,
        dropped: Vec<T>,
    ) -> Result<Resolved<T>> {
        // With nothing on one side there is nothing to ask: the rows come back grouped by table,
        // which they already are when each table's rows are adjacent (as states list them).
        if (created.is_empty() || dropped.is_empty()) && adjacent(&created) && adjacent(&dropped) {
            return Ok(Resolved {
                created,
                dropped,
                renamed: vec![],
            });
        }
        let n_created = created.len();
        // Each row's group, numbered in order of first appearance; the scopes stay borrowed.
        let (group_of, n_groups) = {
            let mut slots: FastMap<(&str, &str), usize> = FastMap::default();
            let ids: Vec<usize> = created
                .iter()
                .chain(&dropped)
                .map(|row| {
                    let next = slots.len();
                    *slots.entry(row.scope()).or_insert(next)
                })
                .collect();
            (ids, slots.len())
        };
        let mut groups: Vec<(Vec<T>, Vec<T>)> =
            (0..n_groups).map(|_| (Vec::new(), Vec::new())).collect();
        for ((i, row), g) in created.into_iter().chain(dropped).enumerate().zip(group_of) {
            if let Some(group) = groups.get_mut(g) {
                if i < n_created {
                    group.0.push(row);
                } else {
                    group.1.push(row);
                }
            }
        }
        let mut all = Resolved {
            created: vec![],
            dropped: vec![],
            renamed: vec![],
        };
        for (c, d) in groups {
            let r = self.resolve(kind, c, d)?;
            all.created.extend(r.created);
            all.dropped.extend(r.dropped);
            all.renamed.extend(r.renamed);
        }
        Ok(all)
    }
}

/// Whether each scope's rows are adjacent.
fn adjacent<T: DiffRow>(rows: &[T]) -> bool {
    let mut seen: FastSet<(&str, &str)> = FastSet::default();
    let mut last = None;
    for row in rows {
        let scope = row.scope();
        if last != Some(scope) {
            if !seen.insert(scope) {
                return false;
            }
            last = Some(scope);
        }
    }
    true
}

fn candidates_text<T: DiffRow>(left: &[Option<T>]) -> String {
    let ids: Vec<String> = left
        .iter()
        .flatten()
        .map(|d| serde_json::to_string(&d.hint_id()).unwrap_or_default())
        .collect();
    if ids.is_empty() {
        "no dropped entity is left to rename from".to_string()
    } else {
        format!("still-unmatched dropped: {}", ids.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Debug, Clone, PartialEq, Serialize)]
    struct Row {
        table: &'static str,
        name: &'static str,
    }
    impl crate::model::Entity for Row {
        const KIND: &'static str = "rows";
        fn identity(&self) -> Vec<&str> {
            vec![self.table, self.name]
        }
    }
    impl DiffRow for Row {
        fn hint_id(&self) -> Vec<String> {
            vec![self.table.into(), self.name.into()]
        }
        fn scope(&self) -> (&str, &str) {
            ("", self.table)
        }
    }

    fn r(table: &'static str, name: &'static str) -> Row {
        Row { table, name }
    }

    #[test]
    fn one_sided_rows_come_back_grouped_by_table_in_order_of_first_appearance() {
        let per_table = |created: Vec<Row>, dropped: Vec<Row>| {
            let got = Resolver::new(&[])
                .resolve_per_table("column", created, dropped)
                .unwrap();
            (got.created, got.dropped)
        };
        let scattered = vec![r("a", "1"), r("b", "1"), r("a", "2")];
        let grouped = vec![r("a", "1"), r("a", "2"), r("b", "1")];
        assert_eq!(per_table(scattered.clone(), vec![]).0, grouped);
        assert_eq!(per_table(vec![], scattered).1, grouped);
        let adjacent = vec![r("b", "1"), r("a", "1"), r("a", "2")];
        assert_eq!(per_table(adjacent.clone(), vec![]).0, adjacent);
    }
}
