/**
 * A local HTTP server that plays the Bot Framework Connector API for proactive-message tests: it
 * records every `POST /v3/conversations/{id}/activities[/{replyToId}]` the bot's CloudAdapter makes and
 * answers like the connector does (`{ id }`). `failNext(n)` makes the next n posts fail (429, a
 * transient answer), for the "a failed send is retried next run" tests; `refuse(conversation, ...)`
 * answers every post to one conversation as Teams does when the bot may not write there any more
 * (403 ConversationBlockedByUser, a bare 403, 404 ConversationNotFound) until `allow(conversation)`.
 * It also answers the team reads a bot makes for names (`GET /v3/teams/{id}` and `.../conversations`)
 * for the teams put in `teams`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorPost {
  conversationId: string;
  activity: { type?: string; summary?: string; text?: string; attachments?: { contentType: string; content: Record<string, unknown> }[]; [k: string]: unknown };
}

/** An error answer: the status, and the body's `error.code`/`message` (none = an empty body, as Teams sometimes sends). */
export interface ConnectorRefusal {
  status: number;
  code?: string;
  message?: string;
}

export class LocalConnector {
  readonly posts: ConnectorPost[] = [];
  /** Posts answered with an error (each attempt, botbuilder's own retries included). */
  readonly refused: (ConnectorPost & { status: number })[] = [];
  private server?: http.Server;
  private failures = 0;
  private failure: ConnectorRefusal = { status: 429 };
  private readonly refusals = new Map<string, ConnectorRefusal>();
  /** Teams the connector knows (`GET /v3/teams/{id}` and its `/conversations`); others are a 404. */
  readonly teams = new Map<string, { name: string; channels: { id: string; name?: string }[] }>();
  /** The team ids asked about, each request once. */
  readonly teamReads: string[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const team = /^\/v3\/teams\/([^/]+)(\/conversations)?$/.exec(req.url ?? '');
        if (req.method === 'GET' && team) {
          this.teamReads.push(decodeURIComponent(team[1]));
          const known = this.teams.get(decodeURIComponent(team[1]));
          if (!known) {
            res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
            return;
          }
          // As the connector answers: the team's details, or its channels (the General channel without a name).
          const answer = team[2] ? { conversations: known.channels } : { id: decodeURIComponent(team[1]), name: known.name, aadGroupId: '00000000-0000-0000-0000-0000000000aa' };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
          return;
        }
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !m) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
          return;
        }
        const post: ConnectorPost = { conversationId: decodeURIComponent(m[1]), activity: JSON.parse(body) };
        let refusal = this.refusals.get(post.conversationId);
        if (!refusal && this.failures > 0) {
          this.failures--;
          refusal = this.failure;
        }
        if (refusal) {
          this.refused.push({ ...post, status: refusal.status });
          const error = refusal.code || refusal.message ? JSON.stringify({ error: { code: refusal.code, message: refusal.message } }) : '';
          res.writeHead(refusal.status, { 'content-type': 'application/json' }).end(error);
          return;
        }
        this.posts.push(post);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `act-${this.posts.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /**
   * The next n posts fail, 429 by default: a transient answer botbuilder does not retry itself without a
   * Retry-After (a 5xx it retries three times, over seconds, so n must cover those attempts too).
   */
  failNext(n: number, status = 429, code = status === 429 ? 'Throttled' : 'ServiceError'): void {
    this.failures = n;
    this.failure = { status, code };
  }

  /** Every post to this conversation is answered with `refusal` until allow(). */
  refuse(conversationId: string, refusal: ConnectorRefusal): void {
    this.refusals.set(conversationId, refusal);
  }

  allow(conversationId: string): void {
    this.refusals.delete(conversationId);
  }

  /** Posts refused for one conversation. */
  refusedTo(conversationId: string): ConnectorPost[] {
    return this.refused.filter((p) => p.conversationId === conversationId);
  }

  /** Posts to one conversation. */
  to(conversationId: string): ConnectorPost[] {
    return this.posts.filter((p) => p.conversationId === conversationId);
  }

  /** The Adaptive Card of a post. */
  static card(post: ConnectorPost): Record<string, unknown> {
    return post.activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content ?? {};
  }

  /** Every TextBlock's text of a post's card, joined (for assertions on what it says). */
  static cardText(post: ConnectorPost): string {
    const texts: string[] = [];
    const walk = (x: unknown) => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (o.type === 'TextBlock' && typeof o.text === 'string') texts.push(o.text);
        Object.values(o).forEach(walk);
      }
    };
    walk(LocalConnector.card(post));
    return texts.join('\n');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
