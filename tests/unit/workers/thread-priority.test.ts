/**
 * Background threads run below requests, but write at the process's priority: a low-priority thread
 * holding SQLite's write lock on a busy machine kept every other writer waiting (priority inversion).
 * Checked on a real worker thread, from the niceness Linux reports for it.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const MODULE = path.resolve(__dirname, '..', '..', '..', 'shared', 'workers', 'thread-priority.ts');

const WORKER = `
require('tsx/cjs');
const fs = require('node:fs');
const os = require('node:os');
const { parentPort } = require('node:worker_threads');
const { runBelowRequests, atRequestPriority } = require(${JSON.stringify(MODULE)});
const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
const before = os.getPriority(tid);
runBelowRequests();
const lowered = os.getPriority(tid);
let during;
const value = atRequestPriority(() => { during = os.getPriority(tid); return 42; });
let threw;
try { atRequestPriority(() => { throw new Error('write failed'); }); } catch (err) { threw = err.message; }
parentPort.postMessage({ before, lowered, during, value, after: os.getPriority(tid), threw, afterThrow: os.getPriority(tid) });
`;

function runInWorker(): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true });
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

(process.platform === 'linux' ? describe : describe.skip)('thread priority', () => {
  it('lowers a background thread, raises it for a write where allowed, and lowers it again after, also when the write throws', async () => {
    const r = await runInWorker();
    expect(r.lowered).toBe(10);
    expect(r.value).toBe(42);
    // Lowering niceness again needs privilege (root, CAP_SYS_NICE or RLIMIT_NICE); without it the write runs as the thread is.
    if (process.getuid?.() === 0) expect(r.during).toBe(r.before);
    else expect([r.before, 10]).toContain(r.during);
    expect(r.after).toBe(10);
    expect(r.threw).toBe('write failed');
    expect(r.afterThrow).toBe(10);
  });
});
