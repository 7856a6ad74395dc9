-- Applied to every shard (comments_shard_0, comments_shard_1, ...): each holds the comments of the
-- skus the hash ring gives it.

-- Which shard this database is, stamped by the service on first use and checked at every start, so
-- a reordered SHARD_URLS stops the service instead of writing to the wrong shard.
CREATE TABLE shard_identity (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  shard_index integer NOT NULL CHECK (shard_index >= 0)
);

-- Comment ids are nextval(comment_seq) * 16384 + slot, where slot (0..16383) is the sku's place on
-- the hash ring: the id names the slot, and the slot the shard.
CREATE SEQUENCE comment_seq;

CREATE TABLE comments (
  id         bigint PRIMARY KEY CHECK (id > 0),
  user_id    bigint NOT NULL CHECK (user_id > 0),
  sku        bigint NOT NULL CHECK (sku > 0),
  text       text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 255),
  -- Milliseconds, as the API shows them; the keyset paging compares these exact values.
  created_at timestamptz(3) NOT NULL
);
-- Serves CommentListBySKU: one sku newest first, ties by user id then id, resumed from a keyset cursor.
CREATE INDEX comments_sku_created_idx ON comments (sku, created_at DESC, user_id, id DESC);
-- Serves CommentListByUser: one user's comments on this shard, newest first.
CREATE INDEX comments_user_created_idx ON comments (user_id, created_at DESC, id DESC);
