// A screen with unsaved edits asks before the app leaves it: the screen
// registers a guard, and App's navigation goes through `leaveThrough`.

/** Returns true when it stopped the leave (it asks, and calls `leave` if the person chooses to go). */
export type LeaveGuard = (leave: () => void) => boolean;

let current: LeaveGuard | null = null;

/** Registers `guard` for the screen on show; returns its removal. */
export function guardLeaving(guard: LeaveGuard): () => void {
  current = guard;
  return () => {
    if (current === guard) current = null;
  };
}

/** Runs `leave` now, unless the screen's guard stops it to ask first. */
export function leaveThrough(leave: () => void): void {
  if (current?.(leave)) return;
  leave();
}
