-- CreateEnum
CREATE TYPE "BilateralStatus" AS ENUM ('REQUESTED', 'ACCEPTED', 'DECLINED', 'CANCELLED');

-- DropIndex
DROP INDEX "CheckIn_registrationId_idx";

-- AlterTable
ALTER TABLE "Announcement" ADD COLUMN     "withdrawnAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "photo" BYTEA,
ADD COLUMN     "photoMimeType" VARCHAR(40);

-- CreateTable
CREATE TABLE "BilateralMeeting" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "requesterDelegationId" UUID NOT NULL,
    "inviteeDelegationId" UUID NOT NULL,
    "requestedById" UUID,
    "respondedById" UUID,
    "topic" VARCHAR(300) NOT NULL,
    "wishedSlots" JSONB NOT NULL DEFAULT '[]',
    "size" INTEGER NOT NULL,
    "status" "BilateralStatus" NOT NULL DEFAULT 'REQUESTED',
    "responseNote" VARCHAR(1000),
    "sessionId" UUID,
    "respondedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BilateralMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastReadAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServerKey" (
    "purpose" VARCHAR(40) NOT NULL,
    "key" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServerKey_pkey" PRIMARY KEY ("purpose")
);

-- CreateIndex
CREATE UNIQUE INDEX "BilateralMeeting_sessionId_key" ON "BilateralMeeting"("sessionId");

-- CreateIndex
CREATE INDEX "BilateralMeeting_eventId_status_idx" ON "BilateralMeeting"("eventId", "status");

-- CreateIndex
CREATE INDEX "BilateralMeeting_requesterDelegationId_idx" ON "BilateralMeeting"("requesterDelegationId");

-- CreateIndex
CREATE INDEX "BilateralMeeting_inviteeDelegationId_idx" ON "BilateralMeeting"("inviteeDelegationId");

-- CreateIndex
CREATE INDEX "CalendarFeed_userId_eventId_idx" ON "CalendarFeed"("userId", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_registrationId_sessionId_key" ON "CheckIn"("registrationId", "sessionId");

-- AddForeignKey
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_requesterDelegationId_fkey" FOREIGN KEY ("requesterDelegationId") REFERENCES "Delegation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_inviteeDelegationId_fkey" FOREIGN KEY ("inviteeDelegationId") REFERENCES "Delegation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_respondedById_fkey" FOREIGN KEY ("respondedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (listed in prisma/drift-allowlist.json)
-- A person passes the venue door once: door check-ins have no session, and NULLs are distinct in
-- the unique index above, so this partial index keeps them unique per registration.
CREATE UNIQUE INDEX "CheckIn_door_once" ON "CheckIn"("registrationId") WHERE "sessionId" IS NULL;
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_size_positive_check" CHECK ("size" > 0);
ALTER TABLE "BilateralMeeting" ADD CONSTRAINT "BilateralMeeting_two_delegations_check" CHECK ("requesterDelegationId" <> "inviteeDelegationId");
