/**
 * A full garbage collection between the steps of a one-shot batch command (`vmp run`).
 *
 * V8 lets the old generation grow to a multiple (up to 4x) of what was alive at its last full
 * collection before it collects again. In `vmp run` each step leaves hundreds of megabytes of garbage
 * (the PBX import's parse structures, the snapshot and inventory the plan was built from) and the next
 * step's allocations pile up on top until the limit is reached: at 100,000 users the process peaked at
 * ~950 MB while no more than ~250 MB was ever alive. Collecting where a step has just dropped its inputs
 * brings the heap (and the next limit) down to what is really alive. Each collection is one pause of the
 * whole live heap (0.14-0.47 s at 100,000 users on a loaded 2-core machine), so there are only a few,
 * each where it lowered the run's peak.
 *
 * The collector is reached without --expose-gc: the flag is set at run time (it only adds the `gc`
 * function to contexts created afterwards) and read from a fresh context. Where that is unavailable,
 * nothing is done and V8 collects on its own schedule.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') return (collect = exposed);
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Collects the garbage a finished step left, so the next step starts from the live heap. */
export function collectStepGarbage(): void {
  collector()?.();
}
