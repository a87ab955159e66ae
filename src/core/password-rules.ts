/*
 * The one rule for how long a password may be, shared by the API and the command line
 * so that a password one accepts the other accepts too. Length is counted in
 * characters as a person sees them typed: Unicode code points after NFC normalisation
 * (the form the password is hashed in), so "é" is one character however it was
 * entered and an emoji is one, not two UTF-16 units.
 */

/** The shortest password accepted. */
export const MIN_PASSWORD_CHARACTERS = 12;
/** The longest: enough for any passphrase, short enough to hash quickly. */
export const MAX_PASSWORD_CHARACTERS = 1024;

/** A password's length in characters, counted as {@link MIN_PASSWORD_CHARACTERS} is. */
export function passwordCharacters(password: string): number {
  let count = 0;
  for (const _ of password.normalize("NFC")) count += 1;
  return count;
}

/** Why a password is refused, or null when it is long enough and not too long. */
export function passwordProblem(password: string): string | null {
  const length = passwordCharacters(password);
  if (length < MIN_PASSWORD_CHARACTERS) return `password must be at least ${MIN_PASSWORD_CHARACTERS} characters`;
  if (length > MAX_PASSWORD_CHARACTERS) return `password must be at most ${MAX_PASSWORD_CHARACTERS} characters`;
  return null;
}
