import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { detectLanguage } from "~/i18n/i18n.server";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { requireSchedulingEvent } from "~/modules/scheduling/admin.server";
import { rescheduleSession, ScheduleConflictError } from "~/modules/scheduling/reschedule.server";
import { getEditorOptions, getSessionForEdit, setSessionPublished, submitSessionForm } from "~/modules/scheduling/sessions.server";
import { ConflictList, SessionEditor, type EditorAnswer } from "~/modules/scheduling/ui";
import { AdminNav } from "~/modules/settings/admin-ui";
import adminStyles from "~/styles/admin.css?url";
import schedulingStyles from "~/styles/scheduling.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: schedulingStyles },
];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const actor = actorOf(viewer);
    const event = await requireSchedulingEvent(context.services.db, actor, params.slug ?? "");
    const [session, options] = await Promise.all([
      getSessionForEdit(context.services, actor, event, params.sessionId ?? ""),
      getEditorOptions(context.services.db, event, detectLanguage(request, viewer.user.preferredLanguage)),
    ]);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, session, options };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    const event = await requireSchedulingEvent(context.services.db, actor, params.slug ?? "");
    const sessionId = params.sessionId ?? "";
    const formData = await request.formData();
    const intent = String(formData.get("intent") ?? "");
    const back = `/events/${event.slug}/admin/sessions/${sessionId}`;
    if (intent === "publish" || intent === "unpublish") {
      await setSessionPublished(context.services, actor, event, sessionId, intent === "publish");
      return redirect(`${back}?saved=1`);
    }
    if (intent === "cancel" || intent === "restore") {
      try {
        await rescheduleSession(context.services, actor, event, sessionId, { status: intent === "cancel" ? "cancelled" : "scheduled" });
      } catch (error) {
        if (error instanceof ScheduleConflictError) return data<EditorAnswer>({ conflicts: error.conflicts }, { status: 409 });
        throw error;
      }
      return redirect(`${back}?saved=1`);
    }
    const result = await submitSessionForm(context.services, actor, event, sessionId, formData);
    if (result.kind === "saved") return redirect(`${back}?saved=1`);
    return data<EditorAnswer>(result.answer, { status: result.status });
  });
}

export default function EditSession() {
  const { event, session, options } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as EditorAnswer | undefined;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("scheduling");
  const title = Object.values(session.values.texts)[0]?.title ?? "";
  return (
    <section>
      <h1 dir="auto">{t("editor.editTitle", { title: session.values.texts[i18n.language]?.title || title })}</h1>
      <AdminNav slug={event.slug} />
      <p>
        <Link to={`/events/${event.slug}/admin/sessions`}>{t("editor.back")}</Link> ·{" "}
        <Link to={`/events/${event.slug}/admin/schedule?day=${session.values.day}`}>{t("editor.onGrid")}</Link>
        {session.published && (
          <>
            {" · "}
            <Link to={`/events/${event.slug}/sessions/${session.id}`}>{t("editor.public")}</Link>
          </>
        )}
      </p>
      {params.get("saved") === "1" && !answer && (
        <div className="notice" role="status">
          <p>{t("editor.saved")}</p>
        </div>
      )}
      <p>
        {t(`statuses.${session.status}`)} · {session.published ? t("editor.isPublished") : t("editor.isUnpublished")}
        {session.seatsTaken > 0 && ` · ${t("editor.seatsTaken", { count: session.seatsTaken })}`}
      </p>
      <Form method="post" className="inline-form">
        <button type="submit" name="intent" value={session.published ? "unpublish" : "publish"} disabled={navigation.state !== "idle"}>
          {session.published ? t("editor.unpublish") : t("editor.publish")}
        </button>{" "}
        <button type="submit" name="intent" value={session.status === "cancelled" ? "restore" : "cancel"} disabled={navigation.state !== "idle"}>
          {session.status === "cancelled" ? t("editor.restore") : t("editor.cancel")}
        </button>
      </Form>
      {answer && !answer.lastResult && answer.conflicts && <ConflictList conflicts={answer.conflicts} />}
      <SessionEditor key={session.id} options={options} session={session} answer={answer?.lastResult ? answer : undefined} zone={event.timeZone} />
    </section>
  );
}
