//! `spec-drift`: each kind of difference between our spec and the vendor's,
//! shown on two small documents, and how declarations accept them.

use generator::drift::{Drift, Report, declarations_in, drift};
use generator::{SpecSource, ir::Api};

const OURS: &str = r#"
openapi: 3.0.3
info: {title: Shop, version: "1", x-custgen-module: shop}
paths:
  /items/:
    get:
      operationId: items_list
      parameters:
        - {name: tag, in: query, schema: {type: string}}
        - {name: page, in: query, required: true, schema: {type: integer}}
        - {name: legacy, in: query, schema: {type: string}}
      responses:
        '200':
          description: Items.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
    post:
      operationId: items_create
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '201': {description: Created.}
        '409': {description: Taken.}
  /items/{id}/old/:
    get:
      operationId: items_old
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: Gone.}
components:
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string}
        price: {type: string, format: decimal}
        kind: {type: string, enum: [a, b, z]}
        url: {type: string}
        note: {type: string}
        count: {type: integer}
        contact: {type: string, format: email}
"#;

const VENDOR: &str = r#"
openapi: 3.0.3
info: {title: Shop API, version: "2"}
paths:
  /items/:
    get:
      operationId: items_list
      parameters:
        - {name: tag, in: query, schema: {type: string, format: uuid}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: owner, in: query, schema: {type: string}}
      responses:
        '200':
          description: Items.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
    post:
      operationId: items_create
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '201': {description: Created.}
        '400': {description: Invalid.}
  /items/{id}/stats/:
    get:
      operationId: items_stats
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: Stats.}
  /orders/:
    get:
      operationId: orders_list
      responses:
        '200': {description: Orders.}
components:
  schemas:
    Item:
      type: object
      required: [name, count]
      properties:
        name: {type: string, maxLength: 10}
        price: {type: string, format: decimal, pattern: '^-?\d{0,3}(?:\.\d{0,2})?$'}
        kind: {type: string, enum: [a, b, c]}
        url: {type: string, readOnly: true}
        note: {type: string, nullable: true}
        count: {type: number}
        contact: {type: string, format: hostname}
        created: {type: string, format: date-time}
"#;

fn api(path: &str, text: &str) -> Api {
    let source = SpecSource { path: path.to_owned(), text: text.to_owned() };
    generator::build_apis(std::slice::from_ref(&source)).expect("builds").remove(0)
}

fn report(ours: &str) -> Report {
    drift(&api("ours.yaml", ours), &api("vendor.yaml", VENDOR), &declarations_in(ours).expect("declarations"))
}

/// The one difference whose sentence contains `needle`.
fn find<'a>(report: &'a Report, needle: &str) -> &'a Drift {
    let found: Vec<&Drift> = report.drifts.iter().filter(|drift| drift.description.contains(needle)).collect();
    assert_eq!(found.len(), 1, "one difference saying {needle:?} in {:#?}", report.drifts);
    found[0]
}

#[test]
fn operations_either_side_lacks_are_reported_within_the_covered_prefix() {
    let report = report(OURS);
    let ours_only = find(&report, "`GET /items/{id}/old/` (items_old) is not in the vendor's API");
    assert_eq!(ours_only.ours.as_deref(), Some("/paths/~1items~1{id}~1old~1/get"));
    assert!(ours_only.breaking, "dropping a method breaks its callers");
    let vendor_only = find(&report, "the vendor's `GET /items/{id}/stats/` (items_stats) is not described here");
    assert_eq!(vendor_only.upstream.as_deref(), Some("/paths/~1items~1{id}~1stats~1/get"));
    assert!(!vendor_only.breaking);
    // `/orders/` is outside `/items/`, the part of the API we describe.
    assert!(!report.drifts.iter().any(|drift| drift.description.contains("orders_list")));
}

#[test]
fn parameters_differ_in_presence_requiredness_and_type() {
    let report = report(OURS);
    assert_eq!(find(&report, "query parameter `legacy` is not in the vendor's API").ours.as_deref(), Some("/paths/~1items~1/get/parameters/2"));
    let owner = find(&report, "optional query parameter `owner` of the vendor is not described here");
    assert_eq!((owner.ours.as_deref(), owner.upstream.as_deref()), (None, Some("/paths/~1items~1/get/parameters/2")));
    let page = find(&report, "query parameter `page` is required here, optional at the vendor");
    assert_eq!(page.rust_item, "shop::Client::items_list");
    find(&report, "query parameter `tag` is `String` here, `Uuid` at the vendor");
}

#[test]
fn media_types_and_responses_differ() {
    let report = report(OURS);
    let form = find(&report, "request body `application/x-www-form-urlencoded` is not accepted by the vendor");
    assert_eq!(form.rust_item, "shop::Client::items_create_form", "names the method that would go");
    assert!(form.breaking);
    assert!(!find(&report, "the vendor also accepts a `multipart/form-data` request body").breaking);
    find(&report, "response `409` is not declared by the vendor");
    find(&report, "the vendor's response `400` is not described here");
}

#[test]
fn fields_differ_in_every_marking() {
    let report = report(OURS);
    let count_required = find(&report, "field `count` is optional here, required at the vendor");
    assert_eq!(count_required.ours.as_deref(), Some("/components/schemas/Item/properties/count"));
    assert_eq!(count_required.upstream.as_deref(), Some("/components/schemas/Item/properties/count"));
    assert_eq!(count_required.rust_item, "shop::Item::count");
    find(&report, "field `count` is `i64` here, `f64` at the vendor");
    find(&report, "field `note` is not nullable here, nullable at the vendor");
    find(&report, "field `url` is writable here, read-only at the vendor");
    find(&report, "field `contact` has format `email` here, `hostname` at the vendor");
    find(&report, "field `price` has constraints");
    find(&report, "field `name` has constraints");
    assert!(find(&report, "the vendor's optional field `created` is missing here").ours.is_some());
    find(&report, "enum values `z` are not the vendor's");
    find(&report, "the vendor's enum values `c` are missing here");
}

#[test]
fn the_same_shape_under_other_names_is_no_drift() {
    let renamed = VENDOR.replace("Item", "Thing").replace("Shop API", "Shop");
    let report = drift(&api("ours.yaml", &renamed), &api("vendor.yaml", VENDOR), &[]);
    assert!(report.drifts.is_empty(), "{:#?}", report.drifts);
}

#[test]
fn declared_deviations_are_accepted_with_their_reason_and_stale_ones_reported() {
    let declared = OURS
        .replace(
            "        '409': {description: Taken.}",
            "        '409': {description: Taken., x-custgen-deviation: The server sends it; the schema omits it.}",
        )
        .replace(
            "components:\n  schemas:",
            "x-custgen-deviations:\n  - {upstream: '/paths/~1items~1{id}~1stats~1/get', reason: Not used by our clients.}\n  - {upstream: '/paths/~1gone', reason: Stale.}\ncomponents:\n  schemas:",
        );
    let report = report(&declared);
    let conflict = find(&report, "response `409` is not declared by the vendor");
    assert_eq!(conflict.accepted.as_deref(), Some("The server sends it; the schema omits it."));
    assert_eq!(find(&report, "items_stats").accepted.as_deref(), Some("Not used by our clients."));
    assert!(find(&report, "response `400`").accepted.is_none());
    let stale: Vec<&str> = report.stale.iter().map(|declaration| declaration.pointer.as_str()).collect();
    assert_eq!(stale, ["/paths/~1gone"]);
    let markdown = generator::drift::markdown(&report);
    assert!(markdown.contains("#### Declared deviations"), "{markdown}");
    assert!(markdown.contains("Not used by our clients."), "{markdown}");
    let json: serde_json::Value = serde_json::from_str(&generator::drift::json(&report)).expect("JSON");
    assert_eq!(json["accepted"], 2);
    assert_eq!(json["undeclared"].as_u64(), Some(report.undeclared().count() as u64));
}
