//! Gets the customer that owns the API token and lists its users.
//!
//! ```sh
//! FASTLY_API_TOKEN=... cargo run -p generated-client --example fastly_customer
//! ```
//!
//! `FASTLY_BASE_URL` sends the requests elsewhere, e.g. to a local test server.

use generated_client::fastly::Client;

/// Fetches the customer and its users, one line each.
pub async fn run(client: &Client) -> Result<Vec<String>, generated_client::Error> {
    let customer = client.get_logged_in_customer().await?;
    let id = customer.id.clone().unwrap_or_default();
    let name = customer.name.as_deref().unwrap_or("(no name)");
    let mut lines = vec![format!("customer {name} ({id})")];
    for user in client.list_users(id.as_str()).await? {
        let role = user.role.as_ref().map_or("-", |role| role.as_str());
        lines.push(format!("- {} <{}> {role}", user.name.as_deref().unwrap_or("?"), user.login.as_deref().unwrap_or("?")));
    }
    Ok(lines)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("FASTLY_API_TOKEN").map_err(|_| "set FASTLY_API_TOKEN")?;
    let mut builder = Client::builder(token);
    if let Ok(url) = std::env::var("FASTLY_BASE_URL") {
        builder = builder.base_url(url);
    }
    for line in run(&builder.build()?).await? {
        println!("{line}");
    }
    Ok(())
}
