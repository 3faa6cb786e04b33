//! Synchronous calls, for programs without an async runtime and for the
//! places tokio sets aside for blocking code (`spawn_blocking`,
//! `block_in_place`); cargo feature `blocking`. Calls run on one small
//! runtime shared by the process.

use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use tokio::runtime::{Handle, Runtime, RuntimeFlavor};

use super::{CallResponse, CallState, Error, Operation, Response};

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

impl<O: Operation> CallState<O> {
    /// See `Call::blocking`.
    pub fn blocking(self) -> Result<O::Output, Error<O::Error>> {
        self.blocking_with_response().map(Response::into_body)
    }

    /// Sends the call and waits; the success keeps status and headers.
    pub fn blocking_with_response(self) -> Result<CallResponse<O>, Error<O::Error>> {
        let runtime = match RUNTIME.get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("custgen-runtime-blocking")
                .enable_all()
                .build()
                .map_err(|error| error.to_string())
        }) {
            Ok(runtime) => runtime,
            Err(error) => return Err(Error::Config(format!("the runtime for blocking calls could not start: {error}"))),
        };
        let Ok(handle) = Handle::try_current() else { return runtime.block_on(self.with_response()) };
        match handle.runtime_flavor() {
            // Moves off a worker or a `block_on` thread; elsewhere (inside
            // `spawn_blocking` or `block_in_place`) it simply runs the closure.
            RuntimeFlavor::MultiThread => tokio::task::block_in_place(|| runtime.block_on(self.with_response())),
            _ if polling_a_task() => Err(Error::Config(
                "a blocking call was made on an async runtime's own thread: use `.await`, or call it inside `spawn_blocking`"
                    .to_owned(),
            )),
            _ => runtime.block_on(self.with_response()),
        }
    }
}

/// `true` while a current-thread runtime is polling a task (or its
/// `block_on` future) on this thread. Tokio gives such a task a cooperative
/// budget, which runs out; `spawn_blocking` closures run without one.
/// The budget taken to find out is given back.
fn polling_a_task() -> bool {
    let mut context = Context::from_waker(Waker::noop());
    let mut taken = Vec::new();
    let mut budgeted = false;
    for _ in 0..=u8::MAX {
        match tokio::task::coop::poll_proceed(&mut context) {
            Poll::Ready(restore) => taken.push(restore),
            Poll::Pending => {
                budgeted = true;
                break;
            }
        }
    }
    // Each guard restores the budget it saw; the first one taken restores the original.
    while let Some(restore) = taken.pop() {
        drop(restore);
    }
    budgeted
}
