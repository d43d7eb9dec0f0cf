import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orHttpError } from "~/lib/http.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import { ScreenView } from "~/modules/live/screen-view";
import { getScreenData } from "~/modules/live/screens.server";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} · Plenary` : "Plenary" }];

/** Venue screen, every room: public information only, no sign-in. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const data = await getScreenData(context.services.db, event, null);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone, languages: event.languages }, data };
  });
}

export default function ScreenNow() {
  const { event, data } = useLoaderData<typeof loader>();
  return <ScreenView event={event} data={data} single={false} />;
}
