// The light/dark theme: follows the system until the user picks one, and
// remembers the pick.
import type { ThemeDto } from "./bindings/ThemeDto";

const KEY = "opex.theme";

function initial(): ThemeDto {
  const saved = localStorage.getItem(KEY);
  if (saved === "light" || saved === "dark") return saved;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export const theme = $state<{ current: ThemeDto }>({ current: initial() });

export function applyTheme(): void {
  document.documentElement.dataset.theme = theme.current;
}

export function toggleTheme(): void {
  theme.current = theme.current === "dark" ? "light" : "dark";
  localStorage.setItem(KEY, theme.current);
  applyTheme();
}

/**
 * Calls `redraw` each time the theme changes from now on: charts are drawn for
 * one theme, so a screen showing charts redraws them at once. Call it while a
 * component initialises.
 */
export function onThemeChange(redraw: () => void): void {
  let drawnFor = theme.current;
  $effect(() => {
    if (theme.current !== drawnFor) {
      drawnFor = theme.current;
      redraw();
    }
  });
}
