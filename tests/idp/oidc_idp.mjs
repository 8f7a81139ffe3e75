// An OpenID Connect identity provider for the test suite, on the loopback only.
// It is the certified `oidc-provider` package (a devDependency in package.json),
// configured from the environment by tests/idp/oidc.py:
//   IDP_PORT           the port to listen on (127.0.0.1)
//   IDP_REDIRECT_URIS  the portal's callback addresses, comma-separated
//   IDP_ACCOUNTS       JSON: {"<subject id>": {claims...}, ...}
//   IDP_PASSWORD       the password every account signs in with
// PKCE (S256) is required of every client; the nonce a client sends comes back in
// the ID token. Its sign-in page is a plain form (login, password, "Sign in").
import http from 'node:http';
import crypto from 'node:crypto';
import * as oidcModule from 'oidc-provider';

const Provider = oidcModule.Provider ?? oidcModule.default;
const port = Number(process.env.IDP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const redirectUris = (process.env.IDP_REDIRECT_URIS || '').split(',').filter(Boolean);
const accounts = JSON.parse(process.env.IDP_ACCOUNTS || '{}');
const password = process.env.IDP_PASSWORD || 'idp-password';

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'idp-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'portal',
    client_secret: 'portal-secret',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  pkce: { methods: ['S256'], required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'sis_id'],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
  async findAccount(ctx, sub) {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, async claims() { return { sub, ...accounts[sub] }; } };
  },
  async loadExistingGrant(ctx) {
    const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const formBody = (req) => new Promise((resolve, reject) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => resolve(new URLSearchParams(body)));
  req.on('error', reject);
});

function signInPage(res, uid, message) {
  res.writeHead(message ? 401 : 200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><title>District sign-in</title>
<main><h1>District sign-in</h1>${message ? `<p role="alert">${html(message)}</p>` : ''}
<form method="post" action="/interaction/${html(uid)}/login">
<p><label for="login">Login</label> <input id="login" name="login" autocomplete="username"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
<button type="submit">Sign in</button></form></main></html>`);
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  if (req.url === '/favicon.ico') { res.writeHead(204); return res.end(); }
  const match = req.url.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') return signInPage(res, details.uid);
    const form = await formBody(req);
    const login = form.get('login');
    if (!accounts[login] || form.get('password') !== password) {
      return signInPage(res, details.uid, 'Wrong login or password.');
    }
    return await provider.interactionFinished(
      req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false },
    );
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    return res.end(`interaction error: ${error.message}`);
  }
});

server.listen(port, '127.0.0.1', () => { console.log(`listening ${issuer}`); });
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
