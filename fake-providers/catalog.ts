// The fake providers' library: a dozen real films with TMDB-shaped details (every
// append_to_response block enrichment asks for) and an artwork set per film that gives scoring and
// dedup real work: an identical twin, a resized and a re-encoded copy, other languages, logos.
import { createHash } from 'node:crypto';
import type { TmdbMovieDetails } from '../domain/schemas.js';

export type ImageKind = 'poster' | 'backdrop' | 'logo' | 'profile';

/** Fanart.tv's movie artwork fields. */
export type FanartField =
  'hdmovielogo' | 'hdmovieclearart' | 'movieposter' | 'moviebackground' | 'moviebanner' | 'moviethumb' | 'moviedisc';

export interface DemoImage {
  /** How it is drawn: logos (and every PNG) on a transparent background. */
  kind: ImageKind;
  /** TMDB-style path (`/kq3T0kbnvD0mKl3WJh8tIuG8ZsY.jpg`), or for Fanart.tv the path under the fake server's `/fanart/art`. */
  filePath: string;
  provider: 'tmdb' | 'fanart.tv';
  fanart?: { field: FanartField; id: string; likes: number };
  width: number;
  height: number;
  language: string | null;
  voteAverage: number;
  voteCount: number;
  /** What the picture is drawn from; variants share their original's seed. */
  seed: string;
  variantOf?: { filePath: string; how: 'identical' | 'reencoded' | 'resized' };
}

export interface DemoMovie {
  /** Exactly what TMDB's `/movie/{id}?append_to_response=…` returns (before image-language filtering). */
  details: TmdbMovieDetails & { imdb_id: string; title: string; release_date: string; overview: string };
  /** TMDB's and Fanart.tv's artwork. */
  images: DemoImage[];
  /** What OMDb answers for the IMDb id (every value a string, "N/A" when absent). */
  omdb: Record<string, unknown>;
}

interface Film {
  id: number;
  imdb: string;
  title: string;
  original?: [title: string, language: string];
  date: string;
  runtime: number;
  rating: string;
  tagline: string;
  overview: string;
  genres: [number, string][];
  companies: [number, string, string][];
  countries: [string, string][];
  collection?: [number, string];
  directors: string[];
  writers: string[];
  cast: [name: string, character: string][];
  /** Cast members with a TMDB headshot (`profile_path`); the demo's real films list none. */
  headshots?: ReadonlySet<string>;
  keywords: string[];
  vote: [average: number, count: number];
  wikidata: string;
  /** TMDB's trailer videos; by default one official YouTube trailer the fake video site serves. */
  trailers?: FilmTrailer[];
}

/** A trailer video as TMDB lists it; `key` names its behaviour on the fake video site. */
export interface FilmTrailer {
  key: string;
  site?: 'YouTube' | 'Vimeo' | 'Dailymotion';
  name: string;
  official: boolean;
  language: string;
  publishedAt: string;
}

const FILMS: Film[] = [
  {
    id: 348,
    imdb: 'tt0078748',
    title: 'Alien',
    date: '1979-05-25',
    runtime: 117,
    rating: 'R',
    tagline: 'In space no one can hear you scream.',
    overview:
      'The crew of the commercial towing ship Nostromo answers a distress call from a desolate moon and brings back a lifeform that hunts them one by one.',
    genres: [
      [27, 'Horror'],
      [878, 'Science Fiction'],
    ],
    companies: [
      [401, 'Brandywine Productions', 'US'],
      [25, '20th Century Fox', 'US'],
    ],
    countries: [
      ['GB', 'United Kingdom'],
      ['US', 'United States of America'],
    ],
    collection: [8091, 'Alien Collection'],
    directors: ['Ridley Scott'],
    writers: ["Dan O'Bannon"],
    cast: [
      ['Sigourney Weaver', 'Ellen Ripley'],
      ['Tom Skerritt', 'Dallas'],
      ['Veronica Cartwright', 'Lambert'],
      ['John Hurt', 'Kane'],
    ],
    keywords: ['spacecraft', 'android', 'alien life-form'],
    vote: [8.2, 15800],
    wikidata: 'Q103569',
  },
  {
    id: 603,
    imdb: 'tt0133093',
    title: 'The Matrix',
    date: '1999-03-31',
    runtime: 136,
    rating: 'R',
    tagline: 'Welcome to the Real World.',
    overview:
      'A hacker learns that the world he lives in is a simulation built by machines, and joins the rebels who fight to free humanity from it.',
    genres: [
      [28, 'Action'],
      [878, 'Science Fiction'],
    ],
    companies: [
      [79, 'Village Roadshow Pictures', 'US'],
      [174, 'Warner Bros. Pictures', 'US'],
    ],
    countries: [['US', 'United States of America']],
    collection: [2344, 'The Matrix Collection'],
    directors: ['Lana Wachowski', 'Lilly Wachowski'],
    writers: ['Lana Wachowski', 'Lilly Wachowski'],
    cast: [
      ['Keanu Reeves', 'Thomas A. Anderson / Neo'],
      ['Laurence Fishburne', 'Morpheus'],
      ['Carrie-Anne Moss', 'Trinity'],
      ['Hugo Weaving', 'Agent Smith'],
    ],
    keywords: ['simulated reality', 'dystopia', 'artificial intelligence'],
    vote: [8.2, 26500],
    wikidata: 'Q83495',
  },
  {
    id: 680,
    imdb: 'tt0110912',
    title: 'Pulp Fiction',
    date: '1994-09-10',
    runtime: 154,
    rating: 'R',
    tagline: "Just because you are a character doesn't mean you have character.",
    overview:
      'Two hitmen, a boxer, a gangster and his wife cross paths in four tales of violence and redemption in Los Angeles.',
    genres: [
      [53, 'Thriller'],
      [80, 'Crime'],
    ],
    companies: [
      [14, 'Miramax', 'US'],
      [59, 'A Band Apart', 'US'],
    ],
    countries: [['US', 'United States of America']],
    directors: ['Quentin Tarantino'],
    writers: ['Quentin Tarantino', 'Roger Avary'],
    cast: [
      ['John Travolta', 'Vincent Vega'],
      ['Samuel L. Jackson', 'Jules Winnfield'],
      ['Uma Thurman', 'Mia Wallace'],
      ['Bruce Willis', 'Butch Coolidge'],
    ],
    keywords: ['nonlinear timeline', 'hitman', 'drug overdose'],
    vote: [8.5, 28700],
    wikidata: 'Q104123',
  },
  {
    id: 78,
    imdb: 'tt0083658',
    title: 'Blade Runner',
    date: '1982-06-25',
    runtime: 117,
    rating: 'R',
    tagline: 'Man has made his match… now it’s his problem.',
    overview:
      'In a rain-soaked Los Angeles of 2019, a retired cop is ordered to hunt down four replicants who have returned to Earth looking for their maker.',
    genres: [
      [878, 'Science Fiction'],
      [18, 'Drama'],
      [53, 'Thriller'],
    ],
    companies: [
      [7965, 'The Ladd Company', 'US'],
      [1645, 'Shaw Brothers', 'HK'],
    ],
    countries: [
      ['US', 'United States of America'],
      ['HK', 'Hong Kong'],
    ],
    collection: [422837, 'Blade Runner Collection'],
    directors: ['Ridley Scott'],
    writers: ['Hampton Fancher', 'David Peoples'],
    cast: [
      ['Harrison Ford', 'Rick Deckard'],
      ['Rutger Hauer', 'Roy Batty'],
      ['Sean Young', 'Rachael'],
      ['Daryl Hannah', 'Pris'],
    ],
    keywords: ['android', 'cyberpunk', 'dystopia'],
    vote: [7.9, 14200],
    wikidata: 'Q184843',
  },
  {
    id: 13,
    imdb: 'tt0109830',
    title: 'Forrest Gump',
    date: '1994-06-23',
    runtime: 142,
    rating: 'PG-13',
    tagline: 'The world will never be the same once you’ve seen it through the eyes of Forrest Gump.',
    overview:
      'A kind man from Alabama with a low IQ drifts through three decades of American history while never forgetting his childhood sweetheart.',
    genres: [
      [35, 'Comedy'],
      [18, 'Drama'],
      [10749, 'Romance'],
    ],
    companies: [[4, 'Paramount Pictures', 'US']],
    countries: [['US', 'United States of America']],
    directors: ['Robert Zemeckis'],
    writers: ['Eric Roth'],
    cast: [
      ['Tom Hanks', 'Forrest Gump'],
      ['Robin Wright', 'Jenny Curran'],
      ['Gary Sinise', 'Lieutenant Dan Taylor'],
      ['Sally Field', 'Mrs. Gump'],
    ],
    keywords: ['vietnam war', 'running', 'based on novel or book'],
    vote: [8.5, 27900],
    wikidata: 'Q134773',
  },
  {
    id: 550,
    imdb: 'tt0137523',
    title: 'Fight Club',
    date: '1999-10-15',
    runtime: 139,
    rating: 'R',
    tagline: 'Mischief. Mayhem. Soap.',
    overview:
      'An insomniac office worker and a soap salesman start an underground fight club that grows into something far more dangerous.',
    genres: [[18, 'Drama']],
    companies: [
      [508, 'Regency Enterprises', 'US'],
      [711, 'Fox 2000 Pictures', 'US'],
    ],
    countries: [
      ['DE', 'Germany'],
      ['US', 'United States of America'],
    ],
    directors: ['David Fincher'],
    writers: ['Jim Uhls'],
    cast: [
      ['Edward Norton', 'Narrator'],
      ['Brad Pitt', 'Tyler Durden'],
      ['Helena Bonham Carter', 'Marla Singer'],
      ['Meat Loaf', 'Robert Paulson'],
    ],
    keywords: ['dual identity', 'insomnia', 'split personality'],
    vote: [8.4, 30100],
    wikidata: 'Q190050',
  },
  {
    id: 27205,
    imdb: 'tt1375666',
    title: 'Inception',
    date: '2010-07-15',
    runtime: 148,
    rating: 'PG-13',
    tagline: 'Your mind is the scene of the crime.',
    overview:
      'A thief who steals secrets from dreams is offered a way home if he can plant an idea in the mind of an heir instead.',
    genres: [
      [28, 'Action'],
      [878, 'Science Fiction'],
      [12, 'Adventure'],
    ],
    companies: [
      [923, 'Legendary Pictures', 'US'],
      [9996, 'Syncopy', 'GB'],
    ],
    countries: [
      ['GB', 'United Kingdom'],
      ['US', 'United States of America'],
    ],
    directors: ['Christopher Nolan'],
    writers: ['Christopher Nolan'],
    cast: [
      ['Leonardo DiCaprio', 'Dom Cobb'],
      ['Joseph Gordon-Levitt', 'Arthur'],
      ['Elliot Page', 'Ariadne'],
      ['Tom Hardy', 'Eames'],
    ],
    keywords: ['dream', 'subconscious', 'heist'],
    vote: [8.4, 37500],
    wikidata: 'Q25188',
  },
  {
    id: 157336,
    imdb: 'tt0816692',
    title: 'Interstellar',
    date: '2014-11-05',
    runtime: 169,
    rating: 'PG-13',
    tagline: 'Mankind was born on Earth. It was never meant to die here.',
    overview:
      'With crops failing on a dying Earth, a former pilot leads an expedition through a wormhole to find humanity a new home.',
    genres: [
      [12, 'Adventure'],
      [18, 'Drama'],
      [878, 'Science Fiction'],
    ],
    companies: [
      [923, 'Legendary Pictures', 'US'],
      [9996, 'Syncopy', 'GB'],
      [13769, 'Lynda Obst Productions', 'US'],
    ],
    countries: [
      ['GB', 'United Kingdom'],
      ['US', 'United States of America'],
    ],
    directors: ['Christopher Nolan'],
    writers: ['Jonathan Nolan', 'Christopher Nolan'],
    cast: [
      ['Matthew McConaughey', 'Cooper'],
      ['Anne Hathaway', 'Brand'],
      ['Jessica Chastain', 'Murph'],
      ['Michael Caine', 'Professor Brand'],
    ],
    keywords: ['wormhole', 'space travel', 'time dilation'],
    vote: [8.5, 36000],
    wikidata: 'Q13417189',
  },
  {
    id: 129,
    imdb: 'tt0245429',
    title: 'Spirited Away',
    original: ['千と千尋の神隠し', 'ja'],
    date: '2001-07-20',
    runtime: 125,
    rating: 'PG',
    tagline: 'The tunnel led Chihiro to a mysterious town…',
    overview:
      'A sullen ten-year-old wanders into a world of spirits, where she must work in a bathhouse to free herself and her parents.',
    genres: [
      [16, 'Animation'],
      [10751, 'Family'],
      [14, 'Fantasy'],
    ],
    companies: [[10342, 'Studio Ghibli', 'JP']],
    countries: [['JP', 'Japan']],
    directors: ['Hayao Miyazaki'],
    writers: ['Hayao Miyazaki'],
    cast: [
      ['Rumi Hiiragi', 'Chihiro Ogino (voice)'],
      ['Miyu Irino', 'Haku (voice)'],
      ['Mari Natsuki', 'Yubaba (voice)'],
    ],
    keywords: ['witch', 'bathhouse', 'spirit'],
    vote: [8.5, 17100],
    wikidata: 'Q155653',
  },
  {
    id: 238,
    imdb: 'tt0068646',
    title: 'The Godfather',
    date: '1972-03-14',
    runtime: 175,
    rating: 'R',
    tagline: "An offer you can't refuse.",
    overview: 'The ageing head of a New York crime family hands his empire to his reluctant youngest son.',
    genres: [
      [18, 'Drama'],
      [80, 'Crime'],
    ],
    companies: [
      [4, 'Paramount Pictures', 'US'],
      [10211, 'Alfran Productions', 'US'],
    ],
    countries: [['US', 'United States of America']],
    collection: [230, 'The Godfather Collection'],
    directors: ['Francis Ford Coppola'],
    writers: ['Mario Puzo', 'Francis Ford Coppola'],
    cast: [
      ['Marlon Brando', 'Don Vito Corleone'],
      ['Al Pacino', 'Michael Corleone'],
      ['James Caan', 'Sonny Corleone'],
      ['Diane Keaton', 'Kay Adams'],
    ],
    keywords: ['mafia', 'crime family', 'patriarch'],
    vote: [8.7, 21000],
    wikidata: 'Q47703',
  },
  {
    id: 105,
    imdb: 'tt0088763',
    title: 'Back to the Future',
    date: '1985-07-03',
    runtime: 116,
    rating: 'PG',
    tagline: "He's the only kid ever to get into trouble before he was born.",
    overview:
      'A teenager is sent thirty years into the past in a time-travelling DeLorean and must make his parents fall in love to get back.',
    genres: [
      [12, 'Adventure'],
      [35, 'Comedy'],
      [878, 'Science Fiction'],
    ],
    companies: [
      [33, 'Universal Pictures', 'US'],
      [56, 'Amblin Entertainment', 'US'],
    ],
    countries: [['US', 'United States of America']],
    collection: [264, 'Back to the Future Collection'],
    directors: ['Robert Zemeckis'],
    writers: ['Robert Zemeckis', 'Bob Gale'],
    cast: [
      ['Michael J. Fox', 'Marty McFly'],
      ['Christopher Lloyd', 'Dr. Emmett Brown'],
      ['Lea Thompson', 'Lorraine Baines'],
      ['Crispin Glover', 'George McFly'],
    ],
    keywords: ['time travel', 'delorean', 'high school'],
    vote: [8.3, 20400],
    wikidata: 'Q91540',
  },
  {
    id: 194,
    imdb: 'tt0211915',
    title: 'Amélie',
    original: ["Le Fabuleux Destin d'Amélie Poulain", 'fr'],
    date: '2001-04-25',
    runtime: 122,
    rating: 'R',
    tagline: 'One person can change your life forever.',
    overview:
      'A shy Parisian waitress decides to quietly change the lives of the people around her for the better, while struggling with her own isolation.',
    genres: [
      [35, 'Comedy'],
      [10749, 'Romance'],
    ],
    companies: [
      [5376, 'Victoires Productions', 'FR'],
      [83, 'UGC', 'FR'],
    ],
    countries: [
      ['FR', 'France'],
      ['DE', 'Germany'],
    ],
    directors: ['Jean-Pierre Jeunet'],
    writers: ['Guillaume Laurant', 'Jean-Pierre Jeunet'],
    cast: [
      ['Audrey Tautou', 'Amélie Poulain'],
      ['Mathieu Kassovitz', 'Nino Quincampoix'],
      ['Rufus', 'Raphaël Poulain'],
    ],
    keywords: ['paris', 'waitress', 'shyness'],
    vote: [7.9, 11300],
    wikidata: 'Q484048',
  },
];

/** A stable 27-character TMDB-style file name for a key. */
function tmdbFileName(key: string, ext: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = createHash('sha256').update(key).digest();
  let name = '';
  for (let i = 0; i < 27; i++) name += alphabet[bytes[i]! % alphabet.length];
  return `/${name}.${ext}`;
}

/**
 * Each film's artwork. The numbers are chosen so the ranked walk meets the interesting cases
 * within the default limits (3 posters, 4 fanart): the best poster's byte-identical twin and a
 * resized copy of it rank right behind it, and the second-best backdrop is a re-encode of the best.
 */
function artwork(id: number): DemoImage[] {
  const images: DemoImage[] = [];
  const add = (
    key: string,
    kind: ImageKind,
    w: number,
    h: number,
    language: string | null,
    vote: [number, number],
    variantOf?: [string, 'identical' | 'reencoded' | 'resized'],
  ) => {
    const original = variantOf
      ? images.find((i) => i.filePath === tmdbFileName(`${id}-${variantOf[0]}`, kind === 'logo' ? 'png' : 'jpg'))
      : undefined;
    images.push({
      kind,
      provider: 'tmdb',
      filePath: tmdbFileName(`${id}-${key}`, kind === 'logo' ? 'png' : 'jpg'),
      width: w,
      height: h,
      language,
      voteAverage: vote[0],
      voteCount: vote[1],
      seed: original?.seed ?? `${id}-${key}`,
      ...(original && variantOf ? { variantOf: { filePath: original.filePath, how: variantOf[1] } } : {}),
    });
  };
  add('poster-1', 'poster', 1000, 1500, 'en', [5.8, 60]);
  add('poster-1-twin', 'poster', 1000, 1500, null, [5.4, 30], ['poster-1', 'identical']);
  add('poster-1-small', 'poster', 500, 750, 'en', [5.6, 50], ['poster-1', 'resized']);
  add('poster-2', 'poster', 1000, 1500, null, [5.0, 10]);
  add('poster-3', 'poster', 1000, 1500, 'en', [5.1, 24]);
  add('poster-4', 'poster', 680, 1000, 'en', [5.3, 4]);
  add('poster-de', 'poster', 1000, 1500, 'de', [5.5, 12]);
  add('poster-fr', 'poster', 1000, 1500, 'fr', [5.2, 8]);
  add('backdrop-1', 'backdrop', 1920, 1080, null, [5.7, 40]);
  add('backdrop-1-reencoded', 'backdrop', 1920, 1080, null, [5.5, 22], ['backdrop-1', 'reencoded']);
  add('backdrop-2', 'backdrop', 1920, 1080, 'en', [5.4, 18]);
  add('backdrop-3', 'backdrop', 1920, 1080, null, [5.2, 10]);
  add('backdrop-4', 'backdrop', 1280, 720, null, [5.3, 6]);
  add('backdrop-5', 'backdrop', 1920, 1080, null, [5.0, 2]);
  add('backdrop-de', 'backdrop', 1920, 1080, 'de', [5.6, 9]);
  add('logo-en', 'logo', 800, 310, 'en', [5.4, 12]);
  add('logo-de', 'logo', 800, 310, 'de', [5.2, 3]);
  // Amélie has nothing on Fanart.tv: its 404 is a normal answer.
  if (id === 194) return images;
  const fanart = (
    field: FanartField,
    n: number,
    w: number,
    h: number,
    lang: string,
    likes: number,
    variantOf?: string,
  ) => {
    const key = `${id}-fanart-${field}-${n}`;
    const ext = ['hdmovielogo', 'hdmovieclearart', 'moviedisc'].includes(field) ? 'png' : 'jpg';
    const original = variantOf ? images.find((i) => i.seed === `${id}-${variantOf}` && !i.variantOf) : undefined;
    const fanartId = String(100000 + (createHash('sha256').update(key).digest().readUInt32BE(0) % 900000));
    images.push({
      kind: ext === 'png' ? 'logo' : field === 'movieposter' ? 'poster' : 'backdrop',
      provider: 'fanart.tv',
      filePath: `/movies/${id}/${field}/${tmdbFileName(key, ext).slice(1)}`,
      width: w,
      height: h,
      language: lang === '00' ? null : lang,
      voteAverage: 0,
      voteCount: likes,
      seed: original?.seed ?? key,
      fanart: { field, id: fanartId, likes },
      ...(original ? { variantOf: { filePath: original.filePath, how: 'resized' as const } } : {}),
    });
  };
  fanart('movieposter', 1, 1000, 1426, 'en', 12);
  // The same picture as TMDB's best poster, resized by another provider: a cross-provider near-duplicate.
  fanart('movieposter', 2, 1000, 1426, 'en', 8, 'poster-1');
  fanart('moviebackground', 1, 1920, 1080, '00', 5);
  fanart('moviebackground', 2, 1920, 1080, '00', 2);
  fanart('hdmovielogo', 1, 800, 310, 'en', 6);
  fanart('hdmovieclearart', 1, 1000, 562, 'en', 3);
  fanart('moviedisc', 1, 1000, 1000, 'en', 2);
  fanart('moviebanner', 1, 1000, 185, 'en', 1);
  fanart('moviethumb', 1, 1000, 562, 'en', 2);
  return images;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OMDb's answer for a film, in OMDb's string-typed shape. */
function omdb(f: Film): Record<string, unknown> {
  const [y, m, d] = f.date.split('-');
  return {
    Title: f.title,
    Year: y,
    Rated: f.rating,
    Released: `${d} ${MONTHS[Number(m) - 1]} ${y}`,
    Runtime: `${f.runtime} min`,
    Genre: f.genres.map(([, g]) => g).join(', '),
    Director: f.directors.join(', '),
    Writer: f.writers.join(', '),
    Actors: f.cast
      .map(([n]) => n)
      .slice(0, 3)
      .join(', '),
    Plot: `A ${f.genres[0]![1].toLowerCase()} film by ${f.directors.join(' and ')}.`,
    Language: f.original?.[1] === 'ja' ? 'Japanese' : f.original?.[1] === 'fr' ? 'French' : 'English',
    Country: f.countries.map(([, c]) => c).join(', '),
    Awards: `${Math.round(f.vote[0] * 2)} wins & ${Math.round(f.vote[1] / 500)} nominations`,
    Poster: 'N/A',
    Ratings: [
      { Source: 'Internet Movie Database', Value: `${(f.vote[0] + 0.1).toFixed(1)}/10` },
      { Source: 'Rotten Tomatoes', Value: `${Math.min(99, Math.round(f.vote[0] * 11))}%` },
      { Source: 'Metacritic', Value: `${Math.round(f.vote[0] * 10) - 3}/100` },
    ],
    Metascore: String(Math.round(f.vote[0] * 10) - 3),
    imdbRating: (f.vote[0] + 0.1).toFixed(1),
    imdbVotes: (f.vote[1] * 61).toLocaleString('en-US'),
    imdbID: f.imdb,
    Type: 'movie',
    DVD: 'N/A',
    BoxOffice: 'N/A',
    Production: 'N/A',
    Website: 'N/A',
    Response: 'True',
  };
}

const personId = (name: string) => createHash('sha256').update(name).digest().readUInt32BE(0) % 5_000_000;

/** A person's TMDB headshot path: one per person, whichever film lists them. */
export const profilePath = (name: string) => tmdbFileName(`person-${name}`, 'jpg');

function details(f: Film, images: DemoImage[]): DemoMovie['details'] {
  const tmdbImages = images.filter((i) => i.provider === 'tmdb');
  const tmdbImage = (i: DemoImage) => ({
    aspect_ratio: Math.round((i.width / i.height) * 1000) / 1000,
    height: i.height,
    iso_639_1: i.language,
    file_path: i.filePath,
    vote_average: i.voteAverage,
    vote_count: i.voteCount,
    width: i.width,
  });
  const crew = [
    ...f.directors.map((name) => ({ name, job: 'Director', department: 'Directing' })),
    ...f.writers.map((name) => ({ name, job: 'Screenplay', department: 'Writing' })),
  ];
  return {
    adult: false,
    id: f.id,
    imdb_id: f.imdb,
    title: f.title,
    original_title: f.original?.[0] ?? f.title,
    original_language: f.original?.[1] ?? 'en',
    overview: f.overview,
    tagline: f.tagline,
    release_date: f.date,
    runtime: f.runtime,
    status: 'Released',
    budget: 0,
    revenue: 0,
    homepage: '',
    popularity: Math.round(f.vote[1] / 100) / 10,
    vote_average: f.vote[0],
    vote_count: f.vote[1],
    genres: f.genres.map(([id, name]) => ({ id, name })),
    production_companies: f.companies.map(([id, name, country]) => ({
      id,
      name,
      logo_path: null,
      origin_country: country,
    })),
    production_countries: f.countries.map(([iso_3166_1, name]) => ({ iso_3166_1, name })),
    belongs_to_collection: f.collection ? { id: f.collection[0], name: f.collection[1] } : null,
    credits: {
      cast: f.cast.map(([name, character], order) => ({
        id: personId(name),
        name,
        character,
        order,
        profile_path: f.headshots?.has(name) ? profilePath(name) : null,
        gender: 0,
        known_for_department: 'Acting',
        popularity: 10,
      })),
      crew: crew.map((c) => ({
        id: personId(c.name),
        ...c,
        profile_path: null,
        gender: 0,
        known_for_department: c.department,
        popularity: 5,
      })),
    },
    external_ids: { imdb_id: f.imdb, wikidata_id: f.wikidata, facebook_id: null, instagram_id: null, twitter_id: null },
    release_dates: {
      results: [
        { iso_3166_1: 'US', release_dates: [{ certification: f.rating, type: 3 }] },
        { iso_3166_1: 'DE', release_dates: [{ certification: '16', type: 3 }] },
      ],
    },
    keywords: { keywords: f.keywords.map((name) => ({ id: personId(name), name })) },
    videos: {
      results: (
        f.trailers ?? [
          {
            key: tmdbFileName(`${f.id}-yt`, 'x').slice(1, 12),
            name: `${f.title} - Official Trailer`,
            official: true,
            language: 'en',
            publishedAt: `${f.date}T00:00:00.000Z`,
          },
        ]
      ).map((t) => ({
        id: createHash('sha256').update(`${f.id}-trailer-${t.key}`).digest('hex').slice(0, 24),
        key: t.key,
        name: t.name,
        site: t.site ?? 'YouTube',
        size: 1080,
        type: 'Trailer',
        official: t.official,
        published_at: t.publishedAt,
        iso_639_1: t.language,
        iso_3166_1: 'US',
      })),
    },
    images: {
      posters: tmdbImages.filter((i) => i.kind === 'poster').map(tmdbImage),
      backdrops: tmdbImages.filter((i) => i.kind === 'backdrop').map(tmdbImage),
      logos: tmdbImages.filter((i) => i.kind === 'logo').map(tmdbImage),
    },
  };
}

export const demoMovies: readonly DemoMovie[] = FILMS.map((f) => {
  const images = artwork(f.id);
  return { details: details(f, images), images, omdb: omdb(f) };
});

/**
 * Twenty-eight more (invented) films for load tests that need up to forty movies at once; `npm start`'s
 * demo registers only the dozen real ones.
 */
export const extraMovies: readonly DemoMovie[] = Array.from({ length: 28 }, (_, i): Film => {
  const n = i + 1;
  return {
    id: 900_000 + n,
    imdb: `tt99${String(n).padStart(5, '0')}`,
    title: `Test Pattern ${n}`,
    date: `${1990 + n}-0${(n % 9) + 1}-1${n % 10}`,
    runtime: 90 + n,
    rating: n % 2 ? 'PG-13' : 'R',
    tagline: `Number ${n} of twenty-eight.`,
    overview: `An invented film, number ${n}, that exists so load tests have enough movies to enrich.`,
    genres: [[18, 'Drama']],
    companies: [[1, 'Fake Pictures', 'US']],
    countries: [['US', 'United States of America']],
    directors: [`Director ${n}`],
    writers: [`Writer ${n}`],
    cast: [[`Actor ${n}`, `Role ${n}`]],
    keywords: ['test'],
    vote: [6 + (n % 3), 100 * n],
    wikidata: `Q9${n}`,
  };
}).map((f, i, films) => {
  const images = artwork(f.id);
  // Films 2, 4, …: their best poster and backdrop are byte-identical copies of the previous
  // film's, at their own URLs (artwork shared between items: one cached file, two references).
  if (i % 2 === 1) images.push(...sharedArtwork(films[i - 1]!.id, f.id));
  return { details: details(f, images), images, omdb: omdb(f) };
});

function sharedArtwork(fromId: number, toId: number): DemoImage[] {
  return artwork(fromId)
    .filter((img) => img.seed === `${fromId}-poster-1` || img.seed === `${fromId}-backdrop-1`)
    .filter((img) => !img.variantOf)
    .map((img) => ({
      ...img,
      filePath: tmdbFileName(`${toId}-shared-${img.kind}`, 'jpg'),
      voteAverage: 9,
      voteCount: 500,
      variantOf: { filePath: img.filePath, how: 'identical' as const },
    }));
}

/**
 * Two films of the same title, years apart: a folder named with the wrong year is matched to the
 * wrong one, as happens with remakes, and the user re-identifies it. Found by search and id, not
 * part of the demo's dozen.
 */
export const sameTitleMovies: readonly DemoMovie[] = (
  [
    {
      id: 593,
      imdb: 'tt0069293',
      title: 'Solaris',
      original: ['Солярис', 'ru'],
      date: '1972-03-20',
      runtime: 167,
      rating: 'PG',
      tagline: 'The planet remembers.',
      overview:
        'A psychologist is sent to a space station orbiting an ocean planet, where the crew are visited by people from their past.',
      genres: [
        [18, 'Drama'],
        [878, 'Science Fiction'],
        [9648, 'Mystery'],
      ],
      companies: [[5120, 'Mosfilm', 'SU']],
      countries: [['SU', 'Soviet Union']],
      directors: ['Andrei Tarkovsky'],
      writers: ['Fridrikh Gorenshteyn', 'Andrei Tarkovsky'],
      cast: [
        ['Natalya Bondarchuk', 'Hari'],
        ['Donatas Banionis', 'Kris Kelvin'],
        ['Jüri Järvet', 'Snaut'],
        ['Anatoly Solonitsyn', 'Sartorius'],
      ],
      keywords: ['space station', 'ocean', 'based on novel or book'],
      vote: [7.9, 2100],
      wikidata: 'Q211329',
    },
    {
      id: 2103,
      imdb: 'tt0307479',
      title: 'Solaris',
      date: '2002-11-27',
      runtime: 99,
      rating: 'PG-13',
      tagline: 'How far will you go to get back the one you love?',
      overview:
        'A troubled psychologist is sent to a station orbiting a distant planet to find out what happened to its crew, and meets his late wife there.',
      genres: [
        [18, 'Drama'],
        [878, 'Science Fiction'],
        [10749, 'Romance'],
      ],
      companies: [
        [574, 'Lightstorm Entertainment', 'US'],
        [25, '20th Century Fox', 'US'],
      ],
      countries: [['US', 'United States of America']],
      directors: ['Steven Soderbergh'],
      writers: ['Steven Soderbergh'],
      cast: [
        ['George Clooney', 'Chris Kelvin'],
        ['Natascha McElhone', 'Rheya'],
        ['Jeremy Davies', 'Snow'],
        ['Viola Davis', 'Gordon'],
      ],
      keywords: ['space station', 'grief', 'based on novel or book'],
      vote: [6.2, 1900],
      wikidata: 'Q1092410',
    },
  ] satisfies Film[]
).map((f) => {
  const images = artwork(f.id);
  return { details: details(f, images), images, omdb: omdb(f) };
});

/** Who in the ensemble films has no headshot file although TMDB names one: its URL answers 404. */
export const MISSING_HEADSHOT = 'Ensemble Player 7';

/**
 * Two invented films with large casts and headshots: the first lists thirty people, the second
 * shares ten of them (one headshot file per person, whichever film asks), and some names hold
 * characters a file name cannot.
 */
export const ensembleMovies: readonly DemoMovie[] = [930_001, 930_002].map((id, i): DemoMovie => {
  const players = Array.from({ length: 30 }, (_, n) => `Ensemble Player ${n + 1}`);
  players[2] = 'Dwayne "The Rock" Smith';
  players[4] = 'AC/DC: Live?';
  const cast: [string, string][] =
    i === 0
      ? players.map((name, n) => [name, `Part ${n + 1}`])
      : [
          ...players.slice(0, 10).map((name, n): [string, string] => [name, `Sequel part ${n + 1}`]),
          ...Array.from({ length: 5 }, (_, n): [string, string] => [`Newcomer ${n + 1}`, `New part ${n + 1}`]),
        ];
  const film: Film = {
    id,
    imdb: `tt97${String(i + 1).padStart(5, '0')}`,
    title: i === 0 ? 'Ensemble Piece' : 'Ensemble Piece II',
    date: i === 0 ? '2011-04-01' : '2014-04-01',
    runtime: 120,
    rating: 'PG-13',
    tagline: 'Everyone is in it.',
    overview: 'An invented film with a cast large enough to test headshots.',
    genres: [[18, 'Drama']],
    companies: [[1, 'Fake Pictures', 'US']],
    countries: [['US', 'United States of America']],
    directors: ['Director E'],
    writers: ['Writer E'],
    cast,
    headshots: new Set(cast.map(([name]) => name)),
    keywords: ['ensemble'],
    vote: [7, 300],
    wikidata: `Q97${i + 1}`,
  };
  const images = artwork(id);
  return { details: details(film, images), images, omdb: omdb(film) };
});

/** The headshot files of the ensemble films' cast, but the missing one. */
const headshotImages: DemoImage[] = [
  ...new Set(ensembleMovies.flatMap((m) => m.details.credits!.cast.map((c) => c.name))),
]
  .filter((name) => name !== MISSING_HEADSHOT)
  .map((name) => ({
    kind: 'profile',
    provider: 'tmdb',
    filePath: profilePath(name),
    width: 300,
    height: 450,
    language: null,
    voteAverage: 5,
    voteCount: 1,
    seed: `person-${name}`,
  }));

/**
 * Invented films whose trailers exercise the fake video site: "Trailer Trouble" lists one video
 * for each way a trailer fails (see FAKE_VIDEOS) besides a good one and a German teaser; "Long
 * Trailer" and "Slow Trailer" have one trailer of 200 MB each, the second served slowly.
 */
export const trailerMovies: readonly DemoMovie[] = (
  [
    [
      940_001,
      'Trailer Trouble',
      [
        ['tp-gone', true, 'en', '2020-06-09'],
        ['tp-geo', true, 'en', '2020-06-08'],
        ['tp-broken', true, 'en', '2020-06-07'],
        ['tp-busy', true, 'en', '2020-06-06'],
        ['tp-age', true, 'en', '2020-06-05'],
        ['tp-good', true, 'en', '2020-06-01'],
        ['tp-teaser-de', false, 'de', '2020-07-01'],
        ['tp-oops', false, 'en', '2020-05-01'],
        ['tp-elsewhere', false, 'en', '2020-04-01', 'Dailymotion'],
      ],
    ],
    [940_002, 'Long Trailer', [['big-200mb', true, 'en', '2021-01-01']]],
    [940_003, 'Slow Trailer', [['slow-200mb', true, 'en', '2021-01-01']]],
  ] as [number, string, [string, boolean, string, string, FilmTrailer['site']?][]][]
).map(([id, title, videos], i): DemoMovie => {
  const film: Film = {
    id,
    imdb: `tt96${String(i + 1).padStart(5, '0')}`,
    title,
    date: '2020-09-01',
    runtime: 100,
    rating: 'PG',
    tagline: 'Coming soon.',
    overview: 'An invented film whose trailers test the trailer step.',
    genres: [[18, 'Drama']],
    companies: [[1, 'Fake Pictures', 'US']],
    countries: [['US', 'United States of America']],
    directors: ['Director T'],
    writers: ['Writer T'],
    cast: [['Trailer Actor', 'Lead']],
    keywords: ['trailer'],
    vote: [6, 100],
    wikidata: `Q96${i + 1}`,
    trailers: videos.map(([key, official, language, date, site]) => ({
      key,
      site,
      name: `${title} - ${official ? 'Official Trailer' : 'Trailer'} (${key})`,
      official,
      language,
      publishedAt: `${date}T00:00:00.000Z`,
    })),
  };
  const images = artwork(id);
  return { details: details(film, images), images, omdb: omdb(film) };
});

const allMovies = [...demoMovies, ...extraMovies, ...sameTitleMovies, ...ensembleMovies, ...trailerMovies];

/**
 * Generated films for benchmarks and chaos runs that need hundreds of distinct films: TMDB ids
 * 910001–919999 (IMDb `tt98nnnnn`), each made on first request with artwork of its own.
 */
export const GENERATED_FIRST_ID = 910_001;
export const GENERATED_LAST_ID = 919_999;
const generated = new Map<number, DemoMovie>();

function generatedMovie(tmdbId: number): DemoMovie | undefined {
  if (!Number.isInteger(tmdbId) || tmdbId < GENERATED_FIRST_ID || tmdbId > GENERATED_LAST_ID) return undefined;
  let movie = generated.get(tmdbId);
  if (movie) return movie;
  const n = tmdbId - GENERATED_FIRST_ID + 1;
  const film: Film = {
    id: tmdbId,
    imdb: `tt98${String(n).padStart(5, '0')}`,
    title: `Generated Film ${n}`,
    date: `${1950 + (n % 70)}-0${(n % 9) + 1}-1${n % 10}`,
    runtime: 80 + (n % 60),
    rating: n % 2 ? 'PG' : 'R',
    tagline: `Generated number ${n}.`,
    overview: `A generated film, number ${n}, so runs with hundreds of films have distinct artwork.`,
    genres: [[n % 2 ? 18 : 35, n % 2 ? 'Drama' : 'Comedy']],
    companies: [[2, 'Generated Pictures', 'US']],
    countries: [['US', 'United States of America']],
    directors: [`Director G${n}`],
    writers: [`Writer G${n}`],
    cast: [
      [`Actor G${n}`, `Role ${n}`],
      [`Actor G${n + 1}`, `Role ${n + 1}`],
    ],
    keywords: ['generated'],
    vote: [5 + (n % 5), 10 * n],
    wikidata: `Q98${n}`,
  };
  const images = artwork(tmdbId);
  movie = { details: details(film, images), images, omdb: omdb(film) };
  generated.set(tmdbId, movie);
  for (const i of images) imagesByPath.set(i.filePath, i);
  return movie;
}

export function findDemoMovie(tmdbId: number): DemoMovie | undefined {
  return allMovies.find((m) => m.details.id === tmdbId) ?? generatedMovie(tmdbId);
}

export function findDemoMovieByImdbId(imdbId: string): DemoMovie | undefined {
  const m = /^tt98(\d{5})$/.exec(imdbId);
  if (m) return generatedMovie(GENERATED_FIRST_ID + Number(m[1]) - 1);
  return allMovies.find((movie) => movie.details.imdb_id === imdbId);
}

/** The films the fake providers list in searches (generated films are found by id only). */
export const knownMovies: readonly DemoMovie[] = allMovies;

const imagesByPath = new Map(
  [...allMovies.flatMap((m) => m.images), ...headshotImages].map((i) => [i.filePath, i] as const),
);
/** Every image by its file path, for the image routes (a generated film's once it was asked for). */
export const demoImagesByPath: ReadonlyMap<string, DemoImage> = imagesByPath;
