import { describe, expect, it } from "vitest";
import { matchSpeakers, speakerKey, type SpeakerDirectory } from "./speaker-match.js";

const directory: SpeakerDirectory = {
  people: [
    { id: 1, name: "Melissa Ko" },
    { id: 2, name: "Conor  Healy" },
    { id: 3, name: "José Álvarez" },
    { id: 4, name: "Alex Kim" },
    { id: 5, name: "Alex Kim" },
    { id: 6, name: "Shreeharsh R. Kelkar" },
    { id: 7, name: "Sam Rivera" },
    { id: 8, name: "Sam Q. Rivera" },
    { id: 9, name: "Priya Raman" },
  ],
  identities: [
    { personId: 9, displayName: "Priya (SRE)", handle: "praman" },
    { personId: 2, displayName: "conor", handle: "chealy" },
    { personId: 1, displayName: "Mel", handle: "mel" },
    { personId: 7, displayName: "Mel", handle: null },
  ],
};

const match = (name: string) => {
  const [result] = matchSpeakers([name], directory);
  return result;
};

describe("speakerKey", () => {
  it("lower-cases, removes accents, honorifics, notes and suffixes, and turns directory order round", () => {
    expect(speakerKey("Dr. Melissa  Ko")).toBe("melissa ko");
    expect(speakerKey("José Álvarez (Guest)")).toBe("jose alvarez");
    expect(speakerKey("Ko, Melissa [External]")).toBe("melissa ko");
    expect(speakerKey("Martin Luther King, Jr.")).toBe("martin luther king");
    expect(speakerKey("Melissa Ko PhD")).toBe("melissa ko");
    expect(speakerKey("\u200eMrs. Ana\u00a0Lima\u200f")).toBe("ana lima");
  });
});

describe("matchSpeakers", () => {
  it("matches a person's name exactly after normalising", () => {
    expect(match("Dr. Melissa Ko")).toEqual({ name: "Dr. Melissa Ko", personId: 1, reason: "exact", candidates: [] });
    expect(match("conor healy")).toMatchObject({ personId: 2, reason: "exact" });
    expect(match("Jose Alvarez")).toMatchObject({ personId: 3, reason: "exact" });
    expect(match("Álvarez, José")).toMatchObject({ personId: 3, reason: "exact" });
  });

  it("matches a linked identity's display name or handle when no name does", () => {
    expect(match("PRAMAN")).toMatchObject({ personId: 9, reason: "alias" });
    expect(match("Conor")).toMatchObject({ personId: 2, reason: "alias" });
  });

  it("matches first and last name, ignoring middle names, on either side", () => {
    expect(match("Shreeharsh Kelkar")).toMatchObject({ personId: 6, reason: "first-last" });
    expect(match("Priya K. Raman")).toMatchObject({ personId: 9, reason: "first-last" });
  });

  it("leaves two people with the same name unmatched, naming both", () => {
    expect(match("Alex Kim")).toEqual({ name: "Alex Kim", personId: null, reason: "ambiguous", candidates: [4, 5] });
    expect(match("Mel")).toEqual({ name: "Mel", personId: null, reason: "ambiguous", candidates: [1, 7] });
  });

  it("prefers an exact name to a first-last match that would be ambiguous", () => {
    expect(match("Sam Rivera")).toMatchObject({ personId: 7, reason: "exact" });
    expect(match("Sam J. Rivera")).toMatchObject({ personId: null, reason: "ambiguous", candidates: [7, 8] });
  });

  it("reports no match for strangers and for names that normalise to nothing", () => {
    expect(match("Ryan Sloan")).toEqual({ name: "Ryan Sloan", personId: null, reason: "no match", candidates: [] });
    expect(match("Dr.")).toMatchObject({ personId: null, reason: "no match" });
    expect(matchSpeakers(["Ryan"], { people: [], identities: [] })).toEqual([{ name: "Ryan", personId: null, reason: "no match", candidates: [] }]);
  });

  it("answers once per speaker, in order", () => {
    expect(matchSpeakers(["Ryan Sloan", "Melissa Ko", "Alex Kim"], directory).map((m) => m.personId)).toEqual([null, 1, null]);
  });
});
