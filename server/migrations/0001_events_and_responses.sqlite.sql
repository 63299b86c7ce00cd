-- Events and their responses. A response row holds its event, its id and the record's bytes:
-- no address, user agent or time. seq (never reused) gives the order of storage.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  questionnaire TEXT NOT NULL,
  questionnaire_hash TEXT NOT NULL,
  languages TEXT NOT NULL,            -- JSON array of language codes
  origins TEXT NOT NULL,              -- JSON array of allowed CORS origins
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  organiser_token_hash TEXT NOT NULL
);
CREATE TABLE responses (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  response_id TEXT NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (event_id, response_id)
);
