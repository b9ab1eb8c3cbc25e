/**
 * Session border controllers for Direct Routing: which sites (by name) and countries each serves, the
 * site it stands at, Local Media Optimization (its bypass mode and proxy SBC), its sessions and prices,
 * and the date it is ready. The site panel offers an SBC only where it serves.
 */
import { CheckField, CodesField, ItemList, NumberField, SelectField, SiteField, SitesField, TextField, type SiteOption } from './FormControls';
import { SectionForm } from './SectionForm';
import type { SectionEditor } from './use-section-editor';

interface Sbc {
  id?: string;
  fqdn?: string;
  siteIds?: string[];
  countries?: string[];
  carriers?: string[];
  licensedSessions?: number | string;
  pricePerSessionPerYear?: number | string;
  teamsAddOnPerSessionPerYear?: number | string;
  carrierCostPerUserPerMonth?: number | string;
  multiTenant?: boolean;
  networkSite?: string;
  bypassMode?: string;
  proxySbc?: string;
  readyDate?: string;
  voiceRoutingPolicy?: string;
}

const SHOWN = /^sbcs\.\d+\.(id|fqdn|siteIds|countries|licensedSessions|pricePerSessionPerYear|teamsAddOnPerSessionPerYear|carrierCostPerUserPerMonth|networkSite|bypassMode|proxySbc|readyDate|voiceRoutingPolicy)(\.\d+)?$/;

/** Set-CsOnlinePSTNGateway -BypassMode. */
const BYPASS_MODES = [
  { value: 'Always', label: 'Always' },
  { value: 'OnlyForLocalUsers', label: 'Only for users at its site' },
];

export function SbcsForm({ editor, sites, currency }: { editor: SectionEditor; sites: SiteOption[]; currency: string }) {
  const items = (editor.draft.sbcs ?? []) as Sbc[];
  const err = (i: number, f: string) => editor.errorAt(`sbcs.${i}.${f}`) ?? editor.errorAt(`sbcs.${i}.${f}.0`);
  const blur = () => void editor.validate();
  return (
    <SectionForm editor={editor} title="Session border controllers" testId="sbcs-form" shownPath={(p) => SHOWN.test(p)}>
      <ItemList<Sbc>
        items={items}
        onChange={(v) => editor.setSection('sbcs', v)}
        legend={(s, i) => s.fqdn || `SBC ${i + 1}`}
        removeLabel={(s, i) => `Remove ${s.fqdn || `SBC ${i + 1}`}`}
        addLabel="Add an SBC"
        newItem={() => ({ id: '', fqdn: '', siteIds: [], countries: [], pricePerSessionPerYear: 0 })}
        testId="sbcs"
        render={(s, i, set) => (
          <>
            <TextField label="FQDN" value={s.fqdn} onChange={(v) => set({ fqdn: v })} error={err(i, 'fqdn')} onBlur={blur} />
            <TextField label="Id" hint="Used in decisions; keep it stable" value={s.id} onChange={(v) => set({ id: v })} error={err(i, 'id')} onBlur={blur} />
            <SitesField label="Sites served" value={s.siteIds} sites={sites} onChange={(v) => set({ siteIds: v })} error={err(i, 'siteIds')} />
            <SiteField
              label="Stands at"
              hint="Its network site for Location-Based Routing. Empty: the one site it serves, if it serves one"
              value={s.networkSite}
              sites={sites}
              onChange={(v) => set({ networkSite: v })}
              error={err(i, 'networkSite')}
              testId={`sbc-${i}-networkSite`}
            />
            <SelectField
              label="Local Media Optimization"
              hint="Keeps media on the site's network. Needs the site it stands at, with its subnets"
              value={s.bypassMode}
              options={BYPASS_MODES}
              empty="Off"
              onChange={(v) => set({ bypassMode: v })}
              error={err(i, 'bypassMode')}
              testId={`sbc-${i}-bypassMode`}
            />
            <SelectField
              label="Proxy SBC"
              hint="For a downstream SBC: the SBC Teams reaches it through"
              value={s.proxySbc}
              options={items.filter((o, j) => j !== i && o.id).map((o) => ({ value: o.id!, label: o.fqdn || o.id! }))}
              empty="None"
              onChange={(v) => set({ proxySbc: v })}
              error={err(i, 'proxySbc')}
              testId={`sbc-${i}-proxySbc`}
            />
            <CodesField label="Countries served" value={s.countries} onChange={(v) => set({ countries: v })} error={err(i, 'countries')} onBlur={blur} />
            <NumberField label="Licensed sessions" value={s.licensedSessions} onChange={(v) => set({ licensedSessions: v })} error={err(i, 'licensedSessions')} onBlur={blur} />
            <NumberField label={`Price per session per year (${currency})`} step="0.01" value={s.pricePerSessionPerYear} onChange={(v) => set({ pricePerSessionPerYear: v })} error={err(i, 'pricePerSessionPerYear')} onBlur={blur} />
            <NumberField label={`Teams add-on per session per year (${currency})`} step="0.01" value={s.teamsAddOnPerSessionPerYear} onChange={(v) => set({ teamsAddOnPerSessionPerYear: v })} error={err(i, 'teamsAddOnPerSessionPerYear')} onBlur={blur} />
            <NumberField label={`Carrier cost per user per month (${currency})`} step="0.01" value={s.carrierCostPerUserPerMonth} onChange={(v) => set({ carrierCostPerUserPerMonth: v })} error={err(i, 'carrierCostPerUserPerMonth')} onBlur={blur} />
            <TextField label="Ready from" type="date" value={s.readyDate} onChange={(v) => set({ readyDate: v })} error={err(i, 'readyDate')} onBlur={blur} />
            <TextField label="Voice routing policy" value={s.voiceRoutingPolicy} onChange={(v) => set({ voiceRoutingPolicy: v })} error={err(i, 'voiceRoutingPolicy')} />
            <CheckField label="Shared by several customer tenants (MSP)" value={s.multiTenant} onChange={(v) => set({ multiTenant: v })} />
          </>
        )}
      />
    </SectionForm>
  );
}
