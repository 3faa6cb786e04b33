//! Every example of a document is checked against its schema by a JSON
//! Schema validator, and every valid one is decoded into its generated Rust
//! type and encoded back (the cases come from `build.rs`).

use custgen_tests::examples::{Case, check, round_trip};
use generator::load::Verdict;

/// Runs every case of `examples`; returns how many passed and what failed.
fn run(examples: &[(&str, &[Case])]) -> (usize, Vec<String>) {
    let mut passed = 0;
    let mut failures = Vec::new();
    for (document, cases) in examples {
        for case in *cases {
            match check(case) {
                Ok(()) => passed += 1,
                Err(error) => failures.push(format!("{document}#{}: {error}", case.pointer)),
            }
        }
    }
    (passed, failures)
}

#[test]
fn every_example_of_spec_is_valid_and_round_trips() {
    let mut examples = 0;
    for file in ["spec/fastly-customer.yaml", "spec/waldur-customers.yaml"] {
        let source = crate::source(file);
        let spec = generator::load::load(&source).expect("loads");
        for example in &spec.examples {
            assert_eq!(example.verdict, Verdict::Valid, "{file}#{}", example.pointer);
        }
        examples += spec.examples.len();
    }
    let (passed, failures) = run(custgen_tests::spec_examples::EXAMPLES);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(passed, examples, "every example of spec/ has a round-trip case");
}

#[test]
fn every_valid_example_of_the_test_documents_round_trips() {
    let (passed, failures) = run(custgen_tests::fixtures::EXAMPLES);
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
    // GitHub's cut alone has more than 500 valid examples.
    assert!(passed > 500, "only {passed} examples round-tripped");
}

#[test]
fn an_example_that_contradicts_its_schema_is_a_warning_and_not_documented() {
    let source = crate::source("tests/fixtures/example_checks.yaml");
    let (files, warnings) = generator::generate_with_warnings(&[source]).expect("generates");
    let invalid: Vec<String> = warnings.iter().filter(|warning| warning.message.contains("does not match its schema")).map(ToString::to_string).collect();
    assert_eq!(invalid.len(), 4, "{invalid:#?}");
    assert!(invalid[0].starts_with("tests/fixtures/example_checks.yaml:46:"), "{}", invalid[0]);
    assert!(invalid[0].contains("#/components/schemas/Event/properties/day/example"), "{}", invalid[0]);
    assert!(invalid[0].contains(r#""2024-05-01T10:00:00Z" is not a "date""#), "{}", invalid[0]);
    assert!(invalid[0].contains("left out of the generated documentation"), "{}", invalid[0]);
    assert!(invalid[1].contains("/components/schemas/Event/properties/count/example") && invalid[1].contains(r#"12 is not of type "string""#), "{}", invalid[1]);
    assert!(invalid[2].contains("/components/schemas/Event/properties/digest/example") && invalid[2].contains(r#""not base64!" is not a "byte""#), "{}", invalid[2]);
    assert!(invalid[3].starts_with("tests/fixtures/example_checks.yaml:17:"), "{}", invalid[3]);
    assert!(invalid[3].contains("#/paths/~1events~1{id}/get/parameters/0/example"), "{}", invalid[3]);
    assert!(invalid[3].contains(r#""CON-1234" is not a "uuid""#), "{}", invalid[3]);

    let module = &files.iter().find(|file| file.path == "src/example_checks.rs").expect("module").contents;
    assert!(!module.contains("2024-05-01T10:00:00Z"), "the invalid example is documented");
    assert!(!module.contains("Example: `12`"), "the invalid example is documented");
    assert!(module.contains("2024-05-01T08:00:00Z"), "the valid example is documented");
}

#[test]
fn valid_examples_round_trip_up_to_the_listed_normalisations() {
    let cases = custgen_tests::fixtures::example_checks::EXAMPLES;
    let pointers: Vec<&str> = cases.iter().map(|case| case.pointer).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Event/properties/id/example",
            "/components/schemas/Event/properties/at/example",
            "/components/schemas/Event/properties/size/example",
            "/components/schemas/Event/properties/note/example",
            "/components/schemas/Event/properties/side/example",
            "/components/schemas/Event/properties/score/example",
            "/components/schemas/Event/properties/reference/example",
            "/components/schemas/Event/properties/content/example",
            "/components/schemas/Event/properties/payload/example",
            "/paths/~1events~1{id}/get/responses/200/content/application~1json/example",
        ]
    );
    // `1.0` comes back as `1.0`, `+02:00` as the same instant in UTC,
    // `note: null` as an absent member, an upper-case UUID in lower case, a
    // float with all its digits, and binary content as its text.
    for case in cases {
        check(case).unwrap_or_else(|error| panic!("{}: {error}", case.pointer));
    }
    let body = (cases[9].round_trip)(cases[9].json).expect("decodes");
    assert_eq!(body["at"], "2024-05-01T08:00:00.500Z");
}

#[test]
fn a_round_trip_that_drops_or_changes_a_value_fails() {
    use custgen_tests::fixtures::example_checks::Event;
    let dropped = Case {
        pointer: "/dropped",
        json: r#"{"id": "3f1c8a52-9d1e-4d6f-8a3b-2c7e5b9a1d40", "day": "2024-05-01", "colour": "red"}"#,
        expected: &[],
        round_trip: round_trip::<Event>,
    };
    let error = check(&dropped).expect_err("an unknown member is dropped");
    assert!(error.contains(r#"at `/colour`: "red" became null"#), "{error}");

    let rounded = Case { pointer: "/rounded", json: "2.5", expected: &[], round_trip: round_trip::<i64> };
    assert!(check(&rounded).expect_err("not an integer").contains("does not decode"));

    let changed = Case { pointer: "/changed", json: r#""2024-05-01T10:00:00+02:00""#, expected: &[], round_trip: round_trip::<String> };
    check(&changed).expect("a string comes back as it was");
    let other_instant = Case {
        pointer: "/instant",
        json: r#"["2024-05-01T10:00:00+02:00"]"#,
        expected: &[],
        round_trip: |_| Ok(serde_json::json!(["2024-05-01T10:00:00Z"])),
    };
    assert!(check(&other_instant).expect_err("another instant").contains("at `/0`"));
}
