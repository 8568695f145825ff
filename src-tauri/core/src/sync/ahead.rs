//! Reading many files on the other cores a few files ahead of the one thread that takes
//! them in order (headquarters' batch), and freeing them where they were made.

use crate::error::Result;
use std::collections::BTreeMap;
use std::sync::mpsc::Sender;

/// How many files the readers may be ahead of the merge: what memory holds at most.
const READ_AHEAD: usize = 6;

/// What [`read_ahead`] tells its caller.
pub(super) enum Ahead<'a, R, G> {
    /// File `i` has been read and checked (in any order).
    Read(usize),
    /// File `i`'s turn, in the order given: what reading it gave (`None` for a file that
    /// was not to be read), and where to send the file once merged, to be freed by the
    /// readers.
    Turn(usize, Option<Box<Result<R>>>, &'a Sender<G>),
}

/// Read the files at `which` on the other cores (at most four threads, at most
/// [`READ_AHEAD`] files ahead of their turn) while this thread takes every file's turn,
/// in order, through `step`. An error of `step` stops everything.
///
/// The files the caller is done with come back to the readers to be freed: a file's
/// rows are a few hundred thousand small allocations, and memory freed by the thread
/// that took it is reused by that thread's next file at once; freed anywhere else, it
/// went back to the system and was asked for again, page by page (a profile showed the
/// reader spending more time having fresh pages zeroed than reading).
pub(super) fn read_ahead<R: Send, G: Send>(
    read: &(dyn Fn(&[u8]) -> Result<R> + Sync),
    files: &[(String, Vec<u8>)],
    which: &[usize],
    step: &mut dyn FnMut(Ahead<'_, R, G>) -> Result<()>,
) -> Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::mpsc::Receiver;
    use std::sync::{Condvar, Mutex};
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    // the merge has this thread; readers take the other cores (one at least)
    let workers = cores.saturating_sub(1).clamp(1, 4).min(which.len());
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // how many of `which` have had their turn: readers wait while too far ahead
    let turns = (Mutex::new(0usize), Condvar::new());
    let (send, recv) = std::sync::mpsc::channel::<(usize, Result<R>)>();
    let (bury, graveyard) = std::sync::mpsc::channel::<G>();
    let graveyard = Mutex::new(graveyard);
    // the files sent back so far, freed here (by whichever reader comes first)
    let free_returned = |graveyard: &Mutex<Receiver<G>>| {
        if let Ok(g) = graveyard.try_lock() {
            let back: Vec<G> = g.try_iter().collect();
            drop(g);
            drop(back);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (next, stop, turns, graveyard) = (&next, &stop, &turns, &graveyard);
            scope.spawn(move || {
                loop {
                    free_returned(graveyard);
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = which.get(k) else { break };
                    loop {
                        {
                            let done = turns.0.lock().expect("turns");
                            if k < *done + READ_AHEAD || stop.load(Ordering::Relaxed) {
                                break;
                            }
                            // woken at every turn, when a file may have come back
                            drop(turns.1.wait(done).expect("turns"));
                        }
                        free_returned(graveyard);
                    }
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    if send.send((k, read(&files[i].1))).is_err() {
                        break;
                    }
                }
                // the last files, until the caller is done with them all
                while let Ok(p) = graveyard.lock().expect("graveyard").recv() {
                    drop(p);
                }
            });
        }
        drop(send);
        let result = (|| -> Result<()> {
            let mut arrived: BTreeMap<usize, Result<R>> = BTreeMap::new();
            let mut k = 0usize;
            for i in 0..files.len() {
                if which.get(k) != Some(&i) {
                    step(Ahead::Turn(i, None, &bury))?;
                    continue;
                }
                let read = loop {
                    if let Some(r) = arrived.remove(&k) {
                        break r;
                    }
                    let (j, r) = recv.recv().expect("a reader for every file");
                    step(Ahead::Read(which[j]))?;
                    arrived.insert(j, r);
                };
                step(Ahead::Turn(i, Some(Box::new(read)), &bury))?;
                k += 1;
                *turns.0.lock().expect("turns") = k;
                turns.1.notify_all();
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            turns.1.notify_all();
        }
        // readers still running finish their file and see the stop (or the end), then
        // free what came back and end
        drop(recv);
        drop(bury);
        result
    })
}
