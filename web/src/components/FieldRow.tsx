// One metadata field: its value, a lock toggle (a locked field is never overwritten by enrichment),
// and an inline edit that locks it, as the API does.
import { useState, type FormEvent } from 'react';

export interface FieldSpec {
  field: string;
  label: string;
  kind: 'text' | 'long' | 'number' | 'date';
}

interface Props {
  spec: FieldSpec;
  value: unknown;
  locked: boolean;
  /** Edit the value (locks it); absent for fields only enrichment writes. */
  onSave?(value: string | number | null): Promise<unknown>;
  onLock(locked: boolean): void;
  busy: boolean;
}

const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

export function FieldRow({ spec, value, locked, onSave, onLock, busy }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const inputId = `edit-${spec.field}`;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (draft === null || !onSave) return;
    const trimmed = draft.trim();
    const parsed = trimmed === '' ? null : spec.kind === 'number' ? Number(trimmed) : trimmed;
    await onSave(parsed);
    setDraft(null);
  };
  return (
    <div className={`field-row${locked ? ' locked' : ''}`}>
      <dt>{spec.label}</dt>
      <dd>
        {draft === null ? (
          <span className={spec.kind === 'long' ? 'long-text' : undefined}>{shown(value)}</span>
        ) : (
          <form className="field-edit" onSubmit={(e) => void save(e)}>
            <label htmlFor={inputId} className="visually-hidden">
              {spec.label}
            </label>
            {spec.kind === 'long' ? (
              <textarea id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} />
            ) : (
              <input
                id={inputId}
                type={spec.kind === 'number' ? 'number' : spec.kind === 'date' ? 'date' : 'text'}
                step={spec.field === 'user_rating' ? '0.1' : undefined}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              />
            )}
            <button type="submit" disabled={busy}>
              Save
            </button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </form>
        )}
      </dd>
      <dd className="field-actions">
        <button
          type="button"
          className="icon-button"
          aria-pressed={locked}
          aria-label={`${locked ? 'Unlock' : 'Lock'} ${spec.label}`}
          title={locked ? 'Locked: enrichment leaves it as it is' : 'Unlocked: enrichment may update it'}
          onClick={() => onLock(!locked)}
          disabled={busy}
        >
          <span aria-hidden="true">{locked ? '🔒' : '🔓'}</span>
        </button>
        {onSave && draft === null && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Edit ${spec.label}`}
            onClick={() => setDraft(value === null || value === undefined ? '' : String(value))}
            disabled={busy}
          >
            <span aria-hidden="true">✎</span>
          </button>
        )}
      </dd>
    </div>
  );
}
