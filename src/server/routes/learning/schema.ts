import { z } from "zod";
import { DashboardQuery, LearningDashboard, LearningSettings, MeetingMarkBody, MeetingTranscriptBody, NotificationRule, NotificationRuleBody, ReviewMeeting, ScheduleMeetingBody, SurveyAnswerBody } from "../../../core/learning.js";
import { errorResponses, IdParams, NoContent } from "../common-schema.js";

/** `GET /api/incidents/:id/meetings`. */
export const listMeetingsSchema = { summary: "An incident's review meetings", tags: ["meetings"], params: IdParams, response: { 200: z.object({ meetings: z.array(ReviewMeeting) }), ...errorResponses } };

/** `POST /api/incidents/:id/meetings`. */
export const scheduleMeetingSchema = { summary: "Schedule a review meeting", tags: ["meetings"], params: IdParams, body: ScheduleMeetingBody, response: { 201: z.object({ meeting: ReviewMeeting }), ...errorResponses } };

/** `GET /api/meetings/:id`. */
export const meetingSchema = { summary: "A review meeting: attendees, speaking shares, marks, survey results", tags: ["meetings"], params: IdParams, response: { 200: z.object({ meeting: ReviewMeeting }), ...errorResponses } };

/** `PUT /api/meetings/:id/attendees`. */
export const attendeesSchema = {
  summary: "Replace the attendee list (accounts or directory people)",
  tags: ["meetings"],
  params: IdParams,
  body: z.strictObject({ attendees: ScheduleMeetingBody.shape.attendees }),
  response: { 200: z.object({ meeting: ReviewMeeting }), ...errorResponses },
};

/** `POST /api/meetings/:id/transcript`. */
export const transcriptSchema = {
  summary: "Import the meeting's WebVTT transcript (Zoom or Teams) for speaking shares",
  tags: ["meetings"],
  params: IdParams,
  body: MeetingTranscriptBody,
  response: { 200: z.object({ meeting: ReviewMeeting, unmatched: z.array(z.string()).describe("speakers not found in the directory") }), ...errorResponses },
};

/** `POST /api/meetings/:id/marks`. */
export const markSchema = { summary: "Mark an a-ha moment, a question or a follow-up during the meeting", tags: ["meetings"], params: IdParams, body: MeetingMarkBody, response: { 201: z.object({ id: z.number().int() }), ...errorResponses } };

/** `POST /api/meetings/:id/survey`. */
export const surveyStateSchema = { summary: "Open or close the anonymous survey", tags: ["meetings"], params: IdParams, body: z.strictObject({ open: z.boolean() }), response: { 204: NoContent, ...errorResponses } };

/** `GET /api/meetings/:id/survey`. */
export const surveySchema = {
  summary: "The survey as an attendee sees it",
  tags: ["meetings"],
  params: IdParams,
  response: { 200: z.object({ title: z.string(), open: z.boolean(), questions: z.array(z.string()), answered: z.boolean() }), ...errorResponses },
};

/** `POST /api/meetings/:id/survey/answers`. */
export const surveyAnswerSchema = { summary: "Answer the survey (attendees; anonymous)", tags: ["meetings"], params: IdParams, body: SurveyAnswerBody, response: { 204: NoContent, ...errorResponses } };

/** `GET /api/learning/dashboard`. */
export const dashboardSchema = { summary: "The learning dashboard per month and per team, with programme-health flags", tags: ["learning"], querystring: DashboardQuery, response: { 200: LearningDashboard, ...errorResponses } };

/** `GET /api/learning/settings`. */
export const settingsSchema = { summary: "Programme-health thresholds", tags: ["learning"], response: { 200: LearningSettings, ...errorResponses } };

/** `PATCH /api/learning/settings`. */
export const updateSettingsSchema = { summary: "Change programme-health thresholds (admins)", tags: ["learning"], body: LearningSettings.partial(), response: { 200: LearningSettings, ...errorResponses } };

/** `GET /api/notification-rules`. */
export const rulesSchema = { summary: "Who hears of publications", tags: ["learning"], response: { 200: z.object({ rules: z.array(NotificationRule) }), ...errorResponses } };

/** `POST /api/notification-rules`. */
export const createRuleSchema = { summary: "Add a notification rule (admins)", tags: ["learning"], body: NotificationRuleBody, response: { 201: z.object({ rule: NotificationRule }), ...errorResponses } };

/** `DELETE /api/notification-rules/:id`. */
export const deleteRuleSchema = { summary: "Remove a notification rule (admins)", tags: ["learning"], params: IdParams, response: { 204: NoContent, ...errorResponses } };


