/** One JSON line per case: what `npm run bench` promises to print. */
export interface BenchResult {
  case: string;
  value: number;
  unit: string;
  target: number;
  /** 'max' when lower is better (ms, MB), 'min' when higher is better (lines/s). */
  better: 'max' | 'min';
  baseline?: { label: string; value: number };
  extra?: Record<string, number | string | boolean>;
}

export function report(result: BenchResult) {
  const ok =
    result.better === 'max' ? result.value <= result.target : result.value >= result.target;
  const line: Record<string, unknown> = {
    case: result.case,
    value: Math.round(result.value * 10) / 10,
    unit: result.unit,
    target: result.target,
    ok,
  };
  if (result.baseline) {
    line.baseline = result.baseline.label;
    line.baselineValue = Math.round(result.baseline.value * 10) / 10;
    line.ratio = Math.round((result.value / result.baseline.value) * 100) / 100;
  }
  Object.assign(line, result.extra ?? {});
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Median of several runs, in milliseconds. */
export async function medianMs(
  runs: number,
  fn: () => unknown | Promise<unknown>,
  /** Run before each timed call, untimed (a change the call then reads after). */
  before?: () => unknown | Promise<unknown>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    await before?.();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
