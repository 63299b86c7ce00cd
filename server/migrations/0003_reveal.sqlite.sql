-- Whether the organiser shows the room's results on the live view (off until they choose).
ALTER TABLE events ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1));
