//! The MySQL wing of the snapshot layer.
pub mod legacy;
