import { describe, expect, it } from "vitest";
import type { TeamDto } from "./bindings/TeamDto";
import { appendTeams, countLine, heatIndex, heatRange, reloadLimit, TEAM_PAGE } from "./teams";

const team = (id: number): TeamDto => ({ id, name: `Team ${id}`, createdAt: "2026-01-01", assessments: [], assessmentCount: 0, origin: null });

describe("teams", () => {
  it("says how many teams are shown of how many", () => {
    expect(TEAM_PAGE).toBe(20);
    expect(countLine(20, 200, 200, "")).toBe("Showing 20 of 200 teams");
    expect(countLine(200, 200, 200, "")).toBe("Showing all 200 teams");
    expect(countLine(3, 3, 3, "")).toBe("3 teams");
    expect(countLine(1, 1, 1, "")).toBe("1 team");
    expect(countLine(0, 0, 0, "")).toBeNull();
  });

  it("says what a search found, with the words searched for", () => {
    expect(countLine(3, 3, 200, "pay")).toBe("3 of 200 teams match “pay”");
    expect(countLine(1, 1, 200, " pay ")).toBe("1 of 200 teams matches “pay”");
    expect(countLine(20, 57, 200, "a")).toBe("Showing 20 of the 57 teams that match “a” (200 teams in all)");
    expect(countLine(0, 0, 200, "xyz")).toBe("No team matches “xyz”.");
    // Only spaces is no search.
    expect(countLine(20, 200, 200, "  ")).toBe("Showing 20 of 200 teams");
  });

  it("reloads at least a page, and as many as were on screen", () => {
    expect(reloadLimit(0)).toBe(20);
    expect(reloadLimit(3)).toBe(20);
    expect(reloadLimit(60)).toBe(60);
  });

  it("appends the next page without showing a team twice", () => {
    expect(appendTeams([team(1), team(2)], [team(2), team(3)]).map((t) => t.id)).toEqual([1, 2, 3]);
    expect(appendTeams([], [team(4)]).map((t) => t.id)).toEqual([4]);
  });

  it("opens the heatmap on its newest page and keeps within the pages", () => {
    expect(heatIndex(4, null)).toBe(3);
    expect(heatIndex(4, 1)).toBe(1);
    expect(heatIndex(4, 9)).toBe(3);
    expect(heatIndex(4, -1)).toBe(0);
    expect(heatIndex(0, null)).toBe(0);
    expect(heatIndex(1, null)).toBe(0);
  });

  it("names the assessments a heatmap page shows", () => {
    expect(heatRange({ first: 29, last: 40, svg: "" }, 40)).toBe("Assessments 29–40 of 40");
    expect(heatRange({ first: 1, last: 4, svg: "" }, 40)).toBe("Assessments 1–4 of 40");
    expect(heatRange({ first: 13, last: 13, svg: "" }, 13)).toBe("Assessment 13 of 13");
  });
});
