// The OpenID Connect provider that Junheng's server tests log in through: the OpenID Certified
// `oidc-provider` package, started once per test run on 127.0.0.1 at a free port and shared by
// the tests. For tests only: the login page takes an account name without a password, and
// consent is granted at once.
//
// - Each test registers its own confidential client (its server's redirect URI) through the
//   standard dynamic client registration endpoint (RFC 7591, `registration_endpoint` of the
//   discovery document); PKCE (S256) is required of every client.
// - Accounts live in memory: `PUT /test-accounts` with a JSON object {"sub": {claim: value, …}, …}
//   adds or replaces them (a test changes a person's claims between two logins). Tests use
//   subjects of their own, so they never see each other's.
// - The claims of the scope `junheng` are given by OIDC_TEST_CLAIMS (a JSON list). As the
//   specification has it for the code flow, they come from the UserInfo endpoint, not the ID
//   token.
//
// Prints one line of JSON on stdout once it listens: {"issuer": "http://127.0.0.1:PORT"}, and
// ends when its standard input closes (the test process ended) or it is killed.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const released = JSON.parse(process.env.OIDC_TEST_CLAIMS || '[]');
const accounts = new Map();

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const body = (req) => new Promise((resolve, reject) => {
  let data = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(data));
  req.on('error', reject);
});

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
    },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      junheng: released,
    },
    ttl: {
      AccessToken: 300, AuthorizationCode: 60, Grant: 600, IdToken: 300, Interaction: 600, Session: 600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ ...accounts.get(id), sub: id }) };
    },
    // A first-party client: what it asks for is granted without a consent page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
  });

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const path = new URL(req.url, issuer).pathname;
    if (path === '/test-accounts' && req.method === 'PUT') {
      try {
        for (const [sub, claims] of Object.entries(JSON.parse(await body(req)))) {
          accounts.set(sub, claims);
        }
        res.statusCode = 204;
      } catch (error) {
        res.statusCode = 400;
      }
      res.end();
      return;
    }
    const match = /^\/interaction\/([\w-]+)$/.exec(path);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><title>Test login</title><form method="post" action="/interaction/${escape(details.uid)}">`
          + '<input name="login" autofocus><button>Log in</button></form>');
        return;
      }
      const login = new URLSearchParams(await body(req)).get('login') ?? '';
      const result = accounts.has(login)
        ? { login: { accountId: login } }
        : { error: 'access_denied', error_description: 'no such test account' };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    } catch (error) {
      res.statusCode = 400;
      res.end(String(error));
    }
  });

  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
