//! Limits and allowed values of a schema, as sentences for documentation.

use super::*;

/// Limits and allowed values, as sentences for documentation.
pub(super) fn constraints(kind: &SchemaKind) -> Vec<String> {
    let mut out = Vec::new();
    let mut bound = |word: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push(format!("{word}: `{value}`."));
        }
    };
    match kind {
        SchemaKind::Type(OaType::String(s)) => {
            bound("Minimum length", s.min_length.map(|n| n.to_string()));
            bound("Maximum length", s.max_length.map(|n| n.to_string()));
            bound("Pattern", s.pattern.clone());
        }
        SchemaKind::Type(OaType::Integer(i)) => {
            let values: Vec<String> = i.enumeration.iter().flatten().map(ToString::to_string).collect();
            let limits = [i.minimum.map(|n| n.to_string()), i.maximum.map(|n| n.to_string()), i.multiple_of.map(|n| n.to_string())];
            numeric(&mut out, limits, (i.exclusive_minimum, i.exclusive_maximum), &values);
        }
        SchemaKind::Type(OaType::Number(n)) => {
            let values: Vec<String> = n.enumeration.iter().flatten().map(ToString::to_string).collect();
            let limits = [n.minimum.map(|v| v.to_string()), n.maximum.map(|v| v.to_string()), n.multiple_of.map(|v| v.to_string())];
            numeric(&mut out, limits, (n.exclusive_minimum, n.exclusive_maximum), &values);
        }
        SchemaKind::Type(OaType::Boolean(b)) => {
            let values: Vec<String> = b.enumeration.iter().flatten().map(|v| format!("`{v}`")).collect();
            if !values.is_empty() {
                out.push(format!("One of {}.", values.join(", ")));
            }
        }
        SchemaKind::Type(OaType::Array(a)) => {
            bound("Minimum items", a.min_items.map(|n| n.to_string()));
            bound("Maximum items", a.max_items.map(|n| n.to_string()));
            if a.unique_items {
                out.push("Items are unique.".to_owned());
            }
        }
        _ => {}
    }
    out
}

/// The limits of an integer or number: `[minimum, maximum, multipleOf]`,
/// whether the bounds are exclusive, and the allowed values.
pub(super) fn numeric(out: &mut Vec<String>, limits: [Option<String>; 3], exclusive: (bool, bool), values: &[String]) {
    let [minimum, maximum, multiple] = limits;
    let words = [
        if exclusive.0 { "Greater than" } else { "Minimum" },
        if exclusive.1 { "Less than" } else { "Maximum" },
        "Multiple of",
    ];
    for (word, value) in words.into_iter().zip([minimum, maximum, multiple]) {
        if let Some(value) = value {
            out.push(format!("{word}: `{value}`."));
        }
    }
    if !values.is_empty() {
        let values: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
        out.push(format!("One of {}.", values.join(", ")));
    }
}
