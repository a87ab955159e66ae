import cliProgress from "cli-progress";

/** A progress bar on stderr when it is a terminal; silent otherwise (pipes, CI, `--json`). */
export interface Progress {
  update(done: number, total: number, detail: string): void;
  stop(): void;
}

/** Creates a progress reporter for a long command. */
export function createProgress(label: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {detail} | eta {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 200,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let renderedAt = 0;
  return {
    update(done, total, detail) {
      if (!started) {
        bar.start(total, 0, { detail });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { detail });
      // Imports keep the event loop busy, so the bar's own timer rarely fires: draw here.
      const now = Date.now();
      if (now - renderedAt >= 100) {
        renderedAt = now;
        bar.updateETA();
        bar.render();
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
