/**
 * "Where does this number ring on this date?" - a full number, or an extension dialled at a site (read
 * through that site's dial plan). The question lives in the URL (`?view=question&number=&site=&date=`),
 * so a shared link shows the answer.
 */
import { FormEvent, useEffect, useState } from 'react';
import { Button, Field, Input, makeStyles, Select, Text, Title3, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../../components/Feedback';
import { today } from '../../format';
import { coexistenceApi, type CoexistenceRouteAnswer } from './coexistence-api';
import type { SectionProps } from './sections';
import { answeringText } from '../../../../../shared/domain/migration-group-labels';

const TARGET_LABELS: Record<string, string> = {
  teams: 'rings in Teams',
  pbx: 'rings on the PBX',
  ata: 'rings on an analog device (ATA behind the SBC)',
  'not-in-service': 'not in service',
  unknown: 'unknown: the plan does not cover this number',
};

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '12px' },
  form: { display: 'flex', gap: '12px', alignItems: 'end', flexWrap: 'wrap' },
  answer: {
    padding: '12px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function RouteQuestion({ api, params, setParams, sites }: SectionProps) {
  const styles = useStyles();
  const [number, setNumber] = useState(params.number ?? '');
  const [site, setSite] = useState(params.site ?? '');
  const [date, setDate] = useState(params.date ?? today());
  const [answer, setAnswer] = useState<CoexistenceRouteAnswer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function ask(q: { number: string; date: string; site?: string }) {
    setBusy(true);
    setAnswer(undefined);
    setError(undefined);
    try {
      setAnswer(await coexistenceApi.route(api, q));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // A link that carries the question answers it on arrival.
  useEffect(() => {
    if (params.number && params.date) void ask({ number: params.number, date: params.date, site: params.site });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    const q = { number: number.trim(), date, site: site || undefined };
    setParams({ number: q.number, date: q.date, site: q.site });
    void ask(q);
  }

  const target = answer && TARGET_LABELS[answer.target];
  return (
    <section className={styles.section} aria-labelledby="route-title">
      <Title3 as="h2" id="route-title">
        Where does this number ring on this date?
      </Title3>
      <form className={styles.form} onSubmit={submit} data-testid="route-form">
        <Field label="Phone number or extension" hint="E.164 such as +14255550100, or an extension with its site">
          <Input value={number} onChange={(_e, d) => setNumber(d.value)} required />
        </Field>
        <Field label="Dialled at site" hint="for an extension">
          <Select value={site} onChange={(_e, d) => setSite(d.value)}>
            <option value="">Any (full number)</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Date">
          <Input type="date" value={date} onChange={(_e, d) => setDate(d.value)} required />
        </Field>
        {/* Focusable while asking, so the keyboard stays in the form for the next question. */}
        <Button type="submit" appearance="primary" disabledFocusable={busy || !number.trim()}>
          {busy ? 'Looking…' : 'Where does it ring?'}
        </Button>
      </form>
      {error !== undefined && <ErrorBar error={error} />}
      <div aria-live="polite">
        {answer && (
          <div className={styles.answer} data-testid="route-answer">
            <Text weight="semibold" block>
              {answer.dialled ? `Extension ${answer.dialled.extension} at ${sites.find((s) => s.id === answer.dialled!.siteId)?.name ?? answer.dialled.siteId} (${answer.number})` : answer.number} on {answer.date}: {target}
            </Text>
            {answer.dialled && (
              <Text block className={styles.muted} data-testid="route-dialled">
                {answer.dialled.dialPlan} rule {answer.dialled.rule} turns {answer.dialled.extension} into {answer.dialled.translated}
              </Text>
            )}
            {answer.hops.length > 0 && <Text block>{answer.hops.join(' → ')}</Text>}
            <Text block>{answer.explanation}</Text>
            {answer.rule && (
              <Text block className={styles.muted}>
                Rule <code>{answer.rule.pattern}</code> - {answer.rule.description} (from {answer.rule.effectiveFrom})
              </Text>
            )}
            {answer.wave && (
              <Text block className={styles.muted}>
                Wave {answer.wave.number} on {answer.wave.date} {answer.wave.time} {answer.wave.moved ? 'moved' : 'moves'} this number
                {answer.owner ? ` (${answer.owner.userPrincipalName})` : answer.voiceApp ? ` (${answer.voiceApp.label}) to its ${answer.voiceApp.kind === 'auto-attendant' ? 'auto attendant' : 'call queue'}` : ''}.
              </Text>
            )}
            {answer.laterThatDay && <Text block>Later that day: {answer.laterThatDay}</Text>}
            {answer.answering && (
              <Text block className={styles.muted} data-testid="route-answering">
                Its auto attendant answers {answeringText(answer.answering)}
              </Text>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
