import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { formatTime } from "~/lib/format";
import { orHttpError } from "~/lib/http.server";
import { ForbiddenError, NotFoundError } from "~/modules/auth/actor";
import { requireOrganiser } from "~/modules/auth/permissions.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { checkIn, listCheckInSessions, requireCheckInStaff, revokeBadge, type ScanResult } from "~/modules/checkin/checkin.server";
import { CameraScanner, ScanOutcome } from "~/modules/checkin/scanner";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await requireCheckInStaff(context.services.db, actorOf(viewer), params.slug ?? "");
    const sessions = await listCheckInSessions(context.services.db, event);
    const canRevoke = await requireOrganiser(context.services.db, actorOf(viewer), event.id).then(
      () => true,
      (error) => {
        if (error instanceof ForbiddenError) return false;
        throw error;
      },
    );
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, sessions, canRevoke };
  });
}

type ScanAnswer = { ok: true; outcome: ScanResult } | { ok: true; revoked: string } | { ok: false; error: "empty" | "session" | "forbidden" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const actor = actorOf(viewer);
  return orHttpError(async () => {
    // Staff of this event only, before the body is read.
    const event = await requireCheckInStaff(context.services.db, actor, params.slug ?? "");
    const form = await request.formData();
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : undefined;
    };
    try {
      // Organisers may revoke the badge just scanned (a forwarded screenshot, a lost badge).
      if (text("intent") === "revoke") {
        await revokeBadge(context.services, actor, event, text("registrationId") ?? "");
        return data<ScanAnswer>({ ok: true, revoked: text("registrationId") ?? "" });
      }
      const outcome = await checkIn(context.services, actor, event, { code: text("code") ?? "", sessionId: text("sessionId") ?? "", method: text("method") === "qr" ? "qr" : "manual" });
      return data<ScanAnswer>({ ok: true, outcome }, { status: outcome.result === "refused" ? 422 : 200 });
    } catch (error) {
      if (error instanceof ZodError) return data<ScanAnswer>({ ok: false, error: "empty" }, { status: 400 });
      if (error instanceof NotFoundError) return data<ScanAnswer>({ ok: false, error: "session" }, { status: 404 });
      if (error instanceof ForbiddenError && error.status === 403) return data<ScanAnswer>({ ok: false, error: "forbidden" }, { status: 403 });
      throw error;
    }
  });
}

export default function CheckInScanner() {
  const { event, sessions, canRevoke } = useLoaderData<typeof loader>();
  const manual = useActionData<typeof action>();
  const scan = useFetcher<typeof action>();
  const busy = useNavigation().state === "submitting" || scan.state === "submitting";
  const [sessionId, setSessionId] = useState("");
  const { t, i18n } = useTranslation("checkin");
  // The newest answer, whichever way the code came in.
  const [lastFrom, setLastFrom] = useState<"manual" | "camera">("manual");
  const answer = lastFrom === "camera" ? scan.data : manual;
  const eventName = event.names[i18n.language] ?? event.name;
  // After each typed code is answered, empty the field and put the cursor back for the next person.
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!manual || !codeInput.current) return;
    codeInput.current.value = "";
    codeInput.current.focus();
  }, [manual]);
  return (
    <section>
      <h1>{t("scanner.title", { event: eventName })}</h1>
      <label htmlFor="checkin-place">{t("scanner.place")}</label>{" "}
      <select id="checkin-place" value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
        <option value="">{t("scanner.door")}</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {formatTime(s.startsAt, event.timeZone, i18n.language)} · {s.title}
            {s.room ? ` · ${s.room}` : ""}
          </option>
        ))}
      </select>
      <div aria-live="assertive">
        {answer && !answer.ok && (
          <p className="form-error" role="alert">
            {t(`scanner.errors.${answer.error}`)}
          </p>
        )}
        {answer?.ok && "revoked" in answer && (
          <p className="scan-result scan-refused" role="status">
            {t("scanner.revokedNotice")}
          </p>
        )}
        {answer?.ok && "outcome" in answer && (
          <>
            <ScanOutcome outcome={answer.outcome} timeZone={event.timeZone} />
            {canRevoke && answer.outcome.person && answer.outcome.result !== "refused" && (
              <Form method="post" onSubmit={() => setLastFrom("manual")}>
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="registrationId" value={answer.outcome.person.registrationId} />
                <button type="submit" disabled={busy}>
                  {t("scanner.revoke")}
                </button>
              </Form>
            )}
          </>
        )}
      </div>
      <h2>{t("scanner.camera")}</h2>
      <CameraScanner
        onCode={(code) => {
          setLastFrom("camera");
          scan.submit({ code, sessionId, method: "qr" }, { method: "post" });
        }}
      />
      <h2>{t("scanner.manual")}</h2>
      <Form method="post" className="stack narrow" onSubmit={() => setLastFrom("manual")}>
        <input type="hidden" name="sessionId" value={sessionId} />
        <input type="hidden" name="method" value="manual" />
        <label htmlFor="checkin-code">{t("scanner.code")}</label>
        <input ref={codeInput} id="checkin-code" name="code" autoComplete="off" autoCapitalize="characters" spellCheck={false} required />
        <p className="muted">{t("scanner.codeHelp")}</p>
        <button type="submit" disabled={busy}>
          {t("scanner.checkIn")}
        </button>
      </Form>
    </section>
  );
}
