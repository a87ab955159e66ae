// Kept so existing imports keep working; the definition lives in src/core/errors.ts.
export { ImportError } from "../core/errors.js";
