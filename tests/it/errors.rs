//! A broken spec yields one clear message per problem: file, JSON pointer,
//! line:col and what to do. Never a panic.

use generator::{LineCol, SpecSource};

fn generate(text: &str) -> generator::Error {
    let source = SpecSource { path: "spec/broken.yaml".to_owned(), text: text.to_owned() };
    generator::generate(&[source]).expect_err("the spec is broken")
}

/// Generates a spec that must succeed; returns its files and warnings.
fn degrade(text: &str) -> (String, Vec<generator::Problem>) {
    let source = SpecSource { path: "spec/odd.yaml".to_owned(), text: text.to_owned() };
    let (files, warnings) = generator::generate_with_warnings(&[source]).expect("the spec generates");
    let module = files.into_iter().find(|file| file.path.ends_with("odd.rs")).expect("a module");
    (module.contents, warnings)
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
    let error = generate("openapi: 3.2.0\ninfo: {title: x, version: '1'}\npaths: {}\n");
    let problem = &error.problems()[0];
    assert_eq!(problem.pointer, "/openapi");
    assert_eq!(problem.location, Some(LineCol { line: 1, col: 1 }));
    assert!(problem.message.contains("OpenAPI 3.2.0 is not supported"), "{error}");

    let error = generate("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n");
    assert!(error.to_string().contains("Swagger 2.0 documents are not supported"), "{error}");
}

#[test]
fn an_undeclared_path_parameter_becomes_a_string_argument_with_a_warning() {
    let (module, warnings) = degrade(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '204': {description: gone}\n",
    );
    let warning = &warnings[0];
    assert_eq!(warning.pointer, "/paths/~1a~1{id}/get");
    assert_eq!(warning.location, Some(LineCol { line: 5, col: 5 }));
    assert!(warning.message.contains("path parameter `id` is used in the path but not declared"), "{warning}");
    assert!(module.contains("id: impl Into<String>"), "{module}");
}

#[test]
fn openapi_3_1_is_read_with_null_types_const_and_exclusive_bounds() {
    let (module, warnings) = degrade(
        "openapi: 3.1.0\ninfo: {title: x, version: '1'}\nwebhooks: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        name: {type: [string, 'null']}\n        kind: {const: fixed}\n        size: {type: integer, exclusiveMinimum: 0}\n        tuple: {type: array, prefixItems: [{type: string}]}\n",
    );
    assert!(module.contains("pub name: Option<String>") || module.contains("Nullable"), "{module}");
    assert!(module.contains("pub enum ThingKind"), "{module}");
    let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["/webhooks", "/components/schemas/Thing/properties/tuple/prefixItems"], "{warnings:?}");
    assert_eq!(warnings[1].location, Some(LineCol { line: 12, col: 30 }), "{}", warnings[1]);
}

#[test]
fn oauth2_openid_and_unknown_schemes_generate() {
    let (module, warnings) = degrade(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      security: [{hmac: []}, {oauth: [read]}]\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      security: [{hmac: []}]\n      responses: {'204': {description: ok}}\n  /c:\n    get:\n      security: [{}, {2fa: []}]\n      responses: {'204': {description: ok}}\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials: {tokenUrl: 'https://x.example/token', scopes: {read: reads}}\n    2fa: {type: openIdConnect, openIdConnectUrl: 'https://x.example/.well-known'}\n    hmac: {type: http, scheme: payone-hmac-sha256}\n",
    );
    assert!(module.contains("const OAUTH_AUTH: __rt::AuthScheme = __rt::AuthScheme::Bearer"), "{module}");
    assert!(module.contains("const _2FA_AUTH"), "{module}");
    assert!(module.contains("https://x.example/token"), "the flow is documented");
    assert!(module.contains(".auth(&OAUTH_AUTH)"), "the second alternative is used");
    assert!(module.contains(".optional_auth(&_2FA_AUTH)"), "optional auth is honoured");
    assert!(module.contains("authenticate these requests yourself"), "{module}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer, "/paths/~1b/get/security");
}

#[test]
fn all_of_around_primitives_takes_their_type() {
    let (module, warnings) = degrade(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Text: {type: string, maxLength: 5}\n    Name:\n      allOf: [{$ref: '#/components/schemas/Text'}, {minLength: 1}]\n    Ids:\n      allOf: [{type: array, items: {type: integer}}]\n    Holder:\n      type: object\n      properties:\n        name: {allOf: [{$ref: '#/components/schemas/Text'}], description: a name}\n        first: {$ref: '#/components/schemas/Holder/properties/name'}\n",
    );
    assert!(module.contains("pub type Name = Text;") || module.contains("pub struct Name(pub Text)"), "{module}");
    assert!(module.contains("pub type Ids = Vec<i64>;"), "{module}");
    assert!(module.contains("pub first: Option<Text>"), "{module}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_callback_given_by_reference_is_read() {
    let (module, warnings) = degrade(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: search\n      callbacks:\n        done: {$ref: '#/components/callbacks/done'}\n      responses:\n        '204': {description: ok}\ncomponents:\n  callbacks:\n    done:\n      'https://example.com/hook':\n        post:\n          responses:\n            '204': {description: ok}\n",
    );
    assert!(module.contains("pub fn search"), "{module}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn references_into_schemas_that_lead_to_each_other_end_with_a_warning() {
    for spec in [
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/A/properties/c'}\n        c: {$ref: '#/components/schemas/A/properties/b'}\n",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}\n",
    ] {
        let (_, warnings) = degrade(spec);
        assert!(!warnings.is_empty(), "{spec}");
        for warning in &warnings {
            assert!(warning.message.contains("lead back to each other") && warning.message.contains("any JSON value"), "{warning}");
            assert!(warning.location.is_some(), "{warning}");
        }
    }
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
fn a_parameter_described_by_content_is_typed_by_its_schema_with_a_warning() {
    let (module, warnings) = degrade(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - name: filter\n          in: query\n          content:\n            application/json:\n              schema: {type: object}\n      responses:\n        '204': {description: ok}\n",
    );
    let warning = &warnings[0];
    assert_eq!(warning.pointer, "/paths/~1a/get/parameters/0");
    assert_eq!(warning.location, Some(LineCol { line: 7, col: 11 }));
    assert!(warning.message.contains("sent as JSON text"), "{warning}");
    assert!(module.contains("filter"), "{module}");
}

#[test]
fn a_malformed_node_is_named_by_pointer() {
    let error = generate("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 12\n");
    let problem = &error.problems()[0];
    assert_eq!(problem.pointer, "/paths/~1a/get/responses");
    assert_eq!(problem.location, Some(LineCol { line: 6, col: 7 }));
    assert!(problem.message.contains("not a valid OpenAPI 3.0 node"), "{error}");
}

/// A list operation: a `page` parameter and an array body, with `pagination`
/// placed as its `x-custgen-pagination`.
fn list_spec(pagination: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: list_things\n{pagination}      \
         parameters:\n        - {{name: page, in: query, schema: {{type: integer}}}}\n      responses:\n        '200':\n          \
         description: things\n          content:\n            application/json:\n              schema: {{type: array, items: {{type: string}}}}\n"
    )
}

#[test]
fn pagination_is_declared_not_guessed() {
    let (module, warnings) = degrade(&list_spec(""));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(!module.contains("crate::Page<"), "a `page` parameter alone does not make a page: {module}");

    let (module, warnings) = degrade(&list_spec("      x-custgen-pagination: {style: link, count-header: X-Total}\n"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(module.contains("type Output = crate::Page<String>;"), "{module}");
    assert!(module.contains(r#"count: crate::runtime::PageCount::Header("x-total")"#), "{module}");
    assert!(module.contains("answer.page(&Self::INFO)"), "{module}");
    assert!(module.contains("the total from header `X-Total`"), "{module}");

    let (module, warnings) = degrade(&list_spec("      x-custgen-pagination: {style: page}\n"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let compact: String = module.split_whitespace().collect();
    assert!(compact.contains(r#"crate::runtime::PageStyle::Number{param:"page",}"#), "{module}");
}

#[test]
fn a_pagination_declaration_that_does_not_fit_is_a_warning() {
    let cases = [
        ("{style: scroll}", r#"pagination style Some("scroll") is not one of"#),
        ("{style: offset}", "`offset` is not a query parameter of this operation"),
        ("{style: cursor, cursor-param: page}", "`cursor` pagination needs `cursor-param`"),
        ("{style: link, items: /data}", "`items` `/data` is not an array field of the response body"),
        ("[link]", "the declaration must be an object"),
    ];
    for (declaration, expected) in cases {
        let (module, warnings) = degrade(&list_spec(&format!("      x-custgen-pagination: {declaration}\n")));
        assert_eq!(warnings.len(), 1, "{declaration}: {warnings:?}");
        assert_eq!(warnings[0].pointer, "/paths/~1things/get/x-custgen-pagination");
        assert!(warnings[0].location.is_some(), "{declaration}: {}", warnings[0]);
        assert!(warnings[0].message.contains(expected), "{declaration}: {}", warnings[0]);
        assert!(warnings[0].message.contains("the operation returns its body as one value"), "{}", warnings[0]);
        assert!(!module.contains("crate::Page<"), "{declaration}: {module}");
    }

    let (module, warnings) = degrade(&list_spec("      x-custgen-pagination: {style: link, count-header: 'not a header', extra: 1}\n"));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].message.contains("`extra` is not a pagination key"), "{}", warnings[0]);
    assert!(warnings[1].message.contains("`count-header` is not a header name"), "{}", warnings[1]);
    assert!(module.contains("crate::runtime::PageCount::None"), "the list still pages, without a total: {module}");
}

#[test]
fn a_tag_features_switch_that_is_not_a_boolean_is_reported() {
    let error = generate(
        "openapi: 3.0.3\ninfo:\n  title: Shop\n  version: '1'\n  x-custgen-tag-features: yes please\npaths: {}\n",
    );
    let problems = error.problems();
    assert_eq!(problems.len(), 1, "{error}");
    assert_eq!(problems[0].pointer, "/info/x-custgen-tag-features");
    assert_eq!(problems[0].location, Some(LineCol { line: 5, col: 3 }));
    assert!(problems[0].message.contains("is not a boolean"), "{error}");
}

/// Generates on its own thread so a spec that makes the generator run
/// without end fails the test instead of hanging the suite.
fn degrade_within_bound(text: String) -> (String, Vec<generator::Problem>) {
    within_bound(move || degrade(&text))
}

/// `work` on its own thread, failing the test past 20 s.
fn within_bound<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, outcome) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    outcome.recv_timeout(std::time::Duration::from_secs(20)).expect("the generator ends")
}

#[test]
fn all_of_members_that_lead_back_to_the_schema_being_merged_are_skipped_with_a_warning() {
    let spec = "\
openapi: 3.0.3
info: {title: x, version: '1'}
paths: {}
components:
  schemas:
    Base: {$ref: '#/components/schemas/Full'}
    Stamped: {$ref: '#/components/schemas/Full'}
    Full:
      allOf:
        - $ref: '#/components/schemas/Base'
        - $ref: '#/components/schemas/Stamped'
        - type: object
          required: [name]
          properties:
            name: {type: string}
";
    let (module, warnings) = degrade_within_bound(spec.to_owned());
    assert!(module.contains("pub struct Full"), "{module}");
    assert!(module.contains("pub name: String"), "{module}");
    let cycles: Vec<_> = warnings.iter().filter(|warning| warning.message.contains("leads back")).collect();
    let pointers: Vec<&str> = cycles.iter().map(|warning| warning.pointer.as_str()).collect();
    assert_eq!(pointers, ["/components/schemas/Full/allOf/0", "/components/schemas/Full/allOf/1"], "{warnings:?}");
    assert!(cycles.iter().all(|warning| warning.location.is_some()), "{warnings:?}");
}

#[test]
fn a_schema_merged_through_many_all_of_paths_is_merged_once() {
    // `L0` includes `L1` twice, `L1` includes `L2` twice, and so on: 2^30
    // paths reach `L30`, which must be visited once, not once per path.
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
    for level in 0..30 {
        let next = level + 1;
        spec.push_str(&format!(
            "    L{level}:\n      allOf:\n        - $ref: '#/components/schemas/L{next}'\n        - $ref: '#/components/schemas/L{next}'\n        - {{type: object, properties: {{f{level}: {{type: integer}}}}}}\n"
        ));
    }
    spec.push_str("    L30: {type: object, properties: {last: {type: string}}}\n");
    let (module, warnings) = degrade_within_bound(spec);
    let l0 = module.split("pub struct L0").nth(1).and_then(|rest| rest.split("\n}").next()).expect("L0 is a struct");
    assert!(l0.contains("pub last: Option<String>") && l0.contains("pub f29: Option<i64>"), "{l0}");
    assert_eq!(l0.matches("pub last").count(), 1, "{l0}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A list's body that is an alias of itself (the fuzzer's `SelfRef`) is
/// refused, with the pointer, and looking for how it pages does not loop.
#[test]
fn a_list_body_that_is_an_alias_of_itself_is_refused_not_looped_over() {
    let spec = "\
openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /items:
    get:
      operationId: list_items
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Loop'}
components:
  schemas:
    Loop: {$ref: '#/components/schemas/Loop'}
";
    let source = SpecSource { path: "spec/loop.yaml".to_owned(), text: spec.to_owned() };
    let error = within_bound(move || generator::generate(&[source]).map(drop)).expect_err("refused");
    assert!(error.problems().iter().any(|problem| problem.pointer == "/components/schemas/Loop"), "{error}");
}

/// `allOf: [Task]` beside a `oneOf` whose only member is `{}` (any value)
/// is a `Task`, not a schema that refers to itself.
#[test]
fn an_all_of_beside_an_empty_one_of_member_is_its_member_not_a_self_reference() {
    let spec = "\
openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /tasks:
    get:
      operationId: list_tasks
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: array
                items:
                  nullable: true
                  allOf: [{$ref: '#/components/schemas/Task'}]
                  oneOf: [{}]
components:
  schemas:
    Task:
      type: object
      properties:
        id: {type: string}
";
    let (module, warnings) = degrade_within_bound(spec.to_owned());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(module.contains("Vec<Option<Task>>"), "{module}");
}
