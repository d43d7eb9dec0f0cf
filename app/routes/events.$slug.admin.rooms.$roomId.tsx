import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { RoomForm, roomDefaults } from "~/modules/rooms/room-form";
import { getRoom, reinstateRoom, requireRoomsAdmin, retireRoom, RoomConflictError, updateRoom, type SessionInRoom } from "~/modules/rooms/rooms.server";
import { roomFormSchema } from "~/modules/rooms/schema";
import { AdminNav, formatInstant } from "~/modules/settings/admin-ui";
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
    const actor = actorOf(viewer);
    const event = await requireRoomsAdmin(context.services.db, actor, params.slug ?? "");
    const room = await getRoom(context.services.db, actor, event, params.roomId ?? "");
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone, languages: event.languages }, room };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    // Authorise before reading the body.
    const event = await requireRoomsAdmin(context.services.db, actor, params.slug ?? "");
    const roomId = params.roomId ?? "";
    const formData = await request.formData();
    const intent = formData.get("intent");
    const list = `/events/${event.slug}/admin/rooms`;
    if (intent === "retire") {
      try {
        await retireRoom(context.services, actor, event, roomId, { confirmSessions: formData.get("confirmSessions") ?? undefined });
      } catch (error) {
        if (error instanceof RoomConflictError && error.code === "in_use") {
          return data({ kind: "inUse" as const, sessions: error.sessions }, { status: 409 });
        }
        throw error;
      }
      return redirect(`${list}?done=retired`);
    }
    if (intent === "reinstate") {
      await reinstateRoom(context.services, actor, event, roomId);
      return redirect(`${list}?done=reinstated`);
    }
    const submission = parseWithZod(formData, { schema: roomFormSchema });
    if (submission.status !== "success") return data({ kind: "form" as const, result: submission.reply() }, { status: 400 });
    try {
      const { warnings } = await updateRoom(context.services, actor, event, roomId, submission.value);
      // Saved; what it leaves to sort out in the room's sessions is shown here rather than lost in a redirect.
      if (warnings.length > 0) return data({ kind: "warnings" as const, warnings });
    } catch (error) {
      if (error instanceof RoomConflictError) return data({ kind: "form" as const, result: submission.reply({ fieldErrors: { name: ["duplicate"] } }) }, { status: 409 });
      throw error;
    }
    return redirect(`${list}?done=saved`);
  });
}

export default function EditRoom() {
  const { event, room } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation("rooms");
  const eventName = event.names[i18n.language] ?? event.name;
  const roomName = room.names[i18n.language] ?? room.name;
  const when = (d: Date | string) => formatInstant(d, event.timeZone, i18n.language);
  const inUse = answer?.kind === "inUse" ? answer.sessions : null;
  const sessionList = (sessions: (Omit<SessionInRoom, "startsAt" | "endsAt"> & { startsAt: string | Date; endsAt: string | Date })[]) => (
    <ul>
      {sessions.map((s) => (
        <li key={s.id}>
          <span dir="auto">{s.bilateralId ? t("retire.bilateral") : s.title || t("retire.untitled")}</span> · {t(`kind.${s.kind}`, { defaultValue: s.kind })} · {when(s.startsAt)}
        </li>
      ))}
    </ul>
  );

  return (
    <section>
      <h1>{t("form.editTitle", { room: roomName, event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <p>
        <Link to={`/events/${event.slug}/admin/rooms`}>{t("form.back")}</Link>
      </p>
      {answer?.kind === "warnings" && (
        <div className="notice" role="status">
          <p>{t("warnings.saved", { count: answer.warnings.length })}</p>
          <ul>
            {answer.warnings.map((w) => (
              <li key={`${w.sessionId}-${w.code}`}>
                <span dir="auto">{w.title || t("retire.untitled")}</span> · {when(w.startsAt)} — {t(`warnings.${w.code}`, { detail: w.detail })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {room.retiredAt && (
        <p className="notice" role="status">
          {t("retire.isRetired", { date: when(room.retiredAt) })}
        </p>
      )}
      <RoomForm
        key={room.id}
        defaults={roomDefaults(room)}
        lastResult={answer?.kind === "form" ? answer.result : undefined}
        languages={event.languages}
        submitLabel={t("form.save")}
      />

      <h2>{room.retiredAt ? t("retire.reinstateTitle") : t("retire.title")}</h2>
      {room.retiredAt ? (
        <Form method="post">
          <p className="muted">{t("retire.reinstateHint")}</p>
          <button type="submit" name="intent" value="reinstate" disabled={busy}>
            {t("retire.reinstate")}
          </button>
        </Form>
      ) : inUse ? (
        <div className="notice notice-error" role="alert">
          <p>{t("retire.inUse", { count: inUse.length })}</p>
          {sessionList(inUse)}
          <p>{t("retire.whatHappens", { count: inUse.length })}</p>
          <Form method="post">
            <input type="hidden" name="confirmSessions" value={inUse.length} />
            <button type="submit" name="intent" value="retire" disabled={busy}>
              {t("retire.confirm", { count: inUse.length })}
            </button>
          </Form>
        </div>
      ) : (
        <Form method="post">
          <p className="muted">{room.upcomingSessions > 0 ? t("retire.hintSessions", { count: room.upcomingSessions }) : t("retire.hint")}</p>
          {room.sessions.length > 0 && sessionList(room.sessions)}
          <button type="submit" name="intent" value="retire" disabled={busy}>
            {t("retire.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
