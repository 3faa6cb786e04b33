//! Streams every customer of a Waldur deployment, page by page, and renames
//! the first one with a PATCH that sends nothing but the new name.
//!
//! ```sh
//! WALDUR_URL=https://waldur.example.com WALDUR_TOKEN=... \
//!   cargo run -p generated-client --example waldur_customers
//! ```

use futures_util::TryStreamExt;
use generated_client::waldur::{Client, PatchedCustomerRequest};

/// Lists every customer and renames the first, one line per step.
pub async fn run(client: &Client) -> Result<Vec<String>, generated_client::Error> {
    let customers: Vec<_> = client.customers_list().page_size(50).into_stream().try_collect().await?;
    let mut lines: Vec<String> = customers
        .iter()
        .map(|customer| format!("customer {}", customer.name.as_deref().unwrap_or("(no name)")))
        .collect();
    if let Some(first) = customers.first() {
        let uuid = first.uuid.unwrap_or_default();
        let name = format!("{} (renamed)", first.name.as_deref().unwrap_or_default());
        let mut patch = PatchedCustomerRequest::default();
        patch.name = Some(name);
        let renamed = client.customers_partial_update(uuid, patch).await?;
        lines.push(format!("renamed to {}", renamed.name.as_deref().unwrap_or_default()));
    }
    Ok(lines)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("WALDUR_URL").map_err(|_| "set WALDUR_URL")?;
    let token = std::env::var("WALDUR_TOKEN").map_err(|_| "set WALDUR_TOKEN")?;
    for line in run(&Client::new(url, token)?).await? {
        println!("{line}");
    }
    Ok(())
}
