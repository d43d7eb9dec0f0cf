import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { SUPPORTED_LANGUAGES, textDirection } from "./i18n/config";
import { AnnouncementBanner } from "./modules/announcements/banner";
import { detectLanguage } from "./i18n/i18n.server";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.viewer?.user;
  const language = detectLanguage(request, user?.preferredLanguage);
  return {
    language,
    dir: textDirection(language),
    cspNonce: context.request.cspNonce,
    viewer: user ? { name: `${user.givenName} ${user.familyName}`, isDemo: user.isDemo } : null,
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const language = data?.language ?? "en";
  return (
    <html lang={language} dir={data?.dir ?? "ltr"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={data?.cspNonce} />
        <Scripts nonce={data?.cspNonce} />
      </body>
    </html>
  );
}

function LanguageSwitcher({ current }: { current: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switcher">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select">{t("language.label")}</label>
      <select id="language-select" name="language" defaultValue={current} key={current}>
        {SUPPORTED_LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.names.${code}`)}
          </option>
        ))}
      </select>
      <button type="submit">{t("language.change")}</button>
    </Form>
  );
}

function Account({ viewer }: { viewer: RootData["viewer"] }) {
  const { t } = useTranslation("auth");
  const location = useLocation();
  if (!viewer) {
    return <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t("signIn")}</Link>;
  }
  return (
    <Form method="post" action="/logout" className="account-menu">
      <span>{t("signedInAs", { name: viewer.name })}</span>
      <button type="submit">{t("logout")}</button>
    </Form>
  );
}

function Shell({ children, language, viewer }: { children: ReactNode; language: string; viewer: RootData["viewer"] }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      {viewer?.isDemo && (
        <p className="demo-banner" role="note">
          {t("auth:demoBanner")}
        </p>
      )}
      <header className="site-header">
        <nav aria-label={t("app.mainNavigation")}>
          <Link to="/" className="brand">
            {t("app.name")}
          </Link>
        </nav>
        <div className="header-tools">
          <Account viewer={viewer} />
          <LanguageSwitcher current={language} />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <AnnouncementBanner />
        {children}
      </main>
    </>
  );
}

export default function App() {
  const { language, viewer } = useLoaderData<typeof loader>();
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [i18n, language]);
  return (
    <Shell language={language} viewer={viewer}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, message] =
    status === 404
      ? [t("errors.notFoundTitle"), t("errors.notFound")]
      : status === 401 || status === 403
        ? [t("errors.forbiddenTitle"), t("errors.forbidden")]
        : [t("errors.genericTitle"), t("errors.generic")];
  return (
    <Shell language={data?.language ?? "en"} viewer={data?.viewer ?? null}>
      <section className="error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">{t("app.home")}</Link>
        </p>
      </section>
    </Shell>
  );
}
