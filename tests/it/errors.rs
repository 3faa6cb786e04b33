//! A broken spec yields one clear message per problem: file, JSON pointer,
//! line:col and what to do. Never a panic.

use generator::{LineCol, SpecSource};

fn generate(text: &str) -> generator::Error {
    let source = SpecSource { path: "spec/broken.yaml".to_owned(), text: text.to_owned() };
    generator::generate(&[source]).expect_err("the spec is broken")
}

const DANGLING: &str = "\
openapi: 3.0.3
info: {title: Broken, version: '1'}
paths:
  /things/{id}:
    get:
      parameters:
        - $ref: '#/components/parameters/missing'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Pet:
      type: object
      properties:
        owner:
          $ref: 'other.yaml#/Owner'
";

#[test]
fn every_broken_ref_is_reported_with_pointer_and_position() {
    let error = generate(DANGLING);
    let problems = error.problems();
    assert_eq!(problems.len(), 3, "{error}");

    assert_eq!(problems[0].pointer, "/paths/~1things~1{id}/get/parameters/0");
    assert_eq!(problems[0].location, Some(LineCol { line: 7, col: 11 }));
    assert!(problems[0].message.contains("`#/components/parameters/missing` points at nothing"));

    assert_eq!(problems[1].pointer, "/paths/~1things~1{id}/get/responses/200/content/application~1json/schema");
    assert_eq!(problems[1].location, Some(LineCol { line: 13, col: 15 }));

    assert_eq!(problems[2].pointer, "/components/schemas/Pet/properties/owner");
    assert_eq!(problems[2].location, Some(LineCol { line: 20, col: 9 }));
    assert!(problems[2].message.contains("external `$ref` `other.yaml#/Owner` is not supported"));

    let shown = error.to_string();
    assert!(shown.starts_with("3 problems:"), "{shown}");
    assert!(
        shown.contains("spec/broken.yaml:13:15: at #/paths/~1things~1{id}/get/responses/200/content/application~1json/schema:"),
        "{shown}"
    );
}

#[test]
fn yaml_syntax_errors_carry_line_and_column() {
    let error = generate("openapi: 3.0.3\ninfo: {title: x\npaths: {}\n");
    let problem = &error.problems()[0];
    assert!(problem.message.contains("not valid YAML"), "{error}");
    assert_eq!(problem.location, Some(LineCol { line: 3, col: 6 }), "{error}");
    assert!(error.to_string().starts_with("spec/broken.yaml:3:6: "), "{error}");
}

#[test]
fn other_openapi_versions_are_refused_with_advice() {
    let error = generate("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n");
    let problem = &error.problems()[0];
    assert_eq!(problem.pointer, "/openapi");
    assert_eq!(problem.location, Some(LineCol { line: 1, col: 1 }));
    assert!(problem.message.contains("OpenAPI 3.1.0 is not supported"), "{error}");

    let error = generate("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n");
    assert!(error.to_string().contains("Swagger 2.0 documents are not supported"), "{error}");
}

#[test]
fn an_undeclared_path_parameter_is_named() {
    let error = generate(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '204': {description: gone}\n",
    );
    let problem = &error.problems()[0];
    assert_eq!(problem.pointer, "/paths/~1a~1{id}/get");
    assert_eq!(problem.location, Some(LineCol { line: 5, col: 5 }));
    assert!(problem.message.contains("path parameter `id` is used in the path but not declared"), "{error}");
}

#[test]
fn a_ref_cycle_without_a_schema_is_named() {
    let error = generate(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n    Fine: {type: string}\n",
    );
    let pointers: Vec<&str> = error.problems().iter().map(|problem| problem.pointer.as_str()).collect();
    assert_eq!(pointers, ["/components/schemas/A", "/components/schemas/B"], "{error}");
    let problem = &error.problems()[0];
    assert_eq!(problem.location, Some(LineCol { line: 6, col: 5 }));
    assert!(problem.message.contains("only a `$ref` to itself"), "{error}");
}

#[test]
fn an_unsupported_construct_says_what_to_write_instead() {
    let error = generate(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - name: filter\n          in: query\n          content:\n            application/json:\n              schema: {type: object}\n      responses:\n        '204': {description: ok}\n",
    );
    let problem = &error.problems()[0];
    assert_eq!(problem.pointer, "/paths/~1a/get/parameters/0");
    assert_eq!(problem.location, Some(LineCol { line: 7, col: 11 }));
    assert!(problem.message.contains("use `schema`"), "{error}");
}

#[test]
fn a_malformed_node_is_named_by_pointer() {
    let error = generate("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 12\n");
    let problem = &error.problems()[0];
    assert_eq!(problem.pointer, "/paths/~1a/get/responses");
    assert_eq!(problem.location, Some(LineCol { line: 6, col: 7 }));
    assert!(problem.message.contains("not a valid OpenAPI 3.0 node"), "{error}");
}
