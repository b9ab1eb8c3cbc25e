/**
 * Decides one path for the selected sites in one change (one PATCH), each site's decision expecting
 * what is stored for it. Operators and SBCs are offered only when they serve every selected site's
 * country (OC needs an operator and DR an SBC). A conflict names the sites changed meanwhile.
 */
import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Select,
  Text,
} from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PstnPath, SettingsDocument, SettingsItemChangeView } from '../../api-types';
import type { SiteDecision } from '../../../../../shared/domain/planning-settings';
import { ErrorBar } from '../../components/Feedback';
import { count, PATH_LABELS } from '../../format';
import { conflictsOf, ItemConflict, reapply } from './ItemConflict';
import type { SiteRow } from './site-rows';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: '12px' } });

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
  const styles = useStyles();
  const [path, setPath] = useState<PstnPath | ''>('OC');
  const [operatorId, setOperatorId] = useState('');
  const [sbcId, setSbcId] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<SettingsItemChangeView[]>();

  const countries = [...new Set(sites.map((s) => s.countryCode))];
  const servesAll = (list: readonly string[] | undefined) => countries.every((c) => c !== undefined && (list ?? []).includes(c));
  const operators = (doc.settings.operators ?? []).filter((o) => servesAll(o.countries));
  const sbcs = (doc.settings.sbcs ?? []).filter((s) => servesAll(s.countries) || sites.every((site) => (s.siteIds ?? []).includes(site.id)));

  const chosenOperator = operatorId || operators[0]?.id || '';
  const chosenSbc = sbcId || sbcs[0]?.id || '';
  // The settings refuse OC without an operator and DR without an SBC.
  const incomplete = (path === 'OC' && !chosenOperator) || (path === 'DR' && !chosenSbc);

  async function send(changes: SettingsItemChangeView[]) {
    setSaving(true);
    setError(undefined);
    setSent(changes);
    try {
      const saved = await api.changeSettings(changes);
      onSaved(saved, `Decided ${count(changes.length)} sites: settings version ${saved.version ?? '?'}.`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  function save() {
    const stored = new Map((doc.settings.decisions?.sites ?? []).map((d) => [d.siteId, d as SiteDecision]));
    void send(
      sites.map((site) => ({
        target: { kind: 'site-decision', siteId: site.id },
        expected: stored.get(site.id) ?? null,
        value: path
          ? {
              siteId: site.id,
              path,
              ...(path === 'OC' ? { operatorId: chosenOperator } : {}),
              ...(path === 'DR' ? { sbcId: chosenSbc } : {}),
              ...(note.trim() ? { note: note.trim() } : {}),
            }
          : null,
      })),
    );
  }

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Decide {count(sites.length)} sites</DialogTitle>
          <DialogContent className={styles.form}>
            <Text>{sites.slice(0, 8).map((s) => s.name).join(', ')}{sites.length > 8 ? ` and ${count(sites.length - 8)} more` : ''}</Text>
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
            {path === 'OC' && (
              <Field label="Operator" required hint={operators.length ? undefined : 'No operator serves every selected country: decide these sites in smaller groups.'}>
                <Select value={chosenOperator} onChange={(_e, d) => setOperatorId(d.value)}>
                  {operators.map((o) => (
                    <option key={o.id} value={o.id} title={o.id}>
                      {o.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {path === 'DR' && (
              <Field label="SBC" required hint={sbcs.length ? undefined : 'No SBC serves every selected site: decide these sites in smaller groups.'}>
                <Select value={chosenSbc} onChange={(_e, d) => setSbcId(d.value)}>
                  {sbcs.map((s) => (
                    <option key={s.id} value={s.id} title={s.id}>
                      {s.fqdn}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <Field label="Note">
              <Input value={note} onChange={(_e, d) => setNote(d.value)} />
            </Field>
            {conflictsOf(error).length > 0 ? (
              <ItemConflict error={error} busy={saving} onApplyMine={() => sent && void send(reapply(sent, conflictsOf(error)))} onReload={onClose} />
            ) : error !== undefined ? (
              <ErrorBar error={error} />
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={save} disabled={saving || incomplete} data-testid="bulk-decision-save">
              {saving ? 'Saving…' : 'Decide'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
