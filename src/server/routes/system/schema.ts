import { Health, OpenApiDocument } from "../../../core/system.js";

/** `GET /api/health`: the server answers; no store round trip, so load balancers can poll it cheaply. */
export const healthSchema = {
  summary: "Is the server up?",
  tags: ["system"],
  security: [],
  response: { 200: Health },
};

/** `GET /api/openapi.json`: this API's OpenAPI 3.1 document. */
export const openapiSchema = {
  summary: "The OpenAPI document describing every route",
  tags: ["system"],
  security: [],
  response: { 200: OpenApiDocument },
};
