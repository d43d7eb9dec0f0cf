import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

/** The organiser area starts at the accreditation queue (which checks the role). */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/events/${encodeURIComponent(params.slug ?? "")}/admin/accreditation`);
}
