// The app's events about one workshop, as the Rust side emits them (payload:
// the assessment id): listening that is safe to undo before it has started.
import { listen } from "@tauri-apps/api/event";

/** Any change to the workshop, a phone's vote included: the presented view follows it. */
export const WORKSHOP_CHANGED = "workshop-changed";
/** Phone voting started or stopped, a phone joined or voted, or a name was freed. */
export const PHONE_CHANGED = "phone-changed";

/**
 * Calls `f` each time `event` is emitted about assessment `id`; returns the
 * way to stop, which works even when called before the listener is in place
 * (a screen closed at once).
 */
export function onWorkshopEvent(event: string, id: number, f: () => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  listen<number>(event, (e) => {
    if (!stopped && e.payload === id) f();
  })
    .then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    })
    .catch(() => {
      // Without events the screen still works; it just refreshes on its own actions.
    });
  return () => {
    stopped = true;
    stop?.();
  };
}
