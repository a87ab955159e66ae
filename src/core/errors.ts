/*
 * The error types every layer shares. They carry no HTTP status: the server's error
 * handler maps them (InputError → 400, AccountExistsError → 409), the CLI prints them
 * as one line and exits non-zero. Anything else that escapes is a bug.
 */

/** A request the caller can fix (unknown channel, bad time): the CLI shows it as one line. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** An account with that e-mail already exists: the API answers 409. */
export class AccountExistsError extends Error {
  override readonly name = "AccountExistsError";
}

/**
 * An input problem the person running the import can fix: the message names the file
 * and the place (entry, line, byte) so it can be found without a debugger. The CLI
 * prints it as one line and exits non-zero; anything else is a bug.
 */
export class ImportError extends Error {
  override readonly name = "ImportError";
}

/** A timeline cursor Debrief did not make, or more than one of `cursor`, `before`, `around`: the API answers 400. */
export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
}

/** The `around` event is not in the incident's (filtered) timeline: the API answers 404. */
export class UnknownTimelineEventError extends Error {
  override readonly name = "UnknownTimelineEventError";
}
