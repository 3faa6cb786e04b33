//! Every rule that turns an API name into a Rust identifier lives here.

use std::collections::HashSet;

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict, reserved and edition-2024 keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Transliterates to ASCII (`Größe` → `Grosse`, `名前` → `Ming Qian`) and
/// keeps only what can appear in an identifier; other characters separate
/// words.
fn ascii_words(raw: &str) -> String {
    deunicode::deunicode(raw).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A `snake_case` name for a field, parameter, method or module.
///
/// Keywords get a trailing `_` (raw identifiers cannot express `self` or
/// `crate`); a leading digit gets a leading `_`; a name with no letters or
/// digits becomes `fallback`.
pub fn field_name(raw: &str, fallback: &str) -> String {
    let name = ascii_words(raw).to_snake_case();
    let name = if name.is_empty() { fallback.to_owned() } else { name };
    fix_start(name, "_")
}

/// A `SHOUTY_SNAKE_CASE` name for a constant; a leading digit gets a
/// leading `_` (`2fa` → `_2FA`).
pub fn const_name(raw: &str, fallback: &str) -> String {
    let name = ascii_words(raw).to_shouty_snake_case();
    let name = if name.is_empty() { fallback.to_owned() } else { name };
    fix_start(name, "_")
}

/// An `UpperCamelCase` name for a type or enum variant.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let name = ascii_words(raw).to_upper_camel_case();
    let name = if name.is_empty() { fallback.to_owned() } else { name };
    fix_start(name, "N")
}

/// The cargo feature of one tag of a module: `<module>-<tag in
/// kebab-case>` (`repos` of `github` → `github-repos`). Cargo allows
/// ASCII letters, digits, `_` and `-` everywhere in it; a tag with none of
/// them becomes `tag`.
pub fn feature_name(module: &str, tag: &str) -> String {
    let tag = ascii_words(tag).to_kebab_case();
    format!("{module}-{}", if tag.is_empty() { "tag" } else { &tag })
}

fn fix_start(name: String, digit_prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Hands out names that are unique within one namespace, in request order:
/// the first claimant keeps the plain name, later ones get `2`, `3`, ...
#[derive(Debug, Default, Clone)]
pub(crate) struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|name| (*name).to_owned()).collect() }
    }

    /// `candidate`, or the first free `candidate2`, `candidate3`, ...
    ///
    /// In a type name the number goes before a keyword's trailing `_`
    /// (`Self_` → `Self2_`), since `Self_2` is not `UpperCamelCase` and draws
    /// a lint; a snake-case `self_` becomes `self_2`.
    pub(crate) fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        let stem = candidate.trim_end_matches('_');
        let camel = candidate.starts_with(|c: char| c.is_ascii_uppercase());
        let (stem, suffix) = if stem.is_empty() || !camel { (candidate.as_str(), "") } else { (stem, &candidate[stem.len()..]) };
        let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{stem}{separator}{n}{suffix}"))
            .find(|name| self.taken.insert(name.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// Variant names for enum values, and last the name of the variant that
/// keeps values the spec does not list (`Unknown`, unless a value took it).
/// Values that differ only in punctuation (`created` / `-created`) first get
/// the punctuation spelled out, so the names say what differs; numbers are
/// the last resort.
pub(crate) fn variant_names(values: &[String]) -> (Vec<String>, String) {
    let plain: Vec<String> = values.iter().map(|value| type_name(value, "Empty")).collect();
    let mut namespace = Namespace::default();
    let names = plain
        .iter()
        .zip(values)
        .map(|(name, value)| {
            let clashes = plain.iter().filter(|other| *other == name).count() > 1;
            let candidate = if clashes { type_name(&spell_punctuation(value), "Empty") } else { name.clone() };
            namespace.claim(candidate)
        })
        .collect();
    (names, namespace.claim("Unknown".to_owned()))
}

/// Spells out the punctuation at either end of a value, which the plain
/// name drops (`-created` → `minus created`); punctuation inside stays a
/// word separator.
fn spell_punctuation(value: &str) -> String {
    let word = |c: char| match c {
        '-' => "minus",
        '+' => "plus",
        '.' => "dot",
        '_' => "underscore",
        '/' => "slash",
        '@' => "at",
        '#' => "hash",
        '$' => "dollar",
        '!' => "not",
        '~' => "tilde",
        ' ' => "space",
        _ => "symbol",
    };
    let core = value.trim_matches(|c: char| !c.is_alphanumeric());
    let start = value.find(core).unwrap_or(0);
    let leading: Vec<&str> = value[..start].chars().map(word).collect();
    let trailing: Vec<&str> = value[start + core.len()..].chars().map(word).collect();
    format!("{} {core} {}", leading.join(" "), trailing.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        assert_eq!(feature_name("github", "repos"), "github-repos");
        assert_eq!(feature_name("github", "Code Scanning"), "github-code-scanning");
        assert_eq!(feature_name("shop", "Stock & Items"), "shop-stock-items");
        assert_eq!(feature_name("fastly_customer", "Größe"), "fastly_customer-grosse");
        assert_eq!(feature_name("shop", "—"), "shop-tag");
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("force_2fa", "field"), "force_2fa");
        assert_eq!(field_name("billingContactId", "field"), "billing_contact_id");
        assert_eq!(field_name("type", "field"), "type_");
        assert_eq!(field_name("self", "field"), "self_");
        assert_eq!(field_name("2fa", "field"), "_2fa");
        assert_eq!(field_name("X-Result-Count", "field"), "x_result_count");
        assert_eq!(field_name("$$", "field"), "field");
        assert_eq!(field_name("café", "field"), "cafe");
        assert_eq!(type_name("Größe", "Type"), "Grosse");
        assert_eq!(field_name("名前", "field"), "ming_qian");
        assert_eq!(field_name("😀", "field"), "grinning");
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name("schemas-user_response", "Type"), "SchemasUserResponse");
        assert_eq!(type_name("inline_response_200", "Type"), "InlineResponse200");
        assert_eq!(type_name("Self", "Type"), "Self_");
        assert_eq!(type_name("200", "Type"), "N200");
        assert_eq!(type_name("", "Empty"), "Empty");
    }

    #[test]
    fn namespace_suffixes_in_claim_order() {
        let mut names = Namespace::with_reserved(&["Client"]);
        assert_eq!(names.claim("Client".into()), "Client2");
        assert_eq!(names.claim("Pet".into()), "Pet");
        assert_eq!(names.claim("Pet".into()), "Pet2");
        assert_eq!(names.claim("V1".into()), "V1");
        assert_eq!(names.claim("V1".into()), "V1_2");
        assert_eq!(names.claim("Self_".into()), "Self_");
        assert_eq!(names.claim("Self_".into()), "Self2_");
        assert_eq!(names.claim("self_".into()), "self_");
        assert_eq!(names.claim("self_".into()), "self_2");
    }

    #[test]
    fn variants_that_differ_by_punctuation_stay_readable() {
        let values: Vec<String> =
            ["created", "-created", "name", "", "tls_viewer", "concatenated_name", "-concatenated_name", "a.", "a"]
                .map(String::from)
                .into();
        let (names, unknown) = variant_names(&values);
        assert_eq!(
            names,
            ["Created", "MinusCreated", "Name", "Empty", "TlsViewer", "ConcatenatedName", "MinusConcatenatedName", "ADot", "A"]
        );
        assert_eq!(unknown, "Unknown");
        let (names, unknown) = variant_names(&["unknown".to_owned()]);
        assert_eq!((names[0].as_str(), unknown.as_str()), ("Unknown", "Unknown2"));
    }
}
