/**
 * Decides one path for the selected sites (BulkChangeDialog: per-item changes, each site's decision
 * expecting what is stored for it). Operators and SBCs are offered only when they serve every selected
 * site's country (OC needs an operator and DR an SBC). What the dialog does not ask for (a site's voice
 * routing policy, its stay-until date, its note) is kept. A conflict names the sites changed meanwhile.
 */
import { useState } from 'react';
import { Field, Input, Select, Text } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PstnPath, SettingsDocument } from '../../api-types';
import type { SiteDecision } from '../../../../../shared/domain/planning-settings';
import { BulkChangeDialog } from '../../components/BulkChangeDialog';
import { ServingChoiceField, servingAll } from '../../components/ServingChoices';
import { count, PATH_LABELS } from '../../format';
import type { SiteRow } from './site-rows';

export function BulkDecideDialog({
  api,
  sites,
  doc,
  onClose,
  onSaved,
}: {
  api: ApiClient;
  sites: SiteRow[];
  doc: SettingsDocument;
  onClose: () => void;
  onSaved: (doc: SettingsDocument, message: string) => void;
}) {
  const [path, setPath] = useState<PstnPath | ''>('OC');
  const [operatorId, setOperatorId] = useState('');
  const [sbcId, setSbcId] = useState('');
  const [note, setNote] = useState('');

  const offered = servingAll(
    doc.settings,
    [...new Set(sites.map((s) => s.countryCode))],
    sites.map((s) => s.id),
  );
  const chosenOperator = operatorId || offered.operators[0]?.id || '';
  const chosenSbc = sbcId || offered.sbcs[0]?.id || '';
  // The settings refuse OC without an operator and DR without an SBC.
  const incomplete = (path === 'OC' && !chosenOperator) || (path === 'DR' && !chosenSbc);

  function build() {
    const stored = new Map((doc.settings.decisions?.sites ?? []).map((d) => [d.siteId, d as SiteDecision]));
    return sites.map((site) => {
      const before = stored.get(site.id);
      // What this dialog does not edit stays as each site has it: its voice routing policy while it stays
      // on Direct Routing, its end date while it stays on the PBX, and its note unless a new one is typed.
      const kept = {
        ...(path === 'DR' && before?.path === 'DR' && before.voiceRoutingPolicy ? { voiceRoutingPolicy: before.voiceRoutingPolicy } : {}),
        ...(path === 'PBX' && before?.path === 'PBX' && before.stayUntil ? { stayUntil: before.stayUntil } : {}),
        ...(before?.note ? { note: before.note } : {}),
      };
      return {
        target: { kind: 'site-decision' as const, siteId: site.id },
        expected: before ?? null,
        value: path
          ? {
              siteId: site.id,
              path,
              ...(path === 'OC' ? { operatorId: chosenOperator } : {}),
              ...(path === 'DR' ? { sbcId: chosenSbc } : {}),
              ...kept,
              ...(note.trim() ? { note: note.trim() } : {}),
            }
          : null,
      };
    });
  }

  return (
    <BulkChangeDialog
      api={api}
      title={`Decide ${count(sites.length)} sites`}
      build={build}
      canSave={!incomplete}
      saveLabel="Decide"
      saveTestId="bulk-decision-save"
      onClose={onClose}
      onSaved={(saved, changed) => onSaved(saved ?? doc, `Decided ${count(changed)} sites: settings version ${saved?.version ?? '?'}.`)}
    >
      <Text>
        {sites
          .slice(0, 8)
          .map((s) => s.name)
          .join(', ')}
        {sites.length > 8 ? ` and ${count(sites.length - 8)} more` : ''}
      </Text>
      <Field label="PSTN path">
        <Select value={path} onChange={(_e, d) => setPath(d.value as PstnPath | '')} data-testid="bulk-decision-path">
          <option value="">Not decided (use each site's recommendation)</option>
          {(['OC', 'DR', 'CP', 'PBX'] as PstnPath[]).map((p) => (
            <option key={p} value={p}>
              {PATH_LABELS[p]} ({p})
            </option>
          ))}
        </Select>
      </Field>
      <ServingChoiceField
        path={path}
        offered={offered}
        operatorId={chosenOperator}
        sbcId={chosenSbc}
        onOperator={setOperatorId}
        onSbc={setSbcId}
        noneHint={(what) => (what === 'operator' ? 'No operator serves every selected country: decide these sites in smaller groups.' : 'No SBC serves every selected site: decide these sites in smaller groups.')}
      />
      <Field label="Note" hint="Leave empty to keep each site's own note.">
        <Input value={note} onChange={(_e, d) => setNote(d.value)} data-testid="bulk-decision-note" />
      </Field>
    </BulkChangeDialog>
  );
}
