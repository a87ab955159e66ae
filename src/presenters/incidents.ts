// Kept so existing imports keep working: iso() lives in ./time.ts, incidents are presented by ./incident-views.ts.
export { iso } from "./time.js";
