/**
 * Benchmark harness. A benchmark file (bench/*.bench.ts) default-exports `defineBench({...})`: a list
 * of cases, each measured in its own child process so peak RSS belongs to that case alone. A case may
 * name a floor case (the cheapest way to do the same I/O, measured in the same run) and targets; the
 * runner prints one table and writes bench/results/latest.json.
 */

export interface BenchCase {
  id: string;
  /** What is measured, for the table (e.g. "sync 100k users"). */
  label: string;
  /** Size label, e.g. "100k users". */
  size?: string;
  /** Work done before the clock starts (not measured for time; RSS is the process peak). */
  setup?: () => Promise<unknown> | unknown;
  /** The measured work; receives what setup returned. May return notes (figures) for the table. */
  run: (prepared: any) => Promise<Record<string, number | string> | void> | Record<string, number | string> | void;
  teardown?: (prepared: any) => Promise<void> | void;
  /** Id of the case in the same file this one is compared with. */
  floor?: string;
  targets?: { maxRatio?: number; maxSeconds?: number; maxRssMb?: number };
  /**
   * Measure this case in this many separate processes (default 1). The runner alternates rounds
   * (floor, case, floor, case, ...) and reports the run with the median time; peak RSS is the largest
   * of the runs. On a shared machine one slow moment then cannot decide a ratio.
   */
  rounds?: number;
}

export interface BenchDefinition {
  name: string;
  cases: BenchCase[];
}

export function defineBench(definition: BenchDefinition): BenchDefinition {
  return definition;
}

export interface CaseResult {
  bench: string;
  id: string;
  label: string;
  size?: string;
  seconds: number;
  peakRssMb: number;
  notes?: Record<string, number | string>;
  floor?: string;
  floorSeconds?: number;
  ratio?: number;
  targets?: BenchCase['targets'];
  /** Targets met (undefined when the case has none). */
  ok?: boolean;
}
