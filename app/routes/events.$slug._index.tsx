import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/events/${encodeURIComponent(params.slug ?? "")}/agenda`);
}
