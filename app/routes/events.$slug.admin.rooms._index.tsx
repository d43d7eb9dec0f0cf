import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { listRooms, requireRoomsAdmin } from "~/modules/rooms/rooms.server";
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
    const actor = actorOf(viewer);
    const event = await requireRoomsAdmin(context.services.db, actor, params.slug ?? "");
    const rooms = await listRooms(context.services.db, actor, event);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, rooms };
  });
}

export default function RoomsRegister() {
  const { event, rooms } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const { t, i18n } = useTranslation("rooms");
  const eventName = event.names[i18n.language] ?? event.name;
  const done = search.get("done");
  const active = rooms.filter((r) => !r.retiredAt);
  const retired = rooms.filter((r) => r.retiredAt);

  const table = (list: typeof rooms, caption: string) => (
    <table className="data-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("list.room")}</th>
          <th scope="col">{t("list.where")}</th>
          <th scope="col">{t("list.capacity")}</th>
          <th scope="col">{t("list.equipment")}</th>
          <th scope="col">{t("list.booths")}</th>
          <th scope="col">{t("list.hours")}</th>
          <th scope="col">{t("list.upcoming")}</th>
        </tr>
      </thead>
      <tbody>
        {list.length === 0 && (
          <tr>
            <td colSpan={7}>{t("list.empty")}</td>
          </tr>
        )}
        {list.map((room) => (
          <tr key={room.id}>
            <td>
              <Link to={room.id} dir="auto">
                {room.names[i18n.language] ?? room.name}
              </Link>
              {room.layout && <div className="muted">{t(`layout.${room.layout}`, { defaultValue: room.layout })}</div>}
              {!room.stepFreeAccess && <div className="muted">{t("list.noStepFree")}</div>}
            </td>
            <td dir="auto">{[room.building, room.floor].filter(Boolean).join(" · ") || "—"}</td>
            <td>{room.capacity}</td>
            <td>{room.equipment.map((item) => t(`equipment.${item}`, { defaultValue: item })).join(", ") || "—"}</td>
            <td>{room.interpretationLanguages.map((l) => t(`common:language.names.${l}`, { defaultValue: l })).join(", ") || "—"}</td>
            <td>{room.opensAt && room.closesAt ? `${room.opensAt}–${room.closesAt}` : t("list.alwaysOpen")}</td>
            <td>{room.upcomingSessions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section>
      <h1>{t("list.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      {done && (
        <p className="notice" role="status">
          {t(`done.${done}`, { defaultValue: t("done.saved") })}
        </p>
      )}
      <p>
        <Link to="new">{t("list.new")}</Link>
      </p>
      <p className="muted">{t("list.zoneHint", { zone: event.timeZone })}</p>
      {table(active, t("list.caption", { count: active.length }))}
      {retired.length > 0 && table(retired, t("list.retiredCaption", { count: retired.length }))}
    </section>
  );
}
