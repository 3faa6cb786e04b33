//! A client of one operation built from `generated-client` without its HTTP
//! client (`default-features = false, features = ["fastly"]`): the
//! operation builds an `http::Request`, this crate sends it over a
//! `std::net::TcpStream` as HTTP/1.1, and the operation parses the
//! `http::Response`. It shows that the types-only build is enough to call an
//! API with an HTTP stack of one's own.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;

use bytes::Bytes;
use generated_client::fastly::{CustomerResponse, GetCustomer};
use generated_client::runtime::Operation as _;
use generated_client::{Credential, Error};

/// What can go wrong on this crate's own wire.
#[derive(Debug)]
pub enum Failure {
    /// The operation refused to build the request, or the response did not
    /// parse as the operation declares.
    Api(Error),
    /// The exchange failed.
    Io(std::io::Error),
    /// The answer is not an HTTP/1.1 response this crate reads.
    Malformed(String),
}

/// `GET /customer/{id}` of the Fastly API at `base_url` (plain `http://`).
pub fn get_customer(base_url: &str, token: &str, id: &str) -> Result<CustomerResponse, Failure> {
    let request = GetCustomer::new(id).request(base_url, Some(&Credential::from(token))).map_err(Failure::Api)?;
    let response = exchange(request)?;
    GetCustomer::parse(response).map(|response| response.into_body()).map_err(Failure::Api)
}

/// Sends `request` and reads the whole response (`Connection: close`).
fn exchange(request: http::Request<Bytes>) -> Result<http::Response<Bytes>, Failure> {
    let uri = request.uri();
    let authority = uri.authority().ok_or_else(|| Failure::Malformed("the request has no host".to_owned()))?.clone();
    let target = uri.path_and_query().map_or("/", |target| target.as_str()).to_owned();
    let mut head = format!("{} {target} HTTP/1.1\r\nhost: {authority}\r\nconnection: close\r\ncontent-length: {}\r\n", request.method(), request.body().len());
    for (name, value) in request.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().map_err(|_| Failure::Malformed(format!("header {name} is not text")))?));
    }
    head.push_str("\r\n");
    let port = authority.port_u16().unwrap_or(80);
    let mut stream = TcpStream::connect((authority.host(), port)).map_err(Failure::Io)?;
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(request.body())).map_err(Failure::Io)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(Failure::Io)?;

    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(length) = parsed.parse(&answer).map_err(|error| Failure::Malformed(error.to_string()))? else {
        return Err(Failure::Malformed("the response head is cut short".to_owned()));
    };
    let mut response = http::Response::builder().status(parsed.code.unwrap_or(500));
    for header in parsed.headers.iter() {
        response = response.header(header.name, header.value);
    }
    response.body(Bytes::copy_from_slice(&answer[length..])).map_err(|error| Failure::Malformed(error.to_string()))
}
