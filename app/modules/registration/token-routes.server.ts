import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import type { AccountTokenKind } from "~/generated/prisma/enums.ts";
import { serializeSessionCookie } from "~/modules/auth/session.server";
import { fieldErrorsOf, formDataToObject, setPasswordSchema, type FieldErrors } from "./schemas";
import { redeemAccountToken } from "./tokens.server";

/**
 * The action behind every e-mailed "set your password" link (verify-email, reset-password):
 * validates the password, redeems the single-use token, signs this browser in and lands on the
 * token's event (or home). A used, expired or unknown token answers 410.
 */
export async function setPasswordFromToken({ params, request, context }: ActionFunctionArgs, kinds: readonly AccountTokenKind[]) {
  const form = setPasswordSchema.safeParse(formDataToObject(await request.formData()));
  if (!form.success) return data({ expired: false, fieldErrors: fieldErrorsOf(form.error) as FieldErrors }, { status: 400 });
  const result = await redeemAccountToken(context.services, {
    token: params.token ?? "",
    kinds,
    password: form.data.password,
    ipAddress: context.request.ipAddress,
    userAgent: context.request.userAgent,
  });
  if (!result.ok) return data({ expired: true, fieldErrors: null }, { status: 410 });
  const cookie = serializeSessionCookie(result.sessionToken, { secure: context.services.config.secureCookies, expiresAt: result.sessionExpiresAt });
  return redirect(result.eventSlug ? `/events/${encodeURIComponent(result.eventSlug)}` : "/", { status: 303, headers: { "Set-Cookie": cookie } });
}
