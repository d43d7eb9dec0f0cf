import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { io } from "socket.io-client";
import { detectLanguage } from "~/i18n/i18n.server";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { requireSchedulingEvent } from "~/modules/scheduling/admin.server";
import { getScheduleGrid, submitMoveForm, type GridBlock, type MoveAnswer } from "~/modules/scheduling/grid.server";
import { GRID_STEP_MINUTES } from "~/modules/scheduling/session-form";
import { ConflictList, FieldError } from "~/modules/scheduling/ui";
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
    const day = new URL(request.url).searchParams.get("day");
    const grid = await getScheduleGrid(context.services, actor, event, day, detectLanguage(request, viewer.user.preferredLanguage));
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, grid };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    const event = await requireSchedulingEvent(context.services.db, actor, params.slug ?? "");
    const { status, answer } = await submitMoveForm(context.services, actor, event, await request.formData());
    return data<MoveAnswer>(answer, { status });
  });
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

interface MoveDraft {
  sessionId: string;
  roomId: string;
  day: string;
  startTime: string;
  endTime: string;
}

export default function ScheduleGridPage() {
  const { event, grid } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("scheduling");
  const fetcher = useFetcher<MoveAnswer>();
  const formRef = useRef<HTMLFormElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<MoveDraft>({ sessionId: "", roomId: "", day: grid.day, startTime: "", endTime: "" });
  const [asked, setAsked] = useState<MoveDraft | null>(null);
  // Drag and drop needs the page's script: tests (and styles) can tell when it is ready.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  // Another organiser's move (or a delay, a sign-up) arrives on the event's live channel: reload
  // the grid's data, at most every half second.
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    const socket = io({ auth: { event: event.slug } });
    let timer: ReturnType<typeof setTimeout> | undefined;
    socket.on("session:updated", () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        revalidate.current();
      }, 500);
    });
    return () => {
      if (timer) clearTimeout(timer);
      socket.off();
      socket.disconnect();
    };
  }, [event.slug]);
  const eventName = event.names[i18n.language] ?? event.name;
  const axisStart = toMinutes(grid.axisStart);
  const rows = grid.span / GRID_STEP_MINUTES;
  const blocksById = new Map(grid.blocks.map((b) => [b.id, b]));
  const answer = fetcher.data;
  const busy = fetcher.state !== "idle";

  const choose = (block: GridBlock) => {
    setDraft({ sessionId: block.id, roomId: block.roomId ?? grid.rooms[0]?.id ?? "", day: grid.day, startTime: block.startTime, endTime: block.endTime });
    setAsked(null);
  };
  const submit = (intent: "check" | "move", values: MoveDraft) => {
    const form = new FormData();
    form.set("intent", intent);
    form.set("sessionId", values.sessionId);
    form.set("roomId", values.roomId);
    form.set("day", values.day);
    form.set("startTime", values.startTime);
    form.set("endTime", values.endTime);
    const reason = reasonRef.current?.value.trim();
    if (intent === "move" && reason) form.set("overrideReason", reason);
    setAsked(values);
    fetcher.submit(form, { method: "post" });
  };

  // After a check or a refusal, bring the explanation into view and focus.
  useEffect(() => {
    if (answer) panelRef.current?.focus();
  }, [answer]);

  const onDrop = (event: DragEvent<HTMLElement>, roomId: string, minutes: number) => {
    event.preventDefault();
    const block = blocksById.get(event.dataTransfer.getData("text/plain"));
    if (!block) return;
    const duration = toMinutes(block.endTime) - toMinutes(block.startTime);
    const start = Math.min(minutes, 24 * 60 - Math.max(duration, GRID_STEP_MINUTES));
    const values = { sessionId: block.id, roomId, day: grid.day, startTime: toHhmm(start), endTime: toHhmm(Math.min(24 * 60 - 1, start + (duration > 0 ? duration : 60))) };
    setDraft(values);
    submit("check", values);
  };

  const movedBlock = answer?.outcome === "moved" ? blocksById.get(answer.sessionId) : undefined;
  const askedBlock = asked ? blocksById.get(asked.sessionId) : undefined;
  const roomName = (id: string) => grid.rooms.find((r) => r.id === id)?.name ?? "";
  const conflicts = answer && (answer.outcome === "checked" || answer.outcome === "refused") ? answer.conflicts : [];
  const hard = conflicts.some((c) => c.hard);
  const fieldErrors = answer && answer.outcome !== "moved" ? answer.lastResult.error : undefined;

  return (
    <section data-hydrated={hydrated ? "true" : "false"}>
      <h1>{t("grid.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <nav aria-label={t("grid.days")} className="grid-days">
        <ul>
          {grid.days.map((day) => (
            <li key={day}>
              <Link to={`?day=${day}`} aria-current={day === grid.day ? "page" : undefined}>
                {new Intl.DateTimeFormat(i18n.language, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`))}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="muted">
        {t("grid.help", { zone: event.timeZone, buffer: grid.changeoverBufferMinutes })} <Link to={`/events/${event.slug}/admin/sessions/new`}>{t("list.new")}</Link>
      </p>

      <form
        ref={formRef}
        className="move-form settings-form"
        aria-labelledby="move-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          submit("check", draft);
        }}
      >
        <h2 id="move-form-title">{t("grid.moveTitle")}</h2>
        <label>
          {t("grid.session")}
          <select
            name="sessionId"
            value={draft.sessionId}
            required
            onChange={(e) => {
              const block = blocksById.get(e.target.value);
              if (block) choose(block);
            }}
          >
            <option value="">{t("grid.pickSession")}</option>
            {grid.blocks
              .filter((b) => b.kind !== "bilateral")
              .map((b) => (
                <option key={b.id} value={b.id}>
                  {b.startTime} · {b.title || t("list.untitled")} {b.roomId ? `· ${roomName(b.roomId)}` : ""}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t("grid.room")}
          <select name="roomId" value={draft.roomId} required onChange={(e) => setDraft({ ...draft, roomId: e.target.value })}>
            {grid.rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {t("editor.roomOption", { name: room.name, capacity: room.capacity })}
              </option>
            ))}
          </select>
        </label>
        <FieldError id="move-room-error" errors={fieldErrors?.roomId ?? undefined} />
        <label>
          {t("editor.day")}
          <select name="day" value={draft.day} required onChange={(e) => setDraft({ ...draft, day: e.target.value })}>
            {grid.days.map((day) => (
              <option key={day} value={day}>
                {day}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("editor.start")}
          <input type="time" name="startTime" value={draft.startTime} required onChange={(e) => setDraft({ ...draft, startTime: e.target.value })} />
        </label>
        <label>
          {t("editor.end")}
          <input type="time" name="endTime" value={draft.endTime} required onChange={(e) => setDraft({ ...draft, endTime: e.target.value })} />
        </label>
        <FieldError id="move-end-error" errors={fieldErrors?.endTime ?? undefined} />
        <button type="submit" disabled={busy || !draft.sessionId}>
          {t("grid.check")}
        </button>
      </form>

      <div ref={panelRef} tabIndex={-1} className="move-panel" aria-live="polite">
        {answer?.outcome === "moved" && (
          <div className="notice" role="status" data-testid="move-done">
            <p>{t("grid.moved", { title: movedBlock?.title ?? "" })}</p>
          </div>
        )}
        {answer && (answer.outcome === "checked" || answer.outcome === "refused") && asked && (
          <>
            <p>
              {t("grid.proposal", {
                title: askedBlock?.title || t("list.untitled"),
                room: roomName(asked.roomId),
                start: asked.startTime,
                end: asked.endTime,
                day: asked.day,
              })}
            </p>
            <ConflictList conflicts={conflicts} checked />
            {!hard && (
              <div className="settings-form">
                {conflicts.length > 0 && (
                  <label>
                    {t("editor.overrideReason")}
                    <textarea ref={reasonRef} name="overrideReason" rows={2} maxLength={500} required />
                  </label>
                )}
                <button type="button" disabled={busy} onClick={() => submit("move", asked)}>
                  {conflicts.length > 0 ? t("grid.confirmOverride") : t("grid.confirm")}
                </button>{" "}
                <button type="button" onClick={() => setAsked(null)}>
                  {t("grid.dismiss")}
                </button>
              </div>
            )}
          </>
        )}
      </div>

      <div className="schedule-scroll">
        <div
          className="schedule-grid"
          role="region"
          aria-label={t("grid.caption", { day: grid.day })}
          style={{ gridTemplateColumns: `4.5rem repeat(${grid.rooms.length}, minmax(8rem, 11rem))`, gridTemplateRows: `auto repeat(${rows}, 1.4rem)` }}
        >
          <div className="grid-head-row">
            <span className="grid-corner">
              {t("grid.time")}
            </span>
            {grid.rooms.map((room, i) => (
              <span key={room.id} className="grid-room" style={{ gridColumn: i + 2, gridRow: 1 }}>
                <strong dir="auto">{room.name}</strong>
                <span className="muted">
                  {" "}
                  {t("grid.roomSeats", { capacity: room.capacity })}
                  {room.opensAt && room.closesAt && ` · ${room.opensAt}–${room.closesAt}`}
                </span>
                <span className="visually-hidden">
                  {t("grid.freeSlots")}: {(grid.free[room.id] ?? []).map((f) => `${f.from}–${f.to}`).join(", ") || t("grid.noFree")}
                </span>
              </span>
            ))}
          </div>
          {Array.from({ length: rows }, (_, r) => {
            const minutes = axisStart + r * GRID_STEP_MINUTES;
            return minutes % 60 === 0 ? (
              <span key={`t${r}`} className="grid-time" style={{ gridColumn: 1, gridRow: `${r + 2} / span ${60 / GRID_STEP_MINUTES}` }} aria-hidden="true">
                {toHhmm(minutes)}
              </span>
            ) : null;
          })}
          {grid.rooms.map((room, i) =>
            Array.from({ length: rows / 2 }, (_, r) => {
              const minutes = axisStart + r * 2 * GRID_STEP_MINUTES;
              const open = (!room.opensAt || toHhmm(minutes) >= room.opensAt) && (!room.closesAt || toHhmm(minutes) < room.closesAt);
              return (
                <div
                  key={`${room.id}-${r}`}
                  className={`grid-cell${open ? "" : " grid-cell-closed"}`}
                  style={{ gridColumn: i + 2, gridRow: `${r * 2 + 2} / span 2` }}
                  data-testid={`cell-${room.name}-${toHhmm(minutes)}`}
                  data-room-id={room.id}
                  data-time={toHhmm(minutes)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => onDrop(e, room.id, minutes)}
                  aria-hidden="true"
                />
              );
            }),
          )}
          {grid.blocks
            .filter((b) => b.roomId && grid.rooms.some((r) => r.id === b.roomId))
            .map((block) => {
              const column = grid.rooms.findIndex((r) => r.id === block.roomId) + 2;
              const start = Math.max(0, Math.floor(block.offset / GRID_STEP_MINUTES));
              const span = Math.max(1, Math.round(block.length / GRID_STEP_MINUTES));
              const selected = draft.sessionId === block.id;
              const bilateral = block.kind === "bilateral";
              const className = `grid-block kind-${block.kind} status-${block.status}${selected ? " selected" : ""}${block.published ? "" : " unpublished"}`;
              const style = { gridColumn: column, gridRow: `${start + 2} / span ${span}` };
              const content = (
                <>
                  <span className="block-kind">{t(`kinds.${block.kind}`)}</span>
                  <span className="block-title" dir="auto">
                    {bilateral ? t("grid.bilateral") : block.title || t("list.untitled")}
                  </span>
                  <span className="block-meta">
                    {block.startTime}–{block.endTime}
                    {block.capacity !== null && ` · ${t("grid.seats", { taken: block.seatsTaken, capacity: block.capacity })}`}
                    {` · ${t(`statuses.${block.status}`)}`}
                    {block.delayMinutes > 0 && ` · ${t("list.delay", { count: block.delayMinutes })}`}
                    {!block.published && ` · ${t("list.unpublished")}`}
                  </span>
                </>
              );
              // Bilaterals are booked with the rooms (allocation keeps the two delegations informed): shown, not moved here.
              if (bilateral) {
                return (
                  <div key={block.id} className={className} style={style} data-testid={`block-${block.id}`}>
                    {content}
                  </div>
                );
              }
              return (
                <button
                  type="button"
                  key={block.id}
                  className={className}
                  style={style}
                  draggable
                  data-session-id={block.id}
                  data-testid={`block-${block.id}`}
                  aria-pressed={selected}
                  onDragStart={(e) => {
                    e.dataTransfer.setData("text/plain", block.id);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => {
                    choose(block);
                    formRef.current?.querySelector<HTMLSelectElement>("select[name=roomId]")?.focus();
                  }}
                >
                  {content}
                </button>
              );
            })}
        </div>
      </div>

      <h2>{t("grid.freeTitle")}</h2>
      <ul className="free-list">
        {grid.rooms.map((room) => (
          <li key={room.id}>
            <strong dir="auto">{room.name}</strong>: {(grid.free[room.id] ?? []).map((f) => `${f.from}–${f.to}`).join(", ") || t("grid.noFree")}
          </li>
        ))}
      </ul>
      {grid.blocks.some((b) => !b.roomId) && (
        <>
          <h2>{t("grid.noRoomTitle")}</h2>
          <ul>
            {grid.blocks
              .filter((b) => !b.roomId)
              .map((b) => (
                <li key={b.id}>
                  <button type="button" className="link-button" onClick={() => choose(b)}>
                    {b.startTime}–{b.endTime} · {b.title || t("list.untitled")}
                  </button>
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}
