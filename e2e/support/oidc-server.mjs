// A real OpenID Provider (the certified `oidc-provider` package) on 127.0.0.1 for the SSO
// journey. Its development login form accepts any password; the login name picks the person.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 4601);
const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? "http://127.0.0.1:3100/api/auth/callback/oidc").split(",");

const PEOPLE = {
  "erin-sso": { email: "erin.sso@example.test", name: "Erin Single-Sign-On", groups: ["stackport-engineers", "all-staff"] },
  mallory: { email: "mallory@example.test", name: "Mallory Marketing", groups: ["marketing", "all-staff"] },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "stackport-e2e",
      client_secret: "stackport-e2e-secret",
      redirect_uris: redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  scopes: ["openid", "email", "profile", "groups"],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
  // Put the requested claims in the ID token, where next-auth reads them.
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email_verified: true, ...(PEOPLE[id] ?? { email: `${id}@example.test`, name: id, groups: [] }) }),
  }),
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["stackport-e2e-cookie-key"] },
  ttl: { Session: 600, Interaction: 600, Grant: 600, IdToken: 600, AccessToken: 600, AuthorizationCode: 60 },
});
provider.proxy = false;
// The provider refuses plain-HTTP issuers only in production mode; this is a loopback test server.
provider.listen(port, "127.0.0.1", () => console.log(`test OpenID provider on http://127.0.0.1:${port}`));
