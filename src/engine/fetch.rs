//! Getting index files: one small trait, so that the same engine reads files from disk natively
//! and through `fetch` in the browser.
//!
//! The engine itself never waits: it says which files a query needs
//! ([`super::Engine::files_needed`]), is given them ([`super::Engine::add_file`]), and searches.
//! [`super::Engine::run`] ties the three together for any [`Fetch`], fetching the files of each
//! round concurrently.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// Fetches an index file by name, relative to the index folder.
pub trait Fetch {
    fn fetch(&self, name: &str) -> impl Future<Output = Result<Vec<u8>, String>>;
}

/// Reads index files from a folder on disk.
pub struct FsFetch {
    pub dir: PathBuf,
}

impl Fetch for FsFetch {
    fn fetch(&self, name: &str) -> impl Future<Output = Result<Vec<u8>, String>> {
        let path = self.dir.join(name);
        std::future::ready(std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display())))
    }
}

/// Polls every future to completion, concurrently, keeping their order.
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx| {
        let mut pending = false;
        for (f, out) in futures.iter_mut().zip(outputs.iter_mut()) {
            if out.is_none() {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => *out = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(outputs.iter_mut().map(|o| o.take().expect("every future finished")).collect())
        }
    })
    .await
}

/// Runs a future to completion on this thread: for native use, where fetching from disk is
/// ready at once. Not for the browser, which has its own executor.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = Box::pin(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}
