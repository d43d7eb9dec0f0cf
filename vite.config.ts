import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: {
    // Server-only code (Prisma client, drivers) never belongs in the browser bundle.
    target: "es2022",
  },
  ssr: {
    // The generated Prisma client is TypeScript inside app/: let Vite bundle it; its runtime stays external.
    external: ["@prisma/client", "@electric-sql/pglite", "pg"],
  },
});
