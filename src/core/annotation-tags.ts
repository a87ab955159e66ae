/**
 * Annotation tags, shared by the server (validation) and the web UI (the annotation
 * form). The first three are the phases an analyst marks to build the narrative.
 */
export const ANNOTATION_TAGS = [
  "detection",
  "diagnosis",
  "repair",
  "key_moment",
  "hypothesis",
  "decision",
  "action",
  "question",
  "confusion",
  "hand_off",
  "expertise",
  "aha",
] as const;

/** One annotation tag. */
export type AnnotationTag = (typeof ANNOTATION_TAGS)[number];
