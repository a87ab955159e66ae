const HONORIFICS = new Set(["dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"]);

/**
 * A person's name reduced to what identifies it across sources: lower case, accents
 * removed, honorifics dropped, whitespace collapsed. "Dr. Zoë  Dubois" → "zoe dubois".
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
    .split(/\s+/)
    .filter((word) => word !== "" && !HONORIFICS.has(word))
    .join(" ");
}
