// A clock for per-question timers: the stored time on the question plus the
// time since the facilitator arrived at it, and how it stands against the plan.

export const now = $state({ ms: Date.now() });

let started = false;
/** Starts the shared one-second tick (once). */
export function startClock(): void {
  if (started) return;
  started = true;
  setInterval(() => (now.ms = Date.now()), 1000);
}

export function elapsedMs(storedMs: number, since: string | null, at: number): number {
  const t = since ? Date.parse(since) : NaN;
  return storedMs + (Number.isNaN(t) ? 0 : Math.max(0, at - t));
}

/** "ok" under the plan, "amber" from the plan, "red" from 150% of it. */
export function timerState(elapsed: number, plannedSeconds: number): "ok" | "amber" | "red" {
  const planned = plannedSeconds * 1000;
  if (elapsed >= planned * 1.5) return "red";
  if (elapsed >= planned) return "amber";
  return "ok";
}

/** "4:05". */
export function mmss(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
