import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { DEFAULT_LANGUAGE, createI18n, isSupportedLanguage } from "./i18n/config";

// The server already chose the language and wrote it into <html lang>.
const htmlLanguage = document.documentElement.lang;
const i18n = createI18n(isSupportedLanguage(htmlLanguage) ? htmlLanguage : DEFAULT_LANGUAGE);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <RemixBrowser />
      </I18nextProvider>
    </StrictMode>,
  );
});
