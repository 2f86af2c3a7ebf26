//! Scope of an introspection, as drizzle-kit 1.0 defines it: `schemaFilter` and `tablesFilter` globs
//! (minimatch syntax, `!` negation), `extensionsFilters`, and the `entities.roles` selection.

use serde::Deserialize;

use crate::error::{Error, Result};

/// One glob of a filter list. A leading `!` negates it (minimatch semantics).
#[derive(Debug, Clone)]
struct Glob {
    negated: bool,
    pattern: Vec<char>,
}

impl Glob {
    fn parse(text: &str) -> Glob {
        let mut negated = false;
        let mut rest = text;
        while let Some(r) = rest.strip_prefix('!') {
            negated = !negated;
            rest = r;
        }
        Glob {
            negated,
            pattern: rest.chars().collect(),
        }
    }
}

/// A list of globs combined the way rc.5 combines them: a name is in scope when at least one glob
/// speaks about it and every glob that speaks about it says yes. An empty list admits everything.
#[derive(Debug, Clone, Default)]
pub struct GlobList {
    globs: Vec<Glob>,
}

impl GlobList {
    pub fn new(patterns: &[String]) -> GlobList {
        GlobList {
            globs: patterns.iter().map(|p| Glob::parse(p)).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    pub fn admits(&self, name: &str) -> bool {
        if self.globs.is_empty() {
            return true;
        }
        let name: Vec<char> = name.chars().collect();
        let mut any = false;
        for g in &self.globs {
            let hit = glob_match(&g.pattern, &name);
            if g.negated {
                if hit {
                    return false;
                }
                any = true;
            } else if hit {
                any = true;
            }
        }
        any
    }
}

/// Minimatch subset used for object names: `*`, `**`, `?`, `[...]` / `[!...]` classes, `{a,b}`
/// alternatives and `\` escapes. Names contain no `/`, so `*` and `**` behave the same.
fn glob_match(pattern: &[char], name: &[char]) -> bool {
    if let Some(expanded) = expand_braces(pattern) {
        return expanded.iter().any(|p| glob_match(p, name));
    }
    match_from(pattern, name)
}

/// `a{b,c}d` → [`abd`, `acd`]; `None` when the pattern has no (complete) brace group.
fn expand_braces(pattern: &[char]) -> Option<Vec<Vec<char>>> {
    let open = pattern.iter().position(|&c| c == '{')?;
    let mut depth = 0usize;
    let mut parts: Vec<Vec<char>> = vec![vec![]];
    let mut close = None;
    for (i, &c) in pattern.iter().enumerate().skip(open + 1) {
        match c {
            '{' => {
                depth += 1;
                parts.last_mut()?.push(c);
            }
            '}' if depth == 0 => {
                close = Some(i);
                break;
            }
            '}' => {
                depth -= 1;
                parts.last_mut()?.push(c);
            }
            ',' if depth == 0 => parts.push(vec![]),
            _ => parts.last_mut()?.push(c),
        }
    }
    let close = close?;
    if parts.len() < 2 {
        return None;
    }
    let head = pattern.get(..open)?;
    let tail = pattern.get(close + 1..)?;
    Some(
        parts
            .into_iter()
            .map(|mid| {
                head.iter()
                    .chain(mid.iter())
                    .chain(tail.iter())
                    .copied()
                    .collect()
            })
            .collect(),
    )
}

fn match_from(p: &[char], n: &[char]) -> bool {
    let Some((&first, rest)) = p.split_first() else {
        return n.is_empty();
    };
    match first {
        '*' => {
            let rest = skip_stars(rest);
            (0..=n.len()).any(|k| n.get(k..).is_some_and(|tail| match_from(rest, tail)))
        }
        '?' => n.split_first().is_some_and(|(_, nt)| match_from(rest, nt)),
        '[' => match class_match(rest, n.first().copied()) {
            Some((true, after)) => n.get(1..).is_some_and(|nt| match_from(after, nt)),
            Some((false, _)) => false,
            None => n
                .split_first()
                .is_some_and(|(&c, nt)| c == '[' && match_from(rest, nt)),
        },
        '\\' => match rest.split_first() {
            Some((&lit, after)) => n
                .split_first()
                .is_some_and(|(&c, nt)| c == lit && match_from(after, nt)),
            None => n
                .split_first()
                .is_some_and(|(&c, nt)| c == '\\' && nt.is_empty()),
        },
        c => n
            .split_first()
            .is_some_and(|(&d, nt)| c == d && match_from(rest, nt)),
    }
}

fn skip_stars(p: &[char]) -> &[char] {
    let k = p.iter().take_while(|&&c| c == '*').count();
    p.get(k..).unwrap_or(&[])
}

/// `[...]` after the `[`: whether `c` is in the class and the pattern after `]`; `None` if unclosed.
fn class_match(p: &[char], c: Option<char>) -> Option<(bool, &[char])> {
    let (negated, body_start) = match p.first() {
        Some('!') | Some('^') => (true, 1),
        _ => (false, 0),
    };
    let close = p
        .iter()
        .enumerate()
        .skip(body_start + 1)
        .find(|(_, &ch)| ch == ']')
        .map(|(i, _)| i)
        .or_else(|| (p.get(body_start) == Some(&']')).then_some(usize::MAX))?;
    if close == usize::MAX {
        return None;
    }
    let body = p.get(body_start..close)?;
    let after = p.get(close + 1..)?;
    let Some(c) = c else {
        return Some((false, after));
    };
    let mut hit = false;
    let mut i = 0;
    while let Some(&lo) = body.get(i) {
        if body.get(i + 1) == Some(&'-') {
            if let Some(&hi) = body.get(i + 2) {
                if lo <= c && c <= hi {
                    hit = true;
                }
                i += 3;
                continue;
            }
        }
        if lo == c {
            hit = true;
        }
        i += 1;
    }
    Some((hit != negated, after))
}

/// `entities.roles` of the config: `true`, or `{ provider, include, exclude }`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(untagged)]
pub enum RolesOption {
    #[default]
    Off,
    Flag(bool),
    Select {
        #[serde(default)]
        provider: Option<String>,
        #[serde(default)]
        include: Vec<String>,
        #[serde(default)]
        exclude: Vec<String>,
    },
}

/// Roles that hosting platforms create and manage themselves.
const SUPABASE_ROLES: &[&str] = &[
    "anon",
    "authenticator",
    "authenticated",
    "service_role",
    "supabase_auth_admin",
    "supabase_storage_admin",
    "dashboard_user",
    "supabase_admin",
];
const NEON_ROLES: &[&str] = &[
    "authenticated",
    "anonymous",
    "neon_superuser",
    "cloud_admin",
    "zenith_admin",
    "none",
    "neon_service",
];

#[derive(Debug, Clone)]
pub struct RolesFilter {
    enabled: bool,
    include: Vec<String>,
    exclude: Vec<String>,
}

impl RolesFilter {
    pub fn new(option: &RolesOption) -> Result<RolesFilter> {
        let off = RolesFilter {
            enabled: false,
            include: vec![],
            exclude: vec![],
        };
        match option {
            RolesOption::Off | RolesOption::Flag(false) => Ok(off),
            RolesOption::Flag(true) => Ok(RolesFilter {
                enabled: true,
                ..off
            }),
            RolesOption::Select {
                provider,
                include,
                exclude,
            } => {
                let mut exclude = exclude.clone();
                match provider.as_deref() {
                    None => {}
                    Some("supabase") => exclude.extend(SUPABASE_ROLES.iter().map(|s| s.to_string())),
                    Some("neon") => exclude.extend(NEON_ROLES.iter().map(|s| s.to_string())),
                    Some(other) => {
                        return Err(Error::input(format!(
                            "entities.roles.provider {other:?} is not known; use \"supabase\" or \"neon\""
                        )))
                    }
                }
                // rc.5: an object with neither list selects nothing.
                let enabled = !include.is_empty() || !exclude.is_empty();
                Ok(RolesFilter {
                    enabled,
                    include: include.clone(),
                    exclude,
                })
            }
        }
    }

    /// Built-in `pg_*` roles are never part of a schema: no one can create or drop them.
    pub fn admits(&self, name: &str) -> bool {
        self.enabled
            && !name.starts_with("pg_")
            && !self.exclude.iter().any(|x| x == name)
            && (self.include.is_empty() || self.include.iter().any(|x| x == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(p: &[&str]) -> GlobList {
        GlobList::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn globs_follow_minimatch_for_names() {
        assert!(list(&[]).admits("anything"));
        assert!(list(&["users*"]).admits("users_old"));
        assert!(!list(&["users*"]).admits("posts"));
        assert!(list(&["!users"]).admits("posts"));
        assert!(!list(&["!users"]).admits("users"));
        assert!(list(&["a*", "!ab"]).admits("ac"));
        assert!(!list(&["a*", "!ab"]).admits("ab"));
        assert!(list(&["{auth,billing}"]).admits("billing"));
        assert!(!list(&["{auth,billing}"]).admits("public"));
        assert!(list(&["t?_[0-9]"]).admits("tx_7"));
        assert!(!list(&["t?_[!0-9]"]).admits("tx_7"));
        assert!(list(&["**"]).admits("x"));
    }

    #[test]
    fn roles_filter_presets_and_builtin_roles() {
        let all = RolesFilter::new(&RolesOption::Flag(true)).unwrap();
        assert!(all.admits("admin"));
        assert!(!all.admits("pg_monitor"));
        let off = RolesFilter::new(&RolesOption::Off).unwrap();
        assert!(!off.admits("admin"));
        let supa = RolesFilter::new(&RolesOption::Select {
            provider: Some("supabase".into()),
            include: vec![],
            exclude: vec![],
        })
        .unwrap();
        assert!(!supa.admits("anon"));
        assert!(supa.admits("app_user"));
        let only = RolesFilter::new(&RolesOption::Select {
            provider: None,
            include: vec!["a".into()],
            exclude: vec![],
        })
        .unwrap();
        assert!(only.admits("a") && !only.admits("b"));
    }
}
