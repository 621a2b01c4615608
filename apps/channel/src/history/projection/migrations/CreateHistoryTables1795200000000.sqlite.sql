-- CreateHistoryTables1795200000000 (sqlite), generated from history.tables.ts: do not edit. After changing the code: PARLEY_WRITE_SQL=1 npx jest apps/channel/src/history/projection/history.migration.spec.ts

CREATE TABLE history_categories (category_id text NOT NULL PRIMARY KEY, chat_history boolean NOT NULL);

CREATE TABLE history_rooms (room_id text NOT NULL PRIMARY KEY, category_id text NOT NULL, name text NOT NULL,
  privacy text NOT NULL, room_type text NOT NULL, members text NOT NULL, managers text NOT NULL,
  presenters text NOT NULL, disabled boolean NOT NULL, removed boolean NOT NULL, changed_seq bigint NOT NULL);

CREATE INDEX history_rooms_changed ON history_rooms (changed_seq);

CREATE TABLE history_messages (stream_seq INTEGER PRIMARY KEY, room_id text NOT NULL, seq bigint NOT NULL, author_id text NOT NULL, posted_at text NOT NULL,
  text text NULL, story_title text NULL, story_body text NULL, alert boolean NOT NULL,
  edit_count integer NOT NULL, edited_at text NULL, redacted boolean NOT NULL, removed boolean NOT NULL,
  file_id text NULL, file_name text NULL, file_size bigint NULL, file_type text NULL);

CREATE UNIQUE INDEX history_messages_room_seq ON history_messages (room_id, seq);

CREATE INDEX history_messages_author ON history_messages (author_id, stream_seq);

CREATE VIRTUAL TABLE history_search USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
