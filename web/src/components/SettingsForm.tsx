// The settings every next enrichment uses: artwork limits per type, preferred language, auto-publish,
// the review timeout and the refresh interval. Each says whether it is the environment's default or
// set here; a reset goes back to the default.
import { useEffect, useState, type FormEvent } from 'react';
import { ASSET_LABELS, ASSET_TYPES, type AssetType } from '../api/artwork';
import { useSaveSettings, useSettings, type Settings, type SettingsPatch } from '../api/operations';
import { ErrorNote } from './ErrorNote';

type Values = Settings['settings'];

export function SettingsForm() {
  const settings = useSettings();
  const save = useSaveSettings();
  const [draft, setDraft] = useState<Values | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data.settings);
  }, [settings.data]);
  if (settings.error) return <ErrorNote error={settings.error} action="Cannot read the settings" />;
  if (!settings.data || !draft) return <p className="loading">Loading the settings…</p>;
  const { settings: saved, sources } = settings.data;

  const patch = (): SettingsPatch => {
    const body: SettingsPatch = {};
    const limits: NonNullable<SettingsPatch['assetLimits']> = {};
    for (const t of ASSET_TYPES) if (draft.assetLimits[t] !== saved.assetLimits[t]) limits[t] = draft.assetLimits[t];
    if (Object.keys(limits).length) body.assetLimits = limits;
    for (const key of ['preferredLanguage', 'autoPublish', 'reviewTimeout', 'refreshInterval'] as const)
      if (draft[key] !== saved[key]) (body as Record<string, unknown>)[key] = draft[key];
    return body;
  };
  const changes = patch();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(changes).length) save.mutate(changes);
  };
  const source = (s: string) => (
    <span className="muted small">{s === 'set' ? 'set here' : 'the environment’s default'}</span>
  );
  const setLimit = (t: AssetType, v: string) =>
    setDraft({ ...draft, assetLimits: { ...draft.assetLimits, [t]: v === '' ? 0 : Number(v) } });

  return (
    <section className="card ops-section" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <p className="muted small">They apply from the next enrichment; runs already going keep theirs.</p>
      <form onSubmit={submit} className="settings-form">
        <fieldset>
          <legend>Images kept per artwork type</legend>
          <div className="limits">
            {ASSET_TYPES.map((t) => (
              <div key={t} className="setting">
                <label>
                  {ASSET_LABELS[t]}
                  <input
                    type="number"
                    min={0}
                    max={10}
                    value={draft.assetLimits[t]}
                    onChange={(e) => setLimit(t, e.target.value)}
                  />
                </label>
                {source(sources.assetLimits[t])}
              </div>
            ))}
          </div>
        </fieldset>
        <div className="setting">
          <label>
            Preferred language (ISO 639-1)
            <input
              value={draft.preferredLanguage}
              onChange={(e) => setDraft({ ...draft, preferredLanguage: e.target.value })}
              pattern="[a-z]{2}"
              maxLength={2}
            />
          </label>
          {source(sources.preferredLanguage)}
        </div>
        <div className="setting">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.autoPublish}
              onChange={(e) => setDraft({ ...draft, autoPublish: e.target.checked })}
            />
            Publish automatically (otherwise every enrichment waits for your review)
          </label>
          {source(sources.autoPublish)}
        </div>
        <div className="setting">
          <label>
            Review timeout (such as 14d or 12h; 0: do not wait for a review)
            <input
              value={draft.reviewTimeout}
              onChange={(e) => setDraft({ ...draft, reviewTimeout: e.target.value })}
            />
          </label>
          {source(sources.reviewTimeout)}
        </div>
        <div className="setting">
          <label>
            Refresh interval (such as 30d)
            <input
              value={draft.refreshInterval}
              onChange={(e) => setDraft({ ...draft, refreshInterval: e.target.value })}
            />
          </label>
          {source(sources.refreshInterval)}
        </div>
        <div className="toolbar">
          <button type="submit" disabled={save.isPending || Object.keys(changes).length === 0}>
            Save settings
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => setDraft(saved)}
            disabled={Object.keys(changes).length === 0}
          >
            Undo changes
          </button>
        </div>
        {save.isSuccess && Object.keys(changes).length === 0 && (
          <p role="status" className="ok-text">
            Saved.
          </p>
        )}
        <ErrorNote error={save.error} action="The settings were not saved" />
      </form>
    </section>
  );
}
