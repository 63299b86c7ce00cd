-- An event's responses in storage order without a sort: exports and the live count page through it.
CREATE INDEX responses_by_event_seq ON responses (event_id, seq);
