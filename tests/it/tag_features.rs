//! Tag features checked by cargo: the crate generated from
//! `tests/gated/tag_features.yaml` (`x-custgen-tag-features: true`)
//! compiles without a warning with no tag, each tag alone and all of them;
//! a crate that enables one tag calls that tag's operations and uses the
//! types they reach, and cannot call another tag's or name a type only
//! that one reaches.

use std::path::Path;
use std::process::Command;

const SPEC: &str = "tests/gated/tag_features.yaml";

/// Uses `tagged-orders` only: its operation, the types it reaches (also
/// those shared with `tagged-stock-items`) and the untagged operation.
const USES_ORDERS: &str = r#"
use generated_client::tagged;

pub async fn order(client: &tagged::Client) -> Result<String, Box<dyn std::error::Error>> {
    let mut item = tagged::Item::new("sku-1".to_owned());
    item.colour = Some(tagged::Colour::Red);
    let order: tagged::Order = client.create_order(tagged::CreateOrderRequest::new(vec![item])).await?;
    client.health().await?;
    let _ = client.list_order_items("o-1");
    // `Order` repeats the inline address of `Shipment`, which no operation
    // uses: the address type, and its name here, come with the order.
    let address: Option<tagged::OrderAddress> = order.address;
    let _: Option<tagged::ShipmentAddress> = address;
    Ok(order.id.unwrap_or_default())
}
"#;

/// Reaches past `tagged-orders`: another tag's operation, a type only it
/// uses, and types no operation uses.
const REACHES_PAST_ORDERS: &str = r#"
use generated_client::tagged;

pub fn list(client: &tagged::Client) {
    let _ = client.list_items();
}

pub fn filter(_: tagged::ItemFilter) {}

pub fn shipment(_: tagged::Shipment) {}

pub fn webhook(hook: tagged::Webhook) -> Option<tagged::WebhookNote> {
    hook.note
}
"#;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// `cargo check` in the scratch workspace at `dir`; the output and whether
/// it passed.
fn check(dir: &Path, args: &[&str]) -> (String, bool) {
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--message-format=short"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", crate::scratch_target())
        .output()
        .expect("cargo runs");
    (String::from_utf8_lossy(&output.stderr).into_owned(), output.status.success())
}

/// The compiler's warnings about the generated crate.
fn warnings(output: &str) -> Vec<&str> {
    output.lines().filter(|line| line.starts_with("api/src/") && line.contains("warning")).collect()
}

fn user_crate(dir: &Path, name: &str, features: &[&str], code: &str) {
    let features: Vec<String> = features.iter().map(|feature| format!("{feature:?}")).collect();
    write(
        &dir.join(name).join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
             generated-client = {{ path = \"../api\", default-features = false, features = [{}] }}\n",
            features.join(", ")
        ),
    );
    write(&dir.join(name).join("src/lib.rs"), code);
}

#[test]
fn each_tag_compiles_alone_and_gates_its_operations_and_types() {
    let root = crate::root();
    let apis = generator::build_apis(&[crate::source(SPEC)]).expect("the spec builds");
    let features: Vec<&str> = apis[0].features.iter().map(|feature| feature.name.as_str()).collect();
    assert_eq!(features, ["tagged-stock-items", "tagged-orders", "tagged-schemas"]);

    let dir = root.join("target").join("tag-features");
    let _ = std::fs::remove_dir_all(&dir);
    for file in generator::write::crate_files(&apis).expect("the crate is laid out") {
        write(&dir.join("api").join(&file.path), &file.contents);
    }
    user_crate(&dir, "uses_orders", &["tagged-orders", "rustls-ring"], USES_ORDERS);
    user_crate(&dir, "reaches_past_orders", &["tagged-orders", "rustls-ring"], REACHES_PAST_ORDERS);
    let members = ["api", "uses_orders", "reaches_past_orders"].map(str::to_owned);
    write(&dir.join("Cargo.toml"), &xtask::scratch_workspace_manifest(&root, &members).expect("a manifest"));
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));

    let selections = [vec!["tagged"], vec!["tagged-stock-items"], vec!["tagged-orders"], vec!["tagged-schemas"], features.clone()];
    for selection in selections {
        let list = [selection.join(","), "rustls-ring".to_owned()].join(",");
        let (output, passed) = check(&dir, &["-p", "generated-client", "--no-default-features", "--features", &list]);
        assert!(passed, "features {list}:\n{output}");
        assert!(warnings(&output).is_empty(), "features {list}:\n{output}");
    }

    let (output, passed) = check(&dir, &["-p", "uses_orders"]);
    assert!(passed, "{output}");
    let (output, passed) = check(&dir, &["-p", "reaches_past_orders"]);
    assert!(!passed, "another tag's operation and an unused type are not compiled:\n{output}");
    assert!(output.contains("no method named `list_items`"), "{output}");
    for name in ["`ItemFilter`", "`Webhook`", "`WebhookNote`", "`Shipment`"] {
        assert!(output.contains(name), "{name} is not compiled:\n{output}");
    }
}
