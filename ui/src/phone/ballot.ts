// What the phone's ballot says and marks: which choice is this phone's vote,
// how that vote reads, how many have voted, and why a ballot is closed.
import type { AnswerDto } from "../lib/bindings/AnswerDto";
import type { PhoneChoiceDto } from "../lib/bindings/PhoneChoiceDto";
import type { PresentedDto } from "../lib/bindings/PresentedDto";
import { answerText } from "../lib/format";

/** Whether the stored vote is this choice. */
export function isChoice(vote: AnswerDto | null, choice: PhoneChoiceDto): boolean {
  if (!vote || vote.kind !== choice.kind) return false;
  return vote.kind !== "level" || (choice.kind === "level" && vote.level === choice.level);
}

/** "Level 3 · Defined", "Not applicable" or "Don't know". */
export function voteText(vote: AnswerDto, levelNames: string[]): string {
  const name = vote.kind === "level" ? levelNames[vote.level - 1] : undefined;
  return name ? `${answerText(vote)} · ${name}` : answerText(vote);
}

/** "3 of 8 voted", or "3 voted" when nobody knows how many can vote (anonymous). */
export function votedText(p: Pick<PresentedDto, "votedCount" | "of">): string {
  return `${p.votedCount}${p.of !== null ? ` of ${p.of}` : ""} voted`;
}

/** Why taps do not vote, in words, or null while they do. */
export function closedText(p: Pick<PresentedDto, "state" | "finished">, canVote: boolean): string | null {
  if (canVote) return null;
  if (p.finished) return "The workshop is finished.";
  switch (p.state) {
    case "revealed":
      return "The votes are revealed: voting is closed for this question.";
    case "agreed":
      return "The team has agreed: voting is closed for this question.";
    case "skipped":
      return "The facilitator skipped this question.";
    case "voting":
      return "Voting is not open on this phone right now.";
  }
}
