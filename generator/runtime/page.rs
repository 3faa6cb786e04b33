//! Link-header pagination: one page as a value, and every item as a stream
//! that fetches the next page only when the previous one is used up.

use std::collections::{HashSet, VecDeque};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::stream::{self, StreamExt as _};
use http::HeaderMap;

use super::call::CopyRequest as _;
use super::error::PaginationError;
use super::request::retarget;
use super::{CallState, Error, Operation};

/// One page of a list: its items, the total the server reports (in the
/// header the spec names), and the next page's URL from
/// `Link: <…>; rel="next"`.
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
    pub(crate) fn from_parts(items: Vec<T>, headers: &HeaderMap, count_header: Option<&str>) -> Self {
        let total = count_header.and_then(|name| headers.get(name)).and_then(|value| value.to_str().ok()?.trim().parse().ok());
        let next = headers.get_all(http::header::LINK).iter().filter_map(|value| value.to_str().ok()).find_map(next_link);
        Self { items, total, next }
    }
}

/// The `rel="next"` target of a `Link` header value, read per RFC 8288:
/// the URI-reference inside `<…>` may hold `,` and `;`, a header may carry
/// several link-values, parameters may be quoted, and `rel` may list
/// several relation types (`rel="next last"`).
fn next_link(header: &str) -> Option<String> {
    links(header).into_iter().find(|(_, rels)| rels.iter().any(|rel| rel.eq_ignore_ascii_case("next"))).map(|(target, _)| target)
}

/// Every link-value of a header: its target and its relation types. A
/// malformed link-value ends the reading; those before it are kept.
fn links(header: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = header;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        let Some(after) = rest.strip_prefix('<') else { return found };
        let Some((target, after)) = after.split_once('>') else { return found };
        rest = after;
        let mut rels = Vec::new();
        loop {
            rest = rest.trim_start();
            let Some(after) = rest.strip_prefix(';') else { break };
            let after = after.trim_start();
            let name_end = after.find(|c: char| matches!(c, '=' | ';' | ',') || c.is_ascii_whitespace()).unwrap_or(after.len());
            let (name, after) = after.split_at(name_end);
            let after = after.trim_start();
            let (value, after) = match after.strip_prefix('=') {
                Some(after) => parameter_value(after.trim_start()),
                None => (String::new(), after),
            };
            rest = after;
            if name.eq_ignore_ascii_case("rel") && rels.is_empty() {
                rels = value.split_ascii_whitespace().map(str::to_owned).collect();
            }
        }
        found.push((target.trim().to_owned(), rels));
    }
}

/// A token or a quoted-string (with `\` escapes), and what follows it.
fn parameter_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find([';', ',']).unwrap_or(text.len());
        return (text[..end].trim_end().to_owned(), &text[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' => value.extend(chars.next().map(|(_, escaped)| escaped)),
            '"' => return (value, &quoted[index + 1..]),
            c => value.push(c),
        }
    }
    (value, "")
}

impl<O, T> CallState<O>
where
    O: Operation<Output = Page<T>> + Send + Sync + 'static,
    O::Error: Send,
    T: Send + 'static,
{
    /// Every page, fetched lazily by following `Link` headers; see
    /// `Call::into_pages` for when it ends.
    pub fn into_pages(self) -> impl Stream<Item = Result<Page<T>, Error<O::Error>>> + Send + 'static {
        struct Cursor<O> {
            call: CallState<O>,
            request: http::Request<Bytes>,
            /// The next page's link; empty for the first request, sent as built.
            next: Option<String>,
            fetched: HashSet<String>,
            total: Option<u64>,
            received: u64,
        }
        enum State<O> {
            First(Box<CallState<O>>),
            Next(Box<Cursor<O>>),
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
                State::First(call) => match call.request() {
                    Ok(request) => Box::new(Cursor {
                        call: *call,
                        request,
                        next: Some(String::new()),
                        fetched: HashSet::new(),
                        total: None,
                        received: 0,
                    }),
                    Err(error) => return Some((Err(error), State::Done)),
                },
                State::Next(cursor) => cursor,
            };
            let Some(link) = cursor.next.take() else {
                return match cursor.total {
                    Some(reported) if reported != cursor.received => {
                        stop(PaginationError::CountMismatch { reported, received: cursor.received })
                    }
                    _ => None,
                };
            };
            let core = cursor.call.core();
            if cursor.fetched.len() >= core.inner().max_pages {
                return stop(PaginationError::TooManyPages { limit: core.inner().max_pages });
            }
            if !link.is_empty() {
                let page_url = url::Url::parse(&cursor.request.uri().to_string()).ok();
                let Some(target) = page_url.and_then(|page| page.join(&link).ok()) else {
                    return stop(PaginationError::OtherOrigin);
                };
                if target.origin() != core.inner().origin {
                    return stop(PaginationError::OtherOrigin);
                }
                if let Err(error) = retarget(&mut cursor.request, target) {
                    return Some((Err(error.widen()), State::Done));
                }
            }
            if !cursor.fetched.insert(cursor.request.uri().to_string()) {
                return stop(PaginationError::Loop);
            }
            match cursor.call.send_built(cursor.request.copy()).await {
                Ok(response) => {
                    let page = response.into_body();
                    cursor.received += page.items.len() as u64;
                    cursor.next.clone_from(&page.next);
                    cursor.total = page.total.or(cursor.total);
                    Some((Ok(page), State::Next(cursor)))
                }
                Err(error) => Some((Err(error), State::Done)),
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
    fn link_targets_may_hold_commas_and_semicolons_and_parameters_may_be_quoted() {
        let header = r#"<https://w.example/c/?o=-created,name&page=2>; rel="next"; title="a, b; c", <https://w.example/c/?o=x;y&page=9>; rel=last"#;
        assert_eq!(next_link(header).as_deref(), Some("https://w.example/c/?o=-created,name&page=2"));
        let all = links(header);
        assert_eq!(all[1], ("https://w.example/c/?o=x;y&page=9".to_owned(), vec!["last".to_owned()]));
        assert_eq!(next_link(r#"</p3>; rel="last next""#).as_deref(), Some("/p3"));
        assert_eq!(next_link(r#"</p4>; title="say \"next\""; REL=NEXT"#).as_deref(), Some("/p4"));
        assert_eq!(next_link(r#"</p5>; rel="nextish""#), None);
    }

    #[test]
    fn pages_read_the_total_and_the_next_link() {
        let mut headers = HeaderMap::new();
        headers.insert("x-result-count", "42".parse().unwrap());
        headers.insert("link", r#"<https://w.example/x?page=2>; rel="next""#.parse().unwrap());
        let page = Page::from_parts(vec![1, 2], &headers, Some("x-result-count"));
        assert_eq!(page, Page { items: vec![1, 2], total: Some(42), next: Some("https://w.example/x?page=2".into()) });
        assert_eq!(Page::from_parts(vec![1, 2], &headers, None).total, None, "no declared header, no total");
        assert_eq!(Page::<u8>::from_parts(vec![], &HeaderMap::new(), Some("x-result-count")).next, None);
    }
}
