/**
 * Background work yields the CPU to requests: a worker thread lowers its own scheduling priority, so
 * on a busy machine the event loop (requests, /healthz) runs first and the recompute or the job runs
 * in what is left. Linux schedules threads one by one (a thread's id works as a pid for
 * setpriority), which /proc/thread-self names; elsewhere this does nothing.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Niceness for background threads: clearly below requests, still well above idle (19). */
const BACKGROUND_NICENESS = 10;

/** This thread's id once it runs below requests (see atRequestPriority). */
let loweredThread: number | undefined;
/** Whether this thread may raise its priority back (lowering niceness needs CAP_SYS_NICE or RLIMIT_NICE). */
let mayRaise = true;

export function runBelowRequests(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) {
      os.setPriority(tid, BACKGROUND_NICENESS);
      loweredThread = tid;
    }
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
}

/**
 * Runs `write` at the process's priority when this thread runs below requests. A background thread
 * holding SQLite's write lock keeps every other writer waiting (an admin's save on the event loop, any
 * tenant); at a low priority on a busy machine, its 60 ms of writing took 0.6-1 s. Where the
 * niceness may not be lowered again, `write` runs as the thread is.
 */
export function atRequestPriority<T>(write: () => T): T {
  if (loweredThread === undefined || !mayRaise) return write();
  try {
    os.setPriority(loweredThread, 0);
  } catch {
    mayRaise = false;
    return write();
  }
  try {
    return write();
  } finally {
    try {
      os.setPriority(loweredThread, BACKGROUND_NICENESS);
    } catch {
      // Raising niceness is always allowed; nothing to do if the thread is gone.
    }
  }
}
