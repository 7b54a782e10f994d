// Formatting shared by every screen: scores, changes, dates, coverage and answers.
import type { AnswerDto } from "./bindings/AnswerDto";
import type { ChangeDto } from "./bindings/ChangeDto";

/** "3.4", or an en dash when there is no score. */
export function score(v: number | null | undefined): string {
  return v === null || v === undefined ? "–" : v.toFixed(1);
}

/**
 * A change with the before and after it was measured on, of which it is the
 * difference ("2.6 → 3.4 ▲ +0.8"); a change within noise keeps its real
 * difference, marked ("3.0 → 3.2 ≈ +0.2"). Rust computes all three numbers.
 */
export function moved(c: ChangeDto | null | undefined): {
  text: string;
  delta: string;
  dir: "up" | "down" | "same" | "none";
} {
  if (!c) return { text: "", delta: "", dir: "none" };
  const sign = c.delta < 0 ? "−" : "+";
  const mark = !c.real ? "≈" : c.delta > 0 ? "▲" : "▼";
  const dir = !c.real ? "same" : c.delta > 0 ? "up" : "down";
  const delta = `${mark} ${sign}${Math.abs(c.delta).toFixed(1)}`;
  return { text: `${score(c.before)} → ${score(c.after)} ${delta}`, delta, dir };
}

/** Whether a score on all questions reads differently from the change's own. */
export function differs(full: number | null | undefined, shown: number): boolean {
  return full !== null && full !== undefined && score(full) !== score(shown);
}

// One formatter each, made once: WebKit builds an ICU formatter for every
// `toLocale…String` call and keeps it until a garbage collection that a page
// this small rarely triggers (300 dates on the home screen held 20 MB).
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const STAMP = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The date of an RFC 3339 timestamp, or null when it is not one. */
function parsed(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "28 Oct 2026" from an RFC 3339 timestamp. */
export function day(iso: string): string {
  const d = parsed(iso);
  return d ? DAY.format(d) : iso;
}

/** "14:05" from an RFC 3339 timestamp. */
export function time(iso: string): string {
  const d = parsed(iso);
  return d ? TIME.format(d) : "";
}

/** Date and time in the user's own locale ("2 Dec 2026, 09:41"), for files on disk. */
export function stamp(iso: string): string {
  const d = parsed(iso);
  return d ? STAMP.format(d) : iso;
}

/** "12 of 54 done": how far through a questionnaire, N/A and don't know included. (Coverage, answered ÷ applicable, comes from core as `CoverageDto.label`.) */
export function progress(n: number, of: number): string {
  return `${n} of ${of} done`;
}

/** "Level 3", "Not applicable" or "Don't know". */
export function answerText(a: AnswerDto): string {
  if (a.kind === "level") return `Level ${a.level}`;
  if (a.kind === "notApplicable") return "Not applicable";
  return "Don't know";
}

/** A file name stem made from a team name: letters and digits joined by dashes. */
export function fileStem(team: string): string {
  return (
    team
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || "team"
  );
}
