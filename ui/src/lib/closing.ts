// Pending edits are saved before the window closes: each screen with edits in
// flight registers a flush, and closing the window awaits every flush first.
import { getCurrentWindow } from "@tauri-apps/api/window";

const flushes = new Set<() => Promise<void>>();
/** How long a close waits for pending saves before it goes ahead anyway. */
const PATIENCE_MS = 3000;

/** Registers `flush` to run before the window closes; returns its removal. */
export function flushBeforeClose(flush: () => Promise<void>): () => void {
  flushes.add(flush);
  return () => flushes.delete(flush);
}

/** Runs every registered flush, giving up after PATIENCE_MS so a close is never stuck. */
export async function flushAll(): Promise<void> {
  // A flush that throws, or never ends, must not keep the window open.
  const all = Promise.allSettled([...flushes].map((f) => Promise.resolve().then(f)));
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, PATIENCE_MS))]);
}

/** Once, at start-up: the window's close request waits for the flushes, then the window closes. */
export async function guardWindowClose(): Promise<void> {
  await getCurrentWindow().onCloseRequested(async () => {
    try {
      await flushAll();
    } catch {
      // Closing goes ahead whatever happened to the saves.
    }
  });
}
