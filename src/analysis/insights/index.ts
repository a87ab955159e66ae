/** The insights across incidents: pure functions over {@link InsightsInput}. */
export { chaosSuggestions, triggerKey } from "./chaos-experiments.js";
export { knowledgeSilos, siloPulls, siloServices } from "./knowledge-silos.js";
export { fatigueProfiles, isoWeek, longestDateRun, onCallFatigue, pageClock, pagesOf } from "./on-call-fatigue.js";
export { ownershipDrift } from "./ownership-drift.js";
export { ALL_TIME, type InsightRange, involvementOf } from "./participation.js";
export { readingList } from "./reading-list.js";
export { recurringServices } from "./recurring-services.js";
export type { InsightsInput } from "../../core/insights.js";
