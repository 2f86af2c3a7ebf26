//! Postgres statements to SQL text, byte-identical to drizzle-kit 1.0.0-rc.5.
//! (Stub: filled in by the diff work.)

use crate::diff::pg::Statement;

pub fn to_sql(statements: &[Statement]) -> Vec<String> {
    statements.iter().map(|s| match *s {}).collect()
}
