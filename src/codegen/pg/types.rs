//! Column types and defaults of the Postgres model written as drizzle-orm column builders:
//! which builder (`varchar`, `timestamp`, …), its options (`{ length: 255 }`, `{ mode: 'bigint' }`),
//! and the default as TypeScript (`.default(42)`, `.default(new Date('…'))`, `.defaultRandom()`,
//! or ``.default(sql`…`)`` when the SQL text has no TypeScript equivalent). The choices are
//! rc.5's, so pulled files read the same; where rc.5 writes text that is not valid TypeScript
//! (a function call as a `real` default, an interval expression as a string) the SQL form is used.

use super::array::{parse_array, to_ts_array};
use crate::codegen::ts::{number_keeps_text, sql_template, trim_pair};
use crate::model::pg::grammar::{type_family, TypeFamily};
use crate::model::pg::jsvalue::js_number;

/// The drizzle-orm/pg-core export that builds a column of this family.
pub fn builder_import(family: TypeFamily) -> &'static str {
    use TypeFamily::*;
    match family {
        SmallInt => "smallint",
        Integer => "integer",
        BigInt => "bigint",
        Numeric => "numeric",
        Real => "real",
        Double => "doublePrecision",
        Boolean => "boolean",
        Char => "char",
        Varchar => "varchar",
        Text => "text",
        Json => "json",
        Jsonb => "jsonb",
        Time | TimeTz => "time",
        Timestamp | TimestampTz => "timestamp",
        Uuid => "uuid",
        Interval => "interval",
        Inet => "inet",
        Cidr => "cidr",
        MacAddr => "macaddr",
        MacAddr8 => "macaddr8",
        Vector => "vector",
        HalfVec => "halfvec",
        SparseVec => "sparsevec",
        Bit => "bit",
        Point => "point",
        Line => "line",
        Date => "date",
        GeometryPoint => "geometry",
        Serial => "serial",
        SmallSerial => "smallserial",
        BigSerial => "bigserial",
        Enum => "pgEnum",
        Custom => "customType",
    }
}

/// `(12, 2)` of `numeric(12,2)`, `255` of `varchar(255)`: the first parenthesis holding a list of
/// numbers or `max`.
fn type_params(sql_type: &str) -> Vec<String> {
    let numbers_or_max = |inner: &str| {
        inner.eq_ignore_ascii_case("max")
            || inner.starts_with(|c: char| c.is_ascii_digit())
                && inner.ends_with(|c: char| c.is_ascii_digit())
                && inner.split(',').all(|n| {
                    let n = n.trim();
                    !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
                })
    };
    sql_type
        .match_indices('(')
        .find_map(|(open, _)| {
            let inner = &sql_type[open + 1..];
            let inner = &inner[..inner.find(')')?];
            numbers_or_max(inner).then_some(inner)
        })
        .map(|inner| inner.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default()
}

const INTERVAL_FIELDS: &[&str] = &[
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "year to month",
    "day to hour",
    "day to minute",
    "day to second",
    "hour to minute",
    "hour to second",
    "minute to second",
];

fn interval_fields(sql_type: &str) -> Option<&'static str> {
    let (_, rest) = sql_type.split_once(' ')?;
    if let Some(f) = INTERVAL_FIELDS.iter().find(|f| **f == rest) {
        return Some(f);
    }
    INTERVAL_FIELDS
        .iter()
        .find(|f| rest.starts_with(&format!("{f}(")))
        .copied()
}

#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    Str(String),
    Num(String),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TsDefault {
    /// Argument of `.default(…)`.
    Value(String),
    /// A whole method call such as `.defaultRandom()`.
    Method(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TsColumnType {
    pub family: TypeFamily,
    pub options: Vec<(&'static str, OptionValue)>,
    pub default: Option<TsDefault>,
}

impl TsColumnType {
    /// `{ length: 255, mode: 'number' }` (empty when there are no options).
    pub fn options_ts(&self) -> String {
        if self.options.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = self
            .options
            .iter()
            .map(|(k, v)| match v {
                OptionValue::Str(s) => format!("{k}: '{s}'"),
                OptionValue::Num(n) => format!("{k}: {n}"),
                OptionValue::Bool(b) => format!("{k}: {b}"),
            })
            .collect();
        format!("{{ {} }}", parts.join(", "))
    }
}

fn trim_quotes(s: &str) -> &str {
    trim_pair(s, '\'', '\'')
}

const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A number default for `bigint`/`numeric`: plain within JS's safe range, a BigInt literal beyond.
fn number_for_ts(value: &str) -> (&'static str, String) {
    match js_number(value) {
        None => ("number", sql_template(value)),
        Some(n) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&n) => {
            ("number", value.to_string())
        }
        Some(_) if is_integer_literal(value) => ("bigint", format!("{value}n")),
        Some(_) => ("number", sql_template(value)),
    }
}

fn is_integer_literal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    !body.is_empty() && body.chars().all(|c| c.is_ascii_digit())
}

/// A single SQL string literal (`'it''s'`), not an expression that merely starts and ends with quotes.
fn is_sql_string_literal(s: &str) -> bool {
    if s.len() < 2 || !s.starts_with('\'') || !s.ends_with('\'') {
        return false;
    }
    let inner = &s[1..s.len() - 1];
    inner.replace("''", "").chars().all(|c| c != '\'')
}

/// The text of a quoted default. Array elements use the array literal's backslash escapes; a plain
/// string literal only doubles `'` (deliberate difference from rc.5's `unescapeFromSqlDefault`, which
/// also halves `\\`: with `standard_conforming_strings` Postgres prints one backslash as one).
fn unescape_sql_default(input: &str, array_mode: bool) -> String {
    if array_mode {
        input.replace("\\\"", "\"").replace("\\\\", "\\")
    } else {
        input.replace("''", "'")
    }
}

// The text tests below are JavaScript regexes in rc.5; hand-written here so that the engine carries
// no regex crate. `\d` is ASCII there, as here.

/// A cursor over ASCII shapes; each step consumes only when it matches.
struct Scan<'a> {
    text: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn byte(&mut self, want: u8) -> bool {
        let hit = self.text.get(self.at) == Some(&want);
        self.at += usize::from(hit);
        hit
    }

    fn sign(&mut self) -> bool {
        self.byte(b'+') || self.byte(b'-')
    }

    fn digits(&mut self, n: usize) -> bool {
        let hit = self
            .text
            .get(self.at..self.at + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        if hit {
            self.at += n;
        }
        hit
    }

    /// `\d+`
    fn some_digits(&mut self) -> bool {
        let start = self.at;
        while self.digits(1) {}
        self.at > start
    }

    /// `(?:…)?`: the step, or nothing consumed.
    fn optional(&mut self, step: impl FnOnce(&mut Self) -> bool) {
        let start = self.at;
        if !step(self) {
            self.at = start;
        }
    }

    /// `hh:mm` then `(?::ss(?:.f+)?)?`
    fn clock(&mut self) -> bool {
        if !(self.digits(2) && self.byte(b':') && self.digits(2)) {
            return false;
        }
        self.optional(|s| {
            s.byte(b':') && s.digits(2) && {
                s.optional(|s| s.byte(b'.') && s.some_digits());
                true
            }
        });
        true
    }
}

/// Holds `hh:mm:ss` somewhere.
fn time_like(s: &str) -> bool {
    (0..s.len()).any(|at| {
        let mut scan = Scan {
            text: s.as_bytes(),
            at,
        };
        scan.digits(2) && scan.byte(b':') && scan.digits(2) && scan.byte(b':') && scan.digits(2)
    })
}

/// Starts with `yyyy-mm-dd`.
fn date_like(s: &str) -> bool {
    Scan {
        text: s.as_bytes(),
        at: 0,
    }
    .date()
}

impl Scan<'_> {
    fn date(&mut self) -> bool {
        self.digits(4) && self.byte(b'-') && self.digits(2) && self.byte(b'-') && self.digits(2)
    }
}

/// Whether JavaScript's `new Date(text)` gives a valid date, for the shapes Postgres prints:
/// `2024-01-01`, `2024-01-01T10:00(:00(.fff))(Z|±hh:mm)`, and the space-separated variants, whose
/// offset may also be ` ±hh`, `±hhmm`.
fn js_date_valid(text: &str) -> bool {
    let mut s = Scan {
        text: text.as_bytes(),
        at: 0,
    };
    if !s.date() {
        return false;
    }
    s.optional(|s| {
        if s.byte(b'T') {
            s.clock() && {
                s.optional(|s| {
                    s.byte(b'Z') || s.sign() && s.digits(2) && s.byte(b':') && s.digits(2)
                });
                true
            }
        } else {
            s.byte(b' ') && s.clock() && {
                s.optional(|s| {
                    s.byte(b'Z') || {
                        s.byte(b' ');
                        s.sign() && s.digits(2) && {
                            s.optional(|s| {
                                s.byte(b':');
                                s.digits(2)
                            });
                            true
                        }
                    }
                });
                true
            }
        }
    });
    s.at == s.text.len()
}

fn js_string(s: &str) -> String {
    crate::codegen::names::js_string(s)
}

fn wrap_single(s: &str) -> String {
    if s.starts_with('\'') && s.ends_with('\'') {
        s.to_string()
    } else {
        format!("'{s}'")
    }
}

/// Array default of any element type: parse the literal and map each element, or fall back to SQL.
fn array_default(
    value: &str,
    leaf: &mut dyn FnMut(Option<&str>) -> Option<String>,
) -> Option<String> {
    let literal = trim_quotes(trim_pair(value, '(', ')'));
    let items = parse_array(literal)?;
    to_ts_array(&items, leaf)
}

/// Builder, options and default for a column of `sql_type` (base type, no `[]`) with `dimensions`
/// array dimensions and the model's `default` SQL text.
pub fn column_type(
    sql_type: &str,
    is_enum: bool,
    dimensions: u32,
    default: Option<&str>,
) -> TsColumnType {
    let family = type_family(sql_type, is_enum);
    let mut options: Vec<(&'static str, OptionValue)> = Vec::new();
    let params = type_params(sql_type);
    let num_param = |i: usize| -> Option<OptionValue> {
        params
            .get(i)
            .and_then(|p| p.parse::<u64>().ok())
            .map(|n| OptionValue::Num(n.to_string()))
    };
    let value = default.filter(|v| !v.is_empty());
    let is_array = dimensions > 0;
    let sql_fallback = |v: &str| TsDefault::Value(sql_template(v));
    use TypeFamily::*;

    let default: Option<TsDefault> = match family {
        SmallInt | Integer | Real | Double => value.map(|v| {
            if is_array {
                array_default(v, &mut |e| Some(e.unwrap_or("null").to_string()))
                    .map_or_else(|| sql_fallback(v), TsDefault::Value)
            } else if js_number(v).is_some() && !v.trim().is_empty() {
                TsDefault::Value(v.to_string())
            } else {
                sql_fallback(v)
            }
        }),
        BigInt => {
            let (mode, d) = match value {
                None => ("number", None),
                Some(v) if is_array => (
                    "bigint",
                    Some(
                        array_default(v, &mut |e| e.map(|e| format!("{e}n")))
                            .map_or_else(|| sql_fallback(v), TsDefault::Value),
                    ),
                ),
                Some(v) => {
                    let (mode, d) = number_for_ts(v);
                    (mode, Some(TsDefault::Value(d)))
                }
            };
            options.push(("mode", OptionValue::Str(mode.to_string())));
            d
        }
        Numeric => {
            let precision = num_param(0);
            let scale = num_param(1);
            let d = match value {
                None => None,
                Some(v) if is_array => Some(sql_fallback(v)),
                Some(v) => {
                    let text = trim_quotes(v);
                    let (mode, d) = number_for_ts(text);
                    if mode == "number" && !d.starts_with("sql`") && !number_keeps_text(text) {
                        // `0.00` as a JS number serialises back as `'0'`: a different default in the
                        // catalog. The string mode keeps the text exactly.
                        Some(TsDefault::Value(js_string(text)))
                    } else {
                        options.push(("mode", OptionValue::Str(mode.to_string())));
                        Some(TsDefault::Value(d))
                    }
                }
            };
            if let Some(p) = precision {
                options.push(("precision", p));
            }
            if let Some(s) = scale {
                options.push(("scale", s));
            }
            d
        }
        Boolean => value.map(|v| {
            if is_array {
                array_default(v, &mut |e| {
                    e.map(|e| if e == "t" { "true" } else { "false" }.to_string())
                })
                .map_or_else(|| sql_fallback(v), TsDefault::Value)
            } else if v == "true" || v == "false" {
                TsDefault::Value(v.to_string())
            } else {
                sql_fallback(v)
            }
        }),
        Char | Varchar | Text => {
            if family != Text {
                if let Some(l) = num_param(0) {
                    options.push(("length", l));
                }
            }
            value.map(|v| {
                if is_array {
                    array_default(v, &mut |e| {
                        e.map(|e| js_string(&unescape_sql_default(trim_quotes(e), true)))
                    })
                    .map_or_else(|| sql_fallback(v), TsDefault::Value)
                } else if is_sql_string_literal(v) {
                    TsDefault::Value(js_string(&unescape_sql_default(trim_quotes(v), false)))
                } else {
                    sql_fallback(v)
                }
            })
        }
        Json | Jsonb => value.map(|v| {
            if is_array {
                return sql_fallback(v);
            }
            match serde_json::from_str::<serde_json::Value>(trim_quotes(v)) {
                Ok(parsed) if is_sql_string_literal(v) => {
                    TsDefault::Value(unescape_json_strings(parsed).to_string())
                }
                _ => sql_fallback(v),
            }
        }),
        Time | TimeTz => {
            if let Some(p) = num_param(0) {
                options.push(("precision", p));
            }
            if family == TimeTz {
                options.push(("withTimezone", OptionValue::Bool(true)));
            }
            value.map(|v| {
                if is_array {
                    let mut all_times = true;
                    let mapped = array_default(v, &mut |e| {
                        let e = e?;
                        if !time_like(trim_quotes(e)) {
                            all_times = false;
                        }
                        Some(wrap_single(e))
                    });
                    match mapped {
                        Some(m) if all_times => TsDefault::Value(m),
                        _ => sql_fallback(v),
                    }
                } else if time_like(trim_quotes(v)) && is_sql_string_literal(v) {
                    TsDefault::Value(v.to_string())
                } else {
                    sql_fallback(v)
                }
            })
        }
        Date => value.map(|v| {
            if !is_array && date_like(trim_quotes(v)) && is_sql_string_literal(v) {
                TsDefault::Value(v.to_string())
            } else {
                sql_fallback(v)
            }
        }),
        Timestamp | TimestampTz => {
            if let Some(p) = num_param(0) {
                options.push(("precision", p));
            }
            if family == TimestampTz {
                options.push(("withTimezone", OptionValue::Bool(true)));
            }
            let patch = |s: &str| -> String {
                if family == TimestampTz || s.contains('T') {
                    s.to_string()
                } else {
                    format!("{}Z", s.replacen(' ', "T", 1))
                }
            };
            value.map(|v| {
                if is_array {
                    let mut valid = true;
                    let mapped = array_default(v, &mut |e| {
                        let p = patch(trim_quotes(e?));
                        if !js_date_valid(&p) {
                            valid = false;
                        }
                        Some(format!("new Date(\"{p}\")"))
                    });
                    match mapped {
                        Some(m) if valid => TsDefault::Value(m),
                        _ => sql_fallback(v),
                    }
                } else {
                    let p = patch(trim_quotes(v));
                    if is_sql_string_literal(v) && js_date_valid(&p) {
                        TsDefault::Value(format!("new Date('{p}')"))
                    } else {
                        sql_fallback(v)
                    }
                }
            })
        }
        Uuid => value.map(|v| {
            if is_array {
                array_default(v, &mut |e| e.map(js_string))
                    .map_or_else(|| sql_fallback(v), TsDefault::Value)
            } else if trim_quotes(v) == "gen_random_uuid()" {
                TsDefault::Method(".defaultRandom()")
            } else if is_sql_string_literal(v) {
                TsDefault::Value(js_string(trim_quotes(v)))
            } else {
                sql_fallback(v)
            }
        }),
        Interval | Inet | Cidr | MacAddr | MacAddr8 => {
            if family == Interval {
                if let Some(p) = num_param(0) {
                    options.push(("precision", p));
                }
                if let Some(f) = interval_fields(sql_type) {
                    options.push(("fields", OptionValue::Str(f.to_string())));
                }
            }
            value.map(|v| {
                if is_array {
                    array_default(v, &mut |e| e.map(js_string))
                        .map_or_else(|| sql_fallback(v), TsDefault::Value)
                } else if is_sql_string_literal(v) {
                    TsDefault::Value(js_string(&trim_quotes(v).replace("''", "'")))
                } else {
                    sql_fallback(v)
                }
            })
        }
        Vector | HalfVec | SparseVec => {
            if let Some(d) = num_param(0) {
                options.push(("dimensions", d));
            }
            value.map(|v| {
                if is_array {
                    array_default(v, &mut |e| {
                        e.map(|e| {
                            if family == SparseVec {
                                wrap_single(e)
                            } else {
                                e.to_string()
                            }
                        })
                    })
                    .map_or_else(|| sql_fallback(v), TsDefault::Value)
                } else if family == SparseVec {
                    TsDefault::Value(v.to_string())
                } else if is_sql_string_literal(v) && trim_quotes(v).starts_with('[') {
                    TsDefault::Value(trim_quotes(v).to_string())
                } else {
                    sql_fallback(v)
                }
            })
        }
        Bit => {
            if let Some(d) = num_param(0) {
                options.push(("dimensions", d));
            }
            let binary = |s: &str| !s.is_empty() && s.chars().all(|c| c == '0' || c == '1');
            value.map(|v| {
                if is_array {
                    let mut ok = true;
                    let mapped = array_default(v, &mut |e| {
                        let e = e?;
                        if !binary(e) {
                            ok = false;
                        }
                        Some(format!("\"{e}\""))
                    });
                    match mapped {
                        Some(m) if ok => TsDefault::Value(m),
                        _ => sql_fallback(v),
                    }
                } else if v.len() >= 2 && v.starts_with('\'') && binary(trim_quotes(v)) {
                    TsDefault::Value(v.to_string())
                } else {
                    sql_fallback(v)
                }
            })
        }
        Point | Line => value.map(|v| {
            let (open, close) = if family == Point {
                ('(', ')')
            } else {
                ('{', '}')
            };
            let arity = if family == Point { 2 } else { 3 };
            let as_tuple = |s: &str| -> Option<String> {
                let inner = s.strip_prefix(open)?.strip_suffix(close)?;
                let parts: Vec<&str> = inner.split(',').collect();
                (parts.len() == arity
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
                .then(|| format!("[{}]", parts.join(",")))
            };
            if is_array {
                array_default(v, &mut |e| as_tuple(e?))
                    .map_or_else(|| sql_fallback(v), TsDefault::Value)
            } else if is_sql_string_literal(v) {
                as_tuple(trim_quotes(v)).map_or_else(|| sql_fallback(v), TsDefault::Value)
            } else {
                sql_fallback(v)
            }
        }),
        GeometryPoint => {
            // rc.5 writes options only next to a default; a bare `geometry()` keeps drizzle's defaults.
            value.map(|v| {
                options.push(("type", OptionValue::Str("point".to_string())));
                let srid = sql_type
                    .split_once(',')
                    .map(|(_, s)| s.trim_end_matches(')').trim().to_string());
                if let Some(s) = &srid {
                    options.push(("srid", OptionValue::Num(s.clone())));
                }
                let point = trim_quotes(v)
                    .split_once("POINT(")
                    .and_then(|(prefix, rest)| {
                        let has_srid_prefix = prefix.starts_with("SRID=");
                        if has_srid_prefix && srid.is_none() {
                            return None;
                        }
                        let coords = rest.strip_suffix(')')?;
                        let (x, y) = coords.split_once(' ')?;
                        (js_number(x).is_some() && js_number(y).is_some())
                            .then(|| format!("[{x},{y}]"))
                    });
                match point {
                    Some(p) if !is_array => TsDefault::Value(p),
                    _ => sql_fallback(v),
                }
            })
        }
        Serial | SmallSerial => None,
        BigSerial => {
            options.push(("mode", OptionValue::Str("number".to_string())));
            None
        }
        Enum => value.map(|v| {
            if is_array {
                array_default(v, &mut |e| {
                    e.map(|e| {
                        let element = unescape_sql_default(trim_quotes(e), true);
                        js_string(&unescape_sql_default(&element, false))
                    })
                })
                .map_or_else(|| sql_fallback(v), TsDefault::Value)
            } else if is_sql_string_literal(v) {
                TsDefault::Value(js_string(&trim_quotes(v).replace("''", "'")))
            } else {
                sql_fallback(v)
            }
        }),
        Custom => value.map(|v| {
            if is_array {
                array_default(v, &mut |e| e.map(js_string))
                    .map_or_else(|| sql_fallback(v), TsDefault::Value)
            } else {
                // A custom type's default goes to SQL verbatim (`String(value)`), so the SQL text as a
                // string literal reproduces it exactly.
                TsDefault::Value(js_string(v))
            }
        }),
    };
    TsColumnType {
        family,
        options,
        default,
    }
}

/// Postgres doubles quotes inside the default's string literal; JSON string values keep them doubled.
fn unescape_json_strings(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(s.replace("''", "'")),
        Value::Array(a) => Value::Array(a.into_iter().map(unescape_json_strings).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, unescape_json_strings(v)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matchers against the regexes they replace (rc.5's patterns, `\d` ASCII as in
    /// JavaScript), on strings built from the characters they look at.
    #[test]
    fn text_matchers_agree_with_the_regexes_they_replace() {
        use crate::codegen::sample::strings;
        let regex = |p: &str| regex::Regex::new(&p.replace(r"\d", "[0-9]")).unwrap();
        let params = regex(r"(?i)\(((?:\d+(?:\s*,\s*\d+)*)|max)\)");
        let time = regex(r"\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?");
        let date = regex(r"^\d{4}-\d{2}-\d{2}");
        let js_date = regex(
            r"^\d{4}-\d{2}-\d{2}(?:(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)|(?: \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z| ?[+-]\d{2}(?::?\d{2})?)?))?$",
        );
        let pieces = [
            "0",
            "1",
            "12",
            "2024",
            "-",
            ":",
            ".",
            "T",
            "Z",
            "+",
            " ",
            "(",
            ")",
            ",",
            "max",
            "MaX",
            "a",
            "é",
            "\u{3000}",
            "\u{663}",
            "2024-01-01",
            "10:00",
            ":00",
            "+05",
            "varchar",
        ];
        let mut inputs = strings(&pieces, 20_000, 9);
        // Near-misses of every shape Postgres prints: each one with a piece added or dropped.
        let shapes = [
            "2024-01-01",
            "2024-01-01T10:00",
            "2024-01-01T10:00:00.123Z",
            "2024-01-01T10:00:00+05:30",
            "2024-01-01 10:00:00",
            "2024-01-01 10:00:00.5 +05",
            "2024-01-01 10:00:00+0530",
            "2024-01-01 10:00:00+05:30",
            "2024-01-01 10:00Z",
            "numeric(12, 2)",
            "varchar(max)",
            "character varying(255)[]",
        ];
        for shape in shapes {
            inputs.push(shape.to_string());
            for (i, _) in shape.char_indices() {
                let mut cut = shape.to_string();
                cut.remove(i);
                inputs.push(cut);
                for extra in ["0", ":", " ", "Z", "+", "."] {
                    let mut grown = shape.to_string();
                    grown.insert_str(i, extra);
                    inputs.push(grown);
                }
            }
        }
        for s in &inputs {
            let want_params: Vec<String> = params
                .captures(s)
                .and_then(|c| c.get(1))
                .map(|m| {
                    m.as_str()
                        .split(',')
                        .map(|p| p.trim().to_string())
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(type_params(s), want_params, "type_params({s:?})");
            assert_eq!(time_like(s), time.is_match(s), "time_like({s:?})");
            assert_eq!(date_like(s), date.is_match(s), "date_like({s:?})");
            assert_eq!(
                js_date_valid(s),
                js_date.is_match(s),
                "js_date_valid({s:?})"
            );
        }
    }

    fn default_of(t: &str, dims: u32, v: &str) -> String {
        match column_type(t, false, dims, Some(v)).default {
            Some(TsDefault::Value(s)) => s,
            Some(TsDefault::Method(m)) => m.to_string(),
            None => String::new(),
        }
    }

    #[test]
    fn defaults_render_as_drizzle_code() {
        assert_eq!(default_of("integer", 0, "18"), "18");
        assert_eq!(
            default_of("integer", 0, "nextval('x')"),
            "sql`nextval('x')`"
        );
        assert_eq!(default_of("text", 0, "'O''Brien'"), "\"O'Brien\"");
        assert_eq!(default_of("text", 0, "'a' || 'b'"), "sql`'a' || 'b'`");
        assert_eq!(default_of("text", 1, "'{}'"), "[]");
        assert_eq!(default_of("text", 1, "'{a,\"b c\"}'"), "[\"a\",\"b c\"]");
        assert_eq!(default_of("integer", 2, "'{{1,2},{3,4}}'"), "[[1,2],[3,4]]");
        assert_eq!(
            default_of("bigint", 0, "9007199254740993"),
            "9007199254740993n"
        );
        assert_eq!(default_of("bigint", 0, "42"), "42");
        assert_eq!(
            default_of("timestamp with time zone", 0, "now()"),
            "sql`now()`"
        );
        assert_eq!(
            default_of("timestamp(3)", 0, "'2024-01-01 10:00:00'"),
            "new Date('2024-01-01T10:00:00Z')"
        );
        assert_eq!(
            default_of("uuid", 0, "gen_random_uuid()"),
            ".defaultRandom()"
        );
        assert_eq!(
            default_of("jsonb", 0, "'{\"a\": 1, \"b\":\"x\"}'"),
            "{\"a\":1,\"b\":\"x\"}"
        );
        assert_eq!(default_of("real", 0, "random()"), "sql`random()`");
        assert_eq!(default_of("boolean", 0, "false"), "false");
        assert_eq!(default_of("numeric(12,2)", 0, "'9.99'"), "9.99");
        assert_eq!(default_of("numeric(12,2)", 0, "'0.00'"), "\"0.00\"");
        assert_eq!(default_of("time", 0, "'07:30:00'"), "'07:30:00'");
        assert_eq!(default_of("point", 0, "'(1,2)'"), "[1,2]");
        assert_eq!(default_of("interval", 0, "'1 day'"), "\"1 day\"");
        assert_eq!(default_of("citext", 0, "'x'::citext"), "\"'x'::citext\"");
        assert_eq!(default_of("text", 0, "`x` ${y}"), "sql`\\`x\\` \\${y}`");
    }

    #[test]
    fn options_follow_the_type_text() {
        let o = |t: &str, d: Option<&str>| column_type(t, false, 0, d).options_ts();
        assert_eq!(o("varchar(255)", None), "{ length: 255 }");
        assert_eq!(o("numeric(12,2)", None), "{ precision: 12, scale: 2 }");
        assert_eq!(
            o("numeric(12,2)", Some("'1.5'")),
            "{ mode: 'number', precision: 12, scale: 2 }"
        );
        assert_eq!(o("bigint", None), "{ mode: 'number' }");
        assert_eq!(
            o("timestamp(3) with time zone", None),
            "{ precision: 3, withTimezone: true }"
        );
        assert_eq!(
            o("interval day to second(3)", None),
            "{ precision: 3, fields: 'day to second' }"
        );
        assert_eq!(o("bit(8)", None), "{ dimensions: 8 }");
        assert_eq!(type_family("double precision", false), TypeFamily::Double);
        assert_eq!(type_family("tsvector", false), TypeFamily::Custom);
        assert_eq!(type_family("mood", true), TypeFamily::Enum);
    }

    #[test]
    fn js_number_follows_javascript() {
        assert_eq!(js_number("42"), Some(42.0));
        assert_eq!(js_number("-1.5e3"), Some(-1500.0));
        assert_eq!(js_number("0x10"), Some(16.0));
        assert_eq!(js_number("'5'"), None);
        assert_eq!(js_number("now()"), None);
        assert_eq!(js_number("."), None);
    }
}
