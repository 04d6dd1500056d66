// Who is signed in: the stored key and what the API's session answer adds to it (the token that
// lets <img> tags read cached images, the Temporal Web UI's address). A key the API refuses, at
// sign-in or later, signs the user out with the reason shown on the sign-in page.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { storeApiKey, storedApiKey } from './api-key';
import { api, data, whenUnauthorized } from './client';
import type { paths } from './schema';

export type SessionInfo = paths['/api/session']['get']['responses'][200]['content']['application/json'];

interface Session {
  info: SessionInfo;
  signOut(reason?: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export interface SignInProps {
  /** Why the user is asked (again): a refused key, an API that cannot be reached. */
  reason?: string;
  onKey(key: string): void;
}

export function SessionProvider({
  signIn,
  children,
}: {
  signIn: (props: SignInProps) => ReactNode;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState(storedApiKey);
  const [reason, setReason] = useState<string>();
  const signOut = useCallback(
    (why?: string) => {
      storeApiKey(null);
      setKey(null);
      setReason(why);
      queryClient.clear();
    },
    [queryClient],
  );
  useEffect(
    () => whenUnauthorized(() => signOut('Wrong API key: the API refused it. Enter the current key.')),
    [signOut],
  );
  const session = useQuery({
    queryKey: ['session', key],
    queryFn: () => data(api.GET('/api/session')),
    enabled: key !== null,
    retry: false,
  });
  const onKey = (k: string) => {
    storeApiKey(k);
    setReason(undefined);
    setKey(k);
  };

  if (key === null) return signIn({ reason, onKey });
  if (session.error) return signIn({ reason: `Cannot reach the API: ${session.error.message}`, onKey });
  if (!session.data)
    return (
      <p className="loading" role="status">
        Connecting…
      </p>
    );
  return <SessionContext.Provider value={{ info: session.data, signOut }}>{children}</SessionContext.Provider>;
}
