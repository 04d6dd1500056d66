import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section>
      <h1>Nothing here</h1>
      <p>
        <Link to="/">Back to the library</Link>
      </p>
    </section>
  );
}
