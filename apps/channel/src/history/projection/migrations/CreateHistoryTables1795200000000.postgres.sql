-- CreateHistoryTables1795200000000 (postgres), generated from history.tables.ts: do not edit. After changing the code: PARLEY_WRITE_SQL=1 npx jest apps/channel/src/history/projection/history.migration.spec.ts

CREATE TABLE history_categories (category_id varchar(128) NOT NULL PRIMARY KEY, chat_history boolean NOT NULL);

CREATE TABLE history_rooms (room_id varchar(128) NOT NULL PRIMARY KEY, category_id varchar(128) NOT NULL, name varchar(256) NOT NULL,
  privacy varchar(16) NOT NULL, room_type varchar(16) NOT NULL, members text NOT NULL, managers text NOT NULL,
  presenters text NOT NULL, disabled boolean NOT NULL, removed boolean NOT NULL, changed_seq bigint NOT NULL);

CREATE INDEX history_rooms_changed ON history_rooms (changed_seq);

CREATE TABLE history_messages (stream_seq bigint NOT NULL, room_id varchar(128) NOT NULL, seq bigint NOT NULL, author_id varchar(128) NOT NULL, posted_at timestamptz NOT NULL,
  text text NULL, story_title varchar(256) NULL, story_body text NULL, alert boolean NOT NULL,
  edit_count integer NOT NULL, edited_at timestamptz NULL, redacted boolean NOT NULL, removed boolean NOT NULL,
  file_id varchar(128) NULL, file_name varchar(256) NULL, file_size bigint NULL, file_type varchar(256) NULL, PRIMARY KEY (room_id, seq));

CREATE UNIQUE INDEX history_messages_stream ON history_messages (stream_seq);

CREATE INDEX history_messages_author ON history_messages (author_id, stream_seq);

CREATE TABLE history_search (stream_seq bigint NOT NULL PRIMARY KEY, body tsvector NOT NULL);

CREATE INDEX history_search_body ON history_search USING gin (body);
