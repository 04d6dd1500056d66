// An API error or a failed action, said in the API's own words.
export function ErrorNote({ error, action }: { error: unknown; action?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="error" role="alert">
      {action ? `${action}: ` : ''}
      {message}
    </p>
  );
}
