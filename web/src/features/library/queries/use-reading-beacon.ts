import { useEffect, useRef } from "react";
import { sendReadBeacon } from "../api/library-api";

/** How often a visit's progress is reported while the page stays open. */
const FLUSH_MS = 15_000;

function newVisitId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Measures one reading visit — time the page is actually visible, and which sections
 * came on screen — and reports it in batches: every 15 s while something changed, and
 * when the page is hidden or left. Nothing waits on it.
 */
export function useReadingBeacon(entryId: number | null, container: React.RefObject<HTMLElement | null>): void {
  const state = useRef({ visitId: newVisitId(), visibleMs: 0, since: 0, sections: new Set<string>(), dirty: false });

  useEffect(() => {
    if (entryId === null) return;
    const s = state.current;
    s.visitId = newVisitId();
    s.visibleMs = 0;
    s.sections = new Set();
    s.since = document.visibilityState === "visible" ? performance.now() : 0;
    const settle = () => {
      if (s.since > 0) {
        const now = performance.now();
        s.visibleMs += now - s.since;
        s.since = now;
        s.dirty = true;
      }
    };
    const flush = () => {
      settle();
      if (!s.dirty) return;
      s.dirty = false;
      sendReadBeacon([{ entryId, visitId: s.visitId, visibleMs: Math.round(s.visibleMs), sectionsReached: [...s.sections] }]);
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") s.since = performance.now();
      else {
        flush();
        s.since = 0;
      }
    };
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const key = (entry.target as HTMLElement).dataset.sectionKey;
          if (entry.isIntersecting && key && !s.sections.has(key)) {
            s.sections.add(key);
            s.dirty = true;
          }
        }
      },
      // A section counts as reached once it is in the upper two thirds of the window, however tall it is.
      { threshold: 0, rootMargin: "0px 0px -33% 0px" },
    );
    const observe = () => container.current?.querySelectorAll<HTMLElement>("[data-section-key]").forEach((el) => observer.observe(el));
    observe();
    // Sections render after the data arrives: look again shortly after.
    const late = window.setTimeout(observe, 500);
    const timer = window.setInterval(flush, FLUSH_MS);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", flush);
    return () => {
      flush();
      observer.disconnect();
      window.clearTimeout(late);
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", flush);
    };
  }, [entryId, container]);
}
