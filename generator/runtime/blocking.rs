//! Synchronous calls, for programs without an async runtime (cargo feature
//! `blocking`). Calls run on one small runtime shared by the process.

use std::sync::OnceLock;

use super::{Call, Error, Operation, Response};

static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();

impl<O: Operation> Call<'_, O> {
    /// Sends the call and waits for the body. Must not be used from inside
    /// an async runtime: that is an error, not a deadlock.
    pub fn blocking(self) -> Result<O::Output, Error<O::Error>> {
        self.blocking_with_response().map(Response::into_body)
    }

    /// Sends the call and waits; the success keeps status and headers.
    pub fn blocking_with_response(self) -> Result<Response<O::Output>, Error<O::Error>> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::Config("a blocking call was made inside an async runtime: use `.await`".to_owned()));
        }
        let runtime = RUNTIME.get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("generated-client-blocking")
                .enable_all()
                .build()
                .map_err(|error| error.to_string())
        });
        match runtime {
            Ok(runtime) => runtime.block_on(self.with_response()),
            Err(error) => Err(Error::Config(format!("the runtime for blocking calls could not start: {error}"))),
        }
    }
}
