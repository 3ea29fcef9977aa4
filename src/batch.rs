//! Many documents at once: a rayon pool over [`Analyzer::analyze`], with
//! results in input order and identical to one text at a time.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::analyzer::{Analyzer, Document};
use crate::error::{Error, Result};

/// One input of a batch: its text and, optionally, its author.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub text: &'a str,
    pub author: Option<&'a str>,
}

/// Analyses `inputs` on `threads` worker threads (`None`: rayon's default,
/// one per core). Each document's result is independent of the others and
/// of the thread count, because analysis has no shared mutable state.
pub fn analyze_batch(
    analyzer: &Analyzer,
    inputs: &[Input<'_>],
    threads: Option<usize>,
) -> Result<Vec<Result<Document>>> {
    map_batch(analyzer, inputs, threads, |_, doc| doc)
}

/// Analyses `inputs` like [`analyze_batch`] and hands each document, with
/// its input index, to `f` on the worker thread that made it: what `f` keeps
/// (a table's rows, a count) is built in parallel, and the document is
/// dropped at once instead of every document of the batch being held.
pub fn map_batch<T: Send>(
    analyzer: &Analyzer,
    inputs: &[Input<'_>],
    threads: Option<usize>,
    f: impl Fn(usize, Document) -> T + Sync + Send,
) -> Result<Vec<Result<T>>> {
    in_pool(threads, || {
        inputs
            .par_iter()
            .enumerate()
            .map(|(k, i)| analyzer.analyze(i.text, i.author).map(|d| f(k, d)))
            .collect()
    })
}

/// Analyses `inputs` like [`analyze_batch`] and folds each document into an
/// accumulator with `push(acc, input index, &document)` on the worker
/// thread that made it; the workers' accumulators are then joined with
/// `append(left, right)` in input order. Nothing is kept per document, and
/// the joining is a handful of large appends instead of one per document
/// (which, done on the calling thread, was serial work a second thread
/// could not share). On failure, returns the lowest failing input index and
/// its error; inputs after a failure in the same worker's share may be
/// skipped.
pub fn fold_batch<C: Default + Send>(
    analyzer: &Analyzer,
    inputs: &[Input<'_>],
    threads: Option<usize>,
    push: impl Fn(&mut C, usize, &Document) + Sync + Send,
    append: impl Fn(&mut C, C) + Sync + Send,
) -> Result<std::result::Result<C, (usize, Error)>> {
    in_pool(threads, || {
        fold_in_order(
            inputs,
            |input| analyzer.analyze(input.text, input.author),
            |acc, k, doc| push(acc, k, &doc),
            append,
        )
    })
}

/// How the calling thread of [`fold_slices`] waits for the next slice.
/// Rust callers block in place ([`Block`]); the Python bindings release the
/// GIL for the wait, so that other Python threads run meanwhile.
pub trait Wait {
    /// Runs `f` (which blocks) and returns its result.
    fn wait<T: Send>(&self, f: impl FnOnce() -> T + Send) -> T;
}

/// Waits in place.
#[derive(Clone, Copy, Debug, Default)]
pub struct Block;

impl Wait for Block {
    fn wait<T: Send>(&self, f: impl FnOnce() -> T + Send) -> T {
        f()
    }
}

/// Why [`fold_slices`] stopped before the end of its inputs.
#[derive(Debug)]
pub enum SliceError<E> {
    /// The input at `index` (of the whole batch) could not be analysed.
    Input { index: usize, error: Error },
    /// The thread pool could not be had (zero threads, or no thread starts).
    Pool(Error),
    /// `consume` returned this error.
    Consume(E),
}

/// About how much text [`fold_slices`] analyses per slice on one thread (or
/// when called from a rayon worker): large enough that handing a slice over
/// costs little, small enough that progress and Ctrl-C are seen often.
pub const SLICE_BYTES: usize = 256 * 1024;

/// About how much text a slice holds when [`fold_slices`] runs on several
/// threads (a slice ends at the first text that reaches its share), where
/// each slice is folded by one thread alone: small enough that the slice
/// the calling thread waits for is done soon after it is begun, that the
/// calling thread, folding one of its own, is not long away from
/// `consume`, and that the last slice, which nothing overlaps, is short;
/// large enough that handing it over (a channel message, now and then a
/// wake-up) is well under 1% of its work. A small batch gets smaller
/// slices (see [`job_bytes`]).
pub const JOB_BYTES: usize = 64 * 1024;

/// How many slices per thread may be analysed or awaiting `consume` at
/// once: one being analysed, and slack for a slice that takes long (a
/// long text) and for the calling thread's own folds; few, so that memory
/// holds only this many slices' output however long the batch.
pub const JOBS_PER_THREAD: usize = 3;

/// How a batch is cut into the ranges that [`fold_slices`] hands over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// Slices consumed one at a time, each folded on the calling thread
    /// (one thread) or by a whole pool (a call from inside one): about
    /// [`SLICE_BYTES`] each.
    Slices,
    /// Ranges each folded by one thread alone, for `threads` threads (see
    /// [`job_bytes`]).
    Jobs { threads: usize },
}

/// The ranges of `inputs` for `cut` (see [`slices`]).
pub fn cut(inputs: &[Input<'_>], cut: Cut) -> Vec<Range<usize>> {
    let target = match cut {
        Cut::Slices => SLICE_BYTES,
        Cut::Jobs { threads } => job_bytes(inputs.iter().map(|i| i.text.len()).sum(), threads),
    };
    slices(inputs, target)
}

/// The text per job for a batch of `total` bytes on `threads` threads:
/// [`JOB_BYTES`], or less for a small batch, so that each thread gets
/// several (a slice is folded by one thread alone, so fewer slices than
/// threads would leave threads idle), but not under `JOB_BYTES / TAPER`.
pub fn job_bytes(total: usize, threads: usize) -> usize {
    (total / JOBS_PER_THREAD.saturating_mul(threads).max(1)).clamp(JOB_BYTES / TAPER, JOB_BYTES)
}

/// Consecutive ranges of `inputs` of about `target` bytes of text each: a
/// range ends at the first input that brings it to its share, so none is
/// empty. Towards the end of the batch the share shrinks to half of the
/// bytes still to come, down to `target / TAPER`: the last slice is the one
/// that [`fold_slices`] consumes with nothing to overlap it, so it is small.
pub fn slices(inputs: &[Input<'_>], target: usize) -> Vec<Range<usize>> {
    let mut left: usize = inputs.iter().map(|i| i.text.len()).sum();
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    let mut share = slice_share(left, target);
    for (i, input) in inputs.iter().enumerate() {
        bytes += input.text.len();
        if bytes >= share {
            out.push(start..i + 1);
            left -= bytes;
            (start, bytes) = (i + 1, 0);
            share = slice_share(left, target);
        }
    }
    if start < inputs.len() {
        out.push(start..inputs.len());
    }
    out
}

/// How much smaller than `target` the last slices of a batch may get.
const TAPER: usize = 16;

/// The bytes of the next slice when `left` bytes are still to come.
fn slice_share(left: usize, target: usize) -> usize {
    (left / 2).clamp(target / TAPER, target)
}

/// Analyses `inputs` slice by slice (see [`slices`]), folds each slice's
/// documents — `push(acc, input index, &document)` on the worker that made
/// the document, `append` to join workers' shares in order where a slice
/// is shared — and hands each slice's accumulator, in input order, to
/// `consume(range of inputs, acc)` on the calling thread.
///
/// Called from outside a rayon pool on several threads (`threads` other
/// than `Some(1)`; `None` is as many as rayon's global pool has, which it
/// starts, though the work runs on a kept pool of this module's), the
/// calling thread is one of the threads, beside a pool of the others. Each
/// slice (about [`JOB_BYTES`], see [`Cut::Jobs`]) is folded by one thread
/// alone, begun in order, up to [`JOBS_PER_THREAD`] per thread ahead of
/// `consume`: later slices are being analysed while `consume` handles the
/// last one, so work that only the calling thread can do (in Python:
/// making Python objects under the GIL) does not leave the pool idle, and
/// between its `consume`s the calling thread analyses slices too.
///
/// On one thread everything runs on the calling thread. Called from inside
/// a rayon pool, each slice is folded in parallel, on a pool of `threads`
/// threads or, for `None`, on the pool the call came from, while the
/// calling thread waits: one slice (about [`SLICE_BYTES`]) after another.
/// The calling thread analyses, and blocks, only inside `wait`.
///
/// On failure nothing from the failing slice on is consumed: an input error
/// names the lowest failing input, and an error from `consume` stops the
/// analysis (the slices under way are finished, then dropped). A panic in
/// the analysis is raised on the calling thread with its own message.
pub fn fold_slices<C: Default + Send, E>(
    analyzer: &Analyzer,
    inputs: &[Input<'_>],
    threads: Option<usize>,
    wait: &impl Wait,
    push: impl Fn(&mut C, usize, &Document) + Sync + Send,
    append: impl Fn(&mut C, C) + Sync + Send,
    consume: impl FnMut(Range<usize>, C) -> std::result::Result<(), E>,
) -> std::result::Result<(), SliceError<E>> {
    pipeline(
        inputs,
        |how| cut(inputs, how),
        threads,
        wait,
        |input| analyzer.analyze(input.text, input.author),
        |acc, k, doc| push(acc, k, &doc),
        append,
        consume,
    )
}

/// [`fold_slices`] over any fallible `f` and `items` cut into ranges by
/// `cut` (see [`Cut`]).
#[allow(clippy::too_many_arguments)]
fn pipeline<I: Sync, R, C: Default + Send, E>(
    items: &[I],
    cut: impl Fn(Cut) -> Vec<Range<usize>>,
    threads: Option<usize>,
    wait: &impl Wait,
    f: impl Fn(&I) -> Result<R> + Sync + Send,
    push: impl Fn(&mut C, usize, R) + Sync + Send,
    append: impl Fn(&mut C, C) + Sync + Send,
    consume: impl FnMut(Range<usize>, C) -> std::result::Result<(), E>,
) -> std::result::Result<(), SliceError<E>> {
    // A slice's documents folded in order on the current pool.
    let parallel = |range: &Range<usize>| {
        let start = range.start;
        fold_in_order(
            items.get(range.clone()).unwrap_or_default(),
            &f,
            |acc, k, r| push(acc, start + k, r),
            &append,
        )
        .map_err(|(k, error)| (start + k, error))
    };
    // A range's items folded in order on the current thread.
    let serial = |range: &Range<usize>| {
        let mut acc = C::default();
        for k in range.clone() {
            let Some(item) = items.get(k) else { break };
            push(&mut acc, k, f(item).map_err(|e| (k, e))?);
        }
        Ok(acc)
    };
    match threads {
        Some(0) => Err(SliceError::Pool(zero_threads())),
        // In order, on this thread: `fold_in_order` outside a pool would
        // run on rayon's global pool, on every core.
        Some(1) => one_by_one(cut(Cut::Slices), wait, serial, consume),
        // On a rayon worker, a thread blocked on a channel is invisible to
        // rayon: were every worker of the pool to call this, none would be
        // left to analyse the slices. There each slice is analysed in the
        // pool and waited for the way rayon waits (working meanwhile).
        _ if rayon::current_thread_index().is_some() => {
            let pool = threads.map(pool).transpose().map_err(SliceError::Pool)?;
            let fold = |range: &Range<usize>| match &pool {
                Some(p) => p.install(|| parallel(range)),
                None => parallel(range),
            };
            one_by_one(cut(Cut::Slices), wait, fold, consume)
        }
        _ => match threads.unwrap_or_else(rayon::current_num_threads) {
            1 => one_by_one(cut(Cut::Slices), wait, serial, consume),
            n => overlapped(cut, n, wait, &serial, consume),
        },
    }
}

/// A slice's fold: its accumulator, or its lowest failing input.
type Folded<C> = std::result::Result<C, (usize, Error)>;

/// Folds each of `ranges` with `fold` inside `wait`, then consumes it: one
/// slice after another, on the calling thread.
fn one_by_one<C: Send, E>(
    ranges: Vec<Range<usize>>,
    wait: &impl Wait,
    fold: impl Fn(&Range<usize>) -> Folded<C> + Sync,
    mut consume: impl FnMut(Range<usize>, C) -> std::result::Result<(), E>,
) -> std::result::Result<(), SliceError<E>> {
    for range in ranges {
        let acc = wait
            .wait(|| fold(&range))
            .map_err(|(index, error)| SliceError::Input { index, error })?;
        consume(range, acc).map_err(SliceError::Consume)?;
    }
    Ok(())
}

/// A slice's position in the batch, its range, and its fold or the panic
/// that ended the fold.
type Done<C> = (usize, Range<usize>, std::thread::Result<Folded<C>>);

/// The many-thread [`pipeline`] on `threads` threads: the calling thread
/// and a pool of `threads - 1` workers fold whole slices, each claimed in
/// order by whichever thread is free (see [`Claims`]), never more than
/// [`JOBS_PER_THREAD`] per thread ahead of `consume`; the calling thread
/// consumes them in order, and folds slices itself while the next one to
/// consume is not ready (see [`Lead`]).
///
/// The calling thread is one of the `threads` so that no more threads run
/// than were asked for: with a pool of `threads` workers beside it, two
/// threads were three on two cores, and the preemptions cost more CPU
/// time than the same instructions on one thread (docs/performance.md).
/// Slices are claimed when a thread begins them, not handed out ahead, so
/// that at the end of the batch no thread holds a queue of them while
/// another is idle. Batches that other threads run at the same time on
/// as many threads share the pool: between two slices a worker lets the
/// others' jobs run (see [`work`]), and each batch has its calling thread.
fn overlapped<C: Send, E>(
    cut: impl FnOnce(Cut) -> Vec<Range<usize>>,
    threads: usize,
    wait: &impl Wait,
    fold: &(impl Fn(&Range<usize>) -> Folded<C> + Sync),
    consume: impl FnMut(Range<usize>, C) -> std::result::Result<(), E>,
) -> std::result::Result<(), SliceError<E>> {
    // Made inside `wait`: starting threads is no work for the GIL holder.
    let pool = wait.wait(|| helpers(threads - 1)).map_err(SliceError::Pool)?;
    // Sized by the pool rayon made, which may have fewer threads than asked.
    let workers = pool.current_num_threads();
    let threads = workers.saturating_add(1);
    let claims = Claims::new(cut(Cut::Jobs { threads }), JOBS_PER_THREAD.saturating_mul(threads));
    let (reports, finished) = std::sync::mpsc::channel();
    let claims = &claims;
    let mut lead = Lead { claims, workers, spawned: 0, finished, ready: Default::default() };
    let outcome = pool.in_place_scope(|scope| {
        let spawn = || {
            let reports = reports.clone();
            scope.spawn(move |_| work(claims, fold, &reports));
        };
        // A panic in `consume` is held until the jobs have ended, so that
        // they end while the calling thread is inside `wait` (in Python:
        // without the GIL), then raised.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lead.run(wait, fold, consume, spawn)
        }));
        // Every job reports its end before it ends, so the scope's own wait
        // for them, with the GIL held, is short.
        lead.end(wait);
        outcome
    });
    match outcome {
        Err(panic) | Ok(Err(Stop::Panic(panic))) => std::panic::resume_unwind(panic),
        Ok(Err(Stop::Input(index, error))) => Err(SliceError::Input { index, error }),
        Ok(Err(Stop::Consume(e))) => Err(SliceError::Consume(e)),
        Ok(Ok(())) => Ok(()),
    }
}

/// What a worker's job tells the calling thread.
enum Report<C> {
    /// A slice it folded.
    Folded(Done<C>),
    /// It found no slice to claim and has ended.
    Ended,
}

/// A worker's job: folds slices for as long as one may be claimed, then
/// reports its end. One job folds many slices, so that a worker goes on
/// while the calling thread, which spawns jobs, is busy folding a slice
/// of its own or in `consume`; between two slices it lets a waiting job
/// of another batch run.
fn work<C: Send>(
    claims: &Claims,
    fold: &impl Fn(&Range<usize>) -> Folded<C>,
    reports: &std::sync::mpsc::Sender<Report<C>>,
) {
    loop {
        while let Some(job) = claims.claim() {
            // The calling thread holds the receiver until every job has
            // ended, so a send does not fail.
            let _ = reports.send(Report::Folded(fold_job(job, fold)));
            // A job of another batch waiting on this pool runs now, here,
            // not once this batch is done: batches on the same pool take
            // turns, and none waits for another to end (see `helpers`).
            let _ = rayon::yield_now();
        }
        if claims.retire() {
            break;
        }
    }
    let _ = reports.send(Report::Ended);
}

/// Folds a claimed slice. A panic travels to the calling thread as a
/// value: left to rayon, it would surface only once every job had ended,
/// and out of batch order.
fn fold_job<C>(
    (position, range): (usize, Range<usize>),
    fold: &impl Fn(&Range<usize>) -> Folded<C>,
) -> Done<C> {
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fold(&range)));
    (position, range, out)
}

/// The slices of a batch, claimed in order, one at a time, by whichever
/// thread is free, never more than `window` slices past the first one not
/// yet consumed, so that memory holds at most that many slices' output.
struct Claims {
    ranges: Vec<Range<usize>>,
    window: usize,
    /// The next slice to claim.
    next: AtomicUsize,
    /// Slices from here on may not be claimed yet.
    limit: AtomicUsize,
    /// Workers' jobs that are claiming slices (see [`Claims::retire`]).
    running: AtomicUsize,
}

impl Claims {
    fn new(ranges: Vec<Range<usize>>, window: usize) -> Self {
        let limit = AtomicUsize::new(window.min(ranges.len()));
        Claims { ranges, window, next: AtomicUsize::new(0), limit, running: AtomicUsize::new(0) }
    }

    /// The next slice and its position, if one may be begun now.
    fn claim(&self) -> Option<(usize, Range<usize>)> {
        let limit = self.limit.load(Ordering::SeqCst);
        let k = self
            .next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |k| (k < limit).then_some(k + 1));
        k.ok().and_then(|k| Some((k, self.ranges.get(k)?.clone())))
    }

    /// Whether a slice may be begun now.
    fn open(&self) -> bool {
        self.next.load(Ordering::SeqCst) < self.limit.load(Ordering::SeqCst)
    }

    /// The first `n` slices have been consumed: the window moves on.
    fn consumed(&self, n: usize) {
        let limit = n.saturating_add(self.window).min(self.ranges.len());
        self.limit.fetch_max(limit, Ordering::SeqCst);
    }

    /// No slice may be begun from now on.
    fn close(&self) {
        self.next.fetch_max(self.ranges.len(), Ordering::SeqCst);
    }

    /// A worker's job found nothing to claim: true if it is to end, false
    /// if a slice was freed meanwhile and it is to go on. It leaves
    /// `running` before it looks again, while the calling thread moves the
    /// window before it counts `running` (all `SeqCst`), so that one of the
    /// two sees the other: this job goes on, or the calling thread spawns
    /// another, or both (an extra job then finds little or nothing to
    /// claim); a freed slice is never left to no one.
    fn retire(&self) -> bool {
        self.running.fetch_sub(1, Ordering::SeqCst);
        if self.open() {
            self.running.fetch_add(1, Ordering::SeqCst);
            return false;
        }
        true
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }
}

/// Why [`Lead::run`] stopped early.
enum Stop<E> {
    Input(usize, Error),
    Consume(E),
    Panic(Box<dyn std::any::Any + Send>),
}

/// The calling thread's part of [`overlapped`].
struct Lead<'a, C> {
    claims: &'a Claims,
    /// The pool's threads: how many jobs may claim slices at once.
    workers: usize,
    /// Jobs spawned that have not reported their end.
    spawned: usize,
    finished: std::sync::mpsc::Receiver<Report<C>>,
    /// Folded slices not yet consumed, by position.
    ready: std::collections::BTreeMap<usize, (Range<usize>, std::thread::Result<Folded<C>>)>,
}

impl<C: Send> Lead<'_, C> {
    /// Consumes the slices in batch order as they are ready, keeping a job
    /// claiming slices on each worker (`spawn`); while the next slice is
    /// not ready, folds the next unclaimed one itself, or, when none may
    /// be begun, waits for a worker's report. Failures are taken in batch
    /// order too, a panic like an input error, so the outcome does not
    /// depend on which slice finished first: the same as on one thread.
    fn run<E>(
        &mut self,
        wait: &impl Wait,
        fold: &(impl Fn(&Range<usize>) -> Folded<C> + Sync),
        mut consume: impl FnMut(Range<usize>, C) -> std::result::Result<(), E>,
        spawn: impl Fn(),
    ) -> std::result::Result<(), Stop<E>> {
        let mut next = 0;
        while next < self.claims.len() {
            while let Ok(report) = self.finished.try_recv() {
                self.take(report);
            }
            self.supply(&spawn);
            if let Some((range, out)) = self.ready.remove(&next) {
                let acc = out.map_err(Stop::Panic)?.map_err(|(i, error)| Stop::Input(i, error))?;
                consume(range, acc).map_err(Stop::Consume)?;
                next += 1;
                self.claims.consumed(next);
            } else if let Some(job) = self.claims.claim() {
                let (position, range, out) = wait.wait(|| fold_job(job, fold));
                self.ready.insert(position, (range, out));
            } else {
                // Slice `next` is neither ready nor to be claimed, so a
                // worker is folding it: its report is on the way.
                let rx = &mut self.finished;
                match wait.wait(move || rx.recv()) {
                    Ok(report) => self.take(report),
                    Err(_) => unreachable!("`overlapped` holds a sender"),
                }
            }
        }
        Ok(())
    }

    fn take(&mut self, report: Report<C>) {
        match report {
            Report::Folded((position, range, out)) => {
                self.ready.insert(position, (range, out));
            }
            Report::Ended => self.spawned -= 1,
        }
    }

    /// Spawns a job for each worker that has none, while slices may be
    /// claimed.
    fn supply(&mut self, spawn: &impl Fn()) {
        while self.claims.running.load(Ordering::SeqCst) < self.workers && self.claims.open() {
            self.claims.running.fetch_add(1, Ordering::SeqCst);
            spawn();
            self.spawned += 1;
        }
    }

    /// Stops the claiming and waits, inside `wait`, until every job has
    /// ended (the slices under way are finished, then dropped).
    fn end(&mut self, wait: &impl Wait) {
        self.claims.close();
        let (rx, mut left) = (&mut self.finished, self.spawned);
        wait.wait(move || {
            while left > 0 {
                match rx.recv() {
                    Ok(Report::Ended) => left -= 1,
                    Ok(Report::Folded(_)) => {}
                    Err(_) => break,
                }
            }
        });
        self.spawned = 0;
    }
}

/// Maps `items` with the fallible `f` in parallel (on the current pool) and
/// folds the results in input order (see [`fold_batch`]): the lowest failing
/// index and its error, or everything pushed and appended in order.
fn fold_in_order<I: Sync, R, C: Default + Send, E: Send>(
    items: &[I],
    f: impl Fn(&I) -> std::result::Result<R, E> + Sync + Send,
    push: impl Fn(&mut C, usize, R) + Sync + Send,
    append: impl Fn(&mut C, C) + Sync + Send,
) -> std::result::Result<C, (usize, E)> {
    items
        .par_iter()
        .enumerate()
        .fold(
            || Ok(C::default()),
            |acc: std::result::Result<C, (usize, E)>, (k, item)| {
                // A share is a run of consecutive inputs folded in order:
                // the first error it keeps is its lowest.
                let mut acc = acc?;
                push(&mut acc, k, f(item).map_err(|e| (k, e))?);
                Ok(acc)
            },
        )
        .reduce(
            || Ok(C::default()),
            // `left` holds earlier inputs than `right`: its error wins.
            |left, right| {
                let mut left = left?;
                append(&mut left, right?);
                Ok(left)
            },
        )
}

/// Runs `f` (which may use rayon's parallel iterators) on a pool of
/// `threads` threads; `None` uses rayon's global pool, one thread per core.
///
/// Pools are kept for reuse (one per thread count, up to
/// [`MAX_CACHED_THREADS`]): a notebook calls in batch after batch, and
/// starting fresh threads each time costs their warm-up (stacks, allocator
/// caches) on every call.
pub fn in_pool<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(zero_threads()),
        Some(n) => Ok(pool(n)?.install(f)),
    }
}

/// A thread count of zero: refused, since rayon would read it as "all".
fn zero_threads() -> Error {
    Error::InvalidInput("threads must be at least 1".into())
}

/// Thread counts above this get a pool of their own per call.
pub const MAX_CACHED_THREADS: usize = 256;

fn pool(n: usize) -> Result<Arc<ThreadPool>> {
    static POOLS: PoolCache = OnceLock::new();
    cached(&POOLS, n)
}

/// The workers beside the calling thread of [`fold_slices`]: pools of their
/// own, not [`in_pool`]'s, because a batch ends only once its jobs have
/// run, and a long `analyze_batch` on a shared pool would hold back a
/// batch whose calling thread had already folded every slice itself.
/// (Batches of `fold_slices` on one pool do not hold each other back: a
/// worker lets waiting jobs run between two slices, see [`work`].)
fn helpers(n: usize) -> Result<Arc<ThreadPool>> {
    static HELPERS: PoolCache = OnceLock::new();
    cached(&HELPERS, n)
}

type PoolCache = OnceLock<Mutex<HashMap<usize, Arc<ThreadPool>>>>;

/// The pool of `n` threads kept in `cache`, made on first use.
fn cached(cache: &PoolCache, n: usize) -> Result<Arc<ThreadPool>> {
    let build = || {
        ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Arc::new)
            .map_err(|e| Error::InvalidInput(format!("cannot start {n} threads: {e}")))
    };
    if n > MAX_CACHED_THREADS {
        return build();
    }
    // A poisoned lock only means another caller panicked while inserting;
    // the map itself is still a valid cache.
    let mut pools = cache.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = pools.get(&n) {
        return Ok(Arc::clone(p));
    }
    let p = build()?;
    pools.insert(n, Arc::clone(&p));
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_matches_one_at_a_time_in_order() {
        let analyzer = Analyzer::default();
        let texts = [
            "“We are ready,” the minister said. Talks will resume.",
            "",
            "Officials denied the report. Mr. Smith warned of a high price.",
        ];
        let inputs: Vec<Input> = texts.iter().map(|t| Input { text: t, author: None }).collect();
        for threads in [None, Some(1), Some(2)] {
            let out = analyze_batch(&analyzer, &inputs, threads).unwrap();
            assert_eq!(out.len(), texts.len());
            for (doc, text) in out.iter().zip(texts) {
                let doc = doc.as_ref().unwrap();
                let one = analyzer.analyze(text, None).unwrap();
                assert_eq!(doc.text, text);
                assert_eq!(doc.sentences, one.sentences);
                assert_eq!(doc.statements, one.statements);
                assert_eq!(doc.scores, one.scores);
            }
        }
    }

    #[test]
    fn fold_batch_joins_in_input_order() {
        let analyzer = Analyzer::default();
        // Enough texts that rayon splits them across workers.
        let texts: Vec<String> = (0..200)
            .map(|i| format!("“Talks on item {i} will resume,” the minister said. We agree."))
            .collect();
        let inputs: Vec<Input> = texts.iter().map(|t| Input { text: t, author: None }).collect();
        let sequential: Vec<(usize, usize)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i, analyzer.analyze(t, None).unwrap().statements.len()))
            .collect();
        assert!(sequential.iter().all(|&(_, n)| n >= 1));
        for threads in [None, Some(1), Some(2), Some(3)] {
            let rows = fold_batch(
                &analyzer,
                &inputs,
                threads,
                |acc: &mut Vec<(usize, usize)>, i, d| acc.push((i, d.statements.len())),
                |acc, more| acc.extend(more),
            )
            .unwrap()
            .unwrap();
            assert_eq!(rows, sequential, "{threads:?}");
        }
    }

    #[test]
    fn fold_in_order_reports_the_lowest_failure() {
        let items: Vec<usize> = (0..500).collect();
        let collect = |acc: &mut Vec<usize>, _, x| acc.push(x);
        let extend = |acc: &mut Vec<usize>, more: Vec<usize>| acc.extend(more);
        for threads in [1, 2, 3] {
            for bad in [vec![], vec![0], vec![499], vec![7, 300], vec![250, 251, 30]] {
                let got = in_pool(Some(threads), || {
                    fold_in_order(
                        &items,
                        |&x| if bad.contains(&x) { Err(format!("bad {x}")) } else { Ok(x * 2) },
                        collect,
                        extend,
                    )
                })
                .unwrap();
                match bad.iter().min() {
                    None => assert_eq!(got, Ok(items.iter().map(|x| x * 2).collect())),
                    Some(&low) => assert_eq!(got, Err((low, format!("bad {low}"))), "{threads}"),
                }
            }
        }
    }

    #[test]
    fn slices_cover_the_inputs_in_order() {
        let texts: Vec<String> = (0..60).map(|i| "x".repeat((i * 37) % 23)).collect();
        let inputs: Vec<Input> = texts.iter().map(|t| Input { text: t, author: None }).collect();
        let bytes = |r: Range<usize>| -> usize { texts[r].iter().map(String::len).sum() };
        for n in [0, 1, 2, 17, 60] {
            for target in [0, 1, 10, 50, 160, 10_000] {
                let ranges = slices(&inputs[..n], target);
                let mut next = 0;
                for (j, r) in ranges.iter().enumerate() {
                    assert_eq!(r.start, next, "contiguous");
                    assert!(r.end > r.start, "no empty slice");
                    // Its share: `target`, or half of what is left near the
                    // end, but not under target / 16.
                    let left = bytes(r.start..n);
                    let share = (left / 2).max(target / 16).min(target);
                    if j + 1 < ranges.len() {
                        assert!(bytes(r.clone()) >= share, "only the last is short");
                        // It ends at the first input that fills it.
                        assert!(r.len() == 1 || bytes(r.start..r.end - 1) < share);
                    }
                    next = r.end;
                }
                assert_eq!(next, n, "every input in some slice");
            }
        }
    }

    #[test]
    fn the_last_slices_taper() {
        // 400 texts of 1 KB: full 16 KB slices first, then ever smaller
        // ones, so the last to be consumed is small.
        let texts: Vec<String> = (0..400).map(|_| "y".repeat(1024)).collect();
        let inputs: Vec<Input> = texts.iter().map(|t| Input { text: t, author: None }).collect();
        let ranges = slices(&inputs, 16 * 1024);
        let sizes: Vec<usize> = ranges.iter().map(ExactSizeIterator::len).collect();
        assert_eq!(sizes[0], 16);
        assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "{sizes:?}");
        assert!(sizes.last().is_some_and(|&s| s <= 2), "{sizes:?}");
        assert!(sizes.len() < 400 / 16 + 6, "{sizes:?}");
    }

    /// Each consumed slice: its range and its (index, value) rows.
    type Consumed = Vec<(Range<usize>, Vec<(usize, usize)>)>;

    /// Runs [`pipeline`] and returns what was consumed.
    fn consumed(
        items: &[usize],
        step: usize,
        threads: Option<usize>,
        f: impl Fn(&usize) -> Result<usize> + Sync + Send,
        stop_at: Option<usize>,
    ) -> (Consumed, std::result::Result<(), SliceError<String>>) {
        let ranges: Vec<Range<usize>> =
            (0..items.len()).step_by(step).map(|a| a..(a + step).min(items.len())).collect();
        let mut got = Vec::new();
        let out = pipeline(
            items,
            |_| ranges.clone(),
            threads,
            &Block,
            f,
            |acc: &mut Vec<(usize, usize)>, k, r| acc.push((k, r)),
            |acc, more| acc.extend(more),
            |range, acc| {
                if stop_at == Some(got.len()) {
                    return Err(format!("stop at {}", range.start));
                }
                got.push((range, acc));
                Ok(())
            },
        );
        (got, out)
    }

    #[test]
    fn slices_are_consumed_in_order_whatever_the_threads() {
        let items: Vec<usize> = (0..500).collect();
        let expected: Vec<(usize, usize)> = items.iter().map(|&x| (x, x * 3)).collect();
        for threads in [None, Some(1), Some(2), Some(3)] {
            let (got, out) = consumed(&items, 37, threads, |&x| Ok(x * 3), None);
            assert!(out.is_ok(), "{threads:?}");
            assert_eq!(got.len(), 500_usize.div_ceil(37));
            for (range, rows) in &got {
                let keys: Vec<usize> = rows.iter().map(|&(k, _)| k).collect();
                assert_eq!(keys, range.clone().collect::<Vec<_>>(), "rows carry batch indices");
            }
            let rows: Vec<(usize, usize)> = got.into_iter().flat_map(|(_, r)| r).collect();
            assert_eq!(rows, expected, "{threads:?}");
        }
    }

    #[test]
    fn a_failing_input_stops_before_its_slice() {
        let items: Vec<usize> = (0..500).collect();
        for threads in [None, Some(1), Some(2), Some(3)] {
            for bad in [vec![0], vec![499], vec![40, 300], vec![260, 259, 30]] {
                let f = |&x: &usize| {
                    if bad.contains(&x) {
                        Err(Error::InvalidInput(format!("bad {x}")))
                    } else {
                        Ok(x)
                    }
                };
                let (got, out) = consumed(&items, 37, threads, f, None);
                let low = bad.iter().copied().min().unwrap_or_default();
                match out {
                    Err(SliceError::Input { index, error }) => {
                        assert_eq!(index, low, "{threads:?}");
                        assert!(error.to_string().contains(&format!("bad {low}")));
                    }
                    other => panic!("expected the failure of input {low}, got {other:?}"),
                }
                assert_eq!(got.len(), low / 37, "consumed: every slice before the failing one");
            }
        }
    }

    /// How many slices may be unconsumed at once on `threads` threads.
    fn in_flight(threads: Option<usize>) -> usize {
        match threads {
            Some(1) => 1,
            _ => JOBS_PER_THREAD * threads.unwrap_or_else(rayon::current_num_threads),
        }
    }

    #[test]
    fn on_a_pool_each_slice_is_folded_by_one_thread() {
        // So slices finish about in the order they are begun, and the one
        // the calling thread waits for is the oldest under way.
        let items: Vec<usize> = (0..600).collect();
        for threads in [None, Some(2), Some(4)] {
            let ran_on = Mutex::new(vec![None; items.len()]);
            let (got, out) = consumed(
                &items,
                12,
                threads,
                |&x| {
                    let mut ran = ran_on.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(slot) = ran.get_mut(x) {
                        *slot = Some(std::thread::current().id());
                    }
                    Ok(x)
                },
                None,
            );
            assert!(out.is_ok(), "{threads:?}");
            let ran = ran_on.lock().unwrap_or_else(|e| e.into_inner());
            for (range, _) in &got {
                let first = ran.get(range.start).copied().flatten();
                assert!(first.is_some());
                assert!(
                    ran.get(range.clone()).is_some_and(|r| r.iter().all(|&t| t == first)),
                    "{threads:?}: slice {range:?} was shared between threads"
                );
            }
        }
    }

    #[test]
    fn the_calling_thread_is_one_of_the_threads() {
        // As many threads analyse as were asked for, the calling thread
        // among them: never one more, which would share the cores.
        let items: Vec<usize> = (0..400).collect();
        let here = std::thread::current().id();
        for threads in [2, 3] {
            let ran_on = Mutex::new(std::collections::HashSet::new());
            let f = |&x: &usize| {
                // Slow enough that the calling thread finds slices to fold.
                std::thread::sleep(std::time::Duration::from_micros(200));
                ran_on
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(std::thread::current().id());
                Ok(x)
            };
            let (got, out) = consumed(&items, 10, Some(threads), f, None);
            assert!(out.is_ok());
            assert_eq!(got.iter().map(|(_, r)| r.len()).sum::<usize>(), items.len());
            let ran = ran_on.into_inner().unwrap_or_else(|e| e.into_inner());
            assert!(ran.len() <= threads, "{threads} threads asked for, {} analysed", ran.len());
            assert!(ran.contains(&here), "{threads} threads: the calling thread analysed nothing");
        }
    }

    #[test]
    fn a_worker_goes_on_while_the_calling_thread_folds() {
        // While the calling thread folds a slow slice of its own, the
        // worker folds the rest of the window: four slices here (of six on
        // two threads), not only those it had been handed before.
        let step = 10;
        let here = std::thread::current().id();
        let (blocked, by_worker) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let most = AtomicUsize::new(0);
        let f = |&x: &usize| {
            if std::thread::current().id() != here {
                // Slow enough that the worker cannot finish two slices
                // between the calling thread's look at its reports and its
                // claim.
                std::thread::sleep(std::time::Duration::from_micros(100));
                if x % step == step - 1 {
                    by_worker.fetch_add(1, Ordering::SeqCst);
                }
            } else if blocked.fetch_add(1, Ordering::SeqCst) == 0 {
                let start = by_worker.load(Ordering::SeqCst);
                let give_up = std::time::Instant::now() + std::time::Duration::from_secs(20);
                while by_worker.load(Ordering::SeqCst) < start + 4
                    && std::time::Instant::now() < give_up
                {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                most.store(by_worker.load(Ordering::SeqCst) - start, Ordering::SeqCst);
            }
            Ok(x)
        };
        let items: Vec<usize> = (0..40 * step).collect();
        let (got, out) = consumed(&items, step, Some(2), f, None);
        assert!(out.is_ok());
        assert_eq!(got.len(), 40);
        let most = most.load(Ordering::SeqCst);
        assert!(most >= 4, "the worker folded {most} slices while the calling thread folded one");
    }

    #[test]
    fn a_busy_pool_elsewhere_does_not_hold_back_a_batch() {
        // `analyze_batch` and friends run on pools of their own: a long
        // one on one thread must not keep a two-thread batch from ending.
        let run = within(|| {
            let (started, has_started) = std::sync::mpsc::channel();
            let (release, released) = std::sync::mpsc::channel::<()>();
            let busy = std::thread::spawn(move || {
                in_pool(Some(1), move || {
                    let _ = started.send(());
                    let _ = released.recv();
                })
            });
            let _ = has_started.recv();
            let items: Vec<usize> = (0..100).collect();
            let (got, out) = consumed(&items, 10, Some(2), |&x| Ok(x), None);
            let _ = release.send(());
            let _ = busy.join();
            (got.len(), out.is_ok())
        });
        assert_eq!(run.expect("no panic"), (10, true));
    }

    #[test]
    fn two_batches_on_one_pool_do_not_wait_for_each_other() {
        // A long batch and a short one on two threads each (one pool of
        // one worker): the short one ends while the long one runs, rather
        // than once the long one's job has left the worker.
        let run = within(|| {
            let (started, has_started) = std::sync::mpsc::channel();
            let short_done = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let long_left = Arc::new(AtomicUsize::new(20_000));
            let (done, left) = (Arc::clone(&short_done), Arc::clone(&long_left));
            let long = std::thread::spawn(move || {
                let items: Vec<usize> = (0..20_000).collect();
                let f = |&x: &usize| {
                    let _ = started.send(());
                    if !done.load(Ordering::SeqCst) {
                        std::thread::sleep(std::time::Duration::from_micros(500));
                    }
                    left.fetch_sub(1, Ordering::SeqCst);
                    Ok(x)
                };
                consumed(&items, 10, Some(2), f, None).1.is_ok()
            });
            let _ = has_started.recv();
            let items: Vec<usize> = (0..200).collect();
            let (got, out) = consumed(&items, 10, Some(2), |&x| Ok(x), None);
            let left = long_left.load(Ordering::SeqCst);
            short_done.store(true, Ordering::SeqCst);
            (got.len(), out.is_ok(), left, long.join().ok())
        });
        let (slices, ok, left, long) = run.expect("no panic");
        assert_eq!((slices, ok, long), (20, true, Some(true)));
        assert!(left > 0, "the short batch ended only once the long one had");
    }

    #[test]
    fn a_small_batch_is_cut_into_jobs_for_every_thread() {
        // A slice is one thread's alone: 100 KB cut into 64 KB slices would
        // keep all but two of sixteen threads idle.
        let texts: Vec<String> = (0..100).map(|i| format!("Text {i}. ").repeat(100)).collect();
        let inputs: Vec<Input> = texts.iter().map(|t| Input { text: t, author: None }).collect();
        let total: usize = texts.iter().map(String::len).sum();
        for threads in [2, 4, 16] {
            let jobs = cut(&inputs, Cut::Jobs { threads });
            assert!(jobs.len() >= threads, "{threads} threads: {} jobs", jobs.len());
            let bytes = |r: &Range<usize>| {
                texts.get(r.clone()).map_or(0, |t| t.iter().map(String::len).sum())
            };
            assert!(jobs.iter().all(|r| bytes(r) <= job_bytes(total, threads) + 1000));
        }
        // A large batch keeps whole jobs, and one thread whole slices.
        assert_eq!(job_bytes(100 * JOB_BYTES, 4), JOB_BYTES);
        assert_eq!(job_bytes(0, 4), JOB_BYTES / TAPER);
        assert!(cut(&inputs, Cut::Slices).len() < cut(&inputs, Cut::Jobs { threads: 2 }).len());
    }

    #[test]
    fn a_failing_consumer_stops_the_analysis() {
        for threads in [None, Some(1), Some(2)] {
            // Ten times the inputs that may be analysed after the stop.
            let items: Vec<usize> = (0..10 * (2 + in_flight(threads)) * 10).collect();
            let calls = std::sync::atomic::AtomicUsize::new(0);
            let f = |&x: &usize| {
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(x)
            };
            let (got, out) = consumed(&items, 10, threads, f, Some(2));
            assert_eq!(got.len(), 2);
            assert!(matches!(out, Err(SliceError::Consume(ref m)) if m == "stop at 20"), "{out:?}");
            // The two consumed slices, plus at most those that may be
            // unconsumed at once: not every slice of the batch.
            let n = calls.load(std::sync::atomic::Ordering::Relaxed);
            let most = (2 + in_flight(threads)) * 10;
            assert!(n <= most, "{threads:?}: {n} inputs analysed, at most {most} expected");
        }
    }

    #[test]
    fn a_panic_in_the_analysis_keeps_its_message() {
        for threads in [None, Some(1), Some(2)] {
            let run = within(move || {
                let items: Vec<usize> = (0..300).collect();
                consumed(
                    &items,
                    16,
                    threads,
                    |&x| if x == 170 { panic!("input {x} is cursed") } else { Ok(x) },
                    None,
                )
            });
            let payload = run.expect_err("the panic reaches the caller");
            assert_eq!(message(&*payload).as_deref(), Some("input 170 is cursed"), "{threads:?}");
        }
    }

    #[test]
    fn slices_that_finish_out_of_order_are_consumed_in_order() {
        // The first input is slow, so later slices finish before the first.
        let items: Vec<usize> = (0..200).collect();
        let f = |&x: &usize| {
            if x == 0 {
                std::thread::sleep(std::time::Duration::from_millis(60));
            }
            Ok(x + 1)
        };
        for threads in [None, Some(2), Some(3)] {
            let (got, out) = consumed(&items, 10, threads, f, None);
            assert!(out.is_ok(), "{threads:?}");
            let starts: Vec<usize> = got.iter().map(|(r, _)| r.start).collect();
            assert_eq!(starts, (0..200).step_by(10).collect::<Vec<_>>(), "{threads:?}");
            let rows: Vec<usize> = got.into_iter().flat_map(|(_, r)| r).map(|(_, v)| v).collect();
            assert_eq!(rows, (1..=200).collect::<Vec<_>>());
        }
    }

    /// Runs `f` on another thread and returns its result, or fails the test
    /// after a generous timeout instead of hanging CI.
    fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> std::thread::Result<T> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
        });
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(out) => out,
            Err(_) => panic!("hung: no result after 60 s"),
        }
    }

    fn message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
    }

    #[test]
    fn an_earlier_input_error_wins_over_a_later_panic() {
        // Slice 0 fails late, after slice 1 has panicked: in batch order the
        // failure comes first, on any number of threads.
        for threads in [None, Some(1), Some(2), Some(3)] {
            let run = within(move || {
                let items: Vec<usize> = (0..100).collect();
                let f = |&x: &usize| match x {
                    5 => {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        Err(Error::InvalidInput("bad 5".into()))
                    }
                    15 => panic!("input 15 is cursed"),
                    _ => Ok(x),
                };
                consumed(&items, 10, threads, f, None).1
            });
            let out = run.unwrap_or_else(|p| panic!("{threads:?}: panicked: {:?}", message(&*p)));
            assert!(matches!(out, Err(SliceError::Input { index: 5, .. })), "{threads:?}: {out:?}");
        }
    }

    #[test]
    fn a_panic_in_consume_is_raised_once_the_jobs_end() {
        for threads in [None, Some(1), Some(2)] {
            let run = within(move || {
                let items: Vec<usize> = (0..500).collect();
                let ranges: Vec<Range<usize>> = (0..500).step_by(10).map(|a| a..a + 10).collect();
                let mut seen = 0;
                let _ = pipeline(
                    &items,
                    |_| ranges.clone(),
                    threads,
                    &Block,
                    |&x| Ok(x),
                    |acc: &mut usize, _, _| *acc += 1,
                    |acc, more| *acc += more,
                    |_, n| {
                        seen += n;
                        if seen > 20 {
                            panic!("consumer gave up");
                        }
                        Ok::<(), ()>(())
                    },
                );
            });
            let payload = run.expect_err("the panic reaches the caller");
            assert_eq!(message(&*payload).as_deref(), Some("consumer gave up"), "{threads:?}");
        }
    }

    #[test]
    fn calls_from_inside_a_pool_do_not_deadlock() {
        // Both workers of a two-thread pool run a batch on that same pool
        // (and, below, on the global pool): a worker blocked waiting for a
        // slice would leave no worker to analyse it.
        let check = |(got, out): (Consumed, std::result::Result<(), SliceError<String>>)| {
            assert!(out.is_ok());
            let rows: Vec<usize> = got.into_iter().flat_map(|(_, r)| r).map(|(_, v)| v).collect();
            assert_eq!(rows, (0..300).collect::<Vec<_>>());
        };
        for threads in [Some(2), None] {
            let run = within(move || {
                let items: Vec<usize> = (0..300).collect();
                let batch = || consumed(&items, 10, threads, |&x| Ok(x), None);
                let both = || rayon::join(batch, batch);
                match threads {
                    Some(n) => in_pool(Some(n), both).map_err(|e| e.to_string()),
                    None => Ok(both()),
                }
            });
            let (a, b) = run.expect("no panic").expect("a pool");
            check(a);
            check(b);
        }
    }

    #[test]
    fn at_most_a_few_slices_are_unconsumed_at_once() {
        let step = 10;
        let started = std::sync::atomic::AtomicUsize::new(0);
        for threads in [None, Some(2), Some(4)] {
            // Four times the slices that may be unconsumed, however many
            // cores rayon's global pool has.
            let items: Vec<usize> = (0..4 * in_flight(threads) * step).collect();
            started.store(0, std::sync::atomic::Ordering::SeqCst);
            let mut seen = 0;
            let out = pipeline(
                &items,
                |_| (0..items.len()).step_by(step).map(|a| a..a + step).collect(),
                threads,
                &Block,
                |&x| {
                    started.fetch_max(x / step, std::sync::atomic::Ordering::SeqCst);
                    Ok(x)
                },
                |acc: &mut usize, _, _| *acc += 1,
                |acc, more| *acc += more,
                |range, n| {
                    // A slow consumer: the pool could run far ahead.
                    std::thread::sleep(std::time::Duration::from_millis(2));
                    let furthest = started.load(std::sync::atomic::Ordering::SeqCst);
                    assert!(
                        furthest < range.start / step + in_flight(threads),
                        "{threads:?}: slice {furthest} begun while consuming {}",
                        range.start / step
                    );
                    seen += n;
                    Ok::<(), ()>(())
                },
            );
            assert!(out.is_ok());
            assert_eq!(seen, items.len());
        }
    }

    #[test]
    fn one_thread_means_the_calling_thread() {
        let items: Vec<usize> = (0..300).collect();
        let here = std::thread::current().id();
        let (got, out) = consumed(
            &items,
            16,
            Some(1),
            |&x| {
                assert_eq!(std::thread::current().id(), here, "input {x} ran elsewhere");
                Ok(x)
            },
            None,
        );
        assert!(out.is_ok());
        assert_eq!(got.iter().map(|(_, r)| r.len()).sum::<usize>(), 300);
    }

    #[test]
    fn fold_slices_rows_equal_fold_batch() {
        let analyzer = Analyzer::default();
        // More text than one slice holds, so the batch is cut several times.
        let texts: Vec<String> = (0..(3 * SLICE_BYTES / 900))
            .map(|i| {
                format!("“Talks on item {i} will resume,” the minister said. ").repeat(16)
                    + "Officials denied the report."
            })
            .collect();
        let inputs: Vec<Input> = texts.iter().map(|t| Input { text: t, author: None }).collect();
        assert!(slices(&inputs, SLICE_BYTES).len() >= 3);
        let row = |acc: &mut Vec<(usize, usize)>, i: usize, d: &Document| {
            acc.push((i, d.statements.len()))
        };
        let extend = |acc: &mut Vec<(usize, usize)>, more: Vec<(usize, usize)>| acc.extend(more);
        let whole = fold_batch(&analyzer, &inputs, Some(2), row, extend).unwrap().unwrap();
        for threads in [None, Some(1), Some(2)] {
            let mut rows = Vec::new();
            let out = fold_slices(&analyzer, &inputs, threads, &Block, row, extend, |_, acc| {
                rows.extend(acc);
                Ok::<(), ()>(())
            });
            assert!(out.is_ok());
            assert_eq!(rows, whole, "{threads:?}");
        }
        let zero =
            fold_slices(&analyzer, &inputs, Some(0), &Block, row, extend, |_, _| Ok::<(), ()>(()));
        assert!(matches!(zero, Err(SliceError::Pool(_))));
    }

    #[test]
    fn a_kept_pool_serves_later_calls_alike() {
        let analyzer = Analyzer::default();
        let inputs = [Input { text: "“We will not,” he said. They agreed.", author: None }];
        let count = |_: usize, d: Document| d.statements.len();
        let first = map_batch(&analyzer, &inputs, Some(2), count).unwrap();
        let again = map_batch(&analyzer, &inputs, Some(2), count).unwrap();
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
        assert!(first.first().is_some_and(|r| r.as_ref().is_ok_and(|&n| n >= 1)));
    }

    #[test]
    fn zero_threads_is_an_error_not_a_panic() {
        let analyzer = Analyzer::default();
        assert!(analyze_batch(&analyzer, &[], Some(0)).is_err());
    }
}
