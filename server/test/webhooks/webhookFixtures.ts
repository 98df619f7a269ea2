/** What the webhook delivery suites share: subscribing a receiver, reading the delivery log, and verifying as a receiver would. */
import { Webhook } from 'standardwebhooks';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../helpers/webhookReceiver.ts';

/** Verifies a received request with the `standardwebhooks` library, returning the parsed payload (throws when no signature matches). */
export function verify(secret: string, request: ReceivedWebhook): any {
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
}

/** The delivery-log calls of one team's Admin. */
export interface WebhookKit {
  /** Subscribes `url` to `events` as the Admin; answers the webhook's id and secret. */
  subscribe(url: string, events: string[], extra?: Record<string, unknown>): Promise<{ id: string; secret: string }>;
  /** The webhook's delivery log, newest first (one page of 50). */
  deliveries(webhookId: string): Promise<any>;
  /** Polls the delivery log until `done` holds for its newest delivery, and answers that delivery. */
  settled(webhookId: string, done: (delivery: any) => boolean): Promise<any>;
  /** The webhook as the list shows it. */
  listed(webhookId: string): Promise<any>;
}

/** The kit for `team` on `server`. */
export function webhookKit(server: TestServer, team: Team): WebhookKit {
  const kit: WebhookKit = {
    async subscribe(url, events, extra = {}) {
      const created = await rest(server, 'POST', `/workspaces/${team.workspaceId}/webhooks`, { token: team.admin.token, json: { url, events, ...extra } });
      expectStatus(created, 201);
      return { id: created.body.id, secret: created.body.secret };
    },
    async deliveries(webhookId) {
      const answer = await rest(server, 'GET', `/webhooks/${webhookId}/deliveries?pageSize=50`, { token: team.admin.token });
      expectStatus(answer, 200);
      return answer.body;
    },
    async settled(webhookId, done) {
      for (let i = 0; i < 300; i++) {
        const page = await kit.deliveries(webhookId);
        if (page.items[0] && done(page.items[0])) return page.items[0];
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the delivery never settled: ${JSON.stringify((await kit.deliveries(webhookId)).items[0])}`);
    },
    async listed(webhookId) {
      const answer = await rest(server, 'GET', `/workspaces/${team.workspaceId}/webhooks`, { token: team.admin.token });
      expectStatus(answer, 200);
      return answer.body.find((w: { id: string }) => w.id === webhookId);
    },
  };
  return kit;
}

/** A webhook suite's world, filled in by its hooks: the server, the team, the kit, and the current test's receiver. */
export interface WebhookSuite {
  server: TestServer;
  team: Team;
  kit: WebhookKit;
  receiver: WebhookReceiver;
}

/**
 * Registers the hooks of a webhook suite in the calling `describe`: a server started with `env`
 * (receivers listen on loopback, so private targets must be allowed there) and a team, a fresh
 * receiver for each test, and each test's webhooks dropped after it so the next test's events
 * reach only its own.
 */
export function webhookSuite(env: Record<string, string>): WebhookSuite {
  const suite = {} as WebhookSuite;
  before(async function () {
    // Creating a migrated database and four users takes a while on a loaded machine.
    this.timeout(300_000);
    suite.server = await startTestServer({ env });
    suite.team = await createTeam(suite.server);
    suite.kit = webhookKit(suite.server, suite.team);
  });
  beforeEach(async () => {
    suite.receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await suite.receiver.close();
    await suite.server.database.db.prisma.webhook.deleteMany({ where: { workspaceId: suite.team.workspaceId } });
  });
  after(async () => {
    await suite.server?.close();
  });
  return suite;
}
