/**
 * "No task over 50 ms from our code": Chromium's trace (CDP Tracing: devtools.timeline and V8's CPU
 * profiler) of a page visit, read for the main-thread tasks of 50 ms or more and, inside each, the time
 * the CPU profiler's samples were in script from a given origin.
 *
 * Samples, not trace events, say whose work a task did: our code mostly runs as promise continuations
 * (after each `await browser.runtime.sendMessage`), inside a microtask checkpoint that carries no script
 * URL in the trace. Reading only events with a URL (function calls, timers, script evaluation) once
 * reported 0.1 ms of ours for a task that spent 1.3 s in our code.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      url?: string;
      scriptName?: string;
      stackTrace?: { url: string }[];
      startTime?: number;
      cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: { url?: string; functionName?: string } }[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

const LONG_MS = 50;
const urlOf = (e: TraceEvent) => e.args?.data?.url || e.args?.data?.scriptName || e.args?.data?.stackTrace?.[0]?.url || '';

/** A script's load: compiling it and running its top level (once per page). */
export const isScriptLoad = (e: TraceEvent): boolean => e.name === 'EvaluateScript' || e.name === 'v8.compile';

export interface LongTask {
  /** The task's length, and the time our script ran in it (by samples), in ms. */
  task: number;
  ours: number;
  /** What of ours ran most in it: function names with their ms. */
  what: string[];
}

interface Sample {
  ts: number;
  /** Time until the next sample of the same thread, µs. */
  dur: number;
  /** The innermost frame of ours on the stack, if any (a function name), else undefined. */
  ours?: string;
}

/** The CPU profiler's samples of every profiled thread, keyed "pid:tid", each marked with whether our script was on its stack. */
function samplesByThread(events: readonly TraceEvent[], isOurs: (url: string) => boolean): Map<string, Sample[]> {
  const profiles = new Map<string, { thread: string; time: number; nodes: Map<number, { parent?: number; url: string; fn: string }>; samples: Sample[] }>();
  const chunks = events.filter((e) => e.name === 'Profile' || e.name === 'ProfileChunk').sort((a, b) => a.ts - b.ts);
  for (const e of chunks) {
    const key = `${e.pid}:${e.id}`;
    if (e.name === 'Profile') {
      profiles.set(key, { thread: `${e.pid}:${e.tid}`, time: e.args?.data?.startTime ?? e.ts, nodes: new Map(), samples: [] });
      continue;
    }
    const p = profiles.get(key);
    if (!p) continue;
    for (const n of e.args?.data?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, { parent: n.parent, url: n.callFrame.url ?? '', fn: n.callFrame.functionName || '(anonymous)' });
    const ids = e.args?.data?.cpuProfile?.samples ?? [];
    const deltas = e.args?.data?.timeDeltas ?? [];
    const ourFrame = new Map<number, string | undefined>();
    const frameOf = (id: number): string | undefined => {
      if (ourFrame.has(id)) return ourFrame.get(id);
      const node = p.nodes.get(id);
      const found = !node ? undefined : isOurs(node.url) ? node.fn : node.parent === undefined ? undefined : frameOf(node.parent);
      ourFrame.set(id, found);
      return found;
    };
    ids.forEach((id, i) => {
      p.time += deltas[i] ?? 0;
      const last = p.samples[p.samples.length - 1];
      if (last) last.dur = p.time - last.ts;
      p.samples.push({ ts: p.time, dur: 0, ours: frameOf(id) });
    });
  }
  const out = new Map<string, Sample[]>();
  for (const p of profiles.values())
    out.set(
      p.thread,
      (out.get(p.thread) ?? []).concat(p.samples).sort((a, b) => a.ts - b.ts),
    );
  return out;
}

/** The outermost complete events of each renderer main thread: its tasks, whatever the trace names them. */
function mainThreadTasks(events: readonly TraceEvent[]): TraceEvent[] {
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  const tasks: TraceEvent[] = [];
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let end = -Infinity;
    for (const e of list) {
      if (e.ts < end) continue;
      tasks.push(e);
      end = e.ts + (e.dur ?? 0);
    }
  }
  return tasks;
}

/**
 * Main-thread tasks of 50 ms or more (or of `minTaskMs`) in which the profiler found script whose URL
 * `isOurs` accepts, with its time in each. Samples inside an event `skip` accepts (e.g. a script's
 * load, reported apart) are not counted.
 */
export function longTasksWith(events: readonly TraceEvent[], isOurs: (url: string) => boolean, skip: (e: TraceEvent) => boolean = () => false, minTaskMs = LONG_MS): LongTask[] {
  const samples = samplesByThread(events, isOurs);
  const skipped = events.filter((e) => e.ph === 'X' && skip(e) && isOurs(urlOf(e)));
  const out: LongTask[] = [];
  for (const task of mainThreadTasks(events)) {
    if ((task.dur ?? 0) < minTaskMs * 1000) continue;
    const end = task.ts + task.dur!;
    const inside = (samples.get(`${task.pid}:${task.tid}`) ?? []).filter((s) => s.ours && s.ts >= task.ts && s.ts < end);
    const holes = skipped.filter((e) => e.pid === task.pid && e.tid === task.tid && e.ts < end && e.ts + (e.dur ?? 0) > task.ts);
    const counted = inside.filter((s) => !holes.some((h) => s.ts >= h.ts && s.ts < h.ts + (h.dur ?? 0)));
    const time = counted.reduce((n, s) => n + s.dur, 0);
    if (time <= 0) continue;
    const byFn = new Map<string, number>();
    for (const s of counted) byFn.set(s.ours!, (byFn.get(s.ours!) ?? 0) + s.dur);
    const what = [...byFn]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([fn, us]) => `${fn} ${(us / 1000).toFixed(1)}`);
    out.push({ task: task.dur! / 1000, ours: time / 1000, what });
  }
  return out;
}

/** The total time the profiler found our script running, ms (all threads; the caller's `isOurs` picks the scripts). */
export function scriptTime(events: readonly TraceEvent[], isOurs: (url: string) => boolean, from = -Infinity, to = Infinity): number {
  let total = 0;
  for (const list of samplesByThread(events, isOurs).values()) for (const s of list) if (s.ours && s.ts >= from && s.ts < to) total += s.dur;
  return total / 1000;
}

/** How often script from the origin shows in the trace, and its longest single stretch (ms): shows the reading sees it at all. */
export function scriptSeen(events: readonly TraceEvent[], isOurs: (url: string) => boolean): { count: number; longest: number } {
  const ours = events.filter((e) => e.ph === 'X' && isOurs(urlOf(e)));
  let samples = 0;
  for (const list of samplesByThread(events, isOurs).values()) samples += list.filter((s) => s.ours).length;
  return { count: ours.length + samples, longest: Math.max(0, ...ours.map((e) => (e.dur ?? 0) / 1000)) };
}

/** The longest load of a script from the origin (compile, or compile and top-level code), ms. */
export const longestEvaluation = (events: readonly TraceEvent[], isOurs: (url: string) => boolean): number =>
  Math.max(0, ...events.filter((e) => e.ph === 'X' && isScriptLoad(e) && isOurs(urlOf(e))).map((e) => (e.dur ?? 0) / 1000));

/** The trace time (µs) of two marks set with `performance.mark` in the page, in order; null if either is missing. */
export function traceWindow(events: readonly TraceEvent[], from: string, to: string): [number, number] | null {
  const at = (name: string) => events.find((e) => e.name === name && e.ph !== 'M')?.ts;
  const [a, b] = [at(from), at(to)];
  return a !== undefined && b !== undefined && a < b ? [a, b] : null;
}
