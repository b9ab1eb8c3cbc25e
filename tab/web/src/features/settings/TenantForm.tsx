/**
 * The tenant section of the settings: the Microsoft cloud the tenant lives in (Operator Connect is not
 * offered in GCC High or DoD), whether an MSP delivers the service (a multi-tenant SBC is then an
 * option), the size up to which a site may take Calling Plan, and the network's trusted IP addresses.
 * Saved on its own through PATCH.
 */
import { makeStyles } from '@fluentui/react-components';
import { CheckField, ListField, NumberField, SelectField } from './FormControls';
import { SectionForm } from './SectionForm';
import type { SectionEditor } from './use-section-editor';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: '8px 16px', alignItems: 'start' },
});

/** The schema's clouds (planning-settings.ts), in words. */
export const CLOUDS = [
  { value: 'global', label: 'Commercial (worldwide)' },
  { value: 'gcc', label: 'GCC (US government)' },
  { value: 'gcc-high', label: 'GCC High' },
  { value: 'dod', label: 'DoD' },
  { value: 'china', label: 'China (21Vianet)' },
];

export const DEFAULT_TENANT = { cloud: 'global', mspDelivered: false, smallSiteMaxUsers: 10 };

const SHOWN = /^tenant\.(cloud|mspDelivered|smallSiteMaxUsers|trustedIps(\.\d+)?)$/;

export function TenantForm({ editor }: { editor: SectionEditor }) {
  const styles = useStyles();
  const tenant = (editor.draft.tenant ?? {}) as Record<string, unknown>;
  const set = (patch: Record<string, unknown>) => editor.setSection('tenant', { ...tenant, ...patch });
  const blur = () => void editor.validate();
  return (
    <SectionForm editor={editor} title="Tenant" testId="tenant-form" shownPath={(p) => SHOWN.test(p)}>
      <div className={styles.grid}>
        <SelectField
          label="Microsoft cloud"
          value={tenant.cloud}
          options={CLOUDS}
          onChange={(v) => set({ cloud: v })}
          error={editor.errorAt('tenant.cloud')}
          testId="tenant-cloud"
        />
        <NumberField
          label="Largest site that may take Calling Plan (users)"
          hint="Sites at or under this size are offered Calling Plan where it is sold."
          value={tenant.smallSiteMaxUsers}
          onChange={(v) => set({ smallSiteMaxUsers: v })}
          error={editor.errorAt('tenant.smallSiteMaxUsers')}
          onBlur={blur}
          testId="tenant-smallSiteMaxUsers"
        />
        <ListField
          label="Trusted IP addresses"
          hint="The network's public addresses: Teams looks for a client's network site (Location-Based Routing, dynamic emergency calling) only when it comes from one of them"
          placeholder="203.0.113.0/28, 2001:db8:ffff::/48"
          value={tenant.trustedIps}
          onChange={(v) => set({ trustedIps: v.length ? v : undefined })}
          error={editor.errorAt('tenant.trustedIps') ?? (Array.isArray(tenant.trustedIps) ? tenant.trustedIps.map((_, i) => editor.errorAt(`tenant.trustedIps.${i}`)).find(Boolean) : undefined)}
          onBlur={blur}
          testId="tenant-trustedIps"
        />
        <CheckField label="Delivered by an MSP (a shared multi-tenant SBC is an option)" value={tenant.mspDelivered} onChange={(v) => set({ mspDelivered: v })} testId="tenant-mspDelivered" />
      </div>
    </SectionForm>
  );
}
