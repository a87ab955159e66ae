/**
 * Name parts for Acme Cloud's fictional staff. People are random pairings of a first
 * and a last name, so no real person is described. A few carry accents or
 * apostrophes on purpose: importers and CSV writers must keep them intact.
 */
export const FIRST_NAMES: readonly string[] = [
  "Amara", "Bastian", "Chioma", "Dario", "Elif", "Farid", "Greta", "Hiroshi", "Ines", "Jonas",
  "Kavya", "Lars", "Mei", "Nikhil", "Olu", "Priya", "Quentin", "Rosa", "Soren", "Tamsin",
  "Umar", "Valentina", "Wen", "Ximena", "Yusuf", "Zoë", "Anika", "Bram", "Carmen", "Dev",
  "Emeka", "Freya", "Gabriel", "Hana", "Ivo", "Jasmin", "Kenji", "Leila", "Mateo", "Nadia",
  "Oren", "Paloma", "Rafael", "Saanvi", "Tobias", "Uma", "Viktor", "Willa", "Yara", "Zane",
  "Aisha", "Björn", "Cleo", "Diego", "Esme", "Felix", "Gaia", "Hugo", "Ilse", "José",
  "Keira", "Luca", "Maren", "Noor", "Otis", "Pia", "Ravi", "Sina", "Theo", "Vera",
];

/** Family names; see {@link FIRST_NAMES}. */
export const LAST_NAMES: readonly string[] = [
  "Adeyemi", "Bergström", "Castillo", "Dubois", "Eriksen", "Fontaine", "Gallagher", "Haddad", "Iyer", "Jovanović",
  "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Connell", "Petrov", "Quintero", "Rahman", "Silva", "Takahashi",
  "Uchenna", "Varga", "Whitfield", "Xu", "Yilmaz", "Zimmermann", "Abernathy", "Brennan", "Chaudhry", "Delacroix",
  "Eze", "Farrow", "Greenberg", "Holloway", "Ibarra", "Jensen", "Kaur", "Lachance", "Mbeki", "Novak",
  "Okafor", "Pellegrini", "Rasmussen", "Sato", "Thornbury", "Underwood", "Vasquez", "Wójcik", "Yamada", "Zeller",
  "Achebe", "Bianchi", "Cortés", "Draper", "Engel", "Fitzgerald", "Gupta", "Halvorsen", "Ishikawa", "Kapoor",
];

/** Makes a name safe for emails, handles and logins: ASCII letters only, lower case. */
export function asciiSlug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ø/g, "o")
    .replace(/ł/g, "l")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}
