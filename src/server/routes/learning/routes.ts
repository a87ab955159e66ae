import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { learningDashboard, learningSettings, updateLearningSettings } from "../../../commands/learning-dashboard.js";
import { addNotificationRule, notificationRules, removeNotificationRule } from "../../../commands/notify-published.js";
import {
  addMeetingMark,
  answerSurvey,
  findMeeting,
  hasAnswered,
  importMeetingTranscript,
  isAttendee,
  meetingDetails,
  meetingsOfIncident,
  scheduleMeeting,
  setAttendees,
  setSurveyOpen,
} from "../../../commands/review-meetings.js";
import { findIncidentById } from "../../../commands/library.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize, type Principal } from "../../policies/policies.js";
import { presentRule } from "../../presenters/library.js";
import {
  attendeesSchema,
  createRuleSchema,
  dashboardSchema,
  deleteRuleSchema,
  listMeetingsSchema,
  markSchema,
  meetingSchema,
  rulesSchema,
  scheduleMeetingSchema,
  settingsSchema,
  surveyAnswerSchema,
  surveySchema,
  surveyStateSchema,
  transcriptSchema,
  updateSettingsSchema,
} from "./schema.js";

/** Review meetings, the learning dashboard, its settings and the notification rules. */
export function learningRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { store } = context;
  const incidentFor = async (principal: Principal, id: number) => {
    const incident = await findIncidentById(store, id);
    if (!incident) throw notFound("incident");
    authorize(principal, "incident.read", { type: "incident", id: incident.id, status: incident.status });
    return incident;
  };
  const meetingFor = async (principal: Principal, id: number) => {
    const meeting = await findMeeting(store, id);
    if (!meeting) throw notFound("meeting");
    await incidentFor(principal, meeting.incidentId);
    return meeting;
  };
  return async (app) => {
    app.get("/api/incidents/:id/meetings", { schema: listMeetingsSchema }, async (request) => {
      authorize(request.principal, "meeting.read");
      const incident = await incidentFor(request.principal, request.params.id);
      const meetings = await meetingsOfIncident(store, incident.id);
      return { meetings: await Promise.all(meetings.map((m) => meetingDetails(store, m))) };
    });

    app.post("/api/incidents/:id/meetings", { schema: scheduleMeetingSchema }, async (request, reply) => {
      authorize(request.principal, "meeting.manage");
      const incident = await incidentFor(request.principal, request.params.id);
      const id = await scheduleMeeting(store, { incidentId: incident.id, title: request.body.title, scheduledAt: Date.parse(request.body.scheduledAt), attendees: request.body.attendees, createdBy: request.principal.userId, actor: actorOf(request.principal) });
      const meeting = await findMeeting(store, id);
      if (!meeting) throw notFound("meeting");
      return reply.code(201).send({ meeting: await meetingDetails(store, meeting) });
    });

    app.get("/api/meetings/:id", { schema: meetingSchema }, async (request) => {
      authorize(request.principal, "meeting.read");
      return { meeting: await meetingDetails(store, await meetingFor(request.principal, request.params.id)) };
    });

    app.put("/api/meetings/:id/attendees", { schema: attendeesSchema }, async (request) => {
      authorize(request.principal, "meeting.manage");
      const meeting = await meetingFor(request.principal, request.params.id);
      await setAttendees(store, { meetingId: meeting.id, attendees: request.body.attendees, actor: actorOf(request.principal) });
      return { meeting: await meetingDetails(store, meeting) };
    });

    app.post("/api/meetings/:id/transcript", { schema: transcriptSchema }, async (request) => {
      authorize(request.principal, "meeting.manage");
      const meeting = await meetingFor(request.principal, request.params.id);
      const result = await importMeetingTranscript(store, { meetingId: meeting.id, name: request.body.name, content: request.body.content, actor: actorOf(request.principal) });
      const updated = (await findMeeting(store, meeting.id)) ?? meeting;
      return { meeting: await meetingDetails(store, updated), unmatched: result.unmatched };
    });

    app.post("/api/meetings/:id/marks", { schema: markSchema }, async (request, reply) => {
      authorize(request.principal, "meeting.mark");
      const meeting = await meetingFor(request.principal, request.params.id);
      const id = await addMeetingMark(store, { meetingId: meeting.id, ...request.body, userId: request.principal.userId, actor: actorOf(request.principal) });
      return reply.code(201).send({ id });
    });

    app.post("/api/meetings/:id/survey", { schema: surveyStateSchema }, async (request, reply) => {
      authorize(request.principal, "meeting.manage");
      const meeting = await meetingFor(request.principal, request.params.id);
      await setSurveyOpen(store, { meeting, open: request.body.open, actor: actorOf(request.principal) });
      return reply.code(204).send();
    });

    const surveyFor = async (principal: Principal, id: number) => {
      authorize(principal, "survey.answer");
      const meeting = await findMeeting(store, id);
      // Someone not on the list does not learn the meeting exists.
      if (!meeting || !(await isAttendee(store, meeting.id, principal.userId))) throw notFound("meeting");
      return meeting;
    };

    app.get("/api/meetings/:id/survey", { schema: surveySchema }, async (request) => {
      authorize(request.principal, "survey.answer");
      const meeting = await surveyFor(request.principal, request.params.id);
      return { title: meeting.title, open: meeting.surveyOpen, questions: meeting.surveyQuestions ?? [], answered: await hasAnswered(store, meeting.id, request.principal.userId) };
    });

    app.post("/api/meetings/:id/survey/answers", { schema: surveyAnswerSchema }, async (request, reply) => {
      authorize(request.principal, "survey.answer");
      const meeting = await surveyFor(request.principal, request.params.id);
      await answerSurvey(store, { meeting, userId: request.principal.userId, answers: request.body.answers, actor: actorOf(request.principal) });
      return reply.code(204).send();
    });

    app.get("/api/learning/dashboard", { schema: dashboardSchema }, async (request) => {
      authorize(request.principal, "learning.dashboard");
      return learningDashboard(store, request.query);
    });

    app.get("/api/learning/settings", { schema: settingsSchema }, async (request) => {
      authorize(request.principal, "learning.dashboard");
      return learningSettings(store);
    });

    app.patch("/api/learning/settings", { schema: updateSettingsSchema }, async (request) => {
      authorize(request.principal, "learning.settings");
      return updateLearningSettings(store, request.body, actorOf(request.principal));
    });

    app.get("/api/notification-rules", { schema: rulesSchema }, async (request) => {
      authorize(request.principal, "notification.manage");
      return { rules: (await notificationRules(store)).map(presentRule) };
    });

    app.post("/api/notification-rules", { schema: createRuleSchema }, async (request, reply) => {
      authorize(request.principal, "notification.manage");
      const rule = await addNotificationRule(store, { ...request.body, actor: actorOf(request.principal) });
      return reply.code(201).send({ rule: presentRule(rule) });
    });

    app.delete("/api/notification-rules/:id", { schema: deleteRuleSchema }, async (request, reply) => {
      authorize(request.principal, "notification.manage");
      if (!(await removeNotificationRule(store, request.params.id, actorOf(request.principal)))) throw notFound("notification rule");
      return reply.code(204).send();
    });
  };
}
