import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { SUPPORTED_LANGUAGES } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18n.server";
import { safeRedirectPath } from "~/lib/safe-redirect";

const languageFormSchema = z.object({
  language: z.enum(SUPPORTED_LANGUAGES),
  redirectTo: z.string().optional(),
});

/** Stores the visitor's language choice in a cookie and returns them to where they were. */
export async function action({ request }: ActionFunctionArgs) {
  const form = languageFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) {
    throw new Response("Unsupported language.", { status: 400 });
  }
  const secure = new URL(request.url).protocol === "https:";
  return redirect(safeRedirectPath(form.data.redirectTo), {
    headers: { "Set-Cookie": languageCookie(form.data.language, secure) },
  });
}

export function loader() {
  return redirect("/");
}
