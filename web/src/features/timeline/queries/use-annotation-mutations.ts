import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Annotation, AnnotationChange, NewAnnotation } from "../../../api/types";
import { createAnnotation, deleteAnnotation, updateAnnotation } from "../api/timeline-api";
import { patchEventAnnotations } from "./use-timeline";

function replaceOrAdd(list: Annotation[], annotation: Annotation): Annotation[] {
  return list.some((a) => a.id === annotation.id) ? list.map((a) => (a.id === annotation.id ? annotation : a)) : [...list, annotation];
}

/**
 * Create, edit and delete annotations on one incident's timeline events, keeping the
 * cached timeline in step. `showStored` puts what the server holds now into the cache,
 * after a 409 told us it changed under us.
 */
export function useAnnotationMutations(incidentId: number) {
  const client = useQueryClient();
  const afterChange = () => {
    void client.invalidateQueries({ queryKey: ["annotations", incidentId] });
    void client.invalidateQueries({ queryKey: ["guide", incidentId] });
  };

  const create = useMutation({
    mutationFn: ({ input }: { eventKey: string; input: NewAnnotation }) => createAnnotation(incidentId, input),
    onSuccess: (annotation, { eventKey }) => {
      patchEventAnnotations(client, incidentId, eventKey, (list) => replaceOrAdd(list, annotation));
      afterChange();
    },
  });

  const update = useMutation({
    mutationFn: ({ id, change }: { eventKey: string; id: number; change: AnnotationChange }) => updateAnnotation(id, change),
    onSuccess: (annotation, { eventKey }) => {
      patchEventAnnotations(client, incidentId, eventKey, (list) => replaceOrAdd(list, annotation));
      afterChange();
    },
  });

  const remove = useMutation({
    mutationFn: ({ id, version }: { eventKey: string; id: number; version: number }) => deleteAnnotation(id, version),
    onSuccess: (_nothing, { eventKey, id }) => {
      patchEventAnnotations(client, incidentId, eventKey, (list) => list.filter((a) => a.id !== id));
      afterChange();
    },
  });

  const showStored = (eventKey: string, stored: Annotation | null, id: number) => {
    patchEventAnnotations(client, incidentId, eventKey, (list) => (stored ? replaceOrAdd(list, stored) : list.filter((a) => a.id !== id)));
  };

  return { create, update, remove, showStored };
}
