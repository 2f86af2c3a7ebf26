//! Ordering of `CREATE VIEW` statements by the views each view's query references.
//!
//! The object-level dependencies are not part of the snapshot rows: the shim finds them on the
//! drizzle objects (see `dependsOn` in `model::pg::interim`), so only `generate`/`export` from
//! schema files order created views, like rc.5's CLI (its programmatic `generateMigration` keeps
//! state order). Drops are ordered in every mode, from the definitions' text.

use std::collections::{HashMap, HashSet};

use super::statement::Statement;
use crate::model::pg::View;

pub use crate::model::pg::{ViewDependencies, ViewKey};

/// Reorders the run of `create_view` statements so every view comes after the created views it
/// references; views without such constraints keep their place in the run.
pub fn sort_created_views(statements: &mut [Statement], deps: &ViewDependencies) {
    let is_create = |s: &Statement| matches!(s, Statement::CreateView { .. });
    let Some(start) = statements.iter().position(is_create) else {
        return;
    };
    let len = statements
        .get(start..)
        .map_or(0, |rest| rest.iter().take_while(|s| is_create(s)).count());
    let Some(run) = statements.get_mut(start..start + len) else {
        return;
    };
    let keys: Vec<ViewKey> = run
        .iter()
        .map(|s| match s {
            Statement::CreateView { view } => (view.schema.clone(), view.name.clone()),
            _ => (String::new(), String::new()),
        })
        .collect();
    let position: HashMap<&ViewKey, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    // The views each created view reads: first those the drizzle objects name (rc.5's order), then
    // those only its SQL text names. The second kind catches references rc.5 misses (a view joined
    // with `.crossJoin(view)`, or written in raw SQL); appended last, they change nothing when the
    // object-based order is already valid, and otherwise move the dependency first.
    let reads: Vec<Vec<usize>> = run
        .iter()
        .zip(&keys)
        .map(|(st, key)| {
            let mut list: Vec<usize> = deps
                .get(key)
                .into_iter()
                .flatten()
                .filter_map(|k| position.get(k).copied())
                .collect();
            if let Statement::CreateView { view } = st {
                let mut by_text: Vec<usize> =
                    referenced_names(view.definition.as_deref().unwrap_or(""))
                        .iter()
                        .filter_map(|k| position.get(k).copied())
                        .filter(|&i| Some(i) != position.get(key).copied() && !list.contains(&i))
                        .collect();
                by_text.sort_unstable();
                list.extend(by_text);
            }
            list
        })
        .collect();
    place_after(run, &reads);
}

/// Reorders `run` so each statement comes after those `before[i]` lists (visited in that order),
/// otherwise keeping run order: a depth-first post-order from each statement in turn. An explicit
/// stack keeps deep view chains from exhausting the wasm stack; a cycle cannot be created in
/// Postgres, so it is simply cut.
fn place_after(run: &mut [Statement], before: &[Vec<usize>]) {
    if before.iter().all(Vec::is_empty) {
        return;
    }
    let mut order: Vec<usize> = Vec::with_capacity(run.len());
    let mut visited: HashSet<usize> = HashSet::with_capacity(run.len());
    for root in 0..run.len() {
        if !visited.insert(root) {
            continue;
        }
        // (statement, index of the next one it must follow)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((at, next)) = stack.pop() {
            match before.get(at).and_then(|list| list.get(next)) {
                Some(&d) => {
                    stack.push((at, next + 1));
                    if visited.insert(d) {
                        stack.push((d, 0));
                    }
                }
                None => order.push(at),
            }
        }
    }
    let mut taken: Vec<Option<Statement>> = run.iter().cloned().map(Some).collect();
    for (slot, i) in run.iter_mut().zip(order) {
        if let Some(st) = taken.get_mut(i).and_then(Option::take) {
            *slot = st;
        }
    }
}

/// The `(schema, name)` pairs a view definition may reference: every identifier as a `public`
/// name, and every `a.b` pair as schema and name. Quoted identifiers keep their spelling, bare ones
/// fold to lower case as Postgres folds them (definitions read back from the catalog, as push has
/// them, quote only where they must); string literals are skipped. Over-approximate on purpose (a
/// column or keyword named like a view counts): a spurious edge only reorders drops or recreates a
/// view that did not need it.
fn referenced_names(definition: &str) -> HashSet<ViewKey> {
    let mut tokens: Vec<(String, bool)> = Vec::new(); // (identifier, directly preceded by '.')
    let mut chars = definition.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == '\'' {
            while let Some(n) = chars.next() {
                if n == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            previous = Some(c);
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let mut ident: String = c.to_lowercase().collect();
            while let Some(&n) = chars.peek() {
                if !(n.is_alphanumeric() || n == '_' || n == '$') {
                    break;
                }
                ident.extend(n.to_lowercase());
                chars.next();
            }
            tokens.push((ident, previous == Some('.')));
            previous = Some('a');
            continue;
        }
        if c.is_ascii_digit() {
            while chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '_' || *n == '.')
            {
                chars.next();
            }
            previous = Some('0');
            continue;
        }
        if c != '"' {
            previous = Some(c);
            continue;
        }
        let mut ident = String::new();
        while let Some(n) = chars.next() {
            if n == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    ident.push('"');
                } else {
                    break;
                }
            } else {
                ident.push(n);
            }
        }
        tokens.push((ident, previous == Some('.')));
        previous = Some('"');
    }
    let mut out = HashSet::new();
    for (i, (ident, _)) in tokens.iter().enumerate() {
        out.insert(("public".to_string(), ident.clone()));
        if let Some((next, true)) = tokens.get(i + 1) {
            out.insert((ident.clone(), next.clone()));
        }
    }
    out
}

/// The views that read any of `roots` (by their definitions' text), directly or through each other,
/// in `views` order; the roots themselves are not listed.
pub fn dependents_of(views: &[View], roots: &[ViewKey]) -> Vec<ViewKey> {
    let mut found: HashSet<ViewKey> = roots.iter().cloned().collect();
    if found.is_empty() {
        return vec![];
    }
    let reads: Vec<(ViewKey, HashSet<ViewKey>)> = views
        .iter()
        .filter_map(|v| {
            let definition = v.definition.as_deref()?;
            Some((
                (v.schema.clone(), v.name.clone()),
                referenced_names(definition),
            ))
        })
        .collect();
    let mut out: Vec<ViewKey> = Vec::new();
    loop {
        let before = out.len();
        for (key, names) in &reads {
            if !found.contains(key) && names.iter().any(|n| found.contains(n)) {
                found.insert(key.clone());
                out.push(key.clone());
            }
        }
        if out.len() == before {
            break;
        }
    }
    let order: HashMap<&ViewKey, usize> =
        reads.iter().enumerate().map(|(i, (k, _))| (k, i)).collect();
    out.sort_by_key(|k| order.get(k).copied().unwrap_or(usize::MAX));
    out
}

/// Orders each run of `drop_view` statements so a view is dropped after the views that read from
/// it (Postgres refuses to drop a view others depend on). rc.5 drops in state order, which fails
/// for views over views; when no dropped view reads another the order is unchanged.
pub fn order_view_drops(statements: &mut [Statement]) {
    let is_drop = |s: &Statement| matches!(s, Statement::DropView { .. });
    let mut start = 0;
    while start < statements.len() {
        let len = statements
            .get(start..)
            .map_or(0, |rest| rest.iter().take_while(|s| is_drop(s)).count());
        if len > 1 {
            if let Some(run) = statements.get_mut(start..start + len) {
                order_drop_run(run);
            }
        }
        start += len.max(1);
    }
}

fn order_drop_run(run: &mut [Statement]) {
    let views: Vec<(ViewKey, Option<&str>)> = run
        .iter()
        .map(|s| match s {
            Statement::DropView { view } => (
                (view.schema.clone(), view.name.clone()),
                view.definition.as_deref(),
            ),
            _ => ((String::new(), String::new()), None),
        })
        .collect();
    let position: HashMap<&ViewKey, usize> =
        views.iter().enumerate().map(|(i, (k, _))| (k, i)).collect();
    // dependants[b] = views of the run whose definition reads b, in run order.
    let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); views.len()];
    for (a, (_, definition)) in views.iter().enumerate() {
        let Some(definition) = definition else {
            continue;
        };
        let mut reads: Vec<usize> = referenced_names(definition)
            .iter()
            .filter_map(|k| position.get(k).copied())
            .filter(|&b| b != a)
            .collect();
        reads.sort_unstable();
        reads.dedup();
        for b in reads {
            if let Some(list) = dependants.get_mut(b) {
                list.push(a);
            }
        }
    }
    place_after(run, &dependants);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, definition: &str) -> View {
        View {
            schema: "public".into(),
            name: name.into(),
            definition: Some(definition.into()),
            with: None,
            with_no_data: None,
            using: None,
            tablespace: None,
            materialized: false,
            entity_type: Default::default(),
        }
    }

    #[test]
    fn dependents_are_found_through_chains_in_state_order_without_the_roots() {
        let views = [
            view("report", r#"select count(*) from "top""#),
            view("base", r#"select "id" from "t""#),
            view("top", r#"select "id" from "base""#),
            view("other", r#"select "id" from "t""#),
            view("side", r#"select * from "base" join "other" using ("id")"#),
        ];
        let key = |n: &str| ("public".to_string(), n.to_string());
        let found = dependents_of(&views, &[key("base")]);
        assert_eq!(found, vec![key("report"), key("top"), key("side")]);
        assert_eq!(dependents_of(&views, &[key("top"), key("report")]), vec![]);
        assert_eq!(dependents_of(&views, &[]), vec![]);
    }

    fn names(statements: &[Statement]) -> Vec<String> {
        statements
            .iter()
            .filter_map(|s| match s {
                Statement::CreateView { view } | Statement::DropView { view } => {
                    Some(view.name.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// A chain of 20,000 views, each reading the next, declared in the worst order: creation must
    /// put every view after the one it reads without recursing once per link.
    #[test]
    fn long_chain_creates_dependencies_first() {
        let n = 20_000;
        let mut statements: Vec<Statement> = (0..n)
            .map(|i| Statement::CreateView {
                view: view(&format!("v{i}"), &format!("select * from \"v{}\"", i + 1)),
            })
            .collect();
        sort_created_views(&mut statements, &ViewDependencies::new());
        let order = names(&statements);
        assert_eq!(order.first().map(String::as_str), Some("v19999"));
        assert_eq!(order.last().map(String::as_str), Some("v0"));
    }

    #[test]
    fn drops_dependants_first_and_keeps_independent_order() {
        let mut statements = vec![
            Statement::DropView {
                view: view("base", "select \"id\" from \"t\""),
            },
            Statement::DropView {
                view: view("other", "select 1"),
            },
            Statement::DropView {
                view: view("top", "select \"base\".\"id\" from \"base\""),
            },
        ];
        order_view_drops(&mut statements);
        assert_eq!(names(&statements), ["top", "base", "other"]);

        let mut independent = vec![
            Statement::DropView {
                view: view("b", "select 1"),
            },
            Statement::DropView {
                view: view("a", "select 2"),
            },
        ];
        order_view_drops(&mut independent);
        assert_eq!(names(&independent), ["b", "a"]);
    }

    #[test]
    fn schema_qualified_references() {
        let refs =
            referenced_names("select \"s\".\"v\".\"id\" from \"s\".\"v\" where \"x\"\"y\" = 1");
        assert!(refs.contains(&("s".to_string(), "v".to_string())));
        assert!(refs.contains(&("public".to_string(), "x\"y".to_string())));
        // As the catalog prints it: bare names fold to lower case, literals are not names.
        let refs = referenced_names(
            " SELECT top.id FROM S.Top WHERE (name = 'base'::text) AND n > 1.5e3;",
        );
        assert!(refs.contains(&("public".to_string(), "top".to_string())));
        assert!(refs.contains(&("s".to_string(), "top".to_string())));
        assert!(!refs.contains(&("public".to_string(), "base".to_string())));
        assert!(!refs.contains(&("public".to_string(), "e3".to_string())));
    }
}
