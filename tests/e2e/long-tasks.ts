/**
 * "No task over 50 ms from our code": Chromium's trace (CDP Tracing, devtools.timeline) of a page visit,
 * read for the main-thread tasks of 50 ms or more and, inside each, the time spent in script from a
 * given origin (function calls, script evaluation, timers, events and microtasks whose script URL it is).
 */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; scriptName?: string; stackTrace?: { url: string }[] } };
}

const SCRIPT_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'TimerFire', 'EventDispatch', 'FireAnimationFrame', 'FireIdleCallback', 'v8.compile', 'v8.evaluateModule']);
const LONG = 50_000; // µs

const urlOf = (e: TraceEvent) => e.args?.data?.url || e.args?.data?.scriptName || e.args?.data?.stackTrace?.[0]?.url || '';

export interface LongTask {
  /** The task's length, and the time script from the origin ran in it, in ms. */
  task: number;
  ours: number;
  /** What ran: the outermost events of ours, with their ms. */
  what: string[];
}

/** Main-thread tasks of 50 ms or more in which script whose URL `isOurs` accepts ran, with its time in each. */
export function longTasksWith(events: readonly TraceEvent[], isOurs: (url: string) => boolean, skip: (e: TraceEvent) => boolean = () => false): LongTask[] {
  const tasks = events.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) >= LONG);
  const ours = events
    .filter((e) => e.ph === 'X' && SCRIPT_EVENTS.has(e.name) && isOurs(urlOf(e)) && !skip(e))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out: LongTask[] = [];
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    let time = 0;
    const what: string[] = [];
    let coveredTo = -Infinity;
    // Outermost events only: a function call inside a timer of ours is counted once.
    for (const e of ours) {
      if (e.pid !== task.pid || e.tid !== task.tid || e.ts < task.ts || e.ts >= end || e.ts < coveredTo) continue;
      time += e.dur ?? 0;
      what.push(`${e.name} ${urlOf(e).replace(/^.*\//, '')} ${((e.dur ?? 0) / 1000).toFixed(1)}`);
      coveredTo = e.ts + (e.dur ?? 0);
    }
    if (time > 0) out.push({ task: task.dur! / 1000, ours: time / 1000, what });
  }
  return out;
}

/** How often script from the origin shows in the trace, and its longest single stretch (ms): shows the reading sees it at all. */
export function scriptSeen(events: readonly TraceEvent[], isOurs: (url: string) => boolean): { count: number; longest: number } {
  const ours = events.filter((e) => e.ph === 'X' && SCRIPT_EVENTS.has(e.name) && isOurs(urlOf(e)));
  return { count: ours.length, longest: Math.max(0, ...ours.map((e) => (e.dur ?? 0) / 1000)) };
}

/** A script's load: compiling it and running its top level (once per page). */
export const isScriptLoad = (e: TraceEvent): boolean => e.name === 'EvaluateScript' || e.name === 'v8.compile';

/** The longest load of a script from the origin (compile, or compile and top-level code), ms. */
export const longestEvaluation = (events: readonly TraceEvent[], isOurs: (url: string) => boolean): number =>
  Math.max(0, ...events.filter((e) => e.ph === 'X' && isScriptLoad(e) && isOurs(urlOf(e))).map((e) => (e.dur ?? 0) / 1000));
