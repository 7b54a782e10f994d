// Formatting shared by every screen: scores, changes, dates, coverage and answers.
import type { AnswerDto } from "./bindings/AnswerDto";

/** "3.4", or an en dash when there is no score. */
export function score(v: number | null | undefined): string {
  return v === null || v === undefined ? "–" : v.toFixed(1);
}

/** A change as words and an arrow, so colour is never the only signal. */
export function change(delta: number | null | undefined): { text: string; dir: "up" | "down" | "same" | "none" } {
  if (delta === null || delta === undefined) return { text: "", dir: "none" };
  if (delta >= 0.05) return { text: `▲ +${delta.toFixed(1)}`, dir: "up" };
  if (delta <= -0.05) return { text: `▼ −${Math.abs(delta).toFixed(1)}`, dir: "down" };
  return { text: "= no change", dir: "same" };
}

/** "28 Oct 2026" from an RFC 3339 timestamp. */
export function day(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

/** "14:05" from an RFC 3339 timestamp. */
export function time(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}

/** "12 of 54 answered". */
export function answered(n: number, of: number): string {
  return `${n} of ${of} answered`;
}

/** "Level 3", "Not applicable" or "Don't know". */
export function answerText(a: AnswerDto): string {
  if (a.kind === "level") return `Level ${a.level}`;
  if (a.kind === "notApplicable") return "Not applicable";
  return "Don't know";
}
