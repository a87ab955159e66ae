/**
 * When a recording started, from a Zoom cloud-recording file name
 * (`GMT20240124-202901_Recording.transcript.vtt`: 2024-01-24 20:29:01 UTC), as epoch
 * milliseconds; null when the name carries no such stamp. Cue times are offsets from
 * this moment, so it is what places a Zoom transcript on an incident's timeline when
 * nobody gives `--started-at`.
 */
export function recordingStartFromFileName(fileName: string): number | null {
  const match = /GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(fileName);
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const at = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  // Date.UTC rolls 2024-02-31 over into March; a stamp that does not survive the round trip is not a stamp.
  const back = new Date(at);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || back.getUTCHours() !== hours || back.getUTCMinutes() !== minutes || back.getUTCSeconds() !== seconds) {
    return null;
  }
  return at;
}
