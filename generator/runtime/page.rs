//! Link-header pagination: one page as a value, and every item as a stream
//! that fetches the next page only when the previous one is used up.

use std::collections::VecDeque;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::stream;
use http::HeaderMap;

use super::call::CopyRequest as _;
use super::{Call, Error, Operation};

/// One page of a list: its items, the total the server reports in
/// `X-Result-Count`, and the next page's URL from `Link: <…>; rel="next"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// All items across all pages, when the server says.
    pub total: Option<u64>,
    /// Where the next page is; `None` on the last page.
    pub next: Option<String>,
}

impl<T> Page<T> {
    pub(crate) fn from_parts(items: Vec<T>, headers: &HeaderMap) -> Self {
        let total = headers.get("x-result-count").and_then(|value| value.to_str().ok()?.trim().parse().ok());
        let next = headers.get_all(http::header::LINK).iter().filter_map(|value| value.to_str().ok()).find_map(next_link);
        Self { items, total, next }
    }
}

/// The `rel="next"` target of a `Link` header value.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let (target, params) = link.trim().split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|param| {
            let param = param.trim().replace(' ', "");
            param == "rel=\"next\"" || param == "rel=next"
        });
        is_next.then(|| target.to_owned())
    })
}

impl<'a, O, T> Call<'a, O>
where
    O: Operation<Output = Page<T>> + Send + Sync + 'a,
    O::Error: Send,
    T: Send + 'a,
{
    /// Every item of every page, fetching pages lazily by following `Link`
    /// headers. A failed page is yielded as an error, and the stream ends.
    /// A next link to another host is refused, so credentials never leave
    /// the configured server.
    pub fn into_stream(self) -> impl Stream<Item = Result<T, Error<O::Error>>> + Send + 'a {
        struct Cursor<'a, O, T> {
            call: Call<'a, O>,
            request: http::Request<Bytes>,
            buffered: VecDeque<T>,
            next: Option<String>,
        }
        enum State<'a, O, T> {
            First(Call<'a, O>),
            Next(Box<Cursor<'a, O, T>>),
            Done,
        }
        stream::unfold(State::First(self), |state| async move {
            let (call, mut request, mut buffered, mut next) = match state {
                State::Done => return None,
                State::First(call) => match call.request() {
                    // An empty `next` stands for the first request, sent as built.
                    Ok(request) => (call, request, VecDeque::new(), Some(String::new())),
                    Err(error) => return Some((Err(error), State::Done)),
                },
                State::Next(cursor) => {
                    let Cursor { call, request, buffered, next } = *cursor;
                    (call, request, buffered, next)
                }
            };
            loop {
                if let Some(item) = buffered.pop_front() {
                    return Some((Ok(item), State::Next(Box::new(Cursor { call, request, buffered, next }))));
                }
                let url = next.take()?;
                if !url.is_empty() {
                    match call.same_origin(&url) {
                        Ok(uri) => *request.uri_mut() = uri,
                        Err(error) => return Some((Err(error), State::Done)),
                    }
                }
                match call.send_built(request.copy()).await {
                    Ok(response) => {
                        let page = response.into_body();
                        buffered = page.items.into();
                        next = page.next;
                    }
                    Err(error) => return Some((Err(error), State::Done)),
                }
            }
        })
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_are_found_among_others() {
        let header = r#"<https://w.example/api/customers/?page=1>; rel="prev", <https://w.example/api/customers/?page=3&page_size=2>; rel="next""#;
        assert_eq!(next_link(header).as_deref(), Some("https://w.example/api/customers/?page=3&page_size=2"));
        assert_eq!(next_link(r#"<https://w.example/a>; rel="first""#), None);
        assert_eq!(next_link("<https://w.example/b>;rel=next").as_deref(), Some("https://w.example/b"));
        assert_eq!(next_link("garbage"), None);
    }

    #[test]
    fn pages_read_the_total_and_the_next_link() {
        let mut headers = HeaderMap::new();
        headers.insert("x-result-count", "42".parse().unwrap());
        headers.insert("link", r#"<https://w.example/x?page=2>; rel="next""#.parse().unwrap());
        let page = Page::from_parts(vec![1, 2], &headers);
        assert_eq!(page, Page { items: vec![1, 2], total: Some(42), next: Some("https://w.example/x?page=2".into()) });
        assert_eq!(Page::<u8>::from_parts(vec![], &HeaderMap::new()).next, None);
    }
}
