//! Statements to SQL text, per dialect.
pub mod pg;
