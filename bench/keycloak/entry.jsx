// The Keycloak account console as it ships — its routes under its provider — for the size
// comparison in `cargo xtask bench` (bundled by esbuild, minified; brotli of what loads first).
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import { KeycloakProvider, routes } from "@keycloak/keycloak-account-ui";
import "./node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css";

const environment = {
  serverBaseUrl: "https://sso.example.com",
  realm: "example",
  clientId: "account-console",
  baseUrl: "https://sso.example.com/realms/example/account/",
  locale: "en",
  features: {},
};
const router = createBrowserRouter(routes);
createRoot(document.getElementById("app")).render(
  <KeycloakProvider environment={environment}>
    <RouterProvider router={router} />
  </KeycloakProvider>,
);
