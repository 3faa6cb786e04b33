//! `cargo xtask bench --runtime`: what the generated client costs per call
//! next to the floor, plain reqwest + `serde_json` decoding the same body
//! into the same generated type, on one local server, calls interleaved.
//! Then a 50 MB list decoded by the runtime (`Operation::parse`) next to
//! `serde_json::from_slice` into the same types, each in a process of its
//! own so its peak RSS is its own.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use generated_client::fastly::{Client, CustomerResponse, ListUsers, SchemasUserResponse};
use generated_client::runtime::Operation as _;

/// progenitor's client for the same spec (see build.rs).
#[allow(clippy::all, unused, missing_docs, unreachable_pub)]
mod progenitor_fastly {
    include!(concat!(env!("OUT_DIR"), "/progenitor_fastly.rs"));
}

/// Counts allocations, to report them per call.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A Fastly customer as the API sends it (892 bytes).
fn customer_body() -> String {
    let body = serde_json::json!({
        "billing_contact_id": "x4xCwxxJxGCx123Rx5xTx", "billing_network_type": "public", "billing_ref": "PO-1234",
        "can_configure_wordpress": false, "can_reset_passwords": true, "can_upload_vcl": true, "force_2fa": false,
        "force_sso": false, "has_account_panel": true, "has_improved_events": true, "has_improved_ssl_config": false,
        "has_openstack_logging": false, "has_pci": false, "has_pci_passwords": false, "ip_whitelist": "0.0.0.0/0",
        "legal_contact_id": "x4xCwxxJxGCx123Rx5xTx", "name": "Acme Corporation", "postal_address": "1 Main Street, Springfield",
        "pricing_plan": "developer", "pricing_plan_id": "x4xCwxxJxGCx123Rx5xTx", "security_contact_id": "x4xCwxxJxGCx123Rx5xTx",
        "technical_contact_id": "x4xCwxxJxGCx123Rx5xTx", "created_at": "2023-01-01T12:00:00Z", "deleted_at": null,
        "updated_at": "2024-06-01T08:30:00Z", "id": "x4xCwxxJxGCx123Rx5xTx", "owner_id": "x4xCwxxJxGCx123Rx5xTx"
    });
    body.to_string()
}

/// A list of `count` users, about 440 bytes each.
fn users_body(count: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(count * 460);
    out.push(b'[');
    for index in 0..count {
        if index > 0 {
            out.push(b',');
        }
        let user = serde_json::json!({
            "login": format!("user{index}@example.com"), "name": format!("User Number {index}"), "limit_services": false,
            "locked": false, "require_new_password": false, "role": "engineer", "roles": ["x4xCwxxJxGCx123Rx5xTx"],
            "two_factor_auth_enabled": true, "two_factor_setup_required": false, "created_at": "2023-01-01T12:00:00Z",
            "deleted_at": null, "updated_at": "2024-06-01T08:30:00Z", "id": format!("u{index:020}"),
            "email_hash": "5d41402abc4b2a76b9719d911017c592", "customer_id": "x4xCwxxJxGCx123Rx5xTx"
        });
        out.extend_from_slice(user.to_string().as_bytes());
    }
    out.push(b']');
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// CPU time of this process (user + system), from /proc.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks: u64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0) + fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Peak resident set of this process, from /proc.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

const SEQUENTIAL: usize = 4000;
const PROFILED: usize = 20_000;
const CONCURRENT: usize = 64;
const USERS: usize = 113_963;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "decode-ours" | "decode-serde" => return decode(&mode),
        _ => {}
    }
    if mode == "serve" {
        return serve().await;
    }
    // The server runs in a process of its own, so the allocations and CPU
    // time counted here are the clients' alone.
    let mut server = std::process::Command::new(std::env::current_exe().expect("own path"))
        .arg("serve")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(server.stdout.take().expect("its output")), &mut line).expect("reads its address");
    let base = format!("http://{}", line.trim());

    let ours = Client::builder("token").base_url(&base).build().expect("our client");
    let theirs = reqwest::Client::new();
    let progenitor = {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("fastly-key", reqwest::header::HeaderValue::from_static("token"));
        let http = reqwest::Client::builder().default_headers(headers).build().expect("progenitor's reqwest");
        progenitor_fastly::Client::new_with_client(&base, http)
    };
    let prog = |client: progenitor_fastly::Client| async move {
        client.get_customer("c1").await.expect("progenitor").into_inner()
    };
    let url = format!("{base}/customer/c1");
    let floor = |client: reqwest::Client, url: String| async move {
        let bytes = client.get(&url).header("fastly-key", "token").send().await.expect("sends").bytes().await.expect("reads");
        serde_json::from_slice::<CustomerResponse>(&bytes).expect("decodes")
    };
    // `profile <side>`: one side's calls alone, for a profiler (`perf record`).
    if mode == "profile" {
        let side = std::env::args().nth(2).unwrap_or_default();
        for _ in 0..PROFILED {
            match side.as_str() {
                "progenitor" => drop(prog(progenitor.clone()).await),
                "reqwest" => drop(floor(theirs.clone(), url.clone()).await),
                _ => drop(ours.get_customer("c1").await.expect("ours")),
            }
        }
        let _ = server.kill();
        return;
    }
    // Warm up both.
    for _ in 0..200 {
        ours.get_customer("c1").await.expect("ours");
        floor(theirs.clone(), url.clone()).await;
        prog(progenitor.clone()).await;
    }
    // Sequential, interleaved.
    let (mut ours_times, mut floor_times, mut prog_times) =
        (Vec::with_capacity(SEQUENTIAL), Vec::with_capacity(SEQUENTIAL), Vec::with_capacity(SEQUENTIAL));
    for _ in 0..SEQUENTIAL {
        let start = Instant::now();
        ours.get_customer("c1").await.expect("ours");
        ours_times.push(start.elapsed());
        let start = Instant::now();
        floor(theirs.clone(), url.clone()).await;
        floor_times.push(start.elapsed());
        let start = Instant::now();
        prog(progenitor.clone()).await;
        prog_times.push(start.elapsed());
    }
    ours_times.sort();
    floor_times.sort();
    prog_times.sort();
    // Allocations and CPU per call, each side alone.
    let per_call = |allocations: u64, cpu: Duration, calls: usize| (allocations as f64 / calls as f64, cpu.as_secs_f64() * 1e6 / calls as f64);
    let (before, cpu) = (ALLOCATIONS.load(Ordering::Relaxed), cpu_time());
    for _ in 0..SEQUENTIAL {
        ours.get_customer("c1").await.expect("ours");
    }
    let (ours_allocs, ours_cpu) = per_call(ALLOCATIONS.load(Ordering::Relaxed) - before, cpu_time() - cpu, SEQUENTIAL);
    let (before, cpu) = (ALLOCATIONS.load(Ordering::Relaxed), cpu_time());
    for _ in 0..SEQUENTIAL {
        floor(theirs.clone(), url.clone()).await;
    }
    let (floor_allocs, floor_cpu) = per_call(ALLOCATIONS.load(Ordering::Relaxed) - before, cpu_time() - cpu, SEQUENTIAL);
    let (before, cpu) = (ALLOCATIONS.load(Ordering::Relaxed), cpu_time());
    for _ in 0..SEQUENTIAL {
        prog(progenitor.clone()).await;
    }
    let (prog_allocs, prog_cpu) = per_call(ALLOCATIONS.load(Ordering::Relaxed) - before, cpu_time() - cpu, SEQUENTIAL);
    // Throughput with 64 calls in flight, 3 s each side.
    let throughput_ours = {
        let ours = ours.clone();
        throughput(move || {
            let ours = ours.clone();
            async move {
                ours.get_customer("c1").await.expect("ours");
            }
        })
        .await
    };
    let throughput_floor = {
        let theirs = theirs.clone();
        let url = url.clone();
        throughput(move || floor(theirs.clone(), url.clone())).await
    };
    let throughput_prog = {
        let progenitor = progenitor.clone();
        throughput(move || prog(progenitor.clone())).await
    };

    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let (o50, o99, f50, f99) = (percentile(&ours_times, 0.5), percentile(&ours_times, 0.99), percentile(&floor_times, 0.5), percentile(&floor_times, 0.99));
    let (p50, p99) = (percentile(&prog_times, 0.5), percentile(&prog_times, 0.99));
    println!("| 892-byte customer | ours | reqwest + serde_json | ours / reqwest | progenitor | ours / progenitor |\n|---|---:|---:|---:|---:|---:|");
    println!(
        "| sequential p50 / p99 | {:.1} / {:.1} µs | {:.1} / {:.1} µs | {:.2} / {:.2} | {:.1} / {:.1} µs | {:.2} / {:.2} |",
        us(o50), us(o99), us(f50), us(f99), us(o50) / us(f50), us(o99) / us(f99), us(p50), us(p99), us(o50) / us(p50), us(o99) / us(p99)
    );
    println!("| CPU per call | {ours_cpu:.1} µs | {floor_cpu:.1} µs | {:.2} | {prog_cpu:.1} µs | {:.2} |", ours_cpu / floor_cpu, ours_cpu / prog_cpu);
    println!("| allocations per call | {ours_allocs:.0} | {floor_allocs:.0} | {:.2} | {prog_allocs:.0} | {:.2} |", ours_allocs / floor_allocs, ours_allocs / prog_allocs);
    println!(
        "| throughput, {CONCURRENT} concurrent | {throughput_ours:.0}/s | {throughput_floor:.0}/s | {:.2} | {throughput_prog:.0}/s | {:.2} |",
        throughput_ours / throughput_floor,
        throughput_ours / throughput_prog
    );

    // The big page, each decoder in a process of its own.
    let exe = std::env::current_exe().expect("own path");
    let run = |mode: &str| {
        let output = std::process::Command::new(&exe).arg(mode).output().expect("runs");
        let text = String::from_utf8_lossy(&output.stdout).to_string();
        let mut parts = text.split_whitespace().map(|v| v.parse::<f64>().unwrap_or(0.0));
        (parts.next().unwrap_or(0.0), parts.next().unwrap_or(0.0), parts.next().unwrap_or(0.0), parts.next().unwrap_or(0.0))
    };
    let _ = server.kill();
    let (ours_ms, ours_allocs_list, ours_peak, size) = run("decode-ours");
    let (serde_ms, serde_allocs_list, serde_peak, _) = run("decode-serde");
    let mb = |bytes: f64| bytes / 1e6;
    println!("\n| {:.0} MB list ({USERS} users) | ours (`Operation::parse`) | `serde_json::from_slice` | ratio |\n|---|---:|---:|---:|", mb(size));
    println!("| decode (median of 5) | {ours_ms:.0} ms | {serde_ms:.0} ms | {:.2} |", ours_ms / serde_ms);
    println!("| allocations | {:.2} M | {:.2} M | {:.2} |", ours_allocs_list / 1e6, serde_allocs_list / 1e6, ours_allocs_list / serde_allocs_list);
    println!("| peak RSS | {:.0} MB | {:.0} MB | {:.2} |", mb(ours_peak), mb(serde_peak), ours_peak / serde_peak);
    println!(
        "\nruntime: p50 {:.2}× reqwest, throughput {:.2}× reqwest, p50 {:.2}× progenitor, 50 MB decode {:.2}× serde_json, peak {:.2}× body",
        us(o50) / us(f50),
        throughput_ours / throughput_floor,
        us(o50) / us(p50),
        ours_ms / serde_ms,
        ours_peak / size
    );
}

/// Answers every `GET /customer/{id}` with the customer, on 127.0.0.1;
/// prints its address first.
async fn serve() {
    let body = customer_body();
    let app = axum::Router::new().route(
        "/customer/{id}",
        axum::routing::get(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    println!("{}", listener.local_addr().expect("address"));
    axum::serve(listener, app).await.expect("serves");
}

/// Calls per second with `CONCURRENT` calls in flight for three seconds.
async fn throughput<F, Fut, T>(call: F) -> f64
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = T> + Send,
{
    let done = std::sync::Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(3);
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENT {
        let (call, done) = (call.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                call().await;
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await.expect("joins");
    }
    done.load(Ordering::Relaxed) as f64 / 3.0
}

/// Decodes the big list five times and prints: the median milliseconds,
/// the allocations of one decode, peak RSS, body bytes.
fn decode(mode: &str) {
    let body = bytes::Bytes::from(users_body(USERS));
    let size = body.len();
    let mut times = Vec::new();
    let mut allocations = 0;
    for _ in 0..5 {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let start = Instant::now();
        let count = if mode == "decode-ours" {
            let mut response = http::Response::new(body.clone());
            response.headers_mut().insert("content-type", http::HeaderValue::from_static("application/json"));
            ListUsers::parse(response).expect("decodes").into_body().len()
        } else {
            serde_json::from_slice::<Vec<SchemasUserResponse>>(&body).expect("decodes").len()
        };
        times.push(start.elapsed());
        allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
        assert_eq!(count, USERS);
    }
    times.sort();
    println!("{} {} {} {}", times[2].as_secs_f64() * 1e3, allocations, peak_rss(), size);
}
