//! Many documents at once: a rayon pool over [`Analyzer::analyze`], with
//! results in input order and identical to one text at a time.

use std::collections::HashMap;
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
        Some(0) => Err(Error::InvalidInput("threads must be at least 1".into())),
        Some(n) => Ok(pool(n)?.install(f)),
    }
}

/// Thread counts above this get a pool of their own per call.
pub const MAX_CACHED_THREADS: usize = 256;

fn pool(n: usize) -> Result<Arc<ThreadPool>> {
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
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<ThreadPool>>>> = OnceLock::new();
    // A poisoned lock only means another caller panicked while inserting;
    // the map itself is still a valid cache.
    let mut pools = POOLS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
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
