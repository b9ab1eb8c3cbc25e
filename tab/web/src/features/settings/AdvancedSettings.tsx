import { useEffect, useState } from 'react';
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, CheckmarkRegular, SaveRegular } from '@fluentui/react-icons';
import type { ApiClient, ApiIssue } from '../../api-client';
import { ApiError, errorText } from '../../api-client';
import type { SettingsDocument } from '../../api-types';
import type { AsyncState } from '../../hooks/use-async';
import { ErrorBar } from '../../components/Feedback';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '12px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  editor: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, minHeight: 'max(420px, calc(100vh - 320px))' },
  issues: { margin: 0, paddingLeft: '20px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Outcome =
  | { kind: 'valid' }
  | { kind: 'saved'; version: number | null }
  | { kind: 'json'; message: string }
  | { kind: 'invalid'; message: string; issues: ApiIssue[] }
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; error: unknown };

/**
 * The raw JSON of the whole settings document, for what the forms do not cover (site attributes,
 * decisions in bulk) and for admins who prefer text. Saved whole (PUT) against the version read.
 */
export function AdvancedSettings({ api, doc }: { api: ApiClient; doc: AsyncState<SettingsDocument> }) {
  const styles = useStyles();
  const [text, setText] = useState('');
  const [dirty, setDirty] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (doc.data) {
      setText(JSON.stringify(doc.data.settings, null, 2));
      setDirty(false);
    }
  }, [doc.data]);

  /** JSON syntax is checked here, with the position, before anything goes to the server. */
  function parse(): unknown | undefined {
    try {
      return JSON.parse(text);
    } catch (e) {
      setOutcome({ kind: 'json', message: errorText(e) });
      return undefined;
    }
  }

  function fromError(e: unknown): Outcome {
    if (e instanceof ApiError && e.status === 409) return { kind: 'conflict', message: e.message };
    if (e instanceof ApiError && e.status === 400) return { kind: 'invalid', message: e.message, issues: e.issues };
    return { kind: 'error', error: e };
  }

  async function validate() {
    const settings = parse();
    if (settings === undefined) return;
    setBusy(true);
    try {
      const r = await api.validateSettings(settings);
      setOutcome(r.valid === false ? { kind: 'invalid', message: 'The settings do not match the schema.', issues: r.issues ?? [] } : { kind: 'valid' });
    } catch (e) {
      setOutcome(fromError(e));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    const settings = parse();
    if (settings === undefined || !doc.data) return;
    setBusy(true);
    try {
      const saved = await api.saveSettings(settings, doc.data.version);
      setOutcome({ kind: 'saved', version: saved?.version ?? null });
      doc.setData(saved?.settings ? saved : { ...doc.data, ...saved, settings: settings as SettingsDocument['settings'] });
    } catch (e) {
      setOutcome(fromError(e));
    } finally {
      setBusy(false);
    }
  }

  if (doc.error && !doc.data) return <ErrorBar error={doc.error} onRetry={doc.reload} />;
  if (!doc.data) return <Spinner label="Loading the planning settings…" />;
  return (
    <section className={styles.page} aria-label="Advanced: the settings as JSON">
      <Text className={styles.muted}>
        One versioned JSON document per tenant: operators, SBCs, Calling Plan prices, site attributes, traffic, scheduling and the
        decisions. The CLI reads the same document; it can be kept in version control.
      </Text>
      <div className={styles.toolbar}>
        <Button icon={<CheckmarkRegular />} onClick={validate} disabled={busy}>
          Validate
        </Button>
        <Button appearance="primary" icon={<SaveRegular />} onClick={save} disabled={busy || !dirty} data-testid="settings-save">
          Save
        </Button>
        <Button icon={<ArrowClockwiseRegular />} onClick={() => (setOutcome(undefined), doc.reload())} disabled={busy}>
          Reload (discard edits)
        </Button>
      </div>
      <Outcome outcome={outcome} onReload={() => (setOutcome(undefined), doc.reload())} />
      <Field label="Settings (JSON)">
        <Textarea
          className={styles.editor}
          textarea={{ className: styles.editor, spellCheck: false }}
          value={text}
          onChange={(_e, d) => {
            setText(d.value);
            setDirty(true);
          }}
          resize="vertical"
          data-testid="settings-editor"
        />
      </Field>
    </section>
  );
}

function Outcome({ outcome, onReload }: { outcome?: Outcome; onReload: () => void }) {
  const styles = useStyles();
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'valid':
      return (
        <MessageBar intent="success">
          <MessageBarBody>The settings are valid.</MessageBarBody>
        </MessageBar>
      );
    case 'saved':
      return (
        <MessageBar intent="success" data-testid="settings-saved">
          <MessageBarBody>Saved as version {outcome.version ?? '?'}.</MessageBarBody>
        </MessageBar>
      );
    case 'json':
      return (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Not valid JSON</MessageBarTitle>
            {outcome.message}
          </MessageBarBody>
        </MessageBar>
      );
    case 'invalid':
      return (
        <MessageBar intent="error" role="alert" data-testid="settings-issues">
          <MessageBarBody>
            <MessageBarTitle>{outcome.message}</MessageBarTitle>
            <ul className={styles.issues}>
              {outcome.issues.map((i, n) => (
                <li key={n}>
                  <code>{i.path ?? '(document)'}</code>: {i.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      );
    case 'conflict':
      return (
        <MessageBar intent="error" role="alert" data-testid="conflict-message">
          <MessageBarBody>
            <MessageBarTitle>Someone else changed the settings</MessageBarTitle>
            {outcome.message} Your edits were not saved; copy them before reloading.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={onReload}>Reload</Button>
          </MessageBarActions>
        </MessageBar>
      );
    case 'error':
      return <ErrorBar error={outcome.error} />;
  }
}
