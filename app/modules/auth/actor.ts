/** Who is acting: a signed-in person, nobody, or the system itself (seed, jobs, tests' set-up). */
export type Actor =
  | { kind: "anonymous" }
  | { kind: "user"; userId: string }
  | { kind: "system"; reason: string };

export const ANONYMOUS: Actor = { kind: "anonymous" };

export class ForbiddenError extends Error {
  readonly status: 401 | 403;
  /** A stable reason for pages to translate (the message is for logs and API clients). */
  readonly code: string | undefined;
  constructor(message = "You are not allowed to do this.", status: 401 | 403 = 403, code?: string) {
    super(message);
    this.name = "ForbiddenError";
    this.status = status;
    this.code = code;
  }
}

export class NotFoundError extends Error {
  readonly status = 404;
  constructor(message = "Not found.") {
    super(message);
    this.name = "NotFoundError";
  }
}
