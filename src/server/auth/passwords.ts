// Kept so existing imports keep working; password hashing lives in src/commands/passwords.ts, shared by the API and the CLI.
export * from "../../commands/passwords.js";
