// Values the accreditation and settings pages share with the browser (no server code here).
import type { EndorsementStatus, ParticipantCategory, RegistrationStatus } from "~/generated/prisma/enums.ts";

export const CATEGORIES = ["DELEGATE", "HEAD_OF_DELEGATION", "OBSERVER", "PRESS", "GUEST"] as const satisfies readonly ParticipantCategory[];
export const STATUSES = ["PENDING", "APPROVED", "REJECTED", "WITHDRAWN"] as const satisfies readonly RegistrationStatus[];
export const ENDORSEMENTS = ["NONE", "ENDORSED", "DECLINED"] as const satisfies readonly EndorsementStatus[];
