-- Events and their responses. A response row holds its event, its id and the record's bytes:
-- no address, user agent or time. seq gives the order of storage.
CREATE TABLE events (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  questionnaire text NOT NULL,
  questionnaire_hash text NOT NULL,
  languages text NOT NULL,            -- JSON array of language codes
  origins text NOT NULL,              -- JSON array of allowed CORS origins
  state text NOT NULL CHECK (state IN ('open', 'closed')),
  organiser_token_hash text NOT NULL
);
CREATE TABLE responses (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  response_id text NOT NULL,
  record text NOT NULL,
  UNIQUE (event_id, response_id)
);
