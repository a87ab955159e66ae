/** Where a JSON text first stops being valid. */
export interface JsonErrorPlace {
  /** Character offset from the start of the text. */
  position: number;
  line: number;
  column: number;
  reason: string;
}

/**
 * Finds the first place a JSON text is invalid. `JSON.parse` does not always say where
 * (V8 often reports only the token), and a person fixing an export needs a line and
 * column. Runs only after a parse has already failed, so it favours clarity over speed.
 */
export function locateJsonError(text: string): JsonErrorPlace {
  let at = 0;
  const fail = (reason: string): never => {
    throw Object.assign(new Error(reason), { at });
  };
  const space = (): void => {
    while (at < text.length && " \t\n\r".includes(text.charAt(at))) at += 1;
  };
  const value = (): void => {
    space();
    const c = text.charAt(at);
    if (c === "{") {
      at += 1;
      space();
      if (text.charAt(at) === "}") { at += 1; return; }
      for (;;) {
        space();
        if (text.charAt(at) !== '"') fail("expected a property name in double quotes");
        string();
        space();
        if (text.charAt(at) !== ":") fail("expected ':' after a property name");
        at += 1;
        value();
        space();
        if (text.charAt(at) === ",") { at += 1; continue; }
        if (text.charAt(at) === "}") { at += 1; return; }
        fail(at >= text.length ? "unexpected end of input inside an object" : "expected ',' or '}' in an object");
      }
    }
    if (c === "[") {
      at += 1;
      space();
      if (text.charAt(at) === "]") { at += 1; return; }
      for (;;) {
        value();
        space();
        if (text.charAt(at) === ",") { at += 1; continue; }
        if (text.charAt(at) === "]") { at += 1; return; }
        fail(at >= text.length ? "unexpected end of input inside an array" : "expected ',' or ']' in an array");
      }
    }
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 400));
    if (literal) { at += literal[0].length; return; }
    fail(at >= text.length ? "unexpected end of input" : `unexpected character ${JSON.stringify(c)}`);
  };
  const string = (): void => {
    at += 1;
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 0x22) { at += 1; return; }
      if (c === 0x5c) {
        const next = text.charAt(at + 1);
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) fail("bad \\u escape in a string");
          at += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== "") {
          at += 2;
        } else {
          fail("bad escape in a string");
        }
        continue;
      }
      if (c < 0x20) fail("control character inside a string");
      at += 1;
    }
    fail("unterminated string");
  };
  let reason = "trailing content after the JSON value";
  try {
    value();
    space();
    if (at >= text.length) reason = "invalid JSON";
  } catch (error) {
    reason = (error as Error).message;
  }
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return { position: at, line, column, reason };
}
