// Kept so existing imports keep working; presenters live in src/presenters (shared by the API and the CLI).
export * from "../../presenters/users.js";
