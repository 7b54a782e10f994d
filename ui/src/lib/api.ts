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
import type { CheckDto } from "./bindings/CheckDto";
import type { TicksDto } from "./bindings/TicksDto";
import type { ChecklistAnswerDto } from "./bindings/ChecklistAnswerDto";
import type { SavedAnswerDto } from "./bindings/SavedAnswerDto";
import type { TeamDto } from "./bindings/TeamDto";
import type { TeamListDto } from "./bindings/TeamListDto";
import type { ActionDto } from "./bindings/ActionDto";
import type { ActionUpdateDto } from "./bindings/ActionUpdateDto";
import type { ComparisonDto } from "./bindings/ComparisonDto";
import type { TeamPageDto } from "./bindings/TeamPageDto";
import type { ReviewDto } from "./bindings/ReviewDto";
import type { PortfolioDto } from "./bindings/PortfolioDto";
import type { AnswerDto } from "./bindings/AnswerDto";
import type { NewActionDto } from "./bindings/NewActionDto";
import type { NewTeamActionDto } from "./bindings/NewTeamActionDto";
import type { TargetDraftDto } from "./bindings/TargetDraftDto";
import type { PresentedDto } from "./bindings/PresentedDto";
import type { WorkshopDto } from "./bindings/WorkshopDto";
import type { WorkshopSetupDto } from "./bindings/WorkshopSetupDto";
import type { WorkshopSummaryDto } from "./bindings/WorkshopSummaryDto";
import type { ThemeDto } from "./bindings/ThemeDto";
import type { ExportedTeamDto } from "./bindings/ExportedTeamDto";
import type { ImportReportDto } from "./bindings/ImportReportDto";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { Paper } from "./bindings/Paper";
import type { DatabaseDto } from "./bindings/DatabaseDto";
import type { BackupDto } from "./bindings/BackupDto";
import type { NetworkChoiceDto } from "./bindings/NetworkChoiceDto";
import type { PhoneStatusDto } from "./bindings/PhoneStatusDto";

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
  /** Waits for the damage check run after opening; why the database cannot be used, or null. */
  checkDatabase: () => call<CommandError | null>("check_database"),
  database: () => call<DatabaseDto>("database"),
  backupNow: () => call<BackupDto>("backup_now"),
  /** Returns where the replaced file was set aside. */
  restoreBackup: (path: string) => call<string | null>("restore_backup", { path }),
  /** The teams whose name contains `query` (any case), sorted by name, `limit` of them from `offset`; each with its newest few assessments and those in progress. */
  listTeams: (query = "", offset = 0, limit = 20) => call<TeamListDto>("list_teams", { query, offset, limit }),
  createTeam: (name: string) => call<TeamDto>("create_team", { name }),
  createDemo: () => call<TeamDto>("create_demo"),
  startAssessment: (teamId: number, bankHash: string | null, profile: string | null, reviews: ReviewDto[] = []) =>
    call<AssessmentDto>("start_assessment", { teamId, bankHash, profile, reviews }),
  listBanks: () => call<BankChoiceDto[]>("list_banks"),
  importBank: (files: BankFileDto[]) => call<BankChoiceDto>("import_bank", { files }),
  questionnaire: (assessmentId: number) => call<QuestionnaireDto>("questionnaire", { assessmentId }),
  saveAnswer: (assessmentId: number, questionId: string, response: ResponseDto) =>
    call<SavedAnswerDto>("save_answer", { assessmentId, questionId, response }),
  saveChecklist: (assessmentId: number, questionId: string, ticked: string[], note: string | null) =>
    call<ChecklistAnswerDto>("save_checklist", { assessmentId, questionId, ticked, note }),
  tickCheck: (assessmentId: number, questionId: string, check: CheckDto, ticked: boolean) =>
    call<TicksDto>("tick_check", { assessmentId, questionId, check, ticked }),
  clearAnswer: (assessmentId: number, questionId: string) =>
    call<null>("clear_answer", { assessmentId, questionId }),
  /** Fails with kind "gaps" (and the words to show) when questions are unanswered, unless `acceptGaps`. */
  finishAssessment: (assessmentId: number, acceptGaps: boolean) => call<AssessmentDto>("finish_assessment", { assessmentId, acceptGaps }),
  results: (assessmentId: number, theme: ThemeDto) => call<ResultsDto>("results", { assessmentId, theme }),

  startWorkshop: (setup: WorkshopSetupDto) => call<AssessmentDto>("start_workshop", { setup }),
  workshop: (assessmentId: number, theme: ThemeDto) => call<WorkshopDto>("workshop", { assessmentId, theme }),
  presented: (assessmentId: number, theme: ThemeDto) => call<PresentedDto>("presented", { assessmentId, theme }),
  castVote: (assessmentId: number, questionId: string, participantId: number | null, answer: AnswerDto, theme: ThemeDto) =>
    call<WorkshopDto>("cast_vote", { assessmentId, questionId, participantId, answer, theme }),
  tickWorkshopCheck: (assessmentId: number, questionId: string, check: CheckDto, ticked: boolean, theme: ThemeDto) =>
    call<WorkshopDto>("tick_workshop_check", { assessmentId, questionId, check, ticked, theme }),
  uncastVote: (
    assessmentId: number,
    questionId: string,
    participantId: number | null,
    answer: AnswerDto | null,
    theme: ThemeDto,
  ) => call<WorkshopDto>("uncast_vote", { assessmentId, questionId, participantId, answer, theme }),
  /** How many people are in the room (anonymous workshops), or null when not known. */
  setHeadcount: (assessmentId: number, headcount: number | null, theme: ThemeDto) =>
    call<WorkshopDto>("set_headcount", { assessmentId, headcount, theme }),
  reveal: (assessmentId: number, questionId: string, theme: ThemeDto) =>
    call<WorkshopDto>("reveal_votes", { assessmentId, questionId, theme }),
  revote: (assessmentId: number, questionId: string, theme: ThemeDto) =>
    call<WorkshopDto>("revote", { assessmentId, questionId, theme }),
  agree: (assessmentId: number, questionId: string, response: ResponseDto, theme: ThemeDto) =>
    call<WorkshopDto>("agree", { assessmentId, questionId, response, theme }),
  skip: (assessmentId: number, questionId: string, skip: boolean, theme: ThemeDto) =>
    call<WorkshopDto>("skip_question", { assessmentId, questionId, skip, theme }),
  goto: (assessmentId: number, questionId: string, theme: ThemeDto) =>
    call<WorkshopDto>("goto_question", { assessmentId, questionId, theme }),
  setFacilitatorNote: (assessmentId: number, questionId: string, note: string | null) =>
    call<null>("set_facilitator_note", { assessmentId, questionId, note }),
  addParticipant: (assessmentId: number, name: string, theme: ThemeDto) =>
    call<WorkshopDto>("add_participant", { assessmentId, name, theme }),
  renameParticipant: (assessmentId: number, participantId: number, name: string, theme: ThemeDto) =>
    call<WorkshopDto>("rename_participant", { assessmentId, participantId, name, theme }),
  removeParticipant: (assessmentId: number, participantId: number, keepVotes: boolean, theme: ThemeDto) =>
    call<WorkshopDto>("remove_participant", { assessmentId, participantId, keepVotes, theme }),
  addAction: (assessmentId: number, action: NewActionDto) => call<ActionDto>("add_action", { assessmentId, action }),
  workshopSummary: (assessmentId: number) => call<WorkshopSummaryDto>("workshop_summary", { assessmentId }),
  openPresenter: (assessmentId: number) => call<null>("open_presenter", { assessmentId }),
  teamPage: (teamId: number, theme: ThemeDto) => call<TeamPageDto>("team_page", { teamId, theme }),
  compare: (earlierId: number, laterId: number) => call<ComparisonDto>("compare_assessments", { earlierId, laterId }),
  setTarget: (teamId: number, areaId: string, level: number, targetDate: string | null) =>
    call<null>("set_target", { teamId, areaId, level, targetDate }),
  /** Every changed target at once: all are saved, or none when one is refused. */
  setTargets: (teamId: number, targets: TargetDraftDto[]) => call<null>("set_targets", { teamId, targets }),
  addTeamAction: (teamId: number, action: NewTeamActionDto) => call<ActionDto>("add_team_action", { teamId, action }),
  updateAction: (actionId: number, update: ActionUpdateDto) => call<ActionDto>("update_action", { actionId, update }),
  deleteAssessment: (assessmentId: number) => call<null>("delete_assessment", { assessmentId }),
  deleteTeam: (teamId: number) => call<null>("delete_team", { teamId }),
  portfolio: () => call<PortfolioDto>("portfolio"),
  exportPortfolio: (path: string, format: ExportFormat, paper: Paper) =>
    call<string>("export_portfolio", { path, format, paper }),
  exportReport: (assessmentId: number, format: ExportFormat, path: string, includeNotes: boolean, paper: Paper) =>
    call<string[]>("export_report", { assessmentId, format, path, includeNotes, paper }),
  exportTeam: (teamId: number, path: string, includeNotes: boolean, dropNames: boolean) =>
    call<ExportedTeamDto>("export_team", { teamId, path, includeNotes, dropNames }),
  importTeam: (path: string, asName: string | null) =>
    call<ImportReportDto>("import_team", { path, asName }),
  openActions: (teamId: number) => call<ActionDto[]>("open_actions", { teamId }),
  workshopClock: (assessmentId: number, running: boolean, theme: ThemeDto) =>
    call<WorkshopDto>("workshop_clock", { assessmentId, running, theme }),

  /** The addresses phones may reach this laptop on; one is the default. */
  phoneNetworks: () => call<NetworkChoiceDto[]>("phone_networks"),
  /** Starts phone voting on `address`: a new link, and any earlier link dead. */
  startPhoneVoting: (assessmentId: number, address: string) =>
    call<PhoneStatusDto>("start_phone_voting", { assessmentId, address }),
  stopPhoneVoting: (assessmentId: number) => call<null>("stop_phone_voting", { assessmentId }),
  /** Phone voting for this workshop, or null when it is not running. */
  phoneStatus: (assessmentId: number) => call<PhoneStatusDto | null>("phone_status", { assessmentId }),
  /** Lets the participant join again from another phone. */
  freePhoneName: (assessmentId: number, participantId: number) =>
    call<PhoneStatusDto>("free_phone_name", { assessmentId, participantId }),
};
