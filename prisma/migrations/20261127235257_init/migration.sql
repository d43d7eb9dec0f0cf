-- CreateEnum
CREATE TYPE "WaitlistMode" AS ENUM ('IMMEDIATE', 'TIMED_OFFER');

-- CreateEnum
CREATE TYPE "DelegationKind" AS ENUM ('COUNTRY', 'ORGANISATION');

-- CreateEnum
CREATE TYPE "ParticipantCategory" AS ENUM ('DELEGATE', 'HEAD_OF_DELEGATION', 'OBSERVER', 'PRESS', 'GUEST');

-- CreateEnum
CREATE TYPE "RegistrationRole" AS ENUM ('DELEGATE', 'HEAD_OF_DELEGATION', 'OBSERVER', 'PRESS', 'CHECKIN_STAFF', 'ORGANISER', 'ADMIN');

-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "EndorsementStatus" AS ENUM ('NONE', 'ENDORSED', 'DECLINED');

-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('PLENARY', 'WORKSHOP', 'SIDE_EVENT', 'BILATERAL');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('SCHEDULED', 'LIVE', 'DELAYED', 'MOVED', 'CANCELLED', 'ENDED');

-- CreateEnum
CREATE TYPE "SpeakerRole" AS ENUM ('SPEAKER', 'MODERATOR', 'CHAIR');

-- CreateEnum
CREATE TYPE "SignupStatus" AS ENUM ('CONFIRMED', 'WAITLISTED', 'OFFERED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CheckInMethod" AS ENUM ('QR', 'MANUAL');

-- CreateEnum
CREATE TYPE "AnnouncementAudience" AS ENUM ('EVENT', 'ROOM', 'DELEGATION');

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "names" JSONB NOT NULL DEFAULT '{}',
    "venue" VARCHAR(200) NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "countryCode" CHAR(2),
    "timeZone" VARCHAR(64) NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "languages" TEXT[] DEFAULT ARRAY['en']::TEXT[],
    "published" BOOLEAN NOT NULL DEFAULT true,
    "registrationClosesAt" TIMESTAMPTZ(3),
    "dataProtectionNotice" JSONB NOT NULL DEFAULT '{}',
    "signupOpensAt" TIMESTAMPTZ(3),
    "signupClosesAt" TIMESTAMPTZ(3),
    "waitlistMode" "WaitlistMode" NOT NULL DEFAULT 'IMMEDIATE',
    "waitlistOfferMinutes" INTEGER NOT NULL DEFAULT 120,
    "delegationCapDefault" INTEGER,
    "changeoverBufferMinutes" INTEGER NOT NULL DEFAULT 10,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delegation" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "kind" "DelegationKind" NOT NULL DEFAULT 'COUNTRY',
    "countryCode" CHAR(2),
    "name" VARCHAR(200) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Delegation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvitationCode" (
    "id" UUID NOT NULL,
    "delegationId" UUID NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "expiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "InvitationCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DelegationQuota" (
    "delegationId" UUID NOT NULL,
    "category" "ParticipantCategory" NOT NULL,
    "maxPeople" INTEGER NOT NULL,

    CONSTRAINT "DelegationQuota_pkey" PRIMARY KEY ("delegationId","category")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "emailVerifiedAt" TIMESTAMPTZ(3),
    "passwordHash" VARCHAR(255),
    "givenName" VARCHAR(100) NOT NULL,
    "familyName" VARCHAR(100) NOT NULL,
    "preferredLanguage" VARCHAR(10) NOT NULL DEFAULT 'en',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "isPlatformAdmin" BOOLEAN NOT NULL DEFAULT false,
    "totpKey" BYTEA,
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" VARCHAR(64) NOT NULL,
    "userId" UUID NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "absoluteExpiresAt" TIMESTAMPTZ(3) NOT NULL,
    "twoFactorVerified" BOOLEAN NOT NULL DEFAULT false,
    "userAgent" VARCHAR(400),
    "ipAddress" VARCHAR(64),

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "delegationId" UUID,
    "role" "RegistrationRole" NOT NULL DEFAULT 'DELEGATE',
    "category" "ParticipantCategory" NOT NULL DEFAULT 'DELEGATE',
    "status" "RegistrationStatus" NOT NULL DEFAULT 'PENDING',
    "statusReason" VARCHAR(1000),
    "title" VARCHAR(120),
    "organisation" VARCHAR(200),
    "isChiefOfPolice" BOOLEAN NOT NULL DEFAULT false,
    "languagesSpoken" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "accessibilityNeeds" VARCHAR(1000),
    "dietaryNeeds" VARCHAR(1000),
    "identityDocumentNumber" VARCHAR(64),
    "consentedAt" TIMESTAMPTZ(3),
    "endorsement" "EndorsementStatus" NOT NULL DEFAULT 'NONE',
    "endorsedById" UUID,
    "endorsedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "badgeVersion" INTEGER NOT NULL DEFAULT 1,
    "badgeRevokedAt" TIMESTAMPTZ(3),
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Room" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "names" JSONB NOT NULL DEFAULT '{}',
    "building" VARCHAR(120),
    "floor" VARCHAR(40),
    "capacity" INTEGER NOT NULL,
    "layout" VARCHAR(40),
    "equipment" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stepFreeAccess" BOOLEAN NOT NULL DEFAULT true,
    "interpretationLanguages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "opensAt" VARCHAR(5),
    "closesAt" VARCHAR(5),
    "retiredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Track" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "names" JSONB NOT NULL DEFAULT '{}',
    "color" VARCHAR(7),

    CONSTRAINT "Track_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "trackId" UUID,
    "roomId" UUID,
    "kind" "SessionKind" NOT NULL,
    "status" "SessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "delayMinutes" INTEGER NOT NULL DEFAULT 0,
    "capacity" INTEGER,
    "delegationCap" INTEGER,
    "signupOpensAt" TIMESTAMPTZ(3),
    "signupClosesAt" TIMESTAMPTZ(3),
    "floorLanguage" VARCHAR(10) NOT NULL DEFAULT 'en',
    "interpretationLanguages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "published" BOOLEAN NOT NULL DEFAULT true,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionText" (
    "sessionId" UUID NOT NULL,
    "language" VARCHAR(10) NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "description" TEXT,

    CONSTRAINT "SessionText_pkey" PRIMARY KEY ("sessionId","language")
);

-- CreateTable
CREATE TABLE "SessionSpeaker" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "userId" UUID,
    "name" VARCHAR(200) NOT NULL,
    "affiliation" VARCHAR(200),
    "role" "SpeakerRole" NOT NULL DEFAULT 'SPEAKER',
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SessionSpeaker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionStar" (
    "userId" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionStar_pkey" PRIMARY KEY ("userId","sessionId")
);

-- CreateTable
CREATE TABLE "WorkshopSignup" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "registrationId" UUID NOT NULL,
    "delegationId" UUID,
    "status" "SignupStatus" NOT NULL,
    "waitlistPosition" INTEGER,
    "offerExpiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),

    CONSTRAINT "WorkshopSignup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "registrationId" UUID NOT NULL,
    "sessionId" UUID,
    "scannedById" UUID,
    "method" "CheckInMethod" NOT NULL DEFAULT 'QR',
    "scannedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Announcement" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "audience" "AnnouncementAudience" NOT NULL DEFAULT 'EVENT',
    "roomId" UUID,
    "delegationId" UUID,
    "messages" JSONB NOT NULL,
    "createdById" UUID,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "Announcement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "eventId" UUID,
    "actorId" UUID,
    "action" VARCHAR(80) NOT NULL,
    "targetType" VARCHAR(40) NOT NULL,
    "targetId" VARCHAR(64),
    "data" JSONB NOT NULL DEFAULT '{}',
    "ipAddress" VARCHAR(64),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_slug_key" ON "Event"("slug");

-- CreateIndex
CREATE INDEX "Delegation_eventId_idx" ON "Delegation"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Delegation_eventId_countryCode_key" ON "Delegation"("eventId", "countryCode");

-- CreateIndex
CREATE UNIQUE INDEX "Delegation_eventId_name_key" ON "Delegation"("eventId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "InvitationCode_code_key" ON "InvitationCode"("code");

-- CreateIndex
CREATE INDEX "InvitationCode_delegationId_idx" ON "InvitationCode"("delegationId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "AuthSession_userId_idx" ON "AuthSession"("userId");

-- CreateIndex
CREATE INDEX "AuthSession_expiresAt_idx" ON "AuthSession"("expiresAt");

-- CreateIndex
CREATE INDEX "Registration_eventId_status_idx" ON "Registration"("eventId", "status");

-- CreateIndex
CREATE INDEX "Registration_delegationId_status_idx" ON "Registration"("delegationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_eventId_userId_key" ON "Registration"("eventId", "userId");

-- CreateIndex
CREATE INDEX "Room_eventId_idx" ON "Room"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Room_eventId_name_key" ON "Room"("eventId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Track_eventId_name_key" ON "Track"("eventId", "name");

-- CreateIndex
CREATE INDEX "Session_eventId_startsAt_idx" ON "Session"("eventId", "startsAt");

-- CreateIndex
CREATE INDEX "Session_roomId_startsAt_idx" ON "Session"("roomId", "startsAt");

-- CreateIndex
CREATE INDEX "SessionSpeaker_sessionId_idx" ON "SessionSpeaker"("sessionId");

-- CreateIndex
CREATE INDEX "SessionSpeaker_userId_idx" ON "SessionSpeaker"("userId");

-- CreateIndex
CREATE INDEX "SessionStar_sessionId_idx" ON "SessionStar"("sessionId");

-- CreateIndex
CREATE INDEX "WorkshopSignup_sessionId_status_idx" ON "WorkshopSignup"("sessionId", "status");

-- CreateIndex
CREATE INDEX "WorkshopSignup_registrationId_idx" ON "WorkshopSignup"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkshopSignup_sessionId_registrationId_key" ON "WorkshopSignup"("sessionId", "registrationId");

-- CreateIndex
CREATE INDEX "CheckIn_eventId_scannedAt_idx" ON "CheckIn"("eventId", "scannedAt");

-- CreateIndex
CREATE INDEX "CheckIn_registrationId_idx" ON "CheckIn"("registrationId");

-- CreateIndex
CREATE INDEX "CheckIn_sessionId_idx" ON "CheckIn"("sessionId");

-- CreateIndex
CREATE INDEX "Announcement_eventId_publishedAt_idx" ON "Announcement"("eventId", "publishedAt");

-- CreateIndex
CREATE INDEX "AuditLog_eventId_createdAt_idx" ON "AuditLog"("eventId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetId_idx" ON "AuditLog"("targetType", "targetId");

-- AddForeignKey
ALTER TABLE "Delegation" ADD CONSTRAINT "Delegation_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvitationCode" ADD CONSTRAINT "InvitationCode_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DelegationQuota" ADD CONSTRAINT "DelegationQuota_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_endorsedById_fkey" FOREIGN KEY ("endorsedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Room" ADD CONSTRAINT "Room_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Track" ADD CONSTRAINT "Track_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionText" ADD CONSTRAINT "SessionText_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionSpeaker" ADD CONSTRAINT "SessionSpeaker_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionSpeaker" ADD CONSTRAINT "SessionSpeaker_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStar" ADD CONSTRAINT "SessionStar_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStar" ADD CONSTRAINT "SessionStar_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkshopSignup" ADD CONSTRAINT "WorkshopSignup_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkshopSignup" ADD CONSTRAINT "WorkshopSignup_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkshopSignup" ADD CONSTRAINT "WorkshopSignup_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkshopSignup" ADD CONSTRAINT "WorkshopSignup_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_scannedById_fkey" FOREIGN KEY ("scannedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_delegationId_fkey" FOREIGN KEY ("delegationId") REFERENCES "Delegation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: constraints Prisma's schema language cannot express.
-- Each name is listed in prisma/drift-allowlist.json with its reason.

-- AddCheckConstraint
ALTER TABLE "Event" ADD CONSTRAINT "Event_endsOn_not_before_startsOn_check" CHECK ("endsOn" >= "startsOn");

-- AddCheckConstraint
ALTER TABLE "Room" ADD CONSTRAINT "Room_capacity_positive_check" CHECK ("capacity" > 0);

-- AddCheckConstraint
ALTER TABLE "Session" ADD CONSTRAINT "Session_endsAt_after_startsAt_check" CHECK ("endsAt" > "startsAt");

-- AddCheckConstraint
ALTER TABLE "Session" ADD CONSTRAINT "Session_capacity_not_negative_check" CHECK ("capacity" >= 0);

-- AddCheckConstraint
ALTER TABLE "Session" ADD CONSTRAINT "Session_delayMinutes_not_negative_check" CHECK ("delayMinutes" >= 0);

-- AddCheckConstraint
ALTER TABLE "WorkshopSignup" ADD CONSTRAINT "WorkshopSignup_waitlistPosition_positive_check" CHECK ("waitlistPosition" > 0);
