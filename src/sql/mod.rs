//! Statements to SQL text, per dialect.
pub mod pg;
pub mod sqlite;
