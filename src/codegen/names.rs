//! Turning database names into TypeScript names: drizzle's camel casing, JS identifier validity,
//! reserved words, collision-free bindings, and English plural/singular forms for relation names.

use std::collections::{HashMap, HashSet};

/// `introspect.casing` of drizzle-kit: how database names become TypeScript keys and bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Casing {
    #[default]
    Camel,
    Preserve,
}

impl Casing {
    pub fn parse(value: Option<&str>) -> Option<Casing> {
        match value {
            None | Some("camel") => Some(Casing::Camel),
            Some("preserve") => Some(Casing::Preserve),
            Some(_) => None,
        }
    }
}

#[derive(PartialEq)]
enum CharClass {
    /// Digits, lowercase and caseless letters: they continue a word.
    Lower,
    Upper,
    Other,
}

fn class_of(c: char) -> CharClass {
    if c.is_ascii_digit() || c.is_lowercase() {
        CharClass::Lower
    } else if c.is_uppercase() {
        CharClass::Upper
    } else if c.is_alphabetic() {
        CharClass::Lower
    } else {
        CharClass::Other
    }
}

fn is_lower_letter(c: char) -> bool {
    !c.is_ascii_digit() && class_of(c) == CharClass::Lower
}

/// The words drizzle-orm's `toCamelCase` sees: runs of lowercase, runs of capitals (the last capital
/// starts the next word when a lowercase letter follows), or a capital followed by lowercase.
fn words(input: &str) -> Vec<String> {
    let chars: Vec<char> = input
        .chars()
        .filter(|c| *c != '\'' && *c != '\u{2019}')
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(&c) = chars.get(i) else { break };
        match class_of(c) {
            CharClass::Lower => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| class_of(*c) == CharClass::Lower)
                {
                    i += 1;
                }
                out.push(chars[start..i].iter().collect());
            }
            CharClass::Upper => {
                let start = i;
                let mut end = i;
                while chars
                    .get(end)
                    .is_some_and(|c| class_of(*c) == CharClass::Upper)
                {
                    end += 1;
                }
                // Back off so that the run is not followed by a lowercase letter.
                let mut k = end;
                while k > start && chars.get(k).is_some_and(|c| is_lower_letter(*c)) {
                    k -= 1;
                }
                if k > start {
                    out.push(chars[start..k].iter().collect());
                    i = k;
                } else {
                    // A single capital followed by lowercase: "Name".
                    let mut j = start + 1;
                    while chars
                        .get(j)
                        .is_some_and(|c| class_of(*c) == CharClass::Lower)
                    {
                        j += 1;
                    }
                    out.push(chars[start..j].iter().collect());
                    i = j;
                }
            }
            CharClass::Other => i += 1,
        }
    }
    out
}

/// drizzle-orm's `casing.toCamelCase`.
pub fn to_camel_case(input: &str) -> String {
    let mut out = String::new();
    for (i, word) in words(input).iter().enumerate() {
        if i == 0 {
            out.push_str(&word.to_lowercase());
        } else {
            let mut cs = word.chars();
            if let Some(first) = cs.next() {
                out.extend(first.to_uppercase());
                out.push_str(cs.as_str());
            }
        }
    }
    out
}

pub fn apply_casing(name: &str, casing: Casing) -> String {
    match casing {
        Casing::Camel => to_camel_case(name),
        Casing::Preserve => name.to_string(),
    }
}

/// First character upper-cased (drizzle-kit's `capitalise`).
pub fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(first) => first.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// The ASCII identifier shape drizzle-kit accepts unquoted.
pub fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
        _ => return false,
    }
    cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Words that cannot name a `const` binding in an ES module (strict mode) or in TypeScript.
const RESERVED: &[&str] = &[
    "arguments",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "NaN",
    "Infinity",
];

pub fn is_reserved(s: &str) -> bool {
    RESERVED.contains(&s)
}

/// A JS string literal (double quotes, JSON escaping): safe for any database name.
pub fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// An object-literal key: bare when it is an identifier, quoted otherwise.
pub fn object_key(key: &str) -> String {
    if is_identifier(key) {
        key.to_string()
    } else {
        js_string(key)
    }
}

/// Property access on an object: `.key` or `["key"]`.
pub fn member(key: &str) -> String {
    if is_identifier(key) {
        format!(".{key}")
    } else {
        format!("[{}]", js_string(key))
    }
}

/// Hands out `const` names that are valid identifiers, not reserved, not taken.
#[derive(Debug, Default)]
pub struct Bindings {
    taken: HashSet<String>,
}

impl Bindings {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    pub fn allocate(&mut self, wanted: &str) -> String {
        let mut base: String = wanted
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '$' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert(0, '_');
        }
        if is_reserved(&base) {
            base.push('_');
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// Unique keys inside one object literal (columns of a table, relations of a table).
#[derive(Debug, Default)]
pub struct Keys {
    taken: HashSet<String>,
}

impl Keys {
    pub fn allocate(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "_" } else { wanted };
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// The TypeScript names of a schema-less wing's entities (SQLite, MySQL): `const` bindings of
/// tables and views (clear of the core module's exports) and per-table / per-view column keys.
pub struct FlatNaming {
    pub tables: HashMap<String, String>,
    pub views: HashMap<String, String>,
    /// table → column name → key.
    columns: HashMap<String, HashMap<String, String>>,
    /// view → (column name, key), in the view's column order.
    pub view_columns: HashMap<String, Vec<(String, String)>>,
}

impl FlatNaming {
    /// `columns` and `view_columns` are `(table or view, column)` pairs in declaration order.
    pub fn new<'a>(
        reserved: &[&str],
        casing: Casing,
        tables: impl IntoIterator<Item = &'a str>,
        views: impl IntoIterator<Item = &'a str>,
        columns: impl IntoIterator<Item = (&'a str, &'a str)>,
        view_columns: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> FlatNaming {
        let mut bindings = Bindings::default();
        for n in reserved {
            bindings.reserve(n);
        }
        let mut bind = |names: &mut dyn Iterator<Item = &'a str>| -> HashMap<String, String> {
            names
                .map(|n| (n.to_string(), bindings.allocate(&apply_casing(n, casing))))
                .collect()
        };
        let tables = bind(&mut tables.into_iter());
        let views = bind(&mut views.into_iter());
        let mut keys: HashMap<String, Keys> = HashMap::new();
        let mut column_keys: HashMap<String, HashMap<String, String>> = HashMap::new();
        for (table, name) in columns {
            let key = keys
                .entry(table.to_string())
                .or_default()
                .allocate(&apply_casing(name, casing));
            column_keys
                .entry(table.to_string())
                .or_default()
                .insert(name.to_string(), key);
        }
        let mut view_keys: HashMap<String, Keys> = HashMap::new();
        let mut view_column_keys: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (view, name) in view_columns {
            let key = view_keys
                .entry(view.to_string())
                .or_default()
                .allocate(&apply_casing(name, casing));
            view_column_keys
                .entry(view.to_string())
                .or_default()
                .push((name.to_string(), key));
        }
        FlatNaming {
            tables,
            views,
            columns: column_keys,
            view_columns: view_column_keys,
        }
    }

    pub fn column_key<'a>(&'a self, table: &str, column: &'a str) -> &'a str {
        self.columns
            .get(table)
            .and_then(|m| m.get(column))
            .map(String::as_str)
            .unwrap_or(column)
    }

    /// `table.key` / `table["key"]` of a column, on the given object expression.
    pub fn member(&self, object: &str, table: &str, column: &str) -> String {
        format!("{object}{}", member(self.column_key(table, column)))
    }

    /// The key of a view's column.
    pub fn view_column_key(&self, view: &str, column: &str) -> String {
        self.view_columns
            .get(view)
            .and_then(|cols| cols.iter().find(|(n, _)| n == column))
            .map(|(_, k)| k.clone())
            .unwrap_or_else(|| column.to_string())
    }
}

pub use super::inflect::{plural, singular};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_matches_drizzle_orm() {
        // Expected values produced by drizzle-orm 1.0.0-rc.5 `toCamelCase`.
        let cases = [
            ("first_name", "firstName"),
            ("lastName", "lastName"),
            ("HTTPServer", "httpServer"),
            ("user_ID", "userID"),
            ("ID", "id"),
            ("my-table", "myTable"),
            ("2fa_codes", "2faCodes"),
            ("accountsInAuth", "accountsInAuth"),
            ("statusInMy_schema", "statusInMySchema"),
            ("it's", "its"),
            ("already", "already"),
            ("a__b", "aB"),
            ("XMLHttp2Request", "xmlHttp2Request"),
        ];
        for (input, want) in cases {
            assert_eq!(to_camel_case(input), want, "{input}");
        }
    }

    #[test]
    fn bindings_avoid_reserved_invalid_and_taken_names() {
        let mut b = Bindings::default();
        b.reserve("text");
        assert_eq!(b.allocate("users"), "users");
        assert_eq!(b.allocate("users"), "users2");
        assert_eq!(b.allocate("text"), "text2");
        assert_eq!(b.allocate("class"), "class_");
        assert_eq!(b.allocate("my-table"), "my_table");
        assert_eq!(b.allocate("2fa"), "_2fa");
        assert_eq!(b.allocate(""), "_");
    }

    #[test]
    fn keys_and_members_quote_non_identifiers() {
        assert_eq!(object_key("userId"), "userId");
        assert_eq!(object_key("my col"), "\"my col\"");
        assert_eq!(member("class"), ".class");
        assert_eq!(member("1st"), "[\"1st\"]");
        assert_eq!(js_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        let mut k = Keys::default();
        assert_eq!(k.allocate("userId"), "userId");
        assert_eq!(k.allocate("userId"), "userId2");
    }
}
