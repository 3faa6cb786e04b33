//! Lists read across pages: a stream of pages that asks for the next one
//! only when it is read, and a stream of items on top of it. How the next
//! page is asked for is the operation's declared [`Paging`].

use std::collections::{HashSet, VecDeque};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _};
use url::Url;

use super::call_state::CopyRequest as _;
use super::error::PaginationError;
use super::request::retarget;
use super::{CallState, Error, Operation, Page, PageStyle, Paging};

impl<O, T> CallState<O>
where
    O: Operation<Output = Page<T>> + Send + Sync + 'static,
    O::Error: Send,
    T: Send + 'static,
{
    /// Every page; see `Call::into_pages` for how pages are followed and
    /// when the stream ends.
    pub fn into_pages(self) -> impl Stream<Item = Result<Page<T>, Error<O::Error>>> + Send + 'static {
        struct Cursor<O> {
            call: CallState<O>,
            request: http::Request<Bytes>,
            /// How the next page is asked for: `None` before the first
            /// request, which is sent as built.
            next: Option<Next>,
            fetched: HashSet<String>,
            total: Option<u64>,
            received: u64,
        }
        enum State<O> {
            First(Box<CallState<O>>),
            Next(Box<Cursor<O>>),
            /// The last page was yielded; only the count check remains.
            Last(Box<Cursor<O>>),
            /// A page was yielded whose next page cannot be asked for.
            Fail(PaginationError),
            Done,
        }
        /// What the stream yields next, and the state after it.
        type Step<O, T> = Option<(Result<Page<T>, Error<<O as Operation>::Error>>, State<O>)>;
        fn stop<O: Operation, T>(error: PaginationError) -> Step<O, T> {
            Some((Err(Error::Pagination(Box::new(error))), State::Done))
        }
        stream::unfold(State::First(Box::new(self)), |state| async move {
            let mut cursor = match state {
                State::Done => return None,
                State::Fail(error) => return stop(error),
                State::Last(cursor) => {
                    return match cursor.total {
                        Some(reported) if reported != cursor.received => {
                            stop(PaginationError::CountMismatch { reported, received: cursor.received })
                        }
                        _ => None,
                    };
                }
                State::First(call) => match call.request() {
                    Ok(request) => Box::new(Cursor {
                        call: *call,
                        request,
                        next: None,
                        fetched: HashSet::new(),
                        total: None,
                        received: 0,
                    }),
                    Err(error) => return Some((Err(error), State::Done)),
                },
                State::Next(cursor) => cursor,
            };
            let inner = cursor.call.core().inner();
            if cursor.fetched.len() >= inner.max_pages {
                return stop(PaginationError::TooManyPages { limit: inner.max_pages });
            }
            match cursor.next.take() {
                Some(Next::Url(target)) => {
                    if target.origin() != inner.origin {
                        return stop(PaginationError::OtherOrigin);
                    }
                    if let Err(error) = retarget(&mut cursor.request, target) {
                        return Some((Err(error.widen()), State::Done));
                    }
                    // A next link in the body is a resource to GET (Azure's
                    // `nextLink` answers a POSTed list the same way).
                    if let Some(Paging { style: PageStyle::NextLink { .. }, .. }) = O::INFO.paging {
                        as_get(&mut cursor.request);
                    }
                }
                Some(Next::Body(body)) => *cursor.request.body_mut() = body,
                None => {}
            }
            // A page is the URL, and for body cursors the body, asked for.
            let mut asked = cursor.request.uri().to_string();
            if let Some(Paging { style: PageStyle::BodyCursor { .. }, .. }) = O::INFO.paging {
                asked.push('\n');
                asked.push_str(&String::from_utf8_lossy(cursor.request.body()));
            }
            if !cursor.fetched.insert(asked) {
                return stop(PaginationError::Loop);
            }
            let page = match cursor.call.send_built(cursor.request.copy()).await {
                Ok(response) => response.into_body(),
                Err(error) => return Some((Err(error), State::Done)),
            };
            cursor.received += page.items.len() as u64;
            cursor.total = page.total.or(cursor.total);
            let paging = O::INFO.paging.unwrap_or(LINK);
            match next_page(&paging, &cursor.request, &page, cursor.total, cursor.received) {
                Ok(Some(next)) => {
                    cursor.next = Some(next);
                    Some((Ok(page), State::Next(cursor)))
                }
                Ok(None) => Some((Ok(page), State::Last(cursor))),
                Err(error) => Some((Ok(page), State::Fail(error))),
            }
        })
    }

    /// Every item of every page; see `Call::into_stream`.
    pub fn into_stream(self) -> impl Stream<Item = Result<T, Error<O::Error>>> + Send + 'static {
        let pages = Box::pin(self.into_pages());
        stream::unfold((pages, VecDeque::new()), |(mut pages, mut buffered)| async move {
            loop {
                if let Some(item) = buffered.pop_front() {
                    return Some((Ok(item), (pages, buffered)));
                }
                match pages.next().await? {
                    Ok(page) => buffered = page.items.into(),
                    // The page stream ends after an error, so this one does too.
                    Err(error) => return Some((Err(error), (pages, buffered))),
                }
            }
        })
    }
}

/// Operations generated before paging was declared follow `Link` headers.
const LINK: Paging = Paging { style: PageStyle::Link, items: "", count: super::PageCount::None };

/// How the page after a page is asked for.
#[derive(Debug, Clone, PartialEq)]
enum Next {
    /// At this URL, with the same method, headers and body.
    Url(Url),
    /// At the same URL, with this body.
    Body(Bytes),
}

/// How to ask for the page after `page`, or `None` when `page` is the last.
/// `request` is the request that fetched `page`.
fn next_page<T>(
    paging: &Paging,
    request: &http::Request<Bytes>,
    page: &Page<T>,
    total: Option<u64>,
    received: u64,
) -> Result<Option<Next>, PaginationError> {
    let current = Url::parse(&request.uri().to_string()).map_err(|_| PaginationError::OtherOrigin)?;
    let reached_total = total.is_some_and(|total| received >= total);
    let query_number = |param: &str| current.query_pairs().find(|(name, _)| name == param).and_then(|(_, value)| value.parse::<u64>().ok());
    if let PageStyle::BodyCursor { property, .. } = paging.style {
        return Ok(page.cursor.as_deref().map(|cursor| Next::Body(with_property(request.body(), property, cursor))));
    }
    Ok(match paging.style {
        PageStyle::Link | PageStyle::NextLink { .. } => match &page.next {
            Some(link) => Some(current.join(link).map_err(|_| PaginationError::OtherOrigin)?),
            None => None,
        },
        PageStyle::Cursor { param, .. } | PageStyle::CursorWhile { param, .. } | PageStyle::AfterLast { param, .. } => {
            page.cursor.as_deref().map(|cursor| with_query(&current, param, cursor))
        }
        PageStyle::Offset { param } if !page.items.is_empty() && !reached_total => {
            let offset = query_number(param).unwrap_or(0) + page.items.len() as u64;
            Some(with_query(&current, param, &offset.to_string()))
        }
        PageStyle::Number { param } if !page.items.is_empty() && !reached_total => {
            let number = query_number(param).unwrap_or(1) + 1;
            Some(with_query(&current, param, &number.to_string()))
        }
        PageStyle::Offset { .. } | PageStyle::Number { .. } | PageStyle::BodyCursor { .. } | PageStyle::Single => None,
    }
    .map(Next::Url))
}

/// The request as a GET of its URL: no body, nor the headers that
/// described one.
fn as_get(request: &mut http::Request<Bytes>) {
    *request.method_mut() = http::Method::GET;
    *request.body_mut() = Bytes::new();
    request.headers_mut().remove(http::header::CONTENT_TYPE);
    request.headers_mut().remove(http::header::CONTENT_LENGTH);
}

/// A JSON request body with `property` set to `cursor` (an empty body is
/// taken as `{}`; a body that is not an object is replaced by one).
fn with_property(body: &[u8], property: &str, cursor: &str) -> Bytes {
    let mut object = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(object)) => object,
        _ => serde_json::Map::new(),
    };
    object.insert(property.to_owned(), serde_json::Value::String(cursor.to_owned()));
    Bytes::from(serde_json::Value::Object(object).to_string())
}

/// `url` with the query parameter `name` set to `value` (every earlier
/// occurrence replaced), the other parameters kept in order.
fn with_query(url: &Url, name: &str, value: &str) -> Url {
    let kept: Vec<(String, String)> =
        url.query_pairs().filter(|(key, _)| key != name).map(|(key, value)| (key.into_owned(), value.into_owned())).collect();
    let mut next = url.clone();
    next.query_pairs_mut().clear().extend_pairs(kept).append_pair(name, value);
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PageCount;

    fn request(url: &str) -> http::Request<Bytes> {
        http::Request::builder().uri(url).body(Bytes::new()).unwrap()
    }

    fn page(items: Vec<u8>, next: Option<&str>, cursor: Option<&str>) -> Page<u8> {
        Page { items, total: None, next: next.map(str::to_owned), cursor: cursor.map(str::to_owned) }
    }

    fn paging(style: PageStyle) -> Paging {
        Paging { style, items: "", count: PageCount::None }
    }

    fn next(style: PageStyle, url: &str, page: &Page<u8>, total: Option<u64>, received: u64) -> Option<String> {
        match next_page(&paging(style), &request(url), page, total, received).unwrap() {
            Some(Next::Url(url)) => Some(url.into()),
            Some(Next::Body(body)) => Some(String::from_utf8_lossy(&body).into_owned()),
            None => None,
        }
    }

    #[test]
    fn each_style_finds_the_next_page_and_the_end() {
        let url = "https://a.example/items?q=x&page=2";
        assert_eq!(next(PageStyle::Link, url, &page(vec![1], Some("?page=3"), None), None, 1).as_deref(), Some("https://a.example/items?page=3"));
        assert_eq!(next(PageStyle::Link, url, &page(vec![1], None, None), None, 1), None);

        let cursor = PageStyle::Cursor { param: "after", field: "/next" };
        assert_eq!(next(cursor, url, &page(vec![1], None, Some("c 2")), None, 1).as_deref(), Some("https://a.example/items?q=x&page=2&after=c+2"));
        assert_eq!(next(cursor, url, &page(vec![1], None, None), None, 1), None);

        let offset = PageStyle::Offset { param: "offset" };
        assert_eq!(next(offset, "https://a.example/items?offset=10&limit=2", &page(vec![1, 2], None, None), None, 12).as_deref(), Some("https://a.example/items?limit=2&offset=12"));
        assert_eq!(next(offset, "https://a.example/items", &page(vec![1, 2], None, None), Some(5), 2).as_deref(), Some("https://a.example/items?offset=2"));
        assert_eq!(next(offset, "https://a.example/items", &page(vec![1, 2], None, None), Some(2), 2), None, "the total is reached");
        assert_eq!(next(offset, "https://a.example/items", &page(vec![], None, None), None, 0), None, "an empty page ends the list");

        let number = PageStyle::Number { param: "page" };
        assert_eq!(next(number, url, &page(vec![1], None, None), None, 1).as_deref(), Some("https://a.example/items?q=x&page=3"));
        assert_eq!(next(number, "https://a.example/items", &page(vec![1], None, None), None, 1).as_deref(), Some("https://a.example/items?page=2"));
        assert_eq!(next(number, url, &page(vec![], None, None), None, 1), None);

        let next_link = PageStyle::NextLink { field: "/nextLink" };
        assert_eq!(next(next_link, url, &page(vec![1], Some("/items?$skiptoken=x"), None), None, 1).as_deref(), Some("https://a.example/items?$skiptoken=x"));
        assert_eq!(next(next_link, url, &page(vec![1], None, None), None, 1), None);
    }

    #[test]
    fn a_body_cursor_is_set_in_the_json_body_and_keeps_the_rest() {
        let style = PageStyle::BodyCursor { property: "NextToken", field: "/NextToken" };
        let first = http::Request::builder().uri("https://a.example/").body(Bytes::from_static(br#"{"Limit":2}"#)).unwrap();
        let next = next_page(&paging(style), &first, &page(vec![1], None, Some("t2")), None, 1).unwrap();
        assert_eq!(next, Some(Next::Body(Bytes::from_static(br#"{"Limit":2,"NextToken":"t2"}"#))));
        assert_eq!(next_page(&paging(style), &first, &page(vec![1], None, None), None, 1).unwrap(), None);
        let empty = http::Request::builder().uri("https://a.example/").body(Bytes::new()).unwrap();
        let next = next_page(&paging(style), &empty, &page(vec![1], None, Some("t2")), None, 1).unwrap();
        assert_eq!(next, Some(Next::Body(Bytes::from_static(br#"{"NextToken":"t2"}"#))));
    }
}
