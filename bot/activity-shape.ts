/**
 * The shape of a Bot Framework activity the adapter and the bot rely on, checked before the adapter
 * sees the body: a body that is not an object, lacks a type, or holds a `from`, `conversation` or
 * `serviceUrl` of the wrong type is the sender's mistake (400 naming the field), not a crash inside
 * botbuilder answered 500 with its internal message.
 */

export interface ActivityIssue {
  path: string;
  message: string;
}

const OPTIONAL_STRINGS = ['id', 'text', 'locale', 'deliveryMode', 'replyToId', 'textFormat', 'name', 'action'] as const;
const ACCOUNTS = ['from', 'recipient', 'conversation'] as const;

/** The first thing wrong with `body` as an activity, or undefined when it has the expected shape. */
export function activityShapeIssue(body: unknown): ActivityIssue | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { path: '$', message: 'expected an activity object' };
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type.trim() === '') return { path: '$.type', message: 'expected the activity type (e.g. "message")' };
  if (typeof a.serviceUrl !== 'string' || a.serviceUrl === '') return { path: '$.serviceUrl', message: 'expected the channel service URL' };
  if (typeof a.channelId !== 'string' || a.channelId === '') return { path: '$.channelId', message: 'expected the channel id' };
  for (const name of ACCOUNTS) {
    const account = a[name];
    if (account === undefined && name === 'recipient') continue;
    if (!account || typeof account !== 'object' || Array.isArray(account)) return { path: `$.${name}`, message: 'expected an object with an id' };
    const fields = account as Record<string, unknown>;
    if (typeof fields.id !== 'string') return { path: `$.${name}.id`, message: 'expected a string' };
    for (const key of ['name', 'aadObjectId', 'tenantId', 'conversationType'] as const) {
      if (fields[key] !== undefined && fields[key] !== null && typeof fields[key] !== 'string') return { path: `$.${name}.${key}`, message: 'expected a string' };
    }
  }
  for (const name of OPTIONAL_STRINGS) {
    if (a[name] !== undefined && a[name] !== null && typeof a[name] !== 'string') return { path: `$.${name}`, message: 'expected a string' };
  }
  if (a.channelData !== undefined && a.channelData !== null && (typeof a.channelData !== 'object' || Array.isArray(a.channelData))) {
    return { path: '$.channelData', message: 'expected an object' };
  }
  return undefined;
}
