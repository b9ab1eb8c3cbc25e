/**
 * `vmp run` collects the garbage a step left before the next step starts (cli/commands/step-garbage.ts),
 * without --expose-gc: an object nothing refers to any more is gone after the call.
 */
import { collectStepGarbage } from '../../../cli/commands/step-garbage';

const nextJob = () => new Promise((resolve) => setImmediate(resolve));

describe('collectStepGarbage', () => {
  it('collects an object a finished step dropped', async () => {
    let dropped: { rows: number[] } | undefined = { rows: Array.from({ length: 1000 }, (_, i) => i) };
    const ref = new WeakRef(dropped);
    dropped = undefined;
    // A WeakRef keeps its target until the job that made it has ended.
    await nextJob();
    collectStepGarbage();
    await nextJob();
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still referred to, and may be called again', async () => {
    const kept = { rows: [1, 2, 3] };
    const ref = new WeakRef(kept);
    await nextJob();
    collectStepGarbage();
    collectStepGarbage();
    expect(ref.deref()).toBe(kept);
  });
});
