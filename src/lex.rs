//! The lexical rules of each wing's SQL, as much as the hazard rules and introspection's expression
//! comparison read: words, quoted identifiers, string and number literals, punctuation, and comments
//! (the `-- sleet:allow` lines). Hand-written rather than sqlparser's tokenizer: neither ever needed
//! more than this, and sqlparser was a fifth of the browser engine's size for it.

/// A word, literal or punctuation mark of a statement, comments and whitespace left out.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// `value` as written (unquoted words keep their case: rules compare keywords case-blind and
    /// fold unquoted identifiers themselves).
    Word {
        value: String,
        quoted: bool,
    },
    Str(String),
    Number(String),
    Punct(String),
}

impl Tok {
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word { value, quoted: false } if value.eq_ignore_ascii_case(kw))
    }
    pub fn is_punct(&self, p: &str) -> bool {
        matches!(self, Tok::Punct(v) if v == p)
    }
}

/// Whose lexical rules: PostgreSQL's (`E'…'` strings, `$tag$` strings, `"…"` identifiers), SQLite's
/// (`"…"`, `` `…` `` and `[…]` identifiers, as drizzle-kit and hand-written migrations quote them) or
/// MySQL's (`` `…` `` identifiers; `'…'` and `"…"` strings with backslash escapes; `#` comments; `--`
/// a comment only before a space; `/*! … */` holding SQL the server runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexical {
    Postgres,
    Sqlite,
    Mysql,
}

/// A token or a line comment, with where it is in the text.
#[derive(Debug, Clone, PartialEq)]
pub enum Lexeme {
    Token(Tok),
    /// A `--` comment's text after the dashes.
    LineComment(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lexed {
    pub lexeme: Lexeme,
    /// Byte offsets of its first character and just past its last.
    pub start: usize,
    pub end: usize,
    /// 1-based line of its first character.
    pub line: u64,
}

/// Characters PostgreSQL strings into one operator (`<>`, `>=`, `||`, `->>`, …).
fn operator_char(c: char) -> bool {
    "+-*/<>=~!@#%^&|`?".contains(c)
}

fn word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || !c.is_ascii()
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

struct Lexer<'a> {
    rules: Lexical,
    text: &'a str,
    at: usize,
    line: u64,
    /// Inside a MySQL `/*! … */`: its closing `*/` is skipped, its body read as SQL.
    in_executable_comment: bool,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.text[self.at..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn eat_while(&mut self, f: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&f) {
            self.bump();
        }
    }

    /// The body of a literal closed by `quote`, a doubled quote standing for itself (and, in an
    /// `E'…'` string, a backslash escaping the next character).
    fn quoted(&mut self, quote: char, backslash: bool, what: &str) -> Result<String, String> {
        let (line, mut value) = (self.line, String::new());
        loop {
            match self.bump() {
                None => return Err(format!("unterminated {what} starting on line {line}")),
                Some('\\') if backslash => {
                    if let Some(c) = self.bump() {
                        value.push(c);
                    }
                }
                Some(c) if c == quote => {
                    if self.peek() == Some(quote) {
                        self.bump();
                        value.push(quote);
                    } else {
                        return Ok(value);
                    }
                }
                Some(c) => value.push(c),
            }
        }
    }

    /// A `$tag$` opening a dollar-quoted string at the current position, if there is one.
    fn dollar_tag(&self) -> Option<&str> {
        let rest = &self.text[self.at + 1..];
        let end = rest.find('$')?;
        let tag = &rest[..end];
        let valid = tag.chars().next().is_none_or(|c| word_start(c) && c != '$')
            && tag.chars().all(|c| word_char(c) && c != '$');
        valid.then(|| &self.text[self.at..self.at + end + 2])
    }

    fn next(&mut self) -> Result<Option<Lexed>, String> {
        self.eat_while(char::is_whitespace);
        let (start, line) = (self.at, self.line);
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let mysql = self.rules == Lexical::Mysql;
        let lexeme = match c {
            '*' if self.in_executable_comment && self.peek_at(1) == Some('/') => {
                self.bump();
                self.bump();
                self.in_executable_comment = false;
                return self.next();
            }
            // MySQL reads `--` as a comment only before whitespace (`1--1` is arithmetic); drizzle's
            // `--> statement-breakpoint` never reaches the server, so it is a comment here too.
            '-' if self.peek_at(1) == Some('-')
                && (!mysql
                    || self
                        .peek_at(2)
                        .is_none_or(|c| c.is_whitespace() || c == '>')) =>
            {
                self.eat_while(|c| c != '\n');
                Lexeme::LineComment(self.text[start + 2..self.at].to_string())
            }
            '#' if mysql => {
                self.eat_while(|c| c != '\n');
                Lexeme::LineComment(self.text[start + 1..self.at].to_string())
            }
            '/' if mysql && self.peek_at(1) == Some('*') && self.peek_at(2) == Some('!') => {
                // `/*!80013 … */`: the server runs the body (from that version on); read it as SQL.
                self.bump();
                self.bump();
                self.bump();
                self.eat_while(|c| c.is_ascii_digit());
                self.in_executable_comment = true;
                return self.next();
            }
            '/' if mysql && self.peek_at(1) == Some('*') => {
                // MySQL's comments do not nest.
                self.bump();
                self.bump();
                loop {
                    match self.bump() {
                        None => {
                            return Err(format!("unterminated comment starting on line {line}"))
                        }
                        Some('*') if self.peek() == Some('/') => {
                            self.bump();
                            break;
                        }
                        Some(_) => {}
                    }
                }
                return self.next();
            }
            '\'' | '"' if mysql => {
                self.bump();
                Lexeme::Token(Tok::Str(self.quoted(c, true, "string literal")?))
            }
            '`' if mysql => {
                self.bump();
                let value = self.quoted('`', false, "quoted identifier")?;
                Lexeme::Token(Tok::Word {
                    value,
                    quoted: true,
                })
            }
            '/' if self.peek_at(1) == Some('*') => {
                self.bump();
                self.bump();
                let mut depth = 1;
                while depth > 0 {
                    match self.bump() {
                        None => {
                            return Err(format!("unterminated comment starting on line {line}"))
                        }
                        Some('*') if self.peek() == Some('/') => {
                            self.bump();
                            depth -= 1;
                        }
                        Some('/') if self.peek() == Some('*') => {
                            self.bump();
                            depth += 1;
                        }
                        Some(_) => {}
                    }
                }
                return self.next();
            }
            '\'' => {
                self.bump();
                Lexeme::Token(Tok::Str(self.quoted('\'', false, "string literal")?))
            }
            'E' | 'e' if self.rules == Lexical::Postgres && self.peek_at(1) == Some('\'') => {
                self.bump();
                self.bump();
                Lexeme::Token(Tok::Str(self.quoted('\'', true, "string literal")?))
            }
            '"' => {
                self.bump();
                let value = self.quoted('"', false, "quoted identifier")?;
                Lexeme::Token(Tok::Word {
                    value,
                    quoted: true,
                })
            }
            '`' | '[' if self.rules == Lexical::Sqlite => {
                self.bump();
                let close = if c == '`' { '`' } else { ']' };
                let value = self.quoted(close, false, "quoted identifier")?;
                Lexeme::Token(Tok::Word {
                    value,
                    quoted: true,
                })
            }
            '$' if self.rules == Lexical::Postgres => match self.dollar_tag().map(str::to_string) {
                Some(tag) => {
                    let body = self.at + tag.len();
                    let Some(len) = self.text[body..].find(&tag) else {
                        return Err(format!(
                            "unterminated dollar-quoted string starting on line {line}"
                        ));
                    };
                    while self.at < body + len + tag.len() {
                        self.bump();
                    }
                    Lexeme::Token(Tok::Str(self.text[body..body + len].to_string()))
                }
                None => {
                    self.bump();
                    self.eat_while(|c| c.is_ascii_digit());
                    Lexeme::Token(Tok::Punct(self.text[start..self.at].to_string()))
                }
            },
            c if c.is_ascii_digit()
                || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                self.eat_while(|c| c.is_ascii_digit() || c == '_');
                if self.peek() == Some('.') && self.peek_at(1) != Some('.') {
                    self.bump();
                    self.eat_while(|c| c.is_ascii_digit() || c == '_');
                }
                let exponent = matches!(self.peek(), Some('e' | 'E'))
                    && (self.peek_at(1).is_some_and(|d| d.is_ascii_digit())
                        || (matches!(self.peek_at(1), Some('+' | '-'))
                            && self.peek_at(2).is_some_and(|d| d.is_ascii_digit())));
                if exponent {
                    self.bump();
                    self.bump();
                    self.eat_while(|c| c.is_ascii_digit());
                }
                Lexeme::Token(Tok::Number(self.text[start..self.at].to_string()))
            }
            c if word_start(c) => {
                self.eat_while(word_char);
                Lexeme::Token(Tok::Word {
                    value: self.text[start..self.at].to_string(),
                    quoted: false,
                })
            }
            ':' if self.peek_at(1) == Some(':') => {
                self.bump();
                self.bump();
                Lexeme::Token(Tok::Punct("::".to_string()))
            }
            c if operator_char(c) => {
                // An operator ends where a comment starts.
                while self.peek().is_some_and(operator_char)
                    && !(self.at > start
                        && matches!(
                            (self.peek(), self.peek_at(1)),
                            (Some('-'), Some('-')) | (Some('/'), Some('*'))
                        ))
                {
                    self.bump();
                }
                Lexeme::Token(Tok::Punct(self.text[start..self.at].to_string()))
            }
            _ => {
                self.bump();
                Lexeme::Token(Tok::Punct(self.text[start..self.at].to_string()))
            }
        };
        Ok(Some(Lexed {
            lexeme,
            start,
            end: self.at,
            line,
        }))
    }
}

/// Every token and line comment of `text`; an unterminated literal, identifier or comment is an
/// error saying where it starts.
pub fn lex(rules: Lexical, text: &str) -> Result<Vec<Lexed>, String> {
    let mut lexer = Lexer {
        rules,
        text,
        at: 0,
        line: 1,
        in_executable_comment: false,
    };
    let mut out = Vec::new();
    while let Some(l) = lexer.next()? {
        out.push(l);
    }
    if lexer.in_executable_comment {
        return Err("unterminated /*! comment".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Tok> {
        lex(Lexical::Postgres, text)
            .unwrap()
            .into_iter()
            .filter_map(|l| match l.lexeme {
                Lexeme::Token(t) => Some(t),
                Lexeme::LineComment(_) => None,
            })
            .collect()
    }

    fn word(v: &str, quoted: bool) -> Tok {
        Tok::Word {
            value: v.to_string(),
            quoted,
        }
    }

    #[test]
    fn words_literals_and_punctuation() {
        let p = |s: &str| Tok::Punct(s.to_string());
        assert_eq!(
            tokens(
                r#"ALTER TABLE "a""b".t ADD "x" varchar(12)[] DEFAULT 'it''s'::text >= -1.5e3;"#
            ),
            vec![
                word("ALTER", false),
                word("TABLE", false),
                word("a\"b", true),
                p("."),
                word("t", false),
                word("ADD", false),
                word("x", true),
                word("varchar", false),
                p("("),
                Tok::Number("12".into()),
                p(")"),
                p("["),
                p("]"),
                word("DEFAULT", false),
                Tok::Str("it's".into()),
                p("::"),
                word("text", false),
                p(">="),
                p("-"),
                Tok::Number("1.5e3".into()),
                p(";"),
            ]
        );
    }

    #[test]
    fn comments_dollar_quotes_and_escapes() {
        let text =
            "/* a /* nested */ comment */ SELECT $f$ ';' $f$, $$x$$, E'a\\'b', $1 -- tail\n;";
        assert_eq!(
            tokens(text),
            vec![
                word("SELECT", false),
                Tok::Str(" ';' ".into()),
                Tok::Punct(",".into()),
                Tok::Str("x".into()),
                Tok::Punct(",".into()),
                Tok::Str("a'b".into()),
                Tok::Punct(",".into()),
                Tok::Punct("$1".into()),
                Tok::Punct(";".into()),
            ]
        );
        let all = lex(Lexical::Postgres, text).unwrap();
        assert!(all
            .iter()
            .any(|l| l.lexeme == Lexeme::LineComment(" tail".into()) && l.line == 1));
        assert_eq!(all.last().map(|l| l.line), Some(2));
    }

    #[test]
    fn unterminated_forms_are_errors() {
        for text in ["SELECT 'a", "SELECT \"a", "SELECT /* a", "SELECT $q$ a $w$"] {
            assert!(lex(Lexical::Postgres, text).is_err(), "{text}");
        }
    }

    #[test]
    fn sqlite_quotes_identifiers_with_backticks_and_brackets() {
        let words: Vec<Tok> = lex(Lexical::Sqlite, "ALTER TABLE `a``b` DROP COLUMN [c d];")
            .unwrap()
            .into_iter()
            .filter_map(|l| match l.lexeme {
                Lexeme::Token(t @ Tok::Word { quoted: true, .. }) => Some(t),
                _ => None,
            })
            .collect();
        let quoted = |v: &str| Tok::Word {
            value: v.to_string(),
            quoted: true,
        };
        assert_eq!(words, vec![quoted("a`b"), quoted("c d")]);
        assert!(lex(Lexical::Sqlite, "DROP TABLE `open;").is_err());
        // Postgres reads a backtick as an operator character, not a quote.
        assert!(lex(Lexical::Postgres, "SELECT `a`;").is_ok());
    }

    #[test]
    fn mysql_backticks_backslashes_hash_comments_and_executable_comments() {
        let text = "# top\nALTER TABLE `a``b` ADD `c` varchar(5) DEFAULT 'it\\'s' COMMENT \"x;\"; -- tail\n/* c; */ /*!80013 DROP */ SELECT 1--1;\n--> statement-breakpoint\n";
        let all = lex(Lexical::Mysql, text).unwrap();
        let toks: Vec<Tok> = all
            .iter()
            .filter_map(|l| match &l.lexeme {
                Lexeme::Token(t) => Some(t.clone()),
                Lexeme::LineComment(_) => None,
            })
            .collect();
        let p = |s: &str| Tok::Punct(s.to_string());
        assert_eq!(
            toks,
            vec![
                word("ALTER", false),
                word("TABLE", false),
                word("a`b", true),
                word("ADD", false),
                word("c", true),
                word("varchar", false),
                p("("),
                Tok::Number("5".into()),
                p(")"),
                word("DEFAULT", false),
                Tok::Str("it's".into()),
                word("COMMENT", false),
                Tok::Str("x;".into()),
                p(";"),
                word("DROP", false),
                word("SELECT", false),
                Tok::Number("1".into()),
                p("--"),
                Tok::Number("1".into()),
                p(";"),
            ]
        );
        let comments: Vec<&Lexeme> = all
            .iter()
            .map(|l| &l.lexeme)
            .filter(|l| matches!(l, Lexeme::LineComment(_)))
            .collect();
        assert_eq!(
            comments,
            vec![
                &Lexeme::LineComment(" top".into()),
                &Lexeme::LineComment(" tail".into()),
                &Lexeme::LineComment("> statement-breakpoint".into()),
            ]
        );
        for text in ["SELECT 'a\\';", "SELECT `a", "/*!80013 DROP", "SELECT /* a"] {
            assert!(lex(Lexical::Mysql, text).is_err(), "{text}");
        }
    }
}
