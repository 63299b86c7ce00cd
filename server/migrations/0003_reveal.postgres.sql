-- Whether the organiser shows the room's results on the live view (off until they choose).
ALTER TABLE events ADD COLUMN revealed boolean NOT NULL DEFAULT false;
