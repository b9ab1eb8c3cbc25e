/** A progress bar on stderr when it is a terminal (never in --json mode or when piped). */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update: (done: number, total: number, label?: string) => void;
  stop: () => void;
}

export function progressReporter(title: string, json: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (json || !stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${title.padEnd(8)} [{bar}] {value}/{total} {label}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(total, 0, { label });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
