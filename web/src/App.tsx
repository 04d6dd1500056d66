// The signed-in app: a header with the sections, and the page the address names.
import { NavLink, Route, Routes } from 'react-router';
import { SessionProvider, useSession } from './api/session';
import { LibraryPage } from './pages/LibraryPage';
import { MoviePage } from './pages/MoviePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OperationsPage } from './pages/OperationsPage';
import { ReviewPage } from './pages/ReviewPage';
import { SignInPage } from './pages/SignInPage';

export function App() {
  return (
    <SessionProvider signIn={(props) => <SignInPage {...props} />}>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { signOut } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-name">media-enrichment</span>
        <nav aria-label="Sections">
          <NavLink to="/" end>
            Library
          </NavLink>
          <NavLink to="/review">Review</NavLink>
          <NavLink to="/operations">Operations</NavLink>
        </nav>
        <button type="button" className="link-button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<LibraryPage />} />
          <Route path="/movies/:id" element={<MoviePage />} />
          <Route path="/review" element={<ReviewPage />} />
          <Route path="/operations" element={<OperationsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </>
  );
}
