/**
 * Planning settings as forms (`#/settings/<section>`): the schedule, operators, SBCs, Calling Plan
 * countries, traffic and costs, the tenant (cloud, MSP, Calling Plan site size; and which MSP may link
 * it), each saved on its own through PATCH /api/settings (a section as read, so editing the schedule
 * never conflicts with a site decision made meanwhile); the chats and channels the bot reminds (their
 * own route, not planning settings); the settings file (download, upload); and the whole document as
 * JSON for everything else (advanced).
 */
import { useMemo } from 'react';
import { Spinner, Tab, TabList, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { SettingsDocument } from '../../api-types';
import { useAsync } from '../../hooks/use-async';
import { ErrorBar } from '../../components/Feedback';
import { today } from '../../format';
import type { Navigate, Route } from '../../route';
import { AdvancedSettings } from './AdvancedSettings';
import { OperatorsForm } from './OperatorsForm';
import { CallingPlanForm, TrafficCostsForm } from './PricesForm';
import { SbcsForm } from './SbcsForm';
import { SchedulingForm, defaultScheduling } from './SchedulingForm';
import { SettingsFile } from './SettingsFile';
import { DEFAULT_TENANT, TenantForm } from './TenantForm';
import { MspConsentPanel } from './MspConsentPanel';
import { RemindersPanel } from './RemindersPanel';
import { useSectionEditor, type SectionId } from './use-section-editor';
import { useSites } from './use-sites';

const SECTIONS = [
  { id: 'scheduling', label: 'Schedule' },
  { id: 'operators', label: 'Operators' },
  { id: 'sbcs', label: 'SBCs' },
  { id: 'calling-plan', label: 'Calling Plan' },
  { id: 'traffic', label: 'Traffic and costs' },
  { id: 'tenant', label: 'Tenant' },
  { id: 'reminders', label: 'Reminders' },
  { id: 'file', label: 'Settings file' },
  { id: 'advanced', label: 'Advanced (JSON)' },
] as const;
type SectionTab = (typeof SECTIONS)[number]['id'];

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  header: { display: 'flex', gap: '16px', alignItems: 'baseline', flexWrap: 'wrap' },
  // The sections' tabs wrap onto a second line on a phone rather than widening the page past the screen.
  sections: { flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const DEFAULTS: Record<SectionId, (t: string) => unknown> = {
  scheduling: defaultScheduling,
  operators: () => [],
  sbcs: () => [],
  callingPlan: () => [],
  traffic: () => ({ erlangPerUser: 0.05, gradeOfService: 0.01 }),
  costs: () => ({ currency: 'USD', pbxPerUserPerMonth: 0 }),
  tenant: () => ({ ...DEFAULT_TENANT }),
};

export function SettingsPage({ api, route, navigate }: { api: ApiClient; route: Route; navigate: Navigate }) {
  const styles = useStyles();
  const doc = useAsync<SettingsDocument>(() => api.settings(), [api]);
  const sites = useSites(api);
  const section: SectionTab = SECTIONS.some((s) => s.id === route.item) ? (route.item as SectionTab) : 'scheduling';
  const currency = ((doc.data?.settings as { costs?: { currency?: string } } | undefined)?.costs?.currency ?? 'USD') as string;
  const label = SECTIONS.find((s) => s.id === section)!.label;

  return (
    <main className={styles.page}>
      <div className={styles.header}>
        <Title2 as="h1">Planning settings</Title2>
        <Text className={styles.muted} data-testid="settings-version">
          Version {doc.data ? (doc.data.version ?? 'none saved yet') : '…'}
          {doc.data?.updatedBy ? `, saved by ${doc.data.updatedBy}` : ''}
        </Text>
      </div>
      <TabList className={styles.sections} selectedValue={section} onTabSelect={(_e, d) => navigate({ page: 'settings', item: String(d.value) })} aria-label="Settings sections">
        {SECTIONS.map((s) => (
          <Tab key={s.id} value={s.id} data-testid={`settings-tab-${s.id}`}>
            {s.label}
          </Tab>
        ))}
      </TabList>
      {doc.error !== undefined && !doc.data && <ErrorBar error={doc.error} onRetry={doc.reload} />}
      {!doc.data && doc.error === undefined && <Spinner label="Loading the planning settings…" />}
      {doc.data && (
        <section aria-label={label}>
          {section === 'scheduling' && <Section api={api} doc={doc} ids={['scheduling']} render={(e) => <SchedulingForm editor={e} sites={sites} />} />}
          {section === 'operators' && <Section api={api} doc={doc} ids={['operators']} render={(e) => <OperatorsForm editor={e} currency={currency} />} />}
          {section === 'sbcs' && <Section api={api} doc={doc} ids={['sbcs']} render={(e) => <SbcsForm editor={e} sites={sites} currency={currency} />} />}
          {section === 'calling-plan' && <Section api={api} doc={doc} ids={['callingPlan']} render={(e) => <CallingPlanForm editor={e} currency={currency} />} />}
          {section === 'traffic' && <Section api={api} doc={doc} ids={['traffic', 'costs']} render={(e) => <TrafficCostsForm editor={e} />} />}
          {section === 'tenant' && <Section api={api} doc={doc} ids={['tenant']} render={(e) => <TenantForm editor={e} />} />}
          {/* Not part of the planning settings (its own document and route), so outside the tenant form. */}
          {section === 'tenant' && <MspConsentPanel api={api} />}
          {section === 'reminders' && <RemindersPanel api={api} />}
          {section === 'file' && <SettingsFile api={api} doc={doc} />}
          {section === 'advanced' && <AdvancedSettings api={api} doc={doc} />}
        </section>
      )}
    </main>
  );
}

/** One form's editor, created per section (a new section starts from the saved document). */
function Section({
  api,
  doc,
  ids,
  render,
}: {
  api: ApiClient;
  doc: ReturnType<typeof useAsync<SettingsDocument>>;
  ids: SectionId[];
  render: (editor: ReturnType<typeof useSectionEditor>) => React.ReactNode;
}) {
  const day = useMemo(() => today(), []);
  const editor = useSectionEditor(api, doc, ids, (s) => DEFAULTS[s](day));
  return <>{render(editor)}</>;
}
