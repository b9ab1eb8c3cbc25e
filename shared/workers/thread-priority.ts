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

export function runBelowRequests(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, BACKGROUND_NICENESS);
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
}
