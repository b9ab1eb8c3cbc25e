/**
 * What a call queue does with a call nobody answered, and with a new call while its queue is full, from
 * where its PBX group sent them (the export's no-answer destination and maximum hunt time; its queue
 * limit and queue-full destination): New-CsCallQueue's -TimeoutThreshold, -TimeoutAction and
 * -TimeoutActionTarget, and -OverflowThreshold, -OverflowAction and -OverflowActionTarget, or a step for
 * a person where Teams cannot do the same by itself. A queue whose export said nothing keeps Teams'
 * defaults (the call is dropped after 1,200 s; over 50 waiting calls, callers hear busy).
 *
 * The PBX hunted until it had tried each member once (or until its maximum hunt timer), then sent the
 * call on: the queue waits as long - one agent alert time for a group that rang everyone at once, one
 * per agent for one that hunted - in the 15 s steps Teams keeps (teamsQueueTimeoutSeconds).
 *
 * An extension it sent calls to belongs to a person, to another group's pilot or to a site's main number
 * (its auto attendant): the queue forwards to that person's or that queue's or attendant's account once
 * the plan has put it in Teams, and before then to the number the PBX still answers for it. Voicemail
 * becomes the queue's shared voicemail: a Microsoft 365 group of its agents.
 */
import {
  noAnswerText,
  TEAMS_AGENT_ALERT_SECONDS,
  teamsAgentAlertSeconds,
  teamsQueueTimeoutSeconds,
  teamsOverflowThreshold,
  type NoAnswerDestination,
} from '../domain/hunt-methods';
import type { GroupHuntingRecord } from '../domain/pbx-inventory';
import type { Plan } from '../domain/plan';
import { isUpn } from './powershell';

/** Where a queue sends a call: SharedVoicemail is the queue's own Microsoft 365 group of its agents (group-set-ups.ts names it, the runbook makes it). */
type QueueExit = { action: 'Disconnect' | 'SharedVoicemail' } | { action: 'Forward'; target: string };

export type QueueTimeout = { seconds: number } & QueueExit;

/** The overflow: `threshold` waiting calls; Teams' words for dropping the call are DisconnectWithBusy. */
export type QueueOverflow = { threshold: number } & ({ action: 'DisconnectWithBusy' | 'SharedVoicemail' } | { action: 'Forward'; target: string });

/** Who answers an extension in Teams once the plan has moved it: a person, or a call queue's or an auto attendant's resource account. */
export interface ExtensionTarget {
  kind: 'person' | 'call queue' | 'auto attendant';
  /** The UPN a timeout forwards to (the person's, or the resource account's). */
  upn: string;
  siteId?: string;
  /** The wave that puts it in Teams (whose runbook builds the queue or attendant). */
  wave: number;
  /** The number the PBX answers for it until then. */
  did?: string;
}

/** A call queue or an auto attendant the runbooks build, by the PBX extension of its pilot or main number. */
export interface AnsweringAccount {
  extension: string;
  target: ExtensionTarget;
}

/** The plan's people, queues and attendants by PBX extension (extensions repeat across sites and partitions). */
export class ExtensionDirectory {
  private readonly byExtension = new Map<string, ExtensionTarget[]>();

  constructor(plan: Plan, accounts: readonly AnsweringAccount[] = []) {
    for (const wave of plan.waves) {
      for (const m of wave.members) {
        if (m.extension) this.add(m.extension, { kind: 'person', upn: m.userPrincipalName, siteId: m.siteId, wave: wave.number, did: m.currentDid });
      }
    }
    for (const a of accounts) this.add(a.extension, a.target);
  }

  private add(extension: string, target: ExtensionTarget): void {
    const list = this.byExtension.get(extension);
    if (list) list.push(target);
    else this.byExtension.set(extension, [target]);
  }

  /** The one target with the extension, at one of `siteIds` where it repeats elsewhere; undefined when none or several. */
  find(extension: string, siteIds: ReadonlySet<string>): ExtensionTarget | undefined {
    const all = this.byExtension.get(extension) ?? [];
    const here = all.length > 1 ? all.filter((p) => p.siteId !== undefined && siteIds.has(p.siteId)) : all;
    return here.length === 1 ? here[0] : undefined;
  }
}

export interface QueueForTimeout {
  hunting: GroupHuntingRecord;
  agents: number;
  /** The agents' sites: an extension is looked up there first. */
  siteIds: ReadonlySet<string>;
  /** The wave whose runbook builds the queue. */
  wave: number;
  /** The queue's own resource account. */
  account?: string;
}

/** The queue's timeout, or the step a person takes instead; neither where the export named no destination. */
export function queueTimeout(queue: QueueForTimeout, directory: () => ExtensionDirectory): { timeout?: QueueTimeout; step?: string } {
  const destination = queue.hunting.huntNoAnswer;
  if (!destination) return {};
  const { exit, step } = queueExit(destination, queue, directory, TIMEOUT);
  return { ...(exit && { timeout: { seconds: timeoutSeconds(queue), ...exit } }), ...(step && { step }) };
}

/**
 * The queue's overflow, or the step a person takes instead; neither where the export named neither a
 * queue limit nor a queue-full destination. A limit alone: callers over it hear busy, as on a PBX that
 * disconnected them; a destination alone: Teams' default limit.
 */
export function queueOverflow(queue: QueueForTimeout, directory: () => ExtensionDirectory): { overflow?: QueueOverflow; step?: string } {
  const { huntQueueLimit: limit, huntQueueFull: destination } = queue.hunting;
  if (limit === undefined && !destination) return {};
  const threshold = teamsOverflowThreshold(limit);
  if (!destination) return { overflow: { threshold, action: 'DisconnectWithBusy' } };
  const { exit, step } = queueExit(destination, queue, directory, OVERFLOW);
  let overflow: QueueOverflow | undefined;
  if (exit?.action === 'Forward') overflow = { threshold, action: 'Forward', target: exit.target };
  else if (exit) overflow = { threshold, action: exit.action === 'Disconnect' ? 'DisconnectWithBusy' : exit.action };
  return { ...(overflow && { overflow }), ...(step && { step }) };
}

/** How a step words each kind of exit. */
interface ExitWords {
  /** "the PBX sent <calls> to ...". */
  calls: string;
  /** What the queue's setting and its target are called in a step. */
  action: string;
  target: string;
  /** Why a group sending these calls to its own pilot is left to a person. */
  ownPilot: string;
}

const TIMEOUT: ExitWords = {
  calls: 'unanswered calls',
  action: 'timeout action',
  target: 'the timeout target',
  ownPilot:
    "the group's own pilot, so the PBX hunted its members again: the queue offers a call to its agents until its timeout (Teams' default, 1,200 s); set another timeout action by hand where the PBX's hunt ended otherwise",
};

const OVERFLOW: ExitWords = {
  calls: 'calls while its queue was full',
  action: 'overflow action',
  target: 'the overflow target',
  ownPilot: "the group's own pilot, so callers waited for a place in the queue: Teams cannot; over the limit callers hear busy until a person sets another overflow action",
};

/** Where one of the queue's exits sends a call, as the PBX's destination said, or the step a person takes. */
function queueExit(destination: NoAnswerDestination, queue: QueueForTimeout, directory: () => ExtensionDirectory, words: ExitWords): { exit?: QueueExit; step?: string } {
  const by = (step: string) => ({ step: `${sentBy(destination, words)}: ${step}` });
  switch (destination.kind) {
    case 'disconnect':
      return { exit: { action: 'Disconnect' } };
    case 'number':
      return { exit: { action: 'Forward', target: `tel:${destination.number}` } };
    case 'voicemail':
      return { exit: { action: 'SharedVoicemail' } };
    case 'extension': {
      const target = directory().find(destination.extension, queue.siteIds);
      if (!target) {
        return by(`no one in the plan has that extension at the queue's sites (a group or an attendant the plan does not move, or a person staying on the PBX): set the queue's ${words.action} by hand`);
      }
      const named = target.kind === 'person' ? target.upn : `the ${target.kind} ${target.upn}`;
      if (target.upn === queue.account) return by(words.ownPilot);
      if (target.wave <= queue.wave && isUpn(target.upn)) return { exit: { action: 'Forward', target: target.upn } };
      if (target.did) {
        return {
          exit: { action: 'Forward', target: `tel:${target.did}` },
          step: `${sentBy(destination, words)} (${named}), ${target.kind === 'person' ? 'who moves' : 'set up'} in wave ${target.wave}: the queue forwards to ${target.did} until then; make ${target.upn} ${words.target} after that wave`,
        };
      }
      return by(`${named} moves in wave ${target.wave}, after the queue, and has no number the PBX answers meanwhile: set the queue's ${words.action} after that wave`);
    }
  }
}

function timeoutSeconds({ hunting, agents }: QueueForTimeout): number {
  if (hunting.huntMaxSeconds !== undefined) return teamsQueueTimeoutSeconds(hunting.huntMaxSeconds);
  const alert = hunting.huntRingSeconds === undefined ? TEAMS_AGENT_ALERT_SECONDS.default : teamsAgentAlertSeconds(hunting.huntRingSeconds);
  const rounds = hunting.huntMethod === 'simultaneous' || hunting.huntMethod === undefined ? 1 : Math.max(1, agents);
  return teamsQueueTimeoutSeconds(alert * rounds);
}

function sentBy(destination: NoAnswerDestination, words: ExitWords): string {
  return `the PBX sent ${words.calls} to ${noAnswerText(destination)}`;
}
