import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { detectLanguage } from "~/i18n/i18n.server";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { requireSchedulingEvent } from "~/modules/scheduling/admin.server";
import { getEditorOptions, submitSessionForm } from "~/modules/scheduling/sessions.server";
import { SessionEditor, type EditorAnswer } from "~/modules/scheduling/ui";
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
    const event = await requireSchedulingEvent(context.services.db, actorOf(viewer), params.slug ?? "");
    const options = await getEditorOptions(context.services.db, event, detectLanguage(request, viewer.user.preferredLanguage));
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, options };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    // Authorise before reading the body.
    const event = await requireSchedulingEvent(context.services.db, actor, params.slug ?? "");
    const result = await submitSessionForm(context.services, actor, event, null, await request.formData());
    if (result.kind === "saved") return redirect(`/events/${event.slug}/admin/sessions/${result.sessionId}?saved=1`);
    return data<EditorAnswer>(result.answer, { status: result.status });
  });
}

export default function NewSession() {
  const { event, options } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, i18n } = useTranslation("scheduling");
  return (
    <section>
      <h1>{t("editor.newTitle", { event: event.names[i18n.language] ?? event.name })}</h1>
      <AdminNav slug={event.slug} />
      <p>
        <Link to={`/events/${event.slug}/admin/sessions`}>{t("editor.back")}</Link>
      </p>
      <SessionEditor options={options} session={null} answer={answer as EditorAnswer | undefined} zone={event.timeZone} />
    </section>
  );
}
