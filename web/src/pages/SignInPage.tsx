// Sign-in with the API key: the UI says where the key is, and why it asks again.
import { useState, type FormEvent } from 'react';
import type { SignInProps } from '../api/session';

export function SignInPage({ reason, onKey }: SignInProps) {
  const [key, setKey] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) onKey(key.trim());
  };
  return (
    <main id="main" className="sign-in">
      <h1>media-enrichment</h1>
      <form onSubmit={submit} aria-describedby="key-help">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
          autoFocus
        />
        {reason && (
          <p className="error" role="alert">
            {reason}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
      <div id="key-help" className="help">
        <p>
          The key is the <code>API_KEY</code> environment variable when it is set. Otherwise the API made one on its
          first start, printed it in its log, and keeps it in the data folder&apos;s <code>api-key</code> file (
          <code>.data/api-key</code> with <code>npm start</code>, <code>/data/api-key</code> in Docker).
        </p>
        <p>This browser keeps the key until you sign out.</p>
      </div>
    </main>
  );
}
