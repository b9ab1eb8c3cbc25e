/**
 * What a call queue does with a call nobody answered, from where its PBX group sent one (the export's
 * no-answer destination and maximum hunt time): New-CsCallQueue's -TimeoutThreshold, -TimeoutAction and
 * -TimeoutActionTarget, or a step for a person where Teams cannot do the same by itself. A queue whose
 * export said nothing keeps Teams' default (the call is dropped after 1,200 s).
 *
 * The PBX hunted until it had tried each member once (or until its maximum hunt timer), then sent the
 * call on: the queue waits as long - one agent alert time for a group that rang everyone at once, one
 * per agent for one that hunted - at most TEAMS_QUEUE_TIMEOUT_MAX_SECONDS.
 */
import { noAnswerText, TEAMS_AGENT_ALERT_SECONDS, TEAMS_QUEUE_TIMEOUT_MAX_SECONDS, teamsAgentAlertSeconds, type NoAnswerDestination } from '../domain/hunt-methods';
import type { GroupHuntingRecord } from '../domain/pbx-inventory';
import type { Plan } from '../domain/plan';
import { isUpn } from './powershell';

export type QueueTimeout = { seconds: number; action: 'Disconnect' } | { seconds: number; action: 'Forward'; target: string };

interface PlannedPerson {
  upn: string;
  siteId?: string;
  wave: number;
  /** The number the PBX answers for them until they move. */
  did?: string;
}

/** The plan's people by PBX extension (extensions repeat across sites and partitions). */
export class ExtensionDirectory {
  private readonly byExtension = new Map<string, PlannedPerson[]>();

  constructor(plan: Plan) {
    for (const wave of plan.waves) {
      for (const m of wave.members) {
        if (!m.extension) continue;
        const list = this.byExtension.get(m.extension) ?? [];
        list.push({ upn: m.userPrincipalName, siteId: m.siteId, wave: wave.number, did: m.currentDid });
        this.byExtension.set(m.extension, list);
      }
    }
  }

  /** The one person with the extension, at one of `siteIds` where it repeats elsewhere; undefined when none or several. */
  find(extension: string, siteIds: ReadonlySet<string>): PlannedPerson | undefined {
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
}

/** The queue's timeout, or the step a person takes instead; neither where the export named no destination. */
export function queueTimeout(queue: QueueForTimeout, directory: () => ExtensionDirectory): { timeout?: QueueTimeout; step?: string } {
  const destination = queue.hunting.huntNoAnswer;
  if (!destination) return {};
  const seconds = timeoutSeconds(queue);
  const by = (step: string) => ({ step: `${sentBy(destination)}: ${step}` });
  switch (destination.kind) {
    case 'disconnect':
      return { timeout: { seconds, action: 'Disconnect' } };
    case 'number':
      return { timeout: { seconds, action: 'Forward', target: `tel:${destination.number}` } };
    case 'voicemail':
      return by('give the queue a shared voicemail by hand (a Microsoft 365 group: New-CsCallQueue -TimeoutAction SharedVoicemail -TimeoutActionTarget <group id>)');
    case 'extension': {
      const person = directory().find(destination.extension, queue.siteIds);
      if (person && person.wave <= queue.wave && isUpn(person.upn)) return { timeout: { seconds, action: 'Forward', target: person.upn } };
      if (person?.did) {
        return {
          timeout: { seconds, action: 'Forward', target: `tel:${person.did}` },
          step: `${sentBy(destination)} (${person.upn}), who moves in wave ${person.wave}: the queue forwards to ${person.did} until then; make ${person.upn} the timeout target after that wave`,
        };
      }
      return by('no one in the plan has that extension at the queue\'s sites (another group, an attendant, or a person staying on the PBX): set the queue\'s timeout action by hand');
    }
  }
}

function timeoutSeconds({ hunting, agents }: QueueForTimeout): number {
  if (hunting.huntMaxSeconds !== undefined) return Math.min(TEAMS_QUEUE_TIMEOUT_MAX_SECONDS, hunting.huntMaxSeconds);
  const alert = hunting.huntRingSeconds === undefined ? TEAMS_AGENT_ALERT_SECONDS.default : teamsAgentAlertSeconds(hunting.huntRingSeconds);
  const rounds = hunting.huntMethod === 'simultaneous' || hunting.huntMethod === undefined ? 1 : Math.max(1, agents);
  return Math.min(TEAMS_QUEUE_TIMEOUT_MAX_SECONDS, alert * rounds);
}

function sentBy(destination: NoAnswerDestination): string {
  return `the PBX sent unanswered calls to ${noAnswerText(destination)}`;
}
