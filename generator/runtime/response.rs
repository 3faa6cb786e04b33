//! Interprets answers. Pure functions of the response, so they work with any
//! HTTP stack and are tested without a socket.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::{DecodeError, Error, StatusError};

/// Decodes a 2xx JSON body into `T`; any other status is an [`Error::Status`].
pub fn json<T: DeserializeOwned>(response: http::Response<Bytes>) -> Result<T, Error> {
    let (status, body) = success(response)?;
    let decode_error = |path: String, error| Error::Decode(Box::new(DecodeError::new(status, &body, path, error)));
    let mut decoder = serde_json::Deserializer::from_slice(&body);
    let value = serde_path_to_error::deserialize(&mut decoder)
        .map_err(|error| decode_error(error.path().to_string(), error.into_inner()))?;
    // Trailing bytes after the value mean a garbled body, not a valid one.
    decoder.end().map_err(|error| decode_error(".".to_owned(), error))?;
    Ok(value)
}

/// Accepts a 2xx answer and ignores its body.
pub fn empty(response: http::Response<Bytes>) -> Result<(), Error> {
    success(response).map(drop)
}

/// Returns the body of a 2xx answer as received.
pub fn raw(response: http::Response<Bytes>) -> Result<Bytes, Error> {
    success(response).map(|(_, body)| body)
}

fn success(response: http::Response<Bytes>) -> Result<(http::StatusCode, Bytes), Error> {
    let (parts, body) = response.into_parts();
    if parts.status.is_success() {
        Ok((parts.status, body))
    } else {
        Err(Error::Status(Box::new(StatusError::new(parts.status, parts.headers, body))))
    }
}
