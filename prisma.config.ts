import { defineConfig } from "prisma/config";

// The URL is only needed by commands that talk to a database (the real Prisma CLI's migrate).
// Plenary's own scripts (scripts/prisma.ts) never need it; env("X") would throw when unset.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/plenary",
  },
});
