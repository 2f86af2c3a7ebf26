//! Are two SQL expressions the same? One text comes from the schema (what the user wrote), the other
//! from Postgres (`pg_get_expr`, `pg_get_viewdef`), which re-prints expressions: it adds the implicit
//! casts (`(email)::text`, `''::bpchar`), wraps every operator in parentheses, qualifies view columns,
//! folds `IN (…)` into `= ANY (ARRAY[…])`, `BETWEEN` into two comparisons and `LIKE` into `~~`, and
//! re-spells typed literals (`'2000-01-01'` → `'2000-01-01 00:00:00+00'::timestamp with time zone`).
//!
//! Both texts are parsed with sqlparser (PostgreSqlDialect), normalised, and compared as trees. The
//! answer is three-valued so callers can say "cannot prove equal" instead of emitting churn:
//! `Equal` — provably the same; `Different` — provably not; `Unknown` — the trees differ only where
//! Postgres may have re-spelled a literal or dropped a cast, or a text does not parse.

use std::collections::HashMap;
use std::ops::ControlFlow;

use sqlparser::ast::{
    visit_expressions_mut, visit_relations_mut, BinaryOperator, Expr, Ident, InTarget, ObjectName,
    ObjectNamePart, SetExpr, Statement, TableFactor, UnaryOperator, Value,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sameness {
    Equal,
    Different,
    Unknown,
}

/// Marks a string literal whose text Postgres re-spells for its type (dates, intervals, …).
const TYPED: char = '\u{1}';
/// Prefix of a removed cast whose operand was a constant (Postgres may fold it into the constant).
const FOLDABLE: char = '\u{2}';

/// Compare a scalar expression (check, default, index key, generated column, policy clause).
pub fn same_expression(schema_side: &str, database_side: &str) -> Sameness {
    same_parsed(schema_side, database_side, parse_expr, normalise)
}

/// `same_expression` for an expression over the columns of one table (a policy clause): drizzle
/// qualifies the columns (`"t"."owner"`), Postgres prints them bare. Qualifiers naming `table` are
/// dropped on both sides first; any other qualifier (a subquery's table) stays.
pub fn same_expression_on(table: &str, schema_side: &str, database_side: &str) -> Sameness {
    if schema_side.trim() == database_side.trim() {
        return Sameness::Equal;
    }
    let bare = |text: &str| -> Option<String> {
        let mut expr = parse_expr(text)?;
        let _ = visit_expressions_mut(&mut expr, |e| {
            if let Expr::CompoundIdentifier(parts) = e {
                let n = parts.len();
                if (n == 2 || n == 3)
                    && parts.get(n - 2).map(|q| normal_ident(q).value) == Some(table.to_string())
                {
                    if let Some(column) = parts.last().cloned() {
                        *e = Expr::Identifier(column);
                    }
                }
            }
            ControlFlow::<()>::Continue(())
        });
        Some(expr.to_string())
    };
    match (bare(schema_side), bare(database_side)) {
        (Some(ours), Some(theirs)) => same_expression(&ours, &theirs),
        _ => Sameness::Unknown,
    }
}

/// Compare a view's query (`.as(sql…)` text vs `pg_get_viewdef`).
pub fn same_view_definition(schema_side: &str, database_side: &str) -> Sameness {
    same_parsed(schema_side, database_side, parse_query, normalise_query)
}

/// Equal text is equal; otherwise both sides are parsed, normalised (collecting the casts removed)
/// and compared as printed SQL. Text that does not parse cannot be judged.
fn same_parsed<T: std::fmt::Display>(
    schema_side: &str,
    database_side: &str,
    parse: fn(&str) -> Option<T>,
    normalise: fn(&mut T) -> Vec<String>,
) -> Sameness {
    if schema_side.trim() == database_side.trim() {
        return Sameness::Equal;
    }
    let (Some(mut ours), Some(mut theirs)) = (parse(schema_side), parse(database_side)) else {
        return Sameness::Unknown;
    };
    let our_casts = normalise(&mut ours);
    let their_casts = normalise(&mut theirs);
    verdict(
        &ours.to_string(),
        &theirs.to_string(),
        &our_casts,
        &their_casts,
    )
}

fn verdict(ours: &str, theirs: &str, our_casts: &[String], their_casts: &[String]) -> Sameness {
    if ours == theirs {
        // Postgres keeps explicit casts of expressions, so one the user wrote that the database
        // lacks is a real change; a cast of a constant may have been folded into it.
        return match uncovered_casts(our_casts, their_casts) {
            None => Sameness::Equal,
            Some(true) => Sameness::Unknown,
            Some(false) => Sameness::Different,
        };
    }
    if differ_only_in_typed_literals(ours, theirs) {
        Sameness::Unknown
    } else {
        Sameness::Different
    }
}

/// `None` when every cast of ours is also in theirs; else whether all the missing ones were casts
/// of constants.
fn uncovered_casts(ours: &[String], theirs: &[String]) -> Option<bool> {
    let bare = |c: &str| c.trim_start_matches(FOLDABLE).to_string();
    let mut available: HashMap<String, usize> = HashMap::new();
    for t in theirs {
        *available.entry(bare(t)).or_default() += 1;
    }
    let mut missing_all_foldable: Option<bool> = None;
    for c in ours {
        match available.get_mut(&bare(c)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let foldable = c.starts_with(FOLDABLE);
                missing_all_foldable = Some(missing_all_foldable.unwrap_or(true) && foldable);
            }
        }
    }
    missing_all_foldable
}

/// Same tokens except string literals where at least one side is a typed literal.
fn differ_only_in_typed_literals(a: &str, b: &str) -> bool {
    let dialect = PostgreSqlDialect {};
    let (Ok(ta), Ok(tb)) = (
        Tokenizer::new(&dialect, a).tokenize(),
        Tokenizer::new(&dialect, b).tokenize(),
    ) else {
        return false;
    };
    let ta: Vec<&Token> = ta
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let tb: Vec<&Token> = tb
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    if ta.len() != tb.len() {
        return false;
    }
    ta.iter().zip(tb.iter()).all(|(x, y)| {
        x == y
            || matches!((x, y), (Token::SingleQuotedString(p), Token::SingleQuotedString(q))
                if p.starts_with(TYPED) || q.starts_with(TYPED))
    })
}

fn parse_expr(text: &str) -> Option<Expr> {
    let dialect = PostgreSqlDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text).ok()?;
    let expr = parser.parse_expr().ok()?;
    (parser.peek_token().token == Token::EOF).then_some(expr)
}

fn parse_query(text: &str) -> Option<Statement> {
    let trimmed = text.trim().trim_end_matches(';');
    let mut statements = Parser::parse_sql(&PostgreSqlDialect {}, trimmed).ok()?;
    if statements.len() != 1 {
        return None;
    }
    statements.pop()
}

/// A name as Postgres holds it: folded when unquoted, and cut to 63 bytes (the catalog prints
/// the cut name where the schema wrote the whole one).
fn normal_ident(id: &Ident) -> Ident {
    let value = if id.quote_style.is_some() {
        id.value.clone()
    } else {
        id.value.to_lowercase()
    };
    Ident::new(crate::model::pg::stored_name(&value))
}

fn normal_object_name(name: &ObjectName) -> ObjectName {
    let mut parts: Vec<ObjectNamePart> = name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(id) => ObjectNamePart::Identifier(normal_ident(id)),
            other => other.clone(),
        })
        .collect();
    // `public` is on every search_path Postgres prints names for; it omits the schema there.
    if parts.len() > 1
        && matches!(parts.first(), Some(ObjectNamePart::Identifier(id)) if id.value == "public")
    {
        parts.remove(0);
    }
    ObjectName(parts)
}

/// Canonical spelling of a type name: aliases folded (`int4` → `integer`, `varchar` →
/// `character varying`, …), `public.` dropped, lower case.
fn normal_type(data_type: &str) -> String {
    let t = data_type.to_lowercase().replace('"', "");
    let t = t.strip_prefix("public.").unwrap_or(&t).to_string();
    let (base, rest) = match t.find(['(', '[']) {
        Some(i) => (t[..i].trim().to_string(), t[i..].to_string()),
        None => (t.trim().to_string(), String::new()),
    };
    let base = match base.as_str() {
        "int" | "int4" => "integer",
        "int2" => "smallint",
        "int8" => "bigint",
        "float8" | "double" => "double precision",
        "float4" => "real",
        "bool" => "boolean",
        "varchar" => "character varying",
        "char" | "bpchar" => "character",
        "decimal" => "numeric",
        "timestamptz" => "timestamp with time zone",
        "timetz" => "time with time zone",
        "timestamp without time zone" => "timestamp",
        "time without time zone" => "time",
        other => other,
    };
    format!("{base}{rest}")
}

/// Types whose literals Postgres prints in its own canonical form.
fn respelled_type(t: &str) -> bool {
    [
        "timestamp",
        "time",
        "date",
        "interval",
        "json",
        "jsonb",
        "inet",
        "cidr",
        "macaddr",
        "uuid",
        "bit",
        "point",
        "line",
    ]
    .iter()
    .any(|k| t == *k || t.starts_with(&format!("{k}(")) || t.starts_with(&format!("{k} ")))
}

fn numeric_type(t: &str) -> bool {
    [
        "smallint",
        "integer",
        "bigint",
        "numeric",
        "real",
        "double precision",
    ]
    .iter()
    .any(|k| t == *k || t.starts_with(&format!("{k}(")))
}

/// Canonical text of a number literal: `1e6` and `'1000000'` → `1000000`, `1.50` stays `1.50`
/// (numeric keeps scale), `-1` has its sign.
fn canonical_number(text: &str) -> Option<String> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let stripped = digits.trim_start_matches('0');
        let body = if stripped.is_empty() { "0" } else { stripped };
        return Some(if t.starts_with('-') && body != "0" {
            format!("-{body}")
        } else {
            body.to_string()
        });
    }
    if t.contains(['e', 'E']) {
        let v: f64 = t.parse().ok()?;
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
            return Some(format!("{}", v as i64));
        }
        return Some(format!("{v}"));
    }
    t.parse::<f64>().ok().map(|_| t.to_string())
}

fn number(text: String) -> Expr {
    Expr::value(Value::Number(text, false))
}

/// Normalise a scalar expression in place; returns the cast target types it removed.
fn normalise(expr: &mut Expr) -> Vec<String> {
    let mut casts = Vec::new();
    let _ = visit_expressions_mut(expr, |e| {
        normalise_node(e, &mut casts);
        ControlFlow::<()>::Continue(())
    });
    casts
}

fn normalise_query(statement: &mut Statement) -> Vec<String> {
    let mut casts = Vec::new();
    let _ = visit_expressions_mut(statement, |e| {
        normalise_node(e, &mut casts);
        ControlFlow::<()>::Continue(())
    });
    let _ = visit_relations_mut(statement, |name| {
        *name = normal_object_name(name);
        ControlFlow::<()>::Continue(())
    });
    if let Statement::Query(query) = statement {
        strip_single_table_qualifiers(&mut query.body);
    }
    casts
}

/// In `SELECT … FROM t` (one table, no joins) `t.col` and `col` are the same column; Postgres
/// always writes the qualified form.
fn strip_single_table_qualifiers(body: &mut SetExpr) {
    match body {
        SetExpr::Select(select) => {
            let qualifier = match select.from.as_slice() {
                [only] if only.joins.is_empty() => match &only.relation {
                    TableFactor::Table { name, alias, .. } => match alias {
                        Some(a) => Some(a.name.value.clone()),
                        None => name
                            .0
                            .last()
                            .and_then(|p| p.as_ident())
                            .map(|i| i.value.clone()),
                    },
                    _ => None,
                },
                _ => None,
            };
            if let Some(q) = qualifier {
                let _ = visit_expressions_mut(select.as_mut(), |e| {
                    if let Expr::CompoundIdentifier(parts) = e {
                        if parts.len() == 2 && parts.first().is_some_and(|p| p.value == q) {
                            if let Some(col) = parts.pop() {
                                *e = Expr::Identifier(col);
                            }
                        }
                    }
                    ControlFlow::<()>::Continue(())
                });
            }
        }
        SetExpr::SetOperation { left, right, .. } => {
            strip_single_table_qualifiers(left);
            strip_single_table_qualifiers(right);
        }
        SetExpr::Query(q) => strip_single_table_qualifiers(&mut q.body),
        _ => {}
    }
}

/// One node, children already normalised (the visitor runs post-order).
fn normalise_node(e: &mut Expr, casts: &mut Vec<String>) {
    let taken = std::mem::replace(e, Expr::value(Value::Null));
    *e = match taken {
        Expr::Nested(inner) => *inner,
        Expr::Identifier(id) => Expr::Identifier(normal_ident(&id)),
        Expr::CompoundIdentifier(ids) => {
            Expr::CompoundIdentifier(ids.iter().map(normal_ident).collect())
        }
        Expr::Cast {
            expr, data_type, ..
        } => {
            let t = normal_type(&data_type.to_string());
            // Only a cast of a constant can be folded away by Postgres.
            let on_constant = matches!(*expr, Expr::Value(_));
            let inner = literal_for_type(*expr, &t);
            casts.push(if on_constant {
                format!("{FOLDABLE}{t}")
            } else {
                t
            });
            inner
        }
        Expr::TypedString(ts) => {
            let t = normal_type(&ts.data_type.to_string());
            let inner = literal_for_type(Expr::Value(ts.value), &t);
            casts.push(format!("{FOLDABLE}{t}"));
            inner
        }
        Expr::Interval(iv)
            if iv.leading_field.is_none()
                && iv.last_field.is_none()
                && iv.fractional_seconds_precision.is_none() =>
        {
            casts.push(format!("{FOLDABLE}interval"));
            literal_for_type(*iv.value, "interval")
        }
        Expr::Value(v) => match v.value {
            Value::Number(n, _) => number(canonical_number(&n).unwrap_or(n)),
            Value::EscapedStringLiteral(s) | Value::NationalStringLiteral(s) => {
                Expr::value(Value::SingleQuotedString(s))
            }
            other => Expr::value(other),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match *expr {
            Expr::Value(v) if matches!(v.value, Value::Number(..)) => match v.value {
                Value::Number(n, _) => {
                    number(canonical_number(&format!("-{n}")).unwrap_or(format!("-{n}")))
                }
                other => Expr::value(other),
            },
            other => Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr: Box::new(other),
            },
        },
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => *expr,
        Expr::Between {
            expr,
            negated,
            low,
            high,
        } => {
            let (lo_op, hi_op, join) = if negated {
                (BinaryOperator::Lt, BinaryOperator::Gt, BinaryOperator::Or)
            } else {
                (
                    BinaryOperator::GtEq,
                    BinaryOperator::LtEq,
                    BinaryOperator::And,
                )
            };
            Expr::BinaryOp {
                left: Box::new(Expr::BinaryOp {
                    left: expr.clone(),
                    op: lo_op,
                    right: low,
                }),
                op: join,
                right: Box::new(Expr::BinaryOp {
                    left: expr,
                    op: hi_op,
                    right: high,
                }),
            }
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated,
            global: false,
        } => {
            let array = Box::new(Expr::Array(sqlparser::ast::Array {
                elem: list,
                named: true,
            }));
            if negated {
                Expr::AllOp {
                    left: expr,
                    compare_op: BinaryOperator::NotEq,
                    right: array,
                }
            } else {
                Expr::AnyOp {
                    left: expr,
                    compare_op: BinaryOperator::Eq,
                    right: array,
                    is_some: false,
                }
            }
        }
        Expr::Like {
            negated,
            any: false,
            expr,
            pattern,
            escape_char: None,
        } => Expr::BinaryOp {
            left: expr,
            op: if negated {
                BinaryOperator::PGNotLikeMatch
            } else {
                BinaryOperator::PGLikeMatch
            },
            right: pattern,
        },
        Expr::ILike {
            negated,
            any: false,
            expr,
            pattern,
            escape_char: None,
        } => Expr::BinaryOp {
            left: expr,
            op: if negated {
                BinaryOperator::PGNotILikeMatch
            } else {
                BinaryOperator::PGILikeMatch
            },
            right: pattern,
        },
        Expr::Function(mut f) => {
            f.name = normal_object_name(&f.name);
            Expr::Function(f)
        }
        other => other,
    };
}

/// The literal under a cast, re-spelled so equal values compare equal: numbers canonical, and
/// literals of types Postgres re-prints marked as such.
fn literal_for_type(inner: Expr, normal_type: &str) -> Expr {
    match inner {
        Expr::Value(v) => match v.value {
            Value::SingleQuotedString(s) if numeric_type(normal_type) => match canonical_number(&s)
            {
                Some(n) => number(n),
                None => Expr::value(Value::SingleQuotedString(s)),
            },
            Value::SingleQuotedString(s)
                if respelled_type(normal_type) && !s.starts_with(TYPED) =>
            {
                Expr::value(Value::SingleQuotedString(format!("{TYPED}{s}")))
            }
            other => Expr::value(other),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Sameness::*;

    /// Policy clauses as drizzle renders them (columns qualified with the table) against what
    /// PostgreSQL 15 printed for the same policies (scenarios 32, 46, 47).
    #[test]
    fn policy_clauses_compare_without_their_own_table_qualifier() {
        let on_t = |a: &str, b: &str| same_expression_on("t", a, b);
        assert_eq!(on_t(r#""t"."n" > 0"#, "(n > 0)"), Equal);
        assert_eq!(
            on_t(r#""t"."owner" = current_user"#, "(owner = CURRENT_USER)"),
            Equal
        );
        assert_eq!(on_t(r#""public"."t"."n" > 0"#, "(n > 0)"), Equal);
        assert_eq!(on_t(r#""t"."n" > 10"#, "(n > 0)"), Different);
        // Another table's qualifier is kept: `o.id = id` is not `id = id`.
        assert_eq!(on_t(r#""o"."id" = "t"."id""#, "(id = id)"), Different);
        assert_eq!(
            same_expression_on("u", r#""t"."n" > 0"#, "(n > 0)"),
            Different
        );
    }

    /// (what the schema says, what PostgreSQL 15.20 returned via pg_get_expr / pg_get_viewdef) —
    /// collected by creating these objects on the real server.
    const EQUAL_PAIRS: &[(&str, &str)] = &[
        ("\"score\" >= 0", "(score >= 0)"),
        (
            "\"amount\" > 0 AND currency <> ''",
            "((amount > (0)::numeric) AND (currency <> ''::bpchar))",
        ),
        (
            "status IN ('a','b')",
            "(status = ANY (ARRAY['a'::text, 'b'::text]))",
        ),
        ("score BETWEEN 1 AND 10", "((score >= 1) AND (score <= 10))"),
        ("name LIKE 'a%'", "(name ~~ 'a%'::text)"),
        (
            "coalesce(score, 0) > -1",
            "(COALESCE(score, 0) > '-1'::integer)",
        ),
        (
            "NOT flag OR name IS NOT NULL",
            "((NOT flag) OR (name IS NOT NULL))",
        ),
        ("score::text <> ''", "((score)::text <> ''::text)"),
        (
            "lower(email) = email",
            "(lower((email)::text) = (email)::text)",
        ),
        (
            "CASE WHEN flag THEN score > 1 ELSE true END",
            "\nCASE\n    WHEN flag THEN (score > 1)\n    ELSE true\nEND",
        ),
        ("score NOT IN (1, 2)", "(score <> ALL (ARRAY[1, 2]))"),
        (
            "amount >= 1.5 and amount < 1e6",
            "((amount >= 1.5) AND (amount < '1000000'::numeric))",
        ),
        ("array_length(tags, 1) < 5", "(array_length(tags, 1) < 5)"),
        ("mood <> 'sad'", "(mood <> 'sad'::mood)"),
        (
            "name ILIKE '%x' AND name NOT LIKE 'y%'",
            "((name ~~* '%x'::text) AND (name !~~ 'y%'::text))",
        ),
        (
            "score % 2 = 0 AND -score < 5",
            "(((score % 2) = 0) AND ((- score) < 5))",
        ),
        ("email ~ '^[a-z]+@'", "((email)::text ~ '^[a-z]+@'::text)"),
        (
            "extract(year from created_at) > 2000",
            "(EXTRACT(year FROM created_at) > (2000)::numeric)",
        ),
        (
            "created_at < now() + interval '1 day'",
            "(created_at < (now() + '1 day'::interval))",
        ),
        ("lower(\"email\")", "lower((email)::text)"),
        (
            "(amount * 100)::bigint",
            "((amount * (100)::numeric))::bigint",
        ),
        ("\"author_id\" = 1", "(author_id = 1)"),
        ("\"published\" = true", "(published = true)"),
        ("'active'", "'active'::auth.status"),
        ("now()", "now()"),
    ];

    #[test]
    fn expressions_postgres_reprints_are_equal() {
        for (ours, theirs) in EQUAL_PAIRS {
            assert_eq!(same_expression(ours, theirs), Equal, "{ours}  vs  {theirs}");
        }
    }

    /// The catalog prints a name over 63 bytes as Postgres holds it: cut, here before a two-byte
    /// character; a name cut elsewhere is another object.
    #[test]
    fn names_over_63_bytes_are_compared_as_held() {
        let long = format!("{}é_x", "t".repeat(62));
        let held = "t".repeat(62);
        let ours = format!("select \"{long}\".\"id\" from \"{long}\"");
        let theirs = format!(" SELECT {held}.id\n   FROM {held};");
        assert_eq!(same_view_definition(&ours, &theirs), Equal);
        let other = format!(" SELECT {held}u.id\n   FROM {held}u;");
        assert_eq!(same_view_definition(&ours, &other), Different);
    }

    #[test]
    fn real_changes_are_different() {
        assert_eq!(same_expression("\"score\" >= 1", "(score >= 0)"), Different);
        assert_eq!(same_expression("score > 0", "(score >= 0)"), Different);
        assert_eq!(
            same_expression("lower(name)", "lower((email)::text)"),
            Different
        );
        assert_eq!(
            same_expression(
                "status IN ('a','c')",
                "(status = ANY (ARRAY['a'::text, 'b'::text]))"
            ),
            Different
        );
        assert_eq!(
            same_expression(
                "(amount * 100)::integer",
                "((amount * (100)::numeric))::bigint"
            ),
            Different
        );
        assert_eq!(
            same_expression("\"Email\" = 'x'", "(email = 'x'::text)"),
            Different
        );
    }

    #[test]
    fn respelled_literals_and_unparsable_text_are_unknown() {
        // Postgres re-prints the date in its own format: equal values, different text.
        assert_eq!(
            same_expression(
                "created_at > '2000-01-01'",
                "(created_at > '2000-01-01 00:00:00+00'::timestamp with time zone)"
            ),
            Unknown
        );
        assert_eq!(same_expression("score >= ", "(score >= 0)"), Unknown);
        // A cast the user wrote on a constant may be folded away by Postgres.
        assert_eq!(same_expression("x > '5'::integer", "(x > 5)"), Unknown);
    }

    #[test]
    fn view_definitions_postgres_reprints_are_equal() {
        assert_eq!(
            same_view_definition(
                "select \"id\", \"title\" from \"public\".\"posts\" where \"published\" = true",
                "SELECT posts.id, posts.title FROM posts WHERE posts.published = true"
            ),
            Equal
        );
        assert_eq!(
            same_view_definition(
                "select tenant, sum(amount) as total from billing.invoices group by tenant",
                "SELECT invoices.tenant, sum(invoices.amount) AS total FROM billing.invoices GROUP BY invoices.tenant"
            ),
            Equal
        );
        assert_eq!(
            same_view_definition(
                "select a.id, u.email from auth.accounts a join public.users u on u.id = a.user_id where a.status = 'active'",
                "SELECT a.id, u.email FROM auth.accounts a JOIN users u ON u.id = a.user_id WHERE a.status = 'active'::auth.status"
            ),
            Equal
        );
        assert_eq!(
            same_view_definition(
                "select \"id\" from \"public\".\"posts\" where \"published\" = false",
                "SELECT posts.id FROM posts WHERE posts.published = true"
            ),
            Different
        );
    }
}
