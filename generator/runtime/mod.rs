//! Support code shared by every API module: the HTTP core, retries, errors,
//! secrets and the tri-state [`Nullable`]. Generated operations only
//! describe their request and how to read the response; everything else is
//! written and tested once, here.

#[cfg(feature = "blocking")]
mod blocking;
mod call;
mod client;
mod decode;
mod encode;
mod error;
mod headers;
mod multipart;
mod nullable;
mod link;
mod page;
mod pages;
mod redirect;
mod request;
mod response;
mod retry;
mod secret;
mod send;
mod transport;
mod values;

pub use call::{AttemptTimeout, CallResponse, CallState, Operation, OperationInfo};
pub use client::{ClientBuilder, Core, FromCore};
pub use decode::{Key, Slot, skip_value};
pub use encode::ParamStyle;
pub use headers::{FromHeaders, HeaderReader};
pub use error::{
    ApiError, DecodeError, Error, PaginationError, RedirectError, RedirectReason, StatusError, TransportError, TransportKind,
};
pub use multipart::Multipart;
pub use nullable::Nullable;
pub use page::{Page, PageCount, PageStyle, Paging};
pub use redirect::RedirectPolicy;
pub use request::{AuthScheme, RequestBuilder};
pub use response::{Answer, Response};
pub use retry::RetryPolicy;
pub use secret::{Credential, Secret};
pub use transport::{ReqwestTransport, Transport, TransportFailure, TransportFuture};
pub use values::{Decimal, FilePart, InvalidDecimal};
