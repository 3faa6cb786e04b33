//! The `Link` header (RFC 8288), read for the `rel="next"` target that
//! link-style pagination follows.

/// The `rel="next"` target of a `Link` header value, read per RFC 8288:
/// the URI-reference inside `<…>` may hold `,` and `;`, a header may carry
/// several link-values, parameters may be quoted, and `rel` may list
/// several relation types (`rel="next last"`).
pub(crate) fn next_link(header: &str) -> Option<String> {
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
}
