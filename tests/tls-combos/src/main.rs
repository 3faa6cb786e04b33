//! Builds the program's own reqwest client before and after one of ours:
//! neither may panic, whichever TLS feature of ours is on.

fn main() {
    let theirs = reqwest::Client::new();
    let ours = generated_client::fastly::Client::new("token").expect("our client builds");
    let theirs_again = reqwest::Client::builder().build().expect("their client builds after ours");
    let _ = (theirs, ours, theirs_again);
    println!("both clients built");
}
