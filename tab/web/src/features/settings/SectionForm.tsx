/**
 * The frame of every settings form: the fields, then Save and Discard, and what happened - saved (with
 * the new version), refused with the issues no field shows, a conflict with both versions and "apply
 * mine again", or an error. Enter in a field submits (a real <form>), so the keyboard alone edits and saves.
 */
import type { FormEvent, ReactNode } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowUndoRegular, SaveRegular } from '@fluentui/react-icons';
import { ErrorBar } from '../../components/Feedback';
import { ItemConflict } from '../sites/ItemConflict';
import type { SectionEditor } from './use-section-editor';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '1100px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  issues: { margin: 0, paddingLeft: '20px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function SectionForm({ editor, title, children, testId, shownPath }: { editor: SectionEditor; title: string; children: ReactNode; testId: string; shownPath: (path: string) => boolean }) {
  const styles = useStyles();
  const { state } = editor;
  const other = editor.otherIssues(shownPath);
  function submit(e: FormEvent) {
    e.preventDefault();
    void editor.save();
  }
  return (
    <form className={styles.form} onSubmit={submit} aria-label={title} data-testid={testId} noValidate>
      {children}
      {other.length > 0 && (
        <MessageBar intent="error" role="alert" layout="multiline" data-testid="settings-form-issues">
          <MessageBarBody>
            <MessageBarTitle>Also to fix</MessageBarTitle>
            <ul className={styles.issues}>
              {other.map((i, n) => (
                <li key={n}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'saved' && (
        <MessageBar intent="success" data-testid="settings-form-saved">
          <MessageBarBody>Saved as version {state.version ?? '?'}.</MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'invalid' && (
        <MessageBar intent="error" role="alert" data-testid="settings-form-invalid">
          <MessageBarBody>
            <MessageBarTitle>Not saved</MessageBarTitle>
            {state.issues.length} problem{state.issues.length === 1 ? '' : 's'} to fix: see the marked fields.
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'conflict' && <ItemConflict error={state.error} onApplyMine={() => void editor.applyMine()} onReload={editor.reset} />}
      {state.kind === 'error' && <ErrorBar title="Not saved" error={state.error} />}
      <div className={styles.toolbar}>
        {/* Focusable while saving, so the keyboard stays where it was once the save is done. */}
        <Button type="submit" appearance="primary" icon={<SaveRegular />} disabledFocusable={state.kind === 'saving'} data-testid="settings-form-save">
          {state.kind === 'saving' ? 'Saving…' : 'Save'}
        </Button>
        <Button type="button" icon={<ArrowUndoRegular />} onClick={editor.reset} disabled={!editor.dirty || state.kind === 'saving'}>
          Discard changes
        </Button>
        {editor.dirty && <span className={styles.muted}>Unsaved changes</span>}
      </div>
    </form>
  );
}
