// The admin side of the loop, done once: signs in to a running PromptStack server (signing up when
// the account does not exist yet), creates a project and the `support-reply` prompt from
// prompts/support-reply.prompt, labels that version `production`, and creates an API key for the
// service. Prints the variables to export (or, with --json, one JSON line for scripts).
//
//   PROMPTSTACK_URL=http://localhost:3000 PROMPTSTACK_EMAIL=you@example.com PROMPTSTACK_PASSWORD=... node setup.mjs
import { readFileSync } from 'node:fs';

const url = (process.env.PROMPTSTACK_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const email = process.env.PROMPTSTACK_EMAIL ?? 'admin@example.com';
const password = process.env.PROMPTSTACK_PASSWORD ?? 'change me at once';
const json = process.argv.includes('--json');
const source = readFileSync(new URL('./prompts/support-reply.prompt', import.meta.url), 'utf8');

async function api(method, path, token, body) {
  const response = await fetch(`${url}/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /api${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function signIn() {
  try {
    return (await api('POST', '/auth/signin', undefined, { email, password })).token;
  } catch {
    await api('POST', '/auth/signup', undefined, { name: email.split('@')[0], email, password });
    return (await api('POST', '/auth/signin', undefined, { email, password })).token;
  }
}

const token = await signIn();
const workspaceId = (await api('GET', '/workspaces', token))[0].id;
const project = await api('POST', '/projects', token, { workspaceId, name: `Production example ${new Date().toISOString().slice(0, 19)}` });
const prompt = await api('POST', '/prompts', token, { projectId: project.id, name: 'support-reply', content: 'Placeholder', model: 'openai/gpt-4o-mini' });
const written = await api('POST', `/prompts/${prompt.id}/versions`, token, {
  source,
  baseVersion: prompt.latestVersion.number,
  message: 'from examples/production-service',
});
const version = written.latestVersion.number;
await api('PUT', `/prompts/${prompt.id}/labels/production`, token, { versionNumber: version });
const key = await api('POST', `/workspaces/${workspaceId}/api-keys`, token, {
  name: 'production-service example',
  projectId: project.id,
  scopes: ['prompts:read', 'generations:write'],
});

if (json) {
  console.log(JSON.stringify({ workspaceId, projectId: project.id, promptId: prompt.id, version, apiKey: key.key }));
} else {
  console.log(`Prompt 'support-reply' version ${version} is labelled production in project ${project.id}.`);
  console.log('The API key is shown only now. Run the service with:\n');
  console.log(`  export PROMPTSTACK_URL=${url}`);
  console.log(`  export PROMPTSTACK_API_KEY=${key.key}`);
  console.log('  npm start');
}
