// The home screen's list of teams, loaded a page at a time and searched by
// name, and the team page's heatmap pager: the words and the numbers, apart
// from the screens so they can be tested.
import { api } from "./api";
import type { HeatmapPageDto } from "./bindings/HeatmapPageDto";
import type { TeamDto } from "./bindings/TeamDto";
import type { TeamListDto } from "./bindings/TeamListDto";

/** How many teams one load shows. */
export const TEAM_PAGE = 20;

let early: Promise<TeamListDto> | null = null;

/**
 * Asks for the home screen's first page at once, while the shell still asks
 * whether the database opened: the two round trips overlap instead of
 * following each other. A failure is the home screen's to show.
 */
export function askFirstPage(): Promise<TeamListDto> {
  early = api.listTeams("", 0, TEAM_PAGE);
  early.catch(() => {});
  return early;
}

/** The first page asked for early, once; the home screen's first load takes it instead of asking again. */
export function takeFirstPage(): Promise<TeamListDto> | null {
  const page = early;
  early = null;
  return page;
}

/** What the status line above the team cards says, or null when there is nothing to say. */
export function countLine(shown: number, matching: number, total: number, query: string): string | null {
  const q = query.trim();
  const teams = (n: number) => `${n} team${n === 1 ? "" : "s"}`;
  if (total === 0) return null;
  if (!q) {
    if (shown < total) return `Showing ${shown} of ${teams(total)}`;
    return total > TEAM_PAGE ? `Showing all ${teams(total)}` : teams(total);
  }
  if (matching === 0) return `No team matches “${q}”.`;
  if (shown < matching) return `Showing ${shown} of the ${matching} teams that match “${q}” (${teams(total)} in all)`;
  return `${matching} of ${teams(total)} ${matching === 1 ? "matches" : "match"} “${q}”`;
}

/** How many teams to load again after a change: at least a page, and as many as were on screen. */
export const reloadLimit = (shown: number) => Math.max(TEAM_PAGE, shown);

/** The next page appended to what is shown; a team already there (the list changed in between) is not shown twice. */
export function appendTeams(shown: TeamDto[], next: TeamDto[]): TeamDto[] {
  const seen = new Set(shown.map((t) => t.id));
  return [...shown, ...next.filter((t) => !seen.has(t.id))];
}

/** Which heatmap page to show: `at`, or the newest (the last) when none was picked; kept within the pages. */
export const heatIndex = (pages: number, at: number | null) =>
  pages === 0 ? 0 : at === null ? pages - 1 : Math.min(Math.max(at, 0), pages - 1);

/** "Assessments 29–40 of 40": which completed assessments a heatmap page shows. */
export const heatRange = (p: HeatmapPageDto, total: number) =>
  p.first === p.last ? `Assessment ${p.first} of ${total}` : `Assessments ${p.first}–${p.last} of ${total}`;
