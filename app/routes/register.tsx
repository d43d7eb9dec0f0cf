import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listPublishedEvents } from "~/modules/events/events.server";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

const codeSchema = z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{4,32}$/);

/**
 * `/register`: the entry point printed on invitations. With `?code=…` it finds the code's event
 * (codes are unique across the install) and opens its form with the code filled in; an unknown
 * code opens nothing and says nothing either, the event's form validates it. Without a code it
 * lists the events one can register for.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const code = codeSchema.safeParse(new URL(request.url).searchParams.get("code") ?? "");
  const events = await listPublishedEvents(context.services.db);
  if (code.success) {
    const invitation = await context.services.db.invitationCode.findUnique({
      where: { code: code.data },
      select: { delegation: { select: { event: { select: { slug: true, published: true } } } } },
    });
    const event = invitation?.delegation.event;
    const slug = event?.published ? event.slug : events.length === 1 ? events[0].slug : null;
    if (slug) throw redirect(`/events/${encodeURIComponent(slug)}/register?code=${encodeURIComponent(code.data)}`);
  }
  if (events.length === 1) throw redirect(`/events/${encodeURIComponent(events[0].slug)}/register`);
  return { events: events.map((e) => ({ slug: e.slug, name: e.name })) };
}

export default function ChooseEventToRegister() {
  const { events } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("event.register")}</h1>
      {events.length === 0 ? (
        <p>{t("home.empty")}</p>
      ) : (
        <ul className="link-list">
          {events.map((event) => (
            <li key={event.slug}>
              <Link to={`/events/${event.slug}/register`}>{event.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
