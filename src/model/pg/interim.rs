//! The schema description the JS shim builds from drizzle-orm objects ("interim"), turned into
//! entity rows: validation, type and default normalisation, default constraint names.
//! (Stub: filled in by the serializer work.)

use serde_json::Value;

use super::PgDdl;
use crate::error::{Error, Result};

pub fn from_interim(schema: &Value) -> Result<PgDdl> {
    if !schema.is_object() {
        return Err(Error::input("schema description must be an object"));
    }
    Err(Error::internal("interim → model is not implemented yet"))
}
