//! Support code shared by every API module: the HTTP core, errors, secrets
//! and the tri-state [`Nullable`]. Generated operations are thin: they
//! describe a request and call into this module, so the per-operation code
//! stays small and the logic is written and tested once.

mod client;
mod encode;
mod error;
mod nullable;
mod request;
mod response;
mod secret;

pub use client::{AuthScheme, ClientBuilder, Core, FromCore};
pub use encode::path_segment;
pub use error::{DecodeError, Error, StatusError};
pub use nullable::Nullable;
pub use request::RequestBuilder;
pub use response::{empty, json, raw};
pub use secret::Secret;
