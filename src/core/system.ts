import { z } from "zod";

/** `GET /api/health`. */
export const Health = z.object({ ok: z.literal(true) });

/** `GET /api/openapi.json`: an OpenAPI 3.1 document. */
export const OpenApiDocument = z.record(z.string(), z.unknown()).describe("an OpenAPI 3.1 document");
