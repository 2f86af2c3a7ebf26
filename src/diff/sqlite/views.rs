//! Which views a plan must take out of the way, and the order created views come in.
//!
//! SQLite (3.26+) re-reads every view of the schema on `ALTER TABLE … RENAME` and `DROP COLUMN`,
//! and fails on the first one that reads a table or column that is gone. A table rebuild drops the
//! table before renaming `__new_<t>` in its place, so a view reading it (or reading such a view)
//! breaks the rename unless it is dropped first and created again after. The snapshot does not
//! record which tables a view reads, so they are found in the views' SQL text.

use std::collections::{HashMap, HashSet};

use super::Statement;
use crate::model::sqlite::View;

/// The names a view's SQL may read, ASCII-lowercased (SQLite compares names without case, quoted
/// or not): every bare, `"double"`, `` `backtick` `` or `[bracket]` identifier; string literals
/// and comments are skipped. Over-approximate on purpose (a column named like a table counts): a
/// spurious edge only recreates a view that did not need it.
pub fn referenced_names(definition: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut chars = definition.chars().peekable();
    let quoted = |chars: &mut std::iter::Peekable<std::str::Chars>, close: char| {
        let mut ident = String::new();
        while let Some(n) = chars.next() {
            if n == close {
                // A doubled closing quote is the quote itself ('[…]' has no escape).
                if close != ']' && chars.peek() == Some(&close) {
                    chars.next();
                    ident.push(close);
                    continue;
                }
                break;
            }
            ident.push(n);
        }
        ident
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted(&mut chars, '\'');
            }
            '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                out.insert(quoted(&mut chars, close).to_ascii_lowercase());
            }
            '-' if chars.peek() == Some(&'-') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for n in chars.by_ref() {
                    if star && n == '/' {
                        break;
                    }
                    star = n == '*';
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut ident = c.to_string();
                while let Some(&n) = chars.peek() {
                    if !(n.is_alphanumeric() || n == '_' || n == '$') {
                        break;
                    }
                    ident.push(n);
                    chars.next();
                }
                out.insert(ident.to_ascii_lowercase());
            }
            c if c.is_ascii_digit() => {
                while chars
                    .peek()
                    .is_some_and(|n| n.is_alphanumeric() || *n == '_' || *n == '.')
                {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out
}

/// The views of `views` that read any of `roots` (table or view names), directly or through each
/// other, in `views` order. Views without a definition (`.existing()`) are not ours to drop.
pub fn readers_of<'a>(views: &'a [View], roots: &[&str]) -> Vec<&'a View> {
    let mut found: HashSet<String> = roots.iter().map(|r| r.to_ascii_lowercase()).collect();
    if found.is_empty() {
        return vec![];
    }
    let reads: Vec<(&View, HashSet<String>)> = views
        .iter()
        .filter(|v| !v.is_existing)
        .filter_map(|v| Some((v, referenced_names(v.definition.as_deref()?))))
        .collect();
    let mut taken = vec![false; reads.len()];
    loop {
        let mut grew = false;
        for (i, (view, names)) in reads.iter().enumerate() {
            let name = view.name.to_ascii_lowercase();
            if !taken[i] && !found.contains(&name) && names.iter().any(|n| found.contains(n)) {
                taken[i] = true;
                found.insert(name);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    reads
        .iter()
        .zip(taken)
        .filter(|(_, t)| *t)
        .map(|((v, _), _)| *v)
        .collect()
}

/// Views a created view reads are created before it (depth first, otherwise in state order): those
/// the drizzle objects name, then those only the SQL text names (a raw `sql` view, or a view
/// recreated around a rebuild in a mode without the objects). The created views are the plan's
/// last statements.
pub fn sort_created_views(statements: &mut [Statement], deps: &[(String, Vec<String>)]) {
    let is_create = |s: &Statement| matches!(s, Statement::CreateView { .. });
    let start = statements
        .iter()
        .rposition(|s| !is_create(s))
        .map_or(0, |i| i + 1);
    let views = &mut statements[start..];
    let names: Vec<String> = views
        .iter()
        .map(|s| match s {
            Statement::CreateView { view } => view.name.clone(),
            _ => String::new(),
        })
        .collect();
    let deps: HashMap<&str, &Vec<String>> = deps.iter().map(|(n, d)| (n.as_str(), d)).collect();
    let position = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let reads: Vec<Vec<usize>> = views
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut list: Vec<usize> = deps
                .get(names[i].as_str())
                .into_iter()
                .flat_map(|ds| ds.iter())
                .filter_map(|d| position(d))
                .collect();
            if let Statement::CreateView { view } = s {
                let mut by_text: Vec<usize> =
                    referenced_names(view.definition.as_deref().unwrap_or(""))
                        .iter()
                        .filter_map(|n| position(n))
                        .filter(|&j| j != i && !list.contains(&j))
                        .collect();
                by_text.sort_unstable();
                list.extend(by_text);
            }
            list
        })
        .collect();
    let mut order: Vec<usize> = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    fn visit(i: usize, reads: &[Vec<usize>], seen: &mut HashSet<usize>, order: &mut Vec<usize>) {
        if !seen.insert(i) {
            return;
        }
        for &j in reads.get(i).into_iter().flatten() {
            visit(j, reads, seen, order);
        }
        order.push(i);
    }
    for i in 0..names.len() {
        visit(i, &reads, &mut seen, &mut order);
    }
    let mut taken: Vec<Option<Statement>> = views.iter().cloned().map(Some).collect();
    let sorted = order
        .into_iter()
        .filter_map(|i| taken.get_mut(i).and_then(Option::take));
    for (slot, s) in views.iter_mut().zip(sorted) {
        *slot = s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, definition: &str) -> View {
        View {
            name: name.into(),
            definition: Some(definition.into()),
            is_existing: false,
            error: None,
        }
    }

    #[test]
    fn names_in_every_quoting_without_literals_or_comments() {
        let names = referenced_names(
            "select \"A\".x, `b`.y, [C].z from main.D -- e\n/* f */ where g = 'h' and i = 1.5e3",
        );
        let mut names: Vec<_> = names.into_iter().collect();
        names.sort();
        assert_eq!(
            names,
            [
                "a", "and", "b", "c", "d", "from", "g", "i", "main", "select", "where", "x", "y",
                "z"
            ]
        );
    }

    #[test]
    fn readers_are_found_through_views_in_state_order() {
        let views = [
            view("v2", "select * from `v1`"),
            view("v1", "select id from \"T\""),
            view("other", "select 1 from u"),
            View {
                is_existing: true,
                definition: None,
                ..view("ext", "")
            },
        ];
        let found: Vec<&str> = readers_of(&views, &["t"])
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(found, ["v2", "v1"]);
        assert!(readers_of(&views, &[]).is_empty());
    }
}
