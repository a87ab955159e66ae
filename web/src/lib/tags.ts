import type { AnnotationTag } from "../api/types";

/** How each annotation tag reads in the UI. */
export const TAG_LABELS: Record<AnnotationTag, string> = {
  detection: "Detection",
  diagnosis: "Diagnosis",
  repair: "Repair",
  key_moment: "Key moment",
  hypothesis: "Hypothesis",
  decision: "Decision",
  action: "Action",
  question: "Question",
  confusion: "Confusion",
  hand_off: "Hand-off",
  expertise: "Expertise",
  aha: "A-ha",
};

/** One line per tag for a first-time analyst: what to mark with it. */
export const TAG_HINTS: Record<AnnotationTag, string> = {
  detection: "Phase: how and when the problem was noticed",
  diagnosis: "Phase: working out what was wrong",
  repair: "Phase: what was done to fix it",
  key_moment: "A turning point worth telling in the review",
  hypothesis: "A theory someone put forward",
  decision: "A choice that changed the course of the response",
  action: "Something someone did",
  question: "Something to ask in an interview",
  confusion: "People were unsure or talking past each other",
  hand_off: "Work or command passed to someone else",
  expertise: "Knowledge only some people had",
  aha: "A moment of insight",
};
