// When a screen is ready: its own window title, and focus on its heading so a
// screen reader announces where the person is (focus no longer falls to the body).
import { tick } from "svelte";

/** Sets the window title to "`title` · opex" and moves focus to the screen's first heading. */
export async function screenReady(title: string): Promise<void> {
  document.title = `${title} · opex`;
  await tick();
  const heading = document.querySelector<HTMLElement>("main h1, .presented h1");
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}
