import { ZodError } from "zod";
import { ForbiddenError, NotFoundError } from "~/modules/auth/actor";

/**
 * Runs a loader/action body and turns domain errors into the HTTP answers they stand for, so a
 * missing or forbidden thing is a 4xx with a message, never a 500.
 */
export async function orHttpError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toHttpError(error);
  }
}

export function toHttpError(error: unknown): unknown {
  if (error instanceof NotFoundError || error instanceof ForbiddenError) {
    return Response.json({ error: error.message }, { status: error.status });
  }
  if (error instanceof ZodError) {
    return Response.json({ error: "Invalid input.", issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, { status: 400 });
  }
  return error;
}
