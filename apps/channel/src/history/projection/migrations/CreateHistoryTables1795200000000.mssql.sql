-- CreateHistoryTables1795200000000 (mssql), generated from history.tables.ts: do not edit. After changing the code: PARLEY_WRITE_SQL=1 npx jest apps/channel/src/history/projection/history.migration.spec.ts

CREATE TABLE history_categories (category_id nvarchar(128) NOT NULL PRIMARY KEY, chat_history bit NOT NULL);

CREATE TABLE history_rooms (room_id nvarchar(128) NOT NULL PRIMARY KEY, category_id nvarchar(128) NOT NULL, name nvarchar(256) NOT NULL,
  privacy nvarchar(16) NOT NULL, room_type nvarchar(16) NOT NULL, members nvarchar(max) NOT NULL, managers nvarchar(max) NOT NULL,
  presenters nvarchar(max) NOT NULL, disabled bit NOT NULL, removed bit NOT NULL, changed_seq bigint NOT NULL);

CREATE INDEX history_rooms_changed ON history_rooms (changed_seq);

CREATE TABLE history_messages (stream_seq bigint NOT NULL, room_id nvarchar(128) NOT NULL, seq bigint NOT NULL, author_id nvarchar(128) NOT NULL, posted_at datetime2(3) NOT NULL,
  text nvarchar(max) NULL, story_title nvarchar(256) NULL, story_body nvarchar(max) NULL, alert bit NOT NULL,
  edit_count int NOT NULL, edited_at datetime2(3) NULL, redacted bit NOT NULL, removed bit NOT NULL,
  file_id nvarchar(128) NULL, file_name nvarchar(256) NULL, file_size bigint NULL, file_type nvarchar(256) NULL, PRIMARY KEY (room_id, seq));

CREATE UNIQUE INDEX history_messages_stream ON history_messages (stream_seq);

CREATE INDEX history_messages_author ON history_messages (author_id, stream_seq);

CREATE TABLE history_search (stream_seq bigint NOT NULL PRIMARY KEY, body nvarchar(max) NOT NULL);

-- Then, outside any transaction (at start-up and after each rebuild), from mssql-fulltext.ts:

IF NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = N'parley_history') CREATE FULLTEXT CATALOG parley_history;

IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'history_search'))
   BEGIN
     DECLARE @key sysname = (SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID(N'history_search') AND is_primary_key = 1);
     DECLARE @ddl nvarchar(max) = N'CREATE FULLTEXT INDEX ON history_search (body LANGUAGE 0) KEY INDEX ' + QUOTENAME(@key) + N' ON parley_history WITH CHANGE_TRACKING AUTO';
     EXEC (@ddl);
   END;
