//! Postgres array literals (`{a,"b c",NULL,{1,2}}`) as they appear in column defaults, parsed into
//! nested items so that array defaults can be written back as TypeScript arrays.

#[derive(Debug, Clone, PartialEq)]
pub enum ArrayItem {
    Text(String),
    Null,
    Array(Vec<ArrayItem>),
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    _src: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn starts_with_null(&self, at: usize) -> bool {
        let s: String = self.chars.iter().skip(at).take(4).collect();
        s == "NULL"
    }
    fn expect(&mut self, c: char) -> Option<()> {
        self.skip_space();
        if self.peek() == Some(c) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }
    fn array(&mut self) -> Option<Vec<ArrayItem>> {
        self.expect('{')?;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Some(items);
        }
        loop {
            items.push(self.item()?);
            self.skip_space();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }
    fn item(&mut self) -> Option<ArrayItem> {
        self.skip_space();
        match self.peek()? {
            '{' => self.array().map(ArrayItem::Array),
            '"' => self.quoted().map(ArrayItem::Text),
            _ if self.starts_with_null(self.pos) => {
                self.pos += 4;
                Some(ArrayItem::Null)
            }
            _ => self.quoteless().map(ArrayItem::Text),
        }
    }
    /// A double-quoted element; backslash escapes follow JSON string rules.
    fn quoted(&mut self) -> Option<String> {
        self.pos += 1;
        let mut raw = String::new();
        loop {
            let c = self.peek()?;
            self.pos += 1;
            match c {
                '"' => break,
                '\\' => {
                    raw.push('\\');
                    raw.push(self.peek()?);
                    self.pos += 1;
                }
                _ => raw.push(c),
            }
        }
        let unescaped = raw.replace("''", "'");
        serde_json::from_str::<String>(&format!("\"{unescaped}\"")).ok()
    }
    fn quoteless(&mut self) -> Option<String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(c, '{' | '}' | ',' | '"') || self.starts_with_null(self.pos) {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        let s: String = self.chars[start..self.pos].iter().collect();
        Some(s.replace("''", "'"))
    }
}

/// Parse a whole array literal; `None` when the text is not one.
pub fn parse_array(text: &str) -> Option<Vec<ArrayItem>> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        _src: text,
    };
    let items = p.array()?;
    p.skip_space();
    if p.pos == p.chars.len() {
        Some(items)
    } else {
        None
    }
}

/// `[a,b,[c]]` with each leaf mapped by `leaf`; `None` if any leaf cannot be mapped.
pub fn to_ts_array(
    items: &[ArrayItem],
    leaf: &mut dyn FnMut(Option<&str>) -> Option<String>,
) -> Option<String> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        parts.push(match item {
            ArrayItem::Array(inner) => to_ts_array(inner, leaf)?,
            ArrayItem::Text(s) => leaf(Some(s))?,
            ArrayItem::Null => leaf(None)?,
        });
    }
    Some(format!("[{}]", parts.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_postgres_array_output() {
        use ArrayItem::*;
        assert_eq!(parse_array("{}"), Some(vec![]));
        assert_eq!(
            parse_array(r#"{a,"b c",NULL,"x\"y"}"#),
            Some(vec![
                Text("a".into()),
                Text("b c".into()),
                Null,
                Text("x\"y".into())
            ])
        );
        assert_eq!(
            parse_array("{{1,2},{3,4}}"),
            Some(vec![
                Array(vec![Text("1".into()), Text("2".into())]),
                Array(vec![Text("3".into()), Text("4".into())])
            ])
        );
        assert_eq!(parse_array("{1,2"), None);
        assert_eq!(parse_array("ARRAY[1]"), None);
    }
}
