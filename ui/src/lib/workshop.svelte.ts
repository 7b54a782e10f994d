// The facilitator's workshop controls: which key does what, and the queue of
// votes with the participant selected for the next one. Rules about scores
// (level names, the pre-selected consensus) come from the view model, not here.
import type { AnswerDto } from "./bindings/AnswerDto";
import type { QuestionState } from "./bindings/QuestionState";
import type { WorkshopDto } from "./bindings/WorkshopDto";

/** A vote of "not applicable", as the N/A key and buttons cast it. */
export const NA_VOTE: AnswerDto = { kind: "notApplicable", reason: "voted not applicable" };

/** What a key asks the workshop screen to do. */
export type KeyAction =
  | { kind: "vote"; answer: AnswerDto }
  | { kind: "unvote" }
  | { kind: "select"; step: 1 | -1 }
  | { kind: "reveal" }
  | { kind: "choose"; answer: AnswerDto }
  | { kind: "agree" }
  | { kind: "revote" }
  | { kind: "addAction" }
  | { kind: "go"; step: 1 | -1 }
  | { kind: "skip" }
  | { kind: "present" }
  | { kind: "unpresent" }
  | { kind: "blur" };

/** A key press as far as the shortcuts care. */
export type KeyPress = {
  key: string;
  /** Ctrl, Cmd or Alt held: the key belongs to the system. */
  modified: boolean;
  /** Where the key went: a text field, a button or anything else. */
  target: "text" | "button" | "other";
  dialogOpen: boolean;
};

/** The screen's state that decides what a key means. */
export type KeyContext = { state: QuestionState; anonymous: boolean; presenting: boolean };

/** Reads a keyboard event into a KeyPress. */
export function keyPress(e: KeyboardEvent): KeyPress {
  const tag = (e.target as HTMLElement | null)?.tagName;
  return {
    key: e.key,
    modified: e.ctrlKey || e.metaKey || e.altKey,
    target: tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT" ? "text" : tag === "BUTTON" ? "button" : "other",
    dialogOpen: document.querySelector("dialog[open]") !== null,
  };
}

/** The action a key asks for, or null when the key is not a shortcut here. */
export function shortcut(press: KeyPress, ctx: KeyContext): KeyAction | null {
  const k = press.key;
  if (press.modified) return null;
  // Text fields keep their keys; Escape leaves the field.
  if (press.target === "text") return k === "Escape" ? { kind: "blur" } : null;
  // A focused button keeps Enter and Space; an open dialog keeps every key.
  if (press.target === "button" && (k === "Enter" || k === " ")) return null;
  // The presented view is itself a modal dialog: only its own keys work.
  if (ctx.presenting) return k === "Escape" || k === "p" ? { kind: "unpresent" } : null;
  if (press.dialogOpen) return null;
  const level = k >= "1" && k <= "5" && k.length === 1 ? Number(k) : null;
  if (ctx.state === "voting") {
    if (level) return { kind: "vote", answer: { kind: "level", level } };
    if (k === "x") return { kind: "vote", answer: NA_VOTE };
    if (k === "?") return { kind: "vote", answer: { kind: "dontKnow" } };
    // Backspace takes back the selected person's vote, or the last count of an anonymous tally.
    if (k === "Backspace") return { kind: "unvote" };
    if (k === "ArrowDown") return { kind: "select", step: 1 };
    if (k === "ArrowUp") return { kind: "select", step: -1 };
    if (k === "r") return { kind: "reveal" };
  } else {
    if (level && ctx.state !== "skipped") return { kind: "choose", answer: { kind: "level", level } };
    if (k === "Enter" && ctx.state !== "skipped") return { kind: "agree" };
    if (k === "v") return { kind: "revote" };
    if (k === "a" && ctx.state === "agreed") return { kind: "addAction" };
  }
  if (k === "ArrowRight") return { kind: "go", step: 1 };
  if (k === "ArrowLeft") return { kind: "go", step: -1 };
  if (k === "s") return { kind: "skip" };
  if (k === "p") return { kind: "present" };
  return null;
}

/** Whether the shortcut takes the key from the browser (leaving a field or the presented view does not). */
export function takesKey(action: KeyAction): boolean {
  return action.kind !== "blur" && action.kind !== "unpresent";
}

/** What the screen does for each action. */
export type KeyHandlers = { [K in KeyAction["kind"]]: (action: Extract<KeyAction, { kind: K }>, e: KeyboardEvent) => void };

/** Handles a key on the workshop screen: null context while nothing is loaded. */
export function handleKey(e: KeyboardEvent, ctx: KeyContext | null, on: KeyHandlers): void {
  if (!ctx) return;
  const action = shortcut(keyPress(e), ctx);
  if (!action) return;
  if (takesKey(action)) e.preventDefault();
  (on[action.kind] as (a: KeyAction, e: KeyboardEvent) => void)(action, e);
}

/** The first participant (by position) who has not voted; the first of all when everyone has. */
export function firstToVote(people: readonly number[], voted: readonly number[]): number {
  return Math.max(0, people.findIndex((p) => !voted.includes(p)));
}

/** After `selected`, going round the list, the next participant who has not voted; `selected` when there is none. */
export function nextToVote(people: readonly number[], voted: readonly number[], selected: number): number {
  const order = people.map((p, i) => ({ p, i }));
  const after = order.slice(selected + 1).concat(order.slice(0, selected + 1));
  return after.find(({ p }) => !voted.includes(p))?.i ?? selected;
}

/** ↑/↓ from `selected`, staying within the list of `count`. */
export function stepSelection(selected: number, step: 1 | -1, count: number): number {
  return step > 0 ? Math.min(selected + 1, count - 1) : Math.max(selected - 1, 0);
}

/**
 * Votes go out one after another; the selection moves on at once, so quick
 * keys each land on the right person even before the first save returns.
 */
export class VoteQueue {
  /** The participant (by position) the next vote is for. */
  selected = $state(0);
  // Not reactive on purpose: it only guides where the selection goes next.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pending = new Set<number>();
  #chain: Promise<void> = Promise.resolve();

  /** On arriving at a question or round: the first participant who has not voted. */
  start(people: readonly number[], voted: readonly number[]): void {
    this.selected = firstToVote(people, voted);
  }

  select(index: number): void {
    this.selected = index;
  }

  step(step: 1 | -1, count: number): void {
    this.selected = stepSelection(this.selected, step, count);
  }

  /**
   * Queues `send`, the vote of `person` (null for an anonymous tally), after
   * the votes before it, and moves the selection on to the next participant
   * who has neither voted nor a vote on the way. `send` reports its own errors.
   */
  cast(person: number | null, people: readonly number[], voted: readonly number[], send: () => Promise<unknown>): Promise<void> {
    if (person !== null) {
      this.#pending.add(person);
      this.selected = nextToVote(people, [...voted, ...this.#pending], this.selected);
    }
    this.#chain = this.#chain
      .then(async () => {
        try {
          await send();
        } finally {
          if (person !== null) this.#pending.delete(person);
        }
      })
      .catch(() => {});
    return this.#chain;
  }
}

/**
 * Applies a view of the workshop fetched after a change made elsewhere (a
 * phone's vote or join) to the one on screen, `w`, in place. While the same
 * question is at the same step and round, only what a phone can change is
 * copied in (who voted, the count, the overcount, the participants), so
 * nothing the facilitator is typing or choosing is reset. Returns false when
 * the workshop has moved on and the caller must show `next` whole.
 */
export function applyElsewhere(w: WorkshopDto, next: WorkshopDto): boolean {
  const a = w.current;
  const b = next.current;
  if (a.question.id !== b.question.id || a.state !== b.state || a.round !== b.round) return false;
  if (JSON.stringify(w.participants) !== JSON.stringify(next.participants)) w.participants = next.participants;
  if (a.voted.join() !== b.voted.join()) a.voted = b.voted;
  if (a.votedCount !== b.votedCount) a.votedCount = b.votedCount;
  if (a.overcount !== b.overcount) a.overcount = b.overcount;
  return true;
}
