//! The runtime of the clients `custgen` generates: the HTTP core, retries,
//! redirects, errors, secrets, pagination and the tri-state [`Nullable`].
//! Generated operations only describe their request and how to read the
//! response; everything else is written and tested once, here.
//!
//! A generated crate re-exports this crate as its `runtime` module. What
//! only generated code uses is in [`codegen`], which is hidden from the
//! documentation and not part of this crate's semver promise.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(feature = "blocking")]
mod blocking;
mod call;
#[cfg(feature = "client")]
mod call_state;
#[cfg(feature = "client")]
mod client;
mod decode;
mod encode;
mod error;
mod headers;
#[cfg(feature = "rustls-ring")]
mod hyper_transport;
mod impls;
mod link;
#[cfg(feature = "test-util")]
pub mod mock;
mod multipart;
mod nullable;
mod page;
#[cfg(feature = "client")]
mod pages;
mod redirect;
mod request;
#[cfg(feature = "client")]
mod reqwest_transport;
mod response;
mod retry;
mod secret;
#[cfg(feature = "client")]
mod send;
mod transport;
mod values;
mod writer;

pub use call::{AttemptTimeout, CallResponse, Operation, OperationInfo};
#[cfg(feature = "client")]
pub use client::ClientBuilder;
pub use error::{
    ApiError, DecodeError, Error, PaginationError, RedirectError, RedirectReason, StatusError, TransportError, TransportKind,
};
pub use nullable::Nullable;
pub use page::{Page, PageCount, PageStyle, Paging};
pub use redirect::RedirectPolicy;
pub use response::Response;
pub use retry::RetryPolicy;
pub use secret::{Credential, Secret};
#[cfg(feature = "client")]
pub use reqwest_transport::ReqwestTransport;
pub use transport::{Transport, TransportFailure, TransportFuture};
pub use values::{Decimal, FilePart, InvalidDecimal};

#[cfg(feature = "client")]
pub(crate) use call_state::CallState;
#[cfg(feature = "client")]
pub(crate) use client::Core;
pub(crate) use headers::FromHeaders;
#[cfg(feature = "client")]
pub(crate) use headers::HeaderReader;
pub(crate) use multipart::Multipart;
pub(crate) use request::RequestBuilder;

/// What generated code uses and users do not: building requests, reading
/// responses, the call state. Not covered by semver; names may change with
/// any release of the generator that also changes the generated code.
#[doc(hidden)]
pub mod codegen {
    #[cfg(feature = "client")]
    pub use crate::call_state::CallState;
    pub use crate::call::{OperationInfo as Info, Parsed, info};
    pub use crate::{__model as model, __string_enum as string_enum};
    pub use serde;
    #[cfg(feature = "client")]
    pub use crate::client::{Core, FromCore};
    pub use crate::decode::{Object, Reader, Slot, Untagged, object};
    pub use crate::encode::ParamStyle;
    pub use crate::headers::{FromHeaders, HeaderReader};
    pub use crate::multipart::Multipart;
    pub use crate::request::{AuthScheme, RequestBuilder};
    pub use crate::response::Answer;
    pub use crate::writer::{Writer, write_object};
}
