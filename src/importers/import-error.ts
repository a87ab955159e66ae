/**
 * An input problem the person running the import can fix: the message names the file
 * and the place (entry, line, byte) so it can be found without a debugger. The CLI
 * prints it as one line and exits non-zero; anything else is a bug.
 */
export class ImportError extends Error {
  override readonly name = "ImportError";
}
