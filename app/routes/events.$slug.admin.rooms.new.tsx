import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { EMPTY_ROOM, RoomForm } from "~/modules/rooms/room-form";
import { createRoom, requireRoomsAdmin, RoomConflictError } from "~/modules/rooms/rooms.server";
import { roomFormSchema } from "~/modules/rooms/schema";
import { AdminNav } from "~/modules/settings/admin-ui";
import adminStyles from "~/styles/admin.css?url";
import roomStyles from "~/styles/rooms.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: roomStyles },
];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await requireRoomsAdmin(context.services.db, actorOf(viewer), params.slug ?? "");
    return { event: { slug: event.slug, name: event.name, names: event.names, languages: event.languages } };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    // Authorise before reading the body.
    const event = await requireRoomsAdmin(context.services.db, actor, params.slug ?? "");
    const submission = parseWithZod(await request.formData(), { schema: roomFormSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    try {
      await createRoom(context.services, actor, event, submission.value);
    } catch (error) {
      if (error instanceof RoomConflictError) return data(submission.reply({ fieldErrors: { name: ["duplicate"] } }), { status: 409 });
      throw error;
    }
    return redirect(`/events/${event.slug}/admin/rooms?done=created`);
  });
}

export default function NewRoom() {
  const { event } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation("rooms");
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <h1>{t("form.newTitle", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <p>
        <Link to={`/events/${event.slug}/admin/rooms`}>{t("form.back")}</Link>
      </p>
      <RoomForm defaults={EMPTY_ROOM} lastResult={lastResult} languages={event.languages} submitLabel={t("form.create")} />
    </section>
  );
}
