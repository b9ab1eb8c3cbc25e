/**
 * A local HTTP server that plays the Bot Framework Connector API for proactive-message tests: it
 * records every `POST /v3/conversations/{id}/activities[/{replyToId}]` the bot's CloudAdapter makes and
 * answers like the connector does (`{ id }`). `failNext(n)` makes the next n posts fail (403), for
 * the "a failed send is retried next run" tests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorPost {
  conversationId: string;
  activity: { type?: string; summary?: string; text?: string; attachments?: { contentType: string; content: Record<string, unknown> }[]; [k: string]: unknown };
}

export class LocalConnector {
  readonly posts: ConnectorPost[] = [];
  private server?: http.Server;
  private failures = 0;
  private failureStatus = 403;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !m) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
          return;
        }
        if (this.failures > 0) {
          this.failures--;
          res.writeHead(this.failureStatus, { 'content-type': 'application/json' }).end('{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}');
          return;
        }
        this.posts.push({ conversationId: decodeURIComponent(m[1]), activity: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `act-${this.posts.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** The next n posts fail with this status (403 by default: botbuilder retries a 5xx itself, slowly). */
  failNext(n: number, status = 403): void {
    this.failures = n;
    this.failureStatus = status;
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
