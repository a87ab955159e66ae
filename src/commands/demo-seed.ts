import type { Store } from "../db/connection.js";
import { seedWorkedDemo, type WorkedDemoSummary } from "./demo-worked-incident.js";
import { type LearningDemoSummary, seedLearningDemo } from "./learning-demo.js";

/** What {@link seedDemoStudies} wrote. */
export interface DemoStudiesSummary {
  learning: LearningDemoSummary;
  worked: WorkedDemoSummary;
}

/**
 * The analysis the demo company comes with, after its data is loaded: a learning
 * programme (published reviews with reads, questions, a-ha marks and meetings), then
 * one incident worked in full and one half done by the demo analyst — who must exist
 * first, as the author of their confidential interview notes. `debrief serve --demo`
 * and the browser tests run exactly this.
 */
export async function seedDemoStudies(store: Store, options: { analystUserId: number; actor: string }): Promise<DemoStudiesSummary> {
  const learning = await seedLearningDemo(store, { actor: options.actor });
  const worked = await seedWorkedDemo(store, { analystUserId: options.analystUserId, actor: options.actor });
  return { learning, worked };
}
