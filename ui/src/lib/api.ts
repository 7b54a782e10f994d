// Typed wrappers over the Tauri commands. Argument names are the commands'
// parameters in camelCase; every failure arrives as a CommandError.
import { invoke } from "@tauri-apps/api/core";
import type { AppStatusDto } from "./bindings/AppStatusDto";
import type { AssessmentDto } from "./bindings/AssessmentDto";
import type { BankChoiceDto } from "./bindings/BankChoiceDto";
import type { BankFileDto } from "./bindings/BankFileDto";
import type { CommandError } from "./bindings/CommandError";
import type { QuestionnaireDto } from "./bindings/QuestionnaireDto";
import type { ResponseDto } from "./bindings/ResponseDto";
import type { ResultsDto } from "./bindings/ResultsDto";
import type { SavedAnswerDto } from "./bindings/SavedAnswerDto";
import type { TeamDto } from "./bindings/TeamDto";
import type { ThemeDto } from "./bindings/ThemeDto";

/** Turns whatever a rejected invoke carried into a CommandError. */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && "kind" in e && "message" in e) {
    return e as CommandError;
  }
  return { kind: "io", message: e instanceof Error ? e.message : String(e) };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asCommandError(e);
  }
}

export const api = {
  appStatus: () => call<AppStatusDto>("app_status"),
  listTeams: () => call<TeamDto[]>("list_teams"),
  createTeam: (name: string) => call<TeamDto>("create_team", { name }),
  createDemo: () => call<TeamDto>("create_demo"),
  startAssessment: (teamId: number, bankHash: string | null, profile: string | null) =>
    call<AssessmentDto>("start_assessment", { teamId, bankHash, profile }),
  listBanks: () => call<BankChoiceDto[]>("list_banks"),
  importBank: (files: BankFileDto[]) => call<BankChoiceDto>("import_bank", { files }),
  questionnaire: (assessmentId: number) => call<QuestionnaireDto>("questionnaire", { assessmentId }),
  saveAnswer: (assessmentId: number, questionId: string, response: ResponseDto) =>
    call<SavedAnswerDto>("save_answer", { assessmentId, questionId, response }),
  clearAnswer: (assessmentId: number, questionId: string) =>
    call<null>("clear_answer", { assessmentId, questionId }),
  finishAssessment: (assessmentId: number) => call<AssessmentDto>("finish_assessment", { assessmentId }),
  results: (assessmentId: number, theme: ThemeDto) => call<ResultsDto>("results", { assessmentId, theme }),
};
