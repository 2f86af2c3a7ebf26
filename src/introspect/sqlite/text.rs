//! What SQLite keeps only in the `CREATE` text of `sqlite_schema.sql`: constraint names, check and
//! generated expressions, `AUTOINCREMENT`, an index's expression keys and `WHERE`, a view's query.
//! The pragmas answer everything else. A small lexer, not regexes: quoted names, string literals,
//! comments and nested parentheses cannot end a clause early, and expressions come back as the
//! exact text the statement holds (so they compare with the text sleet printed).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An unquoted word (keyword or name).
    Word,
    /// A `"…"`, `` `…` `` or `[…]` name.
    Quoted,
    Str,
    Open,
    Close,
    Comma,
    Semicolon,
    Other,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    /// The name it spells (quotes removed, doubled quotes undone) for words and quoted names.
    text: String,
    start: usize,
    end: usize,
}

impl Tok {
    fn is(&self, keyword: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(keyword)
    }
    fn is_name(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Quoted | Kind::Str)
    }
}

fn lex(sql: &str) -> Vec<Tok> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i = (i + 2).min(bytes.len());
            }
            b'"' | b'`' | b'[' | b'\'' => {
                let close = if c == b'[' { b']' } else { c };
                let mut text = Vec::new();
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == close {
                        if close != b']' && bytes.get(i + 1) == Some(&close) {
                            text.push(close);
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    text.push(bytes[i]);
                    i += 1;
                }
                out.push(Tok {
                    kind: if c == b'\'' { Kind::Str } else { Kind::Quoted },
                    text: String::from_utf8_lossy(&text).into_owned(),
                    start,
                    end: i,
                });
            }
            b'(' | b')' | b',' | b';' => {
                i += 1;
                out.push(Tok {
                    kind: match c {
                        b'(' => Kind::Open,
                        b')' => Kind::Close,
                        b',' => Kind::Comma,
                        _ => Kind::Semicolon,
                    },
                    text: String::new(),
                    start,
                    end: i,
                });
            }
            _ if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i].is_ascii_alphanumeric()
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                out.push(Tok {
                    kind: Kind::Word,
                    text: sql[start..i].to_string(),
                    start,
                    end: i,
                });
            }
            _ => {
                i += 1;
                // Keep multi-byte characters whole (only ASCII reaches here, but be safe).
                while i < bytes.len() && !sql.is_char_boundary(i) {
                    i += 1;
                }
                out.push(Tok {
                    kind: Kind::Other,
                    text: sql[start..i].to_string(),
                    start,
                    end: i,
                });
            }
        }
    }
    out
}

/// The index of the `)` that closes the `(` at `open`.
fn closing(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Token ranges between top-level commas of `toks[from..to]`.
fn split_commas(toks: &[Tok], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = from;
    for (i, t) in toks.iter().enumerate().take(to).skip(from) {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            Kind::Comma if depth == 0 => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < to {
        out.push((start, to));
    }
    out
}

/// The names listed in the parentheses at `open` (`(a, "b")`), and the index after them.
fn name_list(toks: &[Tok], open: usize) -> Option<(Vec<String>, usize)> {
    if toks.get(open)?.kind != Kind::Open {
        return None;
    }
    let close = closing(toks, open)?;
    let names = split_commas(toks, open + 1, close)
        .into_iter()
        .filter_map(|(a, _)| toks.get(a).filter(|t| t.is_name()).map(|t| t.text.clone()))
        .collect();
    Some((names, close + 1))
}

/// The exact text inside the parentheses at `open`, and the index after them.
fn inside<'a>(sql: &'a str, toks: &[Tok], open: usize) -> Option<(&'a str, usize)> {
    let close = closing(toks, open)?;
    let text = sql.get(toks[open].end..toks[close].start)?;
    Some((text, close + 1))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ForeignKeyText {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub table_to: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableText {
    /// `CONSTRAINT <name> PRIMARY KEY`, inline or table-level.
    pub pk_name: Option<String>,
    pub autoincrement: Vec<String>,
    /// `(name, columns)` of every UNIQUE, inline or table-level.
    pub uniques: Vec<(Option<String>, Vec<String>)>,
    /// `(name, expression)` of every CHECK.
    pub checks: Vec<(Option<String>, String)>,
    pub fks: Vec<ForeignKeyText>,
    /// `(column, "(expression)", "stored" | "virtual")`.
    pub generated: Vec<(String, String, String)>,
}

/// The parts of a `CREATE TABLE` statement the pragmas do not report.
pub fn table(sql: &str) -> TableText {
    let toks = lex(sql);
    let mut out = TableText::default();
    let Some(open) = toks.iter().position(|t| t.kind == Kind::Open) else {
        return out;
    };
    let Some(close) = closing(&toks, open) else {
        return out;
    };
    for (a, b) in split_commas(&toks, open + 1, close) {
        let el = &toks[a..b];
        let Some(first) = el.first() else { continue };
        let table_level = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
            .iter()
            .any(|k| first.is(k));
        if table_level {
            table_constraint(sql, el, &mut out);
        } else {
            column_def(sql, el, &mut out);
        }
    }
    out
}

fn table_constraint(sql: &str, el: &[Tok], out: &mut TableText) {
    let mut i = 0;
    let mut name = None;
    if el.first().is_some_and(|t| t.is("CONSTRAINT")) {
        name = el.get(1).map(|t| t.text.clone());
        i = 2;
    }
    let Some(t) = el.get(i) else { return };
    if t.is("PRIMARY") {
        out.pk_name = name;
    } else if t.is("UNIQUE") {
        if let Some((cols, _)) = name_list(el, i + 1) {
            out.uniques.push((name, cols));
        }
    } else if t.is("CHECK") {
        if let Some((text, _)) = inside(sql, el, i + 1) {
            out.checks.push((name, text.to_string()));
        }
    } else if t.is("FOREIGN") {
        // FOREIGN KEY (cols) REFERENCES table (cols) …
        if let Some((columns, next)) = name_list(el, i + 2) {
            if el.get(next).is_some_and(|t| t.is("REFERENCES")) {
                if let Some(to) = el.get(next + 1) {
                    out.fks.push(ForeignKeyText {
                        name,
                        columns,
                        table_to: to.text.clone(),
                    });
                }
            }
        }
    }
}

fn column_def(sql: &str, el: &[Tok], out: &mut TableText) {
    let Some(column) = el.first().map(|t| t.text.clone()) else {
        return;
    };
    let mut pending: Option<String> = None;
    let mut i = 1;
    while i < el.len() {
        let t = &el[i];
        if t.is("CONSTRAINT") {
            pending = el.get(i + 1).map(|t| t.text.clone());
            i += 2;
            continue;
        }
        if t.is("PRIMARY") {
            out.pk_name = pending.take().or(out.pk_name.take());
        } else if t.is("AUTOINCREMENT") {
            out.autoincrement.push(column.clone());
        } else if t.is("UNIQUE") {
            out.uniques.push((pending.take(), vec![column.clone()]));
        } else if t.is("CHECK") && el.get(i + 1).is_some_and(|n| n.kind == Kind::Open) {
            if let Some((text, next)) = inside(sql, el, i + 1) {
                out.checks.push((pending.take(), text.to_string()));
                i = next;
                continue;
            }
        } else if t.is("REFERENCES") {
            if let Some(to) = el.get(i + 1) {
                out.fks.push(ForeignKeyText {
                    name: pending.take(),
                    columns: vec![column.clone()],
                    table_to: to.text.clone(),
                });
            }
        } else if t.is("AS") && el.get(i + 1).is_some_and(|n| n.kind == Kind::Open) {
            if let Some(close) = closing(el, i + 1) {
                let text = sql
                    .get(el[i + 1].start..el[close].end)
                    .unwrap_or_default()
                    .to_string();
                let stored = el.get(close + 1).is_some_and(|n| n.is("STORED"));
                out.generated.push((
                    column.clone(),
                    text,
                    if stored { "stored" } else { "virtual" }.to_string(),
                ));
                i = close + 1;
                continue;
            }
        } else if t.kind == Kind::Open {
            // A type's arguments or a DEFAULT's expression: nothing of ours inside.
            i = closing(el, i).map_or(el.len(), |c| c + 1);
            continue;
        }
        i += 1;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexText {
    /// `(text, is_expression)`: a plain column by its name, anything else as written.
    pub columns: Vec<(String, bool)>,
    pub r#where: Option<String>,
}

/// The keys and `WHERE` of a `CREATE INDEX` statement.
pub fn index(sql: &str) -> Option<IndexText> {
    let toks = lex(sql);
    let on = toks.iter().position(|t| t.is("ON"))?;
    let open = on + toks[on..].iter().position(|t| t.kind == Kind::Open)?;
    let close = closing(&toks, open)?;
    let columns = split_commas(&toks, open + 1, close)
        .into_iter()
        .map(|(a, b)| {
            if b == a + 1 && matches!(toks[a].kind, Kind::Word | Kind::Quoted) {
                (toks[a].text.clone(), false)
            } else {
                let text = sql.get(toks[a].start..toks[b - 1].end).unwrap_or_default();
                (text.to_string(), true)
            }
        })
        .collect();
    let r#where = toks
        .get(close + 1)
        .filter(|t| t.is("WHERE"))
        .and_then(|w| sql.get(w.end..))
        .map(|rest| rest.trim().trim_end_matches(';').trim_end().to_string());
    Some(IndexText { columns, r#where })
}

/// The query of a `CREATE VIEW … AS <query>` statement.
pub fn view(sql: &str) -> Option<String> {
    let toks = lex(sql);
    let r#as = toks.iter().position(|t| t.is("AS"))?;
    let rest = sql.get(toks[r#as].end..)?;
    Some(rest.trim().trim_end_matches(';').trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_as_sleet_prints_it() {
        let sql = "CREATE TABLE `t` (\n\t`id` integer PRIMARY KEY AUTOINCREMENT,\n\t`email` text NOT NULL CONSTRAINT `t_email_key` UNIQUE,\n\t`n` integer DEFAULT (abs(-1)),\n\t`g` text GENERATED ALWAYS AS (lower(\"email\") || ')') STORED,\n\t`owner` integer REFERENCES users(id) ON DELETE cascade,\n\tCONSTRAINT `fk_t_n_u_id_fk` FOREIGN KEY (`n`) REFERENCES `u`(`id`),\n\tCONSTRAINT `t_a_b_unique` UNIQUE(`email`,`n`),\n\tCONSTRAINT \"positive\" CHECK(\"n\" > 0 AND ',' <> '(')\n)";
        let t = table(sql);
        assert_eq!(t.pk_name, None);
        assert_eq!(t.autoincrement, vec!["id"]);
        assert_eq!(
            t.uniques,
            vec![
                (Some("t_email_key".into()), vec!["email".to_string()]),
                (
                    Some("t_a_b_unique".into()),
                    vec!["email".to_string(), "n".to_string()]
                )
            ]
        );
        assert_eq!(
            t.checks,
            vec![(Some("positive".into()), "\"n\" > 0 AND ',' <> '('".into())]
        );
        assert_eq!(
            t.generated,
            vec![(
                "g".into(),
                "(lower(\"email\") || ')')".into(),
                "stored".into()
            )]
        );
        assert_eq!(t.fks.len(), 2);
        assert_eq!(t.fks[0].table_to, "users");
        assert_eq!(t.fks[1].name.as_deref(), Some("fk_t_n_u_id_fk"));
    }

    #[test]
    fn composite_key_name_and_unterminated_text_do_not_panic() {
        let t =
            table("CREATE TABLE `p` (`a` text, `b` text, CONSTRAINT `p_pk` PRIMARY KEY(`a`, `b`))");
        assert_eq!(t.pk_name.as_deref(), Some("p_pk"));
        let _ = table("CREATE TABLE `x` (`a` text CHECK((a");
        let _ = index("CREATE INDEX `i` ON");
    }

    #[test]
    fn index_keys_and_where() {
        let i = index("CREATE INDEX `i` ON `t` (`a`,lower(\"b\"),`c` DESC) WHERE \"t\".\"b\" > 10")
            .unwrap();
        assert_eq!(
            i.columns,
            vec![
                ("a".to_string(), false),
                ("lower(\"b\")".to_string(), true),
                ("`c` DESC".to_string(), true)
            ]
        );
        assert_eq!(i.r#where.as_deref(), Some("\"t\".\"b\" > 10"));
        assert_eq!(
            view("CREATE VIEW `v` AS select \"id\" from \"t\"").as_deref(),
            Some("select \"id\" from \"t\"")
        );
    }
}
